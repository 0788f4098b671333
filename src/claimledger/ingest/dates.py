"""Publication dates as ISO 8601, whatever shape the input gives them in."""

from __future__ import annotations

import dateparser


def iso_date(value: str | None) -> str | None:
    """``"12 Oct 2025"``, ``"2025-10-12T08:00:00Z"`` -> ``"2025-10-12"``; unparseable -> None."""
    if not value or not value.strip():
        return None
    parsed = dateparser.parse(
        value.strip()[:100], languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date().isoformat() if parsed else None
