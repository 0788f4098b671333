"""The self-contained report: charts inline, nothing fetched, filters applied."""

from __future__ import annotations

import re
import subprocess
from html import escape
from pathlib import Path

from claimledger.present.report import build_report, render_report
from claimledger.reconcile.records import Measure
from claimledger.store import Store


def test_report_inlines_everything(store: Store, measure: Measure) -> None:
    html = render_report(build_report(store))
    assert "<style>" in html and "<svg" in html
    assert 'font-family: system-ui, -apple-system, "Segoe UI"' in html  # not entity-escaped
    assert f'<section class="measure" id="m-{measure.id}">' in html
    assert escape(measure.label) in html
    assert "<script" not in html
    external = re.findall(r'(?:src|href)="(?!#)[^"]*"', html)
    assert external == []
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
