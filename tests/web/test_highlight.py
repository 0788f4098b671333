"""The highlighted document HTML: well-formed whatever the spans, and the text intact."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from claimledger.records import Figure
from claimledger.web.highlight import Mark, figure_reading, highlighted


def _mark(start: int, end: int, name: str) -> Mark:
    return Mark(start, end, name, "figure exact", f"reading of {name}", None)


class Nesting(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag


def _check(text: str, marks: list[Mark]) -> str:
    out = str(highlighted(text, marks))
    parser = Nesting()
    parser.feed(out)
    assert parser.stack == []
    assert html.unescape(re.sub(r"<[^>]*>", "", out)) == text
    return out


def test_nested_and_crossing_spans_stay_well_formed() -> None:
    text = 'She said "nearly 400,000 left" on <Monday>'
    out = _check(text, [_mark(9, 30, "q"), _mark(10, 24, "a"), _mark(17, 34, "b")])
    assert out.count('id="b"') == 1
    assert out.count('data-reading="reading of b"') == 3  # cut where a and q end


def test_spans_outside_the_text_are_ignored() -> None:
    assert str(highlighted("short", [_mark(3, 99, "x"), _mark(4, 4, "y")])) == "short"


@given(st.text(alphabet='ab<>&"\n ', max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8))
def test_any_spans_give_well_formed_html_over_the_same_text(
        text: str, spans: list[tuple[int, int]]) -> None:
    _check(text, [_mark(a, b, f"m{i}") for i, (a, b) in enumerate(spans)])


def test_an_approximate_range_reads_as_its_two_ends() -> None:
    text = "Around 30 to 40 ferries sail daily."
    figure = Figure(span=(0, 15), surface=text[:15], value=None, bound="approx",
                    kind="count", sentence=(0, len(text)), low=30, high=40)
    assert figure_reading(figure).startswith("30–40 (approx)")
