"""Normalised speaker keys that link the same person across documents."""

from __future__ import annotations

import re
import unicodedata

_HONORIFICS = re.compile(r"^(mr|mrs|ms|dr|prof|sir|dame|lord|lady)\.?\s+", re.IGNORECASE)


def speaker_key(name: str | None) -> str | None:
    """``"Dr. Anna  Skorokhod"`` and ``"anna skorokhod"`` share the key ``anna skorokhod``."""
    if not name:
        return None
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = _HONORIFICS.sub("", plain.strip())
    return re.sub(r"[^\w]+", " ", plain.casefold()).strip() or None
