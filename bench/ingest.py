"""Ingest throughput and memory on ../shared/corpus/bbc, against a plain spaCy pass.

    .venv/bin/python bench/ingest.py [--limit N] [--jobs N]

Prints documents per second for a full ingest into a fresh SQLite ledger (read,
decode, extract, store) and for a plain ``nlp.pipe`` pass of the same model over
the same texts in the same process, their ratio, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from claimledger import ledger
from claimledger.extract.model import load_model
from claimledger.ingest import iter_inputs
from claimledger.store import open_store

BBC = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="use the first N articles")
    parser.add_argument("--jobs", type=int, default=1, help="extraction processes")
    args = parser.parse_args()
    if not BBC.is_dir():
        print(f"skipped: {BBC} is absent")
        return
    files = sorted(str(p) for p in BBC.glob("*/*.txt"))[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        start = time.perf_counter()
        tally = ledger.ingest(iter_inputs(files), store, processes=args.jobs)
        ingest_s = time.perf_counter() - start
        store.close()
    ingest_peak = peak_mib()

    texts = [Path(f).read_text(encoding="utf-8", errors="replace") for f in files]
    nlp = load_model()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    plain_s = time.perf_counter() - start

    n = len(files)
    print(f"articles: {n} (stored {tally.stored}, unchanged {tally.unchanged}, "
          f"rejected {tally.rejected}), jobs={args.jobs}")
    print(f"ingest:      {n / ingest_s:8.1f} docs/s  ({ingest_s:.1f} s)")
    print(f"plain spaCy: {n / plain_s:8.1f} docs/s  ({plain_s:.1f} s)")
    print(f"ratio ingest/plain time: {ingest_s / plain_s:.2f}")
    print(f"peak memory after ingest: {ingest_peak:.0f} MiB; after both: {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
