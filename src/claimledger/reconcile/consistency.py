"""Part against whole: a count over a shorter period cannot exceed the total it belongs to.

A part and its whole are claims on neighbouring measures of one story: the part's
events are among the whole's ("AWOL cases" within "cases of desertion and AWOL"), both
count the same quantity, and the part's period lies strictly inside the whole's
(a window within a running total, or a shorter window within a longer one). A
count of registered cases is checked against a count of soldiers as well, as the
reference reading does (176,000 AWOL cases in a year against 235,000 AWOL soldiers
since 2022), and the arithmetic is shown so a reader can weigh it.
"""

from __future__ import annotations

from claimledger.reconcile.bounds import contains
from claimledger.reconcile.conflicts import describe, number, pair_id, places_differ
from claimledger.reconcile.measures import Assignment
from claimledger.reconcile.records import ConsistencyCheck
from claimledger.reconcile.vocabulary import load

ADDITIVE = frozenset(("count", "money"))
"""Quantities that add up over time; a rate or a share of a part can exceed the whole's."""


def related(part: Assignment, whole: Assignment) -> bool:
    """Whether ``whole`` can be a total that ``part`` is a share of."""
    if part.claim.id == whole.claim.id or part.quantity != whole.quantity:
        return False
    if part.story_id != whole.story_id:
        return False
    if part.quantity.split(":")[0] not in ADDITIVE or places_differ(part, whole):
        return False
    if not part.shares_subject(whole):
        return False
    return _heads_fit(part.head, whole.head) and bool(part.concepts) and \
        part.concepts <= whole.concepts


def _heads_fit(part: str, whole: str) -> bool:
    """The same thing counted, or registered cases of an event against the people it
    happened to (a person can be a case twice, so cases bound people from above only
    as the reference reading takes them)."""
    if part == whole:
        return True
    vocabulary = load()
    p, w = vocabulary.named(part), vocabulary.named(whole)
    return p is not None and w is not None and p.kind == "record" and w.kind == "thing"


def check(part: Assignment, whole: Assignment) -> ConsistencyCheck | None:
    """The part-whole check of two claims, when they are part and whole."""
    if part.interval is None or whole.interval is None or not related(part, whole):
        return None
    if not contains(whole.span, part.span):
        return None
    least, most = part.interval.low, whole.interval.high
    consistent = least is None or most is None or least <= most
    verdict = "consistent" if consistent else "NOT consistent"
    sign = "≤" if consistent else ">"
    shown = (f"part {describe(part)} [{part.span.reading}] {sign} whole {describe(whole)} "
             f"[{whole.span.reading}]: ")
    if most is None:
        shown += f"the whole is open above ({whole.interval.reading}), so any part fits: {verdict}"
    elif least is None:
        shown += f"the part is open below ({part.interval.reading}): {verdict}"
    else:
        shown += f"least part {number(least)} {sign} most whole {number(most)}: {verdict}"
    return ConsistencyCheck(pair_id("k", part.claim.id, whole.claim.id), part.claim.id,
                            whole.claim.id, part.measure_id, whole.measure_id, consistent, shown)
