"""Grouping: synonyms and lemmas join wordings; people, cases, units and periods split."""

from __future__ import annotations

from collections.abc import Callable

from claimledger.reconcile.claims import StoredClaim, contexts
from claimledger.reconcile.measures import Assignment, assign

Place = Callable[..., Assignment]
Stored = Callable[..., StoredClaim]

LEFT = "Close to 90,000 conscripts have walked away from their units without permission."
ABSENT = "Officials say 61,000 are now listed as absent without leave."
CASES = "Prosecutors have opened more than 40,000 criminal cases over desertion and AWOL."


def test_different_wordings_of_awol_share_a_measure(place: Place) -> None:
    walked = place(LEFT, "Close to 90,000", 90000, bound="at_most", counted="conscripts")
    absent = place(ABSENT, "61,000", 61000)
    assert walked.measure_id == absent.measure_id
    assert walked.label == "soldiers AWOL, running total"
    assert "conscript" in walked.why and "absent without leave" in absent.why


def test_cases_are_not_people(place: Place) -> None:
    people = place(ABSENT, "61,000", 61000)
    cases = place(CASES, "more than 40,000", 40000, bound="at_least",
                  counted="criminal cases over desertion and AWOL")
    assert people.measure_id != cases.measure_id
    assert cases.head == "cases" and cases.concepts == {"awol", "desertion"}


def test_kind_of_period_and_unit_split_measures(place: Place) -> None:
    total = place(ABSENT, "61,000", 61000, period_text="since 2023", period_start="2023-01-01")
    window = place(ABSENT, "61,000", 61000, period_text="in 2024", period_start="2024-01-01",
                   period_end="2024-12-31")
    assert total.kind_of_period == "cumulative" and window.kind_of_period == "window"
    assert total.measure_id != window.measure_id
    text = "The army spent 61,000 dollars on soldiers absent without leave."
    money = place(text, "61,000 dollars", 61000, kind="money", unit="USD")
    assert money.measure_id != total.measure_id


def test_anaphor_takes_its_concept_from_the_previous_sentence(stored: Stored) -> None:
    text = f"{CASES} He said the number of such cases had passed 70,000 since 2022."
    second = stored(text, "70,000", 70000, counted="number of such cases",
                    sentence=(len(CASES) + 1, len(text)))
    first = stored(text, "more than 40,000", 40000,
                   counted="criminal cases over desertion and AWOL",
                   sentence=(0, len(CASES)))
    placed = {a.claim.id: a for a in assign([first, second], contexts(text, [first, second]), "s1")}
    assert placed[second.id].concepts == {"awol", "desertion"}
    assert "previous sentence" in placed[second.id].why


def test_measure_id_comes_from_the_key_alone(place: Place) -> None:
    a = place(ABSENT, "61,000", 61000, doc="first", order=1)
    b = place(ABSENT, "61,000", 61000, doc="second", order=7)
    assert (a.measure_id, a.key) == (b.measure_id, b.key)


def test_a_figure_without_a_number_has_no_measure(stored: Stored) -> None:
    text = "Thousands have gone AWOL."
    claim = stored(text, "Thousands", None, bound="vague")
    assert assign([claim], contexts(text, [claim]), "s1") == []
