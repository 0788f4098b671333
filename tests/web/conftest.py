"""A small ledger about an invented reservoir, written straight into a temporary store.

The web tests must not depend on what the extractors happen to find this week,
so documents and their figures and quotes are stored as given here, then the
ledger is reconciled for real: the three household counts form one measure, and
"at least 12,000" conflicts with the later "8,000" and "between 9,000 and 11,000"
(a running total cannot fall), so measure, conflict and report pages have
something to draw. Every test here runs on both backends: ``ledger_url`` (in
../conftest.py) is a SQLite file or a fresh schema on the PostgreSQL test server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimledger.contract import document_id
from claimledger.reconcile.records import Measure
from claimledger.records import (
    Document,
    Extraction,
    Figure,
    Period,
    Quote,
    Reading,
    Rejection,
    Speaker,
)
from claimledger.store import Store, open_store
from claimledger.web.app import create_app
from claimledger.web.pages import Settings

VERSIONS = {"figures": "test-figures", "quotes": "test-quotes"}
CASTELL = "Mira Castell"
RYLE = "Dr. Tomas Ryle"

ARTICLES = [
    ("2025-03-02", "Harbour Gazette", "Verrin reservoir cut-off reaches households",
     "In Verrin, at least 12,000 households have lost water since Sunday, the water board said.\n"
     "\u201cWe are trucking water to every street,\u201d said Mira Castell, who chairs the board.",
     [("at least 12,000", 12000.0, "at_least", CASTELL)], [("\u201cWe are trucking water to every "
                                                            "street,\u201d", CASTELL)]),
    ("2025-03-05", "Valley Post", "Opposition disputes reservoir figures",
     "Tomas Ryle said only 8,000 households in Verrin had lost supply since Sunday.\n"
     "He called the board's count \u201cwildly inflated\u201d and asked for an audit.",
     [("8,000", 8000.0, "exact", RYLE)], [("\u201cwildly inflated\u201d", RYLE)]),
    ("2025-03-09", "Harbour Gazette", "Repairs under way at Verrin",
     "Between 9,000 and 11,000 households in Verrin have lost piped water since Sunday, "
     "engineers estimate.\n"
     "Ms Castell said repairs would take \u201cat most two weeks\u201d.",
     [("Between 9,000 and 11,000", None, "range", None)],
     [("\u201cat most two weeks\u201d", "Ms Mira Castell")]),
]


def _speaker(text: str, name: str | None) -> Speaker | None:
    if name is None:
        return None
    last = name.split()[-1]
    at = text.index(last)
    return Speaker(name=name, role=None, mention=(at, at + len(last)))


def article(published: str, outlet: str, title: str, text: str,
            figures: list[tuple[str, float | None, str, str | None]],
            quotes: list[tuple[str, str | None]]) -> tuple[Document, Extraction]:
    """A document and the extraction it would have, spans found by searching the text."""
    doc = Document(id=document_id(text), source=f"test:{title}", text=text, language="en",
                   title=title, published=published, outlet=outlet)
    found = []
    for surface, value, bound, who in figures:
        at = text.index(surface)
        low, high = (9000.0, 11000.0) if bound == "range" else (None, None)
        found.append(Figure(span=(at, at + len(surface)), surface=surface, value=value,
                            bound=bound, kind="count",  # type: ignore[arg-type]
                            sentence=(0, text.index("\n")), low=low, high=high,
                            counted="households", period=Period("since Sunday"),
                            reading=Reading("household", (), "lose"),
                            speaker=_speaker(text, who)))
    spoken = [Quote(span=(text.index(q), text.index(q) + len(q)), kind="direct",
                    speaker=_speaker(text, who)) for q, who in quotes]
    return doc, Extraction(language="en", figures=tuple(found), quotes=tuple(spoken),
                           versions=VERSIONS)


def fill(store: Store) -> None:
    """Store the reservoir articles, unreconciled as in a bulk load, and one rejection
    (with markup in its source)."""
    for spec in ARTICLES:
        store.put(*article(*spec), None, reconcile=False)
    store.reject(Rejection("feeds/<b>broken</b>.html", "empty", "no article text found"), None)


@pytest.fixture()
def raw_ledger(ledger_url: str) -> str:
    """Where the reservoir ledger is, loaded in bulk and not yet reconciled."""
    store = open_store(ledger_url)
    fill(store)
    store.close()
    return ledger_url


@pytest.fixture()
def ledger(raw_ledger: str) -> str:
    """Where the reservoir ledger is, reconciled."""
    store = open_store(raw_ledger)
    store.reconcile()
    store.close()
    return raw_ledger


@pytest.fixture()
def ingest_token() -> str:
    return "token-for-tests"


@pytest.fixture()
def ingest_app(ledger: str, ingest_token: str) -> FastAPI:
    """The reconciled app with web ingest on, guarded by ``ingest_token``."""
    return create_app(Settings(ledger, allow_ingest=True, token=ingest_token))


@pytest.fixture()
def client(ledger: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(ledger))) as c:
        yield c


@pytest.fixture()
def store(ledger: str) -> Iterator[Store]:
    opened = open_store(ledger)
    yield opened
    opened.close()


@pytest.fixture()
def measure(store: Store) -> Measure:
    """The one measure reconciliation finds: households that lost water since Sunday
    (its label is reconcile's to choose)."""
    (only,) = store.measures()
    return only


@pytest.fixture()
def measure_id(measure: Measure) -> str:
    return measure.id
