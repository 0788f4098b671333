"""The progress bar's total: counted from the inputs without parsing them."""

from __future__ import annotations

import json
from pathlib import Path

from claimledger.ingest import iter_inputs
from claimledger.ingest.sources import expected_items


def _inputs(root: Path) -> Path:
    (root / "a.txt").write_text("Title\n\nSome 40 homes flooded.\n", encoding="utf-8")
    (root / "b.html").write_text("<html><body><p>12 roads shut.</p></body></html>",
                                 encoding="utf-8")
    records = [{"text": f"Story {n}: {n} bridges closed."} for n in range(3)]
    (root / "c.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n\n",
                                  encoding="utf-8")
    (root / "d.json").write_text(json.dumps({"text": "One pretty article, 7 ferries.",
                                             "title": "Ferries"}, indent=2), encoding="utf-8")
    (root / "a.txt.meta.json").write_text('{"outlet": "Coast Herald"}', encoding="utf-8")
    (root / ".hidden.txt").write_text("not an input", encoding="utf-8")
    (root / "e.jsonl").write_text('{"text": "broken', encoding="utf-8")  # one rejection
    return root


def test_the_total_is_what_the_walk_yields(tmp_path: Path) -> None:
    root = _inputs(tmp_path)
    yielded = list(iter_inputs([str(root)]))
    assert expected_items([str(root)]) == len(yielded) == 7
    missing = str(tmp_path / "nowhere.txt")
    assert expected_items([str(root), missing]) == len(list(iter_inputs([str(root), missing])))


def test_the_total_is_unknown_where_only_reading_would_tell(tmp_path: Path) -> None:
    root = _inputs(tmp_path)
    assert expected_items(["-"]) is None
    assert expected_items([str(root), "https://example.org/a"]) is None
    (root / "crawl.warc").write_bytes(b"WARC/1.0\r\n")
    assert expected_items([str(root)]) is None


def test_a_line_opening_across_read_chunks_counts_once(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    line = json.dumps({"text": "x" * ((1 << 20) - 13)}) + "\n"  # lines straddle 1 MiB reads
    big.write_text(line * 5, encoding="utf-8")
    assert expected_items([str(big)]) == 5
