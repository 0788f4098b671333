"""Throughput of ``claimledger extract`` against a plain spaCy pass over the same texts.

Both run as their own processes, alternately, on the same BBC articles with the same
model: ``claimledger extract --format jsonl`` (language, repeats, the spaCy pipeline,
figures and quotes, the contract JSON) and a script that loads the model and runs ``nlp.pipe``
over the texts and does nothing else. Each run is timed from start to exit, so model
loading is counted on both sides; peak memory is the largest resident set of the run
(for the CLI, its extraction worker).

    .venv/bin/python bench/speed_extract.py [--limit 600] [--rounds 3]

Prints words per second of each run, their medians, the ratio (CLI over plain spaCy:
above 1 is faster than a plain pass), peak memory in MiB, and (``--stages``) where the
time of an extraction goes: language detection, repeats, spaCy's pipeline, the figures
and quotes components (the figures' readings for reconciliation are made there) and
the contract JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
VENV = ROOT / ".venv" / "bin"

PLAIN = """
import sys
from claimledger.extract.model import load_model
nlp = load_model(sys.argv[1])
texts = [open(p, encoding="utf-8", errors="replace").read() for p in sys.argv[2:]]
for _ in nlp.pipe(texts, batch_size=16):
    pass
"""
"""The plain pass: the model claimledger loads, its own components, nothing added."""


MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""
"""Runs a command and writes the peak resident KiB of it and its children: a fresh
process each time, so the peak is this run's, not the largest of the bench so far."""


def _run(command: list[str], report: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one run of ``command``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", MEASURE, str(report), *command], check=True)
    return time.perf_counter() - started, int(report.read_text()) / 1024


def _stages(texts: list[str]) -> None:
    """Where an extraction's time goes, stage by stage, in this process: what is not
    spaCy's own pipeline (language, repeats, claimledger's components, the contract
    JSON) must stay small beside it."""
    if not texts:
        return
    from claimledger.contract import to_contract
    from claimledger.extract.pipeline import OWN_COMPONENTS, Extractor, Job
    from claimledger.records import Document
    from claimledger.text.language import detect_language
    from claimledger.text.repeats import find_repeats

    extractor = Extractor()
    extractor.extract(Job(texts[0]))  # first-use loading is no stage's cost
    spent = dict.fromkeys(("language", "repeats", "spaCy pipeline", *OWN_COMPONENTS,
                           "contract JSON"), 0.0)

    def timed(stage: str, work: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = work()
        spent[stage] += time.perf_counter() - started
        return result

    for text in texts:
        timed("language", lambda: detect_language(text))  # noqa: B023 - called at once
        timed("repeats", lambda: find_repeats(text))  # noqa: B023
    docs = iter(extractor.nlp.pipe(texts, batch_size=8, disable=OWN_COMPONENTS))
    while (parsed := timed("spaCy pipeline", lambda: next(docs, None))) is not None:
        doc: Doc = parsed
        for name in OWN_COMPONENTS:
            doc = timed(name, lambda: extractor.nlp.get_pipe(name)(doc))  # noqa: B023
    extractions = extractor.extract_many(Job(text) for text in texts)
    for n, (text, extraction) in enumerate(zip(texts, extractions, strict=True)):
        document = Document(id=f"d{n}", source="bench", text=text, language="en")
        timed("contract JSON", lambda: json.dumps(
            to_contract(document, extraction)))  # noqa: B023
    total = sum(spent.values())
    print(f"stages, in process, {len(texts)} articles ({total:.1f} s):")
    for stage, seconds in spent.items():
        print(f"  {stage:32} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")


def _ratio(paths: list[str], words: int, rounds: int, model: str) -> None:
    """``rounds`` alternating runs of a plain spaCy pass and ``claimledger extract``."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "inputs"
        listing.mkdir()
        for n, p in enumerate(paths):  # one folder, so the CLI reads exactly these
            os.symlink(p, listing / f"{n:04d}.txt")
        cli = [str(VENV / "claimledger"), "--model", model, "extract", str(listing),
               "--format", "jsonl"]
        plain = [sys.executable, "-c", PLAIN, model, *paths]
        rates: dict[str, list[float]] = {"claimledger extract": [], "plain nlp.pipe": []}
        peaks: dict[str, float] = {}
        for n in range(rounds):
            for name, command in (("plain nlp.pipe", plain), ("claimledger extract", cli)):
                seconds, peak = _run(command, Path(tmp) / "peak")
                rates[name].append(words / seconds)
                peaks[name] = max(peaks.get(name, 0.0), peak)
                print(f"round {n + 1}: {name:20} {seconds:7.1f} s  {words / seconds:8,.0f} words/s")
    medians = {name: statistics.median(r) for name, r in rates.items()}
    ratio = medians["claimledger extract"] / medians["plain nlp.pipe"]
    for name, rate in medians.items():
        print(f"{name:20} median {rate:8,.0f} words/s, peak memory {peaks[name]:,.0f} MiB")
    print(f"ratio (claimledger extract / plain nlp.pipe): {ratio:.2f}")
    print(json.dumps({"ratio": round(ratio, 3), "words": words,
                      **{k: round(v) for k, v in medians.items()}}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=600, help="BBC articles (spread over topics)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each")
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--stages", type=int, default=200,
                        help="articles timed stage by stage in this process (0: none)")
    args = parser.parse_args()
    folder = SHARED / "corpus" / "bbc"
    if not folder.is_dir():
        print(f"{folder} is absent: nothing to measure")
        return 0
    every = sorted(folder.glob("*/*.txt"))
    step = max(1, len(every) // args.limit)
    paths = [str(p) for p in every[::step][: args.limit]]
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in paths]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(paths)} BBC articles, {words:,} words (whitespace-separated)")
    if args.rounds > 0:
        _ratio(paths, words, args.rounds, args.model)
    _stages(texts[: args.stages])
    return 0


if __name__ == "__main__":
    sys.exit(main())
