"""Every unit the abbreviation table names is one pint knows."""

from __future__ import annotations

import pytest

from claimledger.extract.units import ABBREVIATIONS, measure_unit


@pytest.mark.parametrize("written", sorted(ABBREVIATIONS))
def test_abbreviations_resolve(written: str) -> None:
    unit = measure_unit(written)
    assert unit, written
