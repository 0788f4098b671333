"""Who is named in a document: names, roles and genders, read once per document.

News names a person in full once ("Ukrainian MP Anna Skorokhod") and then by
surname, pronoun or role ("Skorokhod", "she", "the lawmaker").  This module collects
the full mentions in text order so :mod:`speakers` can resolve the short ones.
Genders are never guessed from first names: they come from honorifics, gendered role
nouns and pronouns that follow a sentence naming exactly one person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "president",
        "general", "lieutenant", "colonel", "major", "captain", "sergeant", "admiral",
        "minister", "senator", "sen", "rep", "gov", "governor", "mayor", "judge", "mp",
        "journalist", "secretary", "chancellor", "premier", "prime", "deputy", "commander",
        "chief", "ambassador", "pope", "king", "queen", "prince", "princess", "rev",
    }
)  # fmt: skip
"""Words that open a name phrase but belong to the role ("Lieutenant General")."""
FEMALE = frozenset({"she", "her", "hers", "herself", "mrs", "ms", "miss", "dame", "lady",
                    "queen", "princess", "spokeswoman", "congresswoman", "chairwoman",
                    "businesswoman", "mother", "wife", "daughter", "sister", "woman"})  # fmt: skip
MALE = frozenset({"he", "him", "his", "himself", "mr", "sir", "lord", "king", "prince",
                  "spokesman", "congressman", "businessman", "father", "husband", "son",
                  "brother", "man"})  # fmt: skip
GENDERED_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
NOT_PEOPLE = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART",
                        "LAW", "LANGUAGE", "DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL",
                        "ORDINAL", "PERCENT"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mention:
    """One naming of a person: where, in which sentence, and whether as subject."""

    token: int
    sentence: int
    name: str
    subject: bool


def gender_of(word: str) -> str | None:
    word = word.lower().rstrip(".")
    return "f" if word in FEMALE else "m" if word in MALE else None


def name_tokens(head: Token, ent: Span | None) -> list[Token]:
    """The name inside a mention: the PERSON entity or the proper-noun chain, no titles."""
    if ent is not None:
        tokens = list(ent)
    else:
        tokens = [head]
        for left in reversed(list(head.lefts)):
            if left.dep_ == "compound" and left.pos_ == "PROPN" and left.i == tokens[0].i - 1:
                tokens.insert(0, left)
            else:
                break
    while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in TITLES:
        tokens.pop(0)
    while tokens and tokens[-1].tag_ == "POS":
        tokens.pop()
    return tokens


def role_of(head: Token, name: list[Token]) -> str | None:
    """Title and pre-modifiers before the name, and any apposition after it."""
    parts = []
    first = name[0].i if name else head.i
    before = [t for t in head.subtree if t.i < first and t.dep_ not in ("det", "punct")]
    if before and head.doc[before[0].i : first].text.strip():
        parts.append(head.doc[before[0].i : first].text.strip())
    for child in head.rights:
        if child.dep_ == "appos":
            words = [t for t in child.subtree if t.dep_ != "relcl" and not t.is_punct]
            if words and words[0].dep_ == "det" and words[0].head.i == child.i:
                words = words[1:]
            if words:
                parts.append(head.doc[words[0].i : words[-1].i + 1].text)
    return ", ".join(parts) or None


def is_person_name(head: Token) -> bool:
    """A PERSON entity, or a proper noun the model left untyped (rare foreign names)."""
    return head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and head.ent_type_ not in NOT_PEOPLE)


def titled(head: Token) -> bool:
    """A proper name led by a common-noun title ("the engineer Petra Lind"): a person,
    whatever entity type the model gave it."""
    if head.pos_ != "PROPN":
        return False
    compounds = [t for t in head.lefts if t.dep_ == "compound"]
    first_proper = next((t.i for t in compounds if t.pos_ == "PROPN"), head.i)
    common = [t for t in compounds if t.pos_ == "NOUN"]
    return bool(common) and all(t.i < first_proper for t in common)


PARTY_TAG = re.compile(r"\((?:R|D|I|Ind)\.?-[A-Z][A-Za-z.]*\.?\)")
"""A US legislator's party and state after the name: "(R-WI)", "(D-Vt.)", "(I-Vt.)"."""


