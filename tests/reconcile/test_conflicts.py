"""Conflicts: values that cannot both hold on one measure and time; no false alarms."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimledger.reconcile.bounds import interval
from claimledger.reconcile.conflicts import conflict
from claimledger.reconcile.measures import Assignment

Place = Callable[..., Assignment]
TEXT = "Some 120,000 troops are now absent without leave, officials in the capital say."


def test_just_under_against_a_much_lower_exact_figure_is_a_conflict(place: Place) -> None:
    high = place(TEXT.replace("Some", "Nearly"), "Nearly 120,000", 120000, bound="at_most",
                 doc="a", speaker="A deputy")
    low = place(TEXT, "Some 120,000", 71500, bound="exact", doc="b")
    found = conflict(high, low)
    assert found is not None
    assert found.relative_gap == pytest.approx(48500 / 120000)
    assert "just under" in found.explanation and "exact ±1%" in found.explanation
    assert {found.claim_a, found.claim_b} == {high.claim.id, low.claim.id}


def test_agreeing_within_bounds_is_not_a_conflict(place: Place) -> None:
    floor = place(TEXT, "Some 120,000", 100000, bound="at_least", doc="a")
    total = place(TEXT, "Some 120,000", 131000, bound="exact", doc="b")
    assert conflict(floor, total) is None
    rounded = place(TEXT, "Some 120,000", 120000, bound="approx", doc="c")
    near = place(TEXT, "Some 120,000", 128000, bound="exact", doc="d")
    assert conflict(rounded, near) is None


@pytest.mark.parametrize("change", [
    {"place": "Moldova"},                                   # another country
    {"period_text": "in 2021", "period_start": "2021-01-01", "period_end": "2021-12-31"},
    {"kind": "money", "unit": "EUR"},                       # another unit
])
def test_no_false_alarm_across_places_periods_units(place: Place,
                                                    change: dict[str, str]) -> None:
    here = place(TEXT, "Some 120,000", 120000, doc="a", place="Ukraine")
    there = place(TEXT, "Some 120,000", 40000, doc="b", **{"place": "Ukraine", **change})
    assert conflict(here, there) is None


def test_windows_must_match_to_conflict(place: Place) -> None:
    year = dict(period_text="in 2024", period_start="2024-01-01", period_end="2024-12-31")
    half = dict(period_text="in the first half of 2024", period_start="2024-01-01",
                period_end="2024-06-30")
    a = place(TEXT, "Some 120,000", 120000, doc="a", **year)
    b = place(TEXT, "Some 120,000", 40000, doc="b", **half)
    c = place(TEXT, "Some 120,000", 40000, doc="c", **year)
    assert conflict(a, b) is None
    assert conflict(a, c) is not None


def test_a_running_total_may_grow_but_not_fall(place: Place) -> None:
    early = place(TEXT, "Some 120,000", 80000, doc="a", published="2025-01-10")
    later = place(TEXT, "Some 120,000", 120000, doc="b", published="2025-06-10")
    grew = conflict(early, later)
    assert grew is not None and grew.kind == "update" and "revised" in grew.explanation
    fell = place(TEXT, "Some 120,000", 50000, doc="c", published="2025-07-01")
    found = conflict(later, fell)
    assert found is not None and found.kind == "conflict" and "fell" in found.explanation


def test_bounds_read_the_surface_words(place: Place) -> None:
    up_to = place(TEXT.replace("Some", "Up to"), "Up to 120,000", 120000, bound="at_most")
    nearly = place(TEXT.replace("Some", "Nearly"), "Nearly 120,000", 120000, bound="at_most")
    assert up_to.interval == interval(up_to.claim)
    assert up_to.interval is not None and up_to.interval.low is None
    assert nearly.interval is not None and nearly.interval.low == pytest.approx(108000)


def test_figures_compare_within_a_story_when_they_name_the_same_thing(place: Place) -> None:
    def shares(company: str, value: float, doc: str, day: str | None,
               story: str = "s1") -> Assignment:
        text = f"Shares in {company} rose 4% on Tuesday."
        return place(text, "4%", value, doc=doc, kind="percent", unit="percent",
                     counted="Shares", published=day, story=story)
    day = "2005-02-01"
    acme, zenith = shares("Acme", 4, "a", day), shares("Zenith", 9, "c", day)
    assert acme.measure_id == zenith.measure_id and acme.head == "share"
    assert acme.kind_of_period == "event" and acme.claim.about == "acme" and acme.change
    assert conflict(acme, zenith) is None  # two companies' shares
    same_day = conflict(acme, shares("Acme", 9, "b", day))
    assert same_day is not None and same_day.kind == "conflict"
    # a move belongs to its day: rises on two days, or on days unknown, are two rises
    assert conflict(acme, shares("Acme", 9, "b", "2005-02-02")) is None
    assert conflict(shares("Acme", 4, "d", None), shares("Acme", 9, "e", None)) is None
    elsewhere = shares("Acme", 9, "f", day, story="s2")
    assert elsewhere.measure_id != acme.measure_id and conflict(acme, elsewhere) is None


def test_counts_of_things_compare_only_when_said_of_one_name(place: Place) -> None:
    def films(name: str, value: float, doc: str) -> Assignment:
        text = f"{name} has {value:.0f} nominations."
        return place(text, f"{value:.0f}", value, doc=doc, counted="nominations")
    assert conflict(films("Marlow Ridge", 9, "a"), films("Glass Harbour", 4, "b")) is None
    same = conflict(films("Marlow Ridge", 9, "a"), films("Marlow Ridge", 4, "b"))
    assert same is not None and same.kind == "conflict"


def test_a_round_figure_stands_for_its_rounding(place: Place) -> None:
    headline = place(TEXT, "Some 120,000", 5_000_000, doc="a")  # "five million"
    detail = place(TEXT, "Some 120,000", 5_200_000, bound="at_least", doc="b")
    assert headline.interval is not None and headline.interval.low == pytest.approx(4_500_000)
    assert conflict(headline, detail) is None


def test_figures_of_one_article_never_conflict(place: Place) -> None:
    before = place(TEXT, "Some 120,000", 120000, doc="a")
    after = place(TEXT, "Some 120,000", 60000, doc="a")
    assert conflict(before, after) is None
