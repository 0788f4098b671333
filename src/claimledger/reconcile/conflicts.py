"""Conflicts: two claims on one measure, for the same time, that cannot both hold.

Claims are compared only within a measure (same concepts, counted class, unit and
kind of period), only across documents, only when their periods cover the same time
and their places do not differ, and only through the intervals their bounds allow, so "more than
230,000" and 289,000 agree while "almost 400,000" and 235,000 do not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from claimledger.reconcile.bounds import Interval, same_time
from claimledger.reconcile.measures import Assignment


@dataclass(frozen=True, slots=True)
class Found:
    """A conflict as stored: the two claims (ordered by id) and why they clash."""

    id: str
    measure_id: str
    claim_a: str
    claim_b: str
    relative_gap: float
    explanation: str


def pair_id(prefix: str, first: str, second: str) -> str:
    """A stable id for an ordered pair of claims."""
    return prefix + hashlib.sha256(f"{first}|{second}".encode()).hexdigest()[:15]


def places_differ(a: Assignment, b: Assignment) -> bool:
    """Two known places that differ; an unknown place is taken to match any."""
    pa, pb = a.claim.place, b.claim.place
    return pa is not None and pb is not None and pa.casefold() != pb.casefold()


def conflict(a: Assignment, b: Assignment) -> Found | None:
    """The conflict between two claims on the same measure, if they clash."""
    if a.claim.id == b.claim.id or a.measure_id != b.measure_id or places_differ(a, b):
        return None
    if a.claim.document_id == b.claim.document_id or not a.shares_subject(b):
        return None  # one article's own figures differ on purpose: before and after, parts
    if a.interval is None or b.interval is None or not same_time(a.span, b.span):
        return None
    clash = _falls(a, b) if _dated_totals(a, b) else _disjoint(a, b)
    if clash is None:
        return None
    first, second = sorted((a.claim.id, b.claim.id))
    return Found(pair_id("x", first, second), a.measure_id, first, second, _gap(a, b), clash)


def _dated_totals(a: Assignment, b: Assignment) -> bool:
    pa, pb = a.claim.published, b.claim.published
    return a.span.kind == "cumulative" and pa is not None and pb is not None and \
        pa[:10] != pb[:10]


def _falls(a: Assignment, b: Assignment) -> str | None:
    """A running total reported on two dates may grow but cannot fall."""
    earlier, later = sorted((a, b), key=lambda x: x.claim.published or "")
    ei, li = earlier.interval, later.interval
    assert ei is not None and li is not None
    if ei.low is None or li.high is None or ei.low <= li.high:
        return None
    return (f"running total fell: {describe(earlier)} on {_day(earlier)} is at least "
            f"{ei.low:,.0f}, but {describe(later)} on {_day(later)} is at most {li.high:,.0f}")


def _day(x: Assignment) -> str:
    return (x.claim.published or "undated")[:10]


def _disjoint(a: Assignment, b: Assignment) -> str | None:
    assert a.interval is not None and b.interval is not None
    if a.interval.overlaps(b.interval):
        return None
    return (f"{describe(a)} and {describe(b)} cannot both hold for the same "
            f"{a.label.rsplit(', ', 1)[0]}")


def describe(x: Assignment) -> str:
    """A claim with the interval its bound allows: "'Almost 400,000' (just under: …)"."""
    assert x.interval is not None
    return f"{x.claim.surface!r} ({x.interval.reading}: {_range(x.interval)})"


def _range(i: Interval) -> str:
    low = "…" if i.low is None else f"{i.low:,.0f}"
    high = "…" if i.high is None else f"{i.high:,.0f}"
    return f"{low}–{high}"


def _gap(a: Assignment, b: Assignment) -> float:
    va, vb = _point(a), _point(b)
    scale = max(abs(va), abs(vb))
    return 0.0 if scale == 0 else abs(va - vb) / scale


def _point(x: Assignment) -> float:
    c = x.claim
    if c.value is not None:
        return c.value
    assert c.low is not None and c.high is not None
    return (c.low + c.high) / 2
