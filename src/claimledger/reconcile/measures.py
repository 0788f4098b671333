"""Grouping claims into measures: within a story, what is counted, in what event, unit
and kind of period.

A claim's measure is a key built from the claim alone and its story: the story id,
*what* it measures (an attribute such as magnitude; else the class of its counted
thing, with the class of its event when the thing is people or cases, whose count
means nothing until one knows what happened to them), its quantity (kind and unit) and
its kind of period. Thing and event come from the readings extraction made
(:class:`claimledger.records.Reading`); the vocabulary (:mod:`vocabulary`) maps them
to classes, and its patterns are matched in the clause around the figure for
wordings no lemma carries ("absent without leave"). So grouping parses nothing, is
the same whatever order documents arrive in, and the measure id (a hash of the key)
survives re-ingest and rebuilds. Every part of the key records the words that
decided it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection, getLemma
from spacy.lang.en.stop_words import STOP_WORDS

from claimledger.reconcile.bounds import Interval, Span, interval, span
from claimledger.reconcile.claims import Context, StoredClaim
from claimledger.reconcile.records import PeriodKind
from claimledger.reconcile.vocabulary import Vocabulary, WordClass, load

_LEVEL_AFTER = re.compile(r"\b(?:to|at)\s*$", re.IGNORECASE)
"""Words before a figure that make a moving verb's figure a level: "rose to 10"."""
STATISTICS = "*"
"""The scope of a running total of a statistic the vocabulary marks as a ``stock``
(soldiers absent without leave): one national figure, whichever story reports it,
so it is compared across stories (places still must not differ)."""
INCREMENTS = frozenset(("another", "more", "other", "additional", "further", "extra",
                        "remaining"))
"""Words that make a count a part added to or left of a total ("another five", "20
more", "the remaining three"): set against parts like it, never against a total."""
UNMEASURED_KINDS = frozenset(("date",))
"""A date is when something happened, not an amount of anything."""


def _measured(claim: StoredClaim) -> bool:
    """Whether a claim is an amount of something (a vague one too: "tens of thousands"
    is 10,000 to 100,000, which "about 200,000" contradicts): not a date, not an
    age of no one ("the 61-year-old was arrested": whose, the reading does not say; the
    age of a named person, "Hiller, 43,", is that person's, of "a 45-year-old man" a
    man's, and "the average age is 42" is measured), and not a stretch of time that is
    no thing's ("fought for three years"; "a 90-day stay", "the war has lasted 300 days"
    are measured)."""
    if claim.kind in UNMEASURED_KINDS:
        return False
    if claim.kind == "age" and claim.thing is None and claim.about is None:
        return False
    if claim.kind == "duration" and claim.thing is None:
        return False
    return claim.value is not None or (claim.low is not None and claim.high is not None)
_PERIOD_LABELS = {"cumulative": "running total", "window": "calendar window", "point": "on a day",
                  "event": "as reported"}


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
    """The event classes of the claim ("awol", "killed"): a part shares its whole's."""
    head: str
    """The class of what is counted ("people", "cases") or the attribute measured."""
    interval: Interval | None
    span: Span
    why: str
    names: frozenset[str] = frozenset()
    """The names in the claim's sentence: claims whose sentences each name several,
    none of them shared, are about different things."""
    story_id: str = ""
    change: bool = False
    """The figure is the size of a move ("rose 6%", "fell by 200"), not a level ("rose
    to 10"): a move belongs to the time it happened in."""
    part: bool = False
    """The figure is a part of the one after it ("94,000 of the 140,000 deaths")."""

    def shares_subject(self, other: Assignment) -> bool:
        """Whether two claims of one measure can be about the same thing. Each test
        stops a false alarm read on ECB+ or BBC (the table in docs/reconcile.md)."""
        if len(self.names) > 1 and len(other.names) > 1 and not self.names & other.names:
            return False  # "Zarand, Kerman" and "Qeshm, Hormozgan" in one quake story
        a, b = self.claim, other.claim
        if a.about and b.about and a.about != b.about:
            return False  # "Dollar Baby has seven nominations", "The Aviator has 11"
        counted = load().named(self.head)
        plain = counted is None or (counted.kind == "thing" and not counted.by_event)
        if not self.concepts and plain and not (a.about and a.about == b.about):
            return False  # "five boats", "three boats": only when said of one name
        if not self.concepts and a.event and b.event and a.event != b.event:
            return False  # "five boats escorted", "three boats captured"
        objects_a, objects_b = objects(a), objects(b)
        if not self.concepts and objects_a and objects_b and not objects_a & objects_b:
            return False  # "53 million own a mobile", "22 million own an MP3 player"
        narrow_a, narrow_b = set(a.modifiers), set(b.modifiers)
        if narrow_a and narrow_b and not narrow_a & narrow_b:
            return False  # "merchant vessels", "pirate boats"
        if bool(INCREMENTS & narrow_a) != bool(INCREMENTS & narrow_b):
            return False  # "another five were rescued" adds to a total, it is not one
        if self.part != other.part:
            return False  # "94,000 of the 140,000 deaths": one country's part of the toll
        nouns = {counted_noun(a, load()), counted_noun(b, load())}  # "two women", "people"
        return self.head != other.head or not self.concepts or None in nouns or len(nouns) == 1

    @property
    def figure_key(self) -> str:
        """One figure: one value (or range) on one measure."""
        c = self.claim
        value = f"{c.value:.6g}" if c.value is not None else f"{c.low:.6g}-{c.high:.6g}"
        return f"{self.measure_id}|{value}"


