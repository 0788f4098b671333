"""The store's paged reads: the ledger a page at a time, as the web and the report list it.

Pages list documents, claims (filtered, faceted, sorted), quotes, everything one
person said, the busiest measures and the newest conflicts. The ``Store`` answers
whole-ledger questions (``conflicts()`` returns every conflict), far too slow for a
page at 20,000 documents, so this role of the store answers ordered, paged ones;
callers reach it through :meth:`Store.listings` and never see SQL. Every read is
parameterised and bounded (SQLite VM steps, PostgreSQL ``statement_timeout``) and
builds the reconcile records (``ShownClaim``, ``Conflict``) with their published
fields. The SQL is what SQLite and PostgreSQL both accept: no engine-only
functions, every selected column grouped or aggregated, no sums of booleans, and
sums cast back to integers (PostgreSQL sums ``bigint`` to ``numeric``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from claimledger.reconcile.records import Conflict, ConsistencyCheck, ShownClaim
from claimledger.store.base import QueryTooSlow, escape_like, id_prefix
from claimledger.store.claim_listing import (
    FACETS,
    ROW_SQL,
    ClaimFilter,
    FacetValue,
    SortKey,
    facet_sql,
    from_for,
    newest_first,
    order_by,
    said_by,
    shown_claim,
)
from claimledger.store.reconcile_sql import CONFLICT, conflict
from claimledger.store.sql import Row, SQLStore

__all__ = [
    "DocumentRow",
    "Listings",
    "MeasureHead",
    "MeasureSummary",
    "OriginSummary",
    "QuoteFilter",
    "QuoteRow",
    "SpeakerRow",
]

NEWEST = "{0} DESC NULLS LAST"
"""Newest date first and undated last in both engines (PostgreSQL's descending sort
puts NULLs first unless told). SQLite's default, so it still walks its index on
``published`` instead of sorting every document; PostgreSQL has a matching index."""
COUNTED = ("documents", "claims", "quotes", "rejections", "measures", "conflicts")
COUNT_BUDGET_MS = 60.0
"""Time a filtered claims count may take before the page says "not counted"."""
FACET_BUDGET_MS = 60.0
"""Time the facets of one claims page may take to count, beyond those already kept."""
MAX_CACHED = 2_000
"""Aggregates kept at most (each filter combination of the claims page adds a few)."""
MEASURE_CONFLICTS = 50
"""A measure's widest disagreements shown with it on /conflicts."""


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

    first: ShownClaim
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
class QuoteRow:
    """One quote or attributed statement as the quotes list shows and exports it."""

    id: str
    document_id: str
    document_title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    kind: str
    text: str
    rule: str | None
    speaker: str | None
    speaker_key: str | None
    speaker_role: str | None


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """What the quotes list is narrowed to; every value reaches SQL as a parameter."""

    kind: str | None = None
    speaker: str | None = None
    """A speaker key."""
    document: str | None = None

    def where(self) -> tuple[str, tuple[Any, ...]]:
        parts, params = [], []
        for value, column in ((self.kind, "q.kind"), (self.document, "q.document_id")):
            if value:
                parts.append(f"{column} = ?")
                params.append(value)
        if self.speaker:
            parts.append(said_by("q"))
            params += [self.speaker, self.speaker]
        return (" AND " + " AND ".join(parts) if parts else ""), tuple(params)

    def active(self) -> dict[str, str]:
        return {k: v for k, v in (("kind", self.kind), ("speaker", self.speaker),
                                  ("document", self.document)) if v}


QUOTE_FROM = ("FROM documents d CROSS JOIN quotes q LEFT JOIN speakers s ON s.id = q.speaker_id "
              "WHERE q.document_id = d.id")
"""Quotes under their documents in publication order (see ``newest_first``)."""


