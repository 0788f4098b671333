"""Conflicts: values that cannot both hold on one measure and time; no false alarms."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimledger.reconcile.bounds import interval
from claimledger.reconcile.claims import StoredClaim, contexts
from claimledger.reconcile.conflicts import conflict
from claimledger.reconcile.measures import Assignment, assign

Place = Callable[..., Assignment]
Stored = Callable[..., StoredClaim]
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


def test_a_level_a_move_reached_needs_both_publication_days(place: Place) -> None:
    text = "Shares in Kestrel Mills rose 9% to 4.80 dollars after the offer."
    rose = place(text, "4.80 dollars", 4.8, kind="money", unit="USD", trend="up", doc="a")
    assert rose.change is False and rose.claim.trend == "up"
    quoted = place(text, "4.80 dollars", 4.2, kind="money", unit="USD", doc="b")
    assert conflict(rose, quoted) is None and conflict(quoted, rose) is None
    dated = place(text, "4.80 dollars", 4.8, kind="money", unit="USD", trend="up", doc="c",
                  published="2025-02-03")
    later = place(text, "4.80 dollars", 4.2, kind="money", unit="USD", doc="d",
                  published="2025-02-03")
    found = conflict(dated, later)
    assert found is not None and found.kind == "conflict"


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


def test_people_of_an_unclassed_event_compare_only_when_its_objects_are_shared(
        place: Place) -> None:
    def owners(what: str, value: float, doc: str) -> Assignment:
        text = f"About {value:.0f} million people own {what} in Brevia."
        return place(text, f"{value:.0f} million", value * 1e6, doc=doc, counted="people",
                     predicate=f"own {what} in Brevia")
    phones, players = owners("a mobile phone", 53, "a"), owners("a music player", 22, "b")
    assert phones.measure_id == players.measure_id and not phones.concepts
    assert conflict(phones, players) is None
    found = conflict(phones, owners("mobile phones", 22, "c"))
    assert found is not None and found.kind == "conflict"


def test_a_share_of_a_stated_place_is_not_set_against_one_of_no_place(place: Place) -> None:
    def vote(value: float, doc: str, where: str | None) -> Assignment:
        text = f"The Harbour Party won {value:g}% of the vote."
        return place(text, f"{value:g}%", value, kind="percent", unit="percent", doc=doc,
                     counted="vote", place=where)
    local, national = vote(31, "a", "Dunmere"), vote(16.1, "b", None)
    assert local.measure_id == national.measure_id
    assert conflict(local, national) is None and conflict(national, local) is None
    both = conflict(local, vote(16.1, "c", "Dunmere"))
    assert both is not None and both.kind == "conflict"
    neither = conflict(vote(31, "d", None), national)
    assert neither is not None


def test_a_round_figure_stands_for_its_rounding(place: Place) -> None:
    headline = place(TEXT, "Some 120,000", 5_000_000, doc="a")  # "five million"
    detail = place(TEXT, "Some 120,000", 5_200_000, bound="at_least", doc="b")
    assert headline.interval is not None and headline.interval.low == pytest.approx(4_500_000)
    assert conflict(headline, detail) is None


def test_neighbouring_whole_numbers_never_both_hold(place: Place) -> None:
    """"1" stands for 0.5 up to 1.5 and "two" for 1.5 up to 2.5: the half-unit each
    allows ends where the other's begins, and that end is only one of theirs."""
    one = place("Police said one victim was killed in the shooting.", "one", 1, doc="a")
    two = place("Police said two victims were killed in the shooting.", "two", 2, doc="b")
    seventy = place("Officials said 70 people were injured in the quake.", "70", 70, doc="a")
    eighty = place("Officials said 80 people were injured in the quake.", "80", 80, doc="b")
    assert one.interval is not None and two.interval is not None
    assert one.interval.high < 1.5 <= two.interval.low
    assert conflict(one, two) is not None
    assert conflict(seventy, eighty) is not None
    again = place("Police said 1 victim was killed in the shooting.", "1", 1, doc="c")
    assert conflict(one, again) is None


