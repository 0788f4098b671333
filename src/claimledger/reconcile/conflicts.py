"""Disagreements: two claims on one measure, for the same time, that cannot both hold.

Claims are compared only within a measure (one story, the same thing and event, unit
and kind of period), only across documents, only when their periods cover the same
time and their places and names do not say they are about different things, and only
through the intervals their bounds allow, so "more than 230,000" and 289,000 agree
while "almost 400,000" and 235,000 do not.

A disagreement between reports published on different days is an ``update`` (the
later revises the earlier: a death toll rising, a magnitude revised), except that a
running total cannot fall: a later, lower total is a ``conflict``, as is any
disagreement between reports of the same day or of unknown days.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from claimledger.reconcile.bounds import Interval, same_time
from claimledger.reconcile.measures import Assignment
from claimledger.reconcile.records import DisagreementKind


@dataclass(frozen=True, slots=True)
class Found:
    """A disagreement as stored: the two claims (ordered by id), its kind and why."""

    id: str
    measure_id: str
    claim_a: str
    claim_b: str
    relative_gap: float
    explanation: str
    kind: DisagreementKind = "conflict"


def pair_id(prefix: str, first: str, second: str) -> str:
    """A stable id for an ordered pair of claims."""
    return prefix + hashlib.sha256(f"{first}|{second}".encode()).hexdigest()[:15]


def places_differ(a: Assignment, b: Assignment) -> bool:
    """Two known places that differ; an unknown place is taken to match any."""
    pa, pb = a.claim.place, b.claim.place
    return pa is not None and pb is not None and pa.casefold() != pb.casefold()


SHARES = frozenset(("percent",))
"""Kinds of figure that are a share of a whole: the place a share is of sets its whole."""


def wholes_differ(a: Assignment, b: Assignment) -> bool:
    """A share of a stated place against one of no stated place: "31% of the vote in
    Erewash" is not the 16.1% a party won nationally. A count of one event may leave
    its place unsaid ("three were killed" in Athens); a share of one whole rarely does."""
    if a.claim.kind not in SHARES:
        return False
    return (a.claim.place is None) != (b.claim.place is None)


def conflict(a: Assignment, b: Assignment) -> Found | None:
    """The disagreement between two claims on the same measure, if they disagree."""
    if a.claim.id == b.claim.id or a.measure_id != b.measure_id or places_differ(a, b):
        return None
    if wholes_differ(a, b):
        return None
    if a.claim.document_id == b.claim.document_id or not a.shares_subject(b):
        return None  # one article's own figures differ on purpose: before and after, parts
    if a.interval is None or b.interval is None or not same_time(a.span, b.span):
        return None
    if a.span.kind == "event" and _period_words(a) != _period_words(b):
        return None  # "in January" and "in October" in undated articles: other times
    if (a.change or b.change) and not _same_move(a, b):
        return None
    if (_moved_level(a) or _moved_level(b)) and not (a.claim.published and b.claim.published):
        return None  # "rose 12% to A$4.76", "suspended at A$4.25": a price on unknown days
    if a.interval.overlaps(b.interval) or _apart(a, b) > MAX_RATIO:
        return None
    kind, explanation = _kind(a, b)
    first, second = sorted((a.claim.id, b.claim.id))
    return Found(pair_id("x", first, second), a.measure_id, first, second, _gap(a, b),
                 explanation, kind)


MAX_RATIO = 5.0
"""Figures of one measure more than five times apart are not set against each other:
in news that is far more often two quantities (a toll of another, older quake; a
total against a part; a price in another currency unit) than two reports of one,
while real disagreements ("almost 400,000" against 235,000, 50 against 80 injured)
are rarely that far apart."""


def _same_move(a: Assignment, b: Assignment) -> bool:
    """Two moves can disagree only when they are moves the same way at a time both
    state: the same period words, or the same day of publication."""
    if not (a.change and b.change) or a.claim.trend != b.claim.trend:
        return False
    if _period_words(a):
        return _period_words(a) == _period_words(b)
    pa, pb = a.claim.published, b.claim.published
    return pa is not None and pb is not None and pa[:10] == pb[:10]


def _moved_level(x: Assignment) -> bool:
    """A level a move reached ("rose to 10", "fell 3% to 5.44"): a quantity that moves
    (a price, a toll), so without both publication days there is no telling whether two
    such figures are of one moment."""
    return x.claim.trend is not None and not x.change


def _apart(a: Assignment, b: Assignment) -> float:
    va, vb = abs(_point(a)), abs(_point(b))
    low, high = sorted((va, vb))
    return float("inf") if low == 0 else high / low


def _period_words(x: Assignment) -> str:
    return " ".join((x.claim.period_text or "").casefold().split())


def _kind(a: Assignment, b: Assignment) -> tuple[DisagreementKind, str]:
    pa, pb = a.claim.published, b.claim.published
    if pa is None or pb is None or pa[:10] == pb[:10]:
        return "conflict", (f"{describe(a)} and {describe(b)} cannot both hold for the same "
                            f"{a.label.rsplit(', ', 1)[0]}")
    earlier, later = sorted((a, b), key=lambda x: x.claim.published or "")
    ei, li = earlier.interval, later.interval
    assert ei is not None and li is not None
    fell = ei.low is not None and li.high is not None and li.high < ei.low
    if a.span.kind == "cumulative" and fell:
        return "conflict", (f"running total fell: {describe(earlier)} on {_day(earlier)}, "
                            f"but {describe(later)} on {_day(later)}")
    return "update", (f"revised: {describe(earlier)} on {_day(earlier)}, then "
                      f"{describe(later)} on {_day(later)}")


def _day(x: Assignment) -> str:
    return (x.claim.published or "undated")[:10]


def describe(x: Assignment) -> str:
    """A claim with the interval its bound allows: "'Almost 400,000' (just under: …)"."""
    assert x.interval is not None
    return f"{x.claim.surface!r} ({x.interval.reading}: {_range(x.interval)})"


def _range(i: Interval) -> str:
    low = "…" if i.low is None else number(i.low)
    high = "…" if i.high is None else number(i.high)
    return f"{low}–{high}"


def number(v: float) -> str:
    """237,350 for counts; 5.841 for a magnitude, where the decimals are the news."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.4g}"


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
