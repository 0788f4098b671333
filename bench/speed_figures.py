"""Words per second: the figures component against a plain ``en_core_web_sm`` pass.

Both runs parse the same BBC texts in the same process with the same loaded model:
the plain pass runs spaCy's own components only; the full pass adds the paragraph
breaks and figures components. The ratio is the figures component's cost.

    .venv/bin/python bench/speed_figures.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from spacy.language import Language

from claimledger.extract.figures import FACTORY
from claimledger.extract.pipeline import BREAKS, build_nlp

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _words_per_second(nlp: Language, texts: list[str], words: int, disable: list[str]) -> float:
    started = time.perf_counter()
    with nlp.select_pipes(disable=disable):
        for _ in nlp.pipe(texts, batch_size=16):
            pass
    return words / (time.perf_counter() - started)


def _component_seconds(nlp: Language, texts: list[str], extra: list[str]) -> dict[str, float]:
    """Seconds spent in each component, document by document: robust to a busy machine."""
    spent = dict.fromkeys(nlp.pipe_names, 0.0)
    for text in texts:
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            if name in extra:
                continue
            started = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - started
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400, help="number of BBC articles")
    parser.add_argument("--repeat", type=int, default=3, help="alternating timed runs")
    args = parser.parse_args()
    folder = SHARED / "corpus" / "bbc"
    if not folder.is_dir():
        print(f"{folder} is absent: nothing to measure")
        return 0
    paths = sorted(folder.glob("*/*.txt"))[: args.limit]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    words = sum(len(t.split()) for t in texts)
    nlp = build_nlp()
    others = [name for name in nlp.pipe_names if name not in (BREAKS, FACTORY)]
    extra = [name for name in others if name.startswith("claimledger")]
    list(nlp.pipe(texts[:20]))  # warm up: pint's registry and spaCy's caches load once
    runs = [
        (
            _words_per_second(nlp, texts, words, [BREAKS, FACTORY, *extra]),
            _words_per_second(nlp, texts, words, extra),
        )
        for _ in range(args.repeat)
    ]
    plain = max(r[0] for r in runs)
    full = max(r[1] for r in runs)
    print(f"{len(texts)} articles, {words} words, best of {args.repeat} alternating runs")
    print(f"plain en_core_web_sm: {plain:,.0f} words/s")
    print(f"with figures:         {full:,.0f} words/s")
    print(f"throughput ratio (plain / with figures): {plain / full:.3f}")
    spent = _component_seconds(nlp, texts, extra)
    model = sum(v for k, v in spent.items() if k not in (BREAKS, FACTORY, *extra))
    print(
        f"time in spaCy's components: {model:.2f}s; in figures: {spent[FACTORY]:.2f}s; "
        f"in paragraph breaks: {spent[BREAKS]:.2f}s"
    )
    print(f"figures cost over a plain pass: {100 * spent[FACTORY] / model:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
