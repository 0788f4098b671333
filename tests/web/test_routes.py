"""Pages and their JSON twins through FastAPI's test client on a temporary ledger."""

from __future__ import annotations

import time
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import cast
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimledger.contract import document_id
from claimledger.reconcile.records import Measure
from claimledger.records import Document, Extraction, Quote, Rejection, Speaker
from claimledger.store import QueryTooSlow, Store, open_store
from claimledger.store.sql import SQLStore
from claimledger.web.app import create_app
from claimledger.web.pages import Settings
from claimledger.web.security import MAX_BODY_BYTES

PAGES = ["/", "/documents", "/claims", "/claims?speaker=mira%20castell&sort=value", "/speakers",
         "/speakers/mira%20castell", "/search?q=households", "/rejections", "/measures",
         "/measures/{measure_id}", "/conflicts", "/conflicts?hide_reviewed=true", "/stories",
         "/quotes", "/quotes?kind=direct&speaker=mira%20castell", "/checks",
         "/search?q=households&page=2"]


@pytest.mark.parametrize("template", PAGES)
def test_every_page_renders_and_has_a_json_twin(client: TestClient, template: str,
                                                measure_id: str) -> None:
    path = template.format(measure_id=measure_id)
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    twin = client.get("/api" + path if path != "/" else "/api/")
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"


def test_the_three_reports_are_one_story_and_each_document_shows_it(
        client: TestClient, measure: Measure) -> None:
    (story,) = client.get("/api/stories").json()["items"]
    assert len(story["document_ids"]) == 3 and story["first_published"] == "2025-03-02"
    assert story["outlets"] == ["Harbour Gazette", "Valley Post"]
    page = client.get(f"/api/stories/{story['id'][:6]}").json()
    assert [m["id"] for m in page["measures"]] == [measure.id]
    assert len(page["conflicts"]) == 3
    html = client.get(f"/stories/{story['id']}").text
    assert html.count('<li class="conflict" id=') == 3 and "Valley Post" in html
    doc_id = story["document_ids"][1]
    assert f'href="/stories/{story["id"]}"' in client.get(f"/documents/{doc_id}").text
    assert client.get("/stories/s0000000000").status_code == 404


def test_openapi_describes_the_json_twins_only(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/documents/{document_id}" in paths
    assert "/api/measures/{measure_id}" in paths
    assert all(p.startswith("/api/") for p in paths)


def test_overview_counts_conflicts_and_measures(client: TestClient, measure: Measure) -> None:
    data = client.get("/api/").json()
    assert data["counts"] == {"documents": 3, "claims": 3, "quotes": 3, "rejections": 1,
                              "measures": 1, "conflicts": 3}
    pairs = [({ref["published"] for ref in c["claims"]}, c["kind"]) for c in data["conflicts"]]
    # a running total cannot fall below 12,000 (conflicts); 8,000 rising to 9,000-11,000
    # four days on is an update
    assert sorted((sorted(p), k) for p, k in pairs) == [
        (["2025-03-02", "2025-03-05"], "conflict"), (["2025-03-02", "2025-03-09"], "conflict"),
        (["2025-03-05", "2025-03-09"], "update")]
    assert data["measures"][0] == {"id": measure.id, "label": measure.label,
                                   "unit": None, "kind_of_period": "cumulative",
                                   "claims": 3, "conflicts": 3}
    html = client.get("/").text
    assert f'href="/measures/{measure.id}"' in html
    assert "33% apart" in html and "17% apart" in html


def test_document_page_marks_each_span_with_its_reading(client: TestClient) -> None:
    doc_id = client.get("/api/documents").json()["items"][-1]["id"]
    assert len(client.get(f"/api/documents/{doc_id}").json()["conflicts"]) == 2
    contract = client.get(f"/api/documents/{doc_id}").json()["contract"]
    claim = contract["claims"][0]
    assert claim["surface"] == "at least 12,000"
    html = client.get(f"/documents/{doc_id}").text
    assert (f'<mark id="{claim["id"]}" tabindex="0" class="figure at_least" '
            'data-reading="12,000 (at least) · households · period: since Sunday · '
            'speaker: Mira Castell">at least 12,000</mark>') in html
    assert 'class="quote direct"' in html


def test_speaker_page_links_one_person_across_documents(client: TestClient) -> None:
    data = client.get("/api/speakers/Mira Castell").json()
    assert data["key"] == "mira castell"
    assert data["names"] == ["Mira Castell", "Ms Mira Castell"]
    assert len({q["document_id"] for q in data["quotes"]}) == 2
    assert [c["surface"] for c in data["claims"]] == ["at least 12,000"]
    assert client.get("/speakers/nobody%20at%20all").status_code == 404


def test_measure_page_draws_bounds_and_marks_the_conflicts(client: TestClient,
                                                           measure_id: str) -> None:
    html = client.get(f"/measures/{measure_id[:6]}").text
    assert html.count('<circle class="dot') == 3
    assert 'class="arrow at_least"' in html
    assert html.count('class="whisker"') == 3
    assert html.count('<circle class="conflict"') == 3
    assert html.count('class="in-conflict"') == 3
    assert html.count('<li class="conflict" id=') == 3
    origins = client.get(f"/api/measures/{measure_id}").json()["origins"]
    assert [(o["independent_sources"], o["appearances"]) for o in origins] == [(1, 1)] * 3


def test_search_finds_documents_and_quotes_and_survives_fts_syntax(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "inflated"}).json()["hits"]
    assert {h["hit"] for h in hits} == {"document", "quote"}
    for hostile in ['"', "NEAR(a b)", "* OR -", "a" * 200]:
        assert client.get("/search", params={"q": hostile}).status_code == 200


