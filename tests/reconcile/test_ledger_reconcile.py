"""Reconciliation in a real ledger: the seed articles plus examples/, incremental against
rebuilt, stable ids, and the reference findings across articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimledger import ledger
from claimledger.ingest import iter_inputs
from claimledger.reconcile.records import Origin
from claimledger.store import Store, open_store
from claimledger.store.reconcile_schema import RECONCILE_TABLES
from claimledger.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SKOROKHOD = "Some will never return"
OFFICIALS = "Ukraine's desertion crisis"
"""How the two seed articles' titles (their first lines) begin."""


def _ingest(path: Path, inputs: list[str]) -> SQLiteStore:
    store = open_store(str(path))
    assert isinstance(store, SQLiteStore)
    ledger.ingest(iter_inputs(inputs), store)
    return store


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> SQLiteStore:
    seeds = sorted(str(p) for p in (shared / "seed-articles").glob("*.txt"))
    return _ingest(tmp_path_factory.mktemp("seeded") / "ledger.db", [*seeds, str(EXAMPLES)])


def _dump(store: SQLiteStore) -> dict[str, list[tuple[Any, ...]]]:
    return {t: sorted(tuple(r) for r in store.conn.execute(f"SELECT * FROM {t}"))
            for t in RECONCILE_TABLES}


def _claim(store: Store, value: float, document: str) -> str:
    """The id of the claim with ``value`` in the document whose title starts ``document``."""
    found = [a.claim.id for o in store.trace(value) for a in o.appearances
             if (a.claim.document_title or "").startswith(document)]
    assert found, f"no {value} in {document!r}"
    return found[0]


def test_incremental_equals_rebuild(seeded: SQLiteStore) -> None:
    incremental = _dump(seeded)
    assert incremental["measures"] and incremental["conflicts"]
    seeded.reconcile()
    assert _dump(seeded) == incremental


def test_running_totals_do_not_depend_on_ingest_order(seeded: SQLiteStore, shared: Path,
                                                      tmp_path: Path) -> None:
    """A statistic's running total is one measure across stories, so its id and its
    claims come out the same in any order; a story's own measures follow the story,
    which is named after the document that started it."""
    seeds = sorted(str(p) for p in (shared / "seed-articles").glob("*.txt"))
    reverse = _ingest(tmp_path / "reverse.db", [str(EXAMPLES), *reversed(seeds)])

    def totals(store: Store) -> dict[str, tuple[str, int]]:
        return {m.id: (m.label, len(m.claim_ids)) for m in store.measures()
                if m.story_id == "*"}

    assert totals(seeded) and totals(reverse) == totals(seeded)


def test_almost_400000_conflicts_with_235000(seeded: SQLiteStore) -> None:
    found = [c for c in seeded.conflicts()
             if {r.value for r in c.claims} == {400000.0, 235000.0}]
    assert found, "the AWOL totals should be flagged"
    seeds = {_claim(seeded, 400000, SKOROKHOD), _claim(seeded, 235000, OFFICIALS)}
    assert seeds in [{r.id for r in c.claims} for c in found]
    for conflict in found:
        assert conflict.measure_label.startswith("soldiers AWOL")
        assert conflict.relative_gap == pytest.approx(165000 / 400000)
    officials = {r.speaker for c in found for r in c.claims if r.value == 235000.0}
    assert "military officials" in officials


def test_cases_and_soldiers_are_different_measures(seeded: SQLiteStore) -> None:
    cases = {o.measure_id for o in seeded.trace(230000)}
    soldiers = {o.measure_id for o in seeded.trace(400000)}
    assert cases and soldiers and not cases & soldiers
    assert not any({r.value for r in c.claims} == {230000.0, 400000.0}
                   for c in seeded.conflicts())


@pytest.mark.parametrize(("part", "whole"), [(176000, 235000), (107000, 230000)])
def test_parts_against_totals_are_consistent(seeded: SQLiteStore, part: int,
                                             whole: int) -> None:
    seed = OFFICIALS if part == 176000 else SKOROKHOD
    part_id, whole_id = _claim(seeded, part, seed), _claim(seeded, whole, seed)
    found = [k for k in seeded.checks()
             if (k.part_claim_id, k.whole_claim_id) == (part_id, whole_id)]
    assert len(found) == 1 and found[0].consistent
    assert f"{part * 0.99 if part == 176000 else part:,.0f}" in found[0].arithmetic


def _one_origin(origin: Origin) -> None:
    assert sum(a.role == "origin" for a in origin.appearances) == 1
    assert origin.appearances[0].claim.id == origin.first_claim_id


def test_every_figure_has_one_origin_and_copies_echo(seeded: SQLiteStore) -> None:
    for measure in seeded.measures():
        for claim_id in measure.claim_ids:
            origin = seeded.origins(claim_id)
            assert origin is not None
            _one_origin(origin)
    [link] = seeded.links()  # the partner site's copy of the wire story
    assert link.similarity >= 0.4
    copied = [a for o in seeded.trace(176000) for a in o.appearances
              if a.claim.document_id == link.document_id]
    assert [a.role for a in copied] == ["echo"] and "near-copy" in copied[0].why


def test_reconcile_parses_nothing(seeded: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Readings come with the figures from extraction: with spaCy taken away, a
    rebuild gives the same tables as the ingest that made them."""
    import spacy

    expected = _dump(seeded)

    def no_spacy(*args: object, **kwargs: object) -> None:
        raise AssertionError("reconcile loaded a spaCy pipeline")

    monkeypatch.setattr(spacy, "load", no_spacy)
    seeded.reconcile()
    assert _dump(seeded) == expected
