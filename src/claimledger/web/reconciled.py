"""A measure as its page and the report show it: claims, conflicts and origins together.

Everything comes a bounded page at a time from :class:`Reads`: the Store's own
``measure()`` and ``origins()`` load every claim and every appearance, which for
a measure repeated across thousands of documents takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.reconcile.records import ClaimRef, Conflict
from claimledger.web.reads import MeasureHead, OriginSummary, Reads

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
    claims: list[ClaimRef]
    conflicts: list[Conflict]
    origins: list[OriginSummary]

    @property
    def table(self) -> list[ClaimRef]:
        """The claims listed under the chart: the newest, newest first."""
        return self.claims[::-1][:TABLE_CLAIMS]


def detail(reads: Reads, measure_id: str) -> MeasureDetail | None:
    measure = reads.measure(measure_id)
    if measure is None:
        return None
    return MeasureDetail(measure, reads.measure_size(measure.id),
                         reads.measure_claims(measure.id, MAX_CLAIMS),
                         reads.measure_conflicts(measure.id, MAX_CONFLICTS),
                         reads.origins(measure.id, MAX_ORIGINS))


def conflicted_claims(conflicts: list[Conflict]) -> set[str]:
    return {ref.claim_id for c in conflicts for ref in c.claims}