def test_limits_are_enforced(client: TestClient) -> None:
    assert client.get("/documents?page=0").status_code == 422
    assert client.get("/api/search", params={"q": "x" * 201}).status_code == 422
    too_big = client.post("/api/ingest", content=b"x" * (MAX_BODY_BYTES + 1))
    assert too_big.status_code == 413


def test_a_chunked_body_is_cut_off_at_the_cap_too(ingest_app: FastAPI, ingest_token: str
                                                   ) -> None:
    def chunks() -> Iterator[bytes]:
        yield (b"--b\r\nContent-Disposition: form-data; name=\"file\"; "
               b"filename=\"big.txt\"\r\n\r\n")
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536

    with TestClient(ingest_app) as c:
        sent = c.post("/api/ingest", content=chunks(),
                      headers={"Authorization": f"Bearer {ingest_token}",
                               "Content-Type": "multipart/form-data; boundary=b"})
    assert sent.status_code == 413


def test_missing_things_are_404_in_both_forms(client: TestClient) -> None:
    html = client.get("/documents/ffffffffff")
    assert html.status_code == 404
    assert "no single document matches" in html.text
    assert client.get("/api/measures/zz").json()["detail"].startswith("no single measure")


def test_an_id_prefix_is_matched_literally_everywhere(client: TestClient, store: Store,
                                                     measure: Measure) -> None:
    """One helper (``store.base.id_prefix``) serves every "id or unique prefix" lookup:
    a wildcard in the prefix is a character, never "any id"."""
    for wildcard in ("%", "_", "m%", "\\"):
        assert store.measure(wildcard) is None, wildcard
        assert store.story(wildcard) is None and store.origins(wildcard) is None
        assert store.review(wildcard, "reviewed", "") is None
        assert client.get(f"/api/measures/{quote(wildcard)}").status_code == 404
    assert store.measure(measure.id[:5]) is not None


def test_hostile_text_and_metadata_are_escaped(ledger_url: str) -> None:
    text = ('Breaking <script>alert("x")</script> <img src=x onerror="alert(1)"> '
            '<a href="javascript:alert(2)">more</a> "quoted" & done\n')
    doc = Document(id=document_id(text), source="test:hostile", text=text, language="en",
                   title='<svg onload="alert(3)">', url="javascript:alert(4)",
                   outlet="</title><script>")
    store = open_store(ledger_url)
    store.put(doc, Extraction(language="en"), None)
    store.close()
    with TestClient(create_app(Settings(ledger_url))) as c:
        for path in (f"/documents/{doc.id}", "/documents", "/", "/search?q=Breaking",
                     "/quotes", "/claims"):
            tags = Elements.of(c.get(path).text)
            assert "script" not in tags.names, path
            assert not [a for a in tags.attrs if a[0].startswith("on")], path
            assert not [a for a in tags.attrs if (a[1] or "").startswith("javascript:")], path
        assert "&lt;script&gt;alert(" in c.get(f"/documents/{doc.id}").text


