"""Watching feeds: RSS, Atom and JSON Feed, conditional requests, new entries only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.ingest.fetch import FetchPolicy, client
from claimledger.store import open_store
from claimledger.store.sqlite import SQLiteStore
from claimledger.watch import parse_every, poll, read_feed_list, watch

FAST = FetchPolicy(timeout=2.0, deadline=5.0)


def rss(site, numbers: list[int]) -> bytes:  # type: ignore[no-untyped-def]
    items = "".join(
        f"<item><title>Homes {n}</title><link>{site.url(f'/articles/{n}.html')}</link>"
        f"<guid>urn:homes:{n}</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
        for n in numbers)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Council</title>'
            f"<link>{site.base}</link>{items}</channel></rss>").encode()


def atom(site, numbers: list[int]) -> bytes:  # type: ignore[no-untyped-def]
    entries = "".join(
        f"<entry><title>Homes {n}</title><id>urn:homes:{n}</id>"
        f'<link href="/articles/{n}.html"/><updated>2024-03-05T10:00:00Z</updated></entry>'
        for n in numbers)
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Council</title><id>urn:council</id>"
            f"<updated>2024-03-05T10:00:00Z</updated>{entries}</feed>").encode()


def json_feed(site, numbers: list[int]) -> bytes:  # type: ignore[no-untyped-def]
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Council",
        "items": [{"id": f"urn:homes:{n}", "url": site.url(f"/articles/{n}.html"),
                   "title": f"Homes {n}"} for n in numbers],
    }).encode()


@pytest.fixture
def ledger(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = SQLiteStore(tmp_path / "ledger.db")
    yield store
    store.close()


@pytest.mark.parametrize(("make", "content_type"), [
    (rss, "application/rss+xml"), (atom, "application/atom+xml"),
    (json_feed, "application/feed+json")])
def test_each_feed_format_gives_its_entries(site, ledger, make, content_type) -> None:  # type: ignore[no-untyped-def]
    from claimledger.watch import _entries, _links

    entries = _entries(make(site, [1, 2]), content_type)
    links = [link for _key, link, _meta in _links(site.base + "/feed", entries)]
    assert links == [site.url("/articles/1.html"), site.url("/articles/2.html")]


def test_a_poll_ingests_new_entries_then_asks_conditionally(site, ledger) -> None:  # type: ignore[no-untyped-def]
    site.serve("/feed.xml", rss(site, [1, 2]), "application/rss+xml", etag='"v1"')
    with client(FAST) as http:
        first = poll(site.url("/feed.xml"), ledger, http, FAST)
        assert (first.status, first.entries) == ("updated", 2)
        assert first.tally is not None and first.tally.stored == 2
        assert ledger.feed_state(site.url("/feed.xml")).etag == '"v1"'

        again = poll(site.url("/feed.xml"), ledger, http, FAST)
        assert again.status == "not_modified"
        assert site.hits["/articles/1.html"] == 1, "an unchanged feed fetches no page"

        site.serve("/feed.xml", rss(site, [1, 2, 3]), "application/rss+xml", etag='"v2"')
        third = poll(site.url("/feed.xml"), ledger, http, FAST)
    assert (third.status, third.entries) == ("updated", 1)
    assert [site.hits[f"/articles/{n}.html"] for n in (1, 2, 3)] == [1, 1, 1]
    titles = [d["title"] for d in ledger.rows("documents")]
    assert titles == ["Council finishes 1 homes", "Council finishes 2 homes",
                      "Council finishes 3 homes"]
    assert ledger.count("feed_entries") == 3


def test_last_modified_alone_makes_the_next_poll_conditional(site, ledger) -> None:  # type: ignore[no-untyped-def]
    stamp = "Tue, 05 Mar 2024 10:00:00 GMT"
    site.serve("/feed.atom", atom(site, []), "application/atom+xml", last_modified=stamp)
    with client(FAST) as http:
        assert poll(site.url("/feed.atom"), ledger, http, FAST).status == "updated"
        state = ledger.feed_state(site.url("/feed.atom"))
        assert (state.etag, state.last_modified, state.status) == (None, stamp, 200)
        assert poll(site.url("/feed.atom"), ledger, http, FAST).status == "not_modified"
    assert ledger.feed_state(site.url("/feed.atom")).status == 304


def test_a_malformed_feed_is_a_rejection(site, ledger) -> None:  # type: ignore[no-untyped-def]
    site.serve("/bad.xml", b"<rss><channel><item><title>oops</ti", "application/rss+xml")
    site.serve("/notfeed", b"just words, no feed at all", "application/xml")
    with client(FAST) as http:
        results = [poll(site.url(p), ledger, http, FAST) for p in ("/bad.xml", "/notfeed")]
    assert [r.status for r in results] == ["failed", "failed"]
    assert [r.rejection.reason for r in ledger.rejections()] == ["bad_feed", "bad_feed"]
    assert ledger.count("documents") == 0


def test_a_broken_entry_is_rejected_once_and_not_refetched(site, ledger) -> None:  # type: ignore[no-untyped-def]
    site.serve("/feed.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "x",
        "items": [{"id": "pic", "url": site.url("/image.png")}]}).encode(),
        "application/feed+json")
    with client(FAST) as http:
        for _ in range(2):
            poll(site.url("/feed.json"), ledger, http, FAST)
    assert site.hits["/image.png"] == 1
    assert [r.rejection.reason for r in ledger.rejections()] == ["unsupported_type"]


def test_watch_once_over_a_feed_list(site, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site.serve("/feed.atom", atom(site, [2]), "application/atom+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# council\n\n{site.url('/feed.atom')}  # atom\n{site.url('/missing')}\n")
    assert read_feed_list(feeds) == [site.url("/feed.atom"), site.url("/missing")]
    seen = []
    watch(feeds, ledger, 60, once=True, policy=FAST, on_poll=seen.append,
          sleep=lambda s: pytest.fail("--once never sleeps"))
    assert [(p.status, p.entries) for p in seen] == [("updated", 1), ("failed", 0)]


def test_watch_repeats_until_stopped(site, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site.serve("/feed.xml", rss(site, []), "application/rss+xml", etag='"e"')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/feed.xml"))
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        watch(feeds, ledger, 900, policy=FAST, sleep=nap)
    assert site.hits["/feed.xml"] == 3
    assert all(800 < s <= 900 for s in naps)


def test_cli_watch_once(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site.serve("/feed.xml", rss(site, [3]), "application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/feed.xml") + "\n")
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(main, ["--db", db, "watch", str(feeds), "--once"])
    assert result.exit_code == 0, result.output
    assert "updated: stored 1" in result.output
    store = open_store(db)
    try:
        assert store.count("documents") == 1
    finally:
        store.close()
    bad = CliRunner().invoke(main, ["--db", db, "watch", str(feeds), "--every", "soon"])
    assert bad.exit_code == 2


def test_parse_every() -> None:
    assert [parse_every(t) for t in ("30s", "15m", "1h", "2d", "90")] == [
        30, 900, 3600, 172800, 90]
    for bad in ("", "0m", "-5m", "15 minutes", "m"):
        with pytest.raises(ValueError):
            parse_every(bad)
