"""Stories: reports of one event together, a look-alike event at another place and
year apart, decided as documents arrive and replayed the same by a rebuild."""

from __future__ import annotations

from pathlib import Path

from claimledger import ledger
from claimledger.reconcile.stories import Candidate, best, profile
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


def test_a_story_is_joined_only_when_close_enough() -> None:
    p = profile(QUAKE_A[1], None)
    same = Candidate("s1", 0.6, 1.0, None, None)
    far = Candidate("s2", 0.1, 1.0, None, None)
    assert best(p, [far, same]) == (same, 0.6)
    assert best(p, [far]) is None


def test_time_apart_weakens_the_match() -> None:
    p = profile(QUAKE_A[1], "2013-05-01")
    recent = Candidate("s1", 0.4, 1.0, "2013-04-28", "2013-04-29")
    years = Candidate("s2", 0.4, 1.0, "2008-03-01", "2008-03-09")
    assert best(p, [recent, years]) == (recent, 0.4)
    assert best(p, [years]) is None


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