def test_figures_of_one_article_never_conflict(place: Place) -> None:
    before = place(TEXT, "Some 120,000", 120000, doc="a")
    after = place(TEXT, "Some 120,000", 60000, doc="a")
    assert conflict(before, after) is None


def test_a_part_is_never_set_against_its_whole(place: Place, stored: Stored) -> None:
    """"30,000 of the 75,000 deaths" gives one province's part of the toll: it is not a
    second reading of the toll, so it cannot contradict "75,000 deaths" from elsewhere."""
    whole = place("The quake caused 75,000 deaths across the region.", "75,000", 75000,
                  doc="a")

    def parts(share: str, doc: str) -> dict[str, Assignment]:
        text = f"Officials said {share} of the 75,000 deaths were in the north."
        claims = [stored(text, share, float(share.replace(",", "")), doc=doc),
                  stored(text, "75,000", 75000, doc=doc)]
        placed = assign(claims, contexts(text, claims), "story")
        return {a.claim.surface: a for a in placed}
    part = parts("30,000", "b")
    assert part["30,000"].part and not part["75,000"].part and not whole.part
    assert conflict(whole, part["30,000"]) is None
    assert conflict(whole, part["75,000"]) is None, "the whole said again agrees"
    other = parts("12,000", "c")["12,000"]
    assert conflict(part["30,000"], other) is not None, "two readings of one part"


def test_a_part_whose_whole_counts_other_things_is_the_count(place: Place,
                                                              stored: Stored) -> None:
    """In "two of the three victims died" the whole counts victims, which is no count
    of the dead: the part is the death toll itself, and set against another's."""
    text = "Reporters said two of the three victims died in hospital."
    claims = [stored(text, "two", 2, doc="a"), stored(text, "three", 3, doc="a")]
    placed = {a.claim.surface: a for a in assign(claims, contexts(text, claims), "story")}
    assert "three" not in placed, "victims with no event are no measure"
    other = place("Police said one victim died in hospital.", "one", 1, doc="b")
    assert not placed["two"].part and placed["two"].measure_id == other.measure_id
    assert conflict(placed["two"], other) is not None


def test_an_increment_is_never_set_against_a_total(place: Place) -> None:
    total = place("Rescuers said 40 people were killed in the blast.", "40", 40, doc="a")
    more = place("Rescuers said another 12 people were killed in the blast.", "12", 12,
                 doc="b")
    assert "another" in more.claim.modifiers
    assert conflict(total, more) is None
    plain = place("Rescuers said 12 people were killed in the blast.", "12", 12, doc="c")
    assert conflict(total, plain) is not None, "without 'another', 12 against 40 conflicts"


def test_ages_of_named_people_are_measured_per_person(place: Place) -> None:
    def aged(name: str, age: int, doc: str) -> Assignment:
        text = f"The driver, {name}, {age}, was arrested on Monday."
        return place(text, str(age), age, doc=doc, kind="age", unit="year")
    first, second = aged("Tomas Hiller", 43, "a"), aged("Tomas Hiller", 45, "b")
    assert first.label.startswith("age of Hiller") and first.measure_id == second.measure_id
    found = conflict(first, second)
    assert found is not None and found.kind == "conflict"
    assert aged("Rosa Lindqvist", 45, "c").measure_id != first.measure_id


def test_ages_of_unnamed_people_are_grouped_by_their_noun(place: Place, stored: Stored) -> None:
    def aged(age: int, noun: str, verb: str, doc: str) -> Assignment:
        text = f"A {age}-year-old {noun} was {verb} after the fire."
        return place(text, f"{age}-year-old", age, doc=doc, kind="age", unit="year")
    charged, arrested = aged(61, "man", "charged", "a"), aged(60, "man", "arrested", "b")
    assert charged.label.startswith("age of a man") and charged.measure_id == arrested.measure_id
    assert aged(61, "woman", "charged", "c").measure_id != charged.measure_id
    assert conflict(charged, arrested) is None  # another man of the story may be meant
    text = "The 61-year-old was charged."
    nobody = stored(text, "61-year-old", 61, kind="age", unit="year")
    assert nobody.thing is None and assign([nobody], contexts(text, [nobody]), "s") == []


