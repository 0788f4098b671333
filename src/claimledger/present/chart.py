"""Timeline charts as inline SVG, shared by the web app and the HTML report.

One implementation draws both, so a chart mailed in a report reads exactly like
the page it came from. The SVG is built server-side as text: no script runs in the
reader's browser (the web app's Content-Security-Policy forbids inline script), and
every piece of article-derived text (speaker names, surfaces) is escaped here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from claimledger.reconcile.records import ClaimRef
from claimledger.records import Bound

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


def speaker_colours(points: Sequence[Point]) -> dict[str, str]:
    """Speaker to colour; speakers beyond the palette share grey (listed once as "others")."""
    counts: dict[str, int] = {}
    for p in points:
        counts[_who(p)] = counts.get(_who(p), 0) + 1
    ranked = sorted(counts, key=lambda s: (-counts[s], s))
    return {s: PALETTE[i] if i < len(PALETTE) else OTHER for i, s in enumerate(ranked)}


def timeline(points: Sequence[Point], title: str) -> Markup:
    """The values of ``points`` over their publication dates, as one ``<svg>`` element.

    Points without a date or any value cannot be placed and are left out; the
    caller's table still lists them.
    """
    placed = [p for p in points if _day(p.published) is not None and _extent(p)]
    if not placed:
        return Markup('<p class="chart-empty">No dated values to chart.</p>')
    days = [_day(p.published) or 0 for p in placed]
    values = [v for p in placed for v in _extent(p)]
    x0, x1 = min(days), max(days)
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    y0, y1 = min(0.0, min(values)), max(values) * 1.2 or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT - 2 * INSET, HEIGHT - TOP - BOTTOM

    def x(day: float) -> float:
        return LEFT + INSET + (day - x0) / (x1 - x0) * plot_w

    def y(value: float) -> float:
        return TOP + (1 - (value - y0) / (y1 - y0)) * plot_h

    colours = speaker_colours(placed)
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        *_axes(x0, x1, y0, y1, x, y),
    ]
    per_day, seen = Counter(days), Counter[int]()
    for point, day in zip(placed, days, strict=True):
        # Points published the same day sit side by side instead of on top of each other.
        spread = (seen[day] - (per_day[day] - 1) / 2) * SIDE_BY_SIDE
        seen[day] += 1
        parts.append(_mark(point, x(day) + spread, y, colours[_who(point)]))
    parts.append("</svg>")
    return Markup("".join(parts)) + _legend(colours)


def _who(point: Point) -> str:
    return point.speaker or "unattributed"


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _extent(p: Point) -> list[float]:
    return [v for v in (p.value, p.low, p.high) if v is not None]


def _axes(x0: int, x1: int, y0: float, y1: float, x: Scale, y: Scale) -> list[str]:
    out = [f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
           f'y2="{HEIGHT - BOTTOM}"/>',
           f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>']
    for value in _ticks(y0, y1):
        ty = y(value)
        out.append(f'<line class="grid" x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" '
                   f'y2="{ty:.1f}"/><text class="tick" x="{LEFT - 6}" y="{ty + 4:.1f}" '
                   f'text-anchor="end">{_short(value)}</text>')
    for day in sorted({x0, (x0 + x1) // 2, x1}):
        out.append(f'<text class="tick" x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                   f'text-anchor="middle">{date.fromordinal(day).isoformat()}</text>')
    return out


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) between ``low`` and ``high``."""
    span = high - low
    raw = span / count
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = int(low // step) * step
    return [first + i * step for i in range(count + 2) if low <= first + i * step <= high]


def _short(value: float) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _mark(p: Point, cx: float, y: Scale, colour: str) -> str:
    """A point drawn by its bound: a whisker for a range, an arrow for a one-sided bound."""
    centre = p.value if p.value is not None else ((p.low or 0) + (p.high or 0)) / 2
    cy = y(centre)
    shapes = []
    if p.bound == "range" and p.low is not None and p.high is not None:
        top, bottom = y(p.high), y(p.low)
        shapes.append(f'<line class="whisker" x1="{cx:.1f}" y1="{top:.1f}" x2="{cx:.1f}" '
                      f'y2="{bottom:.1f}" stroke="{colour}"/>'
                      f'<line class="whisker" x1="{cx - 5:.1f}" y1="{top:.1f}" x2="{cx + 5:.1f}" '
                      f'y2="{top:.1f}" stroke="{colour}"/>'
                      f'<line class="whisker" x1="{cx - 5:.1f}" y1="{bottom:.1f}" '
                      f'x2="{cx + 5:.1f}" y2="{bottom:.1f}" stroke="{colour}"/>')
    elif p.bound in ("at_least", "at_most"):
        tip = cy - ARROW if p.bound == "at_least" else cy + ARROW
        head = 5 if p.bound == "at_least" else -5
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
    tip_text = f"{p.label} ({bound}) · {_who(p)} · {p.published[:10]}" + (
        " · in conflict" if p.conflict else "")
    body = f"<title>{escape(tip_text)}</title>{''.join(shapes)}"
    if p.href:
        return f'<a class="mark" href="{escape(p.href)}">{body}</a>'
    return f'<g class="mark">{body}</g>'


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


def claim_points(claims: Iterable[ClaimRef], conflicted: set[str], link: bool) -> list[Point]:
    """Chart points for a measure's claims; ``link`` points each mark at its document span."""
    return [Point(published=c.published or "", value=c.value, low=c.low, high=c.high,
                  bound=c.bound, speaker=c.speaker, label=c.surface,
                  conflict=c.claim_id in conflicted,
                  href=f"/documents/{c.document_id}#{c.claim_id}" if link else None)
            for c in claims]
