"""Documents: the list, and one document's text with its figures and quotes marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import StreamingResponse

from claimledger.contract import to_contract
from claimledger.reconcile.records import Conflict, Story
from claimledger.store.listings import DocumentRow
from claimledger.web.highlight import Mark, marks
from claimledger.web.pages import PAGE_SIZE, ListingsDep, PageNumber, StoreDep, page
from claimledger.web.paging import Page, csv_export, paged

router = APIRouter()
DocumentId = Path(min_length=4, max_length=64, pattern=r"^[0-9a-f]+$",
                  description="document id or unique prefix")


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """The ``claimledger.extract/2`` record, the spans to mark, conflicts touching it,
    and the story it belongs to."""

    contract: dict[str, Any]
    marks: list[Mark]
    conflicts: list[Conflict]
    story: Story | None
    copy_of: list[DocumentRow]
    """Earlier documents this one is a near-copy of (syndication, a light rewrite)."""
    copies: list[DocumentRow]
    """Documents that are near-copies of this one."""


@page(router, "/documents", "documents.html")
async def documents(reads: ListingsDep, page: PageNumber = 1) -> Page[DocumentRow]:
    """Stored documents, newest publication first."""
    return paged(reads.documents, reads.counts()["documents"], page, PAGE_SIZE)


@router.get("/api/documents.csv", summary="Every document (without its text) as CSV")
async def documents_csv(reads: ListingsDep) -> StreamingResponse:
    return csv_export("documents", reads.documents)


@page(router, "/documents/{document_id}", "document.html")
async def document(store: StoreDep, reads: ListingsDep,
                   document_id: str = DocumentId) -> DocumentPage:
    """One document with its claims and quotes, as extract/2 plus the marks to draw."""
    found = store.get(document_id)
    if found is None:
        raise HTTPException(404, f"no single document matches {document_id!r}")
    doc, extraction = found
    links = store.links(doc.id)
    origins = tuple(k.copy_of for k in links if k.document_id == doc.id)
    copies = tuple(k.document_id for k in links if k.copy_of == doc.id)
    return DocumentPage(to_contract(doc, extraction), marks(doc, extraction),
                        reads.document_conflicts(doc.id), store.story_of(doc.id),
                        reads.documents_by_id(origins), reads.documents_by_id(copies))
