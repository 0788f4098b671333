"""Reported speech from the parse: cues, their sources and what they assert.

One pass over the tokens finds the cues (lemmas from :mod:`cues`, outside quotation
marks, plus "according to"); each cue's subject is its source and its clausal
complement (or, when the cue is a parenthetical "he said", the rest of its sentence)
is its content.  Direct quotes found by :mod:`quote_marks` take the nearest cue
beside them in their sentence, or the clause that a colon before them ends (across a
paragraph break: a block quote), or continue the previous quote's speaker.  Everything
is linear in the tokens: each cue and each quote looks only at its own sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimledger.extract.cues import LISTENER_OBJECT, Frame, Lexicon
from claimledger.extract.people import People
from claimledger.extract.quote_marks import DOUBLE_OPEN, Marked
from claimledger.extract.speakers import Speakers, can_speak
from claimledger.records import Offsets, QuoteKind, Speaker

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
INHERITS_SUBJECT = frozenset({"conj", "advcl", "xcomp", "acomp", "dep"})
"""A cue in "she said, stressing that...", "and added" or "were more likely to support"
(``dep``: a verb the parser attached without a label, "Voters going home say...")
takes its head's subject."""
ROOT_SUBJECT_DEPS = frozenset({"acl", "advcl", "relcl"})
"""How a verb hangs on a noun the parser took for the root in place of the subject."""
SUBJECT_HOPS = 5
"""Heads climbed for a subject: "will be able to sign up donors and win endorsements
by citing his results" reaches "He" from "citing" in five."""
TRAILING = frozenset({"conj", "ccomp", "advcl"})
"""How the parser may attach a trailing ", Skorokhod has said" to the statement."""
OBJECTS = frozenset({"xcomp", "dobj", "oprd"})
"""What "called Trump a fascist", "denied the report", "vowed to fight" assert."""
CONTENT_PREPS = frozenset({"about", "for", "of", "against", "on", "to"})
"""“talked about the wall”, “called for an inquiry”, “warned of cuts”."""
PLACE_PREPS = frozenset({"on", "to"})
"""With a name after them these say where or to whom, not what: “appeared on Frontline
Wire”, “spoke to Reuters”."""
BARE_COPULA = frozenset({"nsubj", "punct", "advmod", "neg", "aux"})
"""A "be" with nothing else to say: in "That's according to the poll", "That" is what
the poll says; "She was in Paris, according to the AP" says the whole sentence. (With a
curly apostrophe the model leaves "’s" unlemmatised; its norm is still "'s".)"""
LIGHT_VERBS = frozenset(
    {"make", "have", "express", "voice", "offer", "give", "level", "launch", "deliver",
     "issue", "raise"}
)  # fmt: skip
"""Verbs whose object noun carries the statement: "made no mention of", "voiced concern
about", "offered praise for"."""
DOCUMENTS = frozenset(
    {"interview", "statement", "report", "letter", "memo", "filing", "study", "survey",
     "poll", "analysis", "review", "release", "post", "tweet", "email", "document"}
)  # fmt: skip
"""What someone publishes or gives: "according to a statement from the ministry"."""
ANSWERS = frozenset({"so", "yes", "no"})
"""“55 percent said so”, “72 percent said yes”: the answer is the content."""
QUESTION_VERBS = frozenset({"ask", "wonder", "question", "inquire"})
"""Their "if" clause is what was asked ("asked if the border would close"); after
other verbs "if" is a condition."""
SETTING = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"})
"""A phrase on one of these says when or where it was said ("on Tuesday", "in Leeds")."""
LISTENER_TO = frozenset(
    {"speak", "talk", "say", "tell", "write", "explain", "announce", "complain", "admit",
     "report", "describe", "confide", "boast", "brag", "lie", "apologize", "apologise",
     "add"}
)  # fmt: skip
"""Verbs after which "to" names the listener, not what was said: “spoke to reporters”,
“wrote to the board”; and “added to her lead”, where it names what grew."""
DASHES = frozenset({"—", "–", "-", "--"})
SHORT_CUE_SENTENCE = 6
"""“...blah.” Kerry said. A sentence this short after a quote is its cue, not news."""
MIN_UNATTRIBUTED_TOKENS = 4
"""A quote with no speaker this short is a title or an id left in the text: dropped."""
DOUBLE_MARKS = frozenset(DOUBLE_OPEN)
OPENERS = frozenset({":", ",", "—", "–", "-", "(", "\n"})
"""What may stand before a direct quote that is a full statement, not a phrase."""
MAX_COLON_SPEAKER = 6
"""A colon attribution's speaker is a short phrase: "Lt Gen Ihor Romanenko:"."""
AFTER_WINDOW = 30
"""Tokens searched after a quote: “...,” Jane Roe, 67, a retired nurse in Leeds, said."""
MAX_SPEECH_VERB_GAP = 4
"""“...,” she laughed: any verb this close after a quote, with a subject, is its cue."""
MAX_TITLE_WORDS = 6
TITLE_SMALL_WORDS = frozenset({"the", "of", "a", "an", "and", "in", "on", "for", "to", "with"})
"""“Meet the Press”, “State of the Union”: lower-case words a programme title may hold."""
MAX_CLOSING_GAP = 3
"""Punctuation tokens between a content's last word and its quote's closing mark (“.”)."""


