"""Plain-text articles: the first line is the title when it reads as a headline."""

from __future__ import annotations

import re

MAX_TITLE_CHARS = 250
_SENTENCE_END_INSIDE = re.compile(r"[.!?][\"'”’)]?\s+[A-Z]")


def headline(text: str) -> str | None:
    """The first line, when it is short, one sentence at most, and a body follows."""
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) > MAX_TITLE_CHARS:
        return None
    if _SENTENCE_END_INSIDE.search(first):
        return None
    return first
