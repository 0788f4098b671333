"""Extraction on worker processes, each loading the model once, each document bounded.

A worker takes a small batch of documents at a time (spaCy runs a batch of eight
BBC articles about 15% faster than the same eight one by one), within ``max_seconds``
for the batch. When a batch overruns it (or its worker dies, or runs out of the memory
``max_memory`` allows), the worker is stopped and replaced and the batch's documents
are sent again one by one, each with the whole bound: a document that still takes
longer comes back as :class:`Unfinished` with the reason. One hostile or pathological
text costs at most twice the bound and never holds the run. Inputs are handed out as
workers free up, at most ``window`` ahead of the oldest unfinished one, so memory
stays flat however long the input stream is; results come back in input order.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from claimledger.extract.pipeline import Extractor, Job
from claimledger.records import Extraction

LOAD_SECONDS = 600.0
"""How long a new worker may take to load the model before the run gives up on it."""
_READY = "ready"
BATCH = 8
"""Documents handed to a worker at once, up to ``BATCH_CHARS`` of text in all (a long
document goes alone, so a batch's time is close to its documents' own)."""
BATCH_CHARS = 40_000
_WARM_UP = Job('Officials said 3 km of road and 40% of homes, "all of them", were lost.')


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A document whose extraction did not finish: ``reason`` is a rejection code
    (``timeout``, ``too_large`` for memory, ``extraction_failed``), ``detail`` the
    message shown to the user."""

    reason: str
    detail: str


def _serve(conn: Connection, model: str, max_memory: int | None) -> None:
    """A worker's loop: load the model, then extract each batch of jobs sent until
    ``None``, answering with one result per job."""
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    extractor = Extractor(model)
    extractor.extract(_WARM_UP)  # what loads on first use (pint's units) is no document's cost
    conn.send(_READY)
    while (jobs := conn.recv()) is not None:
        try:
            conn.send(list(extractor.extract_many(jobs, batch_size=len(jobs))))
        except MemoryError:
            limit = f"{(max_memory or 0) // 2**20:,} MB"
            conn.send(_failed(jobs, "too_large", f"extraction needed more than {limit} of memory"))
        except Exception as exc:  # one document's failure must not end the run
            conn.send(_failed(jobs, "extraction_failed", f"{type(exc).__name__}: {exc}"[:300]))


def _failed(jobs: list[Job], reason: str, detail: str) -> Unfinished:
    """One document's failure is its own; a batch's is not yet anyone's (retried alone)."""
    return Unfinished(reason, detail) if len(jobs) == 1 else _RETRY


class _Worker:
    """One worker process and the pipe to it, started and loaded."""

    def __init__(self, model: str, max_memory: int | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, model, max_memory), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(LOAD_SECONDS) or self.conn.recv() != _READY:
            self.stop()
            raise RuntimeError(f"an extraction worker could not load {model!r}")

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.stop()


_RETRY = Unfinished("retry", "the batch failed: each of its documents is tried alone")


@dataclass(frozen=True, slots=True)
class _Busy:
    """A batch in a worker's hands: its documents' positions in the input, and the jobs
    to send again one by one if the batch fails."""

    indices: tuple[int, ...]
    jobs: tuple[Job, ...]
    started: float


def extract_stream(jobs: Iterable[Job], model: str, processes: int = 1,
                   max_seconds: float | None = None, max_memory: int | None = None,
                   window: int = 64) -> Iterator[Extraction | Unfinished]:
    """The extraction of each of ``jobs``, in order. Unbounded on one process, the
    model runs here; otherwise on ``processes`` workers, each document within
    ``max_seconds`` and ``max_memory`` bytes."""
    if processes <= 1 and max_seconds is None and max_memory is None:
        yield from Extractor(model).extract_many(jobs)
        return
    workers = [_Worker(model, max_memory) for _ in range(max(1, processes))]
    try:
        yield from _run(iter(jobs), workers, model, max_seconds, max_memory, window)
    finally:
        for worker in workers:
            worker.close()


def _run(source: Iterator[Job], workers: list[_Worker], model: str, max_seconds: float | None,
         max_memory: int | None, window: int) -> Iterator[Extraction | Unfinished]:
    free = list(workers)
    busy: dict[int, _Busy] = {}  # worker position in ``workers`` -> its batch
    done: dict[int, Extraction | Unfinished] = {}
    alone: list[tuple[int, Job]] = []  # documents of failed batches, to send one by one
    ahead: list[Job] = []  # a job read from the source that did not fit the last batch
    handed = emitted = 0
    exhausted = False
    while True:
        while free and (alone or (not exhausted and handed - emitted < window * len(workers))):
            if alone:
                batch = [alone.pop(0)]
            else:
                batch = _take(source, handed, ahead)
                if not batch:
                    exhausted = True
                    break
                handed += len(batch)
            worker = free.pop()
            worker.conn.send([job for _, job in batch])
            busy[workers.index(worker)] = _Busy(tuple(i for i, _ in batch),
                                                tuple(job for _, job in batch), time.monotonic())
        if not busy:
            return  # everything handed out came back and was yielded below
        ready = wait([workers[w].conn for w in busy], _next_deadline(busy, max_seconds))
        now = time.monotonic()
        for w, held in list(busy.items()):
            worker = workers[w]
            if worker.conn in ready:
                answer = _receive(worker)
            elif max_seconds is not None and now - held.started >= max_seconds:
                answer = Unfinished("timeout", f"extraction took longer than {max_seconds:g} s; "
                                    "the document was left out")
                worker.conn.close()  # so the replacement below is the one that is used
            else:
                continue
            del busy[w]
            if isinstance(answer, list):
                done.update(zip(held.indices, answer, strict=True))
            elif len(held.indices) == 1:
                done[held.indices[0]] = answer
            else:
                alone.extend(zip(held.indices, held.jobs, strict=True))
            if worker.conn.closed:
                worker.stop()
                workers[w] = worker = _Worker(model, max_memory)
            free.append(worker)
        while emitted in done:
            yield done.pop(emitted)
            emitted += 1


def _take(source: Iterator[Job], start: int, ahead: list[Job]) -> list[tuple[int, Job]]:
    """The next batch, numbered from ``start``: up to ``BATCH`` jobs and ``BATCH_CHARS``
    of text (a longer job alone). A job that does not fit waits in ``ahead``."""
    batch: list[tuple[int, Job]] = []
    chars = 0
    while len(batch) < BATCH:
        job = ahead.pop() if ahead else next(source, None)
        if job is None:
            break
        if batch and chars + len(job.text) > BATCH_CHARS:
            ahead.append(job)
            break
        batch.append((start + len(batch), job))
        chars += len(job.text)
    return batch


def _receive(worker: _Worker) -> list[Extraction | Unfinished] | Unfinished:
    """The worker's answers, or why there are none (it died: killed for memory, crashed;
    or its batch failed, ``_RETRY``)."""
    try:
        answer: Any = worker.conn.recv()
    except (EOFError, OSError):
        worker.conn.close()
        code = worker.process.exitcode
        return Unfinished("extraction_failed", f"the extraction worker died (exit code {code})")
    return answer  # type: ignore[no-any-return]


def _next_deadline(busy: dict[int, _Busy], max_seconds: float | None) -> float | None:
    """Seconds until the oldest document in hand passes the bound."""
    if max_seconds is None:
        return None
    return max(0.0, min(j.started for j in busy.values()) + max_seconds - time.monotonic())
