"""Grouping: synonyms and lemmas join wordings; people, cases, units and periods split."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimledger.reconcile.claims import StoredClaim, contexts
from claimledger.reconcile.measures import Assignment, assign, by_figure

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


def test_counts_of_a_charge_are_charges_not_the_people_of_its_event(place: Place) -> None:
    """"Charged with three counts of manslaughter" numbers charges: extraction keeps
    "count" as the thing (narrowed by "manslaughter"), so it is not a toll of three."""
    text = "The pilot was charged with three counts of manslaughter after the crash."
    charges = place(text, "three", 3, counted="counts of manslaughter", thing="count",
                    modifiers=("manslaughter",), event="charge")
    toll = place("The crash killed three passengers.", "three", 3, counted="passengers",
                 thing="passenger", event="kill")
    assert charges.head == "cases" and toll.head == "people"
    assert charges.measure_id != toll.measure_id


def test_kind_of_period_and_unit_split_measures(place: Place) -> None:
    total = place(ABSENT, "61,000", 61000, period_text="since 2023", period_start="2023-01-01")
    window = place(ABSENT, "61,000", 61000, period_text="in 2024", period_start="2024-01-01",
                   period_end="2024-12-31")
    assert total.kind_of_period == "cumulative" and window.kind_of_period == "window"
    assert total.measure_id != window.measure_id
    text = "The army spent 61,000 dollars on soldiers absent without leave."
    money = place(text, "61,000 dollars", 61000, kind="money", unit="USD")
    assert money.measure_id != total.measure_id


def test_a_toll_dated_to_a_day_and_an_undated_one_share_the_story_measure(place: Place) -> None:
    text = "The quake killed 14 people in the valley, officials said."
    dated = place(text, "14", 14, counted="people",
                  period_text="on Friday", period_start="2025-03-07", period_end="2025-03-07")
    undated = place(text, "14", 14, counted="people")
    assert dated.span.kind == "point" and undated.span.kind == "event"
    assert dated.measure_id == undated.measure_id and dated.kind_of_period == "event"
    other_day = place(text, "14", 14, counted="people",
                      period_text="on Monday", period_start="2025-03-10", period_end="2025-03-10")
    assert other_day.measure_id == dated.measure_id and other_day.span != dated.span


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


def _in_story(stored: Stored, text: str, surface: str, value: float, doc: str,
              earlier: list[Assignment]) -> Assignment | None:
    claim = stored(text, surface, value, doc=doc)
    ctx = contexts(text, [claim])
    own = assign([claim], ctx, "s1")
    known = {x.measure_id for x in earlier} & {x.measure_id for x in own}
    placed = by_figure([claim], ctx, own, earlier, known)
    return placed[0] if placed else None


def test_the_same_figure_worded_otherwise_joins_the_story_measure(stored: Stored) -> None:
    """Outlets word one figure differently ("captured" pirates, "detained" suspects); the
    distinct value said again in the story puts the second on the first's measure."""
    first = _in_story(stored, "The navy captured 26 pirates off the coast.", "26", 26,
                      "a", [])
    assert first is not None
    second = _in_story(stored, "All 26 suspects will be tried in Mumbai.", "26", 26, "b",
                       [first])
    assert second is not None and second.measure_id == first.measure_id
    assert "same figure" in second.why
    other = _in_story(stored, "The crews of 31 ships were warned.", "31", 31, "c", [first])
    assert other is None or other.measure_id != first.measure_id, "another value"


def test_a_shared_figure_never_joins_another_event_or_a_small_count(stored: Stored) -> None:
    killed = _in_story(stored, "At the site 14 people were killed.", "14", 14, "a", [])
    injured = _in_story(stored, "Doctors said 14 people were injured.", "14", 14, "b",
                        [killed] if killed else [])
    assert killed is not None and injured is not None
    assert killed.measure_id != injured.measure_id
    boats = _in_story(stored, "Police saw three boats near the pier.", "three", 3, "a", [])
    officers = _in_story(stored, "Three officers waited at the pier.", "Three", 3, "b",
                         [boats] if boats else [])
    assert boats is not None, "three boats seen: a count of boats"
    assert officers is None or officers.measure_id != boats.measure_id


