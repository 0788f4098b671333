"""Repeated runs of paragraphs inside one document.

Pages are sometimes published with their body printed twice (a CMS glitch, a
syndication feed that appends the article again). Claims inside the copy must
not be counted twice, yet the text must stay as published so offsets hold; so
the copy is recorded as a :class:`Repeat` pointing at the original run.
"""

from __future__ import annotations

import re

from claimledger.records import Repeat
from claimledger.text.paragraphs import paragraphs

MIN_CHARS = 40
"""Paragraphs shorter than this ("Advertisement", "Read more") never start a repeat."""


def _key(paragraph: str) -> str:
    return re.sub(r"\s+", " ", paragraph).strip().casefold()


def find_repeats(text: str) -> tuple[Repeat, ...]:
    """Maximal runs of paragraphs equal to an earlier run, greedily left to right."""
    spans = paragraphs(text)
    keys = [_key(text[s:e]) for s, e in spans]
    first_seen: dict[str, list[int]] = {}
    repeats: list[Repeat] = []
    i = 0
    while i < len(spans):
        best_len, best_src = 0, -1
        if len(keys[i]) >= MIN_CHARS:
            for j in first_seen.get(keys[i], []):
                n = 0
                while i + n < len(keys) and j + n < i and keys[j + n] == keys[i + n]:
                    n += 1
                if n > best_len:
                    best_len, best_src = n, j
        if best_len:
            repeats.append(
                Repeat(
                    span=(spans[i][0], spans[i + best_len - 1][1]),
                    copy_of=(spans[best_src][0], spans[best_src + best_len - 1][1]),
                )
            )
            i += best_len
            continue
        first_seen.setdefault(keys[i], []).append(i)
        i += 1
    return tuple(repeats)
