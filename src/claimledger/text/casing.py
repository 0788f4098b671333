"""Headlines set in title case: lines whose capitals say nothing of names.

spaCy's tagger reads "Harbour Chief Praises Mayor Lind" or "Quake Kills 10; 80 Hurt" as a
run of proper nouns. The figures component must not take a count after "Kills" for a
model number, and the quotes component reads such a line again in sentence case; both
ask this module whether a line is one.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z][\w’'-]*")
SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "with", "at", "by", "as"}
)
MIN_WORDS = 4


def title_case(line: str) -> bool:
    """Whether a line is a headline in title case: every word but the small ones begins
    with a capital, and it is not all capitals (a shouted heading is left as it is)."""
    words = [w for w in WORD.findall(line) if w.lower() not in SMALL_WORDS]
    return (len(words) >= MIN_WORDS and all(w[0].isupper() for w in words)
            and not line.isupper())
