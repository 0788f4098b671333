"""The self-contained report: charts inline, nothing fetched, filters applied."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from claimledger.present.report import build_report, render_report
from claimledger.store import Store


def test_report_inlines_everything(reconciled_store: Store) -> None:
    html = render_report(build_report(reconciled_store))
    assert "<style>" in html and "<svg" in html
    assert "households without water" in html
    assert "<script" not in html
    external = re.findall(r'(?:src|href)="(?!#)[^"]*"', html)
    assert external == []
    assert "at least 12,000 cannot equal 8,000" in html


def test_since_drops_older_claims_and_conflicts(reconciled_store: Store) -> None:
    html = render_report(build_report(reconciled_store, since="2025-03-06"))
    assert "No conflicts found." in html
    assert html.count('<circle class="dot') == 1


def test_report_command_on_a_ledger_never_reconciled(db_path: Path, tmp_path: Path,
                                                  command: str) -> None:
    out = tmp_path / "r.html"
    done = subprocess.run([command, "--db", str(db_path), "report", "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "No measures yet" in out.read_text(encoding="utf-8")
    bad = subprocess.run([command, "--db", str(db_path), "report", "-o", str(out),
                          "--since", "soon"], capture_output=True, text=True, check=False)
    assert bad.returncode == 1 and "soon" in bad.stderr
