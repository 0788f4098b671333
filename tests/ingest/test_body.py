"""The body span: what lies after the headline and the lines printed under it."""

from __future__ import annotations

import pytest

from claimledger.ingest.body import body_span


def body(text: str, title: str | None) -> str:
    start, end = body_span(text, title)
    return text[start:end]


@pytest.mark.parametrize(("text", "title", "expected"), [
    ("Dam breaks\nThe dam broke at noon.\n", "Dam breaks", "The dam broke at noon."),
    ("Dam breaks\n\nBy Jane Doe and John Roe\nMay 3, 2013\n\nThe dam broke.",
     "Dam breaks", "The dam broke."),
    ("Dam breaks\nPublished 3 May 2013 10:02 BST\nThe dam broke.", "Dam breaks",
     "The dam broke."),
    # A first paragraph that opens with "By" or holds a date is body.
    ("Dam breaks\nBy Tuesday, the toll had risen to 20.\nMore later.", "Dam breaks",
     "By Tuesday, the toll had risen to 20.\nMore later."),
    ("Dam breaks\nOn May 3, 2013 the dam that held the valley's water broke at noon.",
     "Dam breaks", "On May 3, 2013 the dam that held the valley's water broke at noon."),
    # No title, or a title the text does not open with: nothing is cut but whitespace.
    ("  The dam broke.\nBy Jane Doe\n", None, "The dam broke.\nBy Jane Doe"),
    ("The dam broke at noon.", "Dam breaks", "The dam broke at noon."),
    # A byline without a headline above it is not cut: it could be the body's first line.
    ("By Jane Doe\nThe dam broke.", None, "By Jane Doe\nThe dam broke."),
    # Page furniture at the end goes; the article's credit line stays.
    ("Dam breaks\nThe dam broke.\nAdditional reporting by Jo Roe\nMORE: Floods hit town\n"
     "Sign up for our newsletter\nComments", "Dam breaks",
     "The dam broke.\nAdditional reporting by Jo Roe"),
    # A paragraph that merely mentions a newsletter is body.
    ("Dam breaks\nThe dam broke.\nThe council said residents who subscribe to its alerts were "
     "warned an hour before the water reached the lower town, and that 40 homes were empty.",
     "Dam breaks", "The dam broke.\nThe council said residents who subscribe to its alerts were "
     "warned an hour before the water reached the lower town, and that 40 homes were empty."),
    # A text that is only its headline keeps it.
    ("Dam breaks\n", "Dam breaks", "Dam breaks"),
])
def test_body_span(text: str, title: str | None, expected: str) -> None:
    assert body(text, title) == expected
