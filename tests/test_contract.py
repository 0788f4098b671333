"""One serialisation to and from the contract: a record written by ``to_contract`` and
read by ``from_contract`` is the record written, and what is written validates."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from claimledger.contract import document_id, from_contract, to_contract, validate
from claimledger.extract.pipeline import Extractor, Job
from claimledger.ingest import iter_inputs
from claimledger.records import (
    Amount,
    Article,
    Document,
    Extraction,
    Figure,
    Period,
    Quote,
    Reading,
    Repeat,
    Speaker,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _through(doc: Document, extraction: Extraction) -> tuple[Document, Extraction]:
    obj = json.loads(json.dumps(to_contract(doc, extraction)))  # as a file would hold it
    validate(obj)
    return from_contract(obj)


def test_every_field_survives_the_round_trip() -> None:
    text = ("Prices rose 19 cents, to $4.10, since May, Ana Reyes said. "
            "\u201cA shock,\u201d she said.")
    doc = Document(id=document_id(text), source="t.txt", text=text, language="en",
                   title="Prices", published="2025-06-01", outlet="Coast Herald",
                   url="https://example.org/p", author="J. Doe", published_from="url")
    ana = Speaker("Ana Reyes", "economist", (44, 53))
    cents = Figure(span=(12, 20), surface="19 cents", value=19.0, bound="exact", kind="money",
                   sentence=(0, 58), trend="up", unit="cent", counted="prices",
                   predicate="rise", period=Period("since May", "2025-05-01", None),
                   place="Verrin", speaker=ana, cue=(54, 58),
                   reading=Reading("price", ("retail",), "rise", "fuel"),
                   amount=Amount(0.19, None, None, "USD"))
    level = Figure(span=(25, 30), surface="$4.10", value=4.1, bound="approx", kind="money",
                   sentence=(0, 58), unit="USD", low=4.0, high=4.2)
    quote = Quote(span=(59, 69), kind="direct", speaker=replace(ana, mention=(71, 74)),
                  cue=(75, 79), quoted=((60, 67),), rule="cue_after")
    extraction = Extraction(language="en", repeats=(Repeat((0, 6), (59, 65)),),
                            figures=(cents, level), quotes=(quote,),
                            versions={"figures": "f", "quotes": "q"})
    assert _through(doc, extraction) == (doc, extraction)


def test_what_the_extractor_makes_of_the_examples_reads_back_unchanged(
        extractor: Extractor) -> None:
    articles = [a for a in iter_inputs([str(EXAMPLES)]) if isinstance(a, Article)]
    assert len(articles) >= 5
    for article, extraction in zip(articles, extractor.extract_many(
            Job(a.text, a.published) for a in articles), strict=True):
        doc = Document(id=document_id(article.text), source=article.source, text=article.text,
                       language=extraction.language, title=article.title,
                       published=article.published, outlet=article.outlet, url=article.url)
        assert extraction.figures or extraction.skipped
        assert _through(doc, extraction) == (doc, extraction), article.source


def test_a_skipped_document_reads_back_skipped() -> None:
    text = "Ein kurzer Text auf Deutsch."
    doc = Document(id=document_id(text), source="de.txt", text=text, language="de")
    extraction = Extraction(language="de", skipped="language:de", versions={"model": "m"})
    assert _through(doc, extraction) == (doc, extraction)