@dataclass(frozen=True, slots=True)
class What:
    """What a claim measures, and the words that decided it."""

    key: str
    label: str
    head: str
    events: frozenset[str]
    stock: bool
    why: str


def what(claim: StoredClaim, ctx: Context, vocabulary: Vocabulary) -> What | None:
    """What ``claim`` measures, or ``None`` when neither its thing nor its event says.

    An attribute (magnitude, age) is what it says. A noun the vocabulary does not know
    ("AK-47s", "villages") is counted as itself, whatever happened to it: within one
    story, seven rifles found and seven rifles seized are one count. People, soldiers
    and cases, or no noun at all, are counted by their event: people killed and people
    evacuated are different measures."""
    if claim.kind == "age" and claim.about is not None:  # "Hiller, 43,": Hiller's age
        return What(f"age:{claim.about}", f"age of {claim.about.title()}", "age",
                    frozenset(), False, f"the age of {claim.about!r}")
    if claim.kind == "age" and claim.thing not in (None, "age"):
        # "a 61-year-old man": one story's man of that age is most often one person,
        # but its other men may be others, so these figures are grouped and, having no
        # event class, set against each other only when their event lemmas agree
        noun = singular(claim.thing)
        return What(f"age:a {noun}", f"age of a {noun}", "age", frozenset(), False,
                    f"the age of a {noun!r}")
    if claim.kind == "measurement" and claim.unit in LENGTHS and \
            (away := _AWAY_FROM.search(ctx.clause)) is not None:
        where = away.group(1)
        return What(f"distance:{where.casefold()}", f"distance from {where}", "distance",
                    frozenset(), False, f"a length {away.group()!r}")
    attribute = next((c for w in (claim.thing, *claim.modifiers)
                      if (c := vocabulary.of(w, "attribute"))), None)
    if attribute is not None:
        return What(attribute.name, attribute.label, attribute.name, frozenset(), False,
                    f"{_said(claim)}: {attribute.label}")
    noun = counted_noun(claim, vocabulary)
    thing = vocabulary.of(noun, "thing", "record")
    if noun is not None and thing is None:
        return What(noun, noun, noun, frozenset(), False, f"{_said(claim)}: counts {noun!r}")
    events, where = _events(claim, ctx, vocabulary)
    if thing is None:
        if not events:
            return None  # no noun, no event: not one measure of anything
        counts = next((c.counts for c in events if c.counts), None)
        default = vocabulary.named(counts) if counts else None
        name, label_ = (default.name, default.label) if default else ("people", "people")
        return _with_events(name, label_, events, claim,
                            f"{where}; no counted noun: {label_}")
    if not thing.by_event:
        return What(thing.name, thing.label, thing.name, frozenset(), False,
                    f"{_said(claim)}: counts {thing.label}")
    if events:
        return _with_events(thing.name, thing.label, events, claim, where)
    if claim.event is not None and getAllLemmas(claim.event, upos="VERB"):
        said = participle(claim.event)
        return What(f"{thing.name}:{claim.event}", f"{thing.label} {said}", thing.name,
                    frozenset(), False, f"{_said(claim)}: {thing.label} {said} "
                    "(an event the vocabulary has no class for)")
    return None  # people with no event


def objects(claim: StoredClaim) -> frozenset[str]:
    """The common content words of what is said of the counted thing, past its verb
    ("mobile" of "own a mobile in the UK"), singular; names are left to the place and
    name tests. An event the vocabulary has no class for is told by them: people who
    own a mobile and people who own a music player are different counts."""
    words = _WORDS.findall(claim.predicate or "")[1:]
    return frozenset(singular(w) or w for w in words if w not in STOP_WORDS)


