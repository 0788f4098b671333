"""Claims: every figure in the ledger, filtered by facets and words, sorted, paged and
exported (CSV and JSON) as filtered."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from claimledger.web.claim_listing import CSV_COLUMNS, ClaimFilter, ClaimRow, FacetValue, SortKey
from claimledger.web.pages import MAX_PAGE, PAGE_SIZE, PageNumber, ReadsDep, page
from claimledger.web.reads import Reads

router = APIRouter()
EXPORT_ROWS = 100_000
"""At most this many rows in one CSV export; the file says when it stopped there."""
EXPORT_BATCH = 2_000
Text = Annotated[str | None, Query(max_length=200)]
ISO_DAY = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
Day = Annotated[str | None, Query(pattern=ISO_DAY,
                                  description="an ISO date: 2025, 2025-08 or 2025-08-18")]
Direction = Literal["asc", "desc"]


@dataclass(frozen=True, slots=True)
class ClaimList:
    """One page of the filtered claims, with their total, facets and the links that
    keep the filters: to other pages, other sorts and the exports."""

    filters: dict[str, str]
    sort: str
    dir: str
    page: int
    page_size: int
    total: int | None
    """``None`` when there was no time to count them (the pager then offers the next
    page whenever this one is full)."""
    pages: int | None
    claims: list[ClaimRow]
    facets: dict[str, list[FacetValue] | None]
    """Each facet's most frequent values; ``None`` when there was no time to count it."""
    params: str
    """The filters and sort as a query string (no page), for links that keep them."""


def claim_filter(q: Text = None, kind: Text = None, unit: Text = None, speaker: Text = None,
                 outlet: Text = None, story: Text = None, measure: Text = None,
                 period: Text = None, since: Day = None, until: Day = None,
                 document: Text = None) -> ClaimFilter:
    """The filters in a query string, shared by the list and its CSV export."""
    return ClaimFilter(q=q, kind=kind, unit=unit, speaker=speaker, outlet=outlet, story=story,
                       measure=measure, period=period, since=since, until=until,
                       document=document)


Filters = Annotated[ClaimFilter, Depends(claim_filter)]


@page(router, "/claims", "claims.html")
async def claims(reads: ReadsDep, where: Filters, sort: SortKey = "published",
                 dir: Direction = "desc", page: PageNumber = 1) -> ClaimList:
    """Claims, filtered by facet (kind, unit, speaker, outlet, story, measure, period),
    date (since, until) and words (q), sorted by any column, a page at a time."""
    total = reads.claim_total(where)
    pages = None if total is None else max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
    current = page if pages is None else min(page, pages)
    rows = reads.claims(where, sort, dir == "desc", (current - 1) * PAGE_SIZE, PAGE_SIZE)
    filters = where.active()
    params = urlencode({**filters, "sort": sort, "dir": dir})
    return ClaimList(filters, sort, dir, current, PAGE_SIZE, total, pages, rows,
                     reads.claim_facets(where), params)


@router.get("/api/claims.csv", summary="The filtered claims as CSV")
async def claims_csv(reads: ReadsDep, where: Filters, sort: SortKey = "published",
                     dir: Direction = "desc") -> StreamingResponse:
    """Every claim the filters leave (up to :data:`EXPORT_ROWS`), in the page's order."""
    return StreamingResponse(
        _csv_lines(reads, where, sort, dir == "desc"), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="claims.csv"'})


def _csv_lines(reads: Reads, where: ClaimFilter, sort: SortKey,
               descending: bool) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    sent = 0
    while sent < EXPORT_ROWS:
        batch = reads.claims(where, sort, descending, sent, min(EXPORT_BATCH, EXPORT_ROWS - sent))
        for row in batch:
            writer.writerow({k: _cell(v) for k, v in asdict(row).items()})
        sent += len(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(batch) < EXPORT_BATCH:
            return
    yield f"# stopped at {EXPORT_ROWS} rows: narrow the filters for the rest\n"


def _cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
