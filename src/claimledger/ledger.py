"""The main jobs as a library: extract articles, and ingest them into a store.

``cli.py`` only parses options and formats what these functions return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import tee

from claimledger.contract import document_id
from claimledger.extract.model import DEFAULT_MODEL
from claimledger.extract.parallel import extract_stream
from claimledger.extract.pipeline import Extractor, Job
from claimledger.ingest.dates import iso_date
from claimledger.records import Article, Document, Extraction, Rejection
from claimledger.store import Outcome, RunCounts, Store


@dataclass(frozen=True, slots=True)
class Extracted:
    document: Document
    extraction: Extraction


def to_document(article: Article) -> Document:
    return Document(
        id=document_id(article.text), source=article.source, text=article.text, language=None,
        title=article.title, published=iso_date(article.published), outlet=article.outlet,
        url=article.url, author=article.author,
    )


def extract(
    items: Iterable[Article | Rejection], model: str = DEFAULT_MODEL, processes: int = 1,
    extractor: Extractor | None = None,
) -> Iterator[Extracted | Rejection]:
    """Extract every article, passing rejections through, in input order.

    A loaded ``extractor`` is used as it is (a Dask worker keeps one for all its
    partitions); otherwise ``model`` is loaded on ``processes`` processes.
    """
    docs_or_rejections = (to_document(i) if isinstance(i, Article) else i for i in items)
    left, right = tee(docs_or_rejections)
    jobs = (Job(d.text, d.published) for d in left if isinstance(d, Document))
    results = extractor.extract_many(jobs) if extractor else extract_stream(jobs, model, processes)
    for item in right:
        if isinstance(item, Rejection):
            yield item
        else:
            extraction = next(results)
            yield Extracted(replace(item, language=extraction.language), extraction)


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

    Each document is committed on its own, so a killed run keeps what it finished
    and a rerun picks up where it stopped.
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

    for result in extract_with(fresh(), model, processes):
        if isinstance(result, Rejection):
            store.reject(result, run_id)
            tally.rejected += 1
            outcome = f"rejected: {result.reason}: {result.detail}"
            source = result.source
        else:
            stored = store.put(result.document, result.extraction, run_id)
            if stored is Outcome.UNCHANGED:
                tally.unchanged += 1
            else:
                tally.stored += 1  # and reconciled with the ledger (claimledger.reconcile)
            outcome, source = stored.value, result.document.source
        if on_item:
            on_item(source, outcome)
    store.finish_run(run_id, tally.counts())
    return tally