RULES: dict[str, str] = {
    # Statements: a cue and what it reports, each frame its own rule.
    "clause": "a verb of the lexicon's clause frame and its complement: “said that the "
              "front holds”, “asked whether...”, “said in a statement that...”",
    "that_clause": "a verb outside the lexicon with an explicit “that” clause: "
                   "“stressed that...”",
    "parenthetical": "a parenthetical cue and the rest of its sentence: “The front, he "
                     "said, is holding”",
    "object": "a verb of the object frame and its object: “denied the report”, “vowed "
              "to fight”, “called Trump a fascist”",
    "request": "a listener verb with a request: “told Bush to quiet down”",
    "passive_theme": "a passive with an agent: “the plan was rejected by voters”",
    "prep_object": "a verb of the prepositional frame and its object: “talked about the "
                   "wall”, “called for an inquiry”",
    "trailing_cue": "a cue with its own subject after a comma: the rest of the sentence",
    "as_cue": "“..., as Clyburn noted”: the rest of the sentence",
    "noun_clause": "a cue noun or adjective and its clause: “her claim that...”, "
                   "“confident that...”",
    "light_verb": "a light verb's cue noun and its prepositional object: “voiced concern "
                  "about the cuts”",
    "colon_label": "a short name, a colon, a statement: “Romanenko: the front is holding”",
    "according_to": "“according to” and what it qualifies",
    "headline": "a headline in title case parsed again in sentence case, read by the "
                "statement rules: “Harbour Chief Praises Mayor Lind”",
    # Quotes: who said them. Tried in the configured order; the first that finds wins.
    "partial_in_statement": "a partial quote takes the statement that holds it",
    "governor": "the cue verb the parse hangs the quote on",
    "dash_name": "a name after a dash: “...” — Paul Ryan",
    "cue_after": "the nearest cue (or a verb with a subject right after) following the "
                 "quote in its sentence",
    "colon_intro": "the clause a colon before the quote ends: “The ministry said:”",
    "cue_before": "the nearest cue before the quote in its sentence",
    "verb_before": "a verb with a subject right before a comma and the quote: “He went on, "
                   "“...”",
    "continued": "a quote with no cue keeps the speaker of the statement just before it",
    "unattributed": "a direct quote of four tokens or more that no rule attributes, kept "
                    "without a speaker",
}
"""Every attribution rule by name, as the component config lists them (and as each
row's ``rule`` says which one found it)."""
PARTIAL_FINDERS = frozenset({"partial_in_statement", "cue_before"})
DIRECT_FINDERS = frozenset({"governor", "dash_name", "cue_after", "colon_intro", "cue_before",
                            "verb_before", "continued"})


@dataclass(frozen=True, slots=True)
class Rules:
    """Which rules run, the order quote finders are tried in, and the cue lexicon: the
    quotes component's config (``rules``, ``cues``) made into one value."""

    lexicon: Lexicon
    order: tuple[str, ...] = tuple(RULES)

    def __post_init__(self) -> None:
        unknown = [r for r in self.order if r not in RULES]
        if unknown:
            raise ValueError(f"unknown attribution rules {unknown}; known: {', '.join(RULES)}")


@dataclass(frozen=True, slots=True)
class Attribution:
    """A content span asserted by a speaker through a cue."""

    content: Offsets
    kind: QuoteKind
    speaker: Speaker | None
    cue: Offsets | None
    quoted: tuple[Offsets, ...] = ()
    """Words inside the content that are quoted ("called it “a disaster”")."""
    rule: str = ""
    """The rule that found the speaker and cue (one of :data:`RULES`)."""


