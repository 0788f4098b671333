"""Speakers: everyone recorded as saying something, linked across documents by name key."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import StreamingResponse

from claimledger.reconcile.records import ShownClaim
from claimledger.store.claim_listing import ClaimFilter
from claimledger.store.listings import QuoteFilter, QuoteRow, SpeakerRow
from claimledger.store.speakers import speaker_key
from claimledger.web.pages import PAGE_SIZE, ListingsDep, PageNumber, page
from claimledger.web.paging import Page, csv_export, sliced

router = APIRouter()
MAX_ITEMS = 500
"""At most this many claims and this many quotes on one speaker page."""


@dataclass(frozen=True, slots=True)
class SpeakerPage:
    key: str
    names: list[str]
    claims: list[ShownClaim]
    quotes: list[QuoteRow]


@page(router, "/speakers", "speakers.html")
async def speakers(reads: ListingsDep, page: PageNumber = 1) -> Page[SpeakerRow]:
    """Named speakers, most recorded first."""
    return sliced(reads.speakers(), page, PAGE_SIZE)


@router.get("/api/speakers.csv", summary="Every named speaker as CSV")
async def speakers_csv(reads: ListingsDep) -> StreamingResponse:
    ranking = reads.speakers()
    return csv_export("speakers", lambda offset, limit: ranking[offset:offset + limit])


@page(router, "/speakers/{key}", "speaker.html")
async def speaker(reads: ListingsDep, key: str = Path(max_length=200)) -> SpeakerPage:
    """Everything one person is recorded as saying, in every document."""
    normal = speaker_key(key)
    if normal is None:
        raise HTTPException(404, "not a speaker name")
    claims = reads.claims(ClaimFilter(speaker=normal), "published", True, 0, MAX_ITEMS)
    quotes = reads.quotes(QuoteFilter(speaker=normal), 0, MAX_ITEMS)
    if not claims and not quotes:
        raise HTTPException(404, f"nothing recorded for {normal!r}")
    names = sorted({n for n in (*(c.speaker for c in claims), *(q.speaker for q in quotes)) if n})
    return SpeakerPage(normal, names, claims, quotes)