_WORDS = re.compile(r"\b[a-z][a-z'-]*")
"""Words in lower case: common nouns, verbs and adjectives, not names."""


LENGTHS = frozenset(("kilometer", "mile", "meter", "foot", "yard", "nautical_mile",
                     "centimeter", "inch"))
"""pint's names of the units of length a distance is given in."""
_AWAY_FROM = re.compile(
    r"\b(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|"
    r"away|outside|off|inland)?\s*(?:of|from)\s+"
    r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)*)")
"""A length from a named place: "35 miles southwest of Bandar Abbas", "60 km from
Aden". The place names the measure; lengths from different places are not one."""


def counted_noun(claim: StoredClaim, vocabulary: Vocabulary) -> str | None:
    """The noun a claim counts, singular; none when the noun names the quantity or the
    event itself ("the death toll", "25,000 desertions")."""
    if vocabulary.of(claim.thing, "quantity", "event"):
        return None
    return singular(claim.thing)


@lru_cache(maxsize=100_000)
def singular(lemma: str | None) -> str | None:
    """A noun's lemma as lemminflect gives it: spaCy leaves plurals it tags as names
    ("Somalis", "Magazines") and those of model numbers ("AK-47s") as they are."""
    if lemma is None:
        return None
    if _MODEL_PLURAL.fullmatch(lemma):
        return lemma[:-1]  # "ak-47s", "f-16s": a model number made plural
    found = getLemma(lemma, upos="NOUN") if lemma.isalpha() else ()
    return found[0] if found else lemma


_MODEL_PLURAL = re.compile(r"[a-z]+-?\d+s")


def participle(lemma: str) -> str:
    """How a measure's name says an event: "shoot" -> "shot" (lemminflect)."""
    found = getInflection(lemma, tag="VBN") if lemma.isalpha() else None
    return found[0] if found else lemma


def _with_events(head: str, label: str, events: tuple[WordClass, ...], claim: StoredClaim,
                 note: str) -> What:
    names = frozenset(c.name for c in events)
    said = " and ".join(c.label for c in events)
    key = head + ":" + "+".join(sorted(names))
    why = f"{_said(claim)}: {label} {said}" + (f" ({note})" if note else "")
    return What(key, f"{label} {said}", head, names, any(c.stock for c in events), why)


def _said(claim: StoredClaim) -> str:
    parts = [f"thing {claim.thing!r}" if claim.thing else "",
             f"narrowed by {', '.join(claim.modifiers)}" if claim.modifiers else "",
             f"event {claim.event!r}" if claim.event else ""]
    return "; ".join(p for p in parts if p) or "no reading"


def _events(claim: StoredClaim, ctx: Context,
            vocabulary: Vocabulary) -> tuple[tuple[WordClass, ...], str]:
    """Event classes the vocabulary's patterns find in the claim's counted words and
    predicate (a wording such as "missing from their units" says more than its verb),
    else those of its event lemma and modifiers, else patterns in its clause, else, for
    an anaphor ("such cases"), in the sentence before when it names the same thing;
    with where they were found."""
    own = " ".join(t for t in (claim.counted, claim.predicate) if t)
    lemmas = [c for w in (claim.event, *claim.modifiers, claim.thing)
              if (c := vocabulary.of(w, "event"))]
    if found := _matched(own, vocabulary, "counted/predicate"):
        return found
    if lemmas:
        unique = {c.name: c for c in lemmas}
        return tuple(unique[n] for n in sorted(unique)), "lemma"
    if found := _matched(ctx.clause, vocabulary, "clause"):
        return found
    if not lemmas and not _WHOLE_AFTER.fullmatch(ctx.before) and \
            (found := _lemmas_in(ctx.clause, vocabulary)):
        return found
    if claim.thing and re.search(rf"\b{re.escape(claim.thing)}", ctx.previous.casefold()):
        earlier = _matched(ctx.previous, vocabulary, "previous sentence, which names the thing")
        if earlier:
            return earlier
    return (), ""


def _lemmas_in(clause: str, vocabulary: Vocabulary) -> tuple[tuple[WordClass, ...], str] | None:
    """Event classes of the words of a clause whose reading has no event of a class:
    the clause ends at punctuation and at the next figure, so its words are said of
    this one ("three people dead", "the death of the three workers", "three were burnt
    to death")."""
    found: dict[str, tuple[WordClass, str]] = {}
    for word in _CLAUSE_WORDS.findall(clause.casefold()):
        for lemma in _word_lemmas(word):
            if (c := vocabulary.of(lemma, "event")) is not None:
                found.setdefault(c.name, (c, word))
    if not found:
        return None
    words = ", ".join(repr(found[n][1]) for n in sorted(found))
    return tuple(found[n][0] for n in sorted(found)), f"clause words: {words}"


