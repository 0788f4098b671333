"""Extraction on several local processes, each loading the model once.

Inputs are fed in bounded windows so memory stays flat however long the input
stream is; results come back in input order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice

from claimledger.extract.pipeline import Extractor, Job
from claimledger.records import Extraction

_worker: Extractor | None = None


def _init(model: str) -> None:
    global _worker
    _worker = Extractor(model)


def _extract(job: Job) -> Extraction:
    assert _worker is not None, "worker initialiser did not run"
    return _worker.extract(job)


def extract_stream(
    jobs: Iterable[Job], model: str, processes: int = 1, window: int = 64
) -> Iterator[Extraction]:
    """Extractions for ``jobs`` in order, on ``processes`` worker processes."""
    if processes <= 1:
        yield from Extractor(model).extract_many(jobs)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes, initializer=_init, initargs=(model,)) as pool:
        source = iter(jobs)
        while chunk := list(islice(source, window * processes)):
            yield from pool.imap(_extract, chunk, chunksize=4)
