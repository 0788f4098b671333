"""The SQLite store: one file, WAL, foreign keys, FTS5 search.

Writes use ``BEGIN IMMEDIATE`` so two ingest processes on one file serialise
their transactions instead of failing, and each document is one transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimledger.contract import item_id
from claimledger.records import (
    Document,
    Extraction,
    Figure,
    Period,
    Quote,
    Rejection,
    Repeat,
    Speaker,
)
from claimledger.store.base import TABLES, LedgerRow, Outcome, RunCounts, StoredRejection
from claimledger.store.migrations import apply_sqlite, now
from claimledger.store.speakers import speaker_key

BUSY_TIMEOUT_MS = 60_000
QUERY_STEPS_LIMIT = 50_000_000
"""Progress-handler budget (VM steps) that bounds any single read query."""

_EXPORT_SQL = {
    "documents": "SELECT id, source, title, published, outlet, url, author, language, "
    "ingested_at, skipped, previous_id, length(text) AS chars FROM documents ORDER BY rowid",
    "claims": "SELECT c.id, c.document_id, c.start, c.\"end\", c.surface, c.value, c.low, "
    "c.high, c.bound, c.trend, c.unit, c.kind, c.counted, c.predicate, c.period_text, "
    "c.period_start, c.period_end, c.place, s.name AS speaker, s.role AS speaker_role, "
    "c.version FROM claims c LEFT JOIN speakers s ON s.id = c.speaker_id ORDER BY c.rowid",
    "quotes": "SELECT q.id, q.document_id, q.start, q.\"end\", q.kind, q.text, "
    "s.name AS speaker, s.role AS speaker_role, q.version "
    "FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id ORDER BY q.rowid",
}


class SQLiteStore:
    """A ledger in one SQLite file; created and migrated on open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                    check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        apply_sqlite(self.conn)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- runs -------------------------------------------------------------

    def begin_run(self, command: str) -> int:
        with self._write() as db:
            cur = db.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)",
                             (command, now()))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: RunCounts) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, stored = ?, unchanged = ?, rejected = ? "
                "WHERE id = ?",
                (now(), counts.stored, counts.unchanged, counts.rejected, run_id),
            )

    # -- writing ----------------------------------------------------------

    def known(self, document_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,))
        return row.fetchone() is not None

    def put(self, document: Document, extraction: Extraction, run_id: int | None) -> Outcome:
        with self._write() as db:
            if db.execute("SELECT 1 FROM documents WHERE id = ?", (document.id,)).fetchone():
                return Outcome.UNCHANGED
            previous = None
            if document.url:
                row = db.execute(
                    "SELECT id FROM documents WHERE url = ? ORDER BY rowid DESC LIMIT 1",
                    (document.url,),
                ).fetchone()
                previous = row["id"] if row else None
            db.execute(
                "INSERT INTO documents (id, source, title, published, outlet, url, author, "
                "language, text, ingested_at, versions, skipped, previous_id, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document.id, document.source, document.title, document.published,
                 document.outlet, document.url, document.author, extraction.language,
                 document.text, now(), json.dumps(extraction.versions, sort_keys=True),
                 extraction.skipped, previous, run_id),
            )
            db.executemany(
                "INSERT INTO repeats VALUES (?, ?, ?, ?, ?)",
                [(document.id, *r.span, *r.copy_of) for r in extraction.repeats],
            )
            self._put_items(db, document, extraction)
        return Outcome.NEW_VERSION if previous else Outcome.STORED

    def _put_items(self, db: sqlite3.Connection, doc: Document, ex: Extraction) -> None:
        speakers: dict[tuple[str | None, str | None, bool], int] = {}

        def speaker_id(s: Speaker | None) -> int | None:
            if s is None:
                return None
            key = (s.name, s.role, s.anonymous)
            if key not in speakers:
                db.execute(
                    "INSERT OR IGNORE INTO speakers (document_id, name, role, anonymous, key) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (doc.id, s.name, s.role, int(s.anonymous), speaker_key(s.name)),
                )
                row = db.execute(
                    "SELECT id FROM speakers WHERE document_id = ? AND name IS ? AND role IS ? "
                    "AND anonymous = ?", (doc.id, s.name, s.role, int(s.anonymous)),
                ).fetchone()
                speakers[key] = int(row["id"])
            return speakers[key]

        fig_v = ex.versions.get("figures", "")
        for f in ex.figures:
            p = f.period
            db.execute(
                "INSERT OR IGNORE INTO claims VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item_id(doc.id, "c", f.span, fig_v), doc.id, *f.span, f.surface, f.value,
                 f.low, f.high, f.bound, f.trend, f.unit, f.kind, f.counted, f.predicate,
                 p.text if p else None, p.start if p else None, p.end if p else None, f.place,
                 speaker_id(f.speaker), *_pair(f.speaker.mention if f.speaker else None),
                 *_pair(f.cue), *f.sentence, fig_v),
            )
        quote_v = ex.versions.get("quotes", "")
        for q in ex.quotes:
            db.execute(
                "INSERT OR IGNORE INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item_id(doc.id, "q", q.span, quote_v), doc.id, *q.span, q.kind,
                 doc.text[q.span[0]:q.span[1]], speaker_id(q.speaker),
                 *_pair(q.speaker.mention if q.speaker else None), *_pair(q.cue), quote_v),
            )

    def reject(self, rejection: Rejection, run_id: int | None) -> None:
        """Record a rejection once per (source, reason, size): reruns add no duplicates."""
        key = f"{rejection.source}|{rejection.reason}|{rejection.size}"
        rid = hashlib.sha256(key.encode()).hexdigest()[:16]
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO rejections VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rid, rejection.source, rejection.reason, rejection.detail, rejection.size,
                 now(), run_id),
            )

    # -- reading ----------------------------------------------------------

    @contextmanager
    def _bounded(self) -> Iterator[sqlite3.Connection]:
        """Abort a read that runs away (a hostile search, a huge scan)."""
        steps = [0]

        def tick() -> int:
            steps[0] += 1
            return 1 if steps[0] * 1000 > QUERY_STEPS_LIMIT else 0

        self.conn.set_progress_handler(tick, 1000)
        try:
            yield self.conn
        finally:
            self.conn.set_progress_handler(None, 0)

    def get(self, document_id: str) -> tuple[Document, Extraction] | None:
        rows = self.conn.execute(
            "SELECT * FROM documents WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT 2",
            (document_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),),
        ).fetchall()
        if len(rows) != 1:
            return None
        row = rows[0]
        doc = Document(
            id=row["id"], source=row["source"], text=row["text"], language=row["language"],
            title=row["title"], published=row["published"], outlet=row["outlet"],
            url=row["url"], author=row["author"], previous_id=row["previous_id"],
            ingested_at=row["ingested_at"],
        )
        return doc, self._extraction(row)

    def _extraction(self, doc: sqlite3.Row) -> Extraction:
        did = doc["id"]
        speakers = {
            r["id"]: r for r in self.conn.execute(
                "SELECT * FROM speakers WHERE document_id = ?", (did,))
        }

        def speaker(r: sqlite3.Row) -> Speaker | None:
            s = speakers.get(r["speaker_id"])
            if s is None:
                return None
            return Speaker(s["name"], s["role"], (r["mention_start"], r["mention_end"]),
                           bool(s["anonymous"]))

        figures = tuple(
            Figure(
                span=(r["start"], r["end"]), surface=r["surface"], value=r["value"],
                bound=r["bound"], kind=r["kind"],
                sentence=(r["sentence_start"], r["sentence_end"]), low=r["low"],
                high=r["high"], trend=r["trend"], unit=r["unit"], counted=r["counted"],
                predicate=r["predicate"],
                period=Period(r["period_text"], r["period_start"], r["period_end"])
                if r["period_text"] is not None else None,
                place=r["place"], speaker=speaker(r), cue=_offsets(r["cue_start"], r["cue_end"]),
            )
            for r in self.conn.execute(
                "SELECT * FROM claims WHERE document_id = ? ORDER BY start, \"end\"", (did,))
        )
        quotes = tuple(
            Quote(span=(r["start"], r["end"]), kind=r["kind"], speaker=speaker(r),
                  cue=_offsets(r["cue_start"], r["cue_end"]))
            for r in self.conn.execute(
                "SELECT * FROM quotes WHERE document_id = ? ORDER BY start, \"end\"", (did,))
        )
        repeats = tuple(
            Repeat((r["start"], r["end"]), (r["copy_start"], r["copy_end"]))
            for r in self.conn.execute(
                "SELECT * FROM repeats WHERE document_id = ? ORDER BY start", (did,))
        )
        return Extraction(language=doc["language"], repeats=repeats, figures=figures,
                          quotes=quotes, skipped=doc["skipped"],
                          versions=json.loads(doc["versions"]))

    def rows(self, table: str, limit: int | None = None) -> Iterator[LedgerRow]:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
        sql = _EXPORT_SQL[table] + (" LIMIT ?" if limit is not None else "")
        cursor = self.conn.execute(sql, (limit,) if limit is not None else ())
        for row in cursor:
            yield dict(row)

    def rejections(self, limit: int | None = None) -> list[StoredRejection]:
        sql = "SELECT * FROM rejections ORDER BY rejected_at, source" + (
            " LIMIT ?" if limit is not None else "")
        return [
            StoredRejection(Rejection(r["source"], r["reason"], r["detail"], r["size"]),
                            r["rejected_at"], r["run_id"])
            for r in self.conn.execute(sql, (limit,) if limit is not None else ())
        ]

    def search(self, query: str, limit: int = 20) -> list[LedgerRow]:
        """Documents and quotes matching ``query`` (words, quoted as FTS5 phrases)."""
        match = _fts_query(query)
        if not match:
            return []
        with self._bounded() as db:
            docs = db.execute(
                "SELECT d.id AS document_id, d.title, 'document' AS hit, "
                "snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit),
            ).fetchall()
            quotes = db.execute(
                "SELECT q.document_id, q.id AS quote_id, 'quote' AS hit, "
                "snippet(quotes_fts, 0, '[', ']', '…', 12) AS snippet "
                "FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid "
                "WHERE quotes_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit),
            ).fetchall()
        return [dict(r) for r in (*docs, *quotes)]

    def count(self, table: str) -> int:
        if table not in (*TABLES, "rejections", "runs"):
            raise ValueError(f"unknown table {table!r}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _pair(offsets: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (None, None) if offsets is None else offsets


def _offsets(start: Any, end: Any) -> tuple[int, int] | None:
    return None if start is None else (int(start), int(end))


def _fts_query(query: str) -> str:
    """Each word as a quoted phrase: user input never reaches FTS5 syntax."""
    words = [w.replace('"', '""') for w in query.split()[:20]]
    return " ".join(f'"{w}"' for w in words if w)
