"""Disagreements on the web: grouped per measure, a page each, and marked by a reviewer."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimledger.store import open_store


def _ids(client: TestClient) -> list[str]:
    return [c["id"] for c in client.get("/api/conflicts").json()["conflicts"]]


def test_conflicts_are_grouped_per_measure_with_each_figure_once(client: TestClient) -> None:
    html = client.get("/conflicts").text
    assert html.count('<section class="dispute">') == 1
    assert html.count('class="side figure-group"') == 3  # three figures, three pairs
    assert html.count('<li class="conflict" id=') == 3
    assert 'households in Verrin had lost supply since Sunday.' in html  # the sentence
    assert '<mark class="figure">8,000</mark>' in html  # with its figure marked


def test_a_conflict_has_a_page_with_both_sentences(client: TestClient) -> None:
    first = _ids(client)[0]
    page = client.get(f"/api/conflicts/{first[:6]}").json()
    a, b = page["conflict"]["claims"]
    assert a["sentence"] and b["sentence"]
    assert a["sentence"][slice(*a["figure_at"])] == a["surface"]
    html = client.get(f"/conflicts/{first}").text
    assert html.count('class="side"') == 2 and 'form class="review"' not in html
    assert client.get("/conflicts/x0000000000000").status_code == 404


def test_a_review_needs_the_token_survives_reconcile_and_can_be_hidden(
        ingest_app: FastAPI, ingest_token: str, ledger: str) -> None:
    with TestClient(ingest_app) as client:
        first, *rest = _ids(client)
        assert 'form class="review"' in client.get(f"/conflicts/{first}").text
        url = f"/api/conflicts/{first}/review"
        assert client.post(url, data={"status": "confirmed"}).status_code == 401
        assert client.post(url, data={"status": "confirmed", "token": "wrong"}).status_code == 401
        bearer = {"Authorization": f"Bearer {ingest_token}"}
        assert client.post(url, data={"status": "dismissed"}, headers=bearer).status_code == 422
        assert client.post(url, data={"status": "bogus"}, headers=bearer).status_code == 422
        done = client.post(url, data={"status": "dismissed", "note": "different days"},
                           headers=bearer)
        assert done.status_code == 200 and done.json()["status"] == "dismissed"
        form = client.post(f"/conflicts/{rest[0]}/review", follow_redirects=False,
                           data={"status": "confirmed", "token": ingest_token})
        assert form.status_code == 303 and form.headers["location"] == f"/conflicts/{rest[0]}"
    store = open_store(ledger)
    store.reconcile()  # rebuilt from scratch: the marks stand
    store.close()
    with TestClient(ingest_app) as client:
        reviews = {c["id"]: c["review"] for c in client.get("/api/conflicts").json()["conflicts"]}
        assert reviews[first] is not None and reviews[first]["status"] == "dismissed"
        assert reviews[first]["note"] == "different days"
        assert reviews[rest[0]]["status"] == "confirmed" and reviews[rest[1]] is None
        hidden = client.get("/api/conflicts?hide_reviewed=true").json()["conflicts"]
        assert [c["id"] for c in hidden] == [rest[1]]
        assert [c["id"] for c in client.get("/api/?hide_reviewed=true").json()["conflicts"]] == [
            rest[1]]
        assert "dismissed: different days" in client.get(f"/conflicts/{first}").text


def test_reviews_are_refused_when_writing_is_off(client: TestClient) -> None:
    first = _ids(client)[0]
    assert client.post(f"/api/conflicts/{first}/review",
                       data={"status": "confirmed", "token": "x"}).status_code == 403
