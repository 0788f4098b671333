"""A document's text as HTML with its figures and quotes marked at their exact spans.

The text is hostile input, so the HTML is built by slicing it at span offsets and
escaping every slice; markup is only ever added by this module, never taken from
the text. Spans may nest (a figure inside a quote) or cross (a quote that starts
inside another); crossing spans are closed and reopened around the boundary, so
the output is always well-formed and each piece keeps its reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from markupsafe import Markup

from claimledger.contract import item_id
from claimledger.records import Document, Extraction, Figure, Quote, Speaker
from claimledger.store.speakers import speaker_key

MAX_SHOWN_CHARS = 2_000_000
"""Text beyond this is not rendered: a page must stay loadable whatever was ingested."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to highlight: its element id, CSS class, reading and speaker link."""

    start: int
    end: int
    id: str
    css: str
    reading: str
    speaker_href: str | None


def figure_reading(figure: Figure) -> str:
    """What a figure was read as, in words: value, bound, unit, what, when, who."""
    ends = figure.bound in ("range", "approx") and figure.value is None
    if ends and figure.low is not None and figure.high is not None:  # "about 30-40" too
        value = f"{_num(figure.low)}–{_num(figure.high)}"
    else:
        value = _num(figure.value) if figure.value is not None else "no value"
    parts = [f"{value} ({figure.bound.replace('_', ' ')})"]
    if figure.unit:
        parts.append(figure.unit)
    if figure.counted:
        parts.append(figure.counted)
    if figure.period:
        parts.append(f"period: {figure.period.text}")
    parts.append(f"speaker: {_speaker(figure.speaker)}")
    return " · ".join(parts)


def quote_reading(quote: Quote) -> str:
    return f"{quote.kind} quote · speaker: {_speaker(quote.speaker)}"


def speaker_href(speaker: Speaker | None) -> str | None:
    key = speaker_key(speaker.name) if speaker and not speaker.anonymous else None
    return f"/speakers/{key}" if key else None


def marks(doc: Document, extraction: Extraction) -> list[Mark]:
    """Every quote and figure of ``doc`` as a mark, with the ids the contract gives them."""
    figures_v = extraction.versions.get("figures", "")
    quotes_v = extraction.versions.get("quotes", "")
    found = [Mark(*q.span, item_id(doc.id, "q", q.span, quotes_v), f"quote {q.kind}",
                  quote_reading(q), speaker_href(q.speaker)) for q in extraction.quotes]
    found += [Mark(*words, f"{item_id(doc.id, 'q', q.span, quotes_v)}-w{n}", "quote quoted",
                   "quoted words of: " + quote_reading(q), speaker_href(q.speaker))
              for q in extraction.quotes for n, words in enumerate(q.quoted, 1)]
    found += [Mark(*f.span, item_id(doc.id, "c", f.span, figures_v), f"figure {f.bound}",
                   figure_reading(f), speaker_href(f.speaker)) for f in extraction.figures]
    found += [Mark(*r.span, f"repeat-{n}", "repeat",
                   f"repeats characters {r.copy_of[0]}–{r.copy_of[1]} of this text", None)
              for n, r in enumerate(extraction.repeats, 1)]
    return found


def highlighted(text: str, spans: Sequence[Mark]) -> Markup:
    """``text`` escaped, with each span wrapped in a focusable ``<mark>`` carrying its reading.

    Spans outside the text (or empty) are ignored rather than trusted.
    """
    shown = text[:MAX_SHOWN_CHARS]
    ordered = sorted((m for m in spans if 0 <= m.start < m.end <= len(shown)), key=_nesting)
    cuts = sorted({0, len(shown), *(m.start for m in ordered), *(m.end for m in ordered)})
    pending = iter(ordered)
    upcoming = next(pending, None)
    out: list[str] = []
    stack: list[Mark] = []
    for left, right in pairwise(cuts):
        ending = [i for i, m in enumerate(stack) if m.end == left]
        if ending:
            # Close down to the outermost mark that ends here; reopen the ones above
            # it that go on, so crossing spans still give well-formed HTML.
            popped, stack = stack[ending[0]:], stack[:ending[0]]
            out.extend("</mark>" for _ in popped)
            for m in popped:
                if m.end > left:
                    out.append(_open(m, first=False))
                    stack.append(m)
        while upcoming is not None and upcoming.start == left:
            out.append(_open(upcoming, first=True))
            stack.append(upcoming)
            upcoming = next(pending, None)
        out.append(escape(shown[left:right], quote=False))
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))


def _nesting(mark: Mark) -> tuple[int, int, bool]:
    """Outer spans first; at equal extent the quote opens first, so the figure nests in it."""
    return mark.start, -mark.end, mark.css.startswith("figure")


def _open(mark: Mark, first: bool) -> str:
    attrs = f' class="{escape(mark.css)}" data-reading="{escape(mark.reading)}"'
    if first:
        attrs = f' id="{escape(mark.id)}" tabindex="0"' + attrs
    return f"<mark{attrs}>"


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _speaker(speaker: Speaker | None) -> str:
    if speaker is None:
        return "unattributed"
    name = speaker.name or "unnamed"
    return f"{name} ({speaker.role})" if speaker.role else name
