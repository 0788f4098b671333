"""Reconciling one new document against the ledger, and rebuilding from scratch.

``update`` touches only what the new document can affect: its MinHash bands find
its near-copies by key lookup; its rarest words find the stories it may belong to
(an indexed lookup per word), and it joins one or starts its own; its claims find
their measure (within that story) by key; conflicts
are sought among claims of those measures, part-whole checks among claims that
share a concept; and origins are recomputed only for the figures its claims
state. ``rebuild`` clears everything and replays ``update`` over the documents in
ingest order, which is how they arrived, so both give the same tables (tested).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from claimledger.reconcile import conflicts, consistency, duplicates, origins, stories
from claimledger.reconcile.claims import StoredClaim, contexts
from claimledger.reconcile.measures import Assignment, assign, by_figure, figure_values
from claimledger.reconcile.records import ConsistencyCheck


class Tables(Protocol):
    """What reconciliation reads and writes, inside one open write transaction."""

    def document_text(self, document_id: str) -> str | None: ...

    def document_meta(self, document_id: str) -> tuple[str | None, str | None]:
        """(title, published) of a stored document."""
        ...

    def story_candidates(self, terms: dict[str, float]) -> list[stories.Candidate]:
        """The stories closest on the heaviest of ``terms``, with their dot product
        with all of ``terms``."""
        ...

    def start_story(self, story_id: str, label: str, document_id: str,
                    profile: stories.Profile) -> None: ...

    def join_story(self, story: stories.Candidate, document_id: str,
                   profile: stories.Profile, similarity: float) -> None: ...

    def document_ids(self) -> list[str]:
        """Every stored document, in ingest order."""
        ...

    def claims_of(self, document_id: str) -> list[StoredClaim]: ...

    def signatures_with_bands(self, keys: list[str]) -> list[tuple[str, str]]:
        """(document id, encoded signature) of documents sharing any band key."""
        ...

    def add_signature(self, document_id: str, signature: str, keys: list[str]) -> None: ...

    def add_link(self, document_id: str, copy_of: str, similarity: float) -> None: ...

    def copies_among(self, document_ids: set[str]) -> set[frozenset[str]]: ...

    def add_assignments(self, placed: list[Assignment]) -> None: ...

    def in_measure(self, measure_id: str) -> list[Assignment]:
        """Claims on a measure."""
        ...

    def with_values(self, story_id: str, values: list[float]) -> list[Assignment]:
        """Claims on the measures of one story whose value (or high end) is one of these."""
        ...

    def existing_measures(self, measure_ids: set[str]) -> set[str]:
        """Those of ``measure_ids`` that already hold claims."""
        ...

    def sharing_concepts(self, concepts: frozenset[str], story_id: str) -> list[Assignment]:
        """Claims of one story sharing an event class."""
        ...

    def of_figure(self, figure_key: str) -> list[Assignment]: ...

    def add_conflicts(self, found: Iterable[conflicts.Found]) -> None: ...

    def add_checks(self, found: Iterable[ConsistencyCheck]) -> None: ...

    def set_origins(self, found: Iterable[origins.Found]) -> None: ...

    def clear(self) -> None:
        """Remove every reconciliation row (documents and claims stay)."""
        ...


def update(tables: Tables, document_id: str) -> None:
    """Reconcile one newly stored document with everything stored before it."""
    text = tables.document_text(document_id)
    if text is None:
        return
    _link_copies(tables, document_id, text)
    story_id = _join_story(tables, document_id, text)
    claims = tables.claims_of(document_id)
    context = contexts(text, claims)
    own = assign(claims, context, story_id)
    placed = by_figure(claims, context, own, tables.with_values(story_id, figure_values(claims)),
                       tables.existing_measures({x.measure_id for x in own}))
    tables.add_assignments(placed)
    measures: dict[str, list[Assignment]] = {}
    for x in placed:
        if x.measure_id not in measures:
            measures[x.measure_id] = tables.in_measure(x.measure_id)
        tables.add_conflicts(f for other in measures[x.measure_id]
                             if (f := conflicts.conflict(x, other)) is not None)
        tables.add_checks(_checks(x, tables.sharing_concepts(x.concepts, x.story_id)))
    for key in sorted({x.figure_key for x in placed}):
        appearances = tables.of_figure(key)
        docs = {a.claim.document_id for a in appearances}
        tables.set_origins(origins.history(appearances, tables.copies_among(docs)))


def rebuild(tables: Tables) -> None:
    """Recompute everything from the stored documents and claims."""
    tables.clear()
    for document_id in tables.document_ids():
        update(tables, document_id)


def _join_story(tables: Tables, document_id: str, text: str) -> str:
    """The story the document joins, or the new one it starts (named after it)."""
    title, published = tables.document_meta(document_id)
    profile = stories.profile(text, published)
    chosen = stories.best(profile, tables.story_candidates(profile.terms))
    if chosen is not None:
        story, similarity = chosen
        tables.join_story(story, document_id, profile, similarity)
        return story.story_id
    story_id = stories.story_id(document_id)
    tables.start_story(story_id, stories.label(title, text), document_id, profile)
    return story_id


def _link_copies(tables: Tables, document_id: str, text: str) -> None:
    sig = duplicates.signature(text)
    keys = duplicates.band_keys(sig)
    for other, encoded in tables.signatures_with_bands(keys):
        if other == document_id:
            continue
        score = duplicates.similarity(sig, duplicates.decode(encoded))
        if score >= duplicates.THRESHOLD:
            tables.add_link(document_id, other, score)
    tables.add_signature(document_id, duplicates.encode(sig), keys)


def _checks(x: Assignment, neighbours: list[Assignment]) -> Iterable[ConsistencyCheck]:
    """Checks with ``x`` as the part and as the whole."""
    for other in neighbours:
        for part, whole in ((x, other), (other, x)):
            found = consistency.check(part, whole)
            if found is not None:
                yield found
