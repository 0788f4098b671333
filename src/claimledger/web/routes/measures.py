"""Measures (claims about one quantity) with their timelines, and conflicts between claims."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Path

from claimledger.reconcile.records import Conflict
from claimledger.web import reconciled
from claimledger.web.pages import PAGE_SIZE, PageNumber, StoreDep, page
from claimledger.web.reconciled import MeasureDetail, MeasureSummary

router = APIRouter()


@dataclass(frozen=True, slots=True)
class MeasureList:
    page: int
    page_size: int
    measures: list[MeasureSummary]


@dataclass(frozen=True, slots=True)
class ConflictList:
    page: int
    page_size: int
    conflicts: list[Conflict]


@page(router, "/measures", "measures.html")
async def measures(store: StoreDep, page: PageNumber = 1) -> MeasureList:
    """Measures, the one with most claims first."""
    start = (page - 1) * PAGE_SIZE
    found = reconciled.summaries(store)[start:start + PAGE_SIZE]
    return MeasureList(page, PAGE_SIZE, found)


@page(router, "/measures/{measure_id}", "measure.html")
async def measure(store: StoreDep, measure_id: str = Path(max_length=64)) -> MeasureDetail:
    """One measure: its claims over time, its conflicts and the origins of its values."""
    found = reconciled.detail(store, measure_id)
    if found is None:
        raise HTTPException(404, f"no single measure matches {measure_id!r}")
    return found


@page(router, "/conflicts", "conflicts.html")
async def conflicts(store: StoreDep, page: PageNumber = 1) -> ConflictList:
    """Pairs of claims that cannot both hold, newest first."""
    start = (page - 1) * PAGE_SIZE
    found = reconciled.newest_conflicts(store)[start:start + PAGE_SIZE]
    return ConflictList(page, PAGE_SIZE, found)
