"""What a person sees, in a real Chromium: Debian's ``/usr/bin/chromium`` driven by Playwright.

No browser is ever downloaded (``make test`` installs Debian's when missing, via
``make browser-deps``). The app runs under uvicorn on a free loopback port. Every
request the page makes is recorded, so a hostile article that tried to load
anything from elsewhere would fail the test, and so would any dialog it opened.
Screenshots go to ``artifacts/`` for people to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from claimledger.present.report import build_report, render_report
from claimledger.store import Store

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
HOSTILE = (
    "Council <script>alert('script tag')</script> denies 40 closures\n"
    "<img src=x onerror=\"alert('onerror')\"> said Pia Lund, adding that "
    "<a href=\"javascript:alert('link')\">click here</a> was fake.\n"
    "<img src=\"http://203.0.113.9/pixel.png\"><link rel=stylesheet href=\"https://203.0.113.9/x.css\">"
    "<iframe src=\"https://203.0.113.9/\"></iframe>\n"
    + "<i>" * 333_334 + "\n"
)
"""Markup that would run, load or navigate if it were ever rendered as HTML, and a 1 MB line
of tags that would nest a third of a million elements deep."""

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium missing: run `make browser-deps`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def base_url(ingest_app: FastAPI) -> Iterator[str]:
    """The app (ingest on) served by uvicorn on a free loopback port, until the test ends."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(ingest_app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture()
def browser() -> Iterator[playwright_api.Browser]:
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Watch:
    """Every request a page makes and every dialog it opens (dialogs are dismissed)."""

    def __init__(self, page: playwright_api.Page) -> None:
        self.urls: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: playwright_api.Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def foreign(self) -> list[str]:
        """Requests to anything but this machine (data: URLs stay inside the page)."""
        return [u for u in self.urls if not u.startswith("data:")
                and urlsplit(u).hostname not in ("127.0.0.1", "localhost")]


def _shot(page: playwright_api.Page, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full)


def test_overview_to_conflict_to_highlighted_document(base_url: str,
                                                      browser: playwright_api.Browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(base_url + "/")
    assert page.locator(".counts li").first.inner_text().startswith("3")
    _shot(page, "web-overview.png")
    dispute = page.locator("section.dispute").first
    assert dispute.locator(".figure-group").count() == 3  # 8,000, 9,000-11,000 and 12,000
    assert dispute.locator("li.conflict").count() == 3
    claim_link = dispute.locator(".figure-group p a", has_text="at least 12,000")
    target = claim_link.get_attribute("href") or ""
    claim_link.click()
    page.wait_for_url("**/documents/**")
    claim_id = target.split("#", 1)[1]
    mark = page.locator(f"mark#{claim_id}")
    assert mark.inner_text() == "at least 12,000"
    assert page.locator("article.text mark.figure").count() == 1
    assert page.locator("article.text mark.quote").count() == 1
    mark.focus()
    reading = mark.evaluate("m => getComputedStyle(m, '::after').content")
    assert "12,000 (at least)" in reading and "Mira Castell" in reading
    _shot(page, "web-document-focused.png", full=False)
    page.goto(base_url + "/measures")
    page.locator("main table a").first.click()
    assert page.locator("svg.timeline circle.dot").count() == 3
    assert page.locator("svg.timeline").is_visible()
    _shot(page, "web-measure.png")
    assert watch.foreign() == [] and watch.dialogs == []


def test_hostile_article_runs_nothing_and_loads_nothing(
        base_url: str, browser: playwright_api.Browser, ingest_token: str) -> None:
    posted = httpx.post(base_url + "/api/ingest?wait=280", timeout=300,
                        headers={"Authorization": f"Bearer {ingest_token}"},
                        files={"file": ("hostile.txt", HOSTILE.encode())},
                        data={"format": "text", "title": "<b>Hostile</b>"})
    assert posted.status_code == 200, posted.text
    doc_id = posted.json()["stored"][0]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    for path in (f"/documents/{doc_id}", "/", "/documents", "/search?q=Council"):
        page.goto(base_url + path)
        assert page.locator("main h1").is_visible()
    page.goto(base_url + f"/documents/{doc_id}")
    assert "<script>alert('script tag')</script>" in page.locator("article.text").inner_text()
    assert page.locator("article.text script, article.text img, article.text a").count() == 0
    _shot(page, "web-hostile.png", full=False)
    assert watch.dialogs == []
    assert watch.foreign() == []


def test_report_opens_from_disk_with_the_network_off(store: Store, tmp_path: Path,
                                                     browser: playwright_api.Browser) -> None:
    report = tmp_path / "report.html"
    report.write_text(render_report(build_report(store)), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def only_files(route: playwright_api.Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    page.goto(report.as_uri())
    chart = page.locator("svg.timeline").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.timeline circle.dot").count() == 3
    assert "Times" not in page.evaluate("getComputedStyle(document.body).fontFamily")
    _shot(page, "report.png")
    assert blocked == []
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_claims_filter_by_facet_and_sort_without_a_page_wider_than_the_screen(
        base_url: str, browser: playwright_api.Browser, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    watch = Watch(page)
    page.goto(base_url + "/")
    page.locator(".counts a", has_text="claims").click()
    page.wait_for_url("**/claims")
    assert page.locator("table.claims tbody tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("aside.facets a", has_text="Valley Post").click()
    page.wait_for_url("**outlet=Valley+Post**")
    assert page.locator("table.claims tbody tr").count() == 1
    assert "8,000" in page.locator("table.claims tbody").inner_text()
    page.locator("a.chip").click()  # remove the filter
    page.locator("th a", has_text="Value").click()  # descending first
    page.wait_for_url("**sort=value**")
    values = page.locator("table.claims tbody td.num").all_inner_texts()
    assert values[:2] == ["12,000", "8,000"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, f"web-claims-{width}.png")
    assert watch.foreign() == [] and watch.dialogs == []