@lru_cache(maxsize=100_000)
def _word_lemmas(word: str) -> frozenset[str]:
    """A word and every lemma lemminflect gives it, whatever its part of speech."""
    return frozenset((word, *(x for ls in getAllLemmas(word).values() for x in ls)))


_CLAUSE_WORDS = re.compile(r"[a-z][a-z-]*[a-z]")
_WHOLE_AFTER = re.compile(r"\s*of\s+(?:the|these|those|its|their|his|her|our)?\s*",
                          re.IGNORECASE)
"""All that lies between a part and the whole of a partitive ("two of the three
victims died"): the clause's verb is said of the part."""


def _matched(text: str, vocabulary: Vocabulary,
             where: str) -> tuple[tuple[WordClass, ...], str] | None:
    found = vocabulary.events_in(text)
    if not found:
        return None
    words = ", ".join(repr(found[n]) for n in sorted(found))
    return tuple(c for n in sorted(found) if (c := vocabulary.named(n))), f"{where}: {words}"


def assign(claims: list[StoredClaim], context: dict[str, Context], story_id: str,
           vocabulary: Vocabulary | None = None) -> list[Assignment]:
    """The measure of every claim that has one (see :func:`_measured`); one whose
    reading names neither a thing nor an event has none."""
    vocabulary = vocabulary or load()
    found = []
    last: dict[tuple[tuple[int, int], str], tuple[StoredClaim, What]] = {}
    for claim in sorted(claims, key=lambda c: c.start):
        if not _measured(claim):
            continue
        ctx = context[claim.id]
        measured = what(claim, ctx, vocabulary)
        before = last.get((claim.sentence, _quantity(claim)))
        if measured is None and claim.thing is None and claim.event is None and before:
            measured = _elided(*before)
        if measured is None:
            continue
        last[(claim.sentence, _quantity(claim))] = (claim, measured)
        found.append(_placed(claim, ctx, story_id, measured))
    return _parts_of_their_measure(found, context)


def _parts_of_their_measure(found: list[Assignment], context: dict[str, Context]
                            ) -> list[Assignment]:
    """``found`` with a part kept a part only when its whole is on its measure. In
    "94,000 of the 140,000 deaths" both count deaths and the part is one country's
    share of the toll; in "two of the three victims died" the whole counts victims,
    not deaths, and the part is the whole count of the dead."""
    measure_of = {x.claim.id: x.measure_id for x in found}
    return [replace(x, part=False) if x.part and
            measure_of.get(context[x.claim.id].whole or "") != x.measure_id else x
            for x in found]


def _elided(earlier: StoredClaim, w: What) -> What:
    """What a figure with no reading measures when a figure of its kind comes before it
    in its sentence: the noun left unsaid is that one's ("the survey put the magnitude
    at 5.9, but another said it was 6.1"). A figure with a verb of its own ("sold 500
    cars in 2019 and 600 in 2020") is read by that verb instead."""
    return replace(w, why=f"as {earlier.surface!r} before it in the sentence ({w.why})")


DISTINCT_COUNT = 10
"""A count below this ("three boats", "five officers") recurs in one story for
unrelated things; a larger one, or an amount with a unit, said again in another
article of the story is the same figure."""


def figure_values(claims: list[StoredClaim]) -> list[float]:
    """The values :func:`by_figure` may look up in the story: those of distinct figures."""
    return sorted({v for c in claims if _measured(c) and _distinct(c)
                   for v in (c.value, c.high) if v is not None})


def by_figure(claims: list[StoredClaim], context: dict[str, Context], placed: list[Assignment],
              earlier: list[Assignment], known: set[str]) -> list[Assignment]:
    """``placed`` with claims that no other article's reading shares moved onto the
    story's measure that already holds the same figure from another article.

    Two outlets seldom word one figure alike: "23 pirates were captured" and "the 23
    suspects will be tried", "sixty residents were moved" and "around 60 people spent
    the night" give two readings and would give two measures. A claim joins an earlier
    measure of its story when its own measure is new (no earlier article has it, or it
    has none), it states the same distinct value in the same quantity and kind of
    period, and, when its own reading names an event class, the measure shares it (10
    killed never joins 10 injured, nor ten of anything). The figure shared is the
    evidence and the ``why`` says so. ``earlier`` holds the story's claims with any of
    :func:`figure_values`, ``known`` which of ``placed``'s measures earlier articles have."""
    own = {x.claim.id: x for x in placed}
    found: list[Assignment] = []
    for claim in claims:
        x = own.get(claim.id)
        moved = None if x is not None and x.measure_id in known else \
            _joined(claim, x, context[claim.id], earlier)
        kept = moved or x
        if kept is not None:
            found.append(kept)
    return found


