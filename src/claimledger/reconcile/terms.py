"""The field's vocabulary: which wordings name the same thing, and which nouns count whom.

Concepts are matched with patterns over lower-cased text that spell out the
inflections ("deserted", "desertions", "deserters"), so a match can be shown to a
reader as the words it found. Head nouns are reduced to a class by their spaCy
lemma ("servicemen" and "soldiers" both count soldiers; "cases" and "desertions"
count registered events), because a count of people and a count of cases are
different measures even when they concern the same concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    label: str
    pattern: re.Pattern[str]


_UNITS = r"(?:units?|posts?|positions?|service)"
CONCEPTS = (
    Concept("awol", "AWOL", re.compile(
        r"\bawols?\b|\babsent without (?:official )?leave\b"
        r"|\bunauthori[sz]ed absences?\b|\babsences? without (?:leave|permission)\b"
        r"|\b(?:abandon(?:ed|ing|s)?|left|leav(?:e|es|ing)|quit(?:ting|s)?|fled|flee(?:ing|s)?"
        r"|walk(?:ed|ing|s)? (?:away|off)(?: from)?)"
        rf"\s+(?:\w+\s+){{0,2}}{_UNITS}\s+without\s+(?:authori[sz]ation|permission|leave)\b"
        rf"|\bmissing from (?:\w+\s+){{0,2}}{_UNITS}\b"
        r"|\bunerlaubt abwesend\b")),
    Concept("desertion", "desertion", re.compile(
        r"\bdesert(?:ed|ing|ion|ions|er|ers)\b|\bfahnenflucht\b")),
)
"""AWOL and desertion: the synonym table for the demo field. Each entry is one
concept; any wording listed under it makes two claims share that concept. The bare
verb "desert" is left out: "voters may desert him" and the "Desert" of a title
would make figures about elections and films into desertions."""

SOLDIER, CASE = "soldier", "case"
HEAD_CLASSES = {
    **dict.fromkeys(("serviceman", "servicemen", "soldier", "troop", "personnel", "deserter",
                     "recruit", "conscript", "fighter", "serviceperson", "man", "servicewoman"),
                    SOLDIER),
    **dict.fromkeys(("case", "proceeding", "prosecution", "charge", "desertion", "awol",
                     "absence", "incident", "violation"), CASE),
}
"""Head-noun lemma to the class of what is counted."""

HEAD_LABELS = {SOLDIER: "soldiers", CASE: "cases"}

CONCEPT_DEFAULT_HEAD = SOLDIER
"""What an AWOL or desertion figure counts when no noun says ("235,000 are absent
without leave"): people, since cases are always named as cases."""

PLACEHOLDER_HEADS = frozenset(("number", "total", "count", "figure", "tally", "amount", "level",
                               "estimate", "sum"))
"""Nouns that stand for the quantity itself ("the total number of cases"): the
noun they introduce is the head."""


def concepts_in(text: str) -> dict[str, str]:
    """Concept name to the words that matched it."""
    lowered = text.casefold()
    found = {}
    for concept in CONCEPTS:
        match = concept.pattern.search(lowered)
        if match:
            found[concept.name] = match.group()
    return found


def concept_label(name: str) -> str:
    return next((c.label for c in CONCEPTS if c.name == name), name)
