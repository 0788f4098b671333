"""``claimledger report``: the ledger as one self-contained HTML file.

The file inlines its stylesheet and draws its charts as inline SVG (the same
templates and chart code as the web app), and references nothing outside itself:
it opens from disk with no network and survives being mailed. Links into the
ledger are left out, since there is no server behind a file; the links to the
pages figures were read from stay, so a reader can check each one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from markupsafe import Markup

from claimledger.reconcile.records import Conflict
from claimledger.store import LedgerReader
from claimledger.web import reconciled
from claimledger.web.pages import environment, package_dir
from claimledger.web.reconciled import MeasureDetail

MAX_MEASURES = 50
"""Without ``--measure`` the report shows this many of the busiest measures."""
MAX_CONFLICTS = 500


@dataclass(frozen=True, slots=True)
class Report:
    generated: str
    since: str | None
    counts: dict[str, int]
    measures: list[MeasureDetail]
    more_measures: int
    conflicts: list[Conflict]


def build_report(store: LedgerReader, measures: list[str] | None = None,
                 since: str | None = None) -> Report:
    """Gather what the report shows; ``since`` (ISO date) drops older claims and conflicts."""
    if since is not None:
        since = date.fromisoformat(since).isoformat()
    reads = store.listings()
    counts = reads.counts()
    chosen = measures or [s.id for s in reads.measure_summaries(0, MAX_MEASURES)]
    details = [d for d in (reconciled.detail(reads, m) for m in chosen) if d is not None]
    if measures and len(details) < len(measures):
        raise LookupError("no single measure matches one of " + ", ".join(measures))
    details = [_since(d, since) for d in details]
    if measures:
        conflicts = [c for d in details for c in d.conflicts]
    else:
        conflicts = [c for c in reads.newest_conflicts(0, MAX_CONFLICTS)
                     if not since or _latest(c) >= since]
    shown = {t: counts[t] for t in ("documents", "claims", "quotes", "rejections")}
    return Report(datetime.now(UTC).isoformat(timespec="seconds"), since, shown,
                  details, counts["measures"] - len(details), conflicts)


def render_report(report: Report) -> str:
    """The report as HTML; the package's own stylesheet is inlined verbatim (escaping
    it would turn its quotes into entities, which ``<style>`` does not decode)."""
    css = Markup((package_dir("static") / "style.css").read_text(encoding="utf-8"))
    return environment().get_template("report.html").render(page=report, css=css)


def write_report(store: LedgerReader, output: str, measures: list[str] | None = None,
                 since: str | None = None) -> None:
    Path(output).write_text(render_report(build_report(store, measures, since)),
                            encoding="utf-8")


def _since(detail: MeasureDetail, since: str | None) -> MeasureDetail:
    if not since:
        return detail
    return replace(detail,
                   claims=[c for c in detail.claims if (c.published or "") >= since],
                   conflicts=[c for c in detail.conflicts if _latest(c) >= since])


def _latest(conflict: Conflict) -> str:
    return max(ref.published or "" for ref in conflict.claims)
