"""The timeline SVG: bounds drawn as bounds, one colour per speaker, names escaped."""

from __future__ import annotations

from claimledger.present.chart import PALETTE, Point, timeline


def _point(day: str, value: float | None, bound: str = "exact", speaker: str | None = "A",
           **more: object) -> Point:
    return Point(published=day, value=value, low=more.get("low"),  # type: ignore[arg-type]
                 high=more.get("high"), bound=bound, speaker=speaker,  # type: ignore[arg-type]
                 label=f"{value}", conflict=bool(more.get("conflict")))


def test_each_bound_has_its_own_mark() -> None:
    svg = str(timeline([
        _point("2025-01-01", 10, "at_least"), _point("2025-01-02", 20, "at_most"),
        _point("2025-01-03", None, "range", low=5, high=9), _point("2025-01-04", 7, "approx"),
        _point("2025-01-05", 8, "vague"),
    ], "t"))
    assert 'class="arrow at_least"' in svg and 'class="arrow at_most"' in svg
    assert svg.count('class="whisker"') == 3
    assert 'class="dot approx" cx' in svg and 'fill="white"' in svg
    assert 'stroke-dasharray="2 2"' in svg


def test_speakers_get_distinct_colours_and_conflicts_a_ring() -> None:
    svg = str(timeline([_point("2025-01-01", 1, speaker="A", conflict=True),
                        _point("2025-02-01", 2, speaker="B"),
                        _point("2025-03-01", 3, speaker="A")], "t"))
    assert f'stroke="{PALETTE[0]}"' in svg and f'stroke="{PALETTE[1]}"' in svg
    assert svg.count('<circle class="conflict"') == 1


def test_text_from_articles_is_escaped_and_undated_points_are_left_out() -> None:
    svg = str(timeline([_point("2025-01-01", 1, speaker='<img src=x onerror="go()">'),
                        _point("undated", 2)], '</svg><script>'))
    assert "<img" not in svg and "<script>" not in svg
    assert "&lt;img src=x onerror=&quot;go()&quot;&gt;" in svg
    assert svg.count('<circle class="dot') == 1


def test_nothing_to_chart_says_so() -> None:
    assert "No dated values" in str(timeline([_point("", 3)], "t"))
