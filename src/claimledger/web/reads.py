"""The few listings the web app needs that the ``Store`` Protocol does not offer yet.

Pages that list every document or everything one person said need ordered,
paged SQL over the ledger tables. Until the Store grows these reads (they are
named in docs/web.md), they run here on the SQLite store's connection:
parameterised, bounded by a VM-step budget, and read-only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from claimledger.store import Store

STEP_BUDGET = 20_000_000
"""SQLite VM steps a single page's query may take before it is aborted."""


class QueryTooSlow(Exception):
    """A listing exceeded its step budget; the page says so instead of hanging."""


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    chars: int
    claims: int
    quotes: int


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    key: str
    name: str
    documents: int
    claims: int
    quotes: int


@dataclass(frozen=True, slots=True)
class SpokenClaim:
    id: str
    document_id: str
    document_title: str | None
    published: str | None
    surface: str
    value: float | None
    bound: str
    unit: str | None
    counted: str | None
    period: str | None
    speaker: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class SpokenQuote:
    id: str
    document_id: str
    document_title: str | None
    published: str | None
    kind: str
    text: str
    speaker: str | None
    role: str | None


class Reads:
    """Paged listings over one SQLite ledger connection."""

    def __init__(self, store: Store) -> None:
        conn = getattr(store, "conn", None)
        if not isinstance(conn, sqlite3.Connection):
            raise TypeError("the web listings need a SQLite ledger")
        self.conn = conn

    @contextmanager
    def _bounded(self) -> Iterator[sqlite3.Connection]:
        steps = [0]

        def tick() -> int:
            steps[0] += 1000
            return 1 if steps[0] > STEP_BUDGET else 0

        self.conn.set_progress_handler(tick, 1000)
        try:
            yield self.conn
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTooSlow(str(exc)) from exc
            raise
        finally:
            self.conn.set_progress_handler(None, 0)

    def _all(self, sql: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
        with self._bounded() as db:
            return db.execute(sql, params).fetchall()

    def documents(self, offset: int, limit: int) -> list[DocumentRow]:
        """Newest publication first; undated documents last, newest ingested first."""
        rows = self._all(
            "SELECT d.id, d.title, d.published, d.outlet, length(d.text) AS chars, "
            "(SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims, "
            "(SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes "
            "FROM documents d ORDER BY d.published IS NULL, d.published DESC, d.rowid DESC "
            "LIMIT ? OFFSET ?", (limit, offset))
        return [DocumentRow(**dict(r)) for r in rows]

    def speakers(self, offset: int, limit: int) -> list[SpeakerRow]:
        """Named speakers, linked across documents by key, most recorded first."""
        rows = self._all(
            "WITH c AS (SELECT speaker_id, count(*) AS n FROM claims "
            "           WHERE speaker_id IS NOT NULL GROUP BY speaker_id), "
            "q AS (SELECT speaker_id, count(*) AS n FROM quotes "
            "      WHERE speaker_id IS NOT NULL GROUP BY speaker_id) "
            "SELECT s.key, max(s.name) AS name, count(DISTINCT s.document_id) AS documents, "
            "coalesce(sum(c.n), 0) AS claims, coalesce(sum(q.n), 0) AS quotes "
            "FROM speakers s LEFT JOIN c ON c.speaker_id = s.id "
            "LEFT JOIN q ON q.speaker_id = s.id "
            "WHERE s.key IS NOT NULL AND s.anonymous = 0 GROUP BY s.key "
            "ORDER BY coalesce(sum(c.n), 0) + coalesce(sum(q.n), 0) DESC, s.key "
            "LIMIT ? OFFSET ?", (limit, offset))
        return [SpeakerRow(**dict(r)) for r in rows]

    def spoken(self, key: str, limit: int) -> tuple[list[SpokenClaim], list[SpokenQuote]]:
        """Everything recorded as said by the person with ``key``, newest first.

        Claims and quotes are reached through their documents (indexed) rather than
        by speaker id (not indexed), so the cost follows this person's documents.
        """
        mine = ("WITH mine AS (SELECT id, document_id, name, role FROM speakers WHERE key = ?) ")
        claims = self._all(
            mine + "SELECT c.id, c.document_id, d.title AS document_title, d.published, "
            "c.surface, c.value, c.bound, c.unit, c.counted, c.period_text AS period, "
            "mine.name AS speaker, mine.role FROM mine "
            "JOIN claims c ON c.document_id = mine.document_id AND c.speaker_id = mine.id "
            "JOIN documents d ON d.id = c.document_id "
            "ORDER BY d.published DESC, c.start LIMIT ?", (key, limit))
        quotes = self._all(
            mine + "SELECT q.id, q.document_id, d.title AS document_title, d.published, "
            "q.kind, q.text, mine.name AS speaker, mine.role FROM mine "
            "JOIN quotes q ON q.document_id = mine.document_id AND q.speaker_id = mine.id "
            "JOIN documents d ON d.id = q.document_id "
            "ORDER BY d.published DESC, q.start LIMIT ?", (key, limit))
        return ([SpokenClaim(**dict(r)) for r in claims],
                [SpokenQuote(**dict(r)) for r in quotes])
