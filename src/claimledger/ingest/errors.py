"""The one exception ingest raises for a bad input, turned into a ``Rejection``."""

from __future__ import annotations


class Rejected(Exception):
    """An input that cannot become an article; ``reason`` is a stable short code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