def _parenthesis(token: Token) -> tuple[int, int]:
    """Character span of the short parenthesis around ``token``, or an empty one."""
    doc = token.doc
    opening = next((t for t in doc[max(0, token.i - 3) : token.i] if t.text == "("), None)
    closing = next((t for t in doc[token.i + 1 : token.i + 3] if t.text == ")"), None)
    if opening is None or closing is None:
        return 0, 0
    return opening.idx, closing.idx + 1


class People:
    """The people named in one document, with their full names, roles and genders."""

    def __init__(self, doc: Doc, quoted: set[int]) -> None:
        self.mentions: list[Mention] = []
        self.roles: dict[str, str] = {}
        self.gender: dict[str, Counter[str]] = {}
        self._by_token: dict[int, str] = {}
        self._full_by_word: dict[str, str] = {}
        self.text: str = doc.text
        self.sents: list[Span] = list(doc.sents)
        self.sent_of: list[int] = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [n] * (sent.end - sent.start)
        person_ents = {t.i: e for e in doc.ents if e.label_ == "PERSON" for t in e}
        for token in doc:
            if token.i in quoted or not self._is_name_head(token):
                continue
            tokens = name_tokens(token, person_ents.get(token.i))
            if not tokens:
                continue
            name = self.canonical(" ".join(t.text for t in tokens))
            words = name.split()
            if len(words) > 1:
                self._full_by_word[words[-1]] = self._full_by_word[words[0]] = name
            self._by_token[token.i] = name
            self.mentions.append(
                Mention(token.i, self.sent_of[token.i], name, token.dep_ in ("nsubj", "nsubjpass"))
            )
            role = role_of(token, tokens)
            if role and name not in self.roles:
                self.roles[name] = role
            for word in [t.text for t in token.subtree if t.i < tokens[0].i] + (role or "").split():
                self.vote(name, gender_of(word))
        self._vote_by_pronouns(doc, quoted)

    def _is_name_head(self, token: Token) -> bool:
        """A person's name ends here; a lone surname counts whatever NER called it."""
        if token.dep_ == "compound" or (token.pos_ != "PROPN" and token.ent_type_ != "PERSON"):
            return False
        if PARTY_TAG.fullmatch(self.text, *_parenthesis(token)):
            return False  # "Paul Ryan (R-WI)": the party and state, not a person
        if self.canonical(token.text) != token.text:
            return True
        if titled(token):
            return True
        if not is_person_name(token):
            return False
        return token.ent_type_ == "PERSON" or token.dep_ in ("nsubj", "nsubjpass", "appos")

    def canonical(self, name: str) -> str:
        """A surname alone ("Skorokhod") becomes the full name used earlier, if any."""
        return name if " " in name else self._full_by_word.get(name, name)

    def name_at(self, token: Token) -> str | None:
        return self._by_token.get(token.i)

    def vote(self, name: str, gender: str | None) -> None:
        if gender:
            self.gender.setdefault(name, Counter())[gender] += 1

    def gender_of_person(self, name: str) -> str | None:
        votes = self.gender.get(name)
        return votes.most_common(1)[0][0] if votes else None

    def _vote_by_pronouns(self, doc: Doc, quoted: set[int]) -> None:
        """A he/she right after a sentence that names one person is a vote for them."""
        by_sentence: dict[int, list[Mention]] = {}
        for m in self.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        for token in doc:
            if token.lower_ not in GENDERED_PRONOUNS or token.i in quoted:
                continue
            n = self.sent_of[token.i]
            here = {m.name for m in by_sentence.get(n, ()) if m.token < token.i}
            candidates = here or {m.name for m in by_sentence.get(n - 1, ())}
            if len(candidates) == 1:
                self.vote(candidates.pop(), gender_of(token.lower_))
