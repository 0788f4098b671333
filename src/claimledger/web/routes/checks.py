"""Part-against-whole checks: a shorter period or a narrower count set against the total
it belongs to, grouped per pair of measures, the inconsistent ones first."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from fastapi import APIRouter

from claimledger.reconcile.records import ConsistencyCheck, ShownClaim
from claimledger.store.listings import Listings
from claimledger.web.pages import ListingsDep, PageNumber, page
from claimledger.web.paging import Page, paged

router = APIRouter()
PAIRS_PER_PAGE = 20
"""Pairs of measures (a part's and its whole's) per page."""
PAIR_CHECKS = 500
"""Checks read per pair of measures, the inconsistent first."""


@dataclass(frozen=True, slots=True)
class CheckedPair:
    """One part figure against one whole figure; ``repeats`` counts the checks that set
    the same two values against each other again (echoes of either figure)."""

    id: str
    part: ShownClaim
    whole: ShownClaim
    consistent: bool
    arithmetic: str
    repeats: int


@dataclass(frozen=True, slots=True)
class CheckGroup:
    """The checks between one measure of parts and one measure of wholes."""

    part_measure_id: str
    part_label: str
    whole_measure_id: str
    whole_label: str
    inconsistent: list[CheckedPair]
    consistent: list[CheckedPair]


@page(router, "/checks", "checks.html")
async def checks(reads: ListingsDep, page: PageNumber = 1) -> Page[CheckGroup]:
    """Parts set against their wholes, per pair of measures, those with a part above its
    whole first; the same two figures checked again (in echoes) are folded into one."""
    return paged(lambda offset, limit: groups(
        [c for pair in reads.checked_pairs(offset, limit)
         for c in reads.checks_between(*pair, PAIR_CHECKS)], reads),
        reads.checked_pair_total(), page, PAIRS_PER_PAGE)


def groups(found: list[ConsistencyCheck], reads: Listings) -> list[CheckGroup]:
    refs = reads.claim_refs([i for c in found for i in (c.part_claim_id, c.whole_claim_id)])
    by_pair: dict[tuple[str, str], dict[tuple[object, ...], list[ConsistencyCheck]]] = \
        defaultdict(lambda: defaultdict(list))
    for c in found:
        if c.part_claim_id not in refs or c.whole_claim_id not in refs:
            continue
        part, whole = refs[c.part_claim_id], refs[c.whole_claim_id]
        same = (part.amount, part.amount_low, part.amount_high, part.bound, whole.amount,
                whole.amount_low, whole.amount_high, whole.bound, c.consistent)
        by_pair[(c.part_measure_id, c.whole_measure_id)][same].append(c)
    out = []
    for (part_measure, whole_measure), figures in by_pair.items():  # in the order read
        pairs = [_folded(checks, refs) for checks in figures.values()]
        out.append(CheckGroup(part_measure, _label(reads, part_measure), whole_measure,
                              _label(reads, whole_measure),
                              [p for p in pairs if not p.consistent],
                              [p for p in pairs if p.consistent]))
    return out


def _folded(checks: list[ConsistencyCheck], refs: dict[str, ShownClaim]) -> CheckedPair:
    """The earliest published of checks stating the same two values stands for them."""
    first = min(checks, key=lambda c: (refs[c.part_claim_id].published or "\uffff",
                                       refs[c.whole_claim_id].published or "\uffff", c.id))
    return CheckedPair(first.id, refs[first.part_claim_id], refs[first.whole_claim_id],
                       first.consistent, first.arithmetic, len(checks) - 1)


def _label(reads: Listings, measure_id: str) -> str:
    head = reads.measure(measure_id)
    return head.label if head else measure_id
