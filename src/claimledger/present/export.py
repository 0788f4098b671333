"""Whole-table exports: CSV and JSON Lines streamed, Parquet through pyarrow.

Parquet columns get fixed types (so a first batch of nulls cannot fix a column
to the null type) and rows are written in batches so memory stays bounded.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import chain, islice

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.present.output import emit
from claimledger.store import LedgerReader, LedgerRow

BATCH_ROWS = 10_000
_INTEGERS = {"start", "end", "chars", "size"}
_FLOATS = {"value", "low", "high"}


def export_table(store: LedgerReader, table: str, fmt: str, output: str | None) -> int:
    """Write ``table`` to ``output`` (or stdout) and return the row count."""
    stored = store.rows(table)
    first = next(stored, None)
    if first is None:
        return 0
    rows = chain([first], stored)
    if fmt == "parquet":
        if output is None:
            raise ValueError("parquet export needs an output file")
        return _parquet(rows, list(first), output)
    if output is None:
        return emit(rows, fmt, list(first), out=sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as stream:
        return emit(rows, fmt, list(first), out=stream)


def _type(column: str) -> pa.DataType:
    if column in _INTEGERS:
        return pa.int64()
    return pa.float64() if column in _FLOATS else pa.string()


def _parquet(rows: Iterator[LedgerRow], columns: list[str], output: str) -> int:
    schema = pa.schema([(c, _type(c)) for c in columns])
    n = 0
    with pq.ParquetWriter(output, schema) as writer:
        while batch := list(islice(rows, BATCH_ROWS)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
