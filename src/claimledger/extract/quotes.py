"""The ``claimledger.quotes.v6`` spaCy component: quotes and who asserts what.

Quotes go to ``Doc._.quotes``; the figures already on ``Doc._.figures`` are replaced
by copies that carry the speaker and cue of the statement they sit in, found by the
same machinery (see :mod:`attribution`).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract import extensions
from claimledger.extract.attribution import RULES, Attribution, Attributor, Rules
from claimledger.extract.cues import load_lexicon
from claimledger.extract.headlines import headlines
from claimledger.extract.quote_marks import find_marked
from claimledger.records import Figure, Quote, Speaker

VERSION = "claimledger.quotes.v6"
FACTORY = "claimledger_quotes_v6"
"""spaCy forbids dots in factory names; the factory carries the version all the same."""
COVERED = 0.8
"""An indirect statement mostly inside quotation marks is that quote, not a second one;
a quote mostly inside a statement by its speaker is part of that statement."""
MOSTLY = 0.5
"""A statement at least half of which is one direct quote is that quote."""
OBJECT_FRAMES = frozenset({"object", "prep_object", "passive_theme", "request"})
WHOLE_SENTENCE = frozenset({"according_to", "colon_label", "parenthetical", "trailing_cue",
                            "as_cue"})
"""Rules whose statement is the rest of a sentence ("According to X, ...", "X: ..."):
whatever else is reported inside it, X gives it."""


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same(a: Attribution, b: Attribution) -> bool:
    """Two readings of one statement, not a statement nested in another: "X said Y
    believes Z" keeps both X's and Y's."""
    both = _overlap(a.content, b.content)
    return both >= COVERED * max(1, a.content[1] - a.content[0]) and both >= COVERED * max(
        1, b.content[1] - b.content[0]
    )


def merge(direct: list[Attribution], indirect: list[Attribution]) -> list[Attribution]:
    """Direct quotes, then indirect statements that are not the same text again.

    A statement that is mostly one direct quote is that quote, and its cue and speaker
    win over those found beside the quote: "Issa said, “...” Bartiromo then asked"
    gives the quote to Issa, whose "said" has it as its complement in the parse.
    One sweep in text order: quotes never overlap each other, so the few a statement
    can touch are found by bisection, and only statements still open are compared.
    """
    direct = sorted(direct, key=lambda a: a.content)
    starts = [d.content[0] for d in direct]
    kept: list[Attribution] = []
    open_: list[Attribution] = []
    for a in sorted(indirect, key=lambda a: a.content):
        start, end = a.content
        need = COVERED * max(1, end - start)
        open_ = [k for k in open_ if k.content[1] > start]
        lo = hi = bisect_left(starts, end)
        while lo > 0 and direct[lo - 1].content[1] > start:
            lo -= 1
        quoted = [i for i in range(lo, hi) if _overlap(a.content, direct[i].content) >= need]
        for i in quoted:  # the verb that governs the quote in the parse says who spoke
            if a.speaker is not None and a.cue is not None:
                direct[i] = replace(direct[i], speaker=a.speaker, cue=a.cue, rule=a.rule)
        if quoted or any(_same(a, o) for o in open_):
            continue
        kept.append(a)
        open_.append(a)
    return sorted(direct + kept, key=lambda a: a.content)


def _agree(statement: Attribution, quote: Attribution) -> bool:
    """Whether a quote inside a statement is the statement's own words: the same cue,
    the same speaker, or a speaker on one side only. "X said Y called it “a farce”"
    keeps Y's quote apart."""
    if statement.cue is not None and statement.cue == quote.cue:
        return True
    a, b = statement.speaker, quote.speaker
    if a is None or b is None:
        return True
    return (a.name or "").lower() == (b.name or "").lower() and a.name is not None


