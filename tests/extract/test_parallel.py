"""Bounded extraction: a document over its time or memory bound is left out with the
reason, on a fresh worker, and the documents around it come back in order."""

from __future__ import annotations

from claimledger.extract.model import DEFAULT_MODEL
from claimledger.extract.parallel import BATCH_CHARS, Unfinished, extract_stream
from claimledger.extract.pipeline import Job
from claimledger.records import Extraction

GOOD = "Police said 40 people were hurt in the fire."
OTHER = "Officials said 12 homes burned down overnight."
SLOW = " ".join(f"Crews counted {i} boxes." for i in range(20_000))
"""Twenty thousand sentences with a figure each: seconds of extraction, never one."""


def test_a_document_over_the_time_bound_is_left_out_and_the_rest_kept() -> None:
    found = list(extract_stream([Job(GOOD), Job(SLOW), Job(OTHER)], DEFAULT_MODEL,
                                max_seconds=1.0))
    assert [type(x) for x in found] == [Extraction, Unfinished, Extraction]
    first, slow, last = found
    assert isinstance(slow, Unfinished) and slow.reason == "timeout" and "1 s" in slow.detail
    assert isinstance(first, Extraction) and [f.value for f in first.figures] == [40]
    assert isinstance(last, Extraction) and [f.value for f in last.figures] == [12], \
        "the worker that replaced the stopped one extracts what follows"


def test_a_batch_over_the_bound_is_retried_one_by_one() -> None:
    """Three short texts go to a worker as one batch; the batch overruns because of the
    middle one, and only that one is left out when each is tried alone."""
    middle = " ".join(f"Crews counted {i} boxes." for i in range(1_500))
    assert len(GOOD + middle + OTHER) < BATCH_CHARS, "the three must fit one batch"
    found = list(extract_stream([Job(GOOD), Job(middle), Job(OTHER)], DEFAULT_MODEL,
                                max_seconds=0.5))
    assert [type(x) for x in found] == [Extraction, Unfinished, Extraction]
    first, slow, last = found
    assert isinstance(slow, Unfinished) and slow.reason == "timeout"
    assert isinstance(first, Extraction) and [f.value for f in first.figures] == [40]
    assert isinstance(last, Extraction) and [f.value for f in last.figures] == [12]


def test_bounded_workers_give_what_the_process_itself_gives() -> None:
    jobs = [Job(GOOD), Job(OTHER), Job(GOOD + " " + OTHER)]
    here = list(extract_stream(jobs, DEFAULT_MODEL))
    there = list(extract_stream(jobs, DEFAULT_MODEL, processes=2, max_seconds=60))
    assert there == here


def test_a_document_over_the_memory_bound_is_left_out() -> None:
    huge = " ".join(f"word{i}" for i in range(300_000))
    found = list(extract_stream([Job(huge), Job(GOOD)], DEFAULT_MODEL, max_seconds=120,
                                max_memory=1200 * 2**20))
    assert isinstance(found[0], Unfinished) and found[0].reason == "too_large"
    assert isinstance(found[1], Extraction) and [f.value for f in found[1].figures] == [40]
