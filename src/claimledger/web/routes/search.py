"""Full-text search over documents and quotes, and the list of rejected inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query

from claimledger.store import LedgerRow, StoredRejection
from claimledger.web.pages import PAGE_SIZE, PageNumber, StoreDep, page

router = APIRouter()
MAX_HITS = 100


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    hits: list[LedgerRow]


@dataclass(frozen=True, slots=True)
class RejectionList:
    page: int
    page_size: int
    rejections: list[StoredRejection]


@page(router, "/search", "search.html")
async def search(store: StoreDep,
                 q: Annotated[str, Query(max_length=200, description="words to find")] = ""
                 ) -> SearchPage:
    """Documents and quotes containing every word of ``q``."""
    return SearchPage(q, store.search(q, MAX_HITS) if q.strip() else [])


@page(router, "/rejections", "rejections.html")
async def rejections(store: StoreDep, page: PageNumber = 1) -> RejectionList:
    """Inputs that did not become documents, with the reason."""
    shown = store.rejections(page * PAGE_SIZE)[(page - 1) * PAGE_SIZE:]
    return RejectionList(page, PAGE_SIZE, shown)
