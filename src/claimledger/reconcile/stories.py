"""Stories: the documents that report one event, grouped as a wire editor would.

A document is a bag of its content words, weighted by how rare they are in English
(wordfreq's Zipf scale, so the weight of a word never depends on what else is in the
ledger and a rebuild weighs it the same), with names (capitalised mid-sentence)
counted thrice and years kept as words. Two documents are as similar as the cosine of
their bags. Publication time is left out: discounting documents far apart in time
(halving every 30 days past a week) took a dated report's true neighbours from it and
gave it strangers, B-cubed 0.922 against 0.947 without it; a look-alike event years
apart is told by its words, which the neighbourhoods below bring out.

Look-alike events (a quake off Iran in 2005 and another in 2008, one boxer's two title
defences) share most of their words, so no threshold on similarity alone keeps them
apart, and a story that grows by its centroid swallows its twin once one early
document sits between them. What does tell them apart is who else a document is
close to: each document keeps its ``NEIGHBOURS`` most similar documents, and two are
linked when one is among the other's and most of their neighbourhoods are shared
(Jarvis and Patrick's shared-nearest-neighbour rule, 1973). The reports of one event
are each other's neighbours; a twin's reports are closest to each other and share
few of them. Two documents that are ``CLOSE`` are linked whatever their
neighbourhoods, even when neither keeps the other (rewrites and syndicated copies of
one report: a story with more copies than ``NEIGHBOURS`` fills each copy's
neighbourhood with its own kind). A story is a connected group of linked
documents. That is a function
of the documents stored, not of the order they came in, so a document that arrives
later may split a story or join two (bench/eval_reconcile.py prints the B-cubed F1
on ECB+: 0.874 with a one-pass centroid, 0.957 with this rule).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

TERMS = 100
"""Terms kept per document: its rarest, most repeated words."""
NAME_WEIGHT = 3.0
COMMON = 5.0
"""Words at or above this Zipf frequency ("the", "said", "people") carry no topic."""
RAREST = 7.5
"""Weight of a word is ``RAREST - zipf``: 7.5 for a word English never uses."""
YEAR_ZIPF = 3.0
NEIGHBOURS = 8
"""How many nearest documents each document keeps."""
FLOOR = 0.1
"""Similarity below which a document is nobody's neighbour, however few it has."""
SHARED = 0.6
"""Share of the smaller neighbourhood (each counting itself) two linked documents
must have in common. Chosen on ECB+: 0.941 at 8 neighbours and 0.6, above 0.9 for
6-10 neighbours and 0.5-0.6."""
CLOSE = 0.5
"""Similarity at which two documents are linked whatever their neighbourhoods: a
rewrite of the same report, of which a big story has more than ``NEIGHBOURS``, so
their neighbourhoods are near-random draws of it (ECB+ 0.947 without, 0.957 with)."""
KEY_TERMS = 20
"""A document's heaviest terms, through which its candidate neighbours are found."""
CANDIDATES = 50
"""Documents scored in full per new document: those closest on its heaviest terms."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\b(?:19|20)\d\d\b")
_OPENING = re.compile(r"(?:^|[.!?\n\"“‘(:]\s*)$")


@dataclass(frozen=True, slots=True)
class Profile:
    """A document's unit-length term vector, its rarest terms first."""

    terms: dict[str, float]


@dataclass(frozen=True, slots=True)
class Neighbour:
    document_id: str
    similarity: float


def profile(text: str) -> Profile:
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
    return Profile({w: x / norm for w, x in kept})


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """English frequency of a word; a year's is set (``YEAR_ZIPF``)."""
    return YEAR_ZIPF if word[0].isdigit() else float(zipf_frequency(word, "en"))


def keys(terms: dict[str, float]) -> list[str]:
    """The terms a document's candidate neighbours are looked up by: its heaviest."""
    return sorted(sorted(terms, key=lambda t: (-terms[t], t))[:KEY_TERMS])


def similarity(a: Profile, b: Profile) -> float:
    """Cosine of the two unit term vectors, summed exactly so that it does not depend
    on the order of the terms."""
    small, large = sorted((a.terms, b.terms), key=len)
    return math.fsum(w * large.get(t, 0.0) for t, w in small.items())


def nearest(scored: Iterable[Neighbour]) -> list[Neighbour]:
    """The ``NEIGHBOURS`` most similar at ``FLOOR`` or above; ties go to the smaller
    id, so the choice never depends on row order."""
    kept = [n for n in scored if n.similarity >= FLOOR]
    return sorted(kept, key=lambda n: (-n.similarity, n.document_id))[:NEIGHBOURS]


def close(scored: Iterable[Neighbour]) -> list[Neighbour]:
    """Those ``CLOSE`` or closer, however many: each is linked to the document."""
    return sorted((n for n in scored if n.similarity >= CLOSE),
                  key=lambda n: (-n.similarity, n.document_id))


Links = Mapping[str, Collection[str]]
"""Document id -> ids it is tied to (its nearest, or those close to it)."""


def linked(a: str, b: str, neighbours: Links, near: Links) -> bool:
    """Whether two documents report one event: they are ``CLOSE`` (``near`` holds
    each document's close documents, both ways), or one is among the other's
    ``neighbours`` and, each counting itself, they share ``SHARED`` of the smaller
    neighbourhood."""
    if b in near.get(a, ()):
        return True
    na, nb = neighbours.get(a, ()), neighbours.get(b, ())
    if b not in na and a not in nb:
        return False
    sa, sb = {a, *na}, {b, *nb}
    return len(sa & sb) >= SHARED * min(len(sa), len(sb))


def groups(documents: list[str], neighbours: Links, near: Links) -> list[list[str]]:
    """The linked groups among ``documents`` (given in ingest order), each in that
    order, the groups ordered by their first document."""
    position = {d: i for i, d in enumerate(documents)}
    ties: dict[str, set[str]] = {
        d: (set(neighbours.get(d, ())) | set(near.get(d, ()))) & position.keys()
        for d in documents}
    for d in documents:
        for n in ties[d]:
            ties[n].add(d)
    grouped: set[str] = set()
    found: list[list[str]] = []
    for start in documents:
        if start in grouped:
            continue
        grouped.add(start)
        members, todo = [start], [start]
        while todo:
            here = todo.pop()
            for other in sorted(ties[here] - grouped):
                if linked(here, other, neighbours, near):
                    grouped.add(other)
                    members.append(other)
                    todo.append(other)
        found.append(sorted(members, key=position.__getitem__))
    return found


def story_id(first_document_id: str) -> str:
    """A story is named after its first document in ingest order, so its id survives
    rebuilds and stays while later documents join."""
    return "s" + hashlib.sha256(first_document_id.encode()).hexdigest()[:12]


def label(title: str | None, text: str) -> str:
    """A story's name: its first document's title, else its first line, shortened."""
    first = (title or text.strip().split("\n", 1)[0]).strip()
    return first if len(first) <= 90 else first[:89].rstrip() + "…"
