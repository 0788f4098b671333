"""The ``measures``, ``conflicts``, ``review``, ``checks``, ``trace``, ``stories`` and
``reconcile`` commands.

The command line's view of the reconcile tables (``claimledger.cli`` registers them);
each takes ``--format`` like the other listing commands, and JSON nests what a table
flattens (a conflict's ``measure`` and ``claims``, each claim's ``document``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict
from typing import Any, cast

import click

from claimledger.cli.options import FORMAT, ledger_of
from claimledger.present.output import emit, printable
from claimledger.reconcile.records import Conflict, Origin, ReviewStatus, ShownClaim

_NUMBER = re.compile(r"^[+-]?[\d,]*\.?\d+$")


def ref_json(ref: ShownClaim) -> dict[str, Any]:
    """A claim as nested JSON: its value as printed and the amount it is compared as,
    its bound, its speaker, its document."""
    return {"id": ref.id, "surface": ref.surface, "value": ref.value, "low": ref.low,
            "high": ref.high, "unit": ref.unit, "amount": ref.amount,
            "amount_low": ref.amount_low, "amount_high": ref.amount_high,
            "bound": ref.bound, "period": ref.period, "speaker": ref.speaker,
            "document": {"id": ref.document_id, "title": ref.document_title,
                         "published": ref.published, "outlet": ref.outlet, "url": ref.url}}


def conflict_json(c: Conflict) -> dict[str, Any]:
    review = c.review
    return {"id": c.id, "measure": {"id": c.measure_id, "label": c.measure_label},
            "claims": [ref_json(r) for r in c.claims], "relative_gap": c.relative_gap,
            "explanation": c.explanation, "kind": c.kind,
            "review": None if review is None else {"status": review.status, "note": review.note,
                                                   "reviewed_at": review.reviewed_at}}


def origin_json(o: Origin) -> dict[str, Any]:
    return {"claim_id": o.claim_id, "measure_id": o.measure_id, "value": o.value,
            "first_claim_id": o.first_claim_id, "independent_sources": o.independent_sources,
            "appearances": [{"role": a.role, "why": a.why, "claim": ref_json(a.claim)}
                            for a in o.appearances]}


def _who(ref: ShownClaim) -> str:
    where = f"{ref.document_title or ref.document_id}, {ref.published or 'undated'}"
    return f"{ref.surface} — {ref.speaker or 'unattributed'} ({where})"


@click.command()
@FORMAT
@click.option("--limit", type=click.IntRange(1), default=None, help="show at most this many")
@click.pass_context
def measures(ctx: click.Context, fmt: str, limit: int | None) -> None:
    """List measures: claims grouped by what they count, unit and kind of period; as on
    the web, the one with most claims first, then most disagreements."""
    with ledger_of(ctx) as store:
        found = store.measures()
        disagreeing = Counter(c.measure_id for c in store.conflicts())
    found.sort(key=lambda m: (-len(m.claim_ids), -disagreeing[m.id], m.label, m.id))
    found = found[:limit]
    if fmt == "table":
        rows = [{"id": m.id, "label": m.label, "claims": len(m.claim_ids),
                 "disagreements": disagreeing[m.id]} for m in found]
        emit(rows, fmt, ("id", "label", "claims", "disagreements"), title="measures")
        return
    emit(({**asdict(m), "disagreements": disagreeing[m.id]} for m in found), fmt,
         ("id", "key", "label", "kind_of_period", "unit", "claim_ids", "disagreements", "why"))


@click.command()
@FORMAT
@click.option("--measure", "measure_id", default=None, help="only this measure's conflicts")
@click.option("--hide-reviewed", is_flag=True, help="leave out disagreements already reviewed")
@click.pass_context
def conflicts(ctx: click.Context, fmt: str, measure_id: str | None, hide_reviewed: bool) -> None:
    """List disagreements (conflicts and updates): claims on one measure and period
    that cannot both hold."""
    with ledger_of(ctx) as store:
        found = [c for c in store.conflicts(measure_id) if not (hide_reviewed and c.review)]
    if fmt == "table":
        emit(_grouped(found), fmt, ("measure", "figure", "said by", "kinds"),
             title="disagreements, per measure: the distinct figures")
        return
    emit((conflict_json(c) for c in found), fmt,
         ("id", "kind", "measure", "claims", "relative_gap", "explanation", "review"))


@click.command()
@click.argument("conflict_id")
@click.option("--status", type=click.Choice(["reviewed", "confirmed", "dismissed"]),
              required=True, help="confirmed: a real disagreement; dismissed: a false alarm")
@click.option("--note", default="", help="why (required to dismiss)")
@click.pass_context
def review(ctx: click.Context, conflict_id: str, status: str, note: str) -> None:
    """Mark a disagreement (id or unique prefix, as `conflicts --format json` lists it)
    reviewed, confirmed or dismissed. The mark survives `reconcile`."""
    if status == "dismissed" and not note.strip():
        raise click.UsageError("say why a disagreement is dismissed: --note TEXT")
    with ledger_of(ctx) as store:
        found = store.review(conflict_id, cast(ReviewStatus, status), note.strip())
    if found is None:
        raise click.ClickException(f"no single disagreement matches {conflict_id!r}")
    a, b = found.claims
    click.echo(printable(f"{found.id}: {status} ({a.surface} vs {b.surface}, "
                         f"{found.measure_label})"))


def _grouped(found: list[Conflict]) -> list[dict[str, str]]:
    """One row per distinct figure of each measure in dispute, with everyone who gave
    it (outlet and date), instead of one row per disagreeing pair."""
    figures: dict[str, dict[str, dict[str, ShownClaim]]] = {}
    kinds: dict[str, set[str]] = {}
    labels = {}
    for c in found:
        labels[c.measure_id] = c.measure_label
        for ref in c.claims:
            figures.setdefault(c.measure_id, {}).setdefault(ref.surface.lower(), {})[
                ref.id] = ref
            kinds.setdefault(f"{c.measure_id}|{ref.surface.lower()}", set()).add(c.kind)
    rows = []
    for measure_id, by_figure in figures.items():
        for n, (surface, refs) in enumerate(sorted(by_figure.items())):
            who = sorted({f"{r.speaker or 'unattributed'} "
                          f"({r.outlet or r.document_title or r.document_id}, "
                          f"{(r.published or 'undated')[:10]})" for r in refs.values()})
            rows.append({"measure": labels[measure_id] if n == 0 else "",
                         "figure": next(iter(refs.values())).surface,
                         "said by": "; ".join(who),
                         "kinds": ", ".join(sorted(kinds[f"{measure_id}|{surface}"]))})
    return rows


@click.command()
@FORMAT
@click.pass_context
def stories(ctx: click.Context, fmt: str) -> None:
    """List stories: the documents that report one event."""
    with ledger_of(ctx) as store:
        found = store.stories()
    if fmt == "table":
        rows = [{"id": s.id, "label": s.label, "documents": str(len(s.document_ids)),
                 "first published": s.first_published or "", "outlets": ", ".join(s.outlets)}
                for s in found]
        emit(rows, fmt, ("id", "label", "documents", "first published", "outlets"),
             title="stories")
        return
    emit(({"id": s.id, "label": s.label, "document_ids": list(s.document_ids),
           "first_published": s.first_published, "outlets": list(s.outlets)} for s in found),
         fmt, ("id", "label", "document_ids", "first_published", "outlets"))


@click.command()
@FORMAT
@click.pass_context
def checks(ctx: click.Context, fmt: str) -> None:
    """List part-against-whole checks, with their arithmetic."""
    with ledger_of(ctx) as store:
        found = store.checks()
    if fmt == "table":  # the arithmetic is the point: shown whole, one check a paragraph
        for k in found:
            click.echo(f"{'consistent' if k.consistent else 'NOT CONSISTENT'}: {k.arithmetic}\n")
        return
    emit((asdict(k) for k in found), fmt,
         ("id", "part_claim_id", "whole_claim_id", "part_measure_id", "whole_measure_id",
          "consistent", "arithmetic"))


@click.command()
@click.argument("claim_or_value")
@FORMAT
@click.pass_context
def trace(ctx: click.Context, claim_or_value: str, fmt: str) -> None:
    """Where a figure came from: a claim id (or prefix), or a value such as 235,000."""
    with ledger_of(ctx) as store:
        if _NUMBER.match(claim_or_value):
            found = store.trace(float(claim_or_value.replace(",", "")))
        else:
            one = store.origins(claim_or_value)
            found = [] if one is None else [one]
        labels = {o.measure_id: m.label for o in found
                  if (m := store.measure(o.measure_id)) is not None}
    if not found:
        raise click.ClickException(f"no reconciled figure matches {claim_or_value!r}")
    if fmt != "table":
        emit((origin_json(o) for o in found), fmt,
             ("claim_id", "measure_id", "value", "first_claim_id", "independent_sources",
              "appearances"))
        return
    for o in found:
        rows = [{"role": a.role, "claim": _who(a.claim), "why": a.why} for a in o.appearances]
        label = labels.get(o.measure_id, o.measure_id)
        emit(rows, fmt, ("role", "claim", "why"),
             title=f"{o.value:,.6g}, {label} ({o.measure_id}): "
                   f"{o.independent_sources} independent source(s)")


@click.command()
@click.pass_context
def reconcile(ctx: click.Context) -> None:
    """Rebuild measures, conflicts, checks, origins and document links from scratch."""
    with ledger_of(ctx) as store:
        store.reconcile()
        counts = (len(store.measures()), len(store.conflicts()), len(store.checks()),
                  len(store.links()))
    click.echo("measures {}, conflicts {}, checks {}, document links {}".format(*counts),
               err=True)


COMMANDS = (measures, conflicts, review, checks, trace, reconcile, stories)
