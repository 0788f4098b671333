"""The vocabulary that says which lemmas name the same thing, loaded from a TOML file.

Nothing about any field lives in code: the packaged ``data/vocabulary.toml`` holds
general news English (killed / dead / died / death; people / residents / victims)
and, as an example of a field's own words, the demo field's AWOL and desertion
patterns. A user points ``$CLAIMLEDGER_VOCABULARY`` (or ``--vocabulary``) at their
own copy; reconciling again applies it.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

ClassKind = Literal["event", "thing", "attribute", "record", "quantity"]
ENV = "CLAIMLEDGER_VOCABULARY"


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used, with the line a person can fix."""


@dataclass(frozen=True, slots=True)
class WordClass:
    name: str
    kind: ClassKind
    label: str
    lemmas: frozenset[str]
    patterns: tuple[re.Pattern[str], ...] = ()
    counts: str | None = None
    stock: bool = False
    by_event: bool = False


@dataclass(frozen=True, slots=True)
class Vocabulary:
    classes: tuple[WordClass, ...]

    def of(self, lemma: str | None, *kinds: ClassKind) -> WordClass | None:
        """The class of one lemma among classes of ``kinds``."""
        if lemma is None:
            return None
        return next((c for c in self.classes if c.kind in kinds and lemma in c.lemmas), None)

    def named(self, name: str) -> WordClass | None:
        return next((c for c in self.classes if c.name == name), None)

    def events_in(self, text: str) -> dict[str, str]:
        """Event classes whose patterns match ``text``: class name to the words matched."""
        lowered = text.casefold()
        found = {}
        for c in self.classes:
            for pattern in c.patterns:
                match = pattern.search(lowered)
                if match:
                    found[c.name] = match.group()
                    break
        return found


def parse(text: str, source: str) -> Vocabulary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise VocabularyError(f"{source}: {e}") from e
    classes = []
    for name, entry in data.items():
        if not isinstance(entry, dict) or entry.get("kind") not in (
                "event", "thing", "attribute", "record", "quantity"):
            raise VocabularyError(f"{source}: [{name}] needs kind = event, thing, attribute, "
                                  "record or quantity")
        try:
            patterns = tuple(re.compile(p) for p in entry.get("patterns", ()))
        except re.error as e:
            raise VocabularyError(f"{source}: [{name}] pattern {e.pattern!r}: {e}") from e
        classes.append(WordClass(
            name=name, kind=entry["kind"], label=str(entry.get("label", name)),
            lemmas=frozenset(str(w).lower() for w in entry.get("lemmas", ())),
            patterns=patterns, counts=entry.get("counts"), stock=bool(entry.get("stock")),
            by_event=bool(entry.get("by_event"))))
    return Vocabulary(tuple(classes))


def load(path: str | None = None) -> Vocabulary:
    """The vocabulary at ``path``, else at ``$CLAIMLEDGER_VOCABULARY``, else the packaged one."""
    return _load(path or os.environ.get(ENV) or None)


@cache
def _load(chosen: str | None) -> Vocabulary:
    if chosen:
        try:
            return parse(Path(chosen).read_text("utf-8"), chosen)
        except OSError as e:
            raise VocabularyError(f"{chosen}: {e.strerror}") from e
    packaged = resources.files("claimledger").joinpath("reconcile/data/vocabulary.toml")
    return parse(packaged.read_text("utf-8"), "claimledger/reconcile/data/vocabulary.toml")
