"""Timeline charts as inline SVG, shared by the web app and the HTML report.

One implementation draws both, so a chart mailed in a report reads exactly like
the page it came from. The SVG is built server-side as text: no script runs in the
reader's browser (the web app's Content-Security-Policy forbids inline script), and
every piece of article-derived text (speaker names, surfaces) is escaped here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from claimledger.reconcile.records import ShownClaim
from claimledger.records import Bound
from claimledger.store.speakers import speaker_key

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 28, 40
INSET = 32
"""Gap between the axis and the first and last dates, so edge points and labels show whole."""
ARROW = 18
"""Length in pixels of the arrow that marks an ``at_least`` or ``at_most`` bound."""
SIDE_BY_SIDE = 12
"""Horizontal distance in pixels between points of the same publication day."""

PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d1f",
           "#332288")
"""Colour-blind-safe colours (Okabe-Ito and Tol), one per speaker, most prolific first."""
OTHER = "#777777"
CONFLICT = "#c8102e"
Scale = Callable[[float], float]
"""Data value (or day ordinal) to SVG coordinate."""


@dataclass(frozen=True, slots=True)
class Point:
    """One reported value: when it was published, what it says, who said it."""

    published: str
    value: float | None
    low: float | None
    high: float | None
    bound: Bound
    speaker: str | None
    label: str
    conflict: bool = False
    href: str | None = None


class Speakers:
    """Who said each point, one name per person however it was written ("Ms Mira
    Castell" and "Mira Castell" are one, under the form used most); a "speaker" with no
    letters (a stray ">") is nobody. Each gets a colour, most prolific first; speakers
    beyond the palette share grey (listed once as "others")."""

    def __init__(self, points: Sequence[Point]) -> None:
        forms: dict[str, Counter[str]] = {}
        for p in points:
            key = speaker_key(p.speaker)
            if key and p.speaker:
                forms.setdefault(key, Counter())[p.speaker] += 1
        self.names = {k: c.most_common(1)[0][0] for k, c in forms.items()}
        counts = Counter(self.of(p) for p in points)
        ranked = sorted(counts, key=lambda s: (-counts[s], s))
        self.colours = {s: PALETTE[i] if i < len(PALETTE) else OTHER
                        for i, s in enumerate(ranked)}

    def of(self, point: Point) -> str:
        return self.names.get(speaker_key(point.speaker) or "", "unattributed")


LOG_SPAN = 100.0
"""Values whose largest is this many times their smallest (all above zero) are drawn
on a logarithmic axis: a linear one would crush the small ones onto zero."""


@dataclass(frozen=True, slots=True)
class Axis:
    """The value axis: linear from zero, or logarithmic over powers of ten."""

    low: float
    high: float
    log: bool

    @classmethod
    def fit(cls, values: list[float]) -> Axis:
        least, most = min(values), max(values)
        if least > 0 and most / least >= LOG_SPAN:
            return cls(10 ** math.floor(math.log10(least)), 10 ** math.ceil(math.log10(most)),
                       True)
        low = min(0.0, least)
        high = most * 1.15 if most > 0 else (most * 0.85 if most < 0 else 1.0)
        return cls(low, high if high > low else low + 1, False)

    def share(self, value: float) -> float:
        """Where ``value`` lies from the bottom (0) to the top (1), clamped to the axis."""
        if self.log:
            value = max(value, self.low)
            place = (math.log10(value) - math.log10(self.low)) / (
                math.log10(self.high) - math.log10(self.low))
        else:
            place = (value - self.low) / (self.high - self.low)
        return min(1.0, max(0.0, place))

    def ticks(self) -> list[float]:
        if self.log:
            first, last = round(math.log10(self.low)), round(math.log10(self.high))
            step = max(1, (last - first) // 5)
            return [10.0 ** e for e in range(first, last + 1, step)]
        return _ticks(self.low, self.high)


def timeline(points: Sequence[Point], title: str, unit: str | None = None) -> Markup:
    """The values of ``points`` over their publication dates, as one ``<svg>`` element
    with its legend and a note of what could not be drawn.

    Every mark lies inside the plot: the value axis spans every value (logarithmic when
    they span orders of magnitude), arrows and whiskers are cut at its edges, and
    points of one day share that day's slot instead of spilling past their
    neighbours. Points without a date or a value cannot be placed; the note counts
    them (the caller's table still lists them).
    """
    placed = [p for p in points if _day(p.published) is not None and _extent(p)]
    left_out = len(points) - len(placed)
    if not placed:
        return Markup('<p class="chart-empty">No dated values to chart'
                      f'{_left_out(left_out)}.</p>')
    days = [_day(p.published) or 0 for p in placed]
    axis = Axis.fit([v for p in placed for v in _extent(p)])
    x0, x1 = min(days), max(days)
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT - 2 * INSET, HEIGHT - TOP - BOTTOM

    def x(day: float) -> float:
        return LEFT + INSET + (day - x0) / (x1 - x0) * plot_w

    def y(value: float) -> float:
        return TOP + (1 - axis.share(value)) * plot_h

    speakers = Speakers(placed)
    unit_text = f" ({unit})" if unit else ""
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        *_axes(x0, x1, axis, x, y),
        f'<text class="axis-title" x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">'
        f'{escape(title + unit_text)}{" · log scale" if axis.log else ""}</text>',
        f'<text class="axis-title" x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}" '
        f'y="{HEIGHT - 4}" text-anchor="middle">publication date</text>',
    ]
    per_day, seen = Counter(days), Counter[int]()
    slot = plot_w / max(1, len(per_day)) * 0.8  # a day's points share its slot
    for point, day in zip(placed, days, strict=True):
        gap = min(SIDE_BY_SIDE, slot / max(1, per_day[day]))
        spread = (seen[day] - (per_day[day] - 1) / 2) * gap
        seen[day] += 1
        cx = min(WIDTH - RIGHT - 6, max(LEFT + 6, x(day) + spread))
        parts.append(_mark(point, cx, y, speakers))
    parts.append("</svg>")
    note = (f'<p class="chart-note">{_count(len(placed), "claim")} charted'
            f'{_left_out(left_out)}.</p>')
    return Markup("".join(parts)) + _legend(speakers.colours) + Markup(note)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _left_out(n: int) -> str:
    return f"; {_count(n, 'claim')} without a date or value not charted" if n else ""


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _extent(p: Point) -> list[float]:
    return [v for v in (p.value, p.low, p.high) if v is not None]


def _axes(x0: int, x1: int, axis: Axis, x: Scale, y: Scale) -> list[str]:
    out = [f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
           f'y2="{HEIGHT - BOTTOM}"/>',
           f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>']
    for value in axis.ticks():
        ty = y(value)
        out.append(f'<line class="grid" x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" '
                   f'y2="{ty:.1f}"/><text class="tick" x="{LEFT - 6}" y="{ty + 4:.1f}" '
                   f'text-anchor="end">{_short(value)}</text>')
    for day in sorted({x0, (x0 + x1) // 2, x1}):
        out.append(f'<text class="tick" x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                   f'text-anchor="middle">{date.fromordinal(day).isoformat()}</text>')
    return out


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) between ``low`` and ``high``."""
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(count + 3) if low <= first + i * step <= high]


def _short(value: float) -> str:
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _mark(p: Point, cx: float, y: Scale, speakers: Speakers) -> str:
    """A point drawn by its bound: a whisker for a range, an arrow for a one-sided bound
    (cut at the plot's edge). The reading is in its ``<title>`` and, for keyboards and
    touch screens, in a label shown while the mark has focus (Tab, or a tap)."""
    colour = speakers.colours[speakers.of(p)]
    centre = p.value if p.value is not None else ((p.low or 0) + (p.high or 0)) / 2
    cy = y(centre)
    shapes = []
    ends = p.bound == "range" or (p.bound == "approx" and p.value is None)  # "about 30-40"
    if ends and p.low is not None and p.high is not None:
        top, bottom = y(p.high), y(p.low)
        shapes.append(f'<line class="whisker" x1="{cx:.1f}" y1="{top:.1f}" x2="{cx:.1f}" '
                      f'y2="{bottom:.1f}" stroke="{colour}"/>'
                      f'<line class="whisker" x1="{cx - 5:.1f}" y1="{top:.1f}" x2="{cx + 5:.1f}" '
                      f'y2="{top:.1f}" stroke="{colour}"/>'
                      f'<line class="whisker" x1="{cx - 5:.1f}" y1="{bottom:.1f}" '
                      f'x2="{cx + 5:.1f}" y2="{bottom:.1f}" stroke="{colour}"/>')
    elif p.bound in ("at_least", "at_most"):
        up = p.bound == "at_least"
        tip = max(TOP, cy - ARROW) if up else min(HEIGHT - BOTTOM, cy + ARROW)
        head = 5 if up else -5
        shapes.append(f'<path class="arrow {p.bound}" d="M{cx:.1f},{cy:.1f} L{cx:.1f},{tip:.1f} '
                      f'M{cx - 4:.1f},{tip + head:.1f} L{cx:.1f},{tip:.1f} L{cx + 4:.1f},'
                      f'{tip + head:.1f}" stroke="{colour}" fill="none"/>')
    hollow = p.bound in ("approx", "vague")
    fill = "white" if hollow else colour
    dash = ' stroke-dasharray="2 2"' if p.bound == "vague" else ""
    shapes.append(f'<circle class="dot {p.bound}" cx="{cx:.1f}" cy="{cy:.1f}" r="5" '
                  f'fill="{fill}" stroke="{colour}" stroke-width="2"{dash}/>')
    if p.conflict:
        shapes.append(f'<circle class="conflict" cx="{cx:.1f}" cy="{cy:.1f}" r="10" '
                      f'fill="none" stroke="{CONFLICT}" stroke-width="2"/>')
    bound = p.bound.replace("_", " ")
    reading = f"{p.label} ({bound}) · {speakers.of(p)} · {p.published[:10]}" + (
        " · in conflict" if p.conflict else "")
    right_half = cx > WIDTH / 2
    label_y = cy - 14 if cy - 14 > TOP + 8 else cy + 22
    shapes.append(f'<text class="reading" x="{cx + (-10 if right_half else 10):.1f}" '
                  f'y="{label_y:.1f}" text-anchor="{"end" if right_half else "start"}">'
                  f'{escape(reading)}</text>')
    body = f"<title>{escape(reading)}</title>{''.join(shapes)}"
    if p.href:
        return f'<a class="mark" href="{escape(p.href)}">{body}</a>'
    return f'<g class="mark" tabindex="0">{body}</g>'


def _legend(colours: dict[str, str]) -> Markup:
    """Speakers and their colours, then what each mark shape means, as HTML under the chart."""
    shown = [(s, c) for s, c in colours.items() if c != OTHER]
    others = len(colours) - len(shown)
    items = "".join(f"<li>{_swatch(c)}{escape(s)}</li>" for s, c in shown)
    if others:
        items += f"<li>{_swatch(OTHER)}{others} others</li>"
    return Markup(
        f'<ul class="legend">{items}</ul><p class="legend-key">● exact · ○ approximate · '
        "↑ at least · ↓ at most · ┬┴ range · dashed ○ vague · "
        f'<span class="conflict-key">◯</span> in conflict</p>')


def _swatch(colour: str) -> str:
    """A colour square as SVG: a ``style`` attribute would be blocked by the page's CSP."""
    return (f'<svg class="swatch" width="12" height="12" aria-hidden="true">'
            f'<rect width="12" height="12" fill="{colour}"/></svg>')


def claim_points(claims: Iterable[ShownClaim], conflicted: set[str],
                 link: bool) -> list[Point]:
    """Chart points for a measure's claims, at the amounts compared (one measure, one
    unit); ``link`` points each mark at its document span."""
    return [Point(published=c.published or "", value=c.amount, low=c.amount_low,
                  high=c.amount_high, bound=c.bound, speaker=c.speaker, label=c.surface,
                  conflict=c.id in conflicted,
                  href=f"/documents/{c.document_id}#{c.id}" if link else None)
            for c in claims]
