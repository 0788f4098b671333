"""The quality gate: the figures the issues are judged by may not drop below their floors.

Each floor in ``quality_floors.toml`` was measured with the bench that prints it, on
data whose SHA-256 is recorded beside it: the data comes from ``../shared`` (skipped
when that is absent), and a floor measured on other data says so instead of passing
or failing by chance. A change that raises a figure raises its floor in the same
commit; one that lowers a figure fails ``make test``. The seeds are held exactly by
their own tests (``test_seed_*``), not by a floor.
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLOORS = tomllib.loads((Path(__file__).with_name("quality_floors.toml")).read_text("utf-8"))
TOLERANCE = 1e-6
"""Extraction is deterministic; a floor holds to rounding, not to a margin."""

pytestmark = [pytest.mark.shared,
              pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")]


def digest(paths: Iterable[Path]) -> str:
    """One SHA-256 over the files' names (relative to ``../shared`` or the repository)
    and contents, in name order."""
    h = hashlib.sha256()
    for path in sorted(paths):
        base = SHARED if path.is_relative_to(SHARED) else ROOT
        h.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _bench(name: str) -> Any:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


def _data(name: str) -> list[Path]:
    corpus = SHARED / "corpus"
    return {
        "newsquant_dev": lambda: [corpus / "newsquant" / "dev.json"],
        "polnear_dev": lambda: [*(corpus / "polnear" / "dev").rglob("*.ann"),
                                *(corpus / "polnear" / "dev").rglob("*.txt")],
        "ecbplus_dev": lambda: [corpus / "ecbplus" / "articles.jsonl",
                                corpus / "ecbplus" / "stories.tsv",
                                *(ROOT / "bench" / "gold" / "ecbplus").glob("*.json")],
    }[name]()


def _measure(name: str, command: str) -> dict[str, float]:
    runs: dict[str, Callable[[], dict[str, float]]] = {
        "newsquant_dev": lambda: _bench("eval_figures").score_newsquant(
            SHARED / "corpus" / "newsquant" / "dev.json"),
        "polnear_dev": lambda: _bench("eval_quotes").evaluate("dev"),
        "ecbplus_dev": lambda: _measure_ecbplus(command),
    }
    return runs[name]()


def _measure_ecbplus(command: str) -> dict[str, float]:
    bench = _bench("eval_reconcile")
    scores: dict[str, float] = bench.evaluate(bench.build(command), show=0)
    return scores


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_figure_drops_below_its_floor(name: str, command: str) -> None:
    floors = dict(FLOORS[name])
    measured_on = floors.pop("data_sha256")
    ceilings = floors.pop("at_most", {})
    data = _data(name)
    if not all(p.is_file() for p in data) or not data:
        pytest.skip(f"the {name} data is not all in ../shared")
    assert digest(data) == measured_on, (
        f"the {name} floors were measured on other data: re-measure and record them")
    got = _measure(name, command)
    low = {k: (round(got[k], 4), floor) for k, floor in floors.items()
           if got[k] < floor - TOLERANCE}
    high = {k: (got[k], most) for k, most in ceilings.items() if got[k] > most}
    assert not low, f"{name} dropped below its floors (measured, floor): {low}"
    assert not high, f"{name} rose above what it may reach (measured, at most): {high}"
