"""Language identification with py3langid (offline, no model download)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 1_500
MIN_LETTERS = 20
CONFIDENT = 0.5
"""Below this probability (normalised over all languages) the language is not known:
a headline, a dateline or a line of figures ("12 C melting point.") reads as nothing
in particular, and py3langid's first guess on it is often Pidgin or Aragonese."""


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; ``None`` when too little text or no
    language is likely enough (the caller decides what an unknown language means)."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= CONFIDENT else None


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
