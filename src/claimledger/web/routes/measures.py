"""Measures (claims about one quantity) with their timelines."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Path

from claimledger.web import reconciled
from claimledger.web.pages import PAGE_SIZE, PageNumber, ReadsDep, page
from claimledger.web.reads import MeasureSummary
from claimledger.web.reconciled import MeasureDetail

router = APIRouter()


@dataclass(frozen=True, slots=True)
class MeasureList:
    page: int
    page_size: int
    measures: list[MeasureSummary]


@page(router, "/measures", "measures.html")
async def measures(reads: ReadsDep, page: PageNumber = 1) -> MeasureList:
    """Measures, the one with most claims first."""
    return MeasureList(page, PAGE_SIZE, reads.measure_summaries((page - 1) * PAGE_SIZE,
                                                                PAGE_SIZE))


@page(router, "/measures/{measure_id}", "measure.html")
async def measure(reads: ReadsDep, measure_id: str = Path(max_length=64)) -> MeasureDetail:
    """One measure: its claims over time, its conflicts and the origins of its values."""
    found = reconciled.detail(reads, measure_id)
    if found is None:
        raise HTTPException(404, f"no single measure matches {measure_id!r}")
    return found
