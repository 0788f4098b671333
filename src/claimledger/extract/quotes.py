"""The ``claimledger.quotes.v1`` spaCy component: quotes and who asserts what.

Quotes go to ``Doc._.quotes``; the figures already on ``Doc._.figures`` are replaced
by copies that carry the speaker and cue of the statement they sit in, found by the
same machinery (see :mod:`attribution`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract import extensions
from claimledger.extract.attribution import Attribution, Attributor
from claimledger.extract.quote_marks import find_marked
from claimledger.records import Figure, Quote

VERSION = "claimledger.quotes.v1"
FACTORY = "claimledger_quotes_v1"
"""spaCy forbids dots in factory names; the factory carries the version all the same."""
COVERED = 0.8
"""An indirect statement mostly inside quotation marks is that quote, not a second one;
"he says he respects her and calls her “a leader”" is two."""


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
                direct[i] = replace(direct[i], speaker=a.speaker, cue=a.cue)
        if quoted or any(_same(a, o) for o in open_):
            continue
        kept.append(a)
        open_.append(a)
    return sorted(direct + kept, key=lambda a: a.content)


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

    def __call__(self, doc: Doc) -> Doc:
        marked = find_marked(doc.text)
        attributor = Attributor(doc, marked)
        indirect = attributor.indirect()
        direct = attributor.direct(indirect)
        doc._.quotes = tuple(
            Quote(a.content, a.kind, a.speaker, a.cue) for a in merge(direct, indirect)
        )
        everything = direct + indirect
        doc._.figures = attribute_figures(doc._.figures, everything)
        return doc


@Language.factory(FACTORY)
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    extensions.register()
    return QuoteFinder()
