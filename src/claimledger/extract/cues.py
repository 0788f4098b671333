"""The reporting-cue lexicon: which lemmas introduce what someone asserted.

The bulk comes from data: ``data/cues.tsv`` holds the verb and noun lemmas that
PolNeAR's train annotators marked as cues often and reliably enough (built by
``bench/build_cues.py``; lemmas and counts only).  PolNeAR is US politics from 2016,
so a few verbs that wire copy uses for other beats are added by hand.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

NEWS_VERBS = frozenset(
    {
        "say", "tell", "warn", "claim", "add", "estimate", "report", "allege", "assert",
        "concede", "confirm", "contend", "deny", "insist", "maintain", "predict",
        "remark", "reply", "retort", "stress", "testify", "write", "admit", "explain",
        "caution", "complain", "quip", "recount", "reckon", "emphasise", "emphasize",
        "acknowledge", "announce", "argue", "declare", "note", "observe", "state",
        "suggest", "believe", "think", "fear", "conclude", "reveal", "indicate",
    }
)  # fmt: skip
"""Reporting verbs of general news that a politics corpus under-represents."""
NOT_CUES = frozenset({"call", "show", "support", "seek", "look", "continue", "release", "back"})
"""Frequent PolNeAR cues ("called for", "backed") whose content is no statement."""


@cache
def cue_verbs() -> frozenset[str]:
    """Verb lemmas that introduce reported speech or belief."""
    return frozenset(_lexicon("VERB") | NEWS_VERBS) - NOT_CUES


@cache
def cue_nouns() -> frozenset[str]:
    """Noun lemmas ("statement", "claim") that name a reported assertion."""
    return frozenset(_lexicon("NOUN"))


def _lexicon(pos: str) -> set[str]:
    text = resources.files("claimledger.extract").joinpath("data/cues.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if not line.startswith("#"))
    return {row[0] for row in rows if len(row) == 4 and row[1] == pos}
