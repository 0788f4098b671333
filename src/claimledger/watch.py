"""Follow RSS, Atom and JSON Feed sources: poll, fetch new entries' pages, ingest them.

Each poll sends the feed's last ``ETag`` and ``Last-Modified`` back, so an
unchanged feed costs one ``304``. Entries are remembered by id (or link) once
handled, whether their page was stored or rejected, so a poll fetches only new
pages and a permanently broken link is not fetched every quarter hour. A crash
between storing and remembering costs a refetch, not a duplicate: documents are
keyed by their text.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urljoin

import feedparser  # type: ignore[import-untyped]
import httpx

from claimledger import ledger
from claimledger.ingest.errors import Rejected
from claimledger.ingest.fetch import (
    DEFAULT_POLICY,
    FEED_TYPES,
    FetchPolicy,
    client,
    fetch,
    fetch_article,
)
from claimledger.ledger import Tally
from claimledger.records import Article, Rejection
from claimledger.store import Store
from claimledger.store.feeds import FeedState, FeedStore
from claimledger.store.migrations import now

MAX_ENTRIES = 200
"""Entries read from one feed per poll: a feed of thousands costs a bounded pass."""
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class WatchStore(Store, FeedStore, Protocol):
    """A ledger that also keeps feed state (both built-in stores are)."""


@dataclass(frozen=True, slots=True)
class Poll:
    """What one poll of one feed did."""

    feed: str
    status: str
    """``updated``, ``not_modified`` or ``failed``."""
    entries: int = 0
    tally: Tally | None = None
    detail: str = ""


def parse_every(text: str) -> float:
    """``"15m"`` → 900.0 seconds; ``s``, ``m``, ``h`` and ``d`` are understood."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if not match or float(match[1]) <= 0:
        raise ValueError(f"not a duration: {text!r} (try 30s, 15m, 1h)")
    return float(match[1]) * _UNITS[match[2] or "s"]


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs, one a line; blank lines and ``#`` comments are skipped."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def poll(feed_url: str, store: WatchStore, http: httpx.Client, policy: FetchPolicy,
         **ingest_options: Any) -> Poll:
    """Poll one feed and ingest its new entries; a failure is recorded, never raised."""
    state = store.feed_state(feed_url) or FeedState(feed_url)
    headers = tuple((k, v) for k, v in (("If-None-Match", state.etag),
                                        ("If-Modified-Since", state.last_modified)) if v)
    try:
        page = fetch(feed_url, http, replace(policy, accept=FEED_TYPES, headers=headers))
        if page.not_modified:
            store.save_feed_state(replace(state, checked_at=now(), status=304))
            return Poll(feed_url, "not_modified")
        entries = _entries(page.content, page.content_type)
    except Rejected as exc:
        store.reject(Rejection(feed_url, exc.reason, exc.detail), None)
        store.save_feed_state(replace(state, checked_at=now()))
        return Poll(feed_url, "failed", detail=f"{exc.reason}: {exc.detail}")
    fresh = [(key, link, meta) for key, link, meta in _links(feed_url, entries)
             if not store.seen_entry(feed_url, key)]
    tally = ledger.ingest(_articles(fresh, http, policy), store, command=f"watch {feed_url}",
                          **ingest_options)
    for key, _link, _meta in fresh:
        store.mark_entry(feed_url, key)
    store.save_feed_state(FeedState(feed_url, page.etag, page.last_modified, now(), 200))
    return Poll(feed_url, "updated", len(fresh), tally)


def _entries(content: bytes, content_type: str = "") -> list[Any]:
    """The feed's entries as feedparser-style dicts (``link``, ``id``, ``title``, ``published``).

    RSS and Atom go through feedparser, whose lenient parser recovers entries
    from a slightly broken feed; a feed that yields no entry with a link and was
    not well-formed is refused. feedparser 6.0 does not read JSON Feed, so that
    small format is read here.
    """
    if content_type in ("application/feed+json", "application/json") or \
            content[:64].lstrip().startswith(b"{"):
        return _json_feed(content)
    parsed = feedparser.parse(content)
    entries = list(parsed.entries[:MAX_ENTRIES])
    if parsed.get("bozo") and not any(e.get("link") for e in entries):
        raise Rejected("bad_feed", f"not a readable feed: {parsed.get('bozo_exception')}")
    if not parsed.get("version"):
        raise Rejected("bad_feed", "not an RSS, Atom or JSON feed")
    return entries


def _json_feed(content: bytes) -> list[dict[str, Any]]:
    try:
        feed = json.loads(content)
    except ValueError as exc:
        raise Rejected("bad_feed", f"not a readable JSON feed: {exc}") from exc
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(
            "https://jsonfeed.org/version/") or not isinstance(feed.get("items"), list):
        raise Rejected("bad_feed", "not a JSON Feed (no jsonfeed.org version or items)")
    return [{"link": item.get("url") or item.get("external_url"), "id": item.get("id"),
             "title": item.get("title"), "published": item.get("date_published")}
            for item in feed["items"][:MAX_ENTRIES] if isinstance(item, dict)]


def _links(feed_url: str, entries: list[Any]) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(key, absolute link, metadata) for each entry that links to a page."""
    for entry in entries:
        link = entry.get("link")
        if not link:
            continue
        link = urljoin(feed_url, link)
        meta = {k: str(entry[k]) for k in ("title", "published") if entry.get(k)}
        yield str(entry.get("id") or link), link, meta


def _articles(fresh: list[tuple[str, str, dict[str, str]]], http: httpx.Client,
              policy: FetchPolicy) -> Iterator[Article | Rejection]:
    """Each entry's page; the feed's title and date fill what the page does not say."""
    for _key, link, meta in fresh:
        item = fetch_article(link, http, policy)
        if isinstance(item, Article):
            item = replace(item, title=item.title or meta.get("title"),
                           published=item.published or meta.get("published"))
        yield item


def watch(feeds: Path, store: WatchStore, every: float, *, once: bool = False,
          policy: FetchPolicy = DEFAULT_POLICY, on_poll: Callable[[Poll], None] | None = None,
          sleep: Callable[[float], None] = time.sleep, **ingest_options: Any) -> None:
    """Poll every feed in ``feeds`` (re-read each pass), then wait ``every`` seconds; repeat.

    With ``once`` it makes a single pass and returns.
    """
    with client(policy) as http:
        while True:
            started = time.monotonic()
            for url in read_feed_list(feeds):
                result = poll(url, store, http, policy, **ingest_options)
                if on_poll:
                    on_poll(result)
            if once:
                return
            sleep(max(0.0, every - (time.monotonic() - started)))
