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
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from claimledger.store import Store, open_store
from claimledger.web.app import create_app
from claimledger.web.pages import Settings
from claimledger.web.report import build_report, render_report

from .conftest import CASTELL, article

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


@contextmanager
def _served(app: FastAPI) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port, while the block runs."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture()
def base_url(ingest_app: FastAPI) -> Iterator[str]:
    """The reservoir app (ingest on), served until the test ends."""
    with _served(ingest_app) as url:
        yield url


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


PAGES = ["/", "/documents", "/claims", "/quotes", "/speakers", "/speakers/mira%20castell",
         "/measures", "/measures/{measure}", "/conflicts", "/conflicts/{conflict}", "/checks",
         "/stories", "/stories/{story}", "/documents/{document}", "/search?q=Verrin",
         "/rejections", "/ingest", "/docs"]


def _wider(page: playwright_api.Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


@pytest.mark.parametrize("width", [1366, 390])
def test_no_page_is_wider_than_the_screen(base_url: str, browser: playwright_api.Browser,
                                          width: int) -> None:
    ids = {"measure": httpx.get(base_url + "/api/measures").json()["items"][0]["id"],
           "conflict": httpx.get(base_url + "/api/conflicts").json()["conflicts"][0]["id"],
           "story": httpx.get(base_url + "/api/stories").json()["items"][0]["id"],
           "document": httpx.get(base_url + "/api/documents").json()["items"][0]["id"]}
    page = browser.new_page(viewport={"width": width, "height": 800})
    watch = Watch(page)
    too_wide = []
    for path in PAGES:
        response = page.goto(base_url + path.format(**ids))
        assert response is not None and response.status == 200, path
        if _wider(page):
            too_wide.append(path)
    assert too_wide == []
    assert watch.foreign() == [] and watch.dialogs == []


def test_a_conflict_shows_its_two_sentences_side_by_side(base_url: str,
                                                         browser: playwright_api.Browser) -> None:
    conflict = httpx.get(base_url + "/api/conflicts").json()["conflicts"][0]["id"]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{base_url}/conflicts/{conflict}")
    said = page.locator(".pair .side blockquote.said")
    assert said.count() == 2
    a, b = (said.nth(i).bounding_box() for i in (0, 1))
    assert a is not None and b is not None and said.nth(0).is_visible()
    assert abs(a["y"] - b["y"]) < 4 and b["x"] >= a["x"] + a["width"], "beside, not below"
    assert page.locator(".pair .side mark.figure").count() == 2
    _shot(page, "web-conflict.png", full=False)


BUSY = 120
BUSY_DB = "busy.db"


@pytest.fixture()
def busy(tmp_path: Path) -> Iterator[Store]:
    """One measure with 120 claims from 5 to 500 billion over 40 days, three a day, the
    same person under two names, every document with its web address."""
    store = open_store(str(tmp_path / BUSY_DB))
    for i in range(BUSY):
        value = 5 * 10 ** (i % 12)
        day = date(2025, 1, 1) + timedelta(days=i // 3)
        who = (CASTELL, "Ms Mira Castell", None)[i % 3]
        said = f", {who} said" if who else ""
        text = f"In Verrin, {value:,} households have lost water since Sunday{said}.\nEnd {i}."
        doc, extraction = article(day.isoformat(), "Harbour Gazette", f"Verrin {i}", text,
                                  [(f"{value:,}", float(value), "exact", who)], [])
        store.put(replace(doc, url=f"https://example.org/verrin/{i}"), extraction, None,
                  reconcile=False)
    store.reconcile()
    yield store
    store.close()


def _inside_plot(page: playwright_api.Page) -> tuple[int, list[int]]:
    """How many points the first chart draws, and those whose centre is outside its axes."""
    found = page.evaluate("""() => {
        const svg = document.querySelector('svg.timeline');
        const [x, y] = svg.querySelectorAll('line.axis');
        const xa = x.getBoundingClientRect(), ya = y.getBoundingClientRect();
        const dots = [...svg.querySelectorAll('circle.dot')].map(d => d.getBoundingClientRect());
        const out = dots.map((d, i) => [i, d.x + d.width / 2, d.y + d.height / 2])
          .filter(([i, cx, cy]) => cx < ya.left - 1 || cx > xa.right + 1 ||
                                   cy < ya.top - 1 || cy > xa.bottom + 1).map(([i]) => i);
        return [dots.length, out];
    }""")
    return int(found[0]), list(found[1])


@pytest.mark.parametrize("width", [1366, 390])
def test_a_busy_measure_keeps_every_point_inside_the_plot(
        busy: Store, tmp_path: Path, browser: playwright_api.Browser, width: int) -> None:
    (measure,) = busy.measures()
    assert len(measure.claim_ids) == BUSY
    with _served(create_app(Settings(str(tmp_path / BUSY_DB)))) as url:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{url}/measures/{measure.id}")
        drawn, outside = _inside_plot(page)
        assert drawn == BUSY and outside == []
        assert f"{BUSY} claims charted" in page.locator(".chart-note").inner_text()
        assert "log" in page.locator("svg.timeline").inner_html().lower()
        assert page.locator("ul.legend li").count() == 2  # Mira Castell (both names), unattributed
        assert not _wider(page)
        _shot(page, f"web-busy-measure-{width}.png")


def test_report_readings_show_on_tap_and_carry_their_sources(
        busy: Store, tmp_path: Path, browser: playwright_api.Browser) -> None:
    report = tmp_path / "report.html"
    report.write_text(render_report(build_report(busy)), encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(report.as_uri())
    assert not _wider(page)
    mark = page.locator("svg.timeline g.mark").first
    reading = mark.locator("text.reading")
    assert not reading.is_visible()
    mark.scroll_into_view_if_needed()
    mark.tap()
    assert reading.is_visible()
    shown = reading.text_content() or ""
    assert "(exact)" in shown and ("Mira Castell" in shown or "unattributed" in shown)
    sources = page.locator('table.claims a[href^="https://example.org/verrin/"]')
    assert sources.count() == 100  # every row of the table links the page it was read from
    assert page.locator("table.claims blockquote.said mark.figure").count() == 100
    _shot(page, "report-phone.png")
    context.close()
