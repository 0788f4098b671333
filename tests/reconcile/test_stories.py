"""Stories: reports of one event together, a look-alike event at another place and
year apart, decided as documents arrive and replayed the same by a rebuild."""

from __future__ import annotations

from pathlib import Path

from claimledger import ledger
from claimledger.reconcile.stories import (
    CLOSE,
    NEIGHBOURS,
    Neighbour,
    close,
    groups,
    linked,
    nearest,
    profile,
    similarity,
)
from claimledger.records import Article
from claimledger.store import open_store

QUAKE_A = [
    "Quake shakes Tarvane island\nA magnitude 5.4 earthquake shook Tarvane island in the "
    "Kessel Sea on Sunday, injuring four villagers in Ostrel and cracking the harbour wall, "
    "the Kessel seismic office said.",
    "Four hurt as tremor hits Tarvane\nFour people were hurt in Ostrel when a tremor of "
    "magnitude 5.4 hit Tarvane island on Sunday; the Kessel seismic office said the harbour "
    "wall at Ostrel cracked.",
    "Tarvane counts damage after quake\nEngineers on Tarvane island inspected the cracked "
    "harbour wall in Ostrel a day after the magnitude 5.4 earthquake that injured four.",
]
QUAKE_B = [
    "Quake hits Lumeno coast\nA magnitude 6.2 earthquake struck the Lumeno coast on "
    "Thursday, killing two fishermen in Drassa and flattening its old market, officials in "
    "Varn said.",
    "Two dead as quake strikes Lumeno\nTwo fishermen died in Drassa when a magnitude 6.2 "
    "earthquake struck the Lumeno coast on Thursday; the market of Drassa was flattened.",
]


def test_documents_link_only_when_their_neighbourhoods_are_shared() -> None:
    kept = {"a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b"], "x": ["y", "a"], "y": ["x"]}
    assert linked("a", "b", kept, {})
    assert not linked("a", "x", kept, {})  # x keeps a, but a's neighbours are not x's
    assert not linked("b", "y", kept, {})  # neither keeps the other
    assert groups(["a", "x", "b", "y", "c"], kept, {}) == [["a", "b", "c"], ["x", "y"]]
    close = {"a": {"y"}, "y": {"a"}}  # a rewrite of a, though neither keeps the other
    assert linked("a", "y", kept, close) and linked("y", "a", kept, close)
    assert groups(["a", "x", "b", "y", "c"], kept, close) == [["a", "x", "b", "y", "c"]]


def test_close_keeps_every_document_at_close_or_more() -> None:
    scored = [Neighbour(f"d{i:02}", 1.0) for i in range(3 * NEIGHBOURS)]
    scored += [Neighbour("e", CLOSE), Neighbour("f", CLOSE - 0.01)]
    found = close(scored)
    assert len(found) == 3 * NEIGHBOURS + 1 and found[-1].document_id == "e"


def test_more_copies_than_neighbours_stay_one_story_with_their_rewrite(tmp_path: Path) -> None:
    """Two sets of identical copies, each larger than a neighbourhood, of two rewrites
    of one report: each copy keeps only its own set among its nearest, yet the sets
    are close, so they are one story; a look-alike stays apart."""
    copies = [QUAKE_A[0]] * (NEIGHBOURS + 4) + [QUAKE_A[1]] * (NEIGHBOURS + 4)
    texts = [f"{t}\nCopy {i}." for i, t in enumerate(copies)] + QUAKE_B
    assert similarity(profile(QUAKE_A[0]), profile(QUAKE_A[1])) >= CLOSE
    store = open_store(str(tmp_path / "l.db"))
    ledger.ingest([Article(f"{i}.txt", t) for i, t in enumerate(texts)], store)
    sizes = sorted(len(s.document_ids) for s in store.stories())
    assert sizes == [len(QUAKE_B), len(copies)]


def test_reports_of_one_event_are_closer_than_a_look_alike() -> None:
    a0, a1, b0 = (profile(t) for t in (QUAKE_A[0], QUAKE_A[1], QUAKE_B[0]))
    assert similarity(a0, a1) > similarity(a0, b0)
    assert similarity(a0, a1) == similarity(a1, a0)


def test_nearest_keeps_the_closest_above_the_floor_ties_by_id() -> None:
    scored = [Neighbour("far", 0.05), Neighbour("b", 0.3), Neighbour("a", 0.3),
              Neighbour("c", 0.5)]
    assert [n.document_id for n in nearest(scored)] == ["c", "a", "b"]
    many = [Neighbour(f"d{i:02}", 0.2 + i / 100) for i in range(20)]
    assert len(nearest(many)) == NEIGHBOURS and nearest(many)[0].document_id == "d19"


def test_reports_of_one_event_are_one_story_and_a_look_alike_another(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "l.db"))
    order = [QUAKE_A[0], QUAKE_B[0], QUAKE_A[1], QUAKE_B[1], QUAKE_A[2]]
    ledger.ingest([Article(f"{i}.txt", t) for i, t in enumerate(order)], store)
    groups = sorted(sorted(d for d in s.document_ids) for s in store.stories())
    ids = {t: ledger.to_document(Article("x", t)).id for t in order}
    assert groups == sorted([sorted(ids[t] for t in QUAKE_A), sorted(ids[t] for t in QUAKE_B)])
    first = store.story_of(ids[QUAKE_A[2]])
    assert first is not None and first.label == "Quake shakes Tarvane island"
    before = store.stories()
    store.reconcile()
    assert store.stories() == before


def test_stories_do_not_depend_on_the_order_documents_came_in(tmp_path: Path) -> None:
    """The twin's reports first, then the first event's: a story that would have taken
    a look-alike as it grew is regrouped as later reports arrive."""
    found = []
    for name, order in (("a", [*QUAKE_A, *QUAKE_B]), ("b", [*QUAKE_B, QUAKE_A[2], *QUAKE_A[:2]])):
        store = open_store(str(tmp_path / f"{name}.db"))
        ledger.ingest([Article(f"{i}.txt", t) for i, t in enumerate(order)], store)
        found.append(sorted(sorted(s.document_ids) for s in store.stories()))
    assert found[0] == found[1] and len(found[0]) == 2
