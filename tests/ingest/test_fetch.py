"""Fetching pages: limits, content types, redirects, rejections, and the address guard."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.ingest.errors import Rejected
from claimledger.ingest.fetch import AddressGuard, FetchPolicy, client, fetch, iter_args
from claimledger.records import Article, Rejection
from claimledger.store import open_store

FAST = FetchPolicy(timeout=1.0, deadline=2.0, max_bytes=1_000_000, max_redirects=3)


def _reason(url: str, policy: FetchPolicy = FAST) -> str:
    with client(policy) as http, pytest.raises(Rejected) as caught:
        fetch(url, http, policy)
    return caught.value.reason


def test_a_page_becomes_an_article(site) -> None:  # type: ignore[no-untyped-def]
    items = list(iter_args([site.url("/articles/2.html"), site.url("/plain.txt")], policy=FAST))
    assert all(isinstance(i, Article) for i in items), items
    page, plain = items
    assert isinstance(page, Article) and isinstance(plain, Article)
    assert page.title == "Council finishes 2 homes"
    assert "2 new homes were finished" in page.text
    assert page.source == site.url("/articles/2.html")
    assert "7 new homes" in plain.text and plain.url == site.url("/plain.txt")


def test_redirects_are_followed_within_the_limit(site) -> None:  # type: ignore[no-untyped-def]
    with client(FAST) as http:
        page = fetch(site.url("/moved"), http, FAST)
    assert page.url == site.url("/articles/1.html")
    assert _reason(site.url("/loop/a")) == "too_many_redirects"
    assert site.hits["/loop/a"] + site.hits["/loop/b"] == FAST.max_redirects + 1


def test_huge_bodies_stop_at_the_cap(site) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    assert _reason(site.url("/huge")) == "too_large"
    assert _reason(site.url("/huge-declared")) == "too_large"
    assert time.monotonic() - started < 5


def test_slow_servers_hit_the_timeout_or_deadline(site) -> None:  # type: ignore[no-untyped-def]
    for path, server_takes in (("/stall", 6), ("/slow", 8)):
        started = time.monotonic()
        assert _reason(site.url(path)) == "timeout"
        assert time.monotonic() - started < server_takes - 2, "cut at the timeout or deadline"


def test_wrong_types_and_errors_are_rejections(site) -> None:  # type: ignore[no-untyped-def]
    assert _reason(site.url("/image.png")) == "unsupported_type"
    assert _reason(site.url("/nowhere")) == "http_error"
    assert _reason("ftp://127.0.0.1/x") == "bad_url"
    items = list(iter_args([site.url("/image.png"), site.url("/articles/1.html")], policy=FAST))
    assert isinstance(items[0], Rejection) and items[0].source == site.url("/image.png")
    assert isinstance(items[1], Article), "one bad URL does not stop the next"


def test_a_closed_port_is_unreachable() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert _reason(f"http://127.0.0.1:{port}/") == "unreachable"


def _guard(addresses: list[str], allow_loopback: bool = False) -> AddressGuard:
    """A guard whose resolver answers ``addresses``: nothing is looked up or connected to."""
    return AddressGuard(allow_loopback, resolver=lambda host, port: addresses)


@pytest.mark.parametrize("address", ["10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
                                     "127.0.0.1", "::1", "fe80::1", "fc00::5", "0.0.0.0",
                                     "::ffff:10.0.0.1", "100.64.0.1", "224.0.0.1",
                                     "::127.0.0.1", "::a9fe:a9fe", "64:ff9b::a00:1",
                                     "64:ff9b::5db8:d822", "2002:a00:1::1", "fec0::1",
                                     "2001:0:4136:e378:8000:63bf:3fff:fdd2"])
def test_the_guard_refuses_non_public_addresses(address: str) -> None:
    with pytest.raises(Rejected) as caught:
        _guard([address]).check("http://news.example/a")
    assert caught.value.reason == "refused_address"


def test_the_guard_refuses_when_any_address_is_private() -> None:
    with pytest.raises(Rejected):
        _guard(["93.184.216.34", "10.0.0.1"]).check("https://news.example/a")


def test_the_guard_passes_public_addresses_and_loopback_only_when_allowed() -> None:
    _guard(["93.184.216.34", "2606:2800:220:1::1"]).check("https://news.example/a")
    _guard(["127.0.0.1"], allow_loopback=True).check("http://localhost:8000/a")
    with pytest.raises(Rejected):
        _guard(["10.0.0.1"], allow_loopback=True).check("http://intranet/a")


def test_the_guard_resolves_real_names_without_connecting() -> None:
    with pytest.raises(Rejected) as caught:
        AddressGuard().check("http://localhost:9/")
    assert caught.value.reason == "refused_address"


def test_fetch_checks_the_guard_on_every_redirect_hop(site) -> None:  # type: ignore[no-untyped-def]
    guarded = FetchPolicy(timeout=1.0, guard=AddressGuard(allow_loopback=False))
    assert _reason(site.url("/moved"), guarded) == "refused_address"
    assert "/moved" not in site.hits, "refused before connecting"
    loopback = FetchPolicy(timeout=1.0, guard=AddressGuard(allow_loopback=True))
    with client(loopback) as http:
        assert fetch(site.url("/moved"), http, loopback).status == 200


def test_a_guarded_fetch_connects_to_the_address_it_checked(site) -> None:  # type: ignore[no-untyped-def]
    """news.example exists in no DNS: the page can only arrive if the connection went
    to the address the guard resolved (the test server on loopback)."""
    port = int(site.base.rsplit(":", 1)[1])
    pinned = FetchPolicy(timeout=2.0, guard=_guard(["127.0.0.1"], allow_loopback=True))
    with client(pinned) as http:
        page = fetch(f"http://news.example:{port}/articles/1.html", http, pinned)
    assert page.status == 200 and page.content


def test_a_name_rebound_between_check_and_connect_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    """DNS rebinding: a public address for the check, loopback for the connection."""
    port = int(site.base.rsplit(":", 1)[1])
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    rebinding = FetchPolicy(timeout=2.0, guard=AddressGuard(
        resolver=lambda host, port: next(answers, ["127.0.0.1"])))
    assert _reason(f"http://news.example:{port}/articles/1.html", rebinding) == \
        "refused_address"
    assert "/articles/1.html" not in site.hits


def test_cli_ingests_urls_and_records_rejections(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "ledger.db")
    urls = [site.url("/articles/1.html"), site.url("/loop/a"), site.url("/image.png")]
    result = CliRunner().invoke(main, ["--db", db, "ingest", *urls])
    assert result.exit_code == 3, result.output
    store = open_store(db)
    try:
        assert [d["url"] for d in store.rows("documents")] == [site.url("/articles/1.html")]
        assert sorted(r.rejection.reason for r in store.rejections()) == [
            "too_many_redirects", "unsupported_type"]
    finally:
        store.close()
