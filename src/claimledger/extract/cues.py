"""The reporting-cue lexicon: which lemmas introduce what someone asserted.

The bulk comes from data: ``data/cues.tsv`` holds the verb, noun and adjective lemmas that
PolNeAR's train annotators marked as cues often and reliably enough (built by
``bench/build_cues.py``; lemmas and counts only).  PolNeAR is US politics from 2016,
so a few verbs that wire copy uses for other beats are added by hand.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

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
STATEMENT_NOUNS = frozenset(
    {"case", "point", "comment", "remark", "argument", "attack", "view", "opinion", "critique"}
)
"""Nouns of saying that the learnt lexicon misses because PolNeAR marks them together
with their light verb ("made the case for", "has strong views on")."""
NOT_CUES = frozenset({"look", "continue", "release", "come", "file", "take"})
"""Frequent verbs that PolNeAR marks as cues now and then ("looked at", "it comes as",
"filed a lawsuit", "took aim at") but that mostly report nothing:
"the authorities filed 107,000 cases" is an act, not a claim."""


LISTENER_OBJECT = frozenset({"tell", "ask"})
"""Their object is the listener ("told him"), never the statement. The object of
"say" is what was said ("said yes", "said the same thing")."""
Frame = Literal["clause", "object", "prep"]
"""How a verb carries what it reports: a clause ("said that..."), an object ("backs the
treaty", "vowed to fight"), or a prepositional object ("talked about the wall")."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The cue lemmas one quotes component reads with: learnt rows plus the hand lists."""

    verbs: frozenset[str]
    """Verb lemmas that introduce reported speech or belief, in any frame."""
    by_frame: dict[Frame, frozenset[str]]
    """The verbs that report in one frame: "found that..." does, "found a solution"
    does not. Learnt per frame from train; the hand-added news verbs report clauses
    and prepositional objects ("warned that...", "complained about the budget"), not
    every object ("wrote a book", "added a twist")."""
    words: frozenset[str]
    """Nouns and adjectives that take a reported clause ("the claim that", "confident
    that") or, after a light verb, a prepositional object ("made no mention of")."""
    digest: str = ""
    """The first 12 hex digits of the SHA-256 of the file it was read from: part of the
    quotes component's version, so a rebuilt lexicon marks older extractions stale."""

    def frame_verbs(self, frame: Frame) -> frozenset[str]:
        return self.by_frame[frame]


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon in ``path`` (``None``: the packaged ``data/cues.tsv``), read anew on
    every call (a few milliseconds, once per pipeline built), so a file edited in place
    is what the next pipeline uses. A lexicon built elsewhere measures rules on articles
    it never saw: ``bench/eval_quotes.py train --limit 200 --cues F`` with
    ``build_cues.py --skip 200``."""
    packaged = resources.files("claimledger.extract").joinpath("data/cues.tsv")
    text = (path or packaged).read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]

    def learnt(pos: str) -> frozenset[str]:
        return british(frozenset(r[0] for r in rows if len(r) == 4 and r[1] == pos))

    frames: tuple[Frame, ...] = ("clause", "object", "prep")
    by_frame = {f: (learnt(f"VERB:{f}") | NEWS_VERBS) - NOT_CUES for f in frames}
    by_frame["object"] = learnt("VERB:object") - LISTENER_OBJECT - NOT_CUES
    verbs = frozenset().union(*(learnt(f"VERB:{f}") for f in frames)) | NEWS_VERBS
    return Lexicon(verbs - NOT_CUES, by_frame, learnt("NOUN") | learnt("ADJ") | STATEMENT_NOUNS,
                   hashlib.sha256(text.encode("utf-8")).hexdigest()[:12])


_AMERICAN = (("ization", "isation"), ("ize", "ise"), ("yze", "yse"))


def british(lemmas: frozenset[str]) -> frozenset[str]:
    """The lemmas with their British spellings too: the lexicon is learnt from US text,
    and spaCy lemmatises "criticised" as "criticise", "analysed" as "analyse"."""
    spelt = {lemma[: -len(us)] + uk for lemma in lemmas for us, uk in _AMERICAN
             if lemma.endswith(us)}
    return lemmas | spelt
