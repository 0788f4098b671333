"""Measures (claims about one quantity) with their timelines."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import StreamingResponse

from claimledger.store.listings import MeasureSummary
from claimledger.web import reconciled
from claimledger.web.pages import PAGE_SIZE, ListingsDep, PageNumber, page
from claimledger.web.paging import Page, csv_export, paged
from claimledger.web.reconciled import MeasureDetail

router = APIRouter()


@page(router, "/measures", "measures.html")
async def measures(reads: ListingsDep, page: PageNumber = 1) -> Page[MeasureSummary]:
    """Measures, the one with most claims first."""
    return paged(reads.measure_summaries, reads.counts()["measures"], page, PAGE_SIZE)


@router.get("/api/measures.csv", summary="Every measure with its counts as CSV")
async def measures_csv(reads: ListingsDep) -> StreamingResponse:
    return csv_export("measures", reads.measure_summaries)


@page(router, "/measures/{measure_id}", "measure.html")
async def measure(reads: ListingsDep, measure_id: str = Path(max_length=64)) -> MeasureDetail:
    """One measure: its claims over time, its conflicts and the origins of its values."""
    found = reconciled.detail(reads, measure_id)
    if found is None:
        raise HTTPException(404, f"no single measure matches {measure_id!r}")
    return found
