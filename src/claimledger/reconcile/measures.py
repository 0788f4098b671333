"""Grouping claims into measures: what is counted, what is said of it, unit, kind of period.

A claim's measure is decided by a key built from the claim alone (its concepts,
the class of its head noun, its quantity and its kind of period), so grouping is
the same whatever order documents arrive in, a new claim finds its measure by a
key lookup, and the measure id (a hash of the key) survives re-ingest and
rebuilds. Every part of the key records the words that decided it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any, TypeVar

from claimledger.extract.model import load_model
from claimledger.reconcile.bounds import Interval, Span, interval, span
from claimledger.reconcile.claims import Context, Located, Spot, StoredClaim, contexts
from claimledger.reconcile.records import PeriodKind
from claimledger.reconcile.terms import (
    CONCEPT_DEFAULT_HEAD,
    HEAD_CLASSES,
    HEAD_LABELS,
    PLACEHOLDER_HEADS,
    concept_label,
    concepts_in,
)
from claimledger.records import Figure

UNMEASURED_KINDS = frozenset(("date",))
"""A date is when something happened, not an amount of anything."""
_MODIFIER_DEPS = frozenset(("amod", "compound", "nmod"))
NAME_OVERLAP = 0.5
REPORTING = frozenset(("say", "tell", "report", "accord", "add", "claim", "show", "estimate",
                       "believe", "think", "suggest", "warn", "announce"))
"""Verbs that report a figure rather than say what happened to it."""
V = TypeVar("V")
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


@dataclass(frozen=True, slots=True)
class Readings:
    """What spaCy decides about a document's claims: the head of each counted phrase,
    the main verb of each clause and the nouns of each sentence a figure may refer
    back to. Each is a pure function of its string, so they can be computed where
    the document is extracted (a Dask worker, which has the pipeline loaded anyway)
    and handed to the one process that reconciles: see :func:`remember`."""

    heads: dict[str, Head] = field(default_factory=dict)
    verbs: dict[str, str | None] = field(default_factory=dict)
    nouns: dict[str, frozenset[str]] = field(default_factory=dict)


MEMO_LIMIT = 20_000
"""Strings remembered per kind. Readings are remembered just before their document
is reconciled, so this is room for several partitions in hand; older ones are
forgotten and the memo stays small however long the run."""
_KNOWN = Readings()


def remember(readings: Readings) -> None:
    """Keep readings computed elsewhere, so reconciling their claims parses nothing.

    Only a memo: a string not remembered is parsed here, with the same result."""
    for kind in ("heads", "verbs", "nouns"):
        memo = getattr(_KNOWN, kind)
        memo.update(getattr(readings, kind))
        for stale in list(islice(memo, max(0, len(memo) - MEMO_LIMIT))):
            del memo[stale]


def _read(kind: str, texts: Iterable[str], read_one: Callable[[Any], V]) -> dict[str, V]:
    """``read_one`` of every text's parse, parsing in one batch only the texts whose
    ``kind`` of reading is not remembered. What is parsed here is not remembered:
    the memo is a hand-over from where the document was extracted, not a cache
    that grows with the corpus.

    The parse runs in a memory zone: its strings leave the vocabulary afterwards."""
    memo: dict[str, V] = getattr(_KNOWN, kind)
    wanted = set(texts)
    found = {t: memo[t] for t in wanted if t in memo}
    todo = sorted(wanted - found.keys())
    if todo:
        nlp = _nlp()
        with nlp.memory_zone():
            found.update((t, read_one(doc)) for t, doc in
                         zip(todo, nlp.pipe(todo), strict=True))
    return found


def heads(phrases: Iterable[str]) -> dict[str, Head]:
    """The head of every ``counted`` phrase."""
    return _read("heads", phrases, _head)


def verbs(clauses: Iterable[str]) -> dict[str, str | None]:
    """The main verb lemma of every clause ("rose" → "rise"). The parser stays on:
    the model's attribute rules read dependencies to tell a verb from an auxiliary."""
    return _read("verbs", clauses, _verb)


def nouns(sentences: Iterable[str]) -> dict[str, frozenset[str]]:
    """The lemmas of every sentence's nouns and names."""
    return _read("nouns", sentences, _nouns)


def _verb(doc: Any) -> str | None:
    return next((t.lemma_.lower() for t in doc if t.pos_ == "VERB"
                 and t.lemma_.lower() not in REPORTING), None)


def _nouns(doc: Any) -> frozenset[str]:
    return frozenset(t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN"))


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


def read(claims: Sequence[Located], context: dict[str, Context]) -> Readings:
    """Every reading :func:`assign` needs for these claims (and a few it may not).

    spaCy runs only where it decides something: on counted phrases, on the clauses of
    figures off the field vocabulary (for their verb), and on a previous sentence only
    when it holds a concept the figure may refer back to."""
    parsed = heads(c.counted for c in claims if c.counted)
    previous = nouns(context[c.id].previous for c in claims
                     if concepts_in(context[c.id].previous))
    off_field = [c for c in claims if not _concepts(
        c, context[c.id], parsed.get(c.counted or ""), previous)[0]]
    return Readings(parsed, verbs(context[c.id].clause for c in off_field), previous)


def read_figures(text: str, figures: Iterable[Figure]) -> Readings:
    """The readings that reconciling a document's figures will need, read from the
    document as extraction sees it (before its claims are stored)."""
    spots = [Spot(str(i), f.span[0], f.span[1], f.sentence, f.counted, f.predicate)
             for i, f in enumerate(figures)]
    return read(spots, contexts(text, spots))


def assign(claims: list[StoredClaim], context: dict[str, Context]) -> list[Assignment]:
    """The measure of every claim that has one: a date, a figure without a number
    ("thousands"), or one with neither a counted noun nor a known concept has none."""
    readings = read(claims, context)
    found = []
    for claim in claims:
        ctx = context[claim.id]
        head = readings.heads.get(claim.counted or "")
        placed = _assign(claim, ctx, head, _concepts(claim, ctx, head, readings.nouns),
                         readings.verbs.get(ctx.clause))
        if placed is not None:
            found.append(placed)
    return found


def _concepts(claim: Located, ctx: Context, head: Head | None,
              nouns_of: dict[str, frozenset[str]]) -> tuple[dict[str, str], str]:
    """Field concepts of a claim and where they were read (``nouns_of``: the nouns of
    previous sentences that hold a concept)."""
    own = " ".join(t for t in (claim.counted, claim.predicate) if t)
    concepts = concepts_in(own)
    if concepts:
        return concepts, "counted/predicate"
    concepts = concepts_in(ctx.clause)
    if concepts:
        return concepts, "clause"
    earlier = concepts_in(ctx.previous)
    if earlier and head is not None and head.name is not None and any(
            HEAD_CLASSES.get(w, w) == head.name for w in nouns_of[ctx.previous]):
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


def _label(concepts: dict[str, str], modifiers: tuple[str, ...], head: str, quantity: str,
           kind: PeriodKind) -> str:
    noun = HEAD_LABELS.get(head, head)
    about = " and ".join(concept_label(c) for c in sorted(concepts)) or \
        " ".join(m.removeprefix("verb:") for m in modifiers)
    unit = "" if quantity == "count" else f" ({quantity})"
    return f"{noun}{': ' + about if about else ''}{unit}, {_PERIOD_LABELS[kind]}"
