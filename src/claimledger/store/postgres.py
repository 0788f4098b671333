"""The PostgreSQL store: a ledger a team shares, chosen by a ``postgresql://`` URL.

The ledger logic is :mod:`claimledger.store.sql`'s; this module adds what the
engine does differently. Writers of the same document id or URL serialise on
transaction-scoped advisory locks (two processes putting one text store it once;
a new text at a URL links to the version committed before it), reads are capped
by ``statement_timeout``, search runs on ``tsvector`` columns, and exports stream
through a server-side cursor. Each thread gets its own connection, so the web
app's request threads never share a transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from typing import Any

import psycopg
from psycopg.rows import dict_row

from claimledger.store.base import LedgerRow, QueryTooSlow, search_words
from claimledger.store.migrations_postgres import apply_postgres
from claimledger.store.sql import Row, SQLStore

QUERY_TIMEOUT_MS = 10_000
"""The longest a single search may run before PostgreSQL cancels it."""
STREAM_ROWS = 2_000

_cursor_names = count()


class PostgresStore(SQLStore):
    """A ledger in a PostgreSQL database; its schema is created and migrated on open."""

    placeholder = "%s"

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._local = threading.local()
        self._opened: list[psycopg.Connection[dict[str, Any]]] = []
        self._opened_lock = threading.Lock()
        apply_postgres(self.conn)

    @property
    def conn(self) -> psycopg.Connection[dict[str, Any]]:
        """This thread's connection: a web server's threads never share a transaction."""
        conn: psycopg.Connection[dict[str, Any]] | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.dsn, autocommit=True, row_factory=dict_row)
            self._local.conn = conn
            with self._opened_lock:
                self._opened.append(conn)
        return conn

    def close(self) -> None:
        with self._opened_lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()

    @contextmanager
    def _write(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        with self.conn.transaction():
            yield self.conn

    def _lock(self, db: psycopg.Connection[dict[str, Any]], keys: list[str]) -> None:
        """Take the keys' advisory locks in sorted order (no deadlock), released at commit."""
        for key in keys:
            db.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))

    @contextmanager
    def _bounded(self, budget_ms: float | None = None
                 ) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """A read transaction whose statements PostgreSQL cancels after
        ``QUERY_TIMEOUT_MS`` (or ``budget_ms``); the cancellation surfaces as QueryTooSlow."""
        timeout = QUERY_TIMEOUT_MS if budget_ms is None else max(1, int(budget_ms))
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT set_config('statement_timeout', %s, true)",
                                  (str(timeout),))
                yield self.conn
        except psycopg.errors.QueryCanceled as exc:
            raise QueryTooSlow(str(exc)) from exc

    def change_token(self) -> str:
        """The current snapshot (``xmin:xmax:in-progress xids``) as text.

        Only writing transactions take transaction ids, so reads leave it alone; any
        write starting or committing (an ingest, a reconcile) changes it, including
        one already running when the token was taken. It is cluster-wide, so writes
        to other databases also move it: that costs a recount, never a stale page.
        """
        row = self.conn.execute("SELECT pg_current_snapshot()::text AS token").fetchone()
        return str(row["token"]) if row else ""

    def _stream(self, sql: str, params: tuple[Any, ...]) -> Iterator[Row]:
        """A server-side cursor, so exporting a large table holds one batch in memory."""
        with self.conn.transaction(), self.conn.cursor(
                name=f"claimledger_rows_{next(_cursor_names)}") as cursor:
            cursor.itersize = STREAM_ROWS
            cursor.execute(self._sql(sql), params)
            yield from cursor

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[LedgerRow]:
        """Documents and quotes holding every word of ``query``, best ranked first: up to
        ``limit`` of each, skipping the first ``offset`` of each."""
        words = " ".join(search_words(query))
        if not words:
            return []
        marks = "StartSel=[, StopSel=], MaxWords=12, MinWords=4"
        with self._bounded() as db:
            docs = self._run(
                db, "SELECT d.id AS document_id, d.title, 'document' AS hit, "
                "ts_headline('simple', d.text, q, ?) AS snippet "
                "FROM documents d, plainto_tsquery('simple', ?) q WHERE d.fts @@ q "
                "ORDER BY ts_rank(d.fts, q) DESC, d.rowid LIMIT ? OFFSET ?",
                (marks, words, limit, offset),
            ).fetchall()
            quotes = self._run(
                db, "SELECT q.document_id, q.id AS quote_id, 'quote' AS hit, "
                "ts_headline('simple', q.text, tq, ?) AS snippet "
                "FROM quotes q, plainto_tsquery('simple', ?) tq WHERE q.fts @@ tq "
                "ORDER BY ts_rank(q.fts, tq) DESC, q.rowid LIMIT ? OFFSET ?",
                (marks, words, limit, offset),
            ).fetchall()
        return [dict(r) for r in (*docs, *quotes)]
