"""Number reading: examples, Hypothesis properties, and inputs built to hurt."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.extract.numbers import find_amounts, format_number, read_number, read_words
from claimledger.extract.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200),
        ("1 200", 1200),
        ("1.5", 1.5),
        ("3.5 million", 3_500_000),
        ("5m", 5_000_000),
        ("40k", 40_000),
        ("3bn", 3e9),
        ("2 trillion", 2e12),
        ("forty-five", 45),
        ("a dozen", 12),
        ("half a million", 500_000),
        ("two and a half million", 2_500_000),
        ("a hundred and fifty", 150),
        ("10 1/2", 10.5),
        ("½", 0.5),
        ("4 hundred million", 400_000_000),
        ("3 hundred thousand", 300_000),
    ],
)
def test_reads_news_numbers(text: str, value: float) -> None:
    assert read_number(text) == pytest.approx(value)


def test_words_that_are_not_numbers_read_as_none() -> None:
    assert read_words("several") is None
    assert read_number("trillion") is None


def test_vague_amounts_have_no_value() -> None:
    (amount,) = find_amounts("hundreds of thousands marched")
    assert amount.vague and amount.value is None


@settings(deadline=None)  # the first call loads pint's unit registry
@given(st.text(max_size=200))
def test_spans_always_inside_the_text(text: str) -> None:
    for amount in find_amounts(text):
        assert 0 <= amount.start < amount.end <= len(text)
    for quantity in find_quantities(text):
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert quantity.start <= quantity.core[0] <= quantity.core[1] <= quantity.end


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9))
def test_scaled_and_grouped_digits_read_the_same(whole: int, tenth: int) -> None:
    grouped = f"{whole * 1_000_000 + tenth * 100_000:,}"
    assert read_number(f"{whole}.{tenth} million") == read_number(grouped)


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_integers_read_back(n: int) -> None:
    assert read_number(f"{n:,}") == n


@given(st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e15)))
def test_format_then_read_round_trips(value: float) -> None:
    assert read_number(format_number(value)) == value


@pytest.mark.parametrize(
    "text",
    [
        "9" * 10_000,
        "1e999 and 1e-999",
        "(" * 500 + "5" + ")" * 500,
        "one two three four five six seven eight nine " * 2_000,
        "1,000," * 5_000,
        "between 5 and " * 3_000,
    ],
)
def test_pathological_input_is_fast_and_sane(text: str) -> None:
    started = time.perf_counter()
    quantities = list(find_quantities(text))
    assert time.perf_counter() - started < 10.0  # catastrophic backtracking takes hours
    assert all(q.value is None or q.value < 1e30 for q in quantities)


def test_ten_thousand_digits_are_not_an_amount() -> None:
    assert list(find_amounts("9" * 10_000)) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("five- and six-cylinder engines", [5, 6]),
        ("two hundred and five", [205]),
        ("twenty-five people", [25]),
        ("fell to -5 degrees, minus-5 yards, minus 387", [-5, -5, -387]),
        ("COVID -19 wards", [19]),
        ("from 5-10 people", [5, 10]),
        ("it froze at minus 40 F,minus 40 C", [-40, -40]),
    ],
)
def test_suspended_compounds_and_signs(text: str, values: list[float]) -> None:
    assert [a.value for a in find_amounts(text)] == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a dram is 1/16 of an ounce and 1\u204464 of a pound", [1 / 16, 1 / 64]),
        ("3/4 of voters", [0.75]),
        ("on 1/16 they met", [1]),  # a larger denominator alone may be a date
        ("the 9/11 attacks, open 24/7", [9, 24]),
    ],
)
def test_fractions_with_a_slash(text: str, values: list[float]) -> None:
    assert [a.value for a in find_amounts(text)] == pytest.approx(values)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a cell is 2.5×10−6 metres across", [2.5e-6]),
        ("some 6 x 10^23 atoms and 4×10⁻³ grams", [6e23, 4e-3]),
        ("a 3×10 room", [3, 10]),  # a size, not a power
        ("1×10^999 is not a number here", []),
    ],
)
def test_scientific_notation(text: str, values: list[float]) -> None:
    assert [a.value for a in find_amounts(text)] == pytest.approx(values)


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("for the last two or three years", [(2, 3)]),
        ("5 or 6 riders fell", [(5, 6)]),
        ("1 or 10 riders, in 2019 or 2020", [(None, None), (None, None)]),
    ],
)
def test_two_neighbouring_numbers_joined_by_or_are_a_range(
    text: str, ends: list[tuple[float | None, float | None]]
) -> None:
    found = [(q.low, q.high) for q in find_quantities(text)]
    assert found[: len(ends)] == ends
