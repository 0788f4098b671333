"""Ledger logic shared by the SQLite and PostgreSQL stores.

Both engines hold the same tables and columns (PostgreSQL names its identity
column ``rowid`` so insertion order reads the same way in both), so writing a
document, reading it back, exporting rows and keeping feed state is this one
piece of code. A backend supplies only what its engine does differently: how a
write transaction starts, how a read is bounded, per-key locking, full-text
search and its placeholder style. SQL here is written with ``?`` placeholders;
:meth:`SQLStore._sql` rewrites them for the backend, and every value is a
parameter, never text pasted into SQL.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from claimledger.contract import item_id
from claimledger.records import (
    Amount,
    Document,
    Extraction,
    Figure,
    Period,
    Quote,
    Reading,
    Rejection,
    Repeat,
    Speaker,
    kept_amount,
)
from claimledger.store.base import (
    TABLES,
    LedgerRow,
    Outcome,
    RunCounts,
    StoredRejection,
    escape_like,
    id_prefix,
)
from claimledger.store.feeds import FeedState
from claimledger.store.jobs import IngestJob, JobStatus
from claimledger.store.migrations import now
from claimledger.store.reconcile_sql import RECONCILE_LOCK, ReconcileSQL, SQLTables
from claimledger.store.speakers import speaker_key

if TYPE_CHECKING:
    from claimledger.store.listings import Listings

Row = Mapping[str, Any]
Db = Any
"""An open connection inside a transaction: ``sqlite3.Connection`` or ``psycopg.Connection``.

Both offer ``execute(sql, params)`` returning a cursor of name-addressable rows,
which is all this module uses; their type stubs share no common base.
"""

EXPORT_SQL = {
    "documents": "SELECT id, source, title, published, outlet, url, author, language, "
    "ingested_at, skipped, previous_id, published_from, length(text) AS chars "
    "FROM documents ORDER BY rowid",
    "claims": "SELECT c.id, c.document_id, c.start, c.\"end\", c.surface, c.value, c.low, "
    "c.high, c.bound, c.trend, c.unit, c.kind, c.counted, c.predicate, c.period_text, "
    "c.period_start, c.period_end, c.place, s.name AS speaker, s.role AS speaker_role, "
    "c.thing, c.modifiers, c.event, c.about, c.version, "
    "COALESCE(c.amount, c.value) AS amount, COALESCE(c.amount_low, c.low) AS amount_low, "
    "COALESCE(c.amount_high, c.high) AS amount_high, "
    "COALESCE(c.amount_unit, c.unit) AS amount_unit "
    "FROM claims c LEFT JOIN speakers s ON s.id = c.speaker_id ORDER BY c.rowid",
    "quotes": "SELECT q.id, q.document_id, q.start, q.\"end\", q.kind, q.text, q.quoted, "
    "s.name AS speaker, s.role AS speaker_role, q.rule, q.version "
    "FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id ORDER BY q.rowid",
}
_DOCUMENT_COLUMNS = ("id, source, title, published, outlet, url, author, language, text, "
                     "ingested_at, versions, skipped, previous_id, published_from")
_CLAIM_COLUMNS = ("id, document_id, start, \"end\", surface, value, low, high, bound, trend, "
                  "unit, kind, counted, predicate, period_text, period_start, period_end, place, "
                  "speaker_id, mention_start, mention_end, cue_start, cue_end, sentence_start, "
                  "sentence_end, version, thing, modifiers, event, about, amount, amount_low, "
                  "amount_high, amount_unit")
_QUOTE_COLUMNS = ("id, document_id, start, \"end\", kind, text, speaker_id, mention_start, "
                  "mention_end, cue_start, cue_end, version, quoted, rule")
COUNTABLE = (*TABLES, "rejections", "runs", "feeds", "feed_entries")


def _amount(f: Figure) -> tuple[float | None, float | None, float | None, str | None]:
    """The compared amount as stored: always written, so a reader never guesses."""
    a = f.compared()
    return a.value, a.low, a.high, a.unit


def _stored_amount(r: Row) -> Amount | None:
    """The figure's ``amount`` back from its row: ``None`` when it is the value as stated
    (or the row predates migration 0007, whose ``value`` is already the amount)."""
    return kept_amount(Amount(r["amount"], r["amount_low"], r["amount_high"], r["amount_unit"]),
                       Amount(r["value"], r["low"], r["high"], r["unit"]))


def _alive(pid: int) -> bool:
    """Whether a process of this host is running (signal 0 tests, sends nothing)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _values(columns: str) -> str:
    return ", ".join("?" for _ in columns.split(","))


