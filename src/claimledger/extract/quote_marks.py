"""Quotation marks to quoted spans, from the characters alone.

Runs before any parse is consulted, so it is cheap and cannot be confused by a bad
parse.  Double marks (straight, curly, guillemets, low-high) make the outer quotes;
single marks make quotes only at the top level, so a quote nested inside a quote
stays part of it.  A quote never runs past its paragraph unless the next paragraph
opens with a mark (the news convention for a quote over several paragraphs); a mark
that never closes ends its quote at the paragraph end, so a stray mark cannot
swallow the rest of an article.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = {"“": "”", "„": "“”", "«": "»", '"': '"', "‟": "”"}
"""Opening double mark to the marks that may close it."""
SINGLE_OPEN = {"‘": "’", "'": "'", "‚": "‘’"}
ANY_DOUBLE = frozenset("“”„«»\"‟")
MIN_UNCLOSED_CHARS = 12
"""An unclosed quote shorter than this is a stray mark (inches, a typo), not a quote."""


@dataclass(frozen=True, slots=True)
class Marked:
    """Quoted text between marks: ``span`` is inside the marks, ``outer`` includes them."""

    span: tuple[int, int]
    outer: tuple[int, int]
    closed: bool


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens_single(text: str, i: int) -> bool:
    """A single mark opens a quote only between a non-letter and a letter ('like')."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word(before) and _is_word(after)


def _closes_single(text: str, i: int) -> bool:
    """A single mark closes only when no letter follows (can’t is an apostrophe)."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word(after)


def _opens_double(text: str, i: int) -> bool:
    """A straight double mark after a digit is inches, and never opens a quote."""
    return text[i] != '"' or not (i and text[i - 1].isdigit())


def _glued_close(text: str, i: int) -> bool:
    """A double mark of the wrong shape still closes when glued to the word before it
    and followed by a space or punctuation ("It's unusual,“ said Noble")."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return i > 0 and not text[i - 1].isspace() and not after.isalnum()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _first_mark(text: str, start: int, end: int) -> int | None:
    """Where a paragraph opens with a double mark, else ``None``."""
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    i = start + stripped
    return i if i < end and text[i] in DOUBLE_OPEN else None


def find_marked(text: str) -> list[Marked]:
    """Every top-level quoted span, in text order."""
    paragraphs = _paragraphs(text)
    found: list[Marked] = []
    open_at: int | None = None
    closers, single = "", False
    for n, (start, end) in enumerate(paragraphs):
        i = start
        if open_at is not None:
            i = (_first_mark(text, start, end) or start) + 1
        while i < end:
            ch = text[i]
            if open_at is None:
                if ch in DOUBLE_OPEN and _opens_double(text, i):
                    open_at, closers, single = i, DOUBLE_OPEN[ch], False
                elif ch in SINGLE_OPEN and _opens_single(text, i):
                    open_at, closers, single = i, SINGLE_OPEN[ch], True
            elif (ch in closers and (not single or _closes_single(text, i))) or (
                not single and ch in ANY_DOUBLE and _glued_close(text, i)
            ):
                if i > open_at + 1:
                    found.append(Marked((open_at + 1, i), (open_at, i + 1), True))
                open_at = None
            i += 1
        if open_at is None:
            continue
        following = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
        continues = (
            following is not None and not single and _first_mark(text, *following) is not None
        )
        if not continues:
            body = text[open_at + 1 : end].rstrip()
            if len(body.strip()) >= MIN_UNCLOSED_CHARS:
                found.append(Marked((open_at + 1, open_at + 1 + len(body)), (open_at, end), False))
            open_at = None
    return found
