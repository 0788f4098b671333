"""``ingest --dask-local 2`` makes the same ledger as a single-process ingest."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from claimledger.records import Document, Extraction, Rejection
from claimledger.scale.shards import read_shard, write_shard
from claimledger.store import open_store

CLI = Path(sys.executable).with_name("claimledger")


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for n in range(14):
        (folder / f"{n:02}.txt").write_text(
            f"Hospital waits grow in region {n}\n"
            f"Health officials said on Friday that {1200 + n * 37} patients waited more than "
            f"18 weeks in March 2024, up {n + 4}% from a year earlier. \"We need {n + 20} more "
            f"nurses,\" said Dr Priya Nair, the trust's medical director.\n", encoding="utf-8")
    (folder / "05-copy.txt").write_text((folder / "05.txt").read_text("utf-8"), "utf-8")
    (folder / "empty.txt").write_text("   \n", "utf-8")
    return folder


def _ingest(db: Path, corpus: Path, *options: str) -> str:
    done = subprocess.run([str(CLI), "--db", str(db), "ingest", str(corpus), *options],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
    assert done.returncode == 3, done.stderr  # 3: the empty file is rejected
    tally = re.search(r"stored \d+, unchanged \d+, rejected \d+", done.stderr)
    assert tally, done.stderr
    return tally[0]


def _ledger(db: Path) -> dict[str, Any]:
    """Everything in a ledger except the times it was written."""
    store = open_store(str(db))
    try:
        docs = [{k: v for k, v in r.items() if k != "ingested_at"} for r in store.rows("documents")]
        full = []
        for row in docs:
            found = store.get(row["id"])
            assert found is not None
            full.append((replace(found[0], ingested_at=None), found[1]))
        return {
            "documents": docs, "full": full,
            "claims": list(store.rows("claims")), "quotes": list(store.rows("quotes")),
            "rejections": [r.rejection for r in store.rejections()],
        }
    finally:
        store.close()


def test_dask_local_ledger_equals_single_process(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    alone = _ingest(tmp_path / "alone.db", corpus)
    spread = _ingest(tmp_path / "dask.db", corpus, "--dask-local", "2",
                     "--dask-partition-size", "3")
    assert alone == spread == "stored 14, unchanged 1, rejected 1"
    expected = _ledger(tmp_path / "alone.db")
    assert expected["claims"], "the corpus must give claims for the comparison to mean much"
    assert _ledger(tmp_path / "dask.db") == expected


def test_shards_round_trip_every_record() -> None:
    from claimledger.ledger import Extracted
    from claimledger.records import Figure, Period, Quote, Reading, Repeat, Speaker

    text = 'Sales rose 5% in May, "a record," said Ann Lee. Sales rose 5% in May.'
    who = Speaker("Ann Lee", None, (46, 53))
    extraction = Extraction(
        language="en", repeats=(Repeat((55, 74), (0, 19)),),
        figures=(Figure(span=(11, 13), surface="5%", value=5.0, bound="exact", kind="percent",
                        sentence=(0, 54), trend="up", unit="%", predicate="rose",
                        period=Period("May", "2024-05-01", "2024-05-31"), speaker=who,
                        cue=(41, 45), reading=Reading("sale", ("retail",), "rise")),
                 Figure(span=(11, 13), surface="5%", value=None, bound="vague", kind="percent",
                        sentence=(0, 54), low=4.5, high=5.5)),
        quotes=(Quote(span=(22, 34), kind="direct", speaker=who, cue=(41, 45)),
                Quote(span=(22, 34), kind="partial")),
        skipped=None, versions={"figures": "f/1", "quotes": "q/1"})
    document = Document(id="abc", source="s.txt", text=text, language="en", title="Sales",
                        published="2024-06-01", url="https://x/y", published_from="given")
    # (no ingested_at or previous_id: the ledger sets those on storing, after the shard)
    results: list[Any] = [
        Rejection("bad.txt", "empty", "the input is empty", size=3),
        Extracted(document, extraction),
        Extracted(replace(document, id="def", language="de"),
                  Extraction(language="de", skipped="language:de"))]
    assert read_shard(write_shard(results)) == results