class Elements(HTMLParser):
    """The tags and attributes a browser would build from a page (text is ignored)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)
        self.attrs.extend(attrs)

    @classmethod
    def of(cls, html: str) -> Elements:
        parser = cls()
        parser.feed(html)
        return parser


def test_a_ledger_never_reconciled_shows_empty_states(raw_ledger: str) -> None:
    with TestClient(create_app(Settings(raw_ledger))) as c:
        for path in ("/", "/measures"):
            assert "No measures yet" in c.get(path).text
        assert "No conflicts found." in c.get("/conflicts").text
        assert c.get("/measures/m0").status_code == 404


def test_ingest_is_off_by_default(client: TestClient) -> None:
    assert client.post("/api/ingest", data={"text": "x"}).status_code == 403
    assert client.get("/ingest").status_code == 404


def test_ingest_needs_the_token_and_refuses_to_fetch_local_addresses(
        ingest_app: FastAPI, ingest_token: str) -> None:
    with TestClient(ingest_app) as c:
        assert c.get("/ingest").status_code == 200
        wrong = c.post("/api/ingest", data={"text": "hello", "token": "guess"})
        assert wrong.status_code == 401
        local = c.post("/api/ingest?wait=60",
                       headers={"Authorization": f"Bearer {ingest_token}"},
                       data={"fetch": "http://127.0.0.1:9/admin"})
        assert local.status_code == 200, "done within the wait"
        assert local.json()["stored"] == []
        assert local.json()["rejected"][0]["reason"] == "refused_address"
        assert c.post("/api/ingest", data={"token": ingest_token}).status_code == 422


def test_an_ingest_is_queued_answered_at_once_and_followed_to_its_document(
        ingest_app: FastAPI, ingest_token: str) -> None:
    """A post answers 202 with its job before extraction; the job's page and JSON follow
    it to done, with the stored document; the queue survives in the ledger."""
    text = "Reservoir levels fell to 31% on Monday, the water board said."
    auth = {"Authorization": f"Bearer {ingest_token}"}
    with TestClient(ingest_app) as c:
        queued = c.post("/api/ingest", headers=auth, data={"text": text, "title": "Levels"})
        assert queued.status_code == 202, queued.text
        job = queued.json()["job"]
        assert queued.headers["location"] == f"/api/ingest/jobs/{job}"
        assert queued.json()["status"] in ("queued", "running")
        for _ in range(300):
            status = c.get(f"/api/ingest/jobs/{job}").json()
            if status["status"] == "done":
                break
            time.sleep(0.2)
        assert status["status"] == "done" and status["stored"] == [document_id(text)]
        page = c.get(f"/ingest/jobs/{job}")
        assert page.status_code == 200 and f"/documents/{document_id(text)}" in page.text
        assert 'http-equiv="refresh"' not in page.text, "a finished job stops reloading"
        assert job[:8] in c.get("/ingest").text
        form = c.post("/ingest", data={"text": text, "token": ingest_token},
                      follow_redirects=False)
        assert form.status_code == 303 and form.headers["location"].startswith("/ingest/jobs/")
        assert c.get("/api/ingest/jobs/nope").status_code == 404


def test_cached_aggregates_follow_writes_from_another_connection(client: TestClient,
                                                                  raw_ledger: str) -> None:
    """Counts, busiest measures and speakers are cached until the ledger changes: an
    ingest and a reconcile by another connection must each show on the next page."""
    assert client.get("/api/").json()["counts"]["documents"] == 3
    assert client.get("/api/speakers").json()["items"][0]["key"] == "mira castell"
    text = ("A fourth report on the reservoir.\n\u201cIt is much worse,\u201d said Tomas Ryle. "
            "\u201cAn outrage,\u201d said Tomas Ryle.")
    doc = Document(id=document_id(text), source="test:4", text=text, language="en")
    spoken = tuple(Quote(span=(at, text.index("\u201d", at) + 1), kind="direct",
                         speaker=Speaker("Tomas Ryle", None, (0, 1)))
                   for at in (text.index("\u201cIt"), text.index("\u201cAn")))
    writer = open_store(raw_ledger)
    try:
        writer.put(doc, Extraction(language="en", quotes=spoken), None)
        assert client.get("/api/").json()["counts"]["documents"] == 4
        assert client.get("/api/speakers").json()["items"][0]["key"] == "tomas ryle"
        writer.reconcile()
        writer.reject(Rejection("test:empty", "empty", "no text"), None)
    finally:
        writer.close()
    assert client.get("/api/").json()["counts"]["rejections"] == 2


def test_a_runaway_listing_is_cut_off(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both engines abort a read past its budget with the one QueryTooSlow (503)."""
    monkeypatch.setattr("claimledger.store.sqlite.QUERY_STEPS_LIMIT", 100_000)
    monkeypatch.setattr("claimledger.store.postgres.QUERY_TIMEOUT_MS", 200)
    endless = ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
               "SELECT count(*) AS n FROM r")
    with pytest.raises(QueryTooSlow):
        cast(SQLStore, store).query(endless)
    assert cast(SQLStore, store).query("SELECT count(*) AS n FROM documents")[0]["n"] == 3


