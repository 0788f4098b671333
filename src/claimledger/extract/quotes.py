"""The ``claimledger.quotes.v1`` spaCy component: quotes and who asserts what.

Quotes go to ``Doc._.quotes``; the figures already on ``Doc._.figures`` are replaced
by copies that carry the speaker and cue of the statement they sit in, found by the
same machinery (see :mod:`attribution`).
"""

from __future__ import annotations

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
COVERED = 0.5
"""An indirect statement mostly inside quotation marks is that quote, not a second one."""


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def merge(direct: list[Attribution], indirect: list[Attribution]) -> list[Attribution]:
    """Direct quotes, then indirect statements that are not the same text again."""
    kept = list(direct)
    for a in indirect:
        size = max(1, a.content[1] - a.content[0])
        if any(_overlap(a.content, d.content) >= COVERED * size for d in kept):
            continue
        kept.append(a)
    return sorted(kept, key=lambda a: a.content)


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
        doc._.figures = tuple(attribute_figure(f, everything) for f in doc._.figures)
        return doc


@Language.factory(FACTORY)
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    extensions.register()
    return QuoteFinder()
