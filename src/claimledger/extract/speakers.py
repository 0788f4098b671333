"""From the subject of a reporting cue to a :class:`Speaker`.

A mention is one of: a name ("Ukrainian MP Anna Skorokhod", a surname resolved to
the full name used earlier), a pronoun ("she", resolved to the nearest earlier
person of the same gender, subjects first), a role noun ("the lawmaker", resolved to
the latest person whose role matches), an organisation ("the ministry", named but
not a person) or an unnamed source ("military officials": ``anonymous``).
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from claimledger.extract.people import People, gender_of, is_person_name
from claimledger.records import Speaker

ROLE_GROUPS = (
    frozenset({"lawmaker", "legislator", "mp", "congressman", "congresswoman", "senator",
               "representative", "parliamentarian", "deputy", "politician"}),
    frozenset({"journalist", "reporter", "correspondent", "blogger", "writer", "editor"}),
    frozenset({"general", "officer", "commander", "colonel", "lieutenant", "major", "captain",
               "soldier", "serviceman", "veteran"}),
    frozenset({"minister", "secretary"}),
    frozenset({"president", "leader", "chairman", "chairwoman", "chief", "head"}),
    frozenset({"spokesman", "spokeswoman", "spokesperson"}),
    frozenset({"candidate", "nominee", "contender"}),
    frozenset({"worker", "employee"}),
)  # fmt: skip
PERSONAL = frozenset({"i", "we", "you", "they", "it", "me", "us", "them"})
"""Pronouns that point at someone; "some", "many" or "others" are unnamed sources."""
ORGS = frozenset({"ORG", "GPE", "NORP", "FAC"})
LOOKBACK_SENTENCES = 12
"""A pronoun or role noun refers at most this far back; beyond, the speaker is unknown."""
DROP_FROM_MENTION = frozenset({"appos", "relcl", "acl", "advcl", "punct", "cc", "prep"})
"""Right dependents that describe the speaker rather than name them."""
"""... but "a source close to the ministry" keeps its phrase: for an unnamed source it is
the identity."""


QUANTIFIERS = frozenset({"some", "many", "few", "several", "most", "all", "none", "any",
                         "each", "both", "either", "neither", "much", "more", "less"})
"""A quantifier alone ("Some", "Many") is no one: "Some will never return" reports
what some servicemen do, not what they say."""
NOT_SPEAKERS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY"})


def can_speak(head: Token) -> bool:
    """Whether the head of a cue's subject is someone who can speak: never a date, an
    amount of money or a bare quantifier ("Some", "Many"); "some officials" can, and
    so can a share of people ("24 percent said", "half of respondents")."""
    if head.ent_type_ in NOT_SPEAKERS:
        return False
    return not (head.lower_ in QUANTIFIERS and not any(
        c.dep_ in ("prep", "compound", "amod") for c in head.children))


DATA_NOUNS = frozenset({"figure", "data", "datum", "statistic", "number", "estimate", "count",
                        "record", "report", "survey", "poll", "document", "tally"})
"""Sources that carry someone else's word: "figures released by the ministry"."""


def _cited_source(head: Token) -> Token | None:
    """The agent of "figures cited by X", "data published by X"; else ``None``."""
    if head.lemma_.lower() not in DATA_NOUNS:
        return None
    for clause in head.children:
        if clause.dep_ != "acl":
            continue
        for agent in clause.children:
            if agent.dep_ == "agent":
                return next((t for t in agent.children if t.dep_ == "pobj"), None)
    return None


def _role_words(lemma: str) -> frozenset[str]:
    for group in ROLE_GROUPS:
        if lemma in group:
            return group
    return frozenset({lemma})


