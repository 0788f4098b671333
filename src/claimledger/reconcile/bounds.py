"""What values a claim allows, given its bound, and what time it covers.

Tolerances (documented in docs/reconcile.md): news figures are rounded, so an
"exact" figure allows ±1% or half a unit of its last significant digit, whichever is
more ("five million" is 4.5 up to 5.5 million, the upper end left out), an
approximate one ("around", "about", "some") ±10%, and an approximate range ("about
30-40") 10% past either end.
"Almost 400,000" and "nearly" mean just under: at most the value and at least
90% of it; "up to", "fewer than", "under" leave the lower side open. "More than"
and "exceeded" leave the upper side open; "just over" allows up to 110%. A vague
figure ("tens of thousands") allows its order of magnitude, 10,000 to 100,000.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimledger.reconcile.claims import StoredClaim
from claimledger.reconcile.records import PeriodKind

EXACT_TOLERANCE = 0.01
APPROX_TOLERANCE = 0.10
_NEAR_BELOW = re.compile(r"\b(almost|nearly|close to|approaching|just under|just shy of|"
                         r"shy of|getting on for)\b", re.IGNORECASE)
_NEAR_ABOVE = re.compile(r"\b(just over|just above|slightly more than|a little over|"
                         r"just more than)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Interval:
    """Allowed values; ``None`` on a side means unbounded on that side."""

    low: float | None
    high: float | None
    reading: str

    def overlaps(self, other: Interval) -> bool:
        below = self.high is not None and other.low is not None and self.high < other.low
        above = self.low is not None and other.high is not None and self.low > other.high
        return not (below or above)


def interval(claim: StoredClaim) -> Interval | None:
    """The values ``claim`` allows, or ``None`` when it states no number."""
    v, bound = claim.value, claim.bound
    if bound == "range" and claim.low is not None and claim.high is not None:
        return Interval(claim.low * (1 - EXACT_TOLERANCE), claim.high * (1 + EXACT_TOLERANCE),
                        "range ±1%")
    if bound == "approx" and v is None and claim.low is not None and claim.high is not None:
        return Interval(claim.low * (1 - APPROX_TOLERANCE), claim.high * (1 + APPROX_TOLERANCE),
                        "approximate range ±10%")
    if bound == "vague" and claim.low is not None and claim.high is not None:
        return Interval(claim.low, claim.high, "order of magnitude")
    if v is None or bound == "vague":
        return None
    if bound == "exact" and rounding(v) > EXACT_TOLERANCE:
        return _rounded(v)
    if bound == "exact":
        return _around(v, EXACT_TOLERANCE, f"exact ±{EXACT_TOLERANCE:.0%}")
    if bound == "approx":
        return _around(v, APPROX_TOLERANCE, "approximate ±10%")
    if bound == "at_most":
        if _NEAR_BELOW.search(claim.surface):
            return Interval(v * (1 - APPROX_TOLERANCE), v, "just under: 90-100%")
        return Interval(None, v, "at most")
    if bound == "at_least":
        if _NEAR_ABOVE.search(claim.surface):
            return Interval(v, v * (1 + APPROX_TOLERANCE), "just over: 100-110%")
        return Interval(v, None, "at least")
    return None


def rounding(v: float) -> float:
    """Half a unit of the last significant digit, relative to the value: a round
    "five million" stands for 4.5 to 5.5 million, "235,000" for 234,500 to 235,500."""
    return _half_unit(v) / abs(v) if v else 0.0


def _half_unit(v: float) -> float:
    if v == 0 or v != int(v):
        return 0.0
    digits = str(abs(int(v))).rstrip("0")
    zeros = len(str(abs(int(v)))) - len(digits)
    return 0.5 * 10.0**zeros


def _rounded(v: float) -> Interval:
    """The values that round to ``v``: from half a unit below up to, but not including,
    half a unit above, so two neighbouring figures never both hold ("1 killed" is 0.5
    to 1.5, "two killed" 1.5 to 2.5, and 1.5 is only the second's). The open end is
    the float just below, so the interval stays two numbers."""
    half = _half_unit(v)
    low, high = sorted((v - half, v + half))
    return Interval(low, math.nextafter(high, -math.inf),
                    f"exact ±{rounding(v):.0%}")


def _around(v: float, tolerance: float, reading: str) -> Interval:
    low, high = sorted((v * (1 - tolerance), v * (1 + tolerance)))
    return Interval(low, high, reading)


@dataclass(frozen=True, slots=True)
class Span:
    """The time a claim covers: its kind and ISO dates (``None`` when unknown).

    A field figure with no stated period is read as a running total up to
    publication ("almost 400,000 have left their units"): that is how news states
    stocks.
    """

    kind: PeriodKind
    start: str | None
    end: str | None
    reading: str


def span(claim: StoredClaim, stock: bool) -> Span:
    """The claim's time. A figure stated "since" a time is a running total; one with a
    dated period is of that window or day ("house prices rose 0.8% in January"). Without
    a period, a figure on a ``stock`` event (such as soldiers absent without leave) is a
    running total, and any other figure is of the event its story reports (a quake's
    death toll), comparable across the story; so is one whose period has no known date
    ("on Sunday" in an undated article)."""
    text = claim.period_text
    if text is None and stock:
        return Span("cumulative", None, claim.published, "no period stated: running total")
    if text is None:
        return Span("event", None, None, "no period stated: of the event its story reports")
    if text.strip().lower().startswith("since"):
        return Span("cumulative", claim.period_start, claim.published or claim.period_end,
                    f"running total {text!r}")
    if not stock and claim.period_start is None:
        return Span("event", None, None, f"of the event its story reports ({text!r}, "
                    "no date known)")
    if claim.period_start is not None and claim.period_start == claim.period_end:
        return Span("point", claim.period_start, claim.period_end, f"on a day: {text!r}")
    return Span("window", claim.period_start, claim.period_end, f"calendar window {text!r}")


def contains(outer: Span, inner: Span) -> bool:
    """Whether ``inner`` lies within ``outer`` and is strictly shorter.

    A running total from an unknown start contains any window that ends by its end
    (or any window at all when its end is unknown too).
    """
    if inner.kind in ("cumulative", "event") or inner.start is None or inner.end is None:
        return False
    if outer.kind == "cumulative":
        starts_before = outer.start is None or outer.start <= inner.start
        ends_after = outer.end is None or inner.end <= outer.end
        return starts_before and ends_after
    if outer.kind == "event" or outer.start is None or outer.end is None:
        return False
    inside = outer.start <= inner.start and inner.end <= outer.end
    return inside and (outer.start, outer.end) != (inner.start, inner.end)


def same_time(a: Span, b: Span) -> bool:
    """Whether two spans of one kind cover the same time, so their values must agree.

    Running totals agree when their starts fall in the same year (or one is
    unknown); windows and days must match exactly. Windows that merely overlap are
    compared as part and whole instead.
    """
    if a.kind != b.kind:
        return False
    if a.kind == "event":
        return True
    if a.kind == "cumulative":
        return a.start is None or b.start is None or a.start[:4] == b.start[:4]
    return a.start is not None and (a.start, a.end) == (b.start, b.end)
