"""Custom ``Doc`` attributes shared by claimledger's spaCy components.

The pipeline sets ``Doc._.published`` (ISO date or ``None``) before the components
run, so relative periods ("last year") can be resolved; components write their
results to ``Doc._.figures`` and ``Doc._.quotes`` as tuples of frozen records.
"""

from __future__ import annotations

from spacy.tokens import Doc


def register() -> None:
    """Register the attributes once; safe to call from every component factory."""
    for name, default in (("published", None), ("figures", ()), ("quotes", ())):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
