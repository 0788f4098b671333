"""Where each figure first appeared, who else said it, and what merely repeated it.

A figure is one value on one measure. Its appearances are ordered by publication
date (undated documents after dated ones), then ingest order, then attributed
before unattributed within a document. The first is the
origin. A later appearance is an echo when its document is a near-copy of a
document that already carried the figure, when it has no speaker (a figure
repeated without naming a source), or when its speaker already stated it;
otherwise it is a new, independent source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from claimledger.reconcile.measures import Assignment
from claimledger.reconcile.records import Role

_WHERE = re.compile(r"\s+(?:in|from|at)\s+.*$")
NOT_SOURCES = frozenset(("figures", "data", "statistics", "numbers", "estimates", "reports",
                         "the figures", "the data", "official figures", "official data"))
"""What attribution sometimes returns from "according to figures cited by X": the
evidence, not who vouches for it, so it counts as no source."""


@dataclass(frozen=True, slots=True)
class Found:
    """One appearance's place in its figure's history, as stored."""

    claim_id: str
    figure_key: str
    first_claim_id: str
    role: Role
    why: str


def source_key(speaker_key: str | None) -> str | None:
    """"military officials in kyiv" and "military officials" are one source; "figures"
    is none."""
    if speaker_key is None:
        return None
    key = _WHERE.sub("", speaker_key)
    return None if key in NOT_SOURCES else key


def order(x: Assignment) -> tuple[bool, str, int, bool, int]:
    """Date (undated last), ingest order, then within one document an attributed
    appearance before an unattributed one (the body's "Skorokhod said" before the
    headline that repeats it), then position."""
    c = x.claim
    return (c.published is None, c.published or "", c.document_order,
            source_key(c.speaker_key) is None, c.start)


def history(appearances: Iterable[Assignment], copies: set[frozenset[str]]) -> list[Found]:
    """The role of every appearance of one figure; ``copies`` holds linked document pairs."""
    ordered = sorted(appearances, key=order)
    if not ordered:
        return []
    first = ordered[0]
    found = [Found(first.claim.id, first.figure_key, first.claim.id, "origin",
                   "first appearance" + _when(first))]
    seen_docs = {first.claim.document_id}
    sources = {source_key(first.claim.speaker_key): first.claim.id}
    for x in ordered[1:]:
        role, why = _role(x, seen_docs, sources, copies)
        found.append(Found(x.claim.id, x.figure_key, first.claim.id, role, why + _when(x)))
        seen_docs.add(x.claim.document_id)
        sources.setdefault(source_key(x.claim.speaker_key), x.claim.id)
    return found


def _role(x: Assignment, seen_docs: set[str], sources: dict[str | None, str],
          copies: set[frozenset[str]]) -> tuple[Role, str]:
    doc = x.claim.document_id
    if doc in seen_docs:
        return "echo", "repeated within the same document"
    copied = sorted(d for d in seen_docs if frozenset((doc, d)) in copies)
    if copied:
        return "echo", f"document is a near-copy of {copied[0]}"
    key = source_key(x.claim.speaker_key)
    if key is None:
        return "echo", "repeated without naming a source"
    if key in sources:
        return "echo", f"re-quoted: {x.claim.speaker!r} already said it in {sources[key]}"
    return "independent", f"new source: {x.claim.speaker!r}"


def _when(x: Assignment) -> str:
    c = x.claim
    return f" (published {c.published[:10]})" if c.published else " (undated)"