def test_a_figure_with_no_event_takes_the_event_words_of_its_clause(place: Place,
                                                                     stored: Stored) -> None:
    text = "Kesta mourned the death of the three workers on its quay."
    dead = place(text, "three", 3, counted="workers")
    assert dead.concepts == {"killed"}
    assert dead.label == "people killed, as reported" and "clause words: 'death'" in dead.why
    whole = "Two of the three guests died in the fire."
    three = stored(whole, "three", 3, counted="guests")
    placed = assign([three], contexts(whole, [three]), "s1")
    assert all("killed" not in x.concepts for x in placed)  # "died" is said of the two


def test_a_length_from_a_named_place_is_that_distance(place: Place) -> None:
    def away(surface: str, value: float, text: str, doc: str) -> Assignment:
        return place(text, surface, value, kind="measurement", unit="kilometer", doc=doc)
    one = away("60 km", 60, "The quake struck 60 km southwest of Port Aldane on Sunday.", "a")
    two = away("75 km", 75, "Its epicentre lay 75 km from Port Aldane, the agency said.", "b")
    assert one.label == "distance from Port Aldane (kilometer), as reported"
    assert one.measure_id == two.measure_id
    other = away("40 km", 40, "The quake struck 40 km north of Vessa.", "c")
    assert other.measure_id != one.measure_id and other.label.startswith("distance from Vessa")


def test_an_event_of_no_class_gives_way_to_the_event_words_of_its_clause(place: Place) -> None:
    text = "Three people were trapped and died in Kesta."
    trapped = place(text, "Three", 3, counted="people", thing="people", event="trap")
    assert trapped.concepts == {"killed"} and "clause words: 'died'" in trapped.why


@pytest.mark.parametrize("said", ["were shot dead", "were stabbed to death", "were found dead"])
def test_dead_or_to_death_after_a_verb_is_a_killing(place: Place, said: str) -> None:
    text = f"Two people {said} in Kesta on Sunday."
    found = place(text, "Two", 2, counted="people", predicate=said)
    assert found.concepts == {"killed"}, found.why


def test_a_model_number_made_plural_is_its_kind_of_thing(place: Place) -> None:
    """"Seven AK-47s" are seven rifles: the plural of a model number is singular for the
    vocabulary, which lists the common models among firearms."""
    models = place("Marines found seven AK-47s on the skiff.", "seven", 7,
                   counted="AK-47s", thing="ak-47s", event="find")
    rifles = place("Marines seized seven rifles from the skiff.", "seven", 7,
                   counted="rifles", thing="rifle", event="seize")
    assert models.head == rifles.head == "firearms"
    assert models.measure_id == rifles.measure_id


def test_a_figure_with_no_reading_measures_what_the_figure_before_it_did(stored: Stored) -> None:
    """"Put the magnitude at 5.9, but a second survey said it was 6.1": the noun left
    unsaid after the second number is the first one's, within the sentence only."""
    text = "The agency put the magnitude at 5.9, but a second survey said it was 6.1."
    first = stored(text, "5.9", 5.9)
    second = stored(text, "6.1", 6.1)
    assert assign([second], contexts(text, [second]), "s1") == []
    placed = {a.claim.id: a for a in assign([second, first], contexts(text, [first, second]),
                                            "s1")}
    assert placed[second.id].measure_id == placed[first.id].measure_id
    assert "'5.9' before it" in placed[second.id].why
    alone = stored(text, "6.1", 6.1, sentence=(text.index("but"), len(text)))
    placed = assign([first, alone], contexts(text, [first, alone]), "s1")
    assert [a.claim.id for a in placed] == [first.id]
