"""Fuzzing the readers: whatever bytes a file of any known kind holds, reading it ends,
within a bound, as articles or rejections with a reason, and the good files named
around it are read whole. Hypothesis draws the bytes; mutations of valid inputs of
each kind reach far past what random bytes alone would."""

from __future__ import annotations

import gzip
import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.warcwriter import WARCWriter

from claimledger.ingest import iter_inputs
from claimledger.records import Article, Rejection

GOOD_A = "Council members said 40 homes were flooded on Tuesday.\n"
GOOD_B = "The water board said 12 pumps had failed overnight.\n"
SUFFIXES = (".txt", ".html", ".jsonl", ".json", ".gz", ".warc", ".warc.gz")
BOUND_SECONDS = 10.0
"""Far above what reading one small file takes; a reader that loops or backtracks
without end fails here, not in a user's run."""


def _warc(text: str) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    body = f"<html><head><title>T</title></head><body><p>{text}</p></body></html>".encode()
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    record = writer.create_warc_record("https://news.example/a", "response",
                                       payload=io.BytesIO(http))
    writer.write_record(record)
    return out.getvalue()


SEEDS = {
    ".txt": GOOD_A.encode(),
    ".html": f"<html><body><article><p>{GOOD_A}</p></article></body></html>".encode(),
    ".jsonl": (json.dumps({"text": GOOD_A}) + "\n" + json.dumps({"text": GOOD_B})).encode(),
    ".json": json.dumps({"text": GOOD_A, "title": "T"}, indent=2).encode(),
    ".gz": gzip.compress(GOOD_A.encode()),
    ".warc": _warc(GOOD_A),
    ".warc.gz": gzip.compress(_warc(GOOD_A)),
}


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A kind of file and bytes for it: a valid one cut, spliced, flipped, or random."""
    suffix = draw(st.sampled_from(SUFFIXES))
    seed = SEEDS[suffix]
    how = draw(st.sampled_from(("cut", "flip", "splice", "random", "repeat")))
    if how == "random":
        return suffix, draw(st.binary(max_size=2000))
    if how == "repeat":
        return suffix, seed * draw(st.integers(2, 50))
    at = draw(st.integers(0, len(seed)))
    if how == "cut":
        return suffix, seed[:at]
    if how == "flip":
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        return suffix, bytes(data)
    return suffix, seed[:at] + draw(st.binary(max_size=300)) + seed[at:]


@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_mutated())
def test_any_bytes_end_as_articles_or_rejections_and_spare_their_neighbours(
        tmp_path_factory: pytest.TempPathFactory, case: tuple[str, bytes]) -> None:
    suffix, data = case
    folder = tmp_path_factory.mktemp("fuzz")
    before, bad, after = folder / "a.txt", folder / f"bad{suffix}", folder / "b.txt"
    before.write_text(GOOD_A, encoding="utf-8")
    bad.write_bytes(data)
    after.write_text(GOOD_B, encoding="utf-8")
    started = time.monotonic()
    items = list(iter_inputs([str(before), str(bad), str(after)], max_bytes=1_000_000))
    assert time.monotonic() - started < BOUND_SECONDS
    assert all(isinstance(i, (Article, Rejection)) for i in items)
    assert all(i.reason and i.detail for i in items if isinstance(i, Rejection))
    assert any(i.source.endswith(bad.name) or bad.name in i.source for i in items), \
        "the bad file is accounted for: at least one article or rejection names it"
    texts = [i.text for i in items if isinstance(i, Article)]
    assert texts[0] == GOOD_A.rstrip("\n") or texts[0].startswith(GOOD_A.strip())
    assert texts[-1].startswith(GOOD_B.strip()), "the good file after the bad one is read"