def drop_echoes(doc: Doc, rows: list[Attribution]) -> list[Attribution]:
    """Statements inside another row that add no attribution of their own: a bare noun
    phrase ("asked a donor for [money]", "attacking [Cruz]": the verb acts, it does not
    report), or a clause by the same speaker ("he said he [planned to run]"). A report
    of someone else's words stays ("X said [Y believes Z]"), except inside a
    whole-sentence attribution ("According to X, [Y said Z]"), and an object-frame row
    inside another statement is part of it ("X said farmers [want to build a bridge]").
    One sweep by start."""
    kept: list[Attribution] = []
    open_: list[Attribution] = []
    for row in sorted(rows, key=lambda a: (a.content[0], -a.content[1])):
        start, end = row.content
        open_ = [o for o in open_ if o.content[1] > start]
        outer = [o for o in open_ if end <= o.content[1] and o.content != row.content]
        if not (row.kind == "indirect" and outer and _echoes(doc, row, outer)):
            kept.append(row)
        open_.append(row)
    return sorted(kept, key=lambda a: a.content)


def _echoes(doc: Doc, row: Attribution, outer: list[Attribution]) -> bool:
    if row.rule in OBJECT_FRAMES and any(o.rule not in OBJECT_FRAMES for o in outer):
        return True
    if any(o.rule in WHOLE_SENTENCE for o in outer):
        return True
    span = doc.char_span(*row.content, alignment_mode="expand")
    if span is None or not any(t.pos_ in ("VERB", "AUX") for t in span):
        return True
    return row.speaker is None or any(_same_speaker(o.speaker, row.speaker) for o in outer)


