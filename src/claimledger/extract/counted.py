"""What a figure counts and what is said of it, read from spaCy's dependency parse.

"Almost 400,000 Ukrainian servicemen have abandoned their units" is worth little
as "400,000"; the ledger needs "Ukrainian servicemen" (counted) and "abandoned
their units" (predicate) to compare it with other figures. The parse spaCy has
already made gives both, following conjunctions and prepositional attachments;
nothing here re-parses or runs a regex per token.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from claimledger.records import Reading, Trend

NOUNS = frozenset(["NOUN", "PROPN"])
VERBS = frozenset(["VERB", "AUX"])
_LEFT = frozenset(["amod", "compound", "nmod", "npadvmod"])
_RIGHT = frozenset(["prep", "conj", "cc"])
_PREDICATE = frozenset(
    ["neg", "prt", "dobj", "dative", "attr", "acomp", "oprd", "xcomp", "prep", "agent", "auxpass"]
)
_CLIMB = frozenset(
    ["nsubj", "nsubjpass", "dobj", "pobj", "prep", "conj", "agent", "appos", "attr", "npadvmod",
     "quantmod", "nummod", "compound", "amod", "advmod", "oprd", "dative", "nmod", "poss", "acomp"]
)  # fmt: skip
MAX_PHRASE = 40
"""Attachments longer than this many tokens are left out of counted and predicate."""
_TIME_ENTS = frozenset(["DATE", "TIME"])
_ASIDE = frozenset(["according", "with", "despite", "amid", "as", "than", "like"])
UP = frozenset(
    [
        "rise",
        "increase",
        "grow",
        "climb",
        "jump",
        "soar",
        "surge",
        "gain",
        "rocket",
        "double",
        "treble",
        "triple",
        "boost",
        "expand",
        "swell",
        "leap",
        "rebound",
        "recover",
        "raise",
        "hike",
        "lift",
        "advance",
        "add",
        "spike",
        "balloon",
    ]
)
DOWN = frozenset(
    [
        "fall",
        "drop",
        "decline",
        "decrease",
        "cut",
        "lower",
        "reduce",
        "slump",
        "plunge",
        "slide",
        "shrink",
        "sink",
        "tumble",
        "dip",
        "ease",
        "slip",
        "shed",
        "slash",
        "contract",
        "plummet",
        "halve",
        "trim",
        "lose",
        "retreat",
        "sag",
        "tank",
        "crash",
        "erode",
    ]
)
_TREND_PREPS = frozenset(["by", "of"])
"""A rise *by* or *of* a figure is its size; "rose to 31", "from 27" are levels."""
_TREND_NOUNS = frozenset(["rise", "increase", "growth", "gain", "jump", "boost", "hike", "surge",
                          "climb", "drop", "fall", "decline", "cut", "decrease", "reduction",
                          "slump", "plunge", "dip", "slide", "loss"])  # fmt: skip
"""Nouns that name a move ("a 5% pay rise", "a 3 percent drop"); the verbs' other nouns
do not ("3.7 rebounds", "her $150,000 contract")."""
_LEVEL_BEFORE = frozenset(["to", "at"])
"""A figure right after these is the level a move reached ("increased by $43.6 billion
to $419.2 billion"), even where the parser hangs it on the verb."""
_CROSSED = frozenset(["above", "below", "beyond"])
"""Cue words that name a level passed, not the size of a move ("fell below $50")."""
_UPWARD = frozenset(["upward", "upwards", "higher"])
_DOWNWARD = frozenset(["downward", "downwards", "lower"])
"""Adverbs that give a verb of no direction one ("revised upward by", "closed lower by")."""
_GPE = frozenset(["GPE", "LOC"])
_PLACE_PREPS = frozenset(["in", "across", "throughout", "within", "at", "for"])


def anchor(span: Span) -> Token:
    """The syntactic head of a figure's tokens: the one whose head lies outside them."""
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head.i == token.i:
            return token
    return span.root


def counted_noun(head: Token, span: Span) -> Token | None:
    """The noun a figure counts: the noun it modifies, an "of" object, or the clause subject."""
    if head.dep_ in _MODIFIERS:
        noun = head.head
        if noun.pos_ not in NOUNS and noun.dep_ in _MODIFIERS and noun.head.i > noun.i and \
                noun.head.pos_ == "NOUN":
            noun = noun.head  # "six AK-47 rifles": six modifies a name that modifies rifles
        while noun.dep_ == "compound" and noun.head.i > noun.i and noun.head.pos_ == "NOUN":
            noun = noun.head  # "three bank workers": the parse hangs three on "bank"
        if noun.pos_ in NOUNS:
            return None if span.start <= noun.i < span.end else noun
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in NOUNS]
            if objects:
                return objects[0]
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in NOUNS:
        return head.head.head
    verb = head.head.head if head.dep_ == "pobj" else head.head
    if head.dep_ in ("dobj", "attr", "npadvmod", "advmod", "pobj", "acomp") and verb.pos_ in VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in NOUNS]
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if head.dep_ == "pobj" and objects:
            return objects[0]
        acted_on = head.dep_ == "dobj" and _lemma(verb) not in NOT_EVENTS | UP | DOWN
        if subjects and subjects[0].pos_ in NOUNS and not acted_on:
            return subjects[0]  # "the toll reached 31", "sales rose 5%"; not "X caught three"
    return None


