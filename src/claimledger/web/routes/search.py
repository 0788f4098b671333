"""Search over documents, quotes, claims and speakers, and the list of rejected inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query

from claimledger.reconcile.records import ShownClaim
from claimledger.store import LedgerRow, StoredRejection, search_words
from claimledger.store.listings import SpeakerRow
from claimledger.web.pages import PAGE_SIZE, ListingsDep, PageNumber, StoreDep, page
from claimledger.web.paging import Page, paged

router = APIRouter()
HITS_PER_PAGE = 50
"""Documents and quotes per page of results (each)."""
MAX_CLAIMS = 50
MAX_SPEAKERS = 20


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of matches: documents and quotes from the full-text index, the claims in
    those documents whose sentence holds the words, and the speakers so named."""

    query: str
    page: int
    hits: list[LedgerRow]
    claims: list[ShownClaim]
    speakers: list[SpeakerRow]
    has_next: bool


@page(router, "/search", "search.html")
async def search(store: StoreDep, reads: ListingsDep,
                 q: Annotated[str, Query(max_length=200, description="words to find")] = "",
                 page: PageNumber = 1) -> SearchPage:
    """Documents, quotes, claims and speakers holding every word of ``q``."""
    words = search_words(q)
    if not words:
        return SearchPage(q, 1, [], [], [], False)
    hits = store.search(q, HITS_PER_PAGE, (page - 1) * HITS_PER_PAGE)
    documents = list(dict.fromkeys(str(h["document_id"]) for h in hits))
    claims = reads.claims_said_with(documents, words, MAX_CLAIMS)
    speakers = reads.speakers_named(words)[:MAX_SPEAKERS] if page == 1 else []
    full = sum(h["hit"] == "document" for h in hits) == HITS_PER_PAGE or \
        sum(h["hit"] == "quote" for h in hits) == HITS_PER_PAGE
    return SearchPage(q, page, hits, claims, speakers, full)


@page(router, "/rejections", "rejections.html")
async def rejections(store: StoreDep, reads: ListingsDep,
                     page: PageNumber = 1) -> Page[StoredRejection]:
    """Inputs that did not become documents, with the reason, oldest first."""
    return paged(lambda offset, limit: store.rejections(offset + limit)[offset:],
                 reads.counts()["rejections"], page, PAGE_SIZE)