def _words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a word (not only marks and spaces)."""
    return any(ch.isalnum() for ch in text[start:end])


def absorb(rows: list[Attribution], text: str) -> list[Attribution]:
    """One row per attribution: a quote lying in a statement by the same speaker
    becomes part of it (the content covers both, the quote's span is kept in
    ``quoted``). A statement that is mostly the quote and starts with it is the quote.
    Rows come sorted by content; statements still open are swept once."""
    by_start = sorted(range(len(rows)), key=lambda i: rows[i].content)
    statements = [i for i in by_start if rows[i].kind == "indirect"]
    taken: set[int] = set()
    grown: dict[int, Attribution] = {}
    j = 0
    open_: list[int] = []
    for i in (i for i in by_start if rows[i].kind != "indirect"):
        q = rows[i]
        while j < len(statements) and rows[statements[j]].content[0] <= q.content[1]:
            open_.append(statements[j])
            j += 1
        open_ = [k for k in open_ if rows[k].content[1] > q.content[0]]
        need = COVERED * max(1, q.content[1] - q.content[0])
        holders = [k for k in open_ if _overlap(rows[k].content, q.content) >= need
                   and _agree(rows[k], q)]
        if not holders:
            continue
        k = max(holders, key=lambda k: rows[k].content[1] - rows[k].content[0])
        s = grown.get(k, rows[k])
        speaker, cue = s.speaker or q.speaker, s.cue or q.cue
        rule = s.rule if s.speaker else q.rule
        if q.kind == "direct" and not s.quoted and not _words(text, s.content[0], q.content[0]) \
                and _overlap(s.content, q.content) >= MOSTLY * (s.content[1] - s.content[0]):
            # "said, “The dikes will hold,” before the council voted": the quote is
            # what was said; the parse's clause runs on into the reporter's words.
            # Words of the statement before the quote are part of what was said: "said
            # voters deserve “a straight answer on the dikes”" keeps "voters deserve"
            grown[k] = replace(q, speaker=speaker, cue=cue, rule=rule)
        else:
            grown[k] = replace(
                s, content=(min(s.content[0], q.content[0]), max(s.content[1], q.content[1])),
                quoted=(*s.quoted, q.content), speaker=speaker, cue=cue, rule=rule)
        taken.add(i)
    kept = [grown.get(i, a) for i, a in enumerate(rows) if i not in taken]
    return sorted(kept, key=lambda a: a.content)


def join_runs(rows: list[Attribution], text: str) -> list[Attribution]:
    """One attribution per cue and speaker in a paragraph: "“A,” she said. “B.”" is one
    row, its content from A to B and both quoted, and so is a statement and the quote
    beside it that its cue reports too ("said that Mr. Clinton would be “in charge of
    the economy”"); a quote that goes on, with no cue of its own, in the same paragraph
    joins the row before it."""
    out: list[Attribution] = []
    for a in rows:
        last = out[-1] if out else None
        if last is None or not _same_speaker(a.speaker, last.speaker) \
                or "\n" in text[last.content[1] : a.content[0]]:
            out.append(a)
            continue
        same_cue = a.cue is not None and a.cue == last.cue
        goes_on = a.kind == "direct" and a.cue is None and a.speaker is not None
        if same_cue or goes_on:
            out[-1] = replace(last, content=(last.content[0], max(last.content[1], a.content[1])),
                              kind=last.kind if last.kind == a.kind else "indirect",
                              quoted=(*_quoted(last), *_quoted(a)))
            continue
        out.append(a)
    return out


def _quoted(a: Attribution) -> tuple[tuple[int, int], ...]:
    """The spans inside quotation marks of a row: a direct quote's all of it."""
    return a.quoted or ((a.content,) if a.kind != "indirect" else ())


def _same_speaker(a: Speaker | None, b: Speaker | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.name == b.name)


def attribute_figures(
    figures: tuple[Figure, ...], attributions: list[Attribution]
) -> tuple[Figure, ...]:
    """Every figure with its speaker, in one sweep over statements sorted by start."""
    statements = sorted((a for a in attributions if a.speaker), key=lambda a: a.content)
    placed = list(figures)
    open_: list[Attribution] = []
    j = 0
    for n in sorted(range(len(figures)), key=lambda n: figures[n].span):
        start = figures[n].span[0]
        while j < len(statements) and statements[j].content[0] <= start:
            open_.append(statements[j])
            j += 1
        open_ = [a for a in open_ if a.content[1] > start]
        placed[n] = attribute_figure(figures[n], open_)
    return tuple(placed)


def attribute_figure(figure: Figure, attributions: list[Attribution]) -> Figure:
    """The speaker of the outermost statement that holds the figure, if any.

    Outermost, so in "Boiko reported that the authorities had filed 107,000 cases"
    the reporter is the speaker, not whoever the report cites.
    """
    start, end = figure.span
    holders = [
        a
        for a in attributions
        if a.speaker is not None and a.content[0] <= start and end <= a.content[1]
    ]
    if not holders:
        return figure
    best = max(holders, key=lambda a: a.content[1] - a.content[0])
    return replace(figure, speaker=best.speaker, cue=best.cue)


class QuoteFinder:
    """Finds quotes and attributes them, and the figures, to speakers."""

    def __init__(self, rules: Rules, nlp: Language | None = None) -> None:
        self.rules = rules
        self.nlp = nlp
        """The pipeline whose parsing pipes read headlines again (``None``: they are not)."""
        self.version = version(rules)

    def __call__(self, doc: Doc) -> Doc:
        marked = find_marked(doc.text)
        attributor = Attributor(doc, marked, self.rules)
        indirect = attributor.indirect()
        direct = attributor.direct(indirect)
        rows = drop_echoes(doc, join_runs(absorb(merge(direct, indirect), doc.text), doc.text))
        if self.nlp is not None and "headline" in self.rules.order:
            rows = headlines(doc, rows, self.nlp, self.rules)
        doc._.quotes = tuple(Quote(a.content, a.kind, a.speaker, a.cue, a.quoted, a.rule)
                             for a in rows)
        everything = direct + indirect
        doc._.figures = attribute_figures(doc._.figures, everything)
        return doc


def version(rules: Rules) -> str:
    """The component's version with ``rules``: the code's, the cue lexicon's digest, and
    the rules run when they are not all of them in the default order. Any of them
    changes the output for the same input, so each marks older extractions stale."""
    parts = [VERSION, f"cues.{rules.lexicon.digest}"]
    if rules.order != tuple(RULES):
        parts.append("rules." + hashlib.sha256(",".join(rules.order).encode()).hexdigest()[:8])
    return "+".join(parts)


@Language.factory(FACTORY, default_config={"rules": list(RULES), "cues": None})
def make_quotes(nlp: Language, name: str, rules: list[str], cues: str | None) -> QuoteFinder:
    """``rules``: the attribution rules that run, quote finders tried in this order
    (:data:`~claimledger.extract.attribution.RULES`); ``cues``: a cue lexicon file in
    the format of the packaged ``data/cues.tsv`` (``None``: that one)."""
    extensions.register()
    return QuoteFinder(Rules(load_lexicon(Path(cues) if cues else None), tuple(rules)), nlp)
