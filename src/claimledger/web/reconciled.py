"""A measure as its page and the report show it: claims, conflicts and origins together.

Claims and conflicts come a bounded page at a time from :class:`Reads`; the
measure itself and the origin of each of its most repeated figures come from the
``Store``, which owns how reconciliation is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.reconcile.records import ClaimRef, Conflict, Measure, Origin
from claimledger.store import Store
from claimledger.web.reads import Reads

MAX_CLAIMS = 1000
"""At most this many claims are charted and listed for one measure."""
MAX_CONFLICTS = 200
MAX_ORIGINS = 20
"""Origins are shown for this many of a measure's most repeated figures."""


@dataclass(frozen=True, slots=True)
class MeasureDetail:
    """A measure, its claims oldest first, its widest conflicts, and where values came from."""

    measure: Measure
    claims: list[ClaimRef]
    conflicts: list[Conflict]
    origins: list[Origin]


def detail(store: Store, reads: Reads, measure_id: str) -> MeasureDetail | None:
    measure = store.measure(measure_id)
    if measure is None:
        return None
    origins = [o for o in (store.origins(c) for c in reads.figure_claims(measure.id,
                                                                          MAX_ORIGINS)) if o]
    return MeasureDetail(measure, reads.measure_claims(measure.id, MAX_CLAIMS),
                         reads.measure_conflicts(measure.id, MAX_CONFLICTS), origins)


def conflicted_claims(conflicts: list[Conflict]) -> set[str]:
    return {ref.claim_id for c in conflicts for ref in c.claims}