def _lemma(token: Token) -> str:
    """A token's lemma as every reading spells it: lower case."""
    return token.lemma_.lower()


def phrase(noun: Token, span: Span, numeric: frozenset[int] = frozenset()) -> str:
    """The noun with its modifiers after the figure and its prepositional attachments.

    Attachments holding another figure's tokens (``numeric``) belong to that figure.
    """
    tokens = {noun.i}
    after = noun.i < span.start
    for child in noun.lefts:
        if child.dep_ in _LEFT and (after or child.i >= span.end) and not _is_time(child):
            tokens |= _subtree(child)
    for child in noun.rights:
        subtree = _shallow(child)
        clean = not (subtree & numeric) and not _has_number(child) and not _is_time(child)
        if child.dep_ in _RIGHT and clean and not any(span.start <= i < span.end for i in subtree):
            tokens |= subtree
    cc = [c for c in noun.rights if c.dep_ == "cc" and c.i + 1 not in tokens]
    return _text(noun.doc, tokens - {c.i for c in cc})


def predicate(
    noun: Token | None, head: Token, span: Span, skip: frozenset[int] = frozenset()
) -> str | None:
    """What is said of the counted thing: its verb with objects and complements.

    ``skip`` holds token indices already accounted for elsewhere (the figure's period).
    """
    verb = _clause_verb(noun if noun is not None else head, span)
    if verb is None:
        return None
    inside = set(range(span.start, span.end)) | ({noun.i} if noun is not None else set()) | skip
    tokens = {verb.i}
    for child in verb.children:
        if child.dep_ not in _PREDICATE or _is_time(child) or child.lower_ in _ASIDE:
            continue
        if child.dep_ == "prep" and any(c.ent_type_ in _GPE for c in child.children):
            continue  # "in France" is the figure's place, not part of what is said
        subtree = _subtree(child)
        if not subtree or subtree & inside:
            continue
        tokens |= subtree
    return _text(verb.doc, tokens)


_MODIFIERS = frozenset(["nummod", "quantmod", "amod", "compound", "nmod"])


