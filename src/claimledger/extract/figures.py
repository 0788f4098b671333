"""The ``claimledger.figures.v9`` spaCy component: numeric claims on ``Doc._.figures``.

Quantities are read from the text once (:mod:`quantities`, a handful of compiled
regexes over the whole document); the parse spaCy has already made then decides
which are claims about a measure and what they count. What is *not* a figure,
and why, is listed in docs/figures.md: dates and years (they become periods of
other figures), times counted back from now ("six months ago": a date), ordinals,
identifiers ("Boeing 737", "No. 10", "5G"), scores, and a lone "one" or "zero".
Ages ("a 45-year-old") and durations ("for three years", "a 90-day stay") are
figures of their own kinds, so reconciliation can set an individual's age aside
and still compare hours of outage.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger.extract import extensions
from claimledger.extract.counted import (
    VERBS,
    aged_person,
    anchor,
    counted_noun,
    phrase,
    place,
    place_entities,
    places,
    predicate,
    reading,
    trend,
)
from claimledger.extract.periods import PeriodMention, find_periods
from claimledger.extract.quantities import Quantity, find_quantities
from claimledger.records import Amount, Figure, FigureKind, Period, Reading, Trend
from claimledger.text.casing import title_case

VERSION = "claimledger.figures.v9"
FACTORY = "claimledger_figures_v9"
"""spaCy forbids dots in factory names; the factory carries the version all the same."""

_DATE_ENTS = frozenset(["DATE", "TIME", "ORDINAL"])
_NAME_ENTS = frozenset(
    ["PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT", "ORG", "PERSON", "GPE", "LOC", "NORP"]
)
_ID_WORDS = frozenset(
    [
        "no",
        "no.",
        "top",
        "number",
        "#",
        "article",
        "chapter",
        "section",
        "page",
        "room",
        "flight",
        "route",
        "channel",
        "radio",
        "version",
        "grade",
        "category",
        "class",
        "division",
        "series",
        "round",
        "stage",
        "formula",
        "windows",
        "model",
        "vol",
        "volume",
        "phase",
        "episode",
        "clause",
        "schedule",
    ]
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_REPORTING = frozenset(
    [
        "say",
        "tell",
        "report",
        "announce",
        "claim",
        "add",
        "state",
        "write",
        "warn",
        "reveal",
        "note",
        "explain",
        "insist",
        "suggest",
        "confirm",
        "admit",
        "argue",
    ]
)
MAX_DEPTH = 12
"""Parse paths longer than this are "far": run-on sentences must not cost quadratic time."""
MAX_SENTENCE_PERIODS = 20
"""A sentence with more period expressions than this is a table or noise: take the first."""


_Places = tuple[tuple[Span, ...], list[int]]
"""A document's place entities and their start tokens, for bisection by sentence."""


@dataclass(frozen=True, slots=True)
class _Sentence:
    """What every figure of a sentence shares: its periods and places, read once."""

    periods: tuple[PeriodMention, ...]
    skip: frozenset[int]
    places: tuple[Span, ...]

    @staticmethod
    def read(doc: Doc, sentence: Span, entities: _Places) -> _Sentence:
        found = find_periods(sentence.text, doc._.published, sentence.start_char)
        mentions = tuple(islice(found, MAX_SENTENCE_PERIODS))
        skip: set[int] = set()
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            skip |= set(range(span.start, span.end)) if span is not None else set()
        return _Sentence(mentions, frozenset(skip), places(sentence, *entities))


