"""Every unit the abbreviation table names is one pint knows."""

from __future__ import annotations

import pytest

from claimledger.extract.units import ABBREVIATIONS, measure_unit


@pytest.mark.parametrize("written", sorted(ABBREVIATIONS))
def test_abbreviations_resolve(written: str) -> None:
    unit = measure_unit(written)
    assert unit, written


@pytest.mark.parametrize("word", ["cats", "rats", "hats", "mats"])
def test_a_word_pint_reads_as_a_prefix_and_a_symbol_is_no_unit(word: str) -> None:
    assert measure_unit(word) is None  # "cats": centi-technical-atmospheres to pint


@pytest.mark.parametrize(("word", "name"), [("tonnes", "metric_ton"), ("feet", "foot"),
                                            ("kilowatts", "kilowatt"), ("amps", "ampere")])
def test_unit_words_still_resolve(word: str, name: str) -> None:
    assert measure_unit(word) == name
