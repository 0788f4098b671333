"""A partition's results as one Parquet shard: what a worker sends back to the client.

A shard holds one row per input, in input order: ``kind`` (``document`` or
``rejection``) and the record as JSON; a document's figures carry their
:class:`~claimledger.records.Reading`, so the client reconciles without running
spaCy itself. The nested records (figures with their
periods and speakers) are kept whole as JSON rather than spread over columns,
because the client only loads them into the store; the ledger's own Parquet
export (``claimledger export``) is the columnar form for analysis.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.ledger import Extracted
from claimledger.records import (
    Amount,
    Document,
    Extraction,
    Figure,
    Period,
    Quote,
    Reading,
    Rejection,
    Repeat,
    Speaker,
)

SCHEMA = pa.schema([("kind", pa.string()), ("record", pa.string())])


Result = Extracted | Rejection


def write_shard(results: list[Result]) -> bytes:
    rows = [
        {"kind": "rejection", "record": json.dumps(asdict(r), ensure_ascii=False)}
        if isinstance(r, Rejection) else
        {"kind": "document", "record": json.dumps(
            {"document": asdict(r.document), "extraction": asdict(r.extraction)},
            ensure_ascii=False)}
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
        if kind == "rejection":
            out.append(Rejection(**obj))
        else:
            out.append(Extracted(Document(**obj["document"]), _extraction(obj["extraction"])))
    return out


def _pair(value: Any) -> tuple[int, int] | None:
    return None if value is None else (int(value[0]), int(value[1]))


def _speaker(value: Any) -> Speaker | None:
    if value is None:
        return None
    return Speaker(value["name"], value["role"], (value["mention"][0], value["mention"][1]),
                   value["anonymous"])


def _extraction(obj: dict[str, Any]) -> Extraction:
    figures = tuple(
        Figure(**{**f, "span": _pair(f["span"]), "sentence": _pair(f["sentence"]),
                  "cue": _pair(f["cue"]), "speaker": _speaker(f["speaker"]),
                  "period": Period(**f["period"]) if f["period"] else None,
                  "amount": Amount(**f["amount"]) if f["amount"] else None,
                  "reading": Reading(**{**f["reading"],
                                        "modifiers": tuple(f["reading"]["modifiers"])})})
        for f in obj["figures"])
    quotes = tuple(
        Quote(span=(q["span"][0], q["span"][1]), kind=q["kind"], speaker=_speaker(q["speaker"]),
              cue=_pair(q["cue"]), quoted=tuple((s, e) for s, e in q["quoted"]),
              rule=q.get("rule"))
        for q in obj["quotes"])
    repeats = tuple(Repeat((r["span"][0], r["span"][1]), (r["copy_of"][0], r["copy_of"][1]))
                    for r in obj["repeats"])
    return Extraction(language=obj["language"], repeats=repeats, figures=figures,
                      quotes=quotes, skipped=obj["skipped"], versions=obj["versions"])
