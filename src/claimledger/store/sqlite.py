"""The SQLite store: one file, WAL, foreign keys, FTS5 search.

Writes use ``BEGIN IMMEDIATE`` so two ingest processes on one file serialise
their transactions instead of failing; a write inside a batch is a savepoint.
Everything that is not SQLite-specific lives in :mod:`claimledger.store.sql`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimledger.store.base import LedgerRow, QueryTooSlow, search_words
from claimledger.store.migrations import apply_sqlite
from claimledger.store.sql import SQLStore

BUSY_TIMEOUT_MS = 60_000
QUERY_STEPS_LIMIT = 50_000_000
"""Progress-handler budget (VM steps) that bounds any single read query."""
CACHE_KIB = 65_536
"""Page cache ceiling. Listings jump around a large file (a measure's claims sit in
thousands of documents): 64 MB instead of SQLite's 2 MB keeps them warm; pages are
only allocated as they are read, so a small ledger pays nothing for it."""


class SQLiteStore(SQLStore):
    """A ledger in one SQLite file; created and migrated on open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                    check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self._depth = 0
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        apply_sqlite(self.conn)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A transaction, or inside one (a :meth:`batch`) a savepoint: a write that
        fails undoes itself and leaves the batch to decide."""
        begin, undo, done = (
            ("SAVEPOINT write", ("ROLLBACK TO write", "RELEASE write"), "RELEASE write")
            if self._depth
            else ("BEGIN IMMEDIATE", ("ROLLBACK",), "COMMIT")
        )
        self.conn.execute(begin)
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            for statement in undo:
                self.conn.execute(statement)
            raise
        finally:
            self._depth -= 1
        self.conn.execute(done)

    def _lock(self, db: sqlite3.Connection, keys: list[str]) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the only write lock."""

    @contextmanager
    def _bounded(self, budget_ms: float | None = None) -> Iterator[sqlite3.Connection]:
        """Abort a read that runs away (a hostile search, a huge scan), or one that runs
        past ``budget_ms``, as QueryTooSlow."""
        steps = [0]
        deadline = None if budget_ms is None else time.monotonic() + budget_ms / 1000

        def tick() -> int:
            steps[0] += 1
            late = deadline is not None and time.monotonic() > deadline
            return 1 if late or steps[0] * 1000 > QUERY_STEPS_LIMIT else 0

        self.conn.set_progress_handler(tick, 1000)
        try:
            yield self.conn
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTooSlow(str(exc)) from exc
            raise
        finally:
            self.conn.set_progress_handler(None, 0)

    def change_token(self) -> str:
        """``PRAGMA data_version``: it moves whenever another connection (an ingest)
        commits to the file, and costs no read of the database."""
        return str(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[LedgerRow]:
        """Documents and quotes matching ``query`` (words, quoted as FTS5 phrases), best
        ranked first: up to ``limit`` of each, skipping the first ``offset`` of each."""
        match = _fts_query(query)
        if not match:
            return []
        with self._bounded() as db:
            docs = db.execute(
                "SELECT d.id AS document_id, d.title, 'document' AS hit, "
                "snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (match, limit, offset),
            ).fetchall()
            quotes = db.execute(
                "SELECT q.document_id, q.id AS quote_id, 'quote' AS hit, "
                "snippet(quotes_fts, 0, '[', ']', '…', 12) AS snippet "
                "FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid "
                "WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (match, limit, offset),
            ).fetchall()
        return [dict(r) for r in (*docs, *quotes)]


def _fts_query(query: str) -> str:
    """Each word as a quoted phrase: user input never reaches FTS5 syntax."""
    words = [w.replace('"', '""') for w in search_words(query)]
    return " ".join(f'"{w}"' for w in words if w)