QUANTITY_NOUNS = frozenset(
    ["number", "total", "count", "figure", "tally", "amount", "level", "estimate", "sum", "toll"]
)
"""Nouns that name the quantity rather than what is counted: "the number of cases"
counts cases; "the death toll" keeps "toll" with its modifier "death". A figure that
numbers the noun itself counts it, narrowed by what it is of: "two counts of murder"
are two charges of murder, not two murders."""
NOT_EVENTS = frozenset(
    ["be", "have", "say", "tell", "report", "accord", "add", "claim", "show", "estimate",
     "announce", "state", "put", "give", "reach", "stand", "include", "number", "total",
     "bring", "make", "rise", "climb", "increase", "grow", "jump", "fall", "drop", "go",
     "pass", "exceed", "top", "surpass"]
)
"""Verbs that report a figure or move it, not what happened to the counted things
("the toll rose to 10": the event is in "toll", not in "rose")."""
CONTROL_VERBS = frozenset(
    ["manage", "try", "attempt", "fail", "begin", "start", "continue", "have", "need", "seem",
     "appear", "help", "want", "plan", "decide", "refuse", "hope", "expect", "threaten",
     "agree", "promise", "tend", "come", "go", "get"]
)
"""Verbs whose figure's event is the verb they govern: what two "managed to" do is
escape; what 20 "had to be" is ushered out."""


def reading(noun: Token | None, head: Token, span: Span) -> Reading:
    """The figure's thing, its narrowing modifiers and its event, as lemmas."""
    thing = noun
    of = [] if thing is None else [c for p in thing.children if p.dep_ == "prep" and
                                   p.lower_ == "of" for c in p.children
                                   if c.dep_ == "pobj" and c.pos_ in NOUNS]
    numbered = thing is not None and any(t.head.i == thing.i and t.dep_ == "nummod"
                                         for t in span)
    quantity = thing is not None and _lemma(thing) in QUANTITY_NOUNS
    if quantity and not numbered:
        thing = of[0] if of else thing
    modifiers: tuple[str, ...] = ()
    if thing is not None:
        modifiers = tuple(sorted({
            _lemma(t) for t in thing.children
            if ((t.dep_ in _LEFT and t.pos_ in ("NOUN", "ADJ", "VERB")) or t.lower_ == "another")
            and not t.like_num and not (span.start <= t.i < span.end) and t.text[:1].islower()
        } | ({_lemma(of[0])} if numbered and quantity and of else set())))
    state = _state(head, span) if thing is None else None
    of_own = noun is not None and noun.head.lower_ == "of" and noun.head.head.i == head.i
    clause = head if thing is None or of_own else thing  # "two of the victims died"
    return Reading(_hyphenated(thing) if thing is not None else None, modifiers,
                   state or _event(clause, span), _about(thing, head, span))


def _hyphenated(token: Token) -> str:
    """A noun's lemma, whole when the tokenizer split it at a hyphen the parser then lost:
    "co-workers" is ``co-worker``, not ``co``."""
    doc, i = token.doc, token.i
    parts = [token.lower_]
    while i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ \
            and not doc[i + 1].whitespace_:
        i += 2
        parts += ["-", doc[i].lower_]
    if len(parts) == 1:
        return _lemma(token)
    return "".join(parts[:-1]) + _lemma(doc[i])


def _state(head: Token, span: Span) -> str | None:
    """What befell a count with no noun, said right after it as headlines do: "3 dead",
    "1 dead, 2 hurt", "Three dead after fire-bomb hits bank" (the adjective or
    participle after the figure, when the parse ties the two)."""
    if span.end >= len(span.doc):
        return None
    word = span.doc[span.end]
    tied = word.head.i == head.i or head.head.i == word.i
    if tied and (word.pos_ == "ADJ" or word.tag_ == "VBN"):
        return _lemma(word)
    return None


def _about(thing: Token | None, head: Token, span: Span) -> str | None:
    """The name a figure is said of (see :class:`Reading`), lower case, or ``None``."""
    if thing is not None:
        for child in thing.children:
            if child.dep_ == "poss" and child.pos_ == "PROPN":
                return _name(child)
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "at", "for"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                        return _name(obj)
    verb = _clause_verb(thing if thing is not None else head, span)
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "PROPN" and \
                child is not thing and not (span.start <= child.i < span.end):
            return _name(child)
    return None


SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])