def test_a_bug_answers_500_with_the_security_headers_and_no_detail(
    ledger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimledger.store.listings import Listings

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Listings, "documents", broken)
    with TestClient(create_app(Settings(ledger)), raise_server_exceptions=False) as c:
        page = c.get("/documents")
    assert page.status_code == 500
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "secret" not in page.text


@pytest.mark.parametrize("q", ["a\x00b", "\x00", "\x1b[2J flood", "\"unbalanced"])
def test_search_with_control_characters_answers(client: TestClient, q: str) -> None:
    assert client.get("/search", params={"q": q}).status_code == 200
    assert client.get("/api/search", params={"q": q}).status_code == 200


def test_a_paste_over_a_mebibyte_is_refused_with_a_message_and_a_file_goes_through(
        ingest_app: FastAPI, ingest_token: str) -> None:
    auth = {"Authorization": f"Bearer {ingest_token}"}
    long_text = "The board said 12 pumps failed." + " " * 1_100_000  # over 1 MiB, quick to read
    with TestClient(ingest_app) as c:
        pasted = c.post("/api/ingest", headers=auth, data={"text": long_text})
        assert pasted.status_code == 400 and "maximum size" in pasted.text
        as_file = c.post("/api/ingest?wait=280", headers=auth,
                         files={"file": ("long.txt", long_text.encode())})
        assert as_file.status_code == 200, as_file.text
        assert as_file.json()["stored"] == [document_id(long_text)]


def test_a_job_that_fails_is_recorded_and_the_queue_goes_on(
        ingest_app: FastAPI, ingest_token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.web.routes import ingest as web_ingest

    real = web_ingest._run
    calls: list[str] = []

    def first_breaks(store: Store, job: object, max_seconds: float) -> object:
        calls.append("run")
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        return real(store, job, max_seconds)  # type: ignore[arg-type]

    monkeypatch.setattr(web_ingest, "_run", first_breaks)
    auth = {"Authorization": f"Bearer {ingest_token}"}
    with TestClient(ingest_app) as c:
        broken = c.post("/api/ingest?wait=60", headers=auth, data={"text": "First text."})
        assert broken.status_code == 200
        assert broken.json()["rejected"][0]["reason"] == "ingest_failed"
        fine = c.post("/api/ingest?wait=120", headers=auth,
                      data={"text": "The board said 12 pumps failed."})
        assert fine.status_code == 200 and len(fine.json()["stored"]) == 1


def test_a_syndicated_copy_links_its_origin_and_repeats_are_marked(ledger_url: str) -> None:
    from claimledger.records import Repeat

    body = ("The river authority said on Monday that the new weir at Aldbrook will hold back "
            "flood water for the lower valley, and that work on the second sluice gate begins "
            "in the spring after the council approved the budget for the scheme last week.\n")
    original = Document(id=document_id(body), source="test:origin", text=body, language="en",
                        title="Weir to hold back floods", published="2025-04-01",
                        outlet="Valley Post")
    copied_text = "Partner edition\n" + body + body
    second = len("Partner edition\n") + len(body)
    copy = Document(id=document_id(copied_text), source="test:copy", text=copied_text,
                    language="en", title="Weir to hold back floods (partner)",
                    published="2025-04-02", outlet="Partner Site")
    repeats = (Repeat((second, second + len(body) - 1), (16, 16 + len(body) - 1)),)
    store = open_store(ledger_url)
    store.put(original, Extraction(language="en"), None)
    store.put(copy, Extraction(language="en", repeats=repeats), None)
    store.close()
    with TestClient(create_app(Settings(ledger_url))) as c:
        page = c.get(f"/documents/{copy.id}").text
        assert f'A near-copy of <a href="/documents/{original.id}">Weir to hold back floods</a>' \
            in page
        assert page.count('class="repeat" data-reading="repeats characters') == 1
        assert f'href="/documents/{copy.id}">Weir to hold back floods (partner)' in c.get(
            f"/documents/{original.id}").text
