"""The ``claimledger.extract/2`` contract: one JSON object per document.

This is the stable machine interface (``claimledger extract``, ``show --format
json``, the store's exports); the JSON Schema shipped in ``schema/`` is its
definition and ``docs/schema.md`` its prose.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from claimledger.ingest.body import body_span
from claimledger.records import (
    Amount,
    Document,
    Extraction,
    Figure,
    Offsets,
    Period,
    Quote,
    Reading,
    Repeat,
    Speaker,
    kept_amount,
)

SCHEMA_ID = "claimledger.extract/2"


def document_id(text: str) -> str:
    """A document's id: the text alone decides it, so re-ingest is idempotent."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def item_id(document: str, prefix: str, span: Offsets, version: str) -> str:
    """A claim or quote id, stable for the same document, span and extractor version."""
    digest = hashlib.sha256(f"{document}|{span[0]}|{span[1]}|{version}".encode()).hexdigest()
    return f"{prefix}{digest[:15]}"


def _span(offsets: Offsets | None) -> list[int] | None:
    return None if offsets is None else [offsets[0], offsets[1]]


def _speaker(speaker: Speaker | None) -> dict[str, Any] | None:
    if speaker is None:
        return None
    return {"name": speaker.name, "role": speaker.role, "mention": _span(speaker.mention),
            "anonymous": speaker.anonymous}


def claim_json(doc: Document, figure: Figure, version: str) -> dict[str, Any]:
    period = figure.period
    amount = figure.compared()
    return {
        "id": item_id(doc.id, "c", figure.span, version),
        "span": _span(figure.span),
        "surface": figure.surface,
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "bound": figure.bound,
        "trend": figure.trend,
        "unit": figure.unit,
        "kind": figure.kind,
        "counted": figure.counted,
        "predicate": figure.predicate,
        "period": None if period is None else
        {"text": period.text, "start": period.start, "end": period.end},
        "place": figure.place,
        "speaker": _speaker(figure.speaker),
        "cue": _span(figure.cue),
        "sentence": _span(figure.sentence),
        "amount": {"value": amount.value, "low": amount.low, "high": amount.high,
                   "unit": amount.unit},
        "reading": {"thing": figure.reading.thing, "modifiers": list(figure.reading.modifiers),
                    "event": figure.reading.event, "about": figure.reading.about},
    }


def quote_json(doc: Document, quote: Quote, version: str) -> dict[str, Any]:
    return {
        "id": item_id(doc.id, "q", quote.span, version),
        "span": _span(quote.span),
        "kind": quote.kind,
        "speaker": _speaker(quote.speaker),
        "cue": _span(quote.cue),
        "quoted": [_span(x) for x in quote.quoted],
        "rule": quote.rule,
    }


def to_contract(doc: Document, extraction: Extraction) -> dict[str, Any]:
    """Render one document and what was extracted from it."""
    figures_v = extraction.versions.get("figures", "")
    quotes_v = extraction.versions.get("quotes", "")
    return {
        "schema": SCHEMA_ID,
        "document": {
            "id": doc.id,
            "source": doc.source,
            "title": doc.title,
            "published": doc.published,
            "published_from": doc.published_from,
            "outlet": doc.outlet,
            "url": doc.url,
            "author": doc.author,
            "language": doc.language,
            "text": doc.text,
            "body": _span(body_span(doc.text, doc.title)),
            "repeats": [{"span": _span(r.span), "copy_of": _span(r.copy_of)}
                        for r in extraction.repeats],
            "skipped": extraction.skipped,
            "versions": dict(extraction.versions),
        },
        "claims": [claim_json(doc, f, figures_v) for f in extraction.figures],
        "quotes": [quote_json(doc, q, quotes_v) for q in extraction.quotes],
    }


def from_contract(obj: dict[str, Any]) -> tuple[Document, Extraction]:
    """The document and extraction :func:`to_contract` rendered, read back whole: a
    record written and read is the record written (``tests/test_contract.py``). Only
    what the ledger adds on storing (``previous_id``, ``ingested_at``) is not in it."""
    d = obj["document"]
    doc = Document(id=d["id"], source=d["source"], text=d["text"], language=d["language"],
                   title=d["title"], published=d["published"], outlet=d["outlet"],
                   url=d["url"], author=d["author"], published_from=d.get("published_from"))
    figures = tuple(_figure(c) for c in obj["claims"])
    quotes = tuple(Quote(span=_offsets(q["span"]), kind=q["kind"],
                         speaker=_speaker_of(q["speaker"]), cue=_maybe(q["cue"]),
                         quoted=tuple(_offsets(x) for x in q["quoted"]), rule=q.get("rule"))
                   for q in obj["quotes"])
    repeats = tuple(Repeat(_offsets(r["span"]), _offsets(r["copy_of"])) for r in d["repeats"])
    return doc, Extraction(language=d["language"], repeats=repeats, figures=figures,
                           quotes=quotes, skipped=d["skipped"], versions=dict(d["versions"]))


def _figure(c: dict[str, Any]) -> Figure:
    period, reading, amount = c["period"], c["reading"], c["amount"]
    return Figure(
        span=_offsets(c["span"]), surface=c["surface"], value=c["value"], bound=c["bound"],
        kind=c["kind"], sentence=_offsets(c["sentence"]), low=c["low"], high=c["high"],
        trend=c["trend"], unit=c["unit"], counted=c["counted"], predicate=c["predicate"],
        period=None if period is None else Period(period["text"], period["start"],
                                                  period["end"]),
        place=c["place"], speaker=_speaker_of(c["speaker"]), cue=_maybe(c["cue"]),
        reading=Reading(reading["thing"], tuple(reading["modifiers"]), reading["event"],
                        reading["about"]),
        amount=kept_amount(Amount(amount["value"], amount["low"], amount["high"],
                                  amount["unit"]),
                           Amount(c["value"], c["low"], c["high"], c["unit"])))


def _offsets(pair: list[int]) -> Offsets:
    return int(pair[0]), int(pair[1])


def _maybe(pair: list[int] | None) -> Offsets | None:
    return None if pair is None else _offsets(pair)


def _speaker_of(s: dict[str, Any] | None) -> Speaker | None:
    if s is None:
        return None
    return Speaker(s["name"], s["role"], _offsets(s["mention"]), s["anonymous"])


@cache
def schema() -> dict[str, Any]:
    text = resources.files("claimledger").joinpath("schema/extract-2.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(obj: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``obj`` breaks the contract."""
    jsonschema.validate(obj, schema(), cls=jsonschema.Draft202012Validator)
