"""Builders for reconciliation tests: claims placed in short texts written for the tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claimledger.reconcile.claims import StoredClaim, contexts
from claimledger.reconcile.measures import Assignment, assign


def _stored(text: str, surface: str, value: float | None, *, doc: str = "d1", order: int = 1,
           **fields: Any) -> StoredClaim:
    """A claim on the first occurrence of ``surface`` in ``text`` (one sentence)."""
    start = text.index(surface)
    base: dict[str, Any] = dict(
        id=f"c-{doc}-{start}", document_id=doc, document_order=order, published=None,
        title=None, start=start, end=start + len(surface), sentence=(0, len(text)),
        surface=surface, value=value, low=None, high=None, bound="exact", unit=None,
        kind="count", counted=None, predicate=None, period_text=None, period_start=None,
        period_end=None, place=None, speaker=None, speaker_key=None)
    base.update(fields)
    return StoredClaim(**base)


@pytest.fixture
def stored() -> Callable[..., StoredClaim]:
    return _stored


@pytest.fixture
def place() -> Callable[..., Assignment]:
    """Place one claim on its measure; a claim left without one fails the test."""
    def build(text: str, surface: str, value: float | None, **fields: Any) -> Assignment:
        claim = _stored(text, surface, value, **fields)
        placed = assign([claim], contexts(text, [claim]))
        assert placed, f"{surface!r} got no measure"
        return placed[0]
    return build
