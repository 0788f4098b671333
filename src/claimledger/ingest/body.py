"""Where an article's body lies inside its stored text.

A stored text keeps what was published, so it may open with its headline (HTML pages
are stored as the title line followed by the main text; plain-text files often start
with one) and, under it, a byline or a date line. Readers who want the article alone
(a body-extraction benchmark, a word count, an excerpt) take ``text[start:end]`` of
:func:`body_span` instead of cutting the text themselves.
"""

from __future__ import annotations

import re

from claimledger.ingest.dates import DATE_LINES, date_in_line

_BYLINE = re.compile(r"(?:by|von|par|por)\s+[A-Z][\w.'’-]*(?:(?:\s+|\s*,\s*)(?:and\s+)?"
                     r"[A-Z][\w.'’-]*){0,6}\s*", re.IGNORECASE)
"""A line that is only a byline: "By Jane Doe and John Roe". The first word after "by"
must be capitalised, so "By Tuesday, the toll had risen" stays body."""
_TRAILER = re.compile("|".join((
    r"sign(?:ing)? up (?:for|to|now|here)", r"^subscribe\b", r"our (?:\w+ ){0,2}newsletters?\b",
    r"in your inbox", r"follow \S+(?: \S+)? on (?:twitter|x|facebook|instagram|telegram)",
    r"^read more\b", r"^more ?:", r"^related(?: stories| articles)?:", r"^see also\b",
    r"click here", r"^comments?$", r"comment(?:ing)? forum",
    r"join (?:the|our) (?:conversation|discussion)", r"display name", r"log ?in or create",
    r"create an account", r"got a story", r"have a story to tell", r"get in touch",
    r"our standards:", r"all rights reserved", r"^copyright\b", r"^©",
    r"download (?:the|our) app", r"get the .{1,40} app", r"for more stories like this",
    r"for the latest .{1,60} news", r"^advertisement$", r"^[_—–-]{3,}$",
)), re.IGNORECASE)
"""A line of the page's furniture that text extraction leaves at the end of a body:
newsletter and app calls, "Read more", "MORE: ...", comment forums, copyright lines.
Credit lines ("Additional reporting by ...") are the article's own and stay."""
TRAILER_CHARS = 200
"""A longer line is a paragraph, whatever words it holds."""
_DATE_LINE_WORDS = 6
"""A date line is the date with a few words around it ("Published 3 May 2013 10:02 BST");
more words make it a sentence of the body."""


def body_span(text: str, title: str | None) -> tuple[int, int]:
    """Offsets of the body in ``text``: after a leading title line and the byline and
    date lines right under it, without the whitespace around it. A text that is
    nothing but those lines keeps all of it. Lines of page furniture at the end
    (:data:`_TRAILER`) are left out too."""
    lines = _lines(text)
    last = len(lines)
    while last > 1 and _is_trailer(lines[last - 1][2]):
        last -= 1
    lines = lines[:last]
    start, end = 0, lines[-1][0] + len(lines[-1][2].rstrip()) if lines else 0
    n = 0
    if title and lines and lines[0][2].strip() == title.strip():
        n = 1
    while n and n < min(len(lines), DATE_LINES) and _is_front_matter(lines[n][2]):
        n += 1
    if n < len(lines):
        start = lines[n][0]
    start += len(text[start:end]) - len(text[start:end].lstrip())
    return (start, end) if start < end else (0, end)


def _lines(text: str) -> list[tuple[int, int, str]]:
    """The non-blank lines of ``text`` with their offsets."""
    out, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, offset + len(line), line))
        offset += len(line) + 1
    return out


def _is_trailer(line: str) -> bool:
    line = line.strip()
    return len(line) <= TRAILER_CHARS and _TRAILER.search(line) is not None


def _is_front_matter(line: str) -> bool:
    """A byline or a date line, as printed under a headline."""
    line = line.strip()
    if _BYLINE.fullmatch(line):
        return True
    found = date_in_line(line)
    if found is None:
        return False
    return len((line[: found[0]] + line[found[1] :]).split()) <= _DATE_LINE_WORDS
