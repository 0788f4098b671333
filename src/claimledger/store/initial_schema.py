"""The first migration, written once for both engines (``0001_initial``).

The two dialects differ only where this says: integer identities (SQLite's
``INTEGER PRIMARY KEY`` against PostgreSQL's identity columns, with an explicit
``rowid`` on the tables whose insertion order is the export order), the width of
floats, and full-text search (FTS5 tables kept by triggers in SQLite, stored
``tsvector`` columns with GIN indexes in PostgreSQL, whose ``simple`` configuration
neither stems nor drops stop words, like FTS5's default tokenizer). Only the first
``FTS_CHARS`` characters of a text are indexed in PostgreSQL, because a ``tsvector``
is capped at 1 MB and one huge page must not fail its put.
"""

from __future__ import annotations

from dataclasses import dataclass

FTS_CHARS = 200_000

TEMPLATE = """
        CREATE TABLE runs (
            id {serial},
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            stored INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE documents (
{rowid}            id TEXT PRIMARY KEY,
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
            run_id {ref} REFERENCES runs(id){documents_fts}
        );
        CREATE INDEX documents_url ON documents(url);
        CREATE INDEX documents_published ON documents(published);
{documents_fts_index}        CREATE TABLE repeats (
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            copy_start INTEGER NOT NULL, copy_end INTEGER NOT NULL,
            PRIMARY KEY (document_id, start)
        );
        CREATE TABLE speakers (
            id {serial},
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT,
            role TEXT,
            anonymous INTEGER NOT NULL,
            key TEXT,
            UNIQUE (document_id, name, role, anonymous)
        );
        CREATE INDEX speakers_key ON speakers(key);
        CREATE TABLE claims (
{rowid}            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            surface TEXT NOT NULL,
            value {real}, low {real}, high {real},
            bound TEXT NOT NULL, trend TEXT, unit TEXT, kind TEXT NOT NULL,
            counted TEXT, predicate TEXT,
            period_text TEXT, period_start TEXT, period_end TEXT,
            place TEXT,
            speaker_id {ref} REFERENCES speakers(id),
            mention_start INTEGER, mention_end INTEGER,
            cue_start INTEGER, cue_end INTEGER,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            version TEXT NOT NULL
        );
        CREATE INDEX claims_document ON claims(document_id);
        CREATE INDEX claims_value ON claims(value);
        CREATE TABLE quotes (
{rowid}            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            speaker_id {ref} REFERENCES speakers(id),
            mention_start INTEGER, mention_end INTEGER,
            cue_start INTEGER, cue_end INTEGER,
            version TEXT NOT NULL{quotes_fts}
        );
        CREATE INDEX quotes_document ON quotes(document_id);
{quotes_fts_index}        CREATE TABLE rejections (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            size {ref},
            rejected_at TEXT NOT NULL,
            run_id {ref} REFERENCES runs(id)
        );
{fts_tables}"""


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one engine writes in each place where the engines differ."""

    serial: str
    rowid: str
    real: str
    ref: str
    documents_fts: str = ""
    documents_fts_index: str = ""
    quotes_fts: str = ""
    quotes_fts_index: str = ""
    fts_tables: str = ""

    def initial(self) -> str:
        return TEMPLATE.format(serial=self.serial, rowid=self.rowid, real=self.real,
                               ref=self.ref, documents_fts=self.documents_fts,
                               documents_fts_index=self.documents_fts_index,
                               quotes_fts=self.quotes_fts,
                               quotes_fts_index=self.quotes_fts_index,
                               fts_tables=self.fts_tables)


SQLITE = Dialect(serial="INTEGER PRIMARY KEY", rowid="", real="REAL", ref="INTEGER",
                 fts_tables="""        CREATE VIRTUAL TABLE documents_fts USING fts5(
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
        """)

POSTGRES = Dialect(
    serial="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    rowid="            rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,\n",
    real="DOUBLE PRECISION", ref="BIGINT",
    documents_fts=(",\n            fts tsvector GENERATED ALWAYS AS (to_tsvector('simple',\n"
                   f"            left(coalesce(title, '') || ' ' || text, {FTS_CHARS}))) STORED"),
    documents_fts_index="        CREATE INDEX documents_fts ON documents USING GIN (fts);\n",
    quotes_fts=(",\n            fts tsvector GENERATED ALWAYS AS (to_tsvector('simple', "
                f"left(text, {FTS_CHARS})))\n                STORED"),
    quotes_fts_index="        CREATE INDEX quotes_fts ON quotes USING GIN (fts);\n",
)
