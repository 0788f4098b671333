"""Time to add one document to ledgers of 2,000 and 20,000 documents.

Usage: ``.venv/bin/python bench/reconcile.py SOURCE_LEDGER [--sizes 2000,20000]
[--probes 20]``, where SOURCE_LEDGER is a ledger already holding extracted
documents (for example ``claimledger --db bbc.db ingest ../shared/corpus/bbc``).

Extraction is not what is measured, so larger ledgers are grown from the source's
documents and extractions with generated variations rather than by extracting
20,000 texts: variant *v* of a document shifts the letters of its capitalised
words and of every fourth word by *v* (same lengths, so every offset still
holds, but different names and shingles: variants are not near-copies), shifts its
speakers' names the same way and scales its figures by ``1 + v/1000``. Each document
is stored and reconciled as ingest does; at each size, ``--probes`` fresh variants
are added one at a time and the median of their store-and-reconcile times reported.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from claimledger.contract import document_id
from claimledger.records import Document, Extraction, Figure, Speaker
from claimledger.store import Store, open_store

_WORD = re.compile(r"[A-Za-z]+")


def shift(text: str, v: int) -> str:
    """Capitalised words and every fourth word, letters rotated by ``v``."""
    def rotate(word: str) -> str:
        return "".join(chr((ord(c) - base + v) % 26 + base)
                       for c in word for base in (ord("A") if c.isupper() else ord("a"),))
    out, n = [], 0
    last = 0
    for m in _WORD.finditer(text):
        word = m.group()
        out.append(text[last:m.start()])
        out.append(rotate(word) if word[0].isupper() or n % 4 == v % 4 else word)
        last, n = m.end(), n + 1
    out.append(text[last:])
    return "".join(out)


def variant(doc: Document, ex: Extraction, v: int) -> tuple[Document, Extraction]:
    if v == 0:
        return doc, ex
    text = shift(doc.text, v)
    scale = 1 + v / 1000

    def speaker(s: Speaker | None) -> Speaker | None:
        return None if s is None or s.name is None else replace(s, name=shift(s.name, v))

    def figure(f: Figure) -> Figure:
        return replace(f, value=None if f.value is None else f.value * scale,
                       low=None if f.low is None else f.low * scale,
                       high=None if f.high is None else f.high * scale,
                       speaker=speaker(f.speaker))
    return (replace(doc, id=document_id(text), text=text, url=None, previous_id=None,
                    title=shift(doc.title, v) if doc.title else None),
            replace(ex, figures=tuple(figure(f) for f in ex.figures),
                    quotes=tuple(replace(q, speaker=speaker(q.speaker)) for q in ex.quotes)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a ledger already holding extracted documents")
    parser.add_argument("--sizes", default="2000,20000", help="ledger sizes to probe")
    parser.add_argument("--probes", type=int, default=20, help="documents added per size")
    args = parser.parse_args()
    if not Path(args.source).is_file() and not args.source.startswith("postgres"):
        parser.error(f"{args.source} is not a ledger; make one with `claimledger ingest`")
    source = open_store(args.source)
    sizes = [int(s) for s in args.sizes.split(",")]
    probes = args.probes
    ids = [r["id"] for r in source.rows("documents")]
    originals = [found for found in map(source.get, ids) if found is not None]
    if not originals:
        parser.error(f"{args.source} holds no documents")
    with tempfile.TemporaryDirectory() as folder:
        ledger = open_store(str(Path(folder) / "bench.db"))
        added, started = 0, time.perf_counter()
        for size in sizes:
            while added < size:
                _add(ledger, originals, added)
                added += 1
            print(f"built {added} documents in {time.perf_counter() - started:.0f}s",
                  file=sys.stderr)
            times = []
            for i in range(probes):
                took = time.perf_counter()
                _add(ledger, originals, added + i)  # the next variants: never seen
                times.append(time.perf_counter() - took)
            added += probes
            print(f"ledger of {size:6d} documents: add one document, median "
                  f"{statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, "
                  f"max {max(times) * 1000:.0f}, {probes} probes)")
        ledger.close()


def _add(ledger: Store, originals: list[tuple[Document, Extraction]], i: int) -> None:
    """Store variant ``i``; storing reconciles it, as in ingest."""
    doc, ex = variant(*originals[i % len(originals)], i // len(originals))
    ledger.put(doc, ex, None)


if __name__ == "__main__":
    main()
