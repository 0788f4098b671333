"""A document's text with its claims and quotes marked, for ``claimledger show``."""

from __future__ import annotations

from rich.text import Text

from claimledger.present.output import printable
from claimledger.records import Document, Extraction


def marked_text(doc: Document, extraction: Extraction) -> Text:
    """Figures in bold yellow, quotes in cyan, repeated runs dimmed; offsets untouched."""
    text = Text(printable(doc.text))
    for repeat in extraction.repeats:
        text.stylize("dim", *repeat.span)
    for quote in extraction.quotes:
        text.stylize("cyan", *quote.span)
        if quote.cue:
            text.stylize("italic", *quote.cue)
    for figure in extraction.figures:
        text.stylize("bold yellow", *figure.span)
    return text
