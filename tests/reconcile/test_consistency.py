"""Part against whole: shorter periods inside longer ones, narrower counts inside wider ones."""

from __future__ import annotations

from collections.abc import Callable

from claimledger.reconcile.consistency import check
from claimledger.reconcile.measures import Assignment

Place = Callable[..., Assignment]
SINCE = dict(period_text="since 2021", period_start="2021-01-01")
YEAR = dict(period_text="in 2024", period_start="2024-01-01", period_end="2024-12-31")
CASES = "Courts registered 30,000 cases of unauthorised absence."
BOTH = "Prosecutors have opened more than 90,000 cases over desertion and AWOL."


def test_a_year_of_cases_against_the_total_since_an_earlier_year(place: Place) -> None:
    part = place(CASES, "30,000", 30000, counted="cases of unauthorised absence", **YEAR)
    whole = place(BOTH, "more than 90,000", 90000, bound="at_least",
                  counted="cases over desertion and AWOL", **SINCE)
    found = check(part, whole)
    assert found is not None and found.consistent
    assert "open above" in found.arithmetic
    assert check(whole, part) is None


def test_cases_in_a_year_against_absent_soldiers_since_2021(place: Place) -> None:
    part = place(CASES, "30,000", 30000, counted="cases of unauthorised absence", **YEAR)
    text = "Officials say 61,000 soldiers are absent without leave."
    whole = place(text, "61,000", 61000, counted="soldiers", **SINCE)
    found = check(part, whole)
    assert found is not None and found.consistent
    assert "25,000 ≤ most whole 61,610" in found.arithmetic


def test_a_part_larger_than_its_whole_is_reported(place: Place) -> None:
    part = place(CASES, "30,000", 80000, counted="cases of unauthorised absence", **YEAR)
    text = "Officials say 61,000 cases of AWOL were opened."
    whole = place(text, "61,000", 61000, counted="cases of AWOL", **SINCE)
    found = check(part, whole)
    assert found is not None and not found.consistent
    assert "NOT consistent" in found.arithmetic and "75,000 > most whole 61,610" in found.arithmetic


def test_no_check_between_unrelated_or_overlapping_figures(place: Place) -> None:
    part = place(CASES, "30,000", 30000, counted="cases of unauthorised absence", **YEAR)
    deserted = place("Some 61,000 soldiers deserted.", "Some 61,000", 61000, bound="approx",
                     counted="soldiers", **SINCE)
    assert check(part, deserted) is None  # AWOL is not desertion
    later = dict(period_text="since 2024", period_start="2024-06-01")
    text = "Officials say 61,000 cases of AWOL were opened."
    late_whole = place(text, "61,000", 61000, counted="cases of AWOL", **later)
    assert check(part, late_whole) is None  # the whole starts after the part does
    abroad = place(text, "61,000", 61000, counted="cases of AWOL", place="Georgia", **SINCE)
    assert check(place(CASES, "30,000", 30000, counted="cases of unauthorised absence",
                       place="Armenia", **YEAR), abroad) is None


def test_an_event_noun_counts_what_the_event_happens_to(place: Place) -> None:
    """"9,000 desertions" counts soldiers who deserted, as "20,000 servicemen deserted"
    does: the noun names the event, so it is no other noun to keep apart."""
    part = place("Commanders logged 9,000 desertions in 2024.", "9,000", 9000, **YEAR)
    whole = place("Around 20,000 servicemen have deserted since 2021.", "Around 20,000",
                  20000, bound="approx", **SINCE)
    assert part.head == whole.head == "soldiers"
    found = check(part, whole)
    assert found is not None and found.consistent
