"""Time scopes of figures: "in the first half of 2025", "since 2022", "last year".

A figure without its period cannot be compared with another one ("176,000 in a
year" against "235,000 since 2022"), so periods are found in the sentence text
with bounded, precompiled patterns and resolved to ISO dates: against the
article's publication date for relative ones, by rule for halves, quarters and
spans, and with dateparser for day-level dates. Unresolvable periods keep their
words with ``start``/``end`` ``None``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from claimledger.records import Period

_MONTHS = (
    {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    | {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
    | {"sept": 9}
)
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d{2}"


_MONTH_NAME = r"(?-i:" + "|".join(m for m in calendar.month_name if m) + r")\b(?!\s*\d)"
"""A month written out with its capital and no day or year after it: "in September"."""


def _my(tag: str) -> str:
    """An optional month and a year, in groups ``<tag>m`` and ``<tag>y``."""
    return rf"(?:(?P<{tag}m>{_MONTH})\s+)?(?P<{tag}y>{_YEAR})"


_UNIT = r"(?P<{0}>year|month|week|quarter|decade|day)s?"
_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
          "twelve": 12, "few": 3, "several": 3}  # fmt: skip
_HALF = {"first": 1, "second": 2, "h1": 1, "h2": 2}
_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}

PERIOD = re.compile(
    rf"""\b(?:
      (?P<span>(?:between|from)\s+{_my("a")}\s+(?:and|to|until)\s+{_my("b")})
      |(?P<half>(?:(?:in|during|over)\s+)?the\s+(?P<hn>first|second)\s+half\s+of\s+(?P<hy>{_YEAR})
         |(?P<hh>h[12])\s+(?P<hy2>{_YEAR}))
      |(?P<upto>(?:(?:in|for|over)\s+)?the\s+(?:(?P<tn>three|six|nine|twelve|\d{{1,2}})\s+months
         |(?P<tu>year|quarter))\s+(?:to|ending)\s+(?P<tm>{_MONTH})(?:\s+(?P<ty>{_YEAR}))?)
      |(?P<quarter>(?:(?:in|during)\s+)?the\s+(?P<qn>first|second|third|fourth|final|last)
         \s+quarter(?:\s+of\s+(?P<qy>{_YEAR}))?)
      |(?P<since>since\s+(?:[A-Za-z'\s]{{0,60}}?\s)?(?:in\s+)?{_my("s")})
      |(?P<fy>(?:in\s+)?(?P<fa>{_YEAR})[-/](?P<fb>\d{{2}})(?!\d))
      |(?P<day>(?:on\s+)?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?!\d))(?:,?\s+{_YEAR})?)
      |(?P<at>(?:(?:in|during|for|by|throughout)\s+)?{_my("i")})
      |(?P<month>(?:in|during|throughout)\s+(?:early\s+|late\s+|mid-)?(?P<mm>{_MONTH_NAME}))
      |(?P<rel>(?P<rw>last|this|next|past)\s+{_UNIT.format("unit")})
      |(?P<over>(?:over|in|during)\s+the\s+(?:past|last|previous)\s+(?:(?P<n>\d{{1,2}}|{"|".join(_WORDS)})\s+)?{_UNIT.format("u1")})
      |(?P<ago>(?P<n2>\d{{1,2}}|{"|".join(_WORDS)})\s+(?P<u2>year|month|week|day)s?\s+ago)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period written in the text, with its span."""

    start: int
    end: int
    period: Period
    relative: bool


def find_periods(text: str, published: str | None, offset: int = 0) -> Iterator[PeriodMention]:
    """Every period expression in ``text``; spans are shifted by ``offset``."""
    anchor = _parse_iso(published)
    for match in PERIOD.finditer(text):
        start, end = _resolve(match, anchor)
        relative = bool(match["rel"] or match["over"] or match["ago"] or match["month"])
        words = match.group()
        period = Period(words, start, end)
        yield PeriodMention(offset + match.start(), offset + match.end(), period, relative)


def _resolve(m: re.Match[str], anchor: date | None) -> tuple[str | None, str | None]:
    if m["span"]:
        return _month_or_year(m["am"], m["ay"])[0], _month_or_year(m["bm"], m["by"])[1]
    if m["half"]:
        year = int(m["hy"] or m["hy2"])
        half = _HALF[(m["hn"] or m["hh"]).lower()]
        return _iso(year, 6 * half - 5, 1), _month_end(year, 6 * half)
    if m["upto"]:
        return _up_to(m, anchor)
    if m["quarter"]:
        year_text = m["qy"] or (str(anchor.year) if anchor else None)
        if year_text is None:
            return None, None
        q = _QUARTER[m["qn"].lower()]
        return _iso(int(year_text), 3 * q - 2, 1), _month_end(int(year_text), 3 * q)
    if m["since"]:
        return _month_or_year(m["sm"], m["sy"])[0], anchor.isoformat() if anchor else None
    if m["fy"]:
        return _iso(int(m["fa"]), 1, 1), _iso(int(m["fa"][:2] + m["fb"]), 12, 31)
    if m["day"]:
        return _day(m["day"], anchor.isoformat() if anchor else None)
    if m["at"]:
        start, end = _month_or_year(m["im"], m["iy"])
        return (None if m["at"].lower().startswith("by") else start), end
    if anchor is None:
        return None, None
    if m["month"]:
        return _last_month_named(m["mm"], anchor)
    return _relative(m, anchor)


def _last_month_named(name: str, anchor: date) -> tuple[str, str]:
    """ "In September" in a report of November 2005 is September 2005, and in one of
    March 2006 it is September 2005 too: a month named without its year is the latest
    such month up to publication, as news reports what has happened."""
    month = _MONTHS[name.lower()]
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return _iso(year, month, 1), _month_end(year, month)


def _relative(m: re.Match[str], anchor: date) -> tuple[str | None, str | None]:
    unit = (m["unit"] or m["u1"] or m["u2"]).lower()
    if m["ago"]:
        when = anchor - _span(unit, _count(m["n2"]))
        return when.isoformat(), when.isoformat()
    if m["over"]:
        return (anchor - _span(unit, _count(m["n"]))).isoformat(), anchor.isoformat()
    word = m["rw"].lower()
    if word == "past":
        return (anchor - _span(unit, 1)).isoformat(), anchor.isoformat()
    shift = {"last": -1, "this": 0, "next": 1}[word]
    if unit == "year":
        return _iso(anchor.year + shift, 1, 1), _iso(anchor.year + shift, 12, 31)
    if unit == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + shift
        year, month = divmod(month_index, 12)
        return _iso(year, month + 1, 1), _month_end(year, month + 1)
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=shift)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    return None, None


_MONTHS_IN = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "year": 12, "quarter": 3}


def _up_to(m: re.Match[str], anchor: date | None) -> tuple[str | None, str | None]:
    """ "the three months to December", "the year to March 2004": N months ending then."""
    month = _MONTHS[m["tm"].lower().rstrip(".")]
    if m["ty"]:
        year = int(m["ty"])
    elif anchor is not None:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    else:
        return None, None
    word = (m["tn"] or m["tu"]).lower()
    months = int(word) if word.isdigit() else _MONTHS_IN[word]
    first = year * 12 + month - months  # zero-based month index of the first month
    return _iso(first // 12, first % 12 + 1, 1), _month_end(year, month)


def _count(word: str | None) -> int:
    if word is None:
        return 1
    return int(word) if word.isdigit() else _WORDS[word.lower()]


def _span(unit: str, n: int) -> timedelta:
    days = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365, "decade": 3652}[unit]
    return timedelta(days=days * n)


def _month_or_year(month: str | None, year: str) -> tuple[str, str]:
    y = int(year)
    if month is None:
        return _iso(y, 1, 1), _iso(y, 12, 31)
    number = _MONTHS[month.lower().rstrip(".")]
    return _iso(y, number, 1), _month_end(y, number)


def _iso(year: int, month: int, day: int) -> str:
    return date(year, month, day).isoformat()


def _month_end(year: int, month: int) -> str:
    return _iso(year, month, calendar.monthrange(year, month)[1])


def _parse_iso(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _day(text: str, anchor: str | None) -> tuple[str | None, str | None]:
    """One calendar day, read by dateparser (which knows "5 March" and "March 5th")."""
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    base = _parse_iso(anchor)
    if base is not None:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    elif not re.search(_YEAR, text):
        return None, None
    parsed = dateparser.parse(
        re.sub(r"^on\s+", "", text, flags=re.I), languages=["en"], settings=settings
    )
    if parsed is None:
        return None, None
    return parsed.date().isoformat(), parsed.date().isoformat()
