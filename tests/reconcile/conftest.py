"""Builders for reconciliation tests: claims placed in short texts written for the tests."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from claimledger.extract.pipeline import Extractor, Job
from claimledger.reconcile.claims import StoredClaim, contexts
from claimledger.reconcile.measures import Assignment, assign
from claimledger.records import Reading


@cache
def _extractor() -> Extractor:
    return Extractor()


def reading_at(text: str, start: int, end: int) -> tuple[Reading, str | None]:
    """The reading and trend extraction makes of the figure at ``start``-``end`` (the
    real pipeline, so a test places a claim as ingest would)."""
    for figure in _extractor().extract(Job(text, None)).figures:
        if figure.span[0] < end and start < figure.span[1]:
            return figure.reading, figure.trend
    return Reading(), None


def _stored(text: str, surface: str, value: float | None, *, doc: str = "d1", order: int = 1,
           **fields: Any) -> StoredClaim:
    """A claim on the first occurrence of ``surface`` in ``text`` (one sentence), with
    the reading extraction makes of it."""
    start = text.index(surface)
    found, trend = reading_at(text, start, start + len(surface))
    base: dict[str, Any] = dict(
        id=f"c-{doc}-{start}", document_id=doc, document_order=order, published=None,
        title=None, start=start, end=start + len(surface), sentence=(0, len(text)),
        surface=surface, value=value, low=None, high=None, bound="exact", unit=None,
        kind="count", counted=None, predicate=None, period_text=None, period_start=None,
        period_end=None, place=None, speaker=None, speaker_key=None, thing=found.thing,
        modifiers=found.modifiers, event=found.event, about=found.about, trend=trend)
    base.update(fields)
    return StoredClaim(**base)


@pytest.fixture
def stored() -> Callable[..., StoredClaim]:
    return _stored


@pytest.fixture
def place() -> Callable[..., Assignment]:
    """Place one claim on its measure; a claim left without one fails the test."""
    def build(text: str, surface: str, value: float | None, **fields: Any) -> Assignment:
        claim = _stored(text, surface, value, **{k: v for k, v in fields.items()
                                                   if k != "story"})
        placed = assign([claim], contexts(text, [claim]), fields.get("story", "story"))
        assert placed, f"{surface!r} got no measure"
        return placed[0]
    return build
