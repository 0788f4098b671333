"""The claims table as a fact-checker browses it: filters, facets, sort and pages.

A listing is one :class:`ClaimFilter` (what the URL's query string says) turned into
one parameterised ``WHERE`` clause that every read shares: the page of rows, their
total, each facet's counts and the CSV export. Sorting is by a fixed set of columns
(never a column name from the URL), undated and unvalued rows last in both engines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from claimledger.reconcile.records import ShownClaim
from claimledger.store.base import escape_like

SortKey = Literal["published", "value", "surface", "speaker", "outlet", "kind", "unit"]
SORT_COLUMNS: dict[str, str] = {
    "published": "d.published",
    "value": "COALESCE(c.amount, c.value)",
    "surface": "c.surface",
    "speaker": "s.name",
    "outlet": "d.outlet",
    "kind": "c.kind",
    "unit": "c.unit",
}
"""What each sort key orders by; amounts are compared in the unit they are compared in."""
FACET_SIZE = 10
"""Values shown per facet, most frequent first."""

JOINS = {"d": " JOIN documents d ON d.id = c.document_id",
         "s": " LEFT JOIN speakers s ON s.id = c.speaker_id"}
"""The joins a filter, a sort or a facet may need, by alias: a count of claims alone
reads no document."""
ROW_SQL = (
    "SELECT c.id, c.document_id, d.title AS document_title, d.published, d.outlet, d.url, "
    "c.surface, c.value, c.low, c.high, COALESCE(c.amount, c.value) AS amount, "
    "COALESCE(c.amount_low, c.low) AS amount_low, "
    "COALESCE(c.amount_high, c.high) AS amount_high, c.bound, c.trend, c.unit, c.kind, "
    "c.counted, c.period_text AS period, c.place, s.name AS speaker, s.key AS speaker_key, "
    "s.role AS speaker_role, "
    "substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) AS sentence, "
    "c.start - c.sentence_start AS figure_start, c.\"end\" - c.sentence_start AS figure_end "
    "FROM claims c" + "".join(JOINS.values()))
"""A claim as every read shows it (:class:`ShownClaim`): listings, exports, the claims
of a disagreement, a measure or a figure's history."""


def shown_claim(row: Mapping[str, Any]) -> ShownClaim:
    """A row of :data:`ROW_SQL` as its record."""
    fields_ = dict(row)
    at = (fields_.pop("figure_start"), fields_.pop("figure_end"))
    return ShownClaim(**fields_, figure_at=at)


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """The filters of one listing; ``None`` is no filter. Every value reaches SQL as a
    parameter."""

    q: str | None = None
    """Words in the figure as written, what it counts, or the speaker's name."""
    kind: str | None = None
    unit: str | None = None
    speaker: str | None = None
    """A speaker key (``/speakers/{key}``)."""
    outlet: str | None = None
    story: str | None = None
    measure: str | None = None
    period: str | None = None
    since: str | None = None
    """Published on or after this ISO date."""
    until: str | None = None
    """Published on or before this ISO date (the whole day)."""
    document: str | None = None

    def active(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}

    def without(self, name: str) -> ClaimFilter:
        return ClaimFilter(**{**asdict(self), name: None})

    def where(self) -> tuple[str, tuple[Any, ...]]:
        """The ``WHERE`` clause (or ``""``) and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        equal = {"kind": "c.kind", "unit": "c.unit", "outlet": "d.outlet",
                 "period": "c.period_text", "document": "c.document_id"}
        for name, column in equal.items():
            value = getattr(self, name)
            if value:
                parts.append(f"{column} = ?")
                params.append(value)
        if self.speaker:
            parts.append(said_by("c"))
            params += [self.speaker, self.speaker]
        if self.story:
            parts.append("c.document_id IN (SELECT document_id FROM story_documents "
                         "WHERE story_id = ?)")
            params.append(self.story)
        if self.measure:
            parts.append("c.id IN (SELECT claim_id FROM measure_claims WHERE measure_id = ?)")
            params.append(self.measure)
        if self.since:
            parts.append("d.published >= ?")
            params.append(self.since)
        if self.until:
            parts.append("d.published <= ?")
            params.append(self.until + "\uffff")  # "2025-08-18" and "2025-08-18T10:00"
        if self.q:
            like = "%" + escape_like(self.q.strip().lower()) + "%"
            parts.append("(lower(c.surface) LIKE ? ESCAPE '\\' OR lower(c.counted) LIKE ? "
                         "ESCAPE '\\' OR lower(s.name) LIKE ? ESCAPE '\\')")
            params += [like, like, like]
        return (" WHERE " + " AND ".join(parts) if parts else ""), tuple(params)


def said_by(alias: str) -> str:
    """SQL that holds when the row ``alias`` (a claim or a quote, joined to its speaker
    as ``s``) was said by the person whose key is given twice: reached through that
    person's documents (indexed) before the speaker itself, not by reading every row."""
    return (f"{alias}.document_id IN (SELECT document_id FROM speakers WHERE key = ?) "
            "AND s.key = ?")


