"""The ``Store`` Protocol and its roles: what the rest of claimledger needs from a ledger.

Implementations write a document and everything extracted from it in one
transaction, so a crash leaves either all of a document or none of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Generator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from claimledger.reconcile.records import (
    Conflict,
    ConsistencyCheck,
    DocumentLink,
    Measure,
    Origin,
    ReviewStatus,
    Story,
)
from claimledger.records import Document, Extraction, Rejection

if TYPE_CHECKING:
    from claimledger.store.listings import Listings

LedgerRow = dict[str, Any]
"""One flat row of a table, as exported (``documents``, ``claims``, ``quotes``)."""

TABLES = ("documents", "claims", "quotes")


class Outcome(Enum):
    STORED = "stored"
    UNCHANGED = "unchanged"
    NEW_VERSION = "new_version"


class QueryTooSlow(Exception):
    """A bounded read ran past its budget (SQLite VM steps, PostgreSQL
    ``statement_timeout``) and was aborted, so a hostile or huge query cannot hang
    its caller; the web app answers 503 instead."""


@dataclass(frozen=True, slots=True)
class RunCounts:
    stored: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass(frozen=True, slots=True)
class StoredRejection:
    rejection: Rejection
    rejected_at: str
    run_id: int | None


class LedgerWriter(Protocol):
    """Writing documents, rejections and runs: what ingest and reextract need."""

    def begin_run(self, command: str) -> int: ...

    def finish_run(self, run_id: int, counts: RunCounts) -> None: ...

    def known(self, document_id: str) -> bool: ...

    def put(self, document: Document, extraction: Extraction, run_id: int | None,
            reconcile: bool = True) -> Outcome:
        """Store a new document and reconcile it, atomically (see ``SQLStore.put``)."""
        ...

    def reject(self, rejection: Rejection, run_id: int | None) -> None: ...

    def stale(self, versions: Mapping[str, str] | None) -> list[str]:
        """Documents whose extraction other component versions made (``SQLStore.stale``)."""
        ...

    def replace_extraction(self, document_id: str, extraction: Extraction) -> bool:
        """A stored document's extraction replaced, atomically (see ``SQLStore``)."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """Writes in the block commit together, or not at all."""
        ...


class LedgerReader(Protocol):
    """Reading documents and rows back: what the CLI, exports, pages and reports read."""

    def get(self, document_id: str) -> tuple[Document, Extraction] | None:
        """A document by id or unique id prefix, with what was extracted from it."""
        ...

    def rows(self, table: str, limit: int | None = None) -> Generator[LedgerRow]:
        """A table's rows as read, streamed; close it to stop early."""
        ...

    def rejections(self, limit: int | None = None) -> list[StoredRejection]: ...

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[LedgerRow]: ...

    def count(self, table: str) -> int: ...

    def listings(self) -> Listings:
        """The paged, ordered reads pages and reports list the ledger with."""
        ...


class ReconcileTables(Protocol):
    """What reconciliation across documents made (``claimledger.reconcile``), kept
    up to date on ``put`` and rebuilt by ``reconcile``."""

    def reconcile(self) -> None:
        """Rebuild measures, conflicts, checks and origins from every stored document
        (``put`` keeps them up to date one document at a time)."""
        ...

    def measures(self) -> list[Measure]: ...

    def measure(self, measure_id: str) -> Measure | None:
        """A measure by id or unique id prefix."""
        ...

    def conflicts(self, measure_id: str | None = None) -> list[Conflict]: ...

    def checks(self) -> list[ConsistencyCheck]: ...

    def review(self, conflict_id: str, status: ReviewStatus, note: str) -> Conflict | None:
        """Mark a disagreement (id or unique id prefix) reviewed, confirmed or dismissed;
        the mark survives ``reconcile``. ``None`` when no single one matches."""
        ...

    def origins(self, claim_id: str) -> Origin | None:
        """The history of the figure a claim states (claim id or unique prefix)."""
        ...

    def trace(self, value: float) -> list[Origin]:
        """The history of every figure with this value, one per measure."""
        ...

    def links(self, document_id: str | None = None) -> list[DocumentLink]: ...

    def stories(self) -> list[Story]:
        """Every story, the largest first."""
        ...

    def story(self, story_id: str) -> Story | None:
        """A story by id or unique id prefix."""
        ...

    def story_of(self, document_id: str) -> Story | None:
        """The story a document belongs to."""
        ...


class Store(LedgerWriter, LedgerReader, ReconcileTables, Protocol):
    """A ledger in all its roles; each caller may ask only for the role it uses. The
    feed watcher's state is a role of its own (``store.feeds.FeedStore``)."""

    def close(self) -> None: ...


def escape_like(text: str) -> str:
    """``text`` matched literally inside a ``LIKE`` pattern (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def id_prefix(column: str) -> str:
    """SQL that holds when ``column`` starts with the parameter, an
    :func:`escape_like`-d id or prefix of one: every "id or unique prefix" lookup of
    the CLI, the web and the store reads through it (``LIMIT 2`` tells one from many)."""
    return f"{column} LIKE ? || '%' ESCAPE '\\'"


MAX_SEARCH_WORDS = 20


def search_words(query: str) -> list[str]:
    """The words of a search, at most :data:`MAX_SEARCH_WORDS`; control characters
    separate words (a NUL breaks FTS5 and cannot enter PostgreSQL text)."""
    spaced = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query[:1000])
    return spaced.split()[:MAX_SEARCH_WORDS]
