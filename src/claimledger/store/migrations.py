"""Named, transactional schema migrations.

Each migration runs once, inside a transaction together with the row that records
it, so an old ledger upgrades in place and a failed upgrade leaves it untouched.
New migrations are appended; applied ones are never edited.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from claimledger.store import initial_schema
from claimledger.store.initial_schema import Dialect
from claimledger.store.reconcile_schema import (
    CLAIM_LISTING,
    CONFLICT_REVIEWS,
    EXTRACT_2,
    INGEST_JOBS,
    MEASURE_PARTS,
    MEASURES_BY_STORY,
    QUOTE_RULES,
    RECONCILE,
    RECONCILE_NAMES,
    STORIES,
    STORY_CLOSE,
    STORY_NEIGHBOURS,
)

FEEDS = """
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT,
    status INTEGER
);
CREATE TABLE feed_entries (
    feed_url TEXT NOT NULL,
    entry TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, entry)
);
"""
"""Feed polling state for ``watch``; the same SQL in SQLite and PostgreSQL."""

def steps(dialect: Dialect, conflict_order: str) -> list[tuple[str, str]]:
    """Every migration in order, in one engine's dialect: the first written once for
    both (:mod:`claimledger.store.initial_schema`), the rest the same SQL in both but
    ``0005_conflict_order``, which only PostgreSQL needs."""
    return [
        ("0001_initial", dialect.initial()),
        ("0002_feeds", FEEDS),
        ("0003_reconcile", RECONCILE),
        ("0004_reconcile_names", RECONCILE_NAMES),
        ("0005_conflict_order", conflict_order),
        ("0006_stories", STORIES),
        ("0007_extract_2", EXTRACT_2),
        ("0008_measures_by_story", MEASURES_BY_STORY),
        ("0009_ingest_jobs", INGEST_JOBS),
        ("0010_quote_rules", QUOTE_RULES),
        ("0011_conflict_reviews", CONFLICT_REVIEWS),
        ("0012_claim_listing", CLAIM_LISTING),
        ("0013_measure_parts", MEASURE_PARTS),
        ("0014_story_neighbours", STORY_NEIGHBOURS),
        ("0015_story_close", STORY_CLOSE),
    ]


SQLITE = steps(initial_schema.SQLITE, "")
"""SQLite's migrations. Its 0005 has nothing to do: a SQLite table's implicit rowid
already numbers conflicts in the order reconcile found them, and
documents_published already serves "newest first, undated last"."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def apply_sqlite(conn: sqlite3.Connection, steps: list[tuple[str, str]] = SQLITE) -> list[str]:
    """Apply the steps not yet recorded in ``_migrations``; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    applied = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    done = []
    for name, sql in steps:
        if name in applied:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")  # another process applied it meanwhile
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations VALUES (?, ?)", (name, now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(name)
    return done


def _statements(sql: str) -> list[str]:
    """Split a script into statements; ``CREATE TRIGGER`` bodies keep their semicolons."""
    statements, current = [], ""
    for line in sql.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
