"""The listings the web app needs that the ``Store`` Protocol does not offer yet.

Pages list documents, everything one person said, the busiest measures and the
newest conflicts, a page at a time. The Store answers whole-ledger questions
(``conflicts()`` returns every conflict), which at 20,000 documents is far too
slow for a page, so until the Store grows ordered, paged reads (they are named in
docs/web.md) these run here through :meth:`SQLStore.query`: parameterised,
bounded (SQLite VM steps, PostgreSQL ``statement_timeout``), read-only, and
building the reconcile records (``ClaimRef``, ``Conflict``) with their published
fields. The SQL is what SQLite and PostgreSQL both accept: no engine-only
functions, every selected column grouped or aggregated, no sums of booleans, and
sums cast back to integers (PostgreSQL sums ``bigint`` to ``numeric``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimledger.reconcile.records import ClaimRef, Conflict
from claimledger.store import QueryTooSlow, Store
from claimledger.store.sql import Row, SQLStore

__all__ = ["DocumentRow", "MeasureHead", "MeasureSummary", "OriginSummary", "QueryTooSlow",
           "Reads", "SpeakerRow", "SpokenClaim", "SpokenQuote"]

NEWEST = "{0} DESC NULLS LAST"
"""Newest date first and undated last in both engines (PostgreSQL's descending sort
puts NULLs first unless told). SQLite's default, so it still walks its index on
``published`` instead of sorting every document; PostgreSQL has a matching index."""
COUNTED = ("documents", "claims", "quotes", "rejections", "measures", "conflicts")


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
class MeasureHead:
    id: str
    key: str
    label: str
    kind_of_period: str
    unit: str | None


@dataclass(frozen=True, slots=True)
class OriginSummary:
    """A figure's first appearance, its sources (appearances that are not echoes) and
    how many times it appeared in all."""

    first: ClaimRef
    independent_sources: int
    appearances: int


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
    """Paged listings over one SQL ledger (SQLite or PostgreSQL)."""

    def __init__(self, store: Store) -> None:
        if not isinstance(store, SQLStore):
            raise TypeError("the web listings need a SQL ledger (SQLite or PostgreSQL)")
        self.store = store
        self._token: str | None = None
        self._cache: dict[tuple[str, tuple[Any, ...]], list[Row]] = {}

    def counts(self) -> dict[str, int]:
        """Rows in the tables the overview counts."""
        row = self._aggregate(
            "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in COUNTED), ())[0]
        return {t: int(row[t]) for t in COUNTED}

    def _all(self, sql: str, params: tuple[Any, ...]) -> list[Row]:
        return self.store.query(sql, params)

    def _aggregate(self, sql: str, params: tuple[Any, ...]) -> list[Row]:
        """Like :meth:`_all`, for whole-ledger aggregates (counts, busiest measures):
        kept until the store's change token says another connection (an ingest, a
        reconcile) committed."""
        token = self.store.change_token()
        if token != self._token:
            self._cache.clear()
            self._token = token
        key = (sql, params)
        if key not in self._cache:
            self._cache[key] = self._all(sql, params)
        return self._cache[key]

    def documents(self, offset: int, limit: int) -> list[DocumentRow]:
        """Newest publication first (undated ones last), then newest stored."""
        rows = self._all(
            "SELECT d.id, d.title, d.published, d.outlet, length(d.text) AS chars, "
            "(SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims, "
            "(SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes "
            f"FROM documents d ORDER BY {NEWEST.format('d.published')}, d.rowid DESC "
            "LIMIT ? OFFSET ?",
            (limit, offset))
        return [DocumentRow(**dict(r)) for r in rows]

    def documents_by_id(self, ids: tuple[str, ...]) -> list[DocumentRow]:
        """These documents, in the order given."""
        found: dict[str, DocumentRow] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            rows = self._all(
                "SELECT d.id, d.title, d.published, d.outlet, length(d.text) AS chars, "
                "(SELECT count(*) FROM claims c WHERE c.document_id = d.id) AS claims, "
                "(SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes "
                f"FROM documents d WHERE d.id IN ({', '.join('?' * len(part))})", part)
            found.update((r["id"], DocumentRow(**dict(r))) for r in rows)
        return [found[i] for i in ids if i in found]

    def speakers(self, offset: int, limit: int) -> list[SpeakerRow]:
        """Named speakers, linked across documents by key, most recorded first.

        Ranking needs every claim and quote counted (a second at 20,000 documents),
        so the whole ranking is kept until the ledger changes and pages slice it."""
        rows = self._aggregate(
            "WITH c AS (SELECT speaker_id, count(*) AS n FROM claims "
            "           WHERE speaker_id IS NOT NULL GROUP BY speaker_id), "
            "q AS (SELECT speaker_id, count(*) AS n FROM quotes "
            "      WHERE speaker_id IS NOT NULL GROUP BY speaker_id) "
            "SELECT s.key, max(s.name) AS name, count(DISTINCT s.document_id) AS documents, "
            "CAST(coalesce(sum(c.n), 0) AS BIGINT) AS claims, "
            "CAST(coalesce(sum(q.n), 0) AS BIGINT) AS quotes "
            "FROM speakers s LEFT JOIN c ON c.speaker_id = s.id "
            "LEFT JOIN q ON q.speaker_id = s.id "
            "WHERE s.key IS NOT NULL AND s.anonymous = 0 GROUP BY s.key "
            "ORDER BY coalesce(sum(c.n), 0) + coalesce(sum(q.n), 0) DESC, s.key", ())
        return [SpeakerRow(**dict(r)) for r in rows[offset:offset + limit]]

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
            f"ORDER BY {NEWEST.format('d.published')}, c.start LIMIT ?", (key, limit))
        quotes = self._all(
            mine + "SELECT q.id, q.document_id, d.title AS document_title, d.published, "
            "q.kind, q.text, mine.name AS speaker, mine.role FROM mine "
            "JOIN quotes q ON q.document_id = mine.document_id AND q.speaker_id = mine.id "
            "JOIN documents d ON d.id = q.document_id "
            f"ORDER BY {NEWEST.format('d.published')}, q.start LIMIT ?", (key, limit))
        return ([SpokenClaim(**dict(r)) for r in claims],
                [SpokenQuote(**dict(r)) for r in quotes])

    # -- reconcile output, a page at a time -------------------------------

    def measure_summaries(self, offset: int, limit: int) -> list[MeasureSummary]:
        """Measures with most claims (then conflicts) first."""
        rows = self._aggregate(
            "WITH c AS (SELECT measure_id, count(*) AS n FROM measure_claims "
            "           GROUP BY measure_id), "
            "x AS (SELECT measure_id, count(*) AS n FROM conflicts GROUP BY measure_id) "
            "SELECT ms.id, ms.label, ms.unit, ms.kind_of_period, coalesce(c.n, 0) AS claims, "
            "coalesce(x.n, 0) AS conflicts FROM measures ms "
            "LEFT JOIN c ON c.measure_id = ms.id LEFT JOIN x ON x.measure_id = ms.id "
            "ORDER BY claims DESC, conflicts DESC, ms.label LIMIT ? OFFSET ?", (limit, offset))
        return [MeasureSummary(**dict(r)) for r in rows]

    def measure(self, measure_id: str) -> MeasureHead | None:
        """A measure by id or unique id prefix, without its (possibly thousands of) claims."""
        prefix = measure_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._all("SELECT id, key, label, kind_of_period, unit FROM measures "
                         "WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT 2", (prefix,))
        return MeasureHead(**dict(rows[0])) if len(rows) == 1 else None

    def origins(self, measure_id: str, limit: int) -> list[OriginSummary]:
        """Where each of a measure's most repeated figures first appeared, and how often
        it was repeated without a new source."""
        rows = self._all(
            "SELECT min(o.first_claim_id) AS first_claim_id, count(*) AS appearances, "
            "sum(CASE WHEN o.role <> 'echo' THEN 1 ELSE 0 END) AS independent_sources "
            "FROM measure_claims m "
            "JOIN figure_origins o ON o.claim_id = m.claim_id WHERE m.measure_id = ? "
            "GROUP BY o.figure_key ORDER BY appearances DESC, o.figure_key LIMIT ?",
            (measure_id, limit))
        firsts = self.claim_refs([r["first_claim_id"] for r in rows])
        return [OriginSummary(firsts[r["first_claim_id"]], int(r["independent_sources"]),
                              int(r["appearances"]))
                for r in rows if r["first_claim_id"] in firsts]

    def measure_size(self, measure_id: str) -> int:
        return int(self._all("SELECT count(*) AS n FROM measure_claims WHERE measure_id = ?",
                             (measure_id,))[0]["n"])

    def measure_claims(self, measure_id: str, limit: int) -> list[ClaimRef]:
        """A measure's newest ``limit`` claims, oldest publication first."""
        rows = self._all(_CLAIM_REF + " JOIN measure_claims m ON m.claim_id = c.id "
                         f"WHERE m.measure_id = ? ORDER BY {NEWEST.format('d.published')}, "
                         "c.id DESC LIMIT ?",
                         (measure_id, limit))
        return [_ref(r) for r in reversed(rows)]

    def newest_conflicts(self, offset: int, limit: int) -> list[Conflict]:
        """Conflicts most recently found first (ingest reconciles each new document, so
        these involve the latest documents). Ordering by publication date instead
        means sorting every conflict, seconds at 80,000 of them."""
        return self._conflicts("ORDER BY x.rowid DESC LIMIT ? OFFSET ?", (limit, offset))

    def measure_conflicts(self, measure_id: str, limit: int) -> list[Conflict]:
        return self._conflicts("WHERE x.measure_id = ? ORDER BY x.relative_gap DESC, x.id "
                               "LIMIT ?", (measure_id, limit))

    def document_conflicts(self, document_id: str) -> list[Conflict]:
        """Conflicts one of whose claims is in this document (found through its measures,
        which are indexed, rather than by claim, which is not)."""
        mine = "SELECT id FROM claims WHERE document_id = ?"
        return self._conflicts(
            "WHERE x.measure_id IN (SELECT m.measure_id FROM claims c JOIN measure_claims m "
            f"ON m.claim_id = c.id WHERE c.document_id = ?) AND (x.claim_a IN ({mine}) OR "
            f"x.claim_b IN ({mine})) ORDER BY x.relative_gap DESC, x.id",
            (document_id, document_id, document_id))

    def claim_refs(self, claim_ids: list[str]) -> dict[str, ClaimRef]:
        ids = sorted(set(claim_ids))
        refs = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            marks = ", ".join("?" * len(part))
            refs.update({r["id"]: _ref(r) for r in self._all(
                _CLAIM_REF + f" WHERE c.id IN ({marks})", tuple(part))})
        return refs

    def _conflicts(self, rest: str, params: tuple[Any, ...]) -> list[Conflict]:
        rows = self._all(
            "SELECT x.id, x.measure_id, ms.label, x.claim_a, x.claim_b, x.relative_gap, "
            "x.explanation, x.kind FROM conflicts x JOIN measures ms ON ms.id = x.measure_id "
            + rest, params)
        refs = self.claim_refs([r["claim_a"] for r in rows] + [r["claim_b"] for r in rows])
        return [Conflict(r["id"], r["measure_id"], r["label"],
                         (refs[r["claim_a"]], refs[r["claim_b"]]), r["relative_gap"],
                         r["explanation"], r["kind"]) for r in rows]


_CLAIM_REF = (  # the amounts compared, so one measure's chart has one unit
    "SELECT c.id, c.surface, COALESCE(c.amount, c.value) AS value, "
    "COALESCE(c.amount_low, c.low) AS low, COALESCE(c.amount_high, c.high) AS high, "
    "c.bound, c.period_text, "
    "s.name AS speaker, c.document_id, d.title, d.published, d.outlet, d.url FROM claims c "
    "JOIN documents d ON d.id = c.document_id LEFT JOIN speakers s ON s.id = c.speaker_id"
)


def _ref(r: Row) -> ClaimRef:
    return ClaimRef(r["id"], r["surface"], r["value"], r["low"], r["high"], r["bound"],
                    r["period_text"], r["speaker"], r["document_id"], r["title"],
                    r["published"], r["outlet"], r["url"])
