"""The self-contained report: charts inline, nothing fetched, filters applied."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from html import escape
from pathlib import Path

from claimledger.reconcile.records import Measure
from claimledger.store import Store, open_store
from claimledger.web.report import build_report, render_report

from .conftest import article


def test_report_inlines_everything(store: Store, measure: Measure) -> None:
    html = render_report(build_report(store))
    assert "<style>" in html and "<svg" in html
    assert 'font-family: system-ui, -apple-system, "Segoe UI"' in html  # not entity-escaped
    assert f'<section class="measure" id="m-{measure.id}">' in html
    assert escape(measure.label) in html
    assert "<script" not in html
    assert re.findall(r'src="[^"]*"', html) == [], "the report loads nothing"
    assert re.findall(r'href="(?!#)[^"]*"', html) == [], "no document here has a web address"
    assert html.count('<li class="conflict" id=') == 6  # in the list, and under the measure


def test_since_drops_older_claims_and_conflicts(store: Store, measure_id: str) -> None:
    html = render_report(build_report(store, [measure_id[:5]], since="2025-03-06"))
    assert html.count('<li class="conflict" id=') == 4  # the two with the 9 March range
    assert html.count('<circle class="dot') == 1


def test_report_command(ledger: str, tmp_path: Path, command: str) -> None:
    out = tmp_path / "r.html"
    done = subprocess.run([command, "--db", ledger, "report", "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "<svg" in out.read_text(encoding="utf-8")
    unknown = subprocess.run([command, "--db", ledger, "report", "-o", str(out),
                              "--measure", "ffff"], capture_output=True, text=True, check=False)
    assert unknown.returncode == 1 and "ffff" in unknown.stderr
    bad = subprocess.run([command, "--db", ledger, "report", "-o", str(out),
                          "--since", "soon"], capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "soon" in bad.stderr


def test_report_gives_each_figure_its_sentence_speaker_outlet_date_and_source(
        ledger: str, measure: Measure) -> None:
    """A mailed report can be checked: every figure in its sentence, with who said it,
    where and when, and a link to the page it was read from when that is a web address."""
    store = open_store(ledger)
    try:
        for n, url in enumerate(["https://example.org/verrin-update", "javascript:alert(1)"]):
            doc, extraction = article("2025-03-1" + str(n), "Coast Herald", "Verrin update",
                                      f"Some 9,500 households in Verrin were still dry since "
                                      f"Sunday, engineers said in update {n}.\nMore later.",
                                      [("9,500", 9500.0, "approximate", None)], [])
            store.put(replace(doc, url=url), extraction, None)
        html = render_report(build_report(store))
    finally:
        store.close()
    section = html[html.index(f'id="m-{measure.id}"'):]
    assert '<mark class="figure">at least 12,000</mark> households have lost water' in section
    assert "Mira Castell" in section and "Harbour Gazette" in section
    assert "Valley Post" in section and "2025-03-05" in section
    assert 'href="https://example.org/verrin-update" rel="noopener noreferrer nofollow"' in section
    assert "javascript:" not in html