def _chars(doc: Doc, first: int, last: int) -> Offsets:
    """Character span of tokens ``first..last`` inclusive, edge punctuation trimmed,
    but never the mark that closes a quote opened inside: "described as “an orchid.”"
    keeps its closing mark."""
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if _open_quote(doc[first : last + 1].text):
        close = last + 1
        while close < min(len(doc), last + MAX_CLOSING_GAP) and doc[close].text in ".,;!?":
            close += 1
        last = close if close < len(doc) and doc[close].is_quote else last
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _open_quote(text: str) -> bool:
    """Whether ``text`` opens a double quote it does not close."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _author(source: Token) -> Token:
    """Who is behind a document: "according to an interview with his brother" is the
    brother, "a statement from the ministry" the ministry."""
    if source.lemma_.lower() not in DOCUMENTS:
        return source
    for prep in source.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "by", "from"):
            author = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if author is not None and author.ent_type_ not in SETTING:
                return author
    return source


def _agent(verb: Token) -> Token | None:
    """Who acts in a passive: "was rejected by 59.6 percent of voters"."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _subject(verb: Token) -> Token | None:
    for _ in range(SUBJECT_HOPS):
        agent = _agent(verb)
        if agent is not None:
            return agent
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subjects:  # two when the parser misreads "in Berea, OH, ... Kasich said": nearest
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head  # "a statement saying", "polls showing": the noun is the source
        if _root_subject(verb):
            return verb.head  # "A new poll found that...", parsed as a noun phrase
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head  # "by saying that": the subject of the verb the phrase hangs on
        elif verb.dep_ == "acl" and verb.head.dep_ == "dobj" and _to_infinitive(verb):
            verb = verb.head  # "has plans to address climate change": who has the plans
        elif verb.dep_ not in INHERITS_SUBJECT:
            return None
        verb = verb.head
    return None


def _root_subject(verb: Token) -> bool:
    """Whether the parser took a sentence's subject for its root and hung the verb on
    it: "A new poll [found] that...", "Trump defended the plan, [calling] it...": a
    noun root before the verb, and no verb the noun could depend on."""
    head = verb.head
    return (verb.dep_ in ROOT_SUBJECT_DEPS and head.dep_ == "ROOT" and head.i < verb.i
            and head.pos_ in ("NOUN", "PROPN"))


def _passive_theme(verb: Token) -> tuple[int, int] | None:
    """What a passive with an agent reports (token range): its subject, "the plan was
    rejected by voters", or the noun it describes, "an option seen by organizers as a
    lifeboat"."""
    if _agent(verb) is None:
        return None
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        return passive.left_edge.i, passive.right_edge.i
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head.left_edge.i, verb.right_edge.i
    return None


def _rest_of_sentence(sent: Span, inner: tuple[int, int]) -> tuple[int, int] | None:
    """The sentence around a parenthetical cue clause (token indices, inclusive)."""
    left = inner[0] - sent.start
    right = sent.end - 1 - inner[1]
    if left >= 3 and right >= 3:
        return sent.start, sent.end - 1
    if max(left, right) < 3:
        return None
    return (sent.start, inner[0] - 1) if left >= right else (inner[1] + 1, sent.end - 1)


def _clauses(verb: Token) -> list[Token]:
    """The clauses a verb reports: its complement, an indirect question, or a "that"
    clause hanging on its prepositional object ("says in a statement that...", "said
    during a news conference that...", which the parser may take for a relative
    clause; a "that" that is the clause's subject or object, not its marker, makes a
    true relative: "a statement that angered the union")."""
    comps = [c for c in verb.children if c.dep_ == "ccomp" or _question(verb, c)]
    return comps or [
        clause
        for prep in verb.children
        if prep.dep_ == "prep"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for clause in pobj.children
        if clause.dep_ in ("acl", "ccomp", "relcl") and _that_mark(clause)
    ]


def _that_mark(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def _objects(verb: Token) -> list[Token]:
    """What "called Trump a fascist", "vowed to fight", "said yes" assert."""
    found = [c for c in verb.children if c.dep_ in OBJECTS or _infinitive(c)]
    found += [c for c in verb.children if c.lower_ in ANSWERS and c.dep_ != "prep"]
    return [c for c in found if c.ent_type_ not in SETTING]  # "speaking Sunday"


def _said_about(verb: Token, phrases: Iterable[Token]) -> Iterator[tuple[Token, Token]]:
    """(preposition, object) for the phrases that may say what a verb reports: "about",
    "for", "of", ... with an object that is no time or place, and no listener."""
    for prep in phrases:
        if prep.dep_ != "prep" or prep.lower_ not in CONTENT_PREPS or _to_listener(verb, prep):
            continue
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None and pobj.ent_type_ not in SETTING:
            yield prep, pobj


def _prep_object(verb: Token) -> Token | None:
    """“talked about the wall”, “called for an inquiry”; not “spoke to Reuters”,
    “spoke to reporters” or “spoke on Tuesday”."""
    return next(
        (
            pobj
            for prep, pobj in _said_about(verb, verb.children)
            if not (prep.lower_ in PLACE_PREPS and pobj.pos_ == "PROPN")
        ),
        None,
    )


def _to_listener(verb: Token, prep: Token) -> bool:
    """“spoke to reporters”, “wrote to the board”: to whom, not what."""
    return prep.lower_ == "to" and verb.lemma_.lower() in LISTENER_TO


def frame(verb: Token) -> Frame | None:
    """How a verb carries content, as :func:`_content` reads it; ``cues.tsv`` learns
    which verbs report in which frame (``bench/build_cues.py`` calls this too)."""
    if _clauses(verb):
        return "clause"
    if _objects(verb) or _passive_theme(verb):
        return "object"
    return "prep" if _prep_object(verb) is not None else None


Found = tuple[tuple[int, int], str]
"""A content's token range (inclusive) and the rule that found it."""


def _content(verb: Token, sent: Span, lexicon: Lexicon) -> Found | None:
    """What a cue verb asserts, if it reports in that frame, and by which rule."""
    lemma = verb.lemma_.lower()
    comps = _clauses(verb)
    if comps:
        if lemma in lexicon.frame_verbs("clause"):
            rule = "clause"
        elif _reports_that(verb, comps):
            rule = "that_clause"
        else:
            return None
        return (min(c.left_edge.i for c in comps), max(c.right_edge.i for c in comps)), rule
    inner = (verb.left_edge.i, verb.right_edge.i)
    if verb.dep_ == "parataxis":
        return _named(_rest_of_sentence(sent, inner), "parenthetical")
    own = _own_content(verb, lemma, lexicon)
    if own is not None:
        return own
    own_subject = any(c.dep_ in SUBJECTS for c in verb.children)
    after_comma = inner[0] > 0 and verb.doc[inner[0] - 1].text in (",", "—", "–")
    subordinate = any(c.dep_ == "mark" for c in verb.children)  # "after the talks concluded"
    if verb.dep_ in TRAILING and own_subject and after_comma and not subordinate:
        return _named(_rest_of_sentence(sent, inner), "trailing_cue")
    if verb.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children):
        return _named(_rest_of_sentence(sent, inner), "as_cue")  # "..., as Clyburn noted"
    return None


def _named(content: tuple[int, int] | None, rule: str) -> Found | None:
    return None if content is None else (content, rule)


def _own_content(verb: Token, lemma: str, lexicon: Lexicon) -> Found | None:
    """What a verb reports in its own object, passive subject or prepositional object;
    this beats the rest of the sentence even after a comma ("..., while only 4 percent
    would vote for O'Malley")."""
    request = lemma in LISTENER_OBJECT and any(c.dep_ == "xcomp" for c in verb.children)
    # "told Bush to quiet down": the listener with a request is content
    reports = lexicon.frame_verbs
    objects = _objects(verb) if request or lemma in reports("object") else []
    if objects:
        objects += [c for c in verb.children if c.i > verb.i and _completes(verb, c)]
        span = min(c.left_edge.i for c in objects), max(c.right_edge.i for c in objects)
        return span, "request" if request else "object"
    theme = _passive_theme(verb)
    if theme is not None and lemma in reports("object"):
        return theme, "passive_theme"
    pobj = _prep_object(verb)
    if pobj is not None and lemma in reports("prep"):
        rest = [c for c in verb.children if c.i > pobj.i and _completes(verb, c)]
        end = max([pobj.right_edge.i] + [c.right_edge.i for c in rest])
        return (pobj.left_edge.i, end), "prep_object"
    return None


def _completes(verb: Token, child: Token) -> bool:
    """What after an object still belongs to the statement: "accused him of lying",
    "described the dinner as a farce", "recalled his generosity in support of...";
    not when or where, nor to whom, it was said."""
    if child.dep_ == "prep":
        return not _to_listener(verb, child) and not any(
            c.ent_type_ in SETTING for c in child.children
        )
    return child.dep_ == "advcl" and child.left_edge.lower_ == "as"


def _label(head: Token, people: People) -> bool:
    """A name before a colon: a proper noun, or a word the tagger took for a common
    noun that is a known name, written in capitals ("JAKE TAPPER:") or part of a full
    name used in the document ("Sanders:" in a headline, tagged as a plural)."""
    return head.pos_ == "PROPN" or (
        head.pos_ == "NOUN"
        and (
            head.is_upper
            or head.ent_type_ in ("PERSON", "ORG")
            or people.canonical(head.text) != head.text
        )
    )


def _question(verb: Token, clause: Token) -> bool:
    """An indirect question the parser took for an adverbial: "asked if he was ready";
    "whether" after any cue ("unclear whether", "did not say whether")."""
    if clause.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    return "whether" in marks or ("if" in marks and verb.lemma_.lower() in QUESTION_VERBS)


def _reports_that(verb: Token, clauses: list[Token]) -> bool:
    """A verb outside the lexicon with an explicit "that" clause reports it ("stressed
    that", "have known since 1914 that"), unless the parser hung the clause on a
    relative clause: "after a debate which the council lost that she had doubts"."""
    return verb.dep_ != "relcl" and any(_that_mark(c) for c in clauses)


def _light_verb_object(word: Token) -> Token | None:
    """The prepositional object of a light verb's noun: "made no mention *of Bush*",
    also when the parser hangs the phrase on the verb ("made the case *for a bridge*")."""
    verb = word.head
    if word.dep_ != "dobj" or verb.lemma_.lower() not in LIGHT_VERBS:
        return None
    after = [c for c in verb.children if c.i > word.i]
    return next((pobj for _, pobj in _said_about(verb, [*word.children, *after])), None)


def _infinitive(clause: Token) -> bool:
    """An infinitive the parser hung on as an adverbial: "called for the US to act"."""
    return clause.dep_ == "advcl" and _to_infinitive(clause)


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


Source = tuple[Speaker | None, Offsets | None, str]
"""Who said a quote, through which cue, found by which rule."""


