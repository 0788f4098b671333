"""Reconciling one new document against the ledger, and rebuilding from scratch.

``update`` touches only what the new document can affect: its MinHash bands find
its near-copies by key lookup; its rarest words find its nearest documents (an
indexed lookup per word), it enters their neighbourhoods, and only the stories of
documents whose links that changes are regrouped (a story it splits or joins has
its documents' claims placed again, in ingest order); its claims find
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

    def document_title(self, document_id: str) -> str | None: ...

    def neighbour_candidates(self, terms: dict[str, float]
                             ) -> list[tuple[str, stories.Profile]]:
        """The documents closest on the heaviest of ``terms``, with their profiles."""
        ...

    def add_profile(self, document_id: str, profile: stories.Profile) -> None: ...

    def neighbours(self, document_ids: Iterable[str]) -> dict[str, list[stories.Neighbour]]:
        """The nearest documents each of these keeps (absent: none)."""
        ...

    def set_neighbours(self, document_id: str, kept: list[stories.Neighbour]) -> None: ...

    def add_close(self, document_id: str, close: list[stories.Neighbour]) -> None:
        """Tie the document to those ``stories.CLOSE`` to it, both ways."""
        ...

    def close_to(self, document_ids: Iterable[str]) -> dict[str, set[str]]:
        """The documents tied as close to each of these (absent: none)."""
        ...

    def neighbours_of(self, document_ids: Iterable[str]) -> set[str]:
        """The documents that keep any of these among their nearest."""
        ...

    def stories_of(self, document_ids: Iterable[str]) -> dict[str, str]:
        """The story of each of these documents that has one."""
        ...

    def story_members(self, story_ids: Iterable[str]) -> list[str]:
        """The documents of these stories, in ingest order."""
        ...

    def drop_stories(self, story_ids: Iterable[str]) -> None: ...

    def add_story(self, story_id: str, label: str, similarity: dict[str, float]) -> None:
        """A story of the documents in ``similarity``, each with its closest fellow's."""
        ...

    def forget(self, document_ids: list[str]) -> None:
        """Remove what reconciling these documents' claims wrote (their measures,
        conflicts, checks and origins), so they can be placed again."""
        ...

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
    placed = _place_in_story(tables, document_id, text)
    again = [d for d in placed if d != document_id]
    tables.forget(again)
    for other in again:
        _reconcile_claims(tables, other, tables.document_text(other) or "", placed[other])
    _reconcile_claims(tables, document_id, text, placed[document_id])


def _reconcile_claims(tables: Tables, document_id: str, text: str, story_id: str) -> None:
    """Place a document's claims on measures of its story, and find what they
    disagree with, what they add up to and where each figure came from."""
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


def _place_in_story(tables: Tables, document_id: str, text: str) -> dict[str, str]:
    """Keep the new document's nearest neighbours, offer it as a neighbour to those it
    is close to, and regroup the stories whose links that can change. Returns the
    story of every document whose claims must be placed (again): the new one, and
    those of any story it split or joined, in ingest order."""
    changed = _enter_neighbourhoods(tables, document_id, stories.profile(text))
    lists = tables.neighbours(changed)
    near = changed | {n.document_id for ns in lists.values() for n in ns}
    near |= tables.neighbours_of(changed) | tables.close_to([document_id]).get(document_id, set())
    universe = [*tables.story_members(set(tables.stories_of(near).values())), document_id]
    old = tables.stories_of(universe)
    lists = tables.neighbours(universe)
    was: dict[str, set[str]] = {}
    for d, s in old.items():
        was.setdefault(s, set()).add(d)
    placed: dict[str, str] = {}
    regrouped = []
    kept = {d: [n.document_id for n in ns] for d, ns in lists.items()}
    for members in stories.groups(universe, kept, tables.close_to(universe)):
        rest = {d for d in members if d != document_id}
        same = bool(rest) and rest == was.get(old.get(members[0], ""), set())
        if same and document_id not in members:
            continue  # this story is as it was
        regrouped.append(members)
        for d in [document_id] if same else members:
            placed[d] = stories.story_id(members[0])
    tables.drop_stories({old[d] for members in regrouped for d in members if d in old})
    for members in regrouped:
        title = tables.document_title(members[0])
        tables.add_story(stories.story_id(members[0]),
                         stories.label(title, tables.document_text(members[0]) or ""),
                         _closest(members, lists))
    position = {d: i for i, d in enumerate(universe)}
    return dict(sorted(placed.items(), key=lambda kv: position[kv[0]]))


def _enter_neighbourhoods(tables: Tables, document_id: str, mine: stories.Profile) -> set[str]:
    """Store the document's nearest neighbours and those close to it, and put it among
    their nearest where it is closer than their farthest; returns it and the documents
    whose lists changed."""
    candidates = [stories.Neighbour(other, stories.similarity(mine, theirs))
                  for other, theirs in tables.neighbour_candidates(mine.terms)
                  if other != document_id]
    scored = stories.nearest(candidates)
    tables.add_profile(document_id, mine)
    tables.set_neighbours(document_id, scored)
    tables.add_close(document_id, stories.close(candidates))
    changed = {document_id}
    lists = tables.neighbours(n.document_id for n in scored)
    for n in scored:
        theirs = lists.get(n.document_id, [])
        kept = stories.nearest([*theirs, stories.Neighbour(document_id, n.similarity)])
        if kept != theirs:
            tables.set_neighbours(n.document_id, kept)
            changed.add(n.document_id)
    return changed


def _closest(members: list[str], lists: dict[str, list[stories.Neighbour]]
             ) -> dict[str, float]:
    """Each member's similarity to its closest fellow member (1 for a lone document)."""
    inside = set(members)
    best = {d: 0.0 for d in members}
    for d in members:
        for n in lists.get(d, []):
            if n.document_id in inside:
                best[d] = max(best[d], n.similarity)
                best[n.document_id] = max(best[n.document_id], n.similarity)
    return best if len(members) > 1 else {members[0]: 1.0}


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
