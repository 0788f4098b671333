"""Paragraph spans of a text: runs of non-blank lines, as character offsets."""

from __future__ import annotations

import re

from claimledger.records import Offsets

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")


def paragraphs(text: str) -> list[Offsets]:
    """Offsets of each paragraph, stripped of surrounding spaces.

    A paragraph is a line, or lines with no blank line between them when the text
    uses blank lines as separators; either way offsets point into ``text``.
    """
    uses_blank_lines = "\n\n" in text
    pattern = _PARAGRAPH if uses_blank_lines else re.compile(r"[^\n]+")
    spans = []
    for match in pattern.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans
