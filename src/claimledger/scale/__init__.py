"""Extraction beyond one process: Dask workers, near or far, feeding the same ledger.

``claimledger ingest --dask ADDRESS`` (an existing cluster's scheduler) or
``--dask-local N`` (a cluster of N local worker processes) replaces only the
extract step of :func:`claimledger.ledger.ingest`: inputs are read and checked
against the ledger here, extracted on the workers in partitions, and stored here
in input order, so the ledger is the one a single-process run makes. Dask is
imported only when one of the options is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from claimledger import ledger
from claimledger.ledger import ExtractStep


@contextmanager
def extract_step(address: str | None = None, local_workers: int | None = None,
                 partition_size: int | None = None,
                 limits: ledger.Limits = ledger.UNBOUNDED) -> Iterator[ExtractStep]:
    """The extract step for ``ingest``: on Dask when asked, else local processes, each
    document within ``limits`` (Dask bounds its tasks itself, not each document)."""
    if address is None and local_workers is None:
        yield partial(ledger.extract, limits=limits)
        return
    from claimledger.scale.cluster import PARTITION_SIZE, DaskExtract, connect

    with connect(address, local_workers) as client:
        yield DaskExtract(client, partition_size or PARTITION_SIZE)


__all__ = ["extract_step"]
