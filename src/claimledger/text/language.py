"""Language identification with py3langid (offline, no model download)."""

from __future__ import annotations

import py3langid

SAMPLE_CHARS = 1_500
MIN_LETTERS = 20


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when too little text."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)