def rejection_id(rejection: Rejection) -> str:
    """One id per (source, reason, size): a rerun records the same rejection once."""
    key = f"{rejection.source}|{rejection.reason}|{rejection.size}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


class SQLStore(ReconcileSQL, ABC):
    """The ledger over a DB-API connection; subclasses adapt it to one engine."""

    conn: Any
    placeholder = "?"

    # -- what a backend provides --------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _write(self) -> AbstractContextManager[Db]:
        """One write transaction, rolled back when the block raises; inside another
        (see :meth:`batch`) a savepoint, so only the failed write is undone."""

    @contextmanager
    def batch(self) -> Iterator[None]:
        """The writes in the block commit together: many small documents cost one
        commit (and one full-text index segment) instead of one each.

        A batch takes the ledger's reconcile lock first and keeps it to commit, as a
        lone ``put`` does: every writer that may wait on another takes that lock
        before anything else, so two batches never wait on each other in a cycle
        (two ingests of one corpus insert the same rows)."""
        with self._write() as db:
            self._lock(db, [RECONCILE_LOCK])
            yield

    @abstractmethod
    def _bounded(self, budget_ms: float | None = None) -> AbstractContextManager[Db]:
        """A read whose running time is capped (at ``budget_ms`` when given), so a
        hostile search cannot hang."""

    @abstractmethod
    def change_token(self) -> str:
        """A cheap value that differs after another connection commits a change to the
        ledger, so a reader can keep whole-ledger aggregates until it moves. It may
        also move when nothing the reader sees changed (that only costs a recount)."""

    @abstractmethod
    def _lock(self, db: Db, keys: list[str]) -> None:
        """Serialise writers of the same document id or URL within ``db``'s transaction."""

    @abstractmethod
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[LedgerRow]: ...

    def _stream(self, sql: str, params: tuple[Any, ...]) -> Iterator[Row]:
        """Rows of a possibly huge query; backends may fetch them in batches."""
        yield from self.conn.execute(self._sql(sql), params)

    # -- shared ---------------------------------------------------------------

    def _sql(self, sql: str) -> str:
        if self.placeholder == "?":
            return sql
        return sql.replace("%", "%%").replace("?", self.placeholder)

    def _run(self, db: Db, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return db.execute(self._sql(sql), params)

    def listings(self) -> Listings:
        from claimledger.store.listings import Listings  # it reads through query()

        return Listings(self)

    def query(self, sql: str, params: tuple[Any, ...] = (),
              budget_ms: float | None = None) -> list[Row]:
        """Rows of one read written with ``?`` placeholders, bounded like a search (or
        by ``budget_ms``: an optional count that may be left out when it is slow).

        For :class:`~claimledger.store.listings.Listings`, the store's paged reads, so
        they run on either engine without touching its driver. Raises
        :class:`QueryTooSlow` past the budget.
        """
        with self._bounded(budget_ms) as db:
            return list(self._run(db, sql, params).fetchall())

    def begin_run(self, command: str) -> int:
        """A new run, after marking as interrupted the unfinished runs of this host whose
        process is gone (killed mid-run); another host's or a live process's are left."""
        host = socket.gethostname()
        with self._write() as db:
            rows = self._run(db, "SELECT id, pid FROM runs WHERE finished_at IS NULL AND "
                             "host = ?", (host,)).fetchall()
            for r in rows:
                if r["pid"] is not None and not _alive(int(r["pid"])):
                    self._run(db, "UPDATE runs SET finished_at = ?, interrupted = 1 "
                              "WHERE id = ?", (now(), r["id"]))
            row = self._run(db, "INSERT INTO runs (command, started_at, host, pid) "
                            "VALUES (?, ?, ?, ?) RETURNING id",
                            (command, now(), host, os.getpid())).fetchone()
        return int(row["id"])

    def finish_run(self, run_id: int, counts: RunCounts) -> None:
        with self._write() as db:
            self._run(
                db, "UPDATE runs SET finished_at = ?, stored = ?, unchanged = ?, rejected = ? "
                "WHERE id = ?", (now(), counts.stored, counts.unchanged, counts.rejected, run_id),
            )

    def known(self, document_id: str) -> bool:
        row = self._run(self.conn, "SELECT 1 AS one FROM documents WHERE id = ?", (document_id,))
        return row.fetchone() is not None

    def put(self, document: Document, extraction: Extraction, run_id: int | None,
            reconcile: bool = True) -> Outcome:
        """Store a document and its items, and reconcile it with the ledger, in one
        transaction; an existing id is left alone.

        One transaction, so a run killed at any point leaves no document stored but
        unreconciled (a rerun skips stored documents, so it would stay so). A new
        text at a URL already in the ledger becomes a new version whose
        ``previous_id`` is the latest document at that URL. ``reconcile=False`` is
        for building a ledger in bulk and rebuilding once (:meth:`reconcile`).
        """
        with self._write() as db:
            keys = sorted({document.id, document.url or document.id})
            self._lock(db, [RECONCILE_LOCK, *keys] if reconcile else keys)
            if self._run(db, "SELECT 1 AS one FROM documents WHERE id = ?",
                         (document.id,)).fetchone():
                return Outcome.UNCHANGED
            previous = None
            if document.url:
                row = self._run(
                    db, "SELECT id FROM documents WHERE url = ? ORDER BY rowid DESC LIMIT 1",
                    (document.url,),
                ).fetchone()
                previous = row["id"] if row else None
            self._run(
                db, f"INSERT INTO documents ({_DOCUMENT_COLUMNS}, run_id) "
                f"VALUES ({_values(_DOCUMENT_COLUMNS)}, ?)",
                (document.id, document.source, document.title, document.published,
                 document.outlet, document.url, document.author, extraction.language,
                 document.text, now(), json.dumps(extraction.versions, sort_keys=True),
                 extraction.skipped, previous, document.published_from, run_id),
            )
            for r in extraction.repeats:
                self._run(db, "INSERT INTO repeats (document_id, start, \"end\", copy_start, "
                          "copy_end) VALUES (?, ?, ?, ?, ?)", (document.id, *r.span, *r.copy_of))
            self._put_items(db, document, extraction)
            if reconcile:
                self._reconcile(db, document.id)
        return Outcome.NEW_VERSION if previous else Outcome.STORED

    def stale(self, versions: Mapping[str, str] | None) -> list[str]:
        """Ids of the documents, in ingest order, whose stored extraction was made by
        other versions of the components named in ``versions`` (``None``: all)."""
        rows = self._run(self.conn, "SELECT id, versions FROM documents ORDER BY rowid")
        return [r["id"] for r in rows if versions is None or any(
            json.loads(r["versions"] or "{}").get(k) != v for k, v in versions.items())]

    def replace_extraction(self, document_id: str, extraction: Extraction) -> bool:
        """Put ``extraction`` in place of a stored document's claims, quotes, speakers and
        repeats, in one transaction; ``False`` when no such document is stored.

        Reconciliation rows are cleared with it (they point at the claims replaced), so
        a run killed between documents leaves a ledger that is consistent and merely
        unreconciled; :meth:`reconcile` rebuilds them."""
        found = self.get(document_id)
        if found is None:
            return False
        document = found[0]
        with self._write() as db:
            self._lock(db, [RECONCILE_LOCK, document_id])
            SQLTables(self, db).clear()
            for table in ("claims", "quotes", "repeats"):
                self._run(db, f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
            self._run(db, "DELETE FROM speakers WHERE document_id = ?", (document_id,))
            self._run(db, "UPDATE documents SET language = ?, versions = ?, skipped = ? "
                      "WHERE id = ?", (extraction.language,
                                       json.dumps(extraction.versions, sort_keys=True),
                                       extraction.skipped, document_id))
            for r in extraction.repeats:
                self._run(db, "INSERT INTO repeats (document_id, start, \"end\", copy_start, "
                          "copy_end) VALUES (?, ?, ?, ?, ?)", (document_id, *r.span, *r.copy_of))
            self._put_items(db, document, extraction)
        return True

    def _put_items(self, db: Db, doc: Document, ex: Extraction) -> None:
        speakers: dict[tuple[str | None, str | None, bool], int] = {}

        def speaker_id(s: Speaker | None) -> int | None:
            """Each distinct speaker once per document (the document is new here)."""
            if s is None:
                return None
            key = (s.name, s.role, s.anonymous)
            if key not in speakers:
                row = self._run(
                    db, "INSERT INTO speakers (document_id, name, role, anonymous, key) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (doc.id, s.name, s.role, int(s.anonymous), speaker_key(s.name)),
                ).fetchone()
                speakers[key] = int(row["id"])
            return speakers[key]

        fig_v = ex.versions.get("figures", "")
        for f in ex.figures:
            p = f.period
            self._run(
                db, f"INSERT INTO claims ({_CLAIM_COLUMNS}) VALUES ({_values(_CLAIM_COLUMNS)}) "
                "ON CONFLICT DO NOTHING",
                (item_id(doc.id, "c", f.span, fig_v), doc.id, *f.span, f.surface, f.value,
                 f.low, f.high, f.bound, f.trend, f.unit, f.kind, f.counted, f.predicate,
                 p.text if p else None, p.start if p else None, p.end if p else None, f.place,
                 speaker_id(f.speaker), *_pair(f.speaker.mention if f.speaker else None),
                 *_pair(f.cue), *f.sentence, fig_v, f.reading.thing,
                 "|".join(f.reading.modifiers), f.reading.event, f.reading.about,
                 *_amount(f)),
            )
        quote_v = ex.versions.get("quotes", "")
        for q in ex.quotes:
            self._run(
                db, f"INSERT INTO quotes ({_QUOTE_COLUMNS}) VALUES ({_values(_QUOTE_COLUMNS)}) "
                "ON CONFLICT DO NOTHING",
                (item_id(doc.id, "q", q.span, quote_v), doc.id, *q.span, q.kind,
                 doc.text[q.span[0]:q.span[1]], speaker_id(q.speaker),
                 *_pair(q.speaker.mention if q.speaker else None), *_pair(q.cue), quote_v,
                 json.dumps([list(x) for x in q.quoted]) if q.quoted else None, q.rule),
            )

    def reject(self, rejection: Rejection, run_id: int | None) -> None:
        """Record a rejection once per (source, reason, size): reruns add no duplicates."""
        with self._write() as db:
            self._run(
                db, "INSERT INTO rejections (id, source, reason, detail, size, rejected_at, "
                "run_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (rejection_id(rejection), rejection.source, rejection.reason, rejection.detail,
                 rejection.size, now(), run_id),
            )

    # -- reading --------------------------------------------------------------

    def get(self, document_id: str) -> tuple[Document, Extraction] | None:
        """A document by id or unique id prefix, with what was extracted from it."""
        rows = self._run(
            self.conn, f"SELECT {_DOCUMENT_COLUMNS} FROM documents "
            f"WHERE {id_prefix('id')} LIMIT 2", (escape_like(document_id),),
        ).fetchall()
        if len(rows) != 1:
            return None
        row = rows[0]
        doc = Document(
            id=row["id"], source=row["source"], text=row["text"], language=row["language"],
            title=row["title"], published=row["published"], outlet=row["outlet"],
            url=row["url"], author=row["author"], previous_id=row["previous_id"],
            ingested_at=row["ingested_at"], published_from=row["published_from"],
        )
        return doc, self._extraction(row)

    def _extraction(self, doc: Row) -> Extraction:
        did = (doc["id"],)
        speakers = {
            r["id"]: r for r in self._run(
                self.conn, "SELECT id, name, role, anonymous FROM speakers "
                "WHERE document_id = ?", did)
        }

        def speaker(r: Row) -> Speaker | None:
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
                reading=Reading(r["thing"], tuple(filter(None, (r["modifiers"] or "").split("|"))),
                                r["event"], r["about"]),
                amount=_stored_amount(r),
            )
            for r in self._run(self.conn, f"SELECT {_CLAIM_COLUMNS} FROM claims "
                               "WHERE document_id = ? ORDER BY start, \"end\"", did)
        )
        quotes = tuple(
            Quote(span=(r["start"], r["end"]), kind=r["kind"], speaker=speaker(r),
                  cue=_offsets(r["cue_start"], r["cue_end"]),
                  quoted=tuple((s, e) for s, e in json.loads(r["quoted"] or "[]")),
                  rule=r["rule"])
            for r in self._run(self.conn, f"SELECT {_QUOTE_COLUMNS} FROM quotes "
                               "WHERE document_id = ? ORDER BY start, \"end\"", did)
        )
        repeats = tuple(
            Repeat((r["start"], r["end"]), (r["copy_start"], r["copy_end"]))
            for r in self._run(self.conn, "SELECT start, \"end\", copy_start, copy_end "
                               "FROM repeats WHERE document_id = ? ORDER BY start", did)
        )
        return Extraction(language=doc["language"], repeats=repeats, figures=figures,
                          quotes=quotes, skipped=doc["skipped"],
                          versions=json.loads(doc["versions"]))

    def rows(self, table: str, limit: int | None = None) -> Generator[LedgerRow]:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
        sql = EXPORT_SQL[table] + (" LIMIT ?" if limit is not None else "")
        for row in self._stream(sql, (limit,) if limit is not None else ()):
            yield dict(row)

    def rejections(self, limit: int | None = None) -> list[StoredRejection]:
        sql = "SELECT source, reason, detail, size, rejected_at, run_id FROM rejections " \
              "ORDER BY rejected_at, source" + (" LIMIT ?" if limit is not None else "")
        return [
            StoredRejection(Rejection(r["source"], r["reason"], r["detail"], r["size"]),
                            r["rejected_at"], r["run_id"])
            for r in self._run(self.conn, sql, (limit,) if limit is not None else ())
        ]

    def count(self, table: str) -> int:
        if table not in COUNTABLE:
            raise ValueError(f"unknown table {table!r}")
        # The name is one of COUNTABLE, never user text.
        return int(self._run(self.conn, f"SELECT count(*) AS n FROM {table}").fetchone()["n"])

    def migrations(self) -> list[str]:
        """Names of the applied schema migrations, in the order they ran."""
        return [r["name"] for r in self._run(
            self.conn, "SELECT name FROM _migrations ORDER BY applied_at, name")]

    # -- web ingest jobs (see store/jobs.py) -----------------------------------

    def enqueue(self, job: IngestJob) -> None:
        with self._write() as db:
            self._run(db, "INSERT INTO ingest_jobs (id, created_at, status, name, format, "
                      "payload, overrides, fetch_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      (job.id, job.created_at, "queued", job.name, job.format, job.payload,
                       job.overrides, job.fetch))

    def claim_job(self) -> IngestJob | None:
        with self._write() as db:
            row = self._run(db, f"SELECT {_JOB} FROM ingest_jobs WHERE status = 'queued' "
                            "ORDER BY created_at, id LIMIT 1").fetchone()
            if row is None:
                return None
            taken = self._run(db, "UPDATE ingest_jobs SET status = 'running' "
                              "WHERE id = ? AND status = 'queued'", (row["id"],))
            if taken.rowcount != 1:
                return None
            return _job(row, "running", row["payload"])

    def finish_job(self, job_id: str, result: str) -> None:
        with self._write() as db:
            self._run(db, "UPDATE ingest_jobs SET status = 'done', result = ?, finished_at = ?, "
                      "payload = ? WHERE id = ?", (result, now(), b"", job_id))

    def requeue_running(self) -> int:
        with self._write() as db:
            return int(self._run(db, "UPDATE ingest_jobs SET status = 'queued' "
                                 "WHERE status = 'running'").rowcount)

    def ingest_job(self, job_id: str) -> IngestJob | None:
        row = self._run(self.conn, f"SELECT {_JOB} FROM ingest_jobs WHERE id = ?",
                        (job_id,)).fetchone()
        return None if row is None else _job(row, payload=row["payload"])

    def ingest_jobs(self, limit: int = 50) -> list[IngestJob]:
        rows = self._run(self.conn, f"SELECT {_JOB_LISTED} FROM ingest_jobs "
                         "ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
        return [_job(r) for r in rows]

    # -- feed state (see watch.py) -------------------------------------

    def feed_state(self, url: str) -> FeedState | None:
        row = self._run(self.conn, "SELECT url, etag, last_modified, checked_at, status "
                        "FROM feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return FeedState(row["url"], row["etag"], row["last_modified"], row["checked_at"],
                         row["status"])

    def save_feed_state(self, state: FeedState) -> None:
        with self._write() as db:
            self._run(
                db, "INSERT INTO feeds (url, etag, last_modified, checked_at, status) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, checked_at = excluded.checked_at, "
                "status = excluded.status",
                (state.url, state.etag, state.last_modified, state.checked_at, state.status),
            )

    def seen_entry(self, feed_url: str, entry: str) -> bool:
        return self._run(self.conn, "SELECT 1 AS one FROM feed_entries WHERE feed_url = ? "
                         "AND entry = ?", (feed_url, entry)).fetchone() is not None

    def mark_entry(self, feed_url: str, entry: str) -> None:
        with self._write() as db:
            self._run(db, "INSERT INTO feed_entries (feed_url, entry, seen_at) VALUES (?, ?, ?) "
                      "ON CONFLICT DO NOTHING", (feed_url, entry, now()))


_JOB_LISTED = "id, created_at, status, name, format, overrides, fetch_url, result, finished_at"
_JOB = _JOB_LISTED + ", payload"


def _job(r: Row, status: JobStatus | None = None, payload: Any = b"") -> IngestJob:
    return IngestJob(r["id"], r["created_at"], status or r["status"], r["name"], r["format"],
                     bytes(payload or b""), r["overrides"], r["fetch_url"], r["result"],
                     r["finished_at"])


def _pair(offsets: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (None, None) if offsets is None else offsets


def _offsets(start: Any, end: Any) -> tuple[int, int] | None:
    return None if start is None else (int(start), int(end))
