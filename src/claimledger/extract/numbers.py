"""Reading numbers as news writes them: a pure module with no spaCy and no state.

Separated from the spaCy component so that the hard part of figures, turning
"1,200", "3.5 million", "forty-five", "half a million" or "5m" into a float, can
be property-tested on its own (spans inside the text, equal values for equal
amounts, round trips through :func:`format_number`).

Every pattern is precompiled, bounded (``{1,3}``, ``{0,6}``) and anchored on word
boundaries, so a 10,000-digit run or a 100,000-character sentence is scanned in
linear time; digit runs longer than :data:`MAX_DIGITS` are identifiers, not amounts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

MAX_DIGITS = 24
"""Longer digit runs (account numbers, noise) are never read as amounts."""

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "bn": 1e9, "tn": 1e12, "k": 1e3, "m": 1e6, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip
FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
    "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}  # fmt: skip
VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅒": 0.1}
VAGUE = {
    "dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "tens": 10.0,
}  # fmt: skip

_WORD = "|".join(sorted(UNITS, key=len, reverse=True))
_SCALE_WORD = "hundred|thousand|million|billion|trillion|lakh|crore|dozen"
_TOKEN = rf"(?:{_WORD}|{_SCALE_WORD}|half|quarters?)"
_DIGITS = (
    r"\d{1,3}(?:,\d{3}){1,6}(?:\.\d{1,20})?"  # 1,200 / 1,234,567.89
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,5}(?![\d.,]\d)"  # 1 200 (space-grouped)
    r"|\d{1,30}(?:\.\d{1,20})?"  # 1200 / 1.5 (long runs are read, then refused)
    r"|\.\d{1,20}"
)
_SUFFIX = (
    r"(?:[ \u00a0-]?(?:hundred[ \u00a0-])?(?:million|billion|trillion|thousand)\b"
    r"|[ \u00a0-]?(?:hundred|lakh|crore)\b"
    r"|(?:mn|bn|tn|m|k)\b)"
)

NUMBER = re.compile(
    rf"""
    (?:(?<![\w.,/:])|(?<=,)(?=(?:minus|negative)[\s-])|(?<=(?-i:USD|EUR|GBP|AUD|CAD|NZD|HKD|JPY|CNY|INR|CHF|\$US))
       |(?<=(?-i:PS|RM|\$A|\$C))(?=\d[.,]?\d)|(?<=(?-i:euro))(?=\d))(?<!\d[ ])
    (?:(?<![A-Za-z]-)|(?<=\b(?:sub|now)-)|(?<=\bthen-)|(?<=\bto-))
    (?P<sign>(?:minus|negative)[\s-]|(?-i:(?<![A-Z]\ ))[-\u2212](?=\.?\d))?
    (?:
      (?P<vague>(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)
         |dozens|hundreds|thousands|millions|billions|scores(?=\s+of\b))\b
      |(?P<frac>[1-9]/(?:2|3|4|5|8|10)(?![/\d])|[1-9]\d{{0,2}}\u2044[1-9]\d{{0,3}}(?!\d)
         |[1-9]/(?:16|32|64|100|128|1000)(?=\s+of\b))
      |(?P<digits>{_DIGITS})(?:\s(?P<mixed>\d{{1,2}}/\d{{1,2}}))?(?P<vulgar>[½¼¾⅓⅔])?
        (?P<power>\s?(?:×\s?10(?:\^|\*\*)?|(?-i:x)\s?10(?:\^|\*\*))
           (?P<exp>[-−⁻]?\d{{1,3}}|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,3}}))?
        (?P<scale>{_SUFFIX})?(?!\d)
      |(?P<uni>[½¼¾⅓⅔⅕⅒])
      |(?P<words>(?:an?\s+)?(?:{_TOKEN})\b(?:(?:\s*-(?!\s+and\b)\s*|\s+)(?:and\s+)?(?:an?\s+)?
         (?:{_TOKEN})\b){{0,6}})
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""One amount: digits with separators, decimals and a scale, a fraction, or number words,
after a space or a currency written against it ("USD1,700", "$US55,931", "RM2.70", "euro110",
"PS2.7m", the "£" of a text passed through an ASCII transliteration; never "PS5"), with its
sign ("-5", "minus 387"; a hyphen between two numbers is a range, not a sign, and so is
"COVID -19"). A word and a hyphen before the digits make a name ("G-7", "F-35"), except
"sub-" (a bound: "sub-5 nanometre"), "now-" or "then-" before an age ("his then-24-year-old
aide") and "to-", a suspended hyphen moved ("10 to-12-year-olds").
Scientific notation is "1.99×10−30", "3×10⁻³", "5 x 10^6" ("3×10" alone is a size).
A fraction is "3/4", "1⁄32" (the fraction slash), or "1/16 of" (a larger denominator only
before "of": "1/16" alone may be a date).
"five- and six-cylinder" is two amounts: a hyphen before "and" suspends a compound."""

_SPLIT = re.compile(r"[\s\-]+")
_SEPARATORS = re.compile(r"[,\s\u00a0\u202f]")
_SCALE_FIRST = re.compile(r"(?:hundred|thousand|million|billion|trillion|lakh|crore)\b", re.I)
_FRACTION_ONLY = re.compile(r"(?:an?\s+)?(?:half|quarters?)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount found in a text: where it is, what it is worth, and whether it is vague.

    ``value`` is ``None`` for vague amounts ("thousands"); ``magnitude`` then holds the
    order of magnitude the words name ("tens of millions": 1e7).
    """

    start: int
    end: int
    value: float | None
    vague: bool = False
    magnitude: float | None = None
    words: bool = False
    scale: str | None = None
    """The scale as written ("m", "bn", "million"): "m" may turn out to be metres."""


def read_words(text: str) -> float | None:
    """The value of number words ("forty-five", "two and a half million"), else ``None``."""
    total = 0.0
    current = 0.0
    seen = False
    words = [w for w in _SPLIT.split(text.lower().strip()) if w]
    for i, raw in enumerate(words):
        after_and = words[max(0, i - 2) : i] == ["and", "a"]
        if raw in ("and", "a", "an"):
            continue
        if raw in UNITS:
            current += UNITS[raw]
        elif raw in ("half", "quarter", "quarters"):
            # "two and a half" adds the part; "half a million", "three quarters" scale.
            current = current + FRACTIONS[raw] if after_and else (current or 1.0) * FRACTIONS[raw]
        elif raw in ("hundred", "dozen"):
            current = (current or 1.0) * (100 if raw == "hundred" else 12)
        elif raw in SCALES:
            total += (current or 1.0) * SCALES[raw]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def read_digits(digits: str, scale: str | None = None) -> float | None:
    """The value of digits with separators and a scale ("1,200", "1 200", "1.5 million").

    Decimal arithmetic, so that "128.2 million" is exactly 128,200,000.
    """
    clean = _SEPARATORS.sub("", digits)
    if len(clean.replace(".", "")) > MAX_DIGITS:
        return None
    value = float(Decimal(clean) * int(SCALES[scale] if scale else 1))
    return value if math.isfinite(value) else None


def _fraction(text: str) -> float | None:
    num, _, den = text.replace("\u2044", "/").partition("/")
    return int(num) / int(den) if int(den) else None


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")


def _exponent(text: str) -> int:
    """ "−30", "⁻³", "6": the power of ten of "1.99×10−30", "5 x 10^6", "3×10⁻³"."""
    return int(text.translate(_SUPERSCRIPT))


def _amount(match: re.Match[str]) -> Amount | None:
    amount = _unsigned(match)
    if amount is None or not match["sign"] or amount.value is None:
        return amount
    return replace(amount, value=-amount.value)


def _unsigned(match: re.Match[str]) -> Amount | None:
    start, end = match.span()
    if match["vague"]:
        words = match["vague"].lower().split()
        magnitude = math.prod(VAGUE[w] for w in (words[0], words[-1]) if w in VAGUE) \
            if len(words) > 1 else VAGUE.get(words[0])
        return Amount(start, end, None, vague=True, magnitude=magnitude)
    if match["digits"]:
        scale = match["scale"].strip(" \u00a0-").lower() if match["scale"] else None
        hundreds = scale is not None and len(scale) > 7 and scale.startswith("hundred")
        scale = scale[8:] if hundreds and scale else scale  # "4 hundred million"
        value = read_digits(match["digits"], scale)
        value = value * 100 if hundreds and value is not None else value
        if value is None:
            return None
        part = (_fraction(match["mixed"]) or 0.0) if match["mixed"] else 0.0
        part += VULGAR[match["vulgar"]] if match["vulgar"] else 0.0
        if match["power"]:
            value = float(Decimal(repr(value)).scaleb(_exponent(match["exp"])))
            if not math.isfinite(value):
                return None
        return Amount(start, end, value + part * (SCALES[scale] if scale else 1), scale=scale)
    if match["frac"]:
        fraction = _fraction(match["frac"])
        return None if fraction is None else Amount(start, end, fraction)
    if match["uni"]:
        return Amount(start, end, VULGAR[match["uni"]])
    words = match["words"]
    if _FRACTION_ONLY.fullmatch(words):
        return None  # "half", "a quarter": fractions are ratios, read by the figure finder
    if _SCALE_FIRST.match(words):
        return None  # "trillion" alone is a stray scale word, not an amount
    value = read_words(words)
    return None if value is None else Amount(start, end, value, words=True)


def find_amounts(text: str) -> Iterator[Amount]:
    """Every amount in ``text``, left to right, with spans into ``text``."""
    for match in NUMBER.finditer(text):
        amount = _amount(match)
        if amount is not None:
            yield amount


def read_number(text: str) -> float | None:
    """The value of ``text`` when the whole of it is one amount, else ``None``."""
    match = NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    amount = _amount(match)
    return None if amount is None else amount.value


def format_number(value: float) -> str:
    """A news-style rendering ("3.5 million", "1,200", "0.25") that reads back to ``value``."""
    for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(value) >= scale:
            scaled = value / scale
            text = f"{repr(scaled).removesuffix('.0')} {word}"
            if "e" not in text and read_number(text) == value:
                return text
    if value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    return format(Decimal(repr(value)), "f")
