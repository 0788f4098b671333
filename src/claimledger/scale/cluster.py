"""The Dask side: a client for a cluster, and the extract step that runs on its workers.

Inputs stream through in partitions of ``partition_size`` articles; at most
``2 × workers`` partitions are in flight, so memory on the client and on each
worker stays bounded however large the corpus is. Each worker process loads the
spaCy pipeline once (a cached global) and keeps it for every partition it gets.
Results come back as Parquet shards (:mod:`claimledger.scale.shards`) and are
yielded in input order. Each figure carries the readings reconciliation needs
(:class:`~claimledger.records.Reading`), so the client, the one process every
document passes through, never runs spaCy.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from itertools import islice

import dask
from distributed import Client, Future, LocalCluster

from claimledger import ledger
from claimledger.extract.pipeline import Extractor
from claimledger.ledger import Extracted
from claimledger.records import Article, Rejection
from claimledger.scale.shards import read_shard, write_shard

WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
"""Dask's statistical profiler keeps a call-tree per second of work (up to 1,000 of
them): on spaCy's deep stacks a worker grew by ~80 MiB between a 2-minute and a
10-minute run from that alone. Local clusters turn it off; docs/scale.md says how
for others."""
PARTITION_SIZE = 64
"""Articles per task: big enough to amortise scheduling, small enough to balance two workers."""


@cache
def worker_extractor(model: str) -> Extractor:
    """The worker process's pipeline, loaded on its first partition only."""
    return Extractor(model)


def warm_worker(model: str) -> None:
    """Load the worker's pipeline before its first partition, so a benchmark times the
    work and not the loading."""
    worker_extractor(model)


def extract_partition(items: list[Article | Rejection], model: str) -> bytes:
    """Runs on a worker: one partition in, one Parquet shard out."""
    return write_shard(list(ledger.extract(items, model, extractor=worker_extractor(model))))


@contextmanager
def connect(address: str | None, local_workers: int | None) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a new local cluster, closed after."""
    if address is not None:
        with Client(address) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with dask.config.set(WORKER_CONFIG):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=local_workers or 1, threads_per_worker=1, processes=True,
            dashboard_address=None)
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


class DaskExtract:
    """An :data:`~claimledger.ledger.ExtractStep` that runs on the client's workers."""

    def __init__(self, client: Client, partition_size: int = PARTITION_SIZE) -> None:
        self.client = client
        self.partition_size = partition_size

    def __call__(self, items: Iterable[Article | Rejection], model: str,
                 processes: int = 1) -> Iterator[Extracted | Rejection]:
        """``processes`` is ignored: the cluster's workers are the processes."""
        source = iter(items)
        in_flight: deque[Future[bytes]] = deque()
        limit = 2 * max(1, len(self.client.scheduler_info().get("workers", {})))

        def submit() -> bool:
            partition = list(islice(source, self.partition_size))
            if partition:
                in_flight.append(self.client.submit(extract_partition, partition, model,
                                                    pure=False))
            return bool(partition)

        while len(in_flight) < limit and submit():
            pass
        while in_flight:
            shard = in_flight.popleft().result()
            submit()
            yield from read_shard(shard)
