"""What an amount is counted in: currencies (ISO 4217), percent, time and pint units.

Kept apart from the figure finder because the vocabulary is data, documented in
docs/figures.md, and because pint is slow to load and easy to over-trust: pint
reads "a" as a year and "in" as an inch, so only words from a curated table, or
words of four letters or more that pint knows as a physical quantity, are units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from claimledger.records import FigureKind

CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD",
    "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "mex$": "MXN", "nt$": "TWD",
    "usd$": "USD", "aud$": "AUD", "cad$": "CAD", "nzd$": "NZD", "mxn$": "MXN",
    "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH", "₩": "KRW",
    "₺": "TRY", "rs": "INR", "rs.": "INR", "$us": "USD", "$a": "AUD", "$au": "AUD",
    "$c": "CAD", "$nz": "NZD", "$hk": "HKD", "$s": "SGD", "euro": "EUR",
    "ps": "GBP", "y=": "JPY", "eur": "EUR", "rm": "MYR",
}  # fmt: skip
"""Symbols, and what an ASCII transliteration makes of them ("£" becomes "PS", "¥" "Y=")."""
CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "INR",
        "RUB",
        "UAH",
        "CHF",
        "CAD",
        "AUD",
        "NZD",
        "HKD",
        "SGD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "ZAR",
        "TRY",
        "BRL",
        "MXN",
        "KRW",
        "ILS",
        "AED",
        "SAR",
        "NGN",
        "EGP",
        "THB",
        "IDR",
        "MYR",
        "HUF",
        "CZK",
        "RMB",
    ]
)
CURRENCY_NAMES = {
    "dollar": "USD", "us dollar": "USD", "american dollar": "USD", "canadian dollar": "CAD",
    "australian dollar": "AUD", "new zealand dollar": "NZD", "hong kong dollar": "HKD",
    "singapore dollar": "SGD", "pound": "GBP", "pound sterling": "GBP", "sterling": "GBP",
    "euro": "EUR", "yen": "JPY", "japanese yen": "JPY", "yuan": "CNY", "chinese yuan": "CNY",
    "renminbi": "CNY", "rmb": "CNY", "rouble": "RUB", "ruble": "RUB", "hryvnia": "UAH",
    "hryvnias": "UAH", "hryvnya": "UAH", "rupee": "INR", "indian rupee": "INR",
    "swiss franc": "CHF", "franc": "CHF", "french franc": "FRF", "peso": "MXN",
    "mexican peso": "MXN", "lira": "TRY", "turkish lira": "TRY", "krona": "SEK", "kronor": "SEK",
    "krone": "NOK", "kroner": "NOK", "danish krone": "DKK", "danish kroner": "DKK",
    "danish crown": "DKK", "swedish crown": "SEK", "swedish krona": "SEK",
    "norwegian crown": "NOK", "norwegian krone": "NOK", "czech crown": "CZK",
    "zloty": "PLN", "zlotys": "PLN", "rand": "ZAR", "dirham": "AED", "riyal": "SAR",
    "shekel": "ILS", "baht": "THB", "ringgit": "MYR", "naira": "NGN", "rupiah": "IDR",
    "forint": "HUF", "koruna": "CZK", "finnish markka": "FIM", "markka": "FIM",
    "guilder": "NLG", "dutch guilder": "NLG", "netherlands guilder": "NLG", "peseta": "ESP",
    "deutschmark": "DEM", "won": "KRW", "bitcoin": "XBT", "btc": "XBT",
}  # fmt: skip
SUBUNITS = {"cent": ("cent", "USD"), "cents": ("cent", "USD"), "penny": ("penny", "GBP"),
            "pence": ("penny", "GBP"), "p": ("penny", "GBP"), "sen": ("sen", "MYR")}
"""A subunit as written, its name, and the currency its amounts are compared in."""
TIME_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "fortnight": "fortnight", "month": "month", "year": "year", "decade": "decade",
    "century": "century", "yr": "year", "hr": "hour", "min": "minute", "sec": "second",
}  # fmt: skip
ABBREVIATIONS = {
    "km": "kilometer", "kms": "kilometer", "m": "meter", "cm": "centimeter",
    "mm": "millimeter", "ft": "foot", "mi": "mile", "degrees": "degree", "degree": "degree",
    "kg": "kilogram",
    "kgs": "kilogram", "g": "gram", "mg": "milligram", "lb": "pound", "lbs": "pound",
    "oz": "ounce", "t": "metric_ton", "ml": "milliliter", "l": "liter", "mph": "mile_per_hour",
    "kph": "kilometer_per_hour", "kmh": "kilometer_per_hour", "km/h": "kilometer_per_hour",
    "kmph": "kilometer_per_hour", "kw": "kilowatt", "mw": "megawatt", "gw": "gigawatt",
    "kwh": "kilowatt_hour", "mb": "megabyte", "gb": "gigabyte", "tb": "terabyte",
    "kb": "kilobyte", "mbps": "megabit / second", "ghz": "gigahertz", "mhz": "megahertz",
    "km2": "square_kilometer", "m2": "square_meter", "sq km": "square_kilometer",
    "sq m": "square_meter", "sq ft": "square_foot", "°c": "degree_Celsius",
    "°f": "degree_Fahrenheit", "c": "degree_Celsius", "f": "degree_Fahrenheit", "°": "degree",
    "celcius": "degree_Celsius", "centigrade": "degree_Celsius", "farenheit": "degree_Fahrenheit",
    "μg": "microgram", "mcg": "microgram", "tonne": "metric_ton", "tonnes": "metric_ton",
    "metric tons": "metric_ton", "metric ton": "metric_ton", "miles an hour": "mile_per_hour",
    "miles per hour": "mile_per_hour", "kilometres per hour": "kilometer_per_hour",
    "kilometers per hour": "kilometer_per_hour", "hz": "hertz", "khz": "kilohertz",
    "w": "watt", "v": "volt", "kv": "kilovolt", "hp": "horsepower", "bhp": "horsepower",
    "nm": "nanometer", "μm": "micrometer", "mah": "milliampere_hour", "cc": "cubic_centimeter",
    "mpg": "mile / gallon", "miles per gallon": "mile / gallon", "mile per gallon": "mile / gallon",
    "gwh": "gigawatt_hour", "mwh": "megawatt_hour", "twh": "terawatt_hour", "amp": "ampere",
    "amps": "ampere", "db": "decibel", "decibel": "decibel", "decibels": "decibel",
    "″": "inch", "′": "foot",
}  # fmt: skip
ABBREVIATIONS |= {written: "pound_force * foot" for written in (
    "pound-feet", "pound-foot", "lb-ft", "lbs-ft", "ft-lb", "ft-lbs", "foot-pounds", "foot-pound")}
ABBREVIATIONS |= {written: "newton * meter" for written in (
    "newton-metres", "newton-meters", "newton-metre", "newton-meter")}
"""Torque, as the ``torque`` pattern of :func:`unit_after` reads it (spaces as hyphens)."""
CASED = {"Nm": "newton * meter", "PS": "metric_horsepower", "dB": "decibel"}
"""Abbreviations whose case decides the unit: "450 Nm" of torque, "5 nm" of wavelength;
"300 PS" is metric horsepower (Pferdestärke)."""
PHYSICAL = ("meter", "gram", "kelvin", "meter ** 2", "meter ** 3", "meter / second", "watt",
            "joule", "pascal", "volt", "ampere", "ohm")  # fmt: skip
"""A word pint reads is a unit here only when it measures what one of these does: length,
mass, temperature, area, volume, speed, power, energy (and torque), pressure, and the
volts, amperes and ohms of electricity; pint also knows "a", "in" and "pi"."""
NOT_UNITS = frozenset(
    [
        "league",
        "leagues",
        "hand",
        "hands",
        "span",
        "spans",
        "chain",
        "chains",
        "rod",
        "rods",
        "pole",
        "poles",
        "link",
        "links",
        "mil",
        "mils",
        "cable",
        "cables",
        "perch",
        "drop",
        "drops",
        "cup",
        "cups",
        "shot",
        "shots",
        "cord",
        "cords",
        "board",
        "boards",
        "pace",
        "paces",
        "step",
        "steps",
        "block",
        "blocks",
        "story",
        "storey",
        "stories",
        "storeys",
        "square",
        "line",
        "lines",
        "point",
        "points",
    ]
) | frozenset(
    [
        "point",
        "points",
        "line",
        "lines",
        "pica",
        "bit",
        "bits",
        "are",
        "ares",
        "year",
        "years",
        "month",
        "months",
        "barn",
        "gross",
    ]
)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit read after an amount: its name, the kind of figure, and how far it reaches.

    ``factor`` converts the amount to ``base``, the unit it is compared in (pence to
    pounds is 0.01); the figure keeps the amount as written.
    """

    name: str | None
    kind: FigureKind
    end: int
    factor: float = 1.0
    base: str | None = None


