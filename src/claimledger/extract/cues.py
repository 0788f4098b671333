"""The reporting-cue lexicon: which lemmas introduce what someone asserted.

The bulk comes from data: ``data/cues.tsv`` holds the verb, noun and adjective lemmas that
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
STANCE_VERBS = frozenset({"want", "know", "vote"})
"""What someone wants, knows or voted for is their stated position ("wants to close
the border", "voted for the bill"). These are cues in under a quarter of their uses,
so the lexicon leaves them out, but with a content clause or object they are
attributions: on the first 200 PolNeAR train articles (``bench/eval_quotes.py
train --limit 200``), adding them raised F1@30 0.796 -> 0.801 (P 0.906 -> 0.901,
R 0.709 -> 0.722)."""
NOT_CUES = frozenset({"look", "continue", "release"})
"""Frequent in PolNeAR cues ("looked at") but mostly not reporting anything."""


LISTENER_OBJECT = frozenset({"tell", "ask"})
"""Their object is the listener ("told him"), never the statement. The object of
"say" is what was said ("said yes", "said the same thing")."""
OBJECT_CUE_RATE = 0.25
"""A verb whose object is its content ("declared an amnesty") must be a cue at least
this often in train; "found a solution" and "paints a picture" mostly are not."""


@cache
def cue_verbs() -> frozenset[str]:
    """Verb lemmas that introduce reported speech or belief."""
    return (_lexicon("VERB") | NEWS_VERBS | STANCE_VERBS) - NOT_CUES


@cache
def object_cue_verbs() -> frozenset[str]:
    """Cue verbs whose bare object is what was asserted: "backs the treaty", "denied
    the report". Only the learnt ones (cues in at least a quarter of their train
    uses): on the first 200 PolNeAR train articles (``bench/eval_quotes.py
    train --limit 200``), asking for half as many again (0.35) lost more
    endorsements and findings than it saved false statements (F1 0.774 vs 0.788)."""
    return _lexicon("VERB") - LISTENER_OBJECT


@cache
def cue_words() -> frozenset[str]:
    """Nouns and adjectives that take a reported clause: "the claim that", "confident that"."""
    return _lexicon("NOUN") | _lexicon("ADJ")


def _lexicon(pos: str) -> frozenset[str]:
    """The learnt cue lemmas of one part of speech."""
    text = resources.files("claimledger.extract").joinpath("data/cues.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if not line.startswith("#"))
    return frozenset(r[0] for r in rows if len(r) == 4 and r[1] == pos)
