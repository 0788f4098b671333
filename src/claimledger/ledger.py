"""The main jobs as a library: extract articles, and ingest them into a store.

``cli.py`` only parses options and formats what these functions return.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import tee
from typing import TypeVar

from claimledger.contract import document_id
from claimledger.extract.model import DEFAULT_MODEL
from claimledger.extract.parallel import Unfinished, extract_stream
from claimledger.extract.pipeline import Extractor, Job, component_versions
from claimledger.ingest.dates import inferred_date, iso_date
from claimledger.records import Article, Document, Extraction, Rejection
from claimledger.store import Outcome, RunCounts, Store

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Extracted:
    document: Document
    extraction: Extraction


def to_document(article: Article) -> Document:
    """The document to store; a date the input did not give is read from its URL or its
    opening lines, and marked so (a given date is never replaced)."""
    published = iso_date(article.published)
    found = (published, "given") if published else inferred_date(article.url, article.text)
    day, origin = found if found else (None, None)
    if found is None and article.published:
        origin = "unusable"  # a date was given, but none could be read or it is out of range
    return Document(
        id=document_id(article.text), source=article.source, text=article.text, language=None,
        title=article.title, published=day, outlet=article.outlet,
        url=article.url, author=article.author, published_from=origin,
    )


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document's extraction may cost: seconds and bytes of memory (``None``:
    unbounded). A document over either is rejected with the reason; the run goes on."""

    max_seconds: float | None = None
    max_memory: int | None = None


UNBOUNDED = Limits()


def extract(
    items: Iterable[Article | Rejection], model: str = DEFAULT_MODEL, processes: int = 1,
    extractor: Extractor | None = None, limits: Limits = UNBOUNDED,
) -> Iterator[Extracted | Rejection]:
    """Extract every article, passing rejections through, in input order.

    A loaded ``extractor`` is used as it is (a Dask worker keeps one for all its
    partitions); otherwise ``model`` is loaded on ``processes`` processes, in worker
    processes when ``limits`` bound a document (:mod:`claimledger.extract.parallel`).
    """
    docs_or_rejections = (to_document(i) if isinstance(i, Article) else i for i in items)
    left, right = tee(docs_or_rejections)
    jobs = (Job(d.text, d.published) for d in left if isinstance(d, Document))
    results = extractor.extract_many(jobs) if extractor else extract_stream(
        jobs, model, processes, limits.max_seconds, limits.max_memory)
    for item in right:
        if isinstance(item, Rejection):
            yield item
            continue
        extraction = next(results)
        if isinstance(extraction, Unfinished):
            yield Rejection(item.source, extraction.reason, extraction.detail,
                            size=len(item.text.encode("utf-8")))
        else:
            yield Extracted(replace(item, language=extraction.language), extraction)


BATCH_DOCUMENTS = 32
BATCH_SECONDS = 2.0
"""A batch closes at this many results or this long after its first arrived: few
commits in a fast bulk run, little work redone after a kill, and progress that
keeps moving in a slow one."""


def _batches(results: Iterable[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    opened = 0.0
    for result in results:
        if not batch:
            opened = time.monotonic()
        batch.append(result)
        if len(batch) >= BATCH_DOCUMENTS or time.monotonic() - opened >= BATCH_SECONDS:
            yield batch
            batch = []
    if batch:
        yield batch


ExtractStep = Callable[[Iterable[Article | Rejection], str, int], Iterator[Extracted | Rejection]]
"""What ``ingest`` extracts with: :func:`extract`, or another engine (``claimledger.scale``)
that keeps the same contract: every input's result, in input order."""


@dataclass
class Tally:
    """Counts as the run goes; ``on_item`` lets a caller draw progress."""

    stored: int = 0
    unchanged: int = 0
    rejected: int = 0

    def counts(self) -> RunCounts:
        return RunCounts(self.stored, self.unchanged, self.rejected)


def ingest(
    items: Iterable[Article | Rejection],
    store: Store,
    *,
    command: str = "ingest",
    model: str = DEFAULT_MODEL,
    processes: int = 1,
    on_item: Callable[[str, str], None] | None = None,
    extract_with: ExtractStep = extract,
) -> Tally:
    """Store every article (skipping texts already stored) and record every rejection.

    Documents are committed in small batches (:func:`_batches`), each whole or not
    at all, so a killed run keeps what it committed and a rerun picks up where it
    stopped. A batch is gathered before its transaction opens: extraction never
    runs while the ledger is locked for writing.
    """
    run_id = store.begin_run(command)
    tally = Tally()

    def fresh() -> Iterator[Article | Rejection]:
        for item in items:
            if isinstance(item, Article) and store.known(document_id(item.text)):
                tally.unchanged += 1
                if on_item:
                    on_item(item.source, Outcome.UNCHANGED.value)
                continue
            yield item

    for batch in _batches(extract_with(fresh(), model, processes)):
        outcomes = []
        with store.batch():
            for result in batch:
                if isinstance(result, Rejection):
                    store.reject(result, run_id)
                    tally.rejected += 1
                    outcomes.append((result.source,
                                     f"rejected: {result.reason}: {result.detail}"))
                    continue
                stored = store.put(result.document, result.extraction, run_id)
                if stored is Outcome.UNCHANGED:
                    tally.unchanged += 1
                else:
                    tally.stored += 1  # and reconciled with the ledger (claimledger.reconcile)
                outcomes.append((result.document.source, stored.value))
        if on_item:
            for source, outcome in outcomes:
                on_item(source, outcome)
    store.finish_run(run_id, tally.counts())
    return tally


def reextract(store: Store, *, model: str = DEFAULT_MODEL, processes: int = 1,
              everything: bool = False, on_item: Callable[[str], None] | None = None,
              limits: Limits = UNBOUNDED) -> int:
    """Extract again the stored documents that older components (or, with
    ``everything``, any components) extracted, then rebuild reconciliation; returns how
    many documents were re-extracted.

    Each document's new claims and quotes replace its old ones in one transaction, and
    extraction runs outside it; a killed run leaves documents either old or new, and a
    rerun takes up the old ones (the rebuild at the end then covers all of them)."""
    ids = store.stale(None if everything else component_versions())
    run_id = store.begin_run("reextract")
    done = 0
    stored = (found for found in (store.get(i) for i in ids) if found is not None)
    pairs, jobs = tee(stored)
    results = extract_stream((Job(d.text, d.published) for d, _ in jobs), model, processes,
                             limits.max_seconds, limits.max_memory)
    for (document, _), extraction in zip(pairs, results, strict=True):
        if isinstance(extraction, Unfinished):
            continue  # it keeps the claims it had; a later run may take it up again
        if store.replace_extraction(document.id, extraction):
            done += 1
            if on_item:
                on_item(document.source)
    store.reconcile()
    store.finish_run(run_id, RunCounts(stored=done))
    return done
