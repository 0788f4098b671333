"""Publication dates as ISO 8601, whatever shape the input gives them in."""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser
from htmldate.extractors import extract_url_date
from htmldate.utils import Extractor

EARLIEST, LATEST = date(1800, 1, 1), date(2100, 12, 31)
"""Publication dates outside these are errors ("9999-12-31", "0001-01-01"), not news:
pages, reports and date arithmetic must never meet them."""


def iso_date(value: str | None) -> str | None:
    """``"12 Oct 2025"``, ``"2025-10-12T08:00:00Z"`` -> ``"2025-10-12"``; unparseable or
    out of range (:data:`EARLIEST` .. :data:`LATEST`) -> None."""
    if not value or not value.strip():
        return None
    try:
        parsed = dateparser.parse(
            value.strip()[:100], languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"}
        )
    except (ValueError, OverflowError):  # "-5000-01-01" trips dateparser itself
        return None
    if parsed is None or not EARLIEST <= parsed.date() <= LATEST:
        return None
    return parsed.date().isoformat()


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_LINE = re.compile(
    rf"\b(?:{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*(?:19|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s*(?:19|20)\d\d"
    r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)?\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d)\b", re.IGNORECASE)
DATE_LINES = 4
"""Lines at the top of a text where a date line is looked for (headline, byline, date)."""
DATE_LINE_CHARS = 80
"""A longer line is body text, whose dates are what it reports, not when it appeared."""
_URL_MONTH_NAME = re.compile(rf"/((?:19|20)\d\d)/({_MONTH})/(\d{{1,2}})/", re.IGNORECASE)
"""The "/2013/may/03/" that htmldate's URL rule (numeric months) leaves."""
_URL_DATES = Extractor(False, datetime(2100, 1, 1), datetime(1995, 1, 1), True, "%Y-%m-%d")


def date_in_line(line: str) -> tuple[int, int] | None:
    """Where a date is written in a short line (a date line, not body text), if one is."""
    match = _DATE_LINE.search(line) if len(line) <= DATE_LINE_CHARS else None
    return match.span() if match else None


def inferred_date(url: str | None, text: str) -> tuple[str, str] | None:
    """A publication date the metadata did not give, and where it was read: ``url``
    ("/2013/may/03/", by htmldate) or ``text`` (a short date line among the first
    lines: "May 03,2013", "Published April 11,2007", "05 / 02 / 07, 9:00 PM PDT")."""
    found = extract_url_date(url, _URL_DATES) if url else None
    named = _URL_MONTH_NAME.search(url) if url and not found else None
    if named:
        parsed = dateparser.parse(" ".join(named.groups()), languages=["en"],
                                  settings={"DATE_ORDER": "YMD"})
        found = parsed.date().isoformat() if parsed else None
    if found:
        return found, "url"
    for line in text.split("\n", DATE_LINES)[:DATE_LINES]:
        found_in_line = date_in_line(line)
        if found_in_line is None:
            continue
        parsed = dateparser.parse(line[slice(*found_in_line)], languages=["en"], settings={
            "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY"})
        if parsed is not None:
            return parsed.date().isoformat(), "text"
    return None