def aged_person(noun: Token | None, head: Token) -> str | None:
    """Whose age a figure is, by surname, the way news names a person after first
    mention: "38-year-old Anthony LaCalamita III" and "LaCalamita, 38," are both
    ``lacalamita``; ``None`` when no named person holds it ("a 61-year-old man")."""
    person = noun if noun is not None and noun.ent_type_ == "PERSON" else \
        head.head if head.dep_ == "appos" and head.head.ent_type_ == "PERSON" else None
    if person is None:
        return None
    name = next((e for e in person.doc.ents if e.start <= person.i < e.end), None)
    words = [t.lower_ for t in (name if name is not None else [person])
             if t.is_alpha and t.lower_ not in SUFFIXES]
    return words[-1] if words else None


def _name(token: Token) -> str:
    """A name with the words compounded onto it ("Dollar Baby", "Cairn Energy")."""
    parts = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    return " ".join(t.text for t in (*parts, token)).lower()


def _event(token: Token, span: Span) -> str | None:
    """The lemma of what the clause says happened: its verb, or the adjective or noun a
    copula gives ("three were dead"); a reporting or moving verb is no event."""
    verb = _clause_verb(token, span)
    if verb is None:
        return None
    lemma = _lemma(verb)
    while lemma in CONTROL_VERBS:  # "two managed to escape", "20 had to be ushered out"
        action = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if action is None:
            break
        verb, lemma = action, _lemma(action)
    if lemma in ("be", "remain"):
        complement = [c for c in verb.children if c.dep_ in ("acomp", "attr")
                      and not (span.start <= c.i < span.end)]
        return _lemma(complement[0]) if complement else None
    return None if lemma in NOT_EVENTS else lemma


def _clause_verb(token: Token, span: Span) -> Token | None:
    """The verb of the clause ``token`` is in; ``None`` past a partitive "of": in "two
    of the three victims died", what died is two, not the three."""
    for child in token.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            return child
    current = token
    for _ in range(8):
        if current.pos_ in VERBS and not (span.start <= current.i < span.end):
            return current
        if current.dep_ not in _CLIMB or current.head.i == current.i:
            return None
        if current.dep_ == "pobj" and current.head.lower_ == "of" and _partitive(current.head.head):
            return None
        current = current.head
    return None


PARTITIVES = frozenset(["some", "many", "most", "few", "several", "half", "all", "none",
                        "each", "both", "any", "majority", "minority", "rest", "dozens",
                        "hundreds", "thousands"])


def _partitive(token: Token) -> bool:
    """A word that takes a part of an "of" phrase: a number ("two of the three"), a
    quantifier ("half of", "most of")."""
    return token.like_num or token.lower_ in PARTITIVES


def trend(head: Token, span: Span, cue: Span | None = None) -> Trend | None:
    """ "up" or "down" when the figure is the size of a rise or a fall ("rose 5%").

    ``cue`` is the figure with its bound cue: a preposition of the cue ("rose under 4%")
    stands between the verb and the amount like "by" does; "above" and "below" say a
    level crossed ("fell below $50"), not a size."""
    if span.start > 0 and span.doc[span.start - 1].lower_ in _LEVEL_BEFORE:
        return None
    inside = cue if cue is not None else span
    current = head
    for _ in range(4):
        parent = current.head
        if parent.i == current.i:
            return None
        if span.start <= parent.i < span.end:
            current = parent
            continue
        if inside.start <= parent.i < inside.end:
            if parent.lower_ in _CROSSED:
                return None
            current = parent
            continue
        lemma = _lemma(parent)
        if parent.pos_ == "NOUN" and (lemma not in _TREND_NOUNS or current.dep_ == "nummod"):
            return None  # "three rate cuts" counts cuts; "3.7 rebounds" counts rebounds
        if lemma == "raise" and current.dep_ == "dobj" and current.i == head.i:
            return None  # "raised $5m": money collected, not a rise ("raised prices 5%" is)
        if lemma in UP:
            return "up"
        if lemma in DOWN:
            return "down"
        if parent.pos_ in VERBS:  # "revised upward by Y=40 billion", "closed higher by 2%"
            said = {c.lower_ for c in parent.children if c.dep_ in ("advmod", "prt")}
            if current.lower_ == "by":  # "were down 2.3%, Burlington by 2.6%": "by" the same way
                said |= {"higher" if w == "up" else "lower" for w in said & {"up", "down"}}
            if said & _UPWARD or said & _DOWNWARD:
                return "up" if said & _UPWARD else "down"
        passes = parent.pos_ == "ADP" and parent.lower_ in _TREND_PREPS
        if passes and parent.lower_ == "of" and (parent.head.like_num or parent.head.pos_ == "NUM"):
            return None  # "280 million of the 1.5 billion": a part, not a move's size
        if not passes and parent.pos_ != "NUM":
            return None  # a NUM parent: "by $12 billion to $90 billion" parsed as one
        current = parent
    return None


