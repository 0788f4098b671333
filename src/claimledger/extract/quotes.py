"""The ``claimledger.quotes.v1`` spaCy component: quotes and who asserts what."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract import extensions

VERSION = "claimledger.quotes.v1"
FACTORY = "claimledger_quotes_v1"
"""spaCy forbids dots in factory names; the factory carries the version all the same."""


class QuoteFinder:
    """Finds quotes and attributes them, and the figures, to speakers."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = ()
        return doc


@Language.factory(FACTORY)
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    extensions.register()
    return QuoteFinder()