class FigureFinder:
    """Finds every numeric claim in a document."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.figures = tuple(self.find(doc))
        return doc

    def find(self, doc: Doc) -> Iterator[Figure]:
        """Figures in document order; each quantity is judged with the parse around it."""
        contexts: dict[int, _Sentence] = {}
        found: list[tuple[Quantity, Span]] = []
        text = doc.text  # Doc.text joins every token: read it once, not per figure
        for q in sorted(find_quantities(text), key=lambda q: q.start):
            core = doc.char_span(q.core[0], q.core[1], alignment_mode="expand")
            if core is not None and len(core) > 0:
                found.append((q, core))
        numeric = frozenset(t.i for _, core in found for t in core)
        sentences = list(doc.sents) if found else []
        starts = [sentence.start for sentence in sentences]
        ents = place_entities(doc) if found else ()
        entities = (ents, [e.start for e in ents])
        previous: Figure | None = None
        for q, core in found:
            sentence = sentences[bisect_right(starts, core.start) - 1]
            figure = self._figure(doc, text, q, core, sentence, contexts, numeric, entities)
            if figure is not None:
                figure = _as_converted(text, previous, _as_second_end(text, previous, figure))
                figure = _as_gapped(doc, text, previous, figure)
                previous = figure
                yield figure

    def _figure(
        self,
        doc: Doc,
        text: str,
        q: Quantity,
        core: Span,
        sentence: Span,
        contexts: dict[int, _Sentence],
        numeric: frozenset[int],
        entities: _Places,
    ) -> Figure | None:
        head = anchor(core)
        noun = counted_noun(head, core)
        if noun is not None and noun.i in numeric:
            noun = None  # the unit or the amount of another figure, not what is counted
        if not _is_claim(q, core, head, text):
            return None
        kind, unit = _kind(q, core, noun)
        if sentence.start_char not in contexts:
            contexts[sentence.start_char] = _Sentence.read(doc, sentence, entities)
        context = contexts[sentence.start_char]
        verb = _verb_of(head)
        scope = {t.i for t in (verb, noun, head) if t is not None}
        return Figure(
            span=(q.start, q.end),
            surface=text[q.start : q.end],
            value=q.value,
            bound=q.bound,
            kind=kind,
            sentence=(sentence.start_char, sentence.end_char),
            low=q.low,
            high=q.high,
            trend=_trend(q, head, core),
            unit=unit,
            counted=phrase(noun, core, numeric) if noun is not None else None,
            predicate=predicate(noun, head, core, context.skip),
            period=_period(doc, q, head, context.periods),
            place=place(context.places, noun, scope),
            reading=_reading(q, kind, noun, head, core, context.periods),
            amount=_amount(q),
        )


_PHRASAL = frozenset(["give", "pick", "rack", "run", "rake", "ring", "chalk", "clock", "set",
                      "take", "make", "put", "turn", "shut", "break", "back", "sign", "show",
                      "call", "line", "wrap", "hold", "sum", "use", "eat", "serve", "cough",
                      "write"])  # fmt: skip
"""Verbs whose "up" or "down" makes another verb ("gave up 517 yards", "racked up 40
points", "wrote down $2bn"), not a rise or a fall."""


def _trend(q: Quantity, head: Token, core: Span) -> Trend | None:
    """The direction of a move the figure is the size of: "up 5%" before it, unless that
    "up" belongs to a phrasal verb, else what the parse says (:func:`counted.trend`)."""
    cue = core.doc.char_span(q.start, core.end_char, alignment_mode="expand")
    if q.trend and q.shape != "change" and core.start > 0:
        before = core.doc[core.start - 1]
        if before.dep_ == "prt" and before.head.lemma_.lower() in _PHRASAL:
            return trend(head, core, cue)
    return q.trend or trend(head, core, cue)


_FROM = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?$", re.IGNORECASE)
_TO = re.compile(r"^(?:\s+[a-z]+){0,3}\s+to$", re.IGNORECASE)


def _as_second_end(text: str, previous: Figure | None, figure: Figure) -> Figure:
    """ "climbed from 21 mpg combined to 23", "dropping from 208 pounds to 193": the
    unit written at the first end of a change is the second end's too."""
    if previous is None or figure.unit or figure.kind != "count" or not previous.unit:
        return figure
    if previous.kind not in ("measurement", "money", "percent"):
        return figure
    if not _FROM.search(text, max(0, previous.span[0] - 6), previous.span[0]):
        return figure
    if not _TO.match(text[previous.span[1] : figure.span[0]].rstrip()):
        return figure
    return replace(figure, unit=previous.unit, kind=previous.kind,
                   amount=_converted_as(previous, figure))


def _converted_as(previous: Figure, figure: Figure) -> Amount | None:
    """``figure``'s amount in the unit ``previous`` was converted to ("from 230 miles to
    260": both in metres), by the factor ``previous`` was converted with."""
    done = previous.amount
    if done is None or not previous.value or done.value is None:
        return None
    return _scaled(figure.value, figure.low, figure.high, done.value / previous.value,
                   done.unit)


_GAPPED = re.compile(r"(?:,|,?\s+and)\s+(?:[\w.&'’-]+\s+){1,4}by\s+")
"""Between a move's size and a gapped one: ", Burlington by ", " and gas by "."""


def _as_gapped(doc: Doc, text: str, previous: Figure | None, figure: Figure) -> Figure:
    """ "Oil was down 1.2%, gas by 0.8%": a size after "by" in a conjunct without a verb
    moves the way the move before it in the sentence did."""
    if previous is None or figure.trend or previous.trend is None:
        return figure
    if previous.sentence != figure.sentence or previous.low is not None:
        return figure
    start, end = previous.span[1], figure.span[0]
    if not _GAPPED.fullmatch(text, start, end):
        return figure
    gap = doc.char_span(start, end, alignment_mode="expand")
    if gap is None or any(t.pos_ in ("VERB", "AUX") for t in gap):
        return figure
    return replace(figure, trend=previous.trend)


def _as_converted(text: str, previous: Figure | None, figure: Figure) -> Figure:
    """ "just under 296 hp (224 kW / 300 PS)", "fell by 1 to 1.5C (1.8 to 2.7F)": a
    figure in brackets right after another, in another unit of the same kind, says it
    again, so it carries the bound and the direction the words before it gave."""
    if previous is None or not (figure.unit and previous.unit) or figure.unit == previous.unit:
        return figure
    if figure.kind != previous.kind or figure.kind not in ("measurement", "money"):
        return figure
    gap = text[previous.span[1] : figure.span[0]].strip()
    bracketed = text[max(0, previous.span[0] - 8) : previous.span[0]].rstrip().endswith("(")
    if not (gap == "(" or (gap == "/" and bracketed)):
        return figure
    return replace(figure, bound=previous.bound if figure.bound == "exact" else figure.bound,
                   trend=figure.trend or previous.trend)


def _reading(q: Quantity, kind: FigureKind, noun: Token | None, head: Token, core: Span,
             periods: tuple[PeriodMention, ...]) -> Reading:
    """What the figure is read as counting; an age is said of the person it is the age
    of, or of no one (never of the clause's subject: "Kirkpatrick shot a 40-year-old")."""
    if _frames(q, periods):
        return Reading()
    read = reading(noun, head, core)
    return replace(read, about=aged_person(noun, head)) if kind == "age" else read


def _of_person(core: Span) -> bool:
    """ "Maddon, 66, said": a bare number in apposition to a person is their age."""
    head = core.root
    return (head.dep_ == "appos" and head.head.ent_type_ == "PERSON" and core.start > 0
            and core.doc[core.start - 1].text == ",")


def _amount(q: Quantity) -> Amount | None:
    """The amount in the unit figures are compared in, when it is not the one printed."""
    if q.base is None:
        return None
    return _scaled(q.value, q.low, q.high, q.factor, q.base)


def _scaled(value: float | None, low: float | None, high: float | None, factor: float,
            unit: str | None) -> Amount:
    """A figure's three numbers times ``factor``, in ``unit``."""
    def times(x: float | None) -> float | None:
        return None if x is None else round(x * factor, 12)

    return Amount(times(value), times(low), times(high), unit)


def _kind(q: Quantity, core: Span, noun: Token | None) -> tuple[FigureKind, str | None]:
    """The figure's kind and unit: a bare count is an age in years when it is one ("the
    average age is 42", "aged 45", "Bell, 30,")."""
    if q.kind == "count":
        aged = _aged(core)
        if aged or (noun is not None and noun.lemma_.lower() == "age") or _of_person(core):
            return "age", "year"
    return q.kind, q.unit


def _aged(core: Span) -> bool:
    """ "aged 45", "under the age of 16": a bare count the words before make an age."""
    doc, i = core.doc, core.start
    if i > 0 and doc[i - 1].lower_ == "aged":
        return True
    return i > 1 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in ("age", "ages")


def _is_claim(q: Quantity, core: Span, head: Token, text: str) -> bool:
    """Whether a quantity states a measure rather than naming, dating or framing something."""
    if q.glued or (q.weak and q.shape == "single" and not _counts_one(core)):
        return False
    if q.kind == "count" and q.shape == "single" and _aged(core):
        return True  # "the age of 16": an age, though the tagger calls it a date
    if q.kind in ("count", "ratio") and q.shape in ("single", "ratio", "range"):
        dating = _DATE_ENTS if q.kind == "count" else _DATE_ENTS - {"ORDINAL"}
        if q.kind == "count" and not _may_be_date(q):
            dating = dating - {"DATE"}  # the tagger calls "at 2483805" a date
        if q.value is not None and not q.value.is_integer():
            dating = dating - {"ORDINAL"}  # "at 95.07": no ordinal has a decimal part
        if any(t.ent_type_ in dating for t in core) or _is_year(q, text):
            return False
        if any(t.ent_type_ in _NAME_ENTS for t in core) and not _headline_person(core, text):
            return False
        if _is_identifier(core, head, text):
            return False
    if q.kind == "count" and q.shape == "single" and _named(core, text):
        return False
    return not (q.kind == "duration" and q.shape == "single" and _counted_back(core))


_NOT_ONE_BEFORE = frozenset(["the", "this", "that", "no", "any", "every", "each", "which", "a"])


def _counts_one(core: Span) -> bool:
    """ "one solution", "One proposal", "one of the best screens": a count of one, as
    NewsQuant reads it; "the one who", "no one", "one of them", "one such", a lone "one"
    and "zero" ("zero training": a figure of speech) are not."""
    token = core[-1]
    if token.lower_ != "one":
        return False
    if token.i > 0 and token.doc[token.i - 1].lower_ in _NOT_ONE_BEFORE:
        return False
    if token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("such", "other", "-"):
        return False  # "one such individual": a person pointed at, not counted; "one-off"
    if token.dep_ == "nummod" and token.head.pos_ == "NOUN" and token.head.i > token.i:
        return True
    verb = token.head
    if token.dep_ == "dobj" and verb.tag_ == "VBG" and token.i == verb.i + 1 and \
            not any(c.dep_ == "prt" for c in verb.children):
        return True  # "shot three people, killing one": a toll of one; not "picking one up"
    after = token.doc[token.i + 1 : token.i + 3]
    return (len(after) == 2 and after[0].lower_ == "of"
            and after[1].pos_ in ("DET", "PRON") and after[1].tag_ in ("DT", "PRP$"))


def _named(core: Span, text: str) -> bool:
    """ "(8)" after a name is a seeding; "Six Nations" mid-sentence is a name."""
    start, end = core.start_char, core.end_char
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return True
    first = core[0]
    # "“Twenty-three men surrendered”": the capital opens the quoted sentence
    opens = first.i > 0 and (first.nbor(-1).is_quote or first.nbor(-1).is_left_punct)
    return first.is_title and first.is_alpha and not first.is_sent_start and not opens and \
        not _title_case_line(core, text)


def _headline_person(core: Span, text: str) -> bool:
    """Digits the tagger calls part of a person's name in a title-case headline ("2 Dead,
    1 Wounded", "Worker Kills 2 Women"), where every capital looks like a name to it."""
    return all(t.ent_type_ in ("PERSON", "") and not t.is_alpha for t in core) and \
        _title_case_line(core, text)


def _title_case_line(core: Span, text: str) -> bool:
    """Whether the figure's line is a headline set in title case ("Quake Kills 10; 80
    Hurt"), where a capital says nothing of a name; a team sheet ("Meldrum, Bahoken
    (Stanic 45).") or an address is a line of names too, but ends in a full stop or
    holds a bracket, as a headline does not."""
    start = text.rfind("\n", 0, core.start_char) + 1
    end = text.find("\n", core.end_char)
    line = text[start : len(text) if end < 0 else end].strip()
    return not (line.endswith(".") or "(" in line) and title_case(line)


def _may_be_date(q: Quantity) -> bool:
    """Whether an amount could be a day, a year or a compact date (20190315)."""
    v = q.value if q.value is not None else q.low
    if v is None:
        return True
    if not v.is_integer() or v < 0:
        return False
    return v <= 31 or 1000 <= v <= 2100 or 19000101 <= v <= 21001231


_YEAR_BEFORE = re.compile(r"\b(?:by|in|until|till|since|before|after|through)\s+$", re.I)
_WORD_AFTER = re.compile(r"\s+[a-z]")


def _is_year(q: Quantity, text: str) -> bool:
    """ "2019", "2022's": four digits of a year, as written ("2,019" is a count); further
    off ("by 2120", "until 1850") after a preposition of time with no noun counted after
    it ("in 2500 homes" counts homes)."""
    written = text[q.core[0] : q.core[1]]
    if not (len(written) == 4 and written.isdigit() and q.bound == "exact"):
        return False
    if 1900 <= int(written) <= 2100:
        return True
    start, end = q.core
    after_time_word = bool(_YEAR_BEFORE.search(text, max(0, start - 8), start))
    return 1000 <= int(written) <= 2999 and after_time_word and not _WORD_AFTER.match(text, end)


_CODE_HYPHEN = re.compile(r"\b[A-Z]{2,}[ ]?-[ ]?$")
"""A capitalised code and a hyphen before the digits: "COVID -19", "MH - 17"."""


def _is_identifier(core: Span, head: Token, text: str) -> bool:
    """ "No. 10", "Article 5", "Boeing 737": a number that names rather than counts."""
    start = core.start_char + (text[core.start_char : core.start_char + 1] == "-")
    if _CODE_HYPHEN.search(text[max(0, start - 12) : start]):
        return True
    if core.start == 0:
        return False
    previous = core.doc[core.start - 1]
    if previous.lower_ in _ID_WORDS:
        return True
    if previous.text == "." and core.start > 1 and core.doc[core.start - 2].lower_ == "no":
        return True
    following = core.doc[core.end] if core.end < len(core.doc) else None
    if previous.lower_ in _MONTHS or (following is not None and following.lower_ in _MONTHS):
        return True  # "11 September", "May 8": a date the NER missed
    if previous.text[:1].islower() and any(c.isupper() for c in previous.text[1:]):
        return True  # "iPhone 12", "eBay 2": a product's or a company's name
    if _title_case_line(core, text):
        # "Quake Kills 10; 80 Hurt": in a title-case headline every word is tagged a
        # name, so only a maker the tagger names says a model follows ("Boeing 737 Max")
        return previous.ent_type_ in _MAKER_ENTS
    if previous.pos_ == "PROPN" and head.head.i == previous.i and head.i > previous.i:
        return True
    if following is not None and _counted_twice(head, following):
        return True
    return following is not None and _model_name(following)


_MAKER_ENTS = frozenset(("ORG", "PRODUCT"))


def _counted_twice(head: Token, following: Token) -> bool:
    """ "two new 737 Max jets": a noun already counted by an earlier number, and this one
    right before a proper name that narrows the noun, names the model."""
    noun = head.head
    if not (following.pos_ == "PROPN" and following.is_title and following.head.i == noun.i):
        return False
    return head.dep_ == "nummod" and any(
        t.dep_ == "nummod" and t.like_num and t.i < head.i for t in noun.lefts)


def _model_name(token: Token) -> bool:
    """ "787 Dreamliner", "11 Pro": a singular proper name right after the number names a
    model ("500 Americans", "12 Republicans" count people: plural; "63,150 Model 3s" count
    cars of a model named with a number)."""
    if token.tag_ != "NNP" or not token.is_title or token.ent_type_ in ("NORP", "GPE"):
        return False
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if after is None:
        return True
    return not (after.tag_ in ("NNS", "NNPS") or any(c.isdigit() for c in after.text))


def _frames(q: Quantity, periods: tuple[PeriodMention, ...]) -> bool:
    """Whether a duration is the time frame of its sentence ("in the three months to
    December", "over the past two years"): a figure still, but an amount of nothing
    that reconciliation could compare, so its reading is left empty."""
    return q.kind == "duration" and any(m.start <= q.start and q.end <= m.end for m in periods)


def _counted_back(core: Span) -> bool:
    """ "six months ago", "one day (he left)": a point in time, not an amount ("ten
    minutes later" is an amount of time, as NewsQuant reads it)."""
    if core.end < len(core.doc) and core.doc[core.end].lower_ == "ago":
        return True
    return core[0].lower_ in ("one", "a", "an") and core[-1].dep_ in ("npadvmod", "advmod")


def _verb_of(token: Token) -> Token | None:
    current = token
    for _ in range(8):
        if current.pos_ in VERBS:
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _period(
    doc: Doc, q: Quantity, head: Token, mentions: tuple[PeriodMention, ...]
) -> Period | None:
    """The period framing the figure: the nearest in the parse, absolute before relative."""
    best: tuple[int, bool, int] | None = None
    chosen: Period | None = None
    own_verb = _verb_of(head)
    for mention in mentions:
        if mention.start < q.end and q.start < mention.end:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        verb = _verb_of(span.root)
        if verb is not None and verb.lemma_.lower() in _REPORTING and verb != own_verb:
            continue
        if verb is not None and _describes_a_noun(verb, head):
            continue
        distance = abs(mention.start - q.start)
        key = (_tree_distance(span.root, head), mention.relative, distance)
        if best is None or key < best:
            best, chosen = key, mention.period
    return chosen


def _describes_a_noun(verb: Token, head: Token) -> bool:
    """The period's clause modifies a noun that is neither what the figure counts nor
    the subject of its verb: "injured two others at the firm from which he was fired
    last week" dates the firing, not the injuries; but "176,000 cases registered
    between ..." and "a flood that swept the valley in September killed 14" are dated
    by theirs."""
    if verb.dep_ not in _NOUN_CLAUSES or head in verb.subtree:
        return False
    noun = verb.head
    while noun.dep_ == "conj" and noun.head.i < noun.i:
        noun = noun.head  # "176,000 cases and 25,000 desertions registered between ..."
    own_verb = _verb_of(head)
    subjects = [] if own_verb is None else \
        [c for c in own_verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return noun not in head.ancestors and noun not in subjects


_NOUN_CLAUSES = frozenset(("relcl", "acl"))


def _tree_distance(a: Token, b: Token) -> int:
    depth = {t.i: n for n, t in enumerate(islice(_up(a), MAX_DEPTH))}
    for n, t in enumerate(islice(_up(b), MAX_DEPTH)):
        if t.i in depth:
            return n + depth[t.i]
    return 2 * MAX_DEPTH


def _up(token: Token) -> Iterator[Token]:
    yield token
    yield from token.ancestors


@Language.factory(FACTORY)
def make_figures(nlp: Language, name: str) -> FigureFinder:
    extensions.register()
    return FigureFinder()