def place_entities(doc: Doc) -> tuple[Span, ...]:
    """The document's place entities in text order, read once: ``Span.ents`` walks
    every entity of the document, so asking it per sentence costs quadratic time."""
    return tuple(ent for ent in doc.ents if ent.label_ in _GPE)


def places(sentence: Span, entities: tuple[Span, ...], starts: list[int]) -> tuple[Span, ...]:
    """The sentence's place entities, by bisection into the document's (``starts``
    are their start tokens)."""
    lo = bisect_left(starts, sentence.start)
    hi = bisect_left(starts, sentence.end)
    return tuple(e for e in entities[lo:hi] if e.end <= sentence.end)


def place(candidates: tuple[Span, ...], noun: Token | None, verb_scope: set[int]) -> str | None:
    """A place the figure is about: a GPE attached to its clause by "in", "across" or
    "'s", or one whose "where" clause holds the figure ("in India, where 2,000 are
    thought to have died")."""
    for ent in candidates:
        root = ent.root
        head = root.head
        if root.dep_ == "pobj" and head.lower_ in _PLACE_PREPS and head.head.i in verb_scope:
            return ent.text
        if root.dep_ == "poss" and noun is not None and head.i == noun.i:
            return ent.text
        if any(_where_clause(c) and verb_scope & {t.i for t in c.subtree} for c in root.children):
            return ent.text
    return None


def _where_clause(token: Token) -> bool:
    """A relative clause opened by "where" (its first word, whatever it hangs on)."""
    return token.dep_ == "relcl" and token.left_edge.lower_ == "where"


def _shallow(child: Token) -> set[int]:
    """A prepositional attachment without the attachments nested inside it."""
    if child.dep_ != "prep":
        return _subtree(child)
    kept = {child.i}
    for obj in child.children:
        kept |= _subtree(obj)
        for nested in obj.children:
            if nested.dep_ in ("prep", "relcl", "acl") and nested.i > obj.i:
                kept -= _subtree(nested)
    return kept if len(kept) > 1 else set()


def _subtree(token: Token) -> set[int]:
    """The token's subtree (contiguous in spaCy's projective parses); empty when too long.

    The cap keeps phrases readable and the cost linear on run-on sentences.
    """
    left, right = token.left_edge.i, token.right_edge.i
    return set(range(left, right + 1)) if right - left < MAX_PHRASE else set()


def _has_number(token: Token) -> bool:
    return token.dep_ != "prep" and any(
        t.like_num or t.pos_ == "NUM" for t in token.doc[token.left_edge.i : token.right_edge.i + 1]
    )


def _is_time(token: Token) -> bool:
    if token.ent_type_ in _TIME_ENTS:
        return True
    return token.dep_ == "prep" and any(
        c.ent_type_ in _TIME_ENTS and c.dep_ == "pobj" for c in token.children
    )


def _text(doc: object, indices: set[int]) -> str:
    ordered = sorted(indices)
    parts: list[str] = []
    for position, i in enumerate(ordered):
        token = doc[i]  # type: ignore[index]
        gap = position + 1 < len(ordered) and ordered[position + 1] == i + 1
        parts.append(token.text_with_ws if gap else token.text + " ")
    return "".join(parts).strip()
