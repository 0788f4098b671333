"""Stories: the documents that report one event, grouped as a wire editor would.

A document is a bag of its content words, weighted by how rare they are in English
(wordfreq's Zipf scale, so the weight of a word never depends on what else is in the
ledger and a rebuild weighs it the same), with names (capitalised mid-sentence)
counted thrice and years kept as words: the same kind of event at another place or
in another year ("a quake off Iran" in 2005 and in 2008) differs in exactly those.
A new document joins the story whose summed vector it is closest to (cosine to the
centroid) when that similarity reaches ``THRESHOLD``, discounted when its
publication date lies far from the story's dates; otherwise it starts a story.
Documents are taken in ingest order, so a rebuild replays the same decisions.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from wordfreq import zipf_frequency

THRESHOLD = 0.25
"""Chosen on ECB+ (bench/eval_reconcile.py prints the B-cubed F1 at this setting)."""
TERMS = 100
"""Terms kept per document: its rarest, most repeated words."""
NAME_WEIGHT = 3.0
COMMON = 5.0
"""Words at or above this Zipf frequency ("the", "said", "people") carry no topic."""
RAREST = 7.5
"""Weight of a word is ``RAREST - zipf``: 7.5 for a word English never uses."""
YEAR_ZIPF = 3.0
DAYS_FREE = 7
HALF_LIFE_DAYS = 30
"""A document published within a week of a story's dates is judged on its words alone;
past that, its similarity halves every 30 days (a trial a year on still joins a
story it matches closely; a look-alike event years apart does not)."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\b(?:19|20)\d\d\b")
_OPENING = re.compile(r"(?:^|[.!?\n\"“‘(:]\s*)$")


@dataclass(frozen=True, slots=True)
class Profile:
    """A document's unit-length term vector, its rarest terms first."""

    terms: dict[str, float]
    published: str | None


def profile(text: str, published: str | None) -> Profile:
    counts: dict[str, float] = {}
    for m in _WORD.finditer(text):
        word = m.group().replace("’", "'")
        lowered = word.lower().removesuffix("'s")
        if lowered[0].isdigit():
            counts[lowered] = counts.get(lowered, 0.0) + 1.0
            continue
        if len(lowered) < 3 or _zipf(lowered) >= COMMON:
            continue
        name = word[0].isupper() and not _OPENING.search(text[max(0, m.start() - 3):m.start()])
        counts[lowered] = counts.get(lowered, 0.0) + (NAME_WEIGHT if name else 1.0)
    weights = {w: (1 + math.log(c)) * (RAREST - _zipf(w)) for w, c in counts.items()}
    kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS]
    norm = math.sqrt(sum(x * x for _, x in kept)) or 1.0
    return Profile({w: x / norm for w, x in kept}, published)


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """English frequency of a word; a year's is set (``YEAR_ZIPF``)."""
    return YEAR_ZIPF if word[0].isdigit() else float(zipf_frequency(word, "en"))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A story as matching needs it: the dot product of the new document with the
    story's summed vector, that vector's squared norm and the story's dates."""

    story_id: str
    dot: float
    norm_sq: float
    first_published: str | None
    last_published: str | None


KEY_TERMS = 20
"""A document's heaviest terms, through which its candidate stories are found."""
CANDIDATES = 50
"""Stories scored in full per new document: those closest on its heaviest terms."""


def keys(terms: dict[str, float]) -> list[str]:
    """The terms a document's candidate stories are looked up by: its heaviest."""
    return sorted(sorted(terms, key=lambda t: (-terms[t], t))[:KEY_TERMS])


def similarity(p: Profile, c: Candidate) -> float:
    """Cosine to the story's centroid, discounted by distance in publication time."""
    score = c.dot / math.sqrt(c.norm_sq) if c.norm_sq > 0 else 0.0
    if p.published and c.first_published and c.last_published:
        days = _days_outside(p.published, c.first_published, c.last_published)
        if days > DAYS_FREE:
            score *= 0.5 ** ((days - DAYS_FREE) / HALF_LIFE_DAYS)
    return score


def _days_outside(day: str, first: str, last: str) -> int:
    d, a, b = (date.fromisoformat(x[:10]) for x in (day, first, last))
    return max((a - d).days, (d - b).days, 0)


def best(p: Profile, candidates: list[Candidate]) -> tuple[Candidate, float] | None:
    """The story to join, with its similarity; ``None`` when none is close enough.
    Ties go to the smaller story id, so the choice never depends on row order."""
    scored = sorted(((similarity(p, c), c) for c in candidates),
                    key=lambda x: (-x[0], x[1].story_id))
    if scored and scored[0][0] >= THRESHOLD:
        return scored[0][1], scored[0][0]
    return None


def story_id(first_document_id: str) -> str:
    """A story is named after the document that started it, so ids survive rebuilds."""
    return "s" + hashlib.sha256(first_document_id.encode()).hexdigest()[:12]


def label(title: str | None, text: str) -> str:
    """A story's name: its first document's title, else its first line, shortened."""
    first = (title or text.strip().split("\n", 1)[0]).strip()
    return first if len(first) <= 90 else first[:89].rstrip() + "…"