class Speakers:
    """Builds speakers for one document, remembering who was resolved to whom."""

    def __init__(self, people: People) -> None:
        self.people = people
        self._tokens = [m.token for m in people.mentions]
        self._last_group: Speaker | None = None

    def mention(self, head: Token) -> tuple[int, int]:
        """Character span of the mention: the phrase without appositions or clauses."""
        end = head.i
        for child in head.rights:
            keep_prep = child.dep_ == "prep" and head.pos_ == "NOUN"
            if child.dep_ == "conj" or keep_prep or child.dep_ not in DROP_FROM_MENTION:
                end = max(end, child.right_edge.i)
        start = head.left_edge.i
        doc = head.doc
        while end > start and (doc[end].is_punct or doc[end].dep_ == "cc"):
            end -= 1
        while start < end and doc[start].is_punct:
            start += 1  # "- Maria Kovacs:" when the parser hangs the dash on the name
        return doc[start].idx, doc[end].idx + len(doc[end].text)

    def speaker(self, head: Token) -> Speaker:
        """The speaker a subject token stands for."""
        source = _cited_source(head)
        if source is not None:  # "figures cited by military officials": the officials
            return self.speaker(source)
        named = next((c for c in head.rights if c.dep_ == "appos"
                      and (self.people.name_at(c) or is_person_name(c))), None)
        if named is not None and head.pos_ == "NOUN":  # "the journalist Vladimir Boiko"
            found = self.speaker(named)
            start = head.left_edge.idx
            role = " ".join(t.text for t in head.lefts if t.dep_ != "det") or None
            role = f"{role} {head.text}" if role else head.text
            if found.name:
                self.people.roles.setdefault(found.name, role)
            return Speaker(found.name, found.role or role, (start, found.mention[1]))
        if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
            found = self.speaker(head.head.head)  # "Smith, who said": the mention is "who"
            return Speaker(found.name, found.role, self.mention(head), found.anonymous)
        span = self.mention(head)
        if head.pos_ == "PRON":
            return self._pronoun(head, span)
        text = self.people.text[span[0] : span[1]]
        if self.people.name_at(head) or is_person_name(head):
            name = self.people.name_at(head) or " ".join(text.split())
            return Speaker(name, self.people.roles.get(name), span)
        owner = next((c for c in head.lefts if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if head.ent_type_ in ORGS or owner is not None:  # "the ministry", "Kyiv's government"
            return self._group(Speaker(text, None, span), head)
        if any(c.lower_ in ("the", "this") for c in head.lefts) and head.tag_ == "NN":
            person = self._by_role(head)
            if person is not None:
                return Speaker(person, self.people.roles.get(person), span)
        return self._group(Speaker(text, None, span, anonymous=True), head)

    def _group(self, speaker: Speaker, head: Token) -> Speaker:
        if head.tag_ in ("NNS", "NNPS") or head.ent_type_ in ORGS:
            self._last_group = speaker
        return speaker

    def _pronoun(self, head: Token, span: tuple[int, int]) -> Speaker:
        gender = gender_of(head.lower_)
        if gender is not None:
            person = self._nearest(head, gender)
            if person is not None:
                self.people.vote(person, gender)
                return Speaker(person, self.people.roles.get(person), span)
        elif head.lower_ in ("they", "it") and self._last_group is not None:
            group = self._last_group
            return Speaker(group.name, group.role, span, anonymous=group.anonymous)
        elif head.lower_ not in PERSONAL:
            text = self.people.text[span[0] : span[1]]  # "some", "many", "others"
            return Speaker(text, None, span, anonymous=True)
        return Speaker(None, None, span)

    def _before(self, head: Token) -> range:
        """Indices of the mentions before ``head``, latest first, within the lookback."""
        stop = bisect_left(self._tokens, head.i)
        return range(stop - 1, -1, -1)

    def _nearest(self, head: Token, gender: str) -> str | None:
        """The latest person of a compatible gender, a sentence's subject first."""
        here = self.people.sent_of[head.i]
        best: tuple[int, str] | None = None
        for k in self._before(head):
            m = self.people.mentions[k]
            if here - m.sentence > LOOKBACK_SENTENCES or (best and m.sentence < best[0]):
                break
            known = self.people.gender_of_person(m.name)
            if known not in (None, gender):
                continue
            if best is None or m.subject:
                best = (m.sentence, m.name)
        return best[1] if best else None

    def _by_role(self, head: Token) -> str | None:
        """The latest person whose role shares a word with "the lawmaker"'s noun."""
        words = _role_words(head.lemma_.lower())
        here = self.people.sent_of[head.i]
        for k in self._before(head):
            m = self.people.mentions[k]
            if here - m.sentence > LOOKBACK_SENTENCES:
                break
            role = self.people.roles.get(m.name, "")
            if words & {w.lower().strip(",.") for w in role.split()}:
                return m.name
        return None
