"""What reconciliation produces, as frozen records the CLI and the web app render.

These names and fields are an interface: other components read them through the
``Store`` Protocol (``measures()``, ``conflicts()``, ``checks()``, ``origins()``,
``links()``), so a field is renamed or removed only in a new package version, with a
line in ``CHANGELOG.md`` saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from claimledger.records import Bound

PeriodKind = Literal["cumulative", "window", "point", "event"]
"""``cumulative``: a running total since a date (or since an unstated start, up to
publication); ``window``: a calendar span ("the first half of 2025"); ``point``: a
single day ("on 3 March"); ``event``: no period stated, so the time of the event the
story reports ("10 killed" in a story on one quake)."""
DisagreementKind = Literal["conflict", "update"]
"""``update``: a later report revises an earlier one (a death toll rising);
``conflict``: sources disagree about the same time."""

ReviewStatus = Literal["reviewed", "confirmed", "dismissed"]
"""A person's verdict on a disagreement: looked at, confirmed as real, or dismissed as
a false alarm (with a note saying why)."""

Role = Literal["origin", "independent", "echo"]
"""A claim's place in the history of its figure: the first appearance, a later
appearance from a new source, or a repetition (a copy, or a re-quote without a new
source)."""


@dataclass(frozen=True, slots=True)
class Membership:
    """Why one claim belongs to a measure: the words that decided each key part."""

    claim_id: str
    why: str


@dataclass(frozen=True, slots=True)
class Measure:
    """Claims about the same quantity: same thing counted, same unit, same kind of period.

    ``id`` is derived from ``key`` (the normalised grouping key), never from row
    ids, so it survives re-ingest and a full rebuild.
    """

    id: str
    key: str
    label: str
    kind_of_period: PeriodKind
    unit: str | None
    claim_ids: tuple[str, ...]
    why: tuple[Membership, ...]
    story_id: str | None = None
    """The story it belongs to; ``*`` for a running total compared across stories."""


@dataclass(frozen=True, slots=True)
class ShownClaim:
    """A stored claim as a reader sees it, in a listing, an export, a disagreement or a
    chart: the figure as printed (``value``, ``low``, ``high`` in the unit printed) and
    the amount it is compared as (``amount``…, "19 cents" as 0.19 dollars), what it
    counts, who said it, and where. The one shape every read of a claim returns."""

    id: str
    document_id: str
    document_title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    surface: str
    value: float | None
    low: float | None
    high: float | None
    amount: float | None
    amount_low: float | None
    amount_high: float | None
    bound: Bound
    trend: str | None
    unit: str | None
    kind: str
    counted: str | None
    period: str | None
    place: str | None
    speaker: str | None
    speaker_key: str | None
    speaker_role: str | None
    sentence: str
    """The sentence the claim was read from, as printed."""
    figure_at: tuple[int, int]
    """Where the figure lies in ``sentence`` (offsets into it), to mark it."""


@dataclass(frozen=True, slots=True)
class Review:
    """What a reviewer said of a disagreement; kept by conflict id, so it survives
    ``reconcile`` (the id is derived from the two claims)."""

    status: ReviewStatus
    note: str
    reviewed_at: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two claims on one measure, with overlapping periods, that cannot both hold.

    ``relative_gap`` is ``|a - b| / max(|a|, |b|)`` of the stated values.
    """

    id: str
    measure_id: str
    measure_label: str
    claims: tuple[ShownClaim, ShownClaim]
    relative_gap: float
    explanation: str
    kind: DisagreementKind = "conflict"
    review: Review | None = None


@dataclass(frozen=True, slots=True)
class ConsistencyCheck:
    """A part (a shorter period, or a narrower count) against its whole."""

    id: str
    part_claim_id: str
    whole_claim_id: str
    part_measure_id: str
    whole_measure_id: str
    consistent: bool
    arithmetic: str


@dataclass(frozen=True, slots=True)
class Appearance:
    """One appearance of a figure and what it is in the figure's history."""

    claim: ShownClaim
    role: Role
    why: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a figure first came from and how often it was merely repeated.

    A figure is one value on one measure. ``independent_sources`` counts distinct
    speakers in documents that are not copies of one another (the first
    appearance counts as one even when unattributed); every other appearance is an
    echo.
    """

    claim_id: str
    measure_id: str
    value: float | None
    first_claim_id: str
    independent_sources: int
    appearances: tuple[Appearance, ...]


@dataclass(frozen=True, slots=True)
class Story:
    """Documents reporting one event, in the order they joined it.

    ``id`` is derived from the first document's id, so it survives a rebuild."""

    id: str
    label: str
    document_ids: tuple[str, ...]
    first_published: str | None
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentLink:
    """Two documents that are near-copies (syndication, light rewrites)."""

    document_id: str
    copy_of: str
    similarity: float