_SYMBOL = re.compile(
    r"(?:(?<![A-Za-z])(?:(?:us|au|ca|nz|hk|mex|nt)\s?|a|c|s|r|usd|aud|cad|nzd|mxn)?\$"
    r"(?:(?-i:US|AU|A|C|NZ|HK|S)(?![a-z]))?|[£€¥₹₽₴₩₺]|(?<![A-Za-z])(?-i:PS|Y=|RM|euro)"
    r"|\b(?:[Rr]s\.?|(?-i:" + "|".join(sorted(CURRENCY_CODES)) + r")))\s?$",
    re.IGNORECASE,
)
_NAMES = "|".join(sorted((re.escape(n) for n in CURRENCY_NAMES), key=len, reverse=True))
_AFTER = re.compile(
    r"""[\s\u00a0-]{0,2}(?:
      (?P<pp>(?:%|per\s?cent|percent)?\s*percentage[\s-]points?\b|(?:%|\s?per\s?cent|\s?percent)\s?points?\b)
      |(?P<pct>%|per\s?cent\b|percent\b|pc\b)
      |(?P<symbol>[€$£¥](?![\d]))
      |(?P<code>(?-i:"""
    + "|".join(sorted(CURRENCY_CODES))
    + r""")\b)
      |(?P<torque>(?:pound|lbs?|foot|ft|newton)[\s-](?:f(?:ee|oo)t|ft|pounds?|lbs?|met(?:re|er)s?)\b)
      |(?P<name>(?:"""
    + _NAMES
    + r""")(?:e?s)?\b)
      |(?P<sub>cents?\b|pence\b|penny\b|p\b|sen\b)
      |(?P<age>years?[\s-]old\b|years?\s+of\s+age\b|(?:months?|weeks?|days?)[\s-]old\b)
      |(?P<time>(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ie)|yr|hr|min|sec)s?\b)
      |(?P<temp>deg(?:rees?|\.)?\s?(?:celsius|celcius|centigrade|fahrenheit|farenheit|c|f)\b)
      |(?P<word>(?:square|sq|cubic|metric)\s[a-z]{1,12}
        |[a-z]{1,12}\s(?:an|per)\s(?:hour|second|gallon)|km/h|°\s?[cf]\b|°|[″′](?!s\b)|[a-zμ°]{1,12}[23]?)
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def currency_before(text: str, start: int) -> tuple[str, int] | None:
    """The ISO code of a currency symbol or code written just before ``start``, and its start."""
    match = _SYMBOL.search(text, max(0, start - 5), start)
    if match is None:
        return None
    word = "".join(match.group().split()).lower()
    code = CURRENCY_SYMBOLS.get(word) or word.upper()
    return ("CNY" if code == "RMB" else code), match.start()


def unit_after(text: str, end: int) -> Unit | None:
    """The unit written just after an amount ending at ``end``, if any."""
    match = _AFTER.match(text, end, min(len(text), end + 40))
    if match is None:
        return None
    kind = match.lastgroup
    found = match.group(kind or 0) or ""
    if kind == "pp":
        return Unit("percentage point", "percent", match.end())
    if kind == "pct":
        return Unit("percent", "percent", match.end())
    if kind == "symbol":
        return Unit(CURRENCY_SYMBOLS[found], "money", match.end())
    if kind == "code":
        code = found.upper()
        return Unit("CNY" if code == "RMB" else code, "money", match.end())
    if kind == "name":
        return Unit(_currency_name(found), "money", match.end())
    if kind == "sub":
        name, base = SUBUNITS[found.lower()]
        return Unit(name, "money", match.end(), 0.01, base)
    if kind == "age":
        return Unit(_time_name(found.split()[0].split("-")[0]), "age", match.end())
    if kind == "time":
        return Unit(_time_name(found), "duration", match.end())
    if kind == "temp":
        celsius = found.lower().rstrip(" .").endswith(("c", "celsius", "celcius", "centigrade"))
        scale = "degree_Celsius" if celsius else "degree_Fahrenheit"
        return Unit(scale, "measurement", match.end())
    if kind == "torque":
        torque = measure_unit(found.replace(" ", "-"))
        return Unit(torque, "measurement", match.end()) if torque else None
    if found in CASED:
        return measurement(canonical_unit(CASED[found]), match.end())
    spaced = match.start(kind or 0) > end
    lone_capital = found.isupper() and found not in ("W", "V")
    if len(found) == 1 and ((spaced and found.lower() != "m" and found not in ("W", "V"))
                            or lone_capital):
        return None  # "5 g", "3 c", "5G", "3D": a lone letter is rarely a unit unless glued
        # and lower, or the watts and volts of "10W", "240V", "5 W"
    pint_name = measure_unit(found)
    return measurement(pint_name, match.end()) if pint_name else None


def measurement(name: str, end: int) -> Unit:
    """A measurement unit; a length is compared in metres ("940 miles" and "1,500
    kilometers" from one city are one distance), other units as written."""
    factor, base = _in_metres(name) or (1.0, None)
    return Unit(name, "measurement", end, factor, base)


@lru_cache(maxsize=1024)
def _in_metres(name: str) -> tuple[float, str] | None:
    """The factor from a unit of length to metres, or ``None`` for metres themselves and
    for any other unit."""
    registry = unit_registry()
    try:
        unit = registry.parse_units(name)
    except Exception:  # pint raises many kinds of errors for names it cannot read
        return None
    if registry.get_dimensionality(unit) != registry.get_dimensionality(registry.meter):
        return None
    if name == "meter":
        return None  # already in metres: nothing to convert
    return float(registry.Quantity(1, unit).to("meter").magnitude), "meter"


def _currency_name(word: str) -> str:
    key = word.lower()
    for cut in (key, key.removesuffix("s"), key.removesuffix("es")):
        if cut in CURRENCY_NAMES:
            return CURRENCY_NAMES[cut]
    return "USD"


def _time_name(word: str) -> str:
    key = word.lower().rstrip("s")
    return "century" if key.startswith("centur") else TIME_UNITS.get(key, key)


@lru_cache(maxsize=4096)
def measure_unit(word: str) -> str | None:
    """The pint name of a measurement unit written as ``word``, or ``None``."""
    key = " ".join(word.lower().split())
    if key in ABBREVIATIONS:
        name = ABBREVIATIONS[key]
        return name if name.startswith(("square_", "cubic_")) else canonical_unit(name)
    if len(key) < 4 or key in NOT_UNITS or key.rstrip("s") in NOT_UNITS:
        return None
    power = {"square": "square_", "sq": "square_", "cubic": "cubic_"}.get(key.split()[0], "")
    if power:
        base = measure_unit(key.split(maxsplit=1)[1]) if " " in key else None
        return power + base if base else None
    try:
        unit = unit_registry().parse_units(key.replace(" an ", " per ").replace(" ", "_"))
    except Exception:  # pint raises many kinds of errors for words that are not units
        return None
    if unit_registry().get_dimensionality(unit) not in _physical():
        return None
    name = str(unit)
    if len(name) > 2 * len(key) + 4:
        return None  # a prefix and a symbol pint found in a word: "cats" is centi-at-s
    return name


@cache
def _physical() -> frozenset[Any]:
    registry = unit_registry()
    return frozenset(registry.get_dimensionality(registry.parse_units(n)) for n in PHYSICAL)


@lru_cache(maxsize=256)
def canonical_unit(name: str) -> str:
    """pint's canonical spelling of a unit name ("kilowatt_hour", "mile / gallon")."""
    return str(unit_registry().parse_units(name))


@cache
def unit_registry() -> Any:
    """pint's registry, loaded on first use (it takes a second)."""
    import pint

    return pint.UnitRegistry()
