"""Claims: every figure in the ledger, filtered by facets and words, sorted, paged and
exported (CSV and JSON) as filtered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from claimledger.reconcile.records import ShownClaim
from claimledger.store.claim_listing import CSV_COLUMNS, ClaimFilter, FacetValue, SortKey
from claimledger.web.pages import PAGE_SIZE, ListingsDep, PageNumber, page
from claimledger.web.paging import Page, csv_export, paged

router = APIRouter()
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
    claims: Page[ShownClaim]
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
async def claims(reads: ListingsDep, where: Filters, sort: SortKey = "published",
                 dir: Direction = "desc", page: PageNumber = 1) -> ClaimList:
    """Claims, filtered by facet (kind, unit, speaker, outlet, story, measure, period),
    date (since, until) and words (q), sorted by any column, a page at a time."""
    rows = paged(lambda offset, limit: reads.claims(where, sort, dir == "desc", offset, limit),
                 reads.claim_total(where), page, PAGE_SIZE)
    filters = where.active()
    params = urlencode({**filters, "sort": sort, "dir": dir})
    return ClaimList(filters, sort, dir, rows, reads.claim_facets(where), params)


@router.get("/api/claims.csv", summary="The filtered claims as CSV")
async def claims_csv(reads: ListingsDep, where: Filters, sort: SortKey = "published",
                     dir: Direction = "desc") -> StreamingResponse:
    """Every claim the filters leave (up to ``EXPORT_ROWS``), in the page's order."""
    return csv_export("claims", lambda offset, limit: reads.claims(
        where, sort, dir == "desc", offset, limit), columns=CSV_COLUMNS)
