"""A measure as its page and the report show it: claims, conflicts and origins together.

Everything comes a bounded page at a time from :class:`Reads`: the Store's own
``measure()`` and ``origins()`` load every claim and every appearance, which for
a measure repeated across thousands of documents takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.reconcile.records import ClaimRef, Conflict
from claimledger.web.reads import MeasureHead, OriginSummary, Reads

MAX_CLAIMS = 1000
"""At most this many claims are charted and listed for one measure."""
MAX_CONFLICTS = 200
MAX_ORIGINS = 20
"""Origins are shown for this many of a measure's most repeated figures."""


@dataclass(frozen=True, slots=True)
class MeasureDetail:
    """A measure, its claims oldest first, its widest conflicts, and where values came from."""

    measure: MeasureHead
    claims: list[ClaimRef]
    conflicts: list[Conflict]
    origins: list[OriginSummary]


def detail(reads: Reads, measure_id: str) -> MeasureDetail | None:
    measure = reads.measure(measure_id)
    if measure is None:
        return None
    return MeasureDetail(measure, reads.measure_claims(measure.id, MAX_CLAIMS),
                         reads.measure_conflicts(measure.id, MAX_CONFLICTS),
                         reads.origins(measure.id, MAX_ORIGINS))


def conflicted_claims(conflicts: list[Conflict]) -> set[str]:
    return {ref.claim_id for c in conflicts for ref in c.claims}
