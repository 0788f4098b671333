"""Stories: the documents that report one event, and what they disagree on."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Path

from claimledger.reconcile.records import Conflict, Measure, Story
from claimledger.store.listings import DocumentRow
from claimledger.web.pages import PAGE_SIZE, ListingsDep, PageNumber, StoreDep, page
from claimledger.web.paging import Page, sliced

router = APIRouter()
StoryId = Path(min_length=4, max_length=64, pattern=r"^s[0-9a-f]+$",
               description="story id or unique prefix")


@dataclass(frozen=True, slots=True)
class StoryPage:
    story: Story
    documents: list[DocumentRow]
    measures: list[Measure]
    conflicts: list[Conflict]


@page(router, "/stories", "stories.html")
async def stories(store: StoreDep, page: PageNumber = 1) -> Page[Story]:
    """Stories, the most reported first."""
    return sliced(store.stories(), page, PAGE_SIZE)


@page(router, "/stories/{story_id}", "story.html")
async def story(store: StoreDep, reads: ListingsDep, story_id: str = StoryId) -> StoryPage:
    """One story: its documents, its measures and its disagreements."""
    found = store.story(story_id)
    if found is None:
        raise HTTPException(404, f"no single story matches {story_id!r}")
    members = set(found.document_ids)
    documents = reads.documents_by_id(found.document_ids)
    measures = [m for m in store.measures() if m.story_id == found.id]
    conflicts = [c for m in measures for c in reads.measure_conflicts(m.id, PAGE_SIZE)
                 if {r.document_id for r in c.claims} <= members]
    return StoryPage(found, documents, measures, conflicts)
