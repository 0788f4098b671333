"""Named, transactional schema migrations.

Each migration runs once, inside a transaction together with the row that records
it, so an old ledger upgrades in place and a failed upgrade leaves it untouched.
New migrations are appended; applied ones are never edited.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from claimledger.store.reconcile_schema import (
    CLAIM_LISTING,
    CONFLICT_REVIEWS,
    EXTRACT_2,
    INGEST_JOBS,
    MEASURES_BY_STORY,
    QUOTE_RULES,
    RECONCILE,
    RECONCILE_NAMES,
    STORIES,
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

SQLITE: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            stored INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            title TEXT,
            published TEXT,
            outlet TEXT,
            url TEXT,
            author TEXT,
            language TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            versions TEXT NOT NULL,
            skipped TEXT,
            previous_id TEXT REFERENCES documents(id),
            run_id INTEGER REFERENCES runs(id)
        );
        CREATE INDEX documents_url ON documents(url);
        CREATE INDEX documents_published ON documents(published);
        CREATE TABLE repeats (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            copy_start INTEGER NOT NULL, copy_end INTEGER NOT NULL,
            PRIMARY KEY (document_id, start)
        );
        CREATE TABLE speakers (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT,
            role TEXT,
            anonymous INTEGER NOT NULL,
            key TEXT,
            UNIQUE (document_id, name, role, anonymous)
        );
        CREATE INDEX speakers_key ON speakers(key);
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            surface TEXT NOT NULL,
            value REAL, low REAL, high REAL,
            bound TEXT NOT NULL, trend TEXT, unit TEXT, kind TEXT NOT NULL,
            counted TEXT, predicate TEXT,
            period_text TEXT, period_start TEXT, period_end TEXT,
            place TEXT,
            speaker_id INTEGER REFERENCES speakers(id),
            mention_start INTEGER, mention_end INTEGER,
            cue_start INTEGER, cue_end INTEGER,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            version TEXT NOT NULL
        );
        CREATE INDEX claims_document ON claims(document_id);
        CREATE INDEX claims_value ON claims(value);
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            speaker_id INTEGER REFERENCES speakers(id),
            mention_start INTEGER, mention_end INTEGER,
            cue_start INTEGER, cue_end INTEGER,
            version TEXT NOT NULL
        );
        CREATE INDEX quotes_document ON quotes(document_id);
        CREATE TABLE rejections (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            size INTEGER,
            rejected_at TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id)
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, content='quotes', content_rowid='rowid'
        );
        CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        """,
    ),
    ("0002_feeds", FEEDS),
    ("0003_reconcile", RECONCILE),
    ("0004_reconcile_names", RECONCILE_NAMES),
    # Nothing to do here: a SQLite table's implicit rowid already numbers conflicts
    # in the order reconcile found them, and documents_published already serves
    # "newest first, undated last"; PostgreSQL's 0005 adds both.
    ("0005_conflict_order", ""),
    ("0006_stories", STORIES),
    ("0007_extract_2", EXTRACT_2),
    ("0008_measures_by_story", MEASURES_BY_STORY),
    ("0009_ingest_jobs", INGEST_JOBS),
    ("0010_quote_rules", QUOTE_RULES),
    ("0011_conflict_reviews", CONFLICT_REVIEWS),
    ("0012_claim_listing", CLAIM_LISTING),
]


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