def order_by(sort: SortKey, descending: bool) -> str:
    """Undated and unvalued rows last either way (both engines take ``NULLS LAST``)."""
    column = SORT_COLUMNS[sort]
    direction = "DESC" if descending else "ASC"
    return f" ORDER BY {column} {direction} NULLS LAST, c.id {direction}"


def from_for(*parts: str) -> str:
    """``FROM claims c`` with the joins the given SQL fragments read."""
    needed = _aliases(" ".join(parts))
    return "FROM claims c" + "".join(j for a, j in JOINS.items() if a in needed)


def newest_first(where: str) -> tuple[str, str]:
    """``FROM`` and ``WHERE`` that walk documents in publication order and their claims
    under each (``CROSS JOIN`` keeps that order in SQLite; PostgreSQL plans it as any
    join), so a page of the newest claims reads a page of documents, not every claim."""
    joined = " WHERE c.document_id = d.id" + (" AND " + where.removeprefix(" WHERE ")
                                             if where else "")
    speakers = JOINS["s"] if "s" in _aliases(where) else ""
    return "FROM documents d CROSS JOIN claims c" + speakers, joined


def _aliases(sql: str) -> set[str]:
    return {a for a in JOINS if re.search(rf"\b{a}\.", sql)}


CSV_COLUMNS = tuple(f.name for f in fields(ShownClaim) if f.name != "figure_at")
"""The claims export: every field but the figure's offsets into its sentence."""


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int


FACETS: dict[str, tuple[str, str, str]] = {
    "kind": ("c.kind", "c.kind", ""),
    "unit": ("c.unit", "c.unit", ""),
    "speaker": ("s.key", "max(s.name)", ""),
    "outlet": ("d.outlet", "d.outlet", ""),
    "story": ("sd.story_id", "max(st.label)",
              " JOIN story_documents sd ON sd.document_id = c.document_id "
              "JOIN stories st ON st.id = sd.story_id"),
    "measure": ("mc.measure_id", "max(ms.label)", ""),  # see facet_sql
    "period": ("c.period_text", "c.period_text", ""),
}
"""Facet name: (the value filtered on, the label shown, the joins it needs)."""


def facet_sql(name: str, where: str) -> str:
    """A facet's most frequent values among the rows ``where`` leaves. A measure's claims
    are found from the filtered claims (``IN``), so the planner starts from the filter
    rather than from every membership."""
    value, label, joins = FACETS[name]
    glue = " AND " if where else " WHERE "
    if name == "measure":
        inner = f"SELECT c.id {from_for(where)}{where}"
        return (f"SELECT mc.measure_id AS value, max(ms.label) AS label, count(*) AS n "
                "FROM measure_claims mc JOIN measures ms ON ms.id = mc.measure_id "
                f"WHERE mc.claim_id IN ({inner}) GROUP BY mc.measure_id "
                f"ORDER BY n DESC, mc.measure_id LIMIT {FACET_SIZE}")
    source = from_for(where, value, label)
    return (f"SELECT {value} AS value, {label} AS label, count(*) AS n {source}{joins}"
            f"{where}{glue}{value} IS NOT NULL GROUP BY {value} ORDER BY n DESC, {value} "
            f"LIMIT {FACET_SIZE}")
