"""The timeline SVG: bounds drawn as bounds, one colour per speaker, names escaped."""

from __future__ import annotations

from claimledger.web.chart import PALETTE, Point, timeline


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


def test_a_busy_measure_keeps_every_point_inside_the_plot_on_a_log_axis() -> None:
    """122 claims on four days, from 5 to 500bn: a linear axis would put the small ones
    on zero and same-day spreading would push points off the chart."""
    import re

    from claimledger.web.chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH

    days = ["2025-03-01", "2025-03-02", "2025-03-02", "2025-03-09"]
    points = [_point(days[i % 4], 5 * 10 ** (i % 12), ("exact", "at_least", "at_most")[i % 3],
                     speaker=f"S{i % 3}") for i in range(120)]
    points += [_point("undated", 7), _point("", 9)]
    svg = str(timeline(points, "boats seized", "USD"))
    dots = [(float(cx), float(cy)) for cx, cy in
            re.findall(r'<circle class="dot [a-z_]+" cx="([\d.]+)" cy="([\d.]+)"', svg)]
    assert len(dots) == 120
    assert all(LEFT <= cx <= WIDTH - RIGHT and TOP <= cy <= HEIGHT - BOTTOM for cx, cy in dots)
    arrow = r'class="arrow [a-z_]+" d="M[\d.]+,[\d.]+ L[\d.]+,([\d.]+)'
    tips = [float(v) for v in re.findall(arrow, svg)]
    assert tips and all(TOP <= t <= HEIGHT - BOTTOM for t in tips)
    assert "boats seized (USD) · log scale" in svg and "publication date" in svg
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', svg)
    assert {"1", "100", "1m", "10bn", "1tn"} <= set(ticks)  # powers of ten
    assert "120 claims charted; 2 claims without a date or value not charted" in svg


def test_one_person_is_one_colour_however_written_and_a_stray_mark_is_nobody() -> None:
    svg = str(timeline([_point("2025-01-01", 1, speaker="Ms Mira Castell"),
                        _point("2025-01-02", 2, speaker="Mira Castell"),
                        _point("2025-01-03", 3, speaker="Mira Castell"),
                        _point("2025-01-04", 4, speaker=">")], "t"))
    legend = svg.split('<ul class="legend">', 1)[1]
    assert legend.count("<li>") == 2 and "Mira Castell" in legend and "unattributed" in legend
    assert svg.count(f'stroke="{PALETTE[0]}"') == 3 and "&gt;" not in legend


def test_each_mark_carries_a_reading_shown_on_focus() -> None:
    svg = str(timeline([_point("2025-01-01", 12000, "at_least", speaker="Mira Castell")], "t"))
    assert '<g class="mark" tabindex="0">' in svg
    assert '<text class="reading"' in svg and "12000 (at least) · Mira Castell · 2025-01-01" in svg


def test_an_approximate_range_is_a_whisker_round_a_hollow_dot() -> None:
    svg = str(timeline([_point("2025-01-01", None, "approx", low=30, high=40)], "t"))
    assert svg.count('class="whisker"') == 3 and 'class="dot approx" cx' in svg
