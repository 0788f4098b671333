"""Headlines in title case, read again in sentence case.

The tagger reads "Harbour Chief Praises Mayor Lind" as a run of proper nouns, so no cue
verb is found in it.  A line whose every word but the small ones is capitalised is
parsed again with its words lower-cased, except the first, words in capitals ("GOP")
and names: words the article's other lines write with a capital after a lower-case word
or a comma.  The statement rules then read that copy (same characters, same offsets)
and their rows are added under the rule ``headline``, unless a row found on the
original text already overlaps them ("Lind: the dikes will hold" keeps its
``colon_label`` row).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.attribution import Attribution, Attributor, Rules
from claimledger.extract.quote_marks import find_marked
from claimledger.text.casing import WORD, title_case

NAME_IN_SENTENCE = re.compile(r"(?<=[a-z,] )[A-Z][\w’'-]*")
"""A capitalised word after a lower-case word or a comma: a name, in a body line."""
PARSE_PIPES = frozenset({"tok2vec", "tagger", "claimledger_paragraph_breaks_v1", "parser",
                         "attribute_ruler", "lemmatizer", "ner"})
"""The pipes that make a parse (each headline its own sentence); no figures, no quotes."""


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def sentence_case(line: str, names: set[str]) -> str:
    """``line`` with every word lower-cased but the first, capitals and ``names``; the
    same length, so offsets carry over."""
    first = True

    def recase(m: re.Match[str]) -> str:
        nonlocal first
        word, keep = m.group(0), first
        first = False
        return word if keep or word in names or (len(word) > 1 and word.isupper()) \
            else word.lower()

    return WORD.sub(recase, line)


def headlines(doc: Doc, rows: list[Attribution], nlp: Language,
              rules: Rules) -> list[Attribution]:
    """``rows`` with the statements found in the document's title-case headlines."""
    text = doc.text
    heads: list[tuple[int, str]] = []
    body: list[str] = []
    for begin, line in _lines(text):
        if title_case(line):
            heads.append((begin, line))
        else:
            body.append(line)
    if not heads:
        return rows
    names = {w for line in body for w in NAME_IN_SENTENCE.findall(line)}
    # one copy holding every headline, a blank line apart: one parse per document
    copy_text = "\n\n".join(sentence_case(line, names) for _, line in heads)
    copy = nlp.make_doc(copy_text)
    for name, pipe in nlp.pipeline:
        if name in PARSE_PIPES:
            copy = pipe(copy)
    starts: list[int] = []
    at = 0
    for _, line in heads:
        starts.append(at)
        at += len(line) + 2
    added: list[Attribution] = []
    for a in Attributor(copy, find_marked(copy_text), rules).indirect():
        k = bisect_right(starts, a.content[0]) - 1
        begin, line = heads[k]
        if a.content[1] > starts[k] + len(line):
            continue  # across two headlines: the parse joined them
        row = _shifted(a, begin - starts[k], text, copy_text)
        end = begin + len(line)
        there = [r.content for r in rows if r.content[0] < end and begin < r.content[1]]
        if not any(min(row.content[1], e) > max(row.content[0], s) for s, e in there):
            added.append(row)
    return sorted(rows + added, key=lambda a: a.content) if added else rows


def _shifted(a: Attribution, shift: int, text: str, cased: str) -> Attribution:
    """A row found on the headlines' copy, in the document's offsets and spelling."""
    def at(span: tuple[int, int]) -> tuple[int, int]:
        return span[0] + shift, span[1] + shift

    speaker = a.speaker
    if speaker is not None:
        mention = at(speaker.mention)
        name = speaker.name
        if name is not None and name == cased[slice(*speaker.mention)]:
            name = text[slice(*mention)]  # written as the headline writes it
        speaker = replace(speaker, mention=mention, name=name)
    return replace(a, content=at(a.content), cue=None if a.cue is None else at(a.cue),
                   speaker=speaker, rule="headline")
