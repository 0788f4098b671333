"""Scale benchmark: documents per second on 1 and 2 local Dask workers, and worker memory.

Builds a corpus of ``--articles`` (default 20,000) distinct articles by varying
the 2,225 BBC articles in ``../shared/corpus/bbc`` (each repeat gets its own
edition line and shifted figures, so every text is a new document of the same
shape), written as JSON Lines files of 1,000 records; the grown corpus is the
same articles in ``--growth`` times as many editions. Then, each time into a new
SQLite ledger:

- ``claimledger ingest --dask-local 1`` and ``--dask-local 2`` on the corpus:
  documents per second, timed after the workers have loaded their models;
- ``--dask-local 1`` on a corpus ``--growth`` (default 4) times larger: the peak
  resident memory of the worker (``ru_maxrss``) at 1x and at 4x.

Targets (issue 7): 2 workers at least 1.7 times 1 worker; peak memory at 4x within
10% of 1x. Prints one JSON object. Runs the whole way only with time to spare
(a 2-core machine does about 7 documents per second per worker, so the default
takes about five hours); ``--articles 2000 --growth 1`` gives the speed-up alone in
about ten minutes.

    .venv/bin/python bench/scale.py [--articles N] [--growth K] [--partition-size P]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from claimledger import ledger
from claimledger.extract.model import DEFAULT_MODEL
from claimledger.ingest import iter_inputs
from claimledger.scale import extract_step
from claimledger.scale.cluster import DaskExtract, warm_worker
from claimledger.store import open_store

BBC = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"
FILE_RECORDS = 1_000


def _vary(text: str, edition: int) -> str:
    """A new text of the same shape: an edition line and every figure shifted by ``edition``."""
    if edition == 0:
        return text
    title, _, body = text.partition("\n")
    body = re.sub(r"\d+", lambda m: str(int(m[0]) + edition), body)
    return f"{title} (edition {edition})\n{body}"


def build_corpus(folder: Path, articles: int, copies: int = 1) -> Path:
    """``copies`` × ``articles`` distinct texts; every copy has the first copy's mix.

    Article ``i`` of copy ``c`` is BBC text ``i mod 2,225`` in an edition that no
    other article has, so the 4x corpus is the 1x corpus four times over in new
    editions: memory is compared on the same kind of text, only more of it.
    """
    texts = [p.read_text("utf-8", errors="replace") for p in sorted(BBC.rglob("*.txt"))]
    per_copy = -(-articles // len(texts))  # editions one copy needs
    folder.mkdir(parents=True)
    for start in range(0, articles * copies, FILE_RECORDS):
        with (folder / f"part-{start // FILE_RECORDS:05}.jsonl").open("w", encoding="utf-8") as out:
            for n in range(start, min(start + FILE_RECORDS, articles * copies)):
                copy, i = divmod(n, articles)
                text = _vary(texts[i % len(texts)], copy * per_copy + i // len(texts))
                out.write(json.dumps({"id": n, "text": text}) + "\n")
    return folder


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run(corpus: Path, workers: int, partition_size: int, work: Path) -> dict[str, Any]:
    """Ingest ``corpus`` on ``workers`` local Dask workers; time it after the model loads."""
    db = work / f"ledger-{workers}-{corpus.name}.db"
    store = open_store(str(db))
    try:
        with extract_step(local_workers=workers, partition_size=partition_size) as step:
            assert isinstance(step, DaskExtract)
            client = step.client
            client.run(warm_worker, DEFAULT_MODEL)
            started = time.perf_counter()
            tally = ledger.ingest(iter_inputs([str(corpus)]), store, extract_with=step)
            seconds = time.perf_counter() - started
            peaks = sorted(client.run(_peak_kib).values())
    finally:
        store.close()
    return {"workers": workers, "articles": tally.stored + tally.unchanged + tally.rejected,
            "stored": tally.stored, "seconds": round(seconds, 1),
            "docs_per_s": round(tally.stored / seconds, 2),
            "worker_peak_mib": [round(k / 1024) for k in peaks]}


def _report(result: dict[str, Any]) -> dict[str, Any]:
    """Each run on stderr as it ends: a long benchmark that fails late still tells something."""
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--growth", type=int, default=4,
                        help="how many times larger the memory run's corpus is; 1 skips that run")
    parser.add_argument("--partition-size", type=int, default=64)
    args = parser.parse_args()
    if not BBC.is_dir():
        sys.exit(f"{BBC} is absent: the benchmark needs ../shared/corpus/bbc")
    with tempfile.TemporaryDirectory(prefix="claimledger-scale-") as tmp:
        work = Path(tmp)
        base = build_corpus(work / "x1", args.articles)
        one = _report(run(base, 1, args.partition_size, work))
        two = _report(run(base, 2, args.partition_size, work))
        result: dict[str, Any] = {
            "articles": args.articles, "partition_size": args.partition_size,
            "one_worker": one, "two_workers": two,
            "speedup_2_over_1": round(two["docs_per_s"] / one["docs_per_s"], 2)}
        if args.growth > 1:
            big = build_corpus(work / f"x{args.growth}", args.articles, args.growth)
            grown = _report(run(big, 1, args.partition_size, work))
            result[f"one_worker_x{args.growth}"] = grown
            result[f"peak_memory_x{args.growth}_over_x1"] = round(
                grown["worker_peak_mib"][0] / one["worker_peak_mib"][0], 3)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
