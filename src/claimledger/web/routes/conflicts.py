"""Disagreements: grouped per measure, one per page (a permalink), and marked by a
reviewer (reviewed, confirmed, dismissed with a note) when ingest is on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, StreamingResponse

from claimledger.reconcile.records import Conflict, ReviewStatus
from claimledger.web.pages import ListingsDep, PageNumber, SettingsDep, StoreDep, allowed, page
from claimledger.web.paging import Page, csv_export, paged

router = APIRouter()
ConflictId = Path(min_length=4, max_length=64, pattern=r"^x[0-9a-f]*$",
                  description="disagreement id or unique prefix")
MEASURES_PER_PAGE = 20
"""Measures in dispute per page of /conflicts."""
Note = Annotated[str, Form(max_length=2000)]


@dataclass(frozen=True, slots=True)
class ConflictList:
    """A page of the measures in dispute (most recently found first) with their
    disagreements (without the reviewed ones, with ``hide_reviewed``)."""

    measures: Page[str]
    conflicts: list[Conflict]
    hide_reviewed: bool


@dataclass(frozen=True, slots=True)
class ConflictPage:
    conflict: Conflict
    can_review: bool


@page(router, "/conflicts", "conflicts.html")
async def conflicts(reads: ListingsDep, page: PageNumber = 1,
                    hide_reviewed: Annotated[bool, Query()] = False) -> ConflictList:
    """Disagreements grouped per measure, the measures with the newest first."""
    measures = paged(lambda offset, limit: reads.disputed_measures(offset, limit, hide_reviewed),
                     reads.disputed_total(hide_reviewed), page, MEASURES_PER_PAGE)
    return ConflictList(measures, reads.conflicts_of(measures.items, hide_reviewed),
                        hide_reviewed)


@router.get("/api/conflicts.csv", summary="Every disagreement, one row each, as CSV")
async def conflicts_csv(reads: ListingsDep,
                        hide_reviewed: Annotated[bool, Query()] = False) -> StreamingResponse:
    """Both claims of each disagreement side by side (``a_`` and ``b_`` columns), the
    most recently found first."""
    return csv_export("conflicts",
                      lambda offset, limit: reads.newest_conflicts(offset, limit, hide_reviewed),
                      flat_conflict)


def flat_conflict(c: Conflict) -> dict[str, object]:
    """One disagreement as one CSV row."""
    row: dict[str, object] = {"id": c.id, "measure_id": c.measure_id,
                              "measure": c.measure_label, "kind": c.kind,
                              "relative_gap": round(c.relative_gap, 4),
                              "explanation": c.explanation,
                              "review": c.review.status if c.review else None,
                              "review_note": c.review.note if c.review else None}
    for side, ref in zip("ab", c.claims, strict=True):
        row[f"{side}_claim_id"] = ref.id
        row.update({f"{side}_{name}": getattr(ref, name) for name in CLAIM_COLUMNS})
    return row


CLAIM_COLUMNS = ("surface", "value", "low", "high", "unit", "amount", "amount_low",
                 "amount_high", "bound", "period", "speaker", "document_id",
                 "document_title", "published", "outlet", "url", "sentence")


@page(router, "/conflicts/{conflict_id}", "conflict.html")
async def conflict(reads: ListingsDep, settings: SettingsDep,
                   conflict_id: str = ConflictId) -> ConflictPage:
    """One disagreement: both claims in their sentences, who said them, where and when."""
    found = reads.conflict(conflict_id)
    if found is None:
        raise HTTPException(404, f"no single disagreement matches {conflict_id!r}")
    return ConflictPage(found, settings.allow_ingest)


@router.post("/api/conflicts/{conflict_id}/review", dependencies=[Depends(allowed)],
             summary="Mark a disagreement reviewed, confirmed or dismissed")
async def review(store: StoreDep, status: Annotated[ReviewStatus, Form()], note: Note = "",
                 conflict_id: str = ConflictId) -> dict[str, object]:
    """Needs the ingest token (``Authorization: Bearer`` or the ``token`` field)."""
    marked = _marked(store, conflict_id, status, note)
    assert marked.review is not None
    return {"id": marked.id, "status": marked.review.status, "note": marked.review.note,
            "reviewed_at": marked.review.reviewed_at}


@router.post("/conflicts/{conflict_id}/review", dependencies=[Depends(allowed)],
             include_in_schema=False)
async def review_form(request: Request, store: StoreDep,
                      status: Annotated[ReviewStatus, Form()], note: Note = "",
                      conflict_id: str = ConflictId) -> RedirectResponse:
    marked = _marked(store, conflict_id, status, note)
    return RedirectResponse(f"/conflicts/{marked.id}", status_code=303)


def _marked(store: StoreDep, conflict_id: str, status: ReviewStatus, note: str) -> Conflict:
    if status == "dismissed" and not note.strip():
        raise HTTPException(422, "say why a disagreement is dismissed (note)")
    marked = store.review(conflict_id, status, note.strip())
    if marked is None:
        raise HTTPException(404, f"no single disagreement matches {conflict_id!r}")
    return marked