def test_a_vague_figure_allows_its_order_of_magnitude(place: Place) -> None:
    text = "Tens of thousands were evacuated from Dunmere as the river rose."
    def marched(surface: str, value: float | None, doc: str, **fields: object) -> Assignment:
        return place(text.replace("Tens of thousands", surface), surface, value, doc=doc,
                     **fields)
    vague = marched("Tens of thousands", None, "a", bound="vague", low=10_000, high=100_000)
    assert vague.interval is not None and vague.interval.reading == "order of magnitude"
    assert conflict(vague, marched("About 30,000", 30_000, "b", bound="approx")) is None
    far = conflict(vague, marched("About 200,000", 200_000, "c", bound="approx"))
    assert far is not None and "order of magnitude: 10,000–100,000" in far.explanation


def test_an_approximate_range_allows_ten_percent_past_either_end(
        stored: Callable[..., StoredClaim]) -> None:
    text = "About 200 to 300 walkers joined the march."
    claim = stored(text, "About 200 to 300", None, low=200, high=300, bound="approx")
    allowed = interval(claim)
    assert allowed is not None and allowed.reading == "approximate range ±10%"
    assert (allowed.low, allowed.high) == (pytest.approx(180), pytest.approx(330))


def test_the_capitals_of_a_title_case_headline_name_nothing(place: Place) -> None:
    """A headline's capitalised words are no names, even when the body never writes them
    in lower case: the toll of "Five Hurt As Storm Batters Harbour Towns" and the two hurt
    in Kelby and Varn are one toll told twice, not tolls of different places."""
    first = "Five Hurt As Storm Batters Harbour Towns\nA storm struck the coast on Sunday."
    five = place(first, "Five", 5, doc="a", sentence=(0, first.index("\n")))
    second = "Two people were hurt when a storm struck Kelby and Varn, officials in Tallow said."
    two = place(second, "Two", 2, doc="b")
    assert five.measure_id == two.measure_id and five.names == frozenset()
    assert {"kelby", "varn"} <= two.names
    found = conflict(five, two)
    assert found is not None and found.kind == "conflict"


def test_who_gives_a_figure_does_not_make_it_about_something_else(place: Place) -> None:
    """The names of the sources ("the Red Crescent in Bandar Abbas said", "said the
    Geological Survey in Golden") are who reports the toll, not what it is of: two
    agencies' tolls of one quake are the disagreement a reader wants to see. Names in
    the rest of the sentence still tell two tolls apart."""
    def toll(text: str, surface: str, value: float, doc: str, source: str) -> Assignment:
        start = text.index(source)
        cue = text.index("said")
        return place(text, surface, value, doc=doc, mention=(start, start + len(source)),
                     cue=(cue, cue + 4))
    first = "The Red Crescent in Bandar Abbas said 21 people were killed in the quake."
    second = "In all 27 people were killed in the quake, said the Geological Survey in Golden."
    first_toll = toll(first, "21", 21, "a", "The Red Crescent in Bandar Abbas said")
    second_toll = toll(second, "27", 27, "b", "said the Geological Survey in Golden")
    assert first_toll.names == frozenset() and second_toll.names == frozenset()
    assert conflict(first_toll, second_toll) is not None
    there = "The Red Crescent said 21 people were killed in the quake in Zarand and Kerman."
    here = "Officials said 27 people were killed in the quake on Qeshm in Hormozgan."
    elsewhere = toll(there, "21", 21, "c", "The Red Crescent said")
    nearby = toll(here, "27", 27, "d", "Officials said")
    assert {"zarand", "kerman"} <= elsewhere.names and {"qeshm", "hormozgan"} <= nearby.names
    assert conflict(elsewhere, nearby) is None