class Listings:
    """Paged listings over one SQL ledger (SQLite or PostgreSQL)."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self._token: str | None = None
        self._cache: dict[tuple[str, tuple[Any, ...]], list[Row]] = {}

    def counts(self) -> dict[str, int]:
        """Rows in the tables the overview counts."""
        row = self._aggregate(
            "SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in COUNTED), ())[0]
        return {t: int(row[t]) for t in COUNTED}

    def _all(self, sql: str, params: tuple[Any, ...],
             budget_ms: float | None = None) -> list[Row]:
        if budget_ms is not None and budget_ms <= 0:
            raise QueryTooSlow("no time left in the budget")
        return self.store.query(sql, params, budget_ms)

    def _aggregate(self, sql: str, params: tuple[Any, ...],
                   budget_ms: float | None = None) -> list[Row]:
        """Like :meth:`_all`, for whole-ledger aggregates (counts, busiest measures):
        kept until the store's change token says another connection (an ingest, a
        reconcile) committed. A kept answer costs nothing, whatever ``budget_ms``."""
        token = self.store.change_token()
        if token != self._token:
            self._cache.clear()
            self._token = token
        key = (sql, params)
        if key not in self._cache:
            if len(self._cache) > MAX_CACHED:
                self._cache.clear()
            self._cache[key] = self._all(sql, params, budget_ms)
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

    def speakers(self) -> list[SpeakerRow]:
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
        return [SpeakerRow(**dict(r)) for r in rows]

    def speakers_named(self, words: list[str]) -> list[SpeakerRow]:
        """Speakers whose name holds every one of ``words``, most recorded first (a
        filter over the kept ranking)."""
        wanted = [w.lower() for w in words]
        return [s for s in self.speakers()
                if all(w in s.key or w in s.name.lower() for w in wanted)]

    def claims_said_with(self, document_ids: list[str], words: list[str],
                         limit: int) -> list[ShownClaim]:
        """Claims, in these documents, whose sentence or speaker's name holds every one
        of ``words``: the claims of a full-text search, found from its documents (the
        index narrowed them) rather than by matching every claim's sentence."""
        if not document_ids or not words:
            return []
        sentence = "lower(substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start))"
        each = f"({sentence} LIKE ? ESCAPE '\\' OR lower(s.name) LIKE ? ESCAPE '\\')"
        likes = ["%" + escape_like(w.lower()) + "%" for w in words]
        rows = self._all(
            ROW_SQL + f" WHERE c.document_id IN ({', '.join('?' * len(document_ids))}) AND "
            + " AND ".join([each] * len(words)) + " ORDER BY c.document_id, c.start LIMIT ?",
            (*document_ids, *(like for like in likes for _ in (0, 1)), limit))
        order = {d: i for i, d in enumerate(document_ids)}
        found = [shown_claim(r) for r in rows]
        return sorted(found, key=lambda c: order[c.document_id])

    def quotes(self, where: QuoteFilter, offset: int, limit: int) -> list[QuoteRow]:
        """A page of quotes, newest publication first, in reading order within one."""
        clause, params = where.where()
        rows = self._all(
            "SELECT q.id, q.document_id, d.title AS document_title, d.published, d.outlet, "
            "d.url, q.kind, q.text, q.rule, s.name AS speaker, s.key AS speaker_key, "
            f"s.role AS speaker_role {QUOTE_FROM}{clause} "
            f"ORDER BY {NEWEST.format('d.published')}, d.id, q.start LIMIT ? OFFSET ?",
            (*params, limit, offset))
        return [QuoteRow(**dict(r)) for r in rows]

    def quote_total(self, where: QuoteFilter) -> int | None:
        """How many quotes the filter leaves; ``None`` past :data:`COUNT_BUDGET_MS`."""
        clause, params = where.where()
        try:
            rows = self._aggregate(f"SELECT count(*) AS n {QUOTE_FROM}{clause}", params,
                                   budget_ms=COUNT_BUDGET_MS if clause else None)
        except QueryTooSlow:
            return None
        return int(rows[0]["n"])

    # -- claims, filtered, faceted and sorted -------------------------------

    def claims(self, where: ClaimFilter, sort: SortKey, descending: bool, offset: int,
               limit: int) -> list[ShownClaim]:
        """One page of the filtered claims. The page's ids are found first, reading only
        the columns the filter and sort need; then its rows, sentences and all."""
        clause, params = where.where()
        order = order_by(sort, descending)
        source = from_for(clause, order)
        if sort == "published" and not (where.speaker or where.measure or where.document):
            source, clause = newest_first(clause)  # no index on the claims side narrows
        ids = [r["id"] for r in self._all(
            f"SELECT c.id {source}{clause}{order} LIMIT ? OFFSET ?", (*params, limit, offset))]
        if not ids:
            return []
        rows = {r["id"]: shown_claim(r) for r in self._all(
            ROW_SQL + f" WHERE c.id IN ({', '.join('?' * len(ids))})", tuple(ids))}
        return [rows[i] for i in ids if i in rows]

    def claim_total(self, where: ClaimFilter) -> int | None:
        """How many claims the filters leave; ``None`` when counting them would take
        longer than :data:`COUNT_BUDGET_MS` (words matched against every claim), as
        Datasette gives up on a slow count rather than on the page."""
        clause, params = where.where()
        try:
            rows = self._aggregate(f"SELECT count(*) AS n {from_for(clause)}{clause}", params,
                                   budget_ms=COUNT_BUDGET_MS if clause else None)
        except QueryTooSlow:
            return None
        return int(rows[0]["n"])

    def claim_facets(self, where: ClaimFilter) -> dict[str, list[FacetValue] | None]:
        """Each facet's most frequent values among the rows the other filters leave (a
        facet already chosen still lists its neighbours, so it can be changed).

        Counting a facet over a large filtered set is the slow part of the page, so as
        Datasette does, the facets not already counted since the ledger last changed
        share a time budget (:data:`FACET_BUDGET_MS`); one that would overrun it is
        ``None`` ("not counted"). Over the unfiltered ledger they are counted whatever
        it costs: that count is kept and serves every later request."""
        out: dict[str, list[FacetValue] | None] = {}
        deadline = time.monotonic() + FACET_BUDGET_MS / 1000
        for name in FACETS:
            clause, params = where.without(name).where()
            left = None if not clause else (deadline - time.monotonic()) * 1000
            try:
                rows = self._aggregate(facet_sql(name, clause), params, budget_ms=left)
            except QueryTooSlow:
                out[name] = None
                continue
            out[name] = [FacetValue(str(r["value"]), str(r["label"] or r["value"]), int(r["n"]))
                         for r in rows]
        return out

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
        rows = self._all("SELECT id, key, label, kind_of_period, unit FROM measures "
                         f"WHERE {id_prefix('id')} LIMIT 2", (escape_like(measure_id),))
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

    def measure_claims(self, measure_id: str, limit: int) -> list[ShownClaim]:
        """A measure's newest ``limit`` claims, oldest publication first."""
        rows = self._all(ROW_SQL + " JOIN measure_claims m ON m.claim_id = c.id "
                         f"WHERE m.measure_id = ? ORDER BY {NEWEST.format('d.published')}, "
                         "c.id DESC LIMIT ?",
                         (measure_id, limit))
        return [shown_claim(r) for r in reversed(rows)]

    def newest_conflicts(self, offset: int, limit: int,
                         hide_reviewed: bool = False) -> list[Conflict]:
        """Conflicts most recently found first (ingest reconciles each new document, so
        these involve the latest documents). Ordering by publication date instead
        means sorting every conflict, seconds at 80,000 of them."""
        unreviewed = "WHERE r.conflict_id IS NULL " if hide_reviewed else ""
        return self._conflicts(unreviewed + "ORDER BY x.rowid DESC LIMIT ? OFFSET ?",
                               (limit, offset))

    def disputed_measures(self, offset: int, limit: int, hide_reviewed: bool) -> list[str]:
        """Measures with disagreements (unreviewed ones, with ``hide_reviewed``), the one
        whose newest disagreement was found last first."""
        unreviewed = (" LEFT JOIN conflict_reviews r ON r.conflict_id = x.id "
                      "WHERE r.conflict_id IS NULL") if hide_reviewed else ""
        rows = self._aggregate(
            f"SELECT x.measure_id, max(x.rowid) AS newest FROM conflicts x{unreviewed} "
            "GROUP BY x.measure_id ORDER BY newest DESC, x.measure_id LIMIT ? OFFSET ?",
            (limit, offset))
        return [r["measure_id"] for r in rows]

    def disputed_total(self, hide_reviewed: bool) -> int:
        """How many measures :meth:`disputed_measures` pages through."""
        unreviewed = (" LEFT JOIN conflict_reviews r ON r.conflict_id = x.id "
                      "WHERE r.conflict_id IS NULL") if hide_reviewed else ""
        rows = self._aggregate(
            f"SELECT count(DISTINCT x.measure_id) AS n FROM conflicts x{unreviewed}", ())
        return int(rows[0]["n"])

    def conflicts_of(self, measure_ids: list[str], hide_reviewed: bool) -> list[Conflict]:
        """The widest disagreements of each of these measures (up to
        :data:`MEASURE_CONFLICTS` each), in the order the measures are given."""
        found = []
        for measure_id in measure_ids:
            unreviewed = " AND r.conflict_id IS NULL" if hide_reviewed else ""
            found += self._conflicts(f"WHERE x.measure_id = ?{unreviewed} "
                                     "ORDER BY x.relative_gap DESC, x.id LIMIT ?",
                                     (measure_id, MEASURE_CONFLICTS))
        return found

    def conflict(self, conflict_id: str) -> Conflict | None:
        """A disagreement by id or unique id prefix."""
        found = self._conflicts(f"WHERE {id_prefix('x.id')} LIMIT 2",
                                (escape_like(conflict_id),))
        return found[0] if len(found) == 1 else None

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

    def checked_pairs(self, offset: int, limit: int) -> list[tuple[str, str]]:
        """Pairs of measures (a part's, its whole's) with checks between them, those with
        most parts above their wholes first, then most checks (kept until the ledger
        changes, like the other rankings)."""
        rows = self._aggregate(
            "SELECT part_measure_id, whole_measure_id, "
            "CAST(sum(1 - consistent) AS BIGINT) AS broken, count(*) AS n "
            "FROM consistency_checks GROUP BY part_measure_id, whole_measure_id "
            "ORDER BY broken DESC, n DESC, part_measure_id, whole_measure_id "
            "LIMIT ? OFFSET ?", (limit, offset))
        return [(r["part_measure_id"], r["whole_measure_id"]) for r in rows]

    def checked_pair_total(self) -> int:
        rows = self._aggregate("SELECT count(*) AS n FROM (SELECT DISTINCT part_measure_id, "
                               "whole_measure_id FROM consistency_checks) p", ())
        return int(rows[0]["n"])

    def checks_between(self, part_measure: str, whole_measure: str,
                       limit: int) -> list[ConsistencyCheck]:
        """Up to ``limit`` checks of one pair of measures, the inconsistent first."""
        rows = self._all(
            "SELECT id, part_claim_id, whole_claim_id, part_measure_id, whole_measure_id, "
            "consistent, arithmetic FROM consistency_checks "
            "WHERE part_measure_id = ? AND whole_measure_id = ? "
            "ORDER BY consistent, id LIMIT ?", (part_measure, whole_measure, limit))
        return [ConsistencyCheck(r["id"], r["part_claim_id"], r["whole_claim_id"],
                                 r["part_measure_id"], r["whole_measure_id"],
                                 bool(r["consistent"]), r["arithmetic"]) for r in rows]

    def claim_refs(self, claim_ids: list[str]) -> dict[str, ShownClaim]:
        ids = sorted(set(claim_ids))
        refs = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            marks = ", ".join("?" * len(part))
            refs.update({r["id"]: shown_claim(r) for r in self._all(
                ROW_SQL + f" WHERE c.id IN ({marks})", tuple(part))})
        return refs

    def _conflicts(self, rest: str, params: tuple[Any, ...]) -> list[Conflict]:
        rows = self._all(CONFLICT + " " + rest, params)
        refs = self.claim_refs([r["claim_a"] for r in rows] + [r["claim_b"] for r in rows])
        return [conflict(r, refs) for r in rows]
