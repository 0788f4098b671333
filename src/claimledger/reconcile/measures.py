"""Grouping claims into measures: what is counted, what is said of it, unit, kind of period.

A claim's measure is decided by a key built from the claim alone (its concepts,
the class of its head noun, its quantity and its kind of period), so grouping is
the same whatever order documents arrive in, a new claim finds its measure by a
key lookup, and the measure id (a hash of the key) survives re-ingest and
rebuilds. Every part of the key records the words that decided it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimledger.extract.model import load_model
from claimledger.reconcile.bounds import Interval, Span, interval, span
from claimledger.reconcile.claims import Context, StoredClaim
from claimledger.reconcile.records import PeriodKind
from claimledger.reconcile.terms import (
    CONCEPT_DEFAULT_HEAD,
    HEAD_CLASSES,
    HEAD_LABELS,
    PLACEHOLDER_HEADS,
    concept_label,
    concepts_in,
)

UNMEASURED_KINDS = frozenset(("date",))
"""A date is when something happened, not an amount of anything."""
_MODIFIER_DEPS = frozenset(("amod", "compound", "nmod"))
NAME_OVERLAP = 0.5
REPORTING = frozenset(("say", "tell", "report", "accord", "add", "claim", "show", "estimate",
                       "believe", "think", "suggest", "warn", "announce"))
"""Verbs that report a figure rather than say what happened to it."""
_PERIOD_LABELS = {"cumulative": "running total", "window": "calendar window", "point": "on a day"}


@dataclass(frozen=True, slots=True)
class Head:
    """What is counted: a class ("soldier") or a lemma, and for generic heads the
    lemmas of the modifiers that narrow it ("draft" in "draft age")."""

    name: str | None
    modifiers: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class Assignment:
    """A claim placed on a measure, with what the checks need to compare it."""

    claim: StoredClaim
    measure_id: str
    key: str
    label: str
    kind_of_period: PeriodKind
    quantity: str
    concepts: frozenset[str]
    head: str
    interval: Interval | None
    span: Span
    why: str
    names: frozenset[str] = frozenset()
    """For a measure without a field concept, the names in the claim's sentence: such
    claims are compared only when they share one (two "sales rose" figures about
    different companies are not one measure)."""

    @property
    def generic(self) -> bool:
        return self.key.startswith("~")

    def shares_subject(self, other: Assignment) -> bool:
        """Whether two claims can be about the same thing at all: always on a field
        concept; otherwise when at least half of their sentences' names are shared
        ("Shares in Barclays ... 1405 GMT" and "Carnival's shares ... 1300 GMT" share
        only "GMT", which says nothing about what the figures are about)."""
        if not (self.generic or other.generic):
            return True
        union = self.names | other.names
        return bool(union) and len(self.names & other.names) >= NAME_OVERLAP * len(union)

    @property
    def figure_key(self) -> str:
        """One figure: one value (or range) on one measure."""
        c = self.claim
        value = f"{c.value:.6g}" if c.value is not None else f"{c.low:.6g}-{c.high:.6g}"
        return f"{self.measure_id}|{value}"


@cache
def _nlp() -> Any:
    """The spaCy pipeline, loaded once per process; only the parse and lemmas are used."""
    return load_model(exclude=("ner",))


def heads(phrases: Iterable[str]) -> dict[str, Head]:
    """The head of every ``counted`` phrase, parsed in one batch."""
    unique = sorted(set(phrases))
    return {p: _head(doc) for p, doc in zip(unique, _nlp().pipe(unique), strict=True)}


def _head(doc: Any) -> Head:
    roots = [t for t in doc if t.head.i == t.i or t.dep_ == "ROOT"]
    if not roots:
        return Head(None, (), "no noun")
    root = roots[0]
    if root.lemma_.lower() in PLACEHOLDER_HEADS:
        of = [t for t in root.subtree if t.dep_ == "pobj" and t.pos_ in ("NOUN", "PROPN")]
        if not of:
            return Head(None, (), f"{root.text!r} names the quantity, not what is counted")
        root = of[0]
    lemma = root.lemma_.lower()
    head_class = HEAD_CLASSES.get(lemma)
    if head_class is not None:
        return Head(head_class, (), f"head {root.text!r} (lemma {lemma!r}) counts {head_class}s")
    if root.pos_ == "PROPN" or concepts_in(root.text):
        return Head(None, (), f"{root.text!r} is a name or a concept, not a counted noun")
    modifiers = tuple(sorted({
        t.lemma_.lower() for t in root.children
        if t.dep_ in _MODIFIER_DEPS and t.pos_ in ("NOUN", "ADJ") and t.text[:1].islower()
    }))
    return Head(lemma, modifiers, f"head {root.text!r} (lemma {lemma!r})"
                + (f" with {', '.join(modifiers)}" if modifiers else ""))


def assign(claims: list[StoredClaim], context: dict[str, Context]) -> list[Assignment]:
    """The measure of every claim that has one: a date, a figure without a number
    ("thousands"), or one with neither a counted noun nor a known concept has none.

    spaCy runs only where it decides something: on counted phrases, on the clauses of
    figures off the field vocabulary (for their verb), and on a previous sentence only
    when it holds a concept the figure may refer back to."""
    parsed = heads(c.counted for c in claims if c.counted)
    found_concepts = {c.id: _concepts(c, context[c.id], parsed.get(c.counted or ""))
                      for c in claims}
    acts = verbs(context[c.id].clause for c in claims if not found_concepts[c.id][0])
    found = []
    for claim in claims:
        ctx = context[claim.id]
        placed = _assign(claim, ctx, parsed.get(claim.counted or ""),
                         found_concepts[claim.id], acts.get(ctx.clause))
        if placed is not None:
            found.append(placed)
    return found


def verbs(clauses: Iterable[str]) -> dict[str, str | None]:
    """The main verb lemma of every clause ("rose" → "rise"), parsed in one batch."""
    unique = sorted(set(clauses))
    return {c: next((t.lemma_.lower() for t in doc if t.pos_ == "VERB"
                     and t.lemma_.lower() not in REPORTING), None)
            for c, doc in zip(unique, _nlp().pipe(unique), strict=True)}


def _concepts(claim: StoredClaim, ctx: Context, head: Head | None) -> tuple[dict[str, str], str]:
    """Field concepts of a claim and where they were read."""
    own = " ".join(t for t in (claim.counted, claim.predicate) if t)
    concepts = concepts_in(own)
    if concepts:
        return concepts, "counted/predicate"
    concepts = concepts_in(ctx.clause)
    if concepts:
        return concepts, "clause"
    earlier = concepts_in(ctx.previous)
    if earlier and head is not None and head.name is not None and _mentions(ctx.previous, head):
        return earlier, "previous sentence, which names the head"
    return {}, ""


def _assign(claim: StoredClaim, ctx: Context, head: Head | None,
            found: tuple[dict[str, str], str], verb: str | None) -> Assignment | None:
    if claim.kind in UNMEASURED_KINDS or (claim.value is None and
                                          (claim.low is None or claim.high is None)):
        return None
    why = []
    concepts, where = found
    if concepts:
        why.append(f"{where}: " + ", ".join(f"{w!r} → {concept_label(n)}"
                                            for n, w in sorted(concepts.items())))
    if head is not None:
        why.append(head.why)
    head_name = head.name if head is not None else None
    modifiers = head.modifiers if head is not None and not concepts else ()
    if concepts and head_name not in HEAD_LABELS:
        head_name = CONCEPT_DEFAULT_HEAD
        why.append(f"no counted class among the nouns: {concept_label(min(concepts))} "
                   f"figures count {CONCEPT_DEFAULT_HEAD}s")
    if head_name is None:
        return None
    quantity = f"{claim.kind}:{claim.unit}" if claim.unit else claim.kind
    when = span(claim, stock=bool(concepts))
    why.append(f"{quantity}; {when.reading}")
    if not concepts:
        modifiers = (*modifiers, f"verb:{verb}") if verb else modifiers
        why.append(f"main verb {verb!r}; compared only with claims naming the same "
                   f"names ({', '.join(sorted(ctx.names)) or 'none here'})" if verb else
                   "no main verb")
    concept_set = frozenset(concepts) or frozenset(modifiers)
    key = "|".join(("+".join(sorted(concepts)) if concepts else "~" + "+".join(modifiers),
                    head_name, quantity, when.kind))
    return Assignment(
        claim=claim, measure_id="m" + hashlib.sha256(key.encode()).hexdigest()[:12], key=key,
        label=_label(concepts, modifiers, head_name, quantity, when.kind),
        kind_of_period=when.kind, quantity=quantity, concepts=concept_set, head=head_name,
        interval=interval(claim), span=when, why="; ".join(why),
        names=frozenset() if concepts else ctx.names,
    )


def _mentions(text: str, head: Head) -> bool:
    """Whether a sentence names the same kind of thing (by lemma class or lemma)."""
    words = {t.lemma_.lower() for t in _nlp()(text) if t.pos_ in ("NOUN", "PROPN")}
    return any(HEAD_CLASSES.get(w, w) == head.name for w in words)


def _label(concepts: dict[str, str], modifiers: tuple[str, ...], head: str, quantity: str,
           kind: PeriodKind) -> str:
    noun = HEAD_LABELS.get(head, head)
    about = " and ".join(concept_label(c) for c in sorted(concepts)) or \
        " ".join(m.removeprefix("verb:") for m in modifiers)
    unit = "" if quantity == "count" else f" ({quantity})"
    return f"{noun}{': ' + about if about else ''}{unit}, {_PERIOD_LABELS[kind]}"
