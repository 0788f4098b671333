"""Every list page: counted, paged without running past its end, exported as CSV with
the same rows as its JSON, and found by search; checks and quotes have pages of their own."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient

from claimledger import ledger
from claimledger.records import Article
from claimledger.store import open_store
from claimledger.web import pages
from claimledger.web.app import create_app
from claimledger.web.pages import Settings
from claimledger.web.routes import documents as documents_route
from claimledger.web.routes import search as search_route

LISTS = ["/documents", "/measures", "/speakers", "/quotes", "/conflicts", "/claims"]


def csv_rows(client: TestClient, path: str) -> list[dict[str, str]]:
    response = client.get(f"/api{path}.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize("path", LISTS)
def test_each_list_links_its_csv_and_json_and_the_csv_holds_every_row(
        client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert f'href="/api{path}.csv"' in html or f'href="/api{path}.csv?' in html
    assert re.search(rf'href="/api{path}\?([^"]*&amp;)?page=1"', html), "the JSON of this page"
    rows = csv_rows(client, path)
    data = client.get(f"/api{path}").json()
    listed = data.get("items") or data.get("claims", data.get("quotes", {})).get("items")
    if path == "/conflicts":  # one row per disagreement; the page groups them per measure
        assert len(rows) == len(data["conflicts"]) == 3
        assert {r["a_speaker"] for r in rows} | {r["b_speaker"] for r in rows} >= {
            "Mira Castell", "Dr. Tomas Ryle"}
        assert all(r["a_sentence"] and r["b_sentence"] for r in rows)
    else:
        assert len(rows) == len(listed) > 0
        key = "key" if path == "/speakers" else "id"
        assert rows[0][key] == listed[0][key]


def test_a_page_past_the_end_is_the_last_page_and_links_no_further(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents_route, "PAGE_SIZE", 2)
    last = client.get("/api/documents?page=999").json()
    assert (last["page"], last["pages"], last["total"], len(last["items"])) == (2, 2, 3, 1)
    html = client.get("/documents?page=999").text
    assert "page 2 of 2" in html and "3 documents" in html
    assert 'rel="next"' not in html and 'rel="prev" href="/documents?page=1"' in html
    assert "older →" not in html and "← newer" not in html  # a list by size is not by age


def test_quotes_are_listed_and_narrowed_by_kind_and_speaker(client: TestClient) -> None:
    everything = client.get("/api/quotes").json()["quotes"]
    assert everything["total"] == 3
    assert [q["published"] for q in everything["items"]] == sorted(
        (q["published"] for q in everything["items"]), reverse=True)
    castell = client.get("/api/quotes?speaker=mira%20castell").json()["quotes"]["items"]
    assert {q["speaker"] for q in castell} == {"Mira Castell", "Ms Mira Castell"}
    assert len(castell) == 2
    assert client.get("/api/quotes?kind=indirect").json()["quotes"]["total"] == 0
    assert client.get("/api/quotes?kind=bogus").status_code == 422
    html = client.get("/quotes?speaker=mira%20castell").text
    assert "Remove the filter speaker: mira castell" in html
    assert 'href="/speakers/mira%20castell"' in html


def test_search_finds_speakers_and_claims_and_pages(client: TestClient,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    found = client.get("/api/search?q=castell").json()
    assert [s["key"] for s in found["speakers"]] == ["mira castell"]
    claims = client.get("/api/search?q=households%20Verrin").json()["claims"]
    assert {c["surface"] for c in claims} == {"at least 12,000", "8,000",
                                               "Between 9,000 and 11,000"}
    assert client.get("/api/search?q=trucking").json()["claims"] == [], \
        "the claim's sentence must hold the words, not merely its document"
    monkeypatch.setattr(search_route, "HITS_PER_PAGE", 1)
    first = client.get("/api/search?q=Verrin").json()
    second = client.get("/api/search?q=Verrin&page=2").json()
    assert first["has_next"] and second["page"] == 2
    assert first["hits"][0]["document_id"] != second["hits"][0]["document_id"]
    assert 'href="/search?q=Verrin&amp;page=2"' in client.get("/search?q=Verrin").text


@pytest.fixture()
def checked(ledger_url: str) -> Iterator[TestClient]:
    """Two invented reports through the real pipeline: a half-year figure above the
    running total it belongs to."""
    store = open_store(ledger_url)
    ledger.ingest([
        Article("a.txt", "Deserters rise in Arvenia\n\nArvenian officials said on Monday that "
                "around 54,000 soldiers have deserted since the war began in 2022.\n",
                published="2025-07-01"),
        Article("b.txt", "Arvenia desertions surge\n\nIn the first half of 2025 alone, 80,000 "
                "soldiers deserted, Arvenian officials said on Tuesday.\n",
                published="2025-07-02")], store)
    store.close()
    with TestClient(create_app(Settings(ledger_url))) as c:
        yield c


def test_checks_page_sets_a_part_above_its_whole_side_by_side(checked: TestClient) -> None:
    (group,) = checked.get("/api/checks").json()["items"]
    (pair,) = group["inconsistent"]
    assert (pair["part"]["surface"], pair["whole"]["surface"]) == ("80,000", "around 54,000")
    assert group["consistent"] == []
    assert "first half of 2025" in pair["part"]["sentence"]
    html = checked.get("/checks").text
    assert "1 part above its whole" in html
    assert '<mark class="figure">80,000</mark>' in html
    assert f'href="/measures/{group["whole_measure_id"]}"' in html


def test_an_empty_ledger_says_what_each_list_waits_for(tmp_path: object) -> None:
    with TestClient(create_app(Settings(f"{tmp_path}/empty.db"))) as c:
        assert "No checks yet" in c.get("/checks").text
        assert "No quotes match" in c.get("/quotes").text
        assert "0 documents" in c.get("/documents").text
        assert c.get("/api/documents.csv").text == ""


def test_a_json_link_keeps_the_filters(client: TestClient) -> None:
    assert pages.requery("a=1&b=2", b=None, page=3) == "?a=1&page=3"
    assert pages.requery("", b=None) == ""
    html = client.get("/quotes?kind=direct").text
    assert 'href="/api/quotes.csv?kind=direct"' in html


def test_docs_describe_every_json_route_without_loading_anything(client: TestClient) -> None:
    html = client.get("/docs").text
    for path in client.get("/api/openapi.json").json()["paths"]:
        assert f"{path}</code>" in html
    assert "<script" not in html and "cdn" not in html.lower()


@pytest.mark.parametrize("path", ["/", "/documents", "/claims", "/quotes", "/conflicts",
                                  "/measures/{measure_id}", "/checks", "/search?q=Verrin",
                                  "/docs", "/stories"])
def test_headings_descend_one_level_at_a_time(client: TestClient, measure_id: str,
                                              path: str) -> None:
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", client.get(
        path.format(measure_id=measure_id)).text)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
