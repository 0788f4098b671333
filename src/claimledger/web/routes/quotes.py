"""Quotes: every quote and attributed statement, newest first, narrowed by kind, speaker
or document, and exported (CSV and JSON) as narrowed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from claimledger.records import QuoteKind
from claimledger.store.listings import QuoteFilter, QuoteRow
from claimledger.web.pages import PAGE_SIZE, ListingsDep, PageNumber, page
from claimledger.web.paging import Page, csv_export, paged

router = APIRouter()


@dataclass(frozen=True, slots=True)
class QuoteList:
    filters: dict[str, str]
    quotes: Page[QuoteRow]
    params: str
    """The filters as a query string (no page), for links that keep them."""


def quote_filter(kind: Annotated[QuoteKind | None, Query()] = None,
                 speaker: Annotated[str | None, Query(max_length=200)] = None,
                 document: Annotated[str | None, Query(max_length=64)] = None) -> QuoteFilter:
    return QuoteFilter(kind=kind, speaker=speaker, document=document)


Filters = Annotated[QuoteFilter, Depends(quote_filter)]


@page(router, "/quotes", "quotes.html")
async def quotes(reads: ListingsDep, where: Filters, page: PageNumber = 1) -> QuoteList:
    """Quotes and attributed statements, newest publication first, narrowed by kind,
    speaker (its key, as in ``/speakers/{key}``) or document."""
    rows = paged(lambda offset, limit: reads.quotes(where, offset, limit),
                 reads.quote_total(where), page, PAGE_SIZE)
    filters = where.active()
    return QuoteList(filters, rows, urlencode(filters))


@router.get("/api/quotes.csv", summary="The narrowed quotes as CSV")
async def quotes_csv(reads: ListingsDep, where: Filters) -> StreamingResponse:
    return csv_export("quotes", lambda offset, limit: reads.quotes(where, offset, limit))
