"""The extraction pipeline: spaCy with claimledger's components, applied to articles.

Paragraph breaks in news text are hard sentence boundaries (a headline has no
final full stop), and so is the end of a wire dateline; a small component marks them
before the parser runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from claimledger.extract import figures, quotes
from claimledger.extract.attribution import Rules
from claimledger.extract.cues import load_lexicon
from claimledger.extract.model import DEFAULT_MODEL, load_model
from claimledger.records import Extraction, Figure, Quote, Repeat
from claimledger.text.language import detect_language
from claimledger.text.repeats import find_repeats

BREAKS = "claimledger_paragraph_breaks_v1"
MAX_CHARS = 1_000_000
"""spaCy's own default limit; longer texts are extracted up to this point only."""


DATELINE = re.compile(
    r"(?:[A-Z][A-Za-z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*\([A-Za-z][A-Za-z .&/-]{0,30}\)"  # Washington, Aug. 24 (UPI)
    r"|[A-Z]{2,}(?:[ -][A-Z]{2,})*(?:,\s*[A-Z][A-Za-z.]+)*)"  # KYIV, Ukraine
    r"\s*[—–-]{1,2}\s*"
)
"""A wire dateline opening a paragraph: "WASHINGTON (AP) — ", "New York (AFP) – "."""
DATELINE_CHARS = 80
"""How far into a paragraph a dateline may reach."""


@Language.component(BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines stand alone, and after a
    dateline, so the parser does not take "WASHINGTON (AP)" for the subject of the
    first sentence of the story."""
    starts = [doc[0]] if len(doc) else []
    for prev, token in pairwise(doc):
        if "\n" in prev.text:
            token.is_sent_start = True
            starts.append(token)
    text = doc.text  # Doc.text joins every token: once, not once per paragraph
    for start in starts:
        found = DATELINE.match(text, start.idx, start.idx + DATELINE_CHARS)
        if found is None:
            continue
        i = start.i  # a dateline is a few tokens: walk to the one right after it
        while i < len(doc) and doc[i].idx < found.end():
            i += 1
        if 0 < i < len(doc) and doc[i].idx == found.end():
            doc[i].is_sent_start = True
    return doc


OWN_COMPONENTS = (figures.FACTORY, quotes.FACTORY)
GLUED_MARKS = (
    r"(?<=[,;:.!?])[\"“”„«»](?=\w)",  # said,“Look  /  win.”The
    r"(?<=\w)[,;:.!?](?=[\"“”„«»]\w)",  # the comma or stop before such a mark
)
"""A double quotation mark glued between punctuation and a word, and the punctuation
before it: each its own token."""


def split_glued_marks(nlp: Language) -> None:
    """Make a quotation mark glued to its neighbours ("Lind said,“Look, the dikes...",
    "“...win.”The crowd") a token of its own. spaCy's tokenizer splits such marks only
    at a word's edges, so "said,“Look" stays one token: the cue verb is lost to the
    parser and the quote is left without a speaker. A model with a tokenizer of its
    own kind is left as it is."""
    if isinstance(nlp.tokenizer, Tokenizer):
        infixes = list(nlp.Defaults.infixes or ()) + list(GLUED_MARKS)
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The model with claimledger's components added, in their order."""
    nlp = load_model(model)
    split_glued_marks(nlp)
    nlp.add_pipe(BREAKS, before="parser")
    nlp.add_pipe(figures.FACTORY)
    nlp.add_pipe(quotes.FACTORY)
    return nlp


Pending = tuple["Job", str | None, tuple[Repeat, ...]]
"""A job with its detected language and repeats, waiting for its batch."""


@dataclass(frozen=True, slots=True)
class Job:
    """One text to extract from, with the publication date that anchors its periods."""

    text: str
    published: str | None = None


def component_versions(nlp: Language | None = None) -> dict[str, str]:
    """The versions of claimledger's own components in ``nlp`` (or as packaged), which
    decide whether a stored extraction is current (``claimledger reextract``)."""
    finder = nlp.get_pipe(quotes.FACTORY) if nlp is not None else None
    quoting = finder.version if isinstance(finder, quotes.QuoteFinder) else quotes.version(
        Rules(load_lexicon()))
    return {"figures": figures.VERSION, "quotes": quoting}


class Extractor:
    """Turns texts into :class:`Extraction` records with one loaded pipeline."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        self.nlp = build_nlp(model)
        meta = self.nlp.meta
        self.versions = {
            "model": f"{meta.get('lang', '')}_{meta.get('name', model)}-{meta.get('version', '?')}",
            **component_versions(self.nlp),
        }

    def extract(self, job: Job) -> Extraction:
        return next(self.extract_many([job]))

    def extract_many(self, jobs: Iterable[Job], batch_size: int = 16) -> Iterator[Extraction]:
        """Extract in input order; docs in another language are skipped with the reason
        (a text whose language cannot be told is read as English, the model's own)."""
        pending: list[Pending] = []
        for job in jobs:
            pending.append((job, detect_language(job.text), find_repeats(job.text)))
            if len(pending) >= batch_size:
                yield from self._run(pending)
                pending = []
        if pending:
            yield from self._run(pending)

    def _run(self, pending: list[Pending]) -> list[Extraction]:
        """spaCy's own components run batched; claimledger's run per document, so a
        bug that one article triggers costs that article its claims, not the run.

        The batch runs in a spaCy memory zone: the strings and lexemes its texts add
        to the vocabulary (every new number, name and typo) are freed when it ends, so
        a worker's memory does not grow with the corpus. Nothing built from a Doc
        leaves the zone but plain records."""
        english = [(job, repeats) for job, lang, repeats in pending if _readable(lang)]
        with self.nlp.memory_zone():
            docs = iter(self.nlp.pipe(self._make_docs(english), disable=OWN_COMPONENTS))
            return [self._finish(job, lang, repeats, docs) for job, lang, repeats in pending]

    def _finish(self, job: Job, lang: str | None, repeats: tuple[Repeat, ...],
                docs: Iterator[Doc]) -> Extraction:
        if not _readable(lang):
            return Extraction(language=lang, repeats=repeats, skipped=f"language:{lang}",
                              versions=self.versions)
        doc = next(docs)
        try:
            for name in OWN_COMPONENTS:
                doc = self.nlp.get_pipe(name)(doc)
        except Exception as exc:  # recorded on the document, never silently dropped
            return Extraction(language=lang, repeats=repeats, versions=self.versions,
                              skipped=f"error: {type(exc).__name__}: {exc}"[:300])
        return Extraction(
            language=lang,
            repeats=repeats,
            figures=tuple(f for f in doc._.figures if not _in_repeat(f, repeats)),
            quotes=tuple(q for q in doc._.quotes if not _in_repeat(q, repeats)),
            skipped="truncated" if len(job.text) > MAX_CHARS else None,
            versions=self.versions,
        )

    def _make_docs(self, jobs: list[tuple[Job, tuple[Repeat, ...]]]) -> Iterator[Doc]:
        for job, _ in jobs:
            doc = self.nlp.make_doc(job.text[:MAX_CHARS])
            doc._.published = job.published
            yield doc


def _readable(language: str | None) -> bool:
    return language in ("en", None)


def _in_repeat(item: Figure | Quote, repeats: tuple[Repeat, ...]) -> bool:
    start, end = item.span
    return any(r.span[0] <= start and end <= r.span[1] for r in repeats)
