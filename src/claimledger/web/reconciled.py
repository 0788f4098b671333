"""What reconciliation found, gathered for pages and the report.

The reconcile component stores measures, conflicts and origins; this module asks
the ``Store`` for them and shapes them for display (a measure with every claim it
holds, newest conflicts first, busiest measures first).
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.reconcile.records import ClaimRef, Conflict, Measure, Origin
from claimledger.store import Store


@dataclass(frozen=True, slots=True)
class MeasureSummary:
    id: str
    label: str
    unit: str | None
    kind_of_period: str
    claims: int
    conflicts: int


@dataclass(frozen=True, slots=True)
class MeasureDetail:
    """A measure, its claims oldest first, its conflicts, and where each value came from."""

    measure: Measure
    claims: list[ClaimRef]
    conflicts: list[Conflict]
    origins: list[Origin]


def summaries(store: Store) -> list[MeasureSummary]:
    """Every measure, the one with most claims (then conflicts) first."""
    per_measure: dict[str, int] = {}
    for conflict in store.conflicts():
        per_measure[conflict.measure_id] = per_measure.get(conflict.measure_id, 0) + 1
    found = [MeasureSummary(m.id, m.label, m.unit, m.kind_of_period, len(m.claim_ids),
                            per_measure.get(m.id, 0)) for m in store.measures()]
    return sorted(found, key=lambda s: (-s.claims, -s.conflicts, s.label))


def newest_conflicts(store: Store, since: str | None = None) -> list[Conflict]:
    """Conflicts ordered by the later publication date of their two claims, newest first."""
    found = [c for c in store.conflicts() if not since or _latest(c) >= since]
    return sorted(found, key=_latest, reverse=True)


def detail(store: Store, measure_id: str) -> MeasureDetail | None:
    """A measure with every claim it holds, read through the origins of its values.

    Each origin lists every appearance of one value on the measure, so asking for
    the origin of each claim not yet seen yields all claims in few queries.
    """
    measure = store.measure(measure_id)
    if measure is None:
        return None
    claims: dict[str, ClaimRef] = {}
    origins: list[Origin] = []
    for claim_id in measure.claim_ids:
        if claim_id in claims:
            continue
        origin = store.origins(claim_id)
        if origin is None:
            continue
        origins.append(origin)
        for appearance in origin.appearances:
            claims[appearance.claim.claim_id] = appearance.claim
    ordered = sorted(claims.values(), key=lambda c: (c.published or "", c.claim_id))
    return MeasureDetail(measure, ordered, store.conflicts(measure.id), origins)


def conflicted_claims(conflicts: list[Conflict]) -> set[str]:
    return {ref.claim_id for c in conflicts for ref in c.claims}


def _latest(conflict: Conflict) -> str:
    return max(ref.published or "" for ref in conflict.claims)
