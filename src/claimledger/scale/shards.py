"""A partition's results as one Parquet shard: what a worker sends back to the client.

A shard holds one row per input, in input order: ``kind`` (``document`` or
``rejection``) and the record as JSON, a document as its ``claimledger.extract/2``
record (:func:`~claimledger.contract.to_contract`, read back by ``from_contract``):
its figures carry their readings, so the client reconciles without running spaCy
itself. The nested records (figures with their
periods and speakers) are kept whole as JSON rather than spread over columns,
because the client only loads them into the store; the ledger's own Parquet
export (``claimledger export``) is the columnar form for analysis.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.contract import from_contract, to_contract
from claimledger.ledger import Extracted
from claimledger.records import Rejection

SCHEMA = pa.schema([("kind", pa.string()), ("record", pa.string())])


Result = Extracted | Rejection


def write_shard(results: list[Result]) -> bytes:
    rows = [
        {"kind": "rejection", "record": json.dumps(asdict(r), ensure_ascii=False)}
        if isinstance(r, Rejection) else
        {"kind": "document",
         "record": json.dumps(to_contract(r.document, r.extraction), ensure_ascii=False)}
        for r in results
    ]
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def read_shard(data: bytes) -> list[Result]:
    table = pq.read_table(pa.BufferReader(data))
    out: list[Result] = []
    for kind, record in zip(table["kind"].to_pylist(), table["record"].to_pylist(), strict=True):
        obj = json.loads(record)
        out.append(Rejection(**obj) if kind == "rejection" else Extracted(*from_contract(obj)))
    return out
