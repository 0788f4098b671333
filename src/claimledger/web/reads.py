"""The listings the web app needs that the ``Store`` Protocol does not offer yet.

Pages list documents, everything one person said, the busiest measures and the
newest conflicts, a page at a time. The Store answers whole-ledger questions
(``conflicts()`` returns every conflict), which at 20,000 documents is far too
slow for a page, so until the Store grows ordered, paged reads (they are named in
docs/web.md) these run here on the SQLite store's connection: parameterised,
bounded by a VM-step budget, read-only, and building the reconcile records
(``ClaimRef``, ``Conflict``) with their published fields.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from claimledger.reconcile.records import ClaimRef, Conflict
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
class MeasureSummary:
    id: str
    label: str
    unit: str | None
    kind_of_period: str
    claims: int
    conflicts: int


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

    # -- reconcile output, a page at a time -------------------------------

    def reconcile_counts(self) -> tuple[int, int]:
        """How many measures and conflicts the ledger holds."""
        row = self._all("SELECT (SELECT count(*) FROM measures), "
                        "(SELECT count(*) FROM conflicts)", ())[0]
        return int(row[0]), int(row[1])

    def measure_summaries(self, offset: int, limit: int) -> list[MeasureSummary]:
        """Measures with most claims (then conflicts) first."""
        rows = self._all(
            "SELECT ms.id, ms.label, ms.unit, ms.kind_of_period, "
            "(SELECT count(*) FROM measure_claims m WHERE m.measure_id = ms.id) AS claims, "
            "(SELECT count(*) FROM conflicts x WHERE x.measure_id = ms.id) AS conflicts "
            "FROM measures ms ORDER BY claims DESC, conflicts DESC, ms.label "
            "LIMIT ? OFFSET ?", (limit, offset))
        return [MeasureSummary(**dict(r)) for r in rows]

    def measure_claims(self, measure_id: str, limit: int) -> list[ClaimRef]:
        """A measure's claims, oldest publication first."""
        rows = self._all(_CLAIM_REF + " JOIN measure_claims m ON m.claim_id = c.id "
                         "WHERE m.measure_id = ? ORDER BY d.published, c.id LIMIT ?",
                         (measure_id, limit))
        return [_ref(r) for r in rows]

    def figure_claims(self, measure_id: str, limit: int) -> list[str]:
        """One claim id per distinct figure of a measure, most repeated figure first."""
        rows = self._all("SELECT min(claim_id) FROM measure_claims WHERE measure_id = ? "
                         "GROUP BY figure_key ORDER BY count(*) DESC, figure_key LIMIT ?",
                         (measure_id, limit))
        return [str(r[0]) for r in rows]

    def newest_conflicts(self, offset: int, limit: int) -> list[Conflict]:
        """Conflicts by the later publication date of their two claims, newest first."""
        return self._conflicts(
            "ORDER BY max(coalesce(da.published, ''), coalesce(db.published, '')) DESC, x.id "
            "LIMIT ? OFFSET ?", (limit, offset))

    def measure_conflicts(self, measure_id: str, limit: int) -> list[Conflict]:
        return self._conflicts("WHERE x.measure_id = ? ORDER BY x.relative_gap DESC, x.id "
                               "LIMIT ?", (measure_id, limit))

    def document_conflicts(self, document_id: str) -> list[Conflict]:
        """Conflicts one of whose claims is in this document (found through its measures,
        which are indexed, rather than by claim, which is not)."""
        return self._conflicts(
            "WHERE x.measure_id IN (SELECT m.measure_id FROM claims c JOIN measure_claims m "
            "ON m.claim_id = c.id WHERE c.document_id = ?) AND (ca.document_id = ? OR "
            "cb.document_id = ?) ORDER BY x.relative_gap DESC, x.id",
            (document_id, document_id, document_id))

    def _conflicts(self, rest: str, params: tuple[Any, ...]) -> list[Conflict]:
        rows = self._all(
            "SELECT x.id, x.measure_id, ms.label, x.claim_a, x.claim_b, x.relative_gap, "
            "x.explanation FROM conflicts x JOIN measures ms ON ms.id = x.measure_id "
            "JOIN claims ca ON ca.id = x.claim_a JOIN documents da ON da.id = ca.document_id "
            "JOIN claims cb ON cb.id = x.claim_b JOIN documents db ON db.id = cb.document_id "
            + rest, params)
        ids = sorted({r["claim_a"] for r in rows} | {r["claim_b"] for r in rows})
        refs = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            marks = ", ".join("?" * len(part))
            refs.update({r["id"]: _ref(r) for r in self._all(
                _CLAIM_REF + f" WHERE c.id IN ({marks})", tuple(part))})
        return [Conflict(r["id"], r["measure_id"], r["label"],
                         (refs[r["claim_a"]], refs[r["claim_b"]]), r["relative_gap"],
                         r["explanation"]) for r in rows]


_CLAIM_REF = (
    "SELECT c.id, c.surface, c.value, c.low, c.high, c.bound, c.period_text, "
    "s.name AS speaker, c.document_id, d.title, d.published FROM claims c "
    "JOIN documents d ON d.id = c.document_id LEFT JOIN speakers s ON s.id = c.speaker_id"
)


def _ref(r: sqlite3.Row) -> ClaimRef:
    return ClaimRef(r["id"], r["surface"], r["value"], r["low"], r["high"], r["bound"],
                    r["period_text"], r["speaker"], r["document_id"], r["title"],
                    r["published"])
