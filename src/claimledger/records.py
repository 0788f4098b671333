"""Typed records that cross module boundaries.

Every record is frozen and carries character offsets into ``Document.text``, so a
figure or a quote can always be traced back to the exact characters it came from.
The JSON contract (``claimledger.extract/2``) is a direct rendering of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Offsets = tuple[int, int]
"""A half-open ``[start, end)`` character range into a document's text."""

Bound = Literal["exact", "approx", "at_least", "at_most", "range", "vague"]
Trend = Literal["up", "down"]
FigureKind = Literal["count", "money", "percent", "measurement", "age", "duration", "ratio", "date"]
QuoteKind = Literal["direct", "indirect", "partial"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who asserts a figure or a quote.

    ``name`` is the resolved name ("Anna Skorokhod"), or for an unnamed source the
    source as written ("military officials", with ``anonymous`` set). ``mention``
    is the span of the mention in the sentence that carries the claim: the pronoun
    itself when the speaker is referred to as "she".
    """

    name: str | None
    role: str | None
    mention: Offsets
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Period:
    """The time a figure refers to: the words, and ISO dates when resolvable."""

    text: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What a figure is about, as lemmas read from its parse at extraction: the noun it
    counts (through "the number of"), the words narrowing that noun, and the event the
    clause ties it to ("10 people were killed": people, (), kill). Reconciliation maps
    these through a vocabulary to measures, so it never parses text itself."""

    thing: str | None = None
    modifiers: tuple[str, ...] = ()
    event: str | None = None
    about: str | None = None
    """The name the figure is said of, when it is not the counted thing itself: the
    subject of its clause ("Dollar Baby has seven nominations"), the owner of the
    counted noun ("Channel 4's share") or a name it is "of" or "in" ("shares in Cairn")."""


@dataclass(frozen=True, slots=True)
class Amount:
    """A figure's number in the unit figures are compared in: "19 cents" is 0.19 USD,
    "68p" 0.68 GBP. The figure itself keeps the number and unit as printed."""

    value: float | None
    low: float | None
    high: float | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class Figure:
    """One numeric claim as read from the text: ``value``, ``low``, ``high`` and
    ``unit`` as stated ("19 cents": 19, cent), ``amount`` normalised for comparing when
    it differs (see :meth:`compared`). A change ("from 27 to 25") keeps its last value
    in ``value``, both ends in ``low``/``high`` and its direction in ``trend``."""

    span: Offsets
    surface: str
    value: float | None
    bound: Bound
    kind: FigureKind
    sentence: Offsets
    low: float | None = None
    high: float | None = None
    trend: Trend | None = None
    unit: str | None = None
    counted: str | None = None
    predicate: str | None = None
    period: Period | None = None
    place: str | None = None
    speaker: Speaker | None = None
    cue: Offsets | None = None
    reading: Reading = Reading()
    amount: Amount | None = None

    def compared(self) -> Amount:
        """The amount reconciliation compares: ``amount``, else the figure as stated."""
        return self.amount or Amount(self.value, self.low, self.high, self.unit)


def kept_amount(compared: Amount, stated: Amount) -> Amount | None:
    """A figure's ``amount`` read back from where ``compared()`` was written (a ledger
    row, the contract): ``None`` when it is the figure as stated, so a figure written
    and read back is the figure that was written."""
    return None if compared in (stated, Amount(None, None, None, None)) else compared


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution: a direct, indirect or partial quote and who said it.

    A statement that holds quoted words by the same speaker ("she said the plan would
    “cost jobs”") is one quote; ``quoted`` keeps the spans inside quotation marks."""

    span: Offsets
    kind: QuoteKind
    speaker: Speaker | None = None
    cue: Offsets | None = None
    quoted: tuple[Offsets, ...] = ()
    rule: str | None = None
    """The attribution rule that found the speaker and cue (see ``docs/quotes.md``);
    ``None`` for rows stored before rules had names."""


@dataclass(frozen=True, slots=True)
class Repeat:
    """A run of text that repeats an earlier run of the same document."""

    span: Offsets
    copy_of: Offsets


@dataclass(frozen=True, slots=True)
class Article:
    """An input article before extraction: decoded text and what is known about it.

    ``source`` names where it came from (a path, ``path#line``, ``path#record``, a
    URL or ``<stdin>``); unknown metadata stays ``None``.
    """

    source: str
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A stored article: its text as published, what is known of it, and its id.

    ``id`` is derived from the text alone, so the same text ingested twice is one
    document; ``previous_id`` links a changed text at a known URL to its last version.
    """

    id: str
    source: str
    text: str
    language: str | None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    previous_id: str | None = None
    ingested_at: str | None = None
    published_from: str | None = None
    """Where ``published`` came from: ``given`` (the page's metadata, a sidecar or the
    user), ``url`` (a date in the address) or ``text`` (a date line under the headline);
    ``unusable`` when a date was given that could not be read or lies outside 1800-2100
    ("9999-12-31"), and none was found elsewhere."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become a document, and why.

    ``reason`` is a short stable code (``empty``, ``binary``, ``too_large``, ...);
    ``detail`` is the one-line message shown to the user.
    """

    source: str
    reason: str
    detail: str
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    language: str | None
    repeats: tuple[Repeat, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    skipped: str | None = None
    """Why extraction did not run (for example ``language:de``), else ``None``."""
    versions: dict[str, str] = field(default_factory=dict)
    """Component name to version for every component that produced rows."""