class Attributor:
    """Finds attributions in one parsed document."""

    def __init__(self, doc: Doc, marked: list[Marked], rules: Rules) -> None:
        self.lexicon, self.order, self.enabled = rules.lexicon, rules.order, set(rules.order)
        self.doc = doc
        self.quotes = [(m, doc.char_span(*m.span, alignment_mode="expand")) for m in marked]
        self.quoted: set[int] = set()
        for m, _ in self.quotes:
            outer = doc.char_span(*m.outer, alignment_mode="expand")
            if outer is not None:
                self.quoted.update(range(outer.start, outer.end))
        self.people = people = People(doc, self.quoted)
        self.text, self.sents, self.sent_of = people.text, people.sents, people.sent_of
        self.speakers = Speakers(people)
        self._cue_speaker: dict[int, Speaker | None] = {}
        self._by_end: list[Attribution] = []
        self._indirect_ends: list[int] = []

    def sentence(self, token: Token) -> Span:
        """``token.sent`` walks the document each call; this is a lookup."""
        return self.sents[self.sent_of[token.i]]

    def cue_speaker(self, cue: Token) -> Speaker | None:
        """The speaker of a cue, resolved once, in text order of first use."""
        if cue.i not in self._cue_speaker:
            subject = _subject(cue)
            quoted = subject is not None and subject.i in self.quoted
            self._cue_speaker[cue.i] = (
                None if subject is None or quoted or not can_speak(subject)
                else self.speakers.speaker(subject)
            )
        return self._cue_speaker[cue.i]

    def indirect(self) -> list[Attribution]:
        """Cue verbs and "according to" outside quotation marks, with their content."""
        doc, verbs, words = self.doc, self.lexicon.verbs, self.lexicon.words
        found = []
        for token in doc:
            if token.i in self.quoted:
                continue
            if token.lower_ == "according":
                found += self._according(token)
            elif token.text == ":":
                found += self._colon(token)
            elif token.pos_ in ("NOUN", "ADJ") and token.lemma_.lower() in words:
                found += self._nominal(token)
            elif token.pos_ == "VERB" and (
                token.lemma_.lower() in verbs or _reports_that(token, _clauses(token))
            ):
                content = _content(token, self.sentence(token), self.lexicon)
                speaker = self.cue_speaker(token)
                if content is None or speaker is None:
                    continue
                cue = (token.idx, token.idx + len(token.text))
                (first, last), rule = content
                found.append(Attribution(_chars(doc, first, last), "indirect", speaker, cue,
                                         rule=rule))
        return [a for a in found if a.rule in self.enabled]

    def _nominal(self, word: Token) -> list[Attribution]:
        """What a cue noun or adjective reports: a clause ("her claim that...", "they are
        confident that..."), or, as the object of a light verb, its prepositional object
        ("made no mention of Bush", "voiced concern about the cuts")."""
        content = next((c for c in word.children if c.dep_ in ("acl", "ccomp")), None)
        rule = "noun_clause"
        if content is None or not any(c.dep_ == "mark" for c in content.children):
            content, rule = _light_verb_object(word), "light_verb"
        source = next((c for c in word.children if c.dep_ == "poss"), None)
        if source is None and word.dep_ in ("dobj", "acomp", "attr"):
            source = _subject(word.head)
        if content is None or source is None or source.i in self.quoted:
            return []
        cue = (word.idx, word.idx + len(word.text))
        span = _chars(self.doc, content.left_edge.i, content.right_edge.i)
        return [Attribution(span, "indirect", self.speakers.speaker(source), cue, rule=rule)]

    def _colon(self, colon: Token) -> list[Attribution]:
        """A short name phrase, a colon, a statement: "Romanenko: the front is holding"."""
        sent, end = self.sentence(colon), self._line_end(colon.i)
        before = self.doc[sent.start : colon.i]
        if not 0 < len(before) <= MAX_COLON_SPEAKER or end - colon.i < 3:
            return []
        if any(t.pos_ in ("VERB", "AUX") or t.is_space for t in before):
            return []
        head = before.root
        if head.ent_type_ not in ("PERSON", "ORG", "") or not _label(head, self.people):
            return []
        if self.doc[colon.i + 1 : end + 1].text.lstrip()[:1] in DOUBLE_MARKS:
            return []  # a direct quote: its own pass attributes it
        content = _chars(self.doc, colon.i + 1, end)
        cue = (colon.idx, colon.idx + 1)
        return [Attribution(content, "indirect", self.speakers.speaker(head), cue,
                            rule="colon_label")]

    def _line_end(self, i: int) -> int:
        """The last token of the line ``i`` is on: a transcript turn ("TAPPER: ...")
        runs over several sentences to the end of its paragraph."""
        doc = self.doc
        while i + 1 < len(doc) and "\n" not in doc[i + 1].text:
            i += 1
        return i

    def _according(self, token: Token) -> list[Attribution]:
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if to is None or source is None:
            return []
        inner = (token.left_edge.i, token.right_edge.i)
        be = token.head
        said = next((c for c in be.children if c.dep_ == "nsubj"), None)
        bare = all(c == token or c.dep_ in BARE_COPULA for c in be.children)
        if (be.lemma_ == "be" or be.norm_ == "'s") and said is not None and bare:
            content: tuple[int, int] | None = (said.left_edge.i, said.right_edge.i)
        else:
            content = _rest_of_sentence(self.sentence(token), inner)
        if content is None:
            return []
        cue = (token.idx, to.idx + len(to.text))
        speaker = self.speakers.speaker(_author(source))
        return [Attribution(_chars(self.doc, *content), "indirect", speaker, cue,
                            rule="according_to")]

    def direct(self, indirect: list[Attribution]) -> list[Attribution]:
        """Every quoted span with its speaker: beside a cue, inside one, or continued.

        A partial quote counts only inside a statement ("treated 'like animals',
        she said"); alone it is a title or scare quotes that nobody asserts.
        """
        out: list[Attribution] = []
        # of statements ending together the outermost comes last, so a quote that goes
        # on after "X said that Y had predicted..." stays X's
        self._by_end = sorted(indirect, key=lambda a: (a.content[1], -a.content[0]))
        self._indirect_ends = [a.content[1] for a in self._by_end]
        for m, span in self.quotes:
            if span is None or not any(t.is_alpha for t in span):
                continue  # nothing said: blank, or a quoted date or number ("2015-12-02")
            if self._programme(span):
                continue
            kind = self._kind(m, span)
            finders = PARTIAL_FINDERS if kind == "partial" else DIRECT_FINDERS
            found = next((f for rule in self.order if rule in finders
                          and (f := self._find(rule, m, span, out, indirect))), None)
            if found is None and (kind == "partial" or len(span) < MIN_UNATTRIBUTED_TOKENS
                                  or "unattributed" not in self.enabled):
                continue
            speaker, cue, rule = found if found else (None, None, "unattributed")
            out.append(Attribution(m.span, kind, speaker, cue, rule=rule))
        return out

    def _find(self, rule: str, m: Marked, span: Span, out: list[Attribution],
              indirect: list[Attribution]) -> Source | None:
        """The speaker and cue one quote finder gives a quote, if it finds them."""
        if rule == "partial_in_statement":
            return self._inside(m.span, indirect)
        if rule == "governor":
            return self._governor(span)
        if rule == "dash_name":
            return self._dash_name(span)
        if rule == "cue_after":
            return self._cue_after(span)
        if rule == "colon_intro":
            return self._introduced(span)
        if rule == "cue_before":
            return self._cue_before(span)
        if rule == "verb_before":
            return self._verb_before(span)
        return self._continued(m, out, indirect)

    def _programme(self, span: Span) -> bool:
        """A title after "on" or a possessive: "told CNN's “State of the Union”", "said on
        “Meet the Press.”"; a short run of capitalised words that nobody says."""
        before = self._window(span.start - 1, -1, 2)
        words = [t for t in span if t.is_alpha]
        return (
            bool(before)
            and (before[0].lower_ == "on" or before[0].tag_ == "POS")
            and len(words) <= MAX_TITLE_WORDS
            and all(t.is_title or t.lower_ in TITLE_SMALL_WORDS for t in words)
        )

    def _kind(self, m: Marked, span: Span) -> QuoteKind:
        """Partial when the marks sit inside a clause around a verbless or short phrase."""
        before = self.text[: m.outer[0]].rstrip(" \t")
        embedded = bool(before) and (before[-1].isalnum() or before[-1] in OPENERS - {":", "\n"})
        phrase = len(span) <= 3 or not any(t.pos_ in ("VERB", "AUX") for t in span)
        return "partial" if embedded and phrase and before[-1] not in ",:" else "direct"

    @staticmethod
    def _inside(
        span: Offsets, indirect: list[Attribution]
    ) -> Source | None:
        """The outermost statement holding a partial quote: in "the villagers felt they
        had been “left to rot”, the mayor said" the mayor chose the quoted words."""
        holders = [a for a in indirect if a.content[0] <= span[0] < a.content[1]]
        if not holders:
            return None
        outer = max(holders, key=lambda a: a.content[1] - a.content[0])
        return outer.speaker, outer.cue, "partial_in_statement"

    def _governor(self, span: Span) -> Source | None:
        """The cue verb the parse hangs the quote on: in "Lind said, “...,” before the
        council voted" that is "said", whatever verb is nearest."""
        head = span.root.head
        for _ in range(2):
            if head.i in self.quoted or head.i == span.root.i:
                return None
            if head.pos_ == "VERB" and head.lemma_.lower() in self.lexicon.verbs:
                speaker = self.cue_speaker(head)
                cue = (head.idx, head.idx + len(head.text))
                return (speaker, cue, "governor") if speaker else None
            head = head.head
        return None

    def _window(self, start: int, step: int, limit: int) -> list[Token]:
        """Unquoted tokens from ``start`` in direction ``step``, within sentence and line."""
        doc, out = self.doc, list[Token]()
        i = start
        while 0 <= i < len(doc) and (i in self.quoted or doc[i].is_space):
            if step > 0 and "\n" in doc[i].text and i not in self.quoted:
                return out  # a quote ending its paragraph has no cue on the next line
            i += step
        if not 0 <= i < len(doc):
            return out
        sent = self.sentence(doc[i])
        while sent.start <= i < sent.end and i not in self.quoted and len(out) < limit:
            if "\n" in doc[i].text:
                break
            out.append(doc[i])
            i += step
        return out

    def _after(self, span: Span) -> list[Token]:
        """The words after a quote that may name its speaker, in its sentence."""
        after = self._window(span.end, 1, AFTER_WINDOW)
        if span.text.rstrip().endswith(".") and after and not after[0].is_lower:
            # “... line.” To address this: a new sentence, unless it is just “Kerry said.”
            after = after if len(after) <= SHORT_CUE_SENTENCE else []
        return after

    def _dash_name(self, span: Span) -> Source | None:
        """“...” — Paul Ryan (@SpeakerRyan): the name after a dash."""
        after = self._after(span)
        if len(after) > 1 and after[0].text in DASHES and after[1].pos_ == "PROPN":
            name = after[1].head if after[1].dep_ == "compound" else after[1]
            return self.speakers.speaker(name), (after[0].idx, after[0].idx + 1), "dash_name"
        return None

    def _cue_after(self, span: Span) -> Source | None:
        """The nearest cue after the quote in its sentence: “...,” she said."""
        verbs, after = self.lexicon.verbs, self._after(span)
        for gap, token in enumerate(after):
            is_cue = token.pos_ == "VERB" and token.lemma_.lower() in verbs
            if is_cue or (token.pos_ == "VERB" and gap <= MAX_SPEECH_VERB_GAP):
                speaker = self.cue_speaker(token) or self._named_before(after[:gap])
                if speaker is not None:
                    return speaker, (token.idx, token.idx + len(token.text)), "cue_after"
        return None

    def _cue_before(self, span: Span) -> Source | None:
        """The nearest cue before a quote in its sentence: "Sanders said after the vote
        that he had “very serious concerns”", "According to the paper, “...”"."""
        verbs = self.lexicon.verbs
        before = self._window(span.start - 1, -1, 25)
        if before and before[0].text in (".", "!", "?"):
            before = []  # he warned. “...”: that cue belongs to the quote before
        for token in before:
            if token.lower_ == "according":  # According to the paper, “...”
                found = self._according(token)
                if found and found[0].speaker is not None and found[0].cue is not None:
                    return found[0].speaker, found[0].cue, "cue_before"
            if token.pos_ == "VERB" and token.lemma_.lower() in verbs:
                speaker = self.cue_speaker(token)
                if speaker is not None:
                    return speaker, (token.idx, token.idx + len(token.text)), "cue_before"
        return None

    def _verb_before(self, span: Span) -> Source | None:
        """Any verb with a subject of its own right before a comma and the quote: "He
        went on, “...”", "She shrugged, “...”"; not a subordinate one ("As the crowd
        cheered, “...”")."""
        before = self._window(span.start - 1, -1, 2)
        if len(before) != 2 or before[0].text != "," or before[1].pos_ != "VERB":
            return None
        verb = before[1]
        if any(c.dep_ == "mark" for c in verb.children) or verb.dep_ in ("advcl", "relcl"):
            return None
        speaker = self.cue_speaker(verb)
        if speaker is None:
            return None
        return speaker, (verb.idx, verb.idx + len(verb.text)), "verb_before"

    def _introduced(self, span: Span) -> Source | None:
        """A quote after a colon, on its line or opening the next paragraph, belongs to
        the clause the colon ends: “Cruz continued:”, “The ministry said in a
        statement:”, or a bare name, “Romanenko:”. The nearest reporting verb with a
        subject speaks; failing one, any verb with a subject (“Cruz continued:”): the
        colon has already said that the clause introduces the quote; failing that, a
        name before the reporting verb ("In a statement to the Gazette, her aide, Tomas
        Berg, said:" where the aide is parsed as the Gazette's apposition). A dash
        ends the clause: "Turnout fell in the north – Maria Kovacs: “...”"."""
        i = span.start - 1
        while i >= 0 and (self.doc[i].is_space or self.doc[i].is_quote):
            i -= 1
        if i < 0 or self.doc[i].text != ":" or i in self.quoted:
            return None
        colon = self.doc[i]
        clause = self._window(i - 1, -1, 25)  # nearest first, back to a quote or a line
        dash = next((k for k, t in enumerate(clause) if t.text in DASHES), None)
        if dash is not None and dash <= MAX_COLON_SPEAKER:
            clause = clause[:dash]  # "... Republican contests - Philip Bump: “...”"
        cue = (colon.idx, colon.idx + 1)
        if not clause:
            return None
        if len(clause) <= MAX_COLON_SPEAKER and all(t.pos_ != "VERB" for t in clause):
            if clause[0].pos_ in ("PROPN", "NOUN"):  # "Romanenko: “...”"
                return self.speakers.speaker(clause[0]), cue, "colon_intro"
            return None
        cues = self.lexicon.verbs
        verbs = [t for t in clause if t.pos_ == "VERB"]
        for verb in sorted(verbs, key=lambda v: v.lemma_.lower() not in cues):
            speaker = self.cue_speaker(verb)
            if speaker is not None:
                return speaker, (verb.idx, verb.idx + len(verb.text)), "colon_intro"
        said = next((v for v in verbs if v.lemma_.lower() in cues), None)
        if said is not None:  # a name the parser did not make the subject
            speaker = self._named_before(clause[clause.index(said) + 1 :])
            if speaker is not None:
                return speaker, (said.idx, said.idx + len(said.text)), "colon_intro"
        return None

    def _named_before(self, tokens: list[Token]) -> Speaker | None:
        """“...,” Ramos, 58, told AFP: a name the parser did not make the subject."""
        for token in tokens:
            if token.pos_ in ("PROPN", "PRON"):
                head = token.head if token.dep_ == "compound" else token
                return self.speakers.speaker(head)
        return None

    def _continued(
        self, m: Marked, direct: list[Attribution], indirect: list[Attribution]
    ) -> Source | None:
        """A quote without a cue keeps the speaker of the statement just before it, in
        the same paragraph or, when it opens its paragraph, in the paragraph before."""
        text = self.text
        before = bisect_right(self._indirect_ends, m.outer[0])
        earlier = [a for a in direct[-1:] if a.content[1] <= m.outer[0]]
        earlier += self._by_end[before - 1 : before] if before else []
        if not earlier:
            return None
        last = max(earlier, key=lambda a: a.content[1])
        if last.speaker is None:
            return None
        between = text[last.content[1] : m.outer[0]]
        lines = between.split("\n")
        opens_paragraph = len(lines) > 1 and not lines[-1].strip()
        if len(lines) == 1 or (opens_paragraph and not any(x.strip() for x in lines[1:-1])):
            return last.speaker, None, "continued"
        return None
