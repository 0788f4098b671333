"""The overview: how big the ledger is and where to look first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query

from claimledger.reconcile.records import Conflict
from claimledger.store.listings import DocumentRow, MeasureSummary
from claimledger.web.pages import ListingsDep, page

router = APIRouter()
SHOWN = 10


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    claims: int
    quotes: int
    rejections: int
    measures: int
    conflicts: int


@dataclass(frozen=True, slots=True)
class Overview:
    counts: Counts
    conflicts: list[Conflict]
    measures: list[MeasureSummary]
    documents: list[DocumentRow]
    hide_reviewed: bool


@page(router, "/", "overview.html")
async def overview(reads: ListingsDep,
                   hide_reviewed: Annotated[bool, Query()] = False) -> Overview:
    """Counts, the newest conflicts, the busiest measures and the latest documents."""
    return Overview(Counts(**reads.counts()), reads.newest_conflicts(0, SHOWN, hide_reviewed),
                    reads.measure_summaries(0, SHOWN), reads.documents(0, SHOWN), hide_reviewed)
