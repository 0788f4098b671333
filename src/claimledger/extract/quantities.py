"""From amounts to quantities: currency, unit, bound, ranges, changes and ratios.

This is the text-level half of the figure finder, pure like :mod:`numbers`: it
joins "between 18 and 60", "from 27 to 25", "5-10%", "one in five" and
"almost 400,000" into one quantity each, with the words that make it up inside
the span. Whether a quantity is a claim (not a date, an age of a person, an
identifier) needs the parse and is decided in :mod:`figures`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from claimledger.extract.numbers import FRACTIONS, SCALES, UNITS, Amount, find_amounts
from claimledger.extract.units import Unit, currency_before, unit_after
from claimledger.records import Bound, FigureKind, Trend

Shape = Literal["single", "range", "change", "ratio", "vague"]

_AT_MOST = r"almost|nearly|up\s+to|fewer\s+than|less\s+than|under|below|no\s+more\s+than|at\s+most"
_AT_MOST += r"|as\s+many\s+as|as\s+much\s+as|close\s+to|just\s+under|not\s+quite|just\s+shy\s+of"
_AT_MOST += r"|sub-|not\s+more\s+than|a\s+maximum\s+of"
"""A prefix "sub-" bounds the number it is glued to ("sub-5 nanometre chips")."""
_AT_LEAST = r"more\s+than|over(?:\s+than)?|at\s+least|in\s+excess\s+of|upwards\s+of|above"
_AT_LEAST += r"|greater\s+than|not?\s+(?:fewer|less)\s+than|north\s+of|upward\s+of"
"""A negated "fewer than" or "less than" ("no fewer than 40", "not less than") is at least;
a negated "more than" at most."""
_AT_LEAST += r"|exceed(?:ed|s|ing)?|topp?(?:ed|s|ing)|surpass(?:ed|es|ing)?|a\s+minimum\s+of"
_APPROX = r"around|about|some|roughly|approximately|an\s+estimated|estimated|circa|c\."
_APPROX += r"|averag(?:ed|es|ing)|barely|in\s+the\s+region\s+of|more\s+or\s+less"
"""An average stated by its verb ("averaged 7.3 points") and "barely" are approximate in
NewsQuant's guide, as in CQE's lexicon of bounds; the noun ("an average of 70 days") is not."""
_CUE = re.compile(
    rf"(?:\b(?P<at_most>{_AT_MOST})|\b(?P<at_least>{_AT_LEAST})|(?P<approx>\b(?:{_APPROX})|~))"
    r"(?:\s+(?:just|well|some|only))?\s*$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(
    r"\s*(?:(?P<at_least>\+|\s+or\s+more\b|(?:\s+|-)plus\b)|(?P<approx>\s+or\s+so\b|-odd\b"
    r"|\s+or\s+thereabouts\b)"
    r"|(?P<at_most>\s+or\s+(?:less|fewer)\b))",
    re.IGNORECASE,
)
_JOIN = re.compile(r"\s*(?:-\s+(?=to\b))?(?P<op>[-–]|to-?|and|or|in(?:\s+every)?"
                   r"|out\s+of(?:\s+every)?)\s*", re.I)
"""What joins two amounts; a suspended hyphen is part of "to" ("a 10- to 12-year-old"), and
so is one moved after it ("10 to-12-year-old")."""
_BEFORE_PAIR = re.compile(
    r"(?P<kw>between|from|(?:aged|ages?)\s+(?:of\s+)?(?:between\s+)?"
    r"|between\s+the\s+ages\s+of|rang(?:e|es|ed|ing)\s+from)\s*$",
    re.IGNORECASE,
)
_HALF_PAIR = re.compile(r"\d[-–]$")
"""An amount after "6-" that did not pair up is the second half of a score."""
_UPDOWN = re.compile(r"(?:\b(?P<dir>up|down)\s*|(?<![\w+])(?P<plus>\+))$", re.IGNORECASE)
"""A rise or fall said before the figure: "up 27%", "down 1%", "Dow +0.2%"."""
_FRACTION = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|nine)[\s-]+)?(?P<f>half|thirds?|quarters?|fifths?|tenths?)"
    r"\b",
    re.IGNORECASE,
)
_METRE_AFTER = re.compile(
    r"\s*(?:hurdles|sprint|race|relay|freestyle|butterfly|backstroke|breaststroke|medley|final"
    r"|tall|high|long|deep|wide|gold|silver|bronze|title|champion|world|event|record)\b",
    re.IGNORECASE,
)
_THE_BEFORE = re.compile(r"\bthe\s+\d{2,5}m$", re.IGNORECASE)
_COUNTED_AFTER = re.compile(r"\s+(?:[a-z]+s|of|more|people|men|women|children|per|a)\b")
_POINTS_AFTER = re.compile(r"\s+(?:of\s+)?(?:an?\s+)?percentage[\s-]points?\b", re.IGNORECASE)
_SCALE_AFTER = re.compile(
    r"\s+(?:an?\s+)?(?:hundred|thousand|million|billion|trillion|dozen)", re.I
)
_TREND_BEFORE = re.compile(
    r"\b(?:r[io]se[ns]?|rising|climb\w*|jump\w*|gain\w*|grew|grow\w*|increas\w*|fell|fall\w*"
    r"|drop\w*|declin\w*|decreas\w*|slump\w*|plung\w*|sl[iu]d\w*|sank|sink\w*|shr[aiu]nk\w*"
    r"|tumbl\w*|soar\w*|surg\w*|up|down|cut\w*|lower\w*|reduc\w*|rais\w*)\s+(?P<by>by\s+)?$",
    re.IGNORECASE,
)
_OF = re.compile(r"\s+of(?=\s)", re.IGNORECASE)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity as written: its full span (cues, currency and unit included) and reading."""

    start: int
    end: int
    core: tuple[int, int]
    value: float | None
    bound: Bound
    kind: FigureKind
    shape: Shape = "single"
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    trend: Trend | None = None
    weak: bool = False
    """A lone "one" or "zero" with nothing else: a pronoun or a figure of speech."""
    glued: bool = False
    """Letters follow the digits that are not a unit ("5G", "1st", "10am"): an identifier."""
    factor: float = 1.0
    base: str | None = None
    """The unit the quantity is compared in, when not ``unit`` ("cent": USD, by ``factor``)."""


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every quantity in ``text``, left to right."""
    fractions = list(_fractions(text))
    amounts = [a for a in find_amounts(text) if not any(s <= a.start < e for s, e in
               ((q.start, q.end) for q in fractions))]  # fmt: skip
    i = 0
    while i < len(amounts):
        first = _single(text, amounts[i])
        pair = _pair(text, first, amounts, i)
        if pair == "score":
            i += 2
            continue
        if pair is not None:
            yield _with_cues(text, pair)
            i += 2
            continue
        if not _HALF_PAIR.search(text, max(0, first.start - 2), first.start):
            yield _with_cues(text, first)
        i += 1
    yield from (_with_cues(text, q) for q in fractions)


def _single(text: str, amount: Amount) -> Quantity:
    core = (amount.start, amount.end)
    if amount.vague:
        # "hundreds of miles", "millions of dollars": the unit after "of" is the amount's
        of = _OF.match(text, amount.end)
        unit = unit_after(text, of.end()) if of else None
        if unit is not None and unit.kind not in ("money", "measurement", "duration"):
            unit = None
        low = amount.magnitude
        return Quantity(amount.start, amount.end, core, None, "vague",
                        unit.kind if unit else "count", "vague", low=low,
                        high=None if low is None else 10 * low,
                        unit=unit.name if unit else None)  # fmt: skip
    value = amount.value
    currency = currency_before(text, amount.start)
    unit = unit_after(text, amount.end) or _unit_of_fraction(text, amount)
    if amount.scale == "m" and currency is None and _metres(text, amount.end):
        value = None if value is None else value / 1e6
        unit = Unit("meter", "measurement", amount.end)
    start = currency[1] if currency else amount.start
    if currency and (unit is None or unit.kind != "money"):
        unit = Unit(currency[0], "money", amount.end)
    core = (start, unit.end if unit else amount.end)
    follows = text[amount.end : amount.end + 2]
    glued = unit is None and bool(follows) and (follows[0].isalpha() or follows[0] == "/")
    if unit is None:
        bare = text[amount.start : amount.end].lower()
        words = bare.split()
        lone = len(words) <= 2 and words[-1] in ("one", "zero")  # "one", "a one"-off
        weak = lone or (bare[:1] == "0" and bare[1:2].isdigit())
        return Quantity(start, amount.end, core, value, "exact", "count", weak=weak, glued=glued)
    return Quantity(start, unit.end, core, value, "exact", unit.kind, unit=unit.name,
                    factor=unit.factor, base=unit.base)


_OF_A = re.compile(r"\s+of\s+an?\s+(?:(?-i:US|UK)\s+|imperial\s+)?", re.IGNORECASE)


def _unit_of_fraction(text: str, amount: Amount) -> Unit | None:
    """ "1/16 of a pint", "3/4 of an inch": a fraction of one unit is in that unit."""
    if amount.words or not any(c in text[amount.start : amount.end] for c in "/\u2044"):
        return None
    of = _OF_A.match(text, amount.end)
    unit = unit_after(text, of.end()) if of else None
    return unit if unit is not None and unit.kind == "measurement" else None


def _metres(text: str, end: int) -> bool:
    """Whether "200m" is metres, not millions: a race, a height, or "the 200m" on its own."""
    if _METRE_AFTER.match(text, end):
        return True
    return bool(_THE_BEFORE.search(text, max(0, end - 14), end)) and not _COUNTED_AFTER.match(
        text, end
    )


def _pair(
    text: str, first: Quantity, amounts: list[Amount], i: int
) -> Quantity | Literal["score"] | None:
    """Two amounts joined into a range, a change or a ratio; "score" for "2-1"."""
    if i + 1 >= len(amounts) or first.shape == "vague" or first.glued:
        return None
    second = _single(text, amounts[i + 1])
    join = _JOIN.fullmatch(text, first.end, second.start)
    if join is None:
        return None
    first = _shared_scale(first, amounts[i], amounts[i + 1], second)
    if second.value is None or first.value is None or second.glued:
        return None
    if first.unit and first.unit != second.unit:
        return None
    op = "to" if join["op"].lower() == "to-" else join["op"].lower()
    before = _BEFORE_PAIR.search(text, max(0, first.start - 40), first.start)
    kw = before["kw"].lower() if before else ""
    unit, kind = second.unit or first.unit, second.kind if second.unit else first.kind
    unit_of = second if second.unit else first
    a, b = first.value, second.value
    low, high = min(a, b), max(a, b)
    start = before.start() if before else first.start
    ages = "age" in kw
    if ages:
        unit, kind = "year", "age"
    if op.startswith(("in", "out")):
        if first.unit or second.unit or b <= 1 or a > b or _is_year(second):
            return None
        return Quantity(first.start, second.end, (first.core[0], second.core[1]), a / b, "exact",
                        "ratio", "ratio")  # fmt: skip
    if op == "or" and not kw and _either(first, second, amounts[i], amounts[i + 1]):
        return Quantity(first.start, second.end, (first.core[0], second.core[1]), None, "range",
                        kind, "range", low, high, unit, factor=unit_of.factor,
                        base=unit_of.base)  # fmt: skip
    if op in ("and", "or") and not kw.startswith(("between", "age", "aged")):
        return None
    if op == "to" and kw == "from":
        trend: Trend | None = "up" if b > a else "down" if b < a else None
        return Quantity(start, second.end, (first.core[0], second.core[1]), b, "exact", kind,
                        "change", low, high, unit, trend,
                        factor=unit_of.factor, base=unit_of.base)  # fmt: skip
    small = high <= 10 and a.is_integer() and b.is_integer() and not _counted_range(text, a, b,
                                                                                   first, second)
    if op in ("-", "–") and not unit and not ages and (small or (not kw and a >= b and high <= 20)):
        return "score"  # "2-1", "3-3", "6-4 6-2": a score, not a range
    if op in ("-", "–") and not kw and a >= b:
        return "score"
    moved = _TREND_BEFORE.search(text, max(0, start - 16), start)
    if op == "to" and not kw and (a >= b or (moved and not (moved["by"] and b < 2 * a))):
        return None  # "climbed 40p to 320p", "rose by 12 to 40": a rise and a new level;
        # "fell by 1 to 1.5 degrees": a range of the fall
    if _is_year(first) and _is_year(second):
        return None
    return Quantity(start, second.end, (first.core[0], second.core[1]), None, "range", kind,
                    "range", low, high, unit, factor=unit_of.factor,
                    base=unit_of.base)  # fmt: skip


_PLURAL_AFTER = re.compile(
    r"\s+(?:(?!(?:" + "|".join(UNITS) + r"|in|on|at|to|for|with|by|from|of|and|but|after"
    r"|before|the|a|an|his|her|their|its)\b)[a-z]+\s+)?"
    r"(?!(?:was|is|has|as|his|its|this|us|plus|minus|less|series|news)\b)"
    r"(?:[a-z]+[a-rt-z]s|people|men|women|children)\b"
)
"""Lower-case plural after a pair, one word between at most and neither a number word nor a
function word: "3-4 people", "2-3 new stores" (not "won 0-2 four seasons ago", "lost 1-3
in sets"; a word ending "ss" is no plural: "a 1-2 series loss")."""


def _counted_range(text: str, a: float, b: float, first: Quantity, second: Quantity) -> bool:
    """ "around 3-4 people", "2-3 new stores": small ends rising, after a bound cue or before
    a plural noun, count a range; a score ("won 2-1", "a 3-4 defeat") has neither."""
    if a >= b:
        return False
    cue = _CUE.search(text, max(0, first.start - 30), first.start)
    return bool(cue and cue.lastgroup) or bool(_PLURAL_AFTER.match(text, second.end))


def _either(first: Quantity, second: Quantity, a: Amount, b: Amount) -> bool:
    """ "three or four years", "5 or 6 people": two neighbouring whole numbers written
    alike are an uncertain amount, a range (not "1 or 10", "2019 or 2020")."""
    if first.value is None or second.value is None or a.words != b.words or first.unit:
        return False
    x, y = first.value, second.value
    return (x.is_integer() and y.is_integer() and 1 <= x < y <= 2 * x and y <= 1000
            and not (_is_year(first) or _is_year(second)))


def _shared_scale(first: Quantity, a: Amount, b: Amount, second: Quantity) -> Quantity:
    """ "$89 to $93 billion", "1 to 2 thousand": the scale written once is both ends'."""
    if a.scale or not b.scale or a.words or first.value is None or second.value is None:
        return first
    if second.kind == "measurement":
        return first  # "5 to 200m" read as metres: no scale to share
    scaled = first.value * SCALES[b.scale]
    return replace(first, value=scaled) if scaled <= second.value else first


def _is_year(q: Quantity) -> bool:
    return (
        q.unit is None
        and q.value is not None
        and q.value.is_integer()
        and (1900 <= q.value <= 2100)
    )


def _with_cues(text: str, q: Quantity) -> Quantity:
    if q.shape == "range":
        return _approximate_range(text, q)
    if q.shape == "vague" or (q.kind == "ratio" and q.bound != "exact"):
        return q
    found = q
    cue = _CUE.search(text, max(0, q.start - 30), q.start)
    if cue and cue.lastgroup:
        found = replace(found, start=cue.start(), bound=_bound(cue.lastgroup))
    after = _CUE_AFTER.match(text, q.end)
    if after and after.lastgroup:
        found = replace(found, end=after.end(), bound=_bound(after.lastgroup))
    updown = _UPDOWN.search(text, max(0, found.start - 6), found.start)
    if updown and found.trend is None:
        up = updown["plus"] or updown["dir"].lower() == "up"
        found = replace(found, trend="up" if up else "down")
    return found


def _approximate_range(text: str, q: Quantity) -> Quantity:
    """ "about 30-40 mpg", "~4 – 6min": a range after an approximate cue keeps its two
    ends and is ``approx``; the other cues bound one end only and leave a range as it is."""
    if q.bound != "range" or q.value is not None:
        return q
    cue = _CUE.search(text, max(0, q.start - 30), q.start)
    if cue is None or cue.lastgroup != "approx":
        return q
    return replace(q, start=cue.start(), bound="approx")


def _bound(name: str) -> Bound:
    return {"at_most": "at_most", "at_least": "at_least"}.get(name, "approx")  # type: ignore[return-value]


def _fractions(text: str) -> Iterator[Quantity]:
    """ "a third of", "two-thirds of", "half the", "by a quarter": fractions used as ratios.

    "a quarter of a percentage point" is a percentage, and its span takes the unit in.
    """
    for match in _FRACTION.finditer(text):
        count = (match["n"] or "").lower()
        part = match["f"].lower()
        by = _by_before(text, match.start())
        of = re.match(r"\s+(?:of|the)\b", text[match.end() : match.end() + 6])
        points = _POINTS_AFTER.match(text, match.end())
        if not (by or points or (of and (count or part == "half"))):
            continue  # "the third quarter": an ordinal, not a fraction
        if _SCALE_AFTER.match(text, match.end()):
            continue  # "half a million" is an amount, read by :mod:`numbers`
        value = _COUNTS.get(count, 1) * FRACTIONS[part]
        if points:
            yield Quantity(match.start(), points.end(), (match.start(), points.end()), value,
                           "exact", "percent", unit="percentage point")  # fmt: skip
            continue
        yield Quantity(match.start(), match.end(), match.span(), value, "exact", "ratio", "ratio")


def _by_before(text: str, start: int) -> bool:
    return bool(re.search(r"\bby\s+$", text[max(0, start - 4) : start], re.IGNORECASE))
