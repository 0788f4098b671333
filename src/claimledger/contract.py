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
from claimledger.records import Document, Extraction, Figure, Offsets, Quote, Speaker

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


@cache
def schema() -> dict[str, Any]:
    text = resources.files("claimledger").joinpath("schema/extract-2.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(obj: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``obj`` breaks the contract."""
    jsonschema.validate(obj, schema(), cls=jsonschema.Draft202012Validator)
