"""A stored claim as reconciliation reads it, and the text around it.

The extractor's ``counted`` and ``predicate`` are often partial ("235,000 are
reported absent without leave" has no counted noun at all), so reconciliation
also reads the clause that holds the figure and the sentence before it; both are
cut from the document text with the offsets the claim already carries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.records import Bound
from claimledger.text.casing import title_case

_CLAUSE_STOP = re.compile(r"[,;:.!?\n]")
_NAME = re.compile(r"(?<![.!?]\s)(?<![.!?][\"'”’]\s)(?<!\n)(?<![\"“‘(\n]\s)(?<![\"“‘(])"
                   r"(?<!^)\b[A-Z][\w&'-]*[a-zA-Z]", re.MULTILINE)
_NOT_NAMES = frozenset(("the", "a", "an", "i", "he", "she", "it", "we", "they", "but", "and",
                        "mr", "mrs", "ms", "dr", "monday", "tuesday", "wednesday", "thursday",
                        "friday", "saturday", "sunday", "january", "february", "march",
                        "april", "may", "june", "july", "august", "september", "october",
                        "november", "december"))


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """One row of ``claims`` with its document's date and ingest order, and its speaker."""

    id: str
    document_id: str
    document_order: int
    published: str | None
    title: str | None
    start: int
    end: int
    sentence: tuple[int, int]
    surface: str
    value: float | None
    low: float | None
    high: float | None
    bound: Bound
    unit: str | None
    kind: str
    counted: str | None
    predicate: str | None
    period_text: str | None
    period_start: str | None
    period_end: str | None
    place: str | None
    speaker: str | None
    speaker_key: str | None
    thing: str | None = None
    modifiers: tuple[str, ...] = ()
    event: str | None = None
    about: str | None = None
    trend: str | None = None
    outlet: str | None = None
    url: str | None = None
    mention: tuple[int, int] | None = None
    """Where the text names who gives the figure ("the Geological Survey in Golden")."""
    cue: tuple[int, int] | None = None
    """The verb or phrase that reports it ("said", "according to")."""


@dataclass(frozen=True, slots=True)
class Context:
    """The clause holding a figure (bounded by punctuation and neighbouring figures),
    the sentence before it, where an anaphor such as "such cases" finds its noun, and
    the names in the figure's sentence ("Sony", "Ukraine") but not in who reports it:
    what it is about."""

    clause: str
    previous: str
    names: frozenset[str]
    before: str = ""
    """The clause's words before the figure ("rose to" in "rose to 10")."""
    whole: str | None = None
    """The id of the figure this one is a part of, right after it: "94,000 of the
    140,000 deaths", "two of the three victims"."""

    @property
    def part(self) -> bool:
        return self.whole is not None


_PARTITIVE = re.compile(r"\s+of\s+(?:the|these|those|its|their|his|her|our|an\s+estimated)?\s*",
                        re.IGNORECASE)
"""What lies between a part and its whole: "94,000 of the 140,000"."""


def contexts(text: str, claims: Sequence[StoredClaim]) -> dict[str, Context]:
    """The context of every claim of one document, keyed by claim id."""
    spans = sorted((c.start, c.end) for c in claims)
    starting: dict[int, str] = {}  # the figure each start begins (the shortest, if two)
    for c in sorted(claims, key=lambda c: (c.start, c.end)):
        starting.setdefault(c.start, c.id)
    known = _names(_body(text)) - _lower_case_words(text)
    found = {}
    for claim in claims:
        s0, s1 = claim.sentence
        left = max([s0, *(e for _, e in spans if e <= claim.start)])
        right = min([s1, *(s for s, _ in spans if s >= claim.end)])
        before = text[left:claim.start]
        whole = starting[right] if right < s1 and \
            _PARTITIVE.fullmatch(text[claim.end:right]) is not None else None
        stops = list(_CLAUSE_STOP.finditer(before))
        if stops:
            left += stops[-1].end()
        after = _CLAUSE_STOP.search(text, claim.end, right)
        if after is not None:
            right = after.start()
        found[claim.id] = Context(text[left:right], text[_previous_start(text, s0):s0],
                                  names(_unattributed(text, claim), known),
                                  text[left:claim.start], whole)
    return found


def _unattributed(text: str, claim: StoredClaim) -> str:
    """The claim's sentence with who reports it blanked out: the speaker's mention, its
    cue and what lies between them ("the U.S. Geological Survey in Golden, Colo.,
    said"). Those names say who gives the figure, not what it is of, and two sources
    giving one quake two magnitudes is a disagreement, not two quakes."""
    s0, s1 = claim.sentence
    spans = [x for x in (claim.mention, claim.cue) if x is not None]
    if len(spans) == 2:
        low, high = min(x[0] for x in spans), max(x[1] for x in spans)
        if not low < claim.start < high:
            spans = [(low, high)]
    chars = list(text[s0:s1])
    for start, end in spans:
        for i in range(max(start, s0), min(end, s1)):
            chars[i - s0] = " "
    return "".join(chars)


def names(sentence: str, known: frozenset[str]) -> frozenset[str]:
    """The sentence's names: those of the document's names (``known``: words it
    capitalises mid-sentence and never writes in lower case) the sentence holds, so
    "Sony said" counts and "Shares rose" does not, nor the "Villages Damaged" of a
    headline whose story says "villages" and "damaged"."""
    words = {w.strip(".,;:'\"").casefold() for w in sentence.split(maxsplit=1)[:1]}
    return frozenset(((_names(sentence) | words) & known) - _NOT_NAMES)


def _names(text: str) -> frozenset[str]:
    """Capitalised words not opening a sentence, a line or a quotation."""
    return frozenset(m.group().casefold() for m in _NAME.finditer(text.strip()))


def _body(text: str) -> str:
    """The text without its title-case lines, whose capitals name nothing: the "Wounded"
    of "Five Wounded by Quake in Southern Iran" is no name, though the story never
    writes the word in lower case; "Iran" is one if the body capitalises it."""
    return "\n".join(line for line in text.splitlines() if not title_case(line))


_LOWER = re.compile(r"\b[a-z][\w&'-]*[a-zA-Z]")


def _lower_case_words(text: str) -> frozenset[str]:
    return frozenset(m.group() for m in _LOWER.finditer(text))


def _previous_start(text: str, sentence_start: int) -> int:
    """Where the sentence before the one starting at ``sentence_start`` begins."""
    previous_end = len(text[:sentence_start].rstrip()) - 1
    return max(text.rfind(ch, 0, max(previous_end, 0)) for ch in ".!?\n") + 1
