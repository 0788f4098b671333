"""The claims list: filters, facets, sort, pages and the CSV export, on both backends."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from claimledger.reconcile.records import Measure
from claimledger.web.paging import cell
from claimledger.web.routes import claims as claims_route


def surfaces(client: TestClient, query: str) -> list[str]:
    found = client.get("/api/claims" + query)
    assert found.status_code == 200, found.text
    return [c["surface"] for c in found.json()["claims"]["items"]]


def test_filters_narrow_the_rows_and_combine(client: TestClient, measure: Measure) -> None:
    everything = {"at least 12,000", "8,000", "Between 9,000 and 11,000"}
    assert set(surfaces(client, "")) == everything
    assert surfaces(client, "?speaker=mira%20castell") == ["at least 12,000"]
    assert surfaces(client, "?outlet=Valley%20Post") == ["8,000"]
    assert set(surfaces(client, "?since=2025-03-05")) == {"8,000", "Between 9,000 and 11,000"}
    assert set(surfaces(client, "?until=2025-03-05")) == {"at least 12,000", "8,000"}
    assert surfaces(client, "?since=2025-03-03&until=2025-03-08") == ["8,000"]
    assert surfaces(client, "?q=12%2C000") == ["at least 12,000"]
    assert set(surfaces(client, "?q=RYLE")) == {"8,000"}  # the speaker's name, any case
    assert set(surfaces(client, f"?measure={measure.id}")) == everything
    story = client.get("/api/stories").json()["items"][0]["id"]
    assert set(surfaces(client, f"?story={story}&outlet=Harbour%20Gazette")) == {
        "at least 12,000", "Between 9,000 and 11,000"}
    assert surfaces(client, "?kind=money") == []
    assert surfaces(client, "?q=%25%27%20OR%201%3D1%20--") == []  # words, never SQL or LIKE


def test_facets_count_the_rows_the_other_filters_leave(client: TestClient) -> None:
    page = client.get("/api/claims?outlet=Valley%20Post").json()
    outlets = {f["value"]: f["count"] for f in page["facets"]["outlet"]}
    assert outlets == {"Harbour Gazette": 2, "Valley Post": 1}  # the chosen one's neighbours
    speakers = {f["label"]: f["count"] for f in page["facets"]["speaker"]}
    assert speakers == {"Dr. Tomas Ryle": 1}
    assert page["claims"]["total"] == 1 and page["filters"] == {"outlet": "Valley Post"}
    html = client.get("/claims?outlet=Valley%20Post").text
    assert 'href="/claims?outlet=Harbour+Gazette&amp;sort=published&amp;dir=desc"' in html
    assert "Remove the filter outlet: Valley Post" in html


@pytest.mark.parametrize(("query", "expected"), [
    ("?sort=value&dir=asc", ["8,000", "at least 12,000", "Between 9,000 and 11,000"]),
    ("?sort=value&dir=desc", ["at least 12,000", "8,000", "Between 9,000 and 11,000"]),
    ("?sort=published&dir=asc", ["at least 12,000", "8,000", "Between 9,000 and 11,000"]),
    ("", ["Between 9,000 and 11,000", "8,000", "at least 12,000"]),  # newest first
])
def test_rows_sort_by_a_column_with_unvalued_rows_last(client: TestClient, query: str,
                                                        expected: list[str]) -> None:
    assert surfaces(client, query) == expected


def test_pages_keep_the_filters_and_a_page_past_the_end_shows_the_last(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims_route, "PAGE_SIZE", 2)
    first = client.get("/api/claims?sort=value&dir=asc").json()["claims"]
    assert (first["total"], first["pages"], len(first["items"])) == (3, 2, 2)
    last = client.get("/api/claims?sort=value&dir=asc&page=999").json()["claims"]
    assert last["page"] == 2 and [c["surface"] for c in last["items"]] == [
        "Between 9,000 and 11,000"]
    html = client.get("/claims?sort=value&dir=asc").text
    assert "page 1 of 2" in html
    assert 'rel="next" href="/claims?sort=value&amp;dir=asc&amp;page=2"' in html


def test_csv_export_holds_every_filtered_row_with_its_sentence(client: TestClient) -> None:
    response = client.get("/api/claims.csv?outlet=Harbour%20Gazette&sort=value&dir=desc")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["surface"] for r in rows] == ["at least 12,000", "Between 9,000 and 11,000"]
    assert rows[0]["speaker"] == "Mira Castell" and rows[0]["outlet"] == "Harbour Gazette"
    assert rows[0]["sentence"].startswith("In Verrin, at least 12,000 households")
    assert rows[1]["low"] == "9000.0" and rows[1]["value"] == ""
    assert 'href="/api/claims.csv?outlet=Harbour+Gazette' in client.get(
        "/claims?outlet=Harbour%20Gazette").text


def test_a_cell_a_spreadsheet_would_run_is_written_as_text() -> None:
    assert cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert cell("-5 yards") == "'-5 yards"
    assert cell("8,000") == "8,000" and cell(-5.0) == -5.0
    assert cell(["=1", 2]) == '["=1", 2]'  # nested values as JSON


@pytest.mark.parametrize("query", ["?sort=speaker;DROP", "?dir=up", "?since=2025-13-01",
                                   "?until=yesterday", "?page=0", "?q=" + "x" * 201])
def test_bad_parameters_are_refused(client: TestClient, query: str) -> None:
    assert client.get("/api/claims" + query).status_code == 422
    assert client.get("/claims" + query).status_code == 422