def _joined(claim: StoredClaim, x: Assignment | None, ctx: Context,
            earlier: list[Assignment]) -> Assignment | None:
    """``claim`` on the earlier measure holding its figure, or ``None`` when none may
    take it (see :func:`by_figure`)."""
    if not _measured(claim) or not _distinct(claim):
        return None
    y = _same_figure(claim, x, earlier)
    if y is None:
        return None
    stock = y.story_id == STATISTICS
    when = span(claim, stock=stock)
    if _kind_of_period(when, stock) != y.kind_of_period:
        return None
    why = (f"same figure as {y.claim.surface!r} ({y.label}) in another article of the "
           f"story" + (f"; own reading: {x.why}" if x is not None else ""))
    base = x or Assignment(
        claim=claim, measure_id="", key="", label="", kind_of_period=_kind_of_period(when, stock),
        quantity=_quantity(claim), concepts=frozenset(), head="", interval=interval(claim),
        span=when, why="", names=ctx.names, part=ctx.part,
        change=claim.trend is not None and not _LEVEL_AFTER.search(ctx.before))
    return replace(base, measure_id=y.measure_id, key=y.key, label=y.label, head=y.head,
                   concepts=base.concepts | y.concepts, why=why, story_id=y.story_id, span=when)


def _distinct(claim: StoredClaim) -> bool:
    value = claim.value if claim.value is not None else claim.high
    if value is None or claim.bound == "vague":
        return False
    return claim.kind != "count" or abs(value) >= DISTINCT_COUNT or not float(value).is_integer()


def _same_figure(claim: StoredClaim, x: Assignment | None,
                 earlier: list[Assignment]) -> Assignment | None:
    """The earlier assignment of the measure holding most claims with ``claim``'s value
    (ties to the smaller measure id), among those it may join."""
    quantity = _quantity(claim)
    concepts = x.concepts if x is not None else frozenset()
    votes: dict[str, list[Assignment]] = {}
    for y in earlier:
        c = y.claim
        if y.quantity != quantity or c.document_id == claim.document_id:
            continue
        if (c.value, c.low, c.high) != (claim.value, claim.low, claim.high):
            continue
        if concepts and not concepts & y.concepts:
            continue  # "12 injured" joins no measure of twelve of something else
        votes.setdefault(y.measure_id, []).append(y)
    if not votes:
        return None
    best = min(votes, key=lambda m: (-len(votes[m]), m))
    return votes[best][0]


def _quantity(claim: StoredClaim) -> str:
    return f"{claim.kind}:{claim.unit}" if claim.unit else claim.kind


def _kind_of_period(when: Span, stock: bool) -> PeriodKind:
    """The kind of period a measure is of. Within a story, a figure dated to a day
    ("killed on Friday") is of the event the story reports, as is one with no date
    ("killed"): one measure, whose claims are still compared only for the same time.
    A statistic's running totals and any calendar window keep their own kinds."""
    return "event" if when.kind == "point" and not stock else when.kind


def _placed(claim: StoredClaim, ctx: Context, story_id: str, w: What) -> Assignment:
    quantity = _quantity(claim)
    when = span(claim, stock=w.stock)
    scope = STATISTICS if w.stock else story_id
    kind = _kind_of_period(when, w.stock)
    key = "|".join((scope, w.key, quantity, kind))
    unit = "" if quantity == "count" else f" ({quantity.split(':')[-1]})"
    return Assignment(
        claim=claim, measure_id="m" + hashlib.sha256(key.encode()).hexdigest()[:12], key=key,
        label=f"{w.label}{unit}, {_PERIOD_LABELS[kind]}", kind_of_period=kind,
        quantity=quantity, concepts=w.events, head=w.head, interval=interval(claim),
        span=when, why=f"{w.why}; {quantity}; {when.reading}",
        names=frozenset() if w.stock else ctx.names, part=ctx.part,
        change=claim.trend is not None and not _LEVEL_AFTER.search(ctx.before),
        story_id=scope,
    )
