"""What the ledger remembers about each polled feed, so a poll asks only for news.

The feed's validators (ETag, Last-Modified) make an unchanged feed cost one
``304 Not Modified``; the seen entries make a changed feed fetch only new pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str | None = None
    status: int | None = None


@runtime_checkable
class FeedStore(Protocol):
    """The part of a store that ``watch`` needs besides the ``Store`` Protocol."""

    def feed_state(self, url: str) -> FeedState | None: ...

    def save_feed_state(self, state: FeedState) -> None: ...

    def seen_entry(self, feed_url: str, entry: str) -> bool: ...

    def mark_entry(self, feed_url: str, entry: str) -> None: ...
