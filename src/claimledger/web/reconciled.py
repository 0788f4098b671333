"""A measure as its page and the report show it: claims, conflicts and origins together.

Everything comes a bounded page at a time from :class:`Listings`: the Store's own
``measure()`` and ``origins()`` load every claim and every appearance, which for
a measure repeated across thousands of documents takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.reconcile.records import Conflict, ShownClaim
from claimledger.store.listings import Listings, MeasureHead, OriginSummary

MAX_CLAIMS = 500
"""A measure's newest claims up to this many are charted (and in the JSON twin)."""
TABLE_CLAIMS = 100
"""Of those, the newest this many are also listed in the table under the chart."""
MAX_CONFLICTS = 50
"""The widest conflicts of a measure shown with it."""
MAX_ORIGINS = 10
"""Origins are shown for this many of a measure's most repeated figures."""


@dataclass(frozen=True, slots=True)
class MeasureDetail:
    """A measure, its newest claims (oldest first), its widest conflicts, and where its
    most repeated values came from; ``total_claims`` counts them all."""

    measure: MeasureHead
    total_claims: int
    claims: list[ShownClaim]
    conflicts: list[Conflict]
    origins: list[OriginSummary]

    @property
    def table(self) -> list[ShownClaim]:
        """The claims listed under the chart: the newest, newest first."""
        return self.claims[::-1][:TABLE_CLAIMS]


def detail(reads: Listings, measure_id: str) -> MeasureDetail | None:
    measure = reads.measure(measure_id)
    if measure is None:
        return None
    return MeasureDetail(measure, reads.measure_size(measure.id),
                         reads.measure_claims(measure.id, MAX_CLAIMS),
                         reads.measure_conflicts(measure.id, MAX_CONFLICTS),
                         reads.origins(measure.id, MAX_ORIGINS))


def conflicted_claims(conflicts: list[Conflict]) -> set[str]:
    return {ref.id for c in conflicts for ref in c.claims}


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """One distinct figure of a measure in dispute and every claim that states it, the
    first published first (the later ones repeat it)."""

    refs: list[ShownClaim]

    @property
    def first(self) -> ShownClaim:
        return self.refs[0]

    @property
    def outlets(self) -> list[str]:
        return sorted({r.outlet for r in self.refs if r.outlet})


@dataclass(frozen=True, slots=True)
class Dispute:
    """A measure's disagreements as a reader takes them in: the distinct figures side by
    side, then the pairs that cannot both hold."""

    measure_id: str
    label: str
    figures: list[FigureGroup]
    pairs: list[Conflict]


def disputes(conflicts: list[Conflict]) -> list[Dispute]:
    """``conflicts`` grouped per measure (in the order measures first appear), each
    measure's claims grouped by the amount they state (smallest first): "19 cents" and
    "$0.19" are one figure."""
    by_measure: dict[str, list[Conflict]] = {}
    for c in conflicts:
        by_measure.setdefault(c.measure_id, []).append(c)
    out = []
    for measure_id, pairs in by_measure.items():
        figures: dict[tuple[float | None, float | None, float | None], dict[str, ShownClaim]] = {}
        for c in pairs:
            for ref in c.claims:
                figures.setdefault((ref.amount, ref.amount_low, ref.amount_high), {})[ref.id] = ref
        groups = [FigureGroup(sorted(refs.values(), key=_first_published))
                  for _, refs in sorted(figures.items(), key=lambda kv: _magnitude(kv[0]))]
        out.append(Dispute(measure_id, pairs[0].measure_label, groups, pairs))
    return out


def _first_published(ref: ShownClaim) -> tuple[bool, str, str]:
    return ref.published is None, ref.published or "", ref.id


def _magnitude(key: tuple[float | None, float | None, float | None]) -> float:
    value, low, high = key
    found = value if value is not None else low if low is not None else high
    return found if found is not None else float("inf")
