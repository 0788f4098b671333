"""The ``claimledger`` command: parses options, calls the library, formats results.

Exit codes: 0 every input stored (or already stored); 2 usage error; 3 some
inputs were rejected (the rest stored); 1 an unexpected failure.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.text import Text

from claimledger import ledger
from claimledger.cli.options import FORMAT, ledger_of
from claimledger.cli.reconcile import COMMANDS as RECONCILE_COMMANDS
from claimledger.contract import claim_json, quote_json, to_contract
from claimledger.extract.model import DEFAULT_MODEL
from claimledger.ingest import Overrides
from claimledger.ingest.fetch import iter_args
from claimledger.ingest.sources import DEFAULT_MAX_BYTES, expected_items
from claimledger.present.marked import marked_text
from claimledger.present.output import emit, printable
from claimledger.reconcile import vocabulary
from claimledger.records import Rejection
from claimledger.store import default_db

EXIT_REJECTED = 3

LIMIT = click.option("--limit", type=int, default=None, help="show at most this many rows")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", default=default_db, show_default="claimledger.db or $CLAIMLEDGER_DB",
              help="ledger database file")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy model name")
@click.option("--vocabulary", "vocabulary_path", type=click.Path(dir_okay=False),
              envvar=vocabulary.ENV,
              help="TOML file of word classes for measures (default: the packaged one, "
              "a copy of which is the place to start)")
@click.pass_context
def main(ctx: click.Context, db: str, model: str, vocabulary_path: str | None) -> None:
    """Turn news articles into a ledger of figures and quotes, each tied to its source."""
    if vocabulary_path:
        try:
            vocabulary.load(vocabulary_path)
        except vocabulary.VocabularyError as e:
            raise click.BadParameter(str(e), param_hint="--vocabulary") from e
        os.environ[vocabulary.ENV] = vocabulary_path  # what reconcile reads, here and below
    ctx.obj = {"db": db, "model": model}


for _command in RECONCILE_COMMANDS:
    main.add_command(_command)


def _inputs_options(f: Any) -> Any:
    for option in reversed([
        click.argument("paths", nargs=-1, required=True),
        click.option("--published", help="publication date for every input"),
        click.option("--outlet", help="outlet for every input"),
        click.option("--url", help="URL for every input"),
        click.option("--title", help="title for every input"),
        click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
                     help="inputs larger than this are rejected"),
        click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                     help="extract on this many local processes"),
        *_LIMIT_OPTIONS,
    ]):
        f = option(f)
    return f


_LIMIT_OPTIONS = (
    click.option("--max-seconds", type=click.FloatRange(0, min_open=True), default=300.0,
                 show_default=True, help="a document whose extraction takes longer is "
                 "rejected (timeout) and the run goes on"),
    click.option("--max-memory", "max_memory_mb", type=click.IntRange(1), default=None,
                 metavar="MB", help="memory an extraction worker may use; a document needing "
                 "more is rejected (too_large)"),
)


def _limits(max_seconds: float, max_memory_mb: int | None) -> ledger.Limits:
    return ledger.Limits(max_seconds, max_memory_mb * 2**20 if max_memory_mb else None)


def _items(paths: tuple[str, ...], published: str | None, outlet: str | None, url: str | None,
           title: str | None, max_bytes: int) -> Iterator[Any]:
    overrides = Overrides(title=title, published=published, outlet=outlet, url=url)
    return iter_args(list(paths), overrides, max_bytes=max_bytes)


@main.command()
@_inputs_options
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="extract on the workers of this Dask scheduler (tcp://host:8786)")
@click.option("--dask-local", type=click.IntRange(1, 64), metavar="N",
              help="extract on a local Dask cluster of N worker processes")
@click.option("--dask-partition-size", type=click.IntRange(1, 100_000), default=None,
              metavar="ARTICLES", help="articles per Dask task  [default: 64]")
@click.pass_context
def ingest(ctx: click.Context, /, paths: tuple[str, ...], jobs: int, dask_address: str | None,
           dask_local: int | None, dask_partition_size: int | None, max_seconds: float,
           max_memory_mb: int | None, **meta: Any) -> None:
    """Ingest files, directories (recursive), http(s) URLs or - (stdin) into the ledger."""
    from claimledger.scale import extract_step

    err = Console(stderr=True, highlight=False)
    limits = _limits(max_seconds, max_memory_mb)
    total = expected_items(list(paths)) if err.is_terminal else None
    with ledger_of(ctx) as store, _progress(err, total=total) as advance, \
            extract_step(dask_address, dask_local, dask_partition_size, limits) as step:
        tally = ledger.ingest(_items(paths, **meta), store, model=ctx.obj["model"],
                              processes=jobs, on_item=_reporter(err, advance), extract_with=step)
    err.print(f"stored {tally.stored}, unchanged {tally.unchanged}, rejected {tally.rejected}")
    if tally.rejected:
        sys.exit(EXIT_REJECTED)


def _reporter(err: Console, advance: Any) -> Any:
    def report(source: str, outcome: str) -> None:
        if outcome.startswith("rejected"):
            err.print(printable(f"{source}: {outcome}"), markup=False, highlight=False,
                      soft_wrap=True)
        advance()
    return report


@contextmanager
def _progress(err: Console, doing: str = "ingesting", total: int | None = None
              ) -> Iterator[Any]:
    """A progress line on a terminal (with the total and the time left when the input's
    size is known); nothing when stderr is piped."""
    if not err.is_terminal:
        yield lambda: None
        return
    counted = "{task.completed} of {task.total} items" if total else "{task.completed} items"
    columns = (TextColumn(doing), BarColumn(), TextColumn(counted), TimeElapsedColumn(),
               *((TextColumn("left"), TimeRemainingColumn()) if total else ()))
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(doing, total=total)
        yield lambda: progress.advance(task)


@main.command()
@click.argument("feeds", type=click.Path(exists=True, dir_okay=False))
@click.option("--every", default="15m", show_default=True,
              help="time between passes: 30s, 15m, 1h")
@click.option("--once", is_flag=True, help="make one pass over the feeds and exit")
@click.pass_context
def watch(ctx: click.Context, feeds: str, every: str, once: bool) -> None:
    """Poll the RSS, Atom or JSON feeds listed in FEEDS (one URL a line); ingest new pages."""
    from pathlib import Path

    from claimledger.store.feeds import FeedStore
    from claimledger.watch import Poll, parse_every
    from claimledger.watch import watch as watch_feeds

    try:
        seconds = parse_every(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    err = Console(stderr=True, highlight=False)

    def report(poll: Poll) -> None:
        t = poll.tally
        counts = f": stored {t.stored}, unchanged {t.unchanged}, rejected {t.rejected}" if t else ""
        err.print(printable(f"{poll.feed}: {poll.status}{counts} {poll.detail}".rstrip()),
                  markup=False)

    with ledger_of(ctx) as store:
        if not isinstance(store, FeedStore):
            raise click.ClickException("this ledger cannot keep feed state")
        watch_feeds(Path(feeds), store, seconds, once=once, on_poll=report,
                    model=ctx.obj["model"])


@main.command()
@_inputs_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl",
              show_default=True)
@click.pass_context
def extract(ctx: click.Context, /, paths: tuple[str, ...], jobs: int, fmt: str,
            max_seconds: float, max_memory_mb: int | None, **meta: Any) -> None:
    """Print the claimledger.extract/2 JSON of every input document; no database."""
    rejected = 0
    results = []
    limits = _limits(max_seconds, max_memory_mb)
    for result in ledger.extract(_items(paths, **meta), ctx.obj["model"], jobs, limits=limits):
        if isinstance(result, Rejection):
            rejected += 1
            click.echo(printable(f"{result.source}: rejected: {result.reason}: {result.detail}"),
                       err=True)
            continue
        obj = to_contract(result.document, result.extraction)
        if fmt == "jsonl":
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            results.append(obj)
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if rejected:
        sys.exit(EXIT_REJECTED)


LISTINGS = {
    "documents": ("List stored documents.",
                  ("id", "title", "published", "outlet", "language", "chars", "source")),
    "claims": ("List numeric claims.",
               ("id", "document_id", "surface", "value", "bound", "unit", "kind", "counted",
                "period_text", "speaker")),
    "quotes": ("List quotes and who said them.",
               ("id", "document_id", "kind", "text", "speaker")),
}


def _listing(table: str, summary: str, columns: tuple[str, ...]) -> click.Command:
    """One ``documents``/``claims``/``quotes`` command: a whole table, as a table or data."""

    @click.command(name=table, help=summary)
    @FORMAT
    @LIMIT
    @click.pass_context
    def command(ctx: click.Context, fmt: str, limit: int | None) -> None:
        # closed before the store, so a reader that stops early (``| head``) ends quietly
        with ledger_of(ctx) as store, closing(store.rows(table, limit)) as rows:
            emit(rows, fmt, columns, title=table)

    return command


for _table, (_summary, _columns) in LISTINGS.items():
    main.add_command(_listing(_table, _summary, _columns))


@main.command()
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def show(ctx: click.Context, doc: str, fmt: str) -> None:
    """Show one document (id or id prefix) with its claims and quotes marked."""
    with ledger_of(ctx) as store:
        found = store.get(doc)
    if found is None:
        raise click.ClickException(f"no single document matches {doc!r}")
    document, extraction = found
    if fmt == "json":
        click.echo(json.dumps(to_contract(document, extraction), ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False)
    out.rule(Text(printable(document.title or document.id)), style="bold")
    out.print(marked_text(document, extraction))
    out.rule()
    figures_v = extraction.versions.get("figures", "")
    quotes_v = extraction.versions.get("quotes", "")
    claim_rows = [claim_json(document, f, figures_v) for f in extraction.figures]
    for row in claim_rows:
        row["speaker"] = (row["speaker"] or {}).get("name")
        row["period"] = (row["period"] or {}).get("text")
    emit(claim_rows, "table", ("surface", "value", "bound", "unit", "counted", "period",
                               "speaker"), title="claims")
    quote_rows = [quote_json(document, q, quotes_v) for q in extraction.quotes]
    for row in quote_rows:
        row["text"] = document.text[row["span"][0]:row["span"][1]]
        row["speaker"] = (row["speaker"] or {}).get("name")
    emit(quote_rows, "table", ("kind", "text", "speaker"), title="quotes")


@main.command()
@FORMAT
@LIMIT
@click.pass_context
def rejections(ctx: click.Context, fmt: str, limit: int | None) -> None:
    """List inputs that were rejected, and why."""
    with ledger_of(ctx) as store:
        rows = [{"source": r.rejection.source, "reason": r.rejection.reason,
                 "detail": r.rejection.detail, "size": r.rejection.size,
                 "rejected_at": r.rejected_at} for r in store.rejections(limit)]
    emit(rows, fmt, ("source", "reason", "detail", "size", "rejected_at"), title="rejections")


@main.command()
@click.option("--table", type=click.Choice(["claims", "quotes", "documents"]), required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="file to write (required for parquet; stdout otherwise)")
@click.pass_context
def export(ctx: click.Context, table: str, fmt: str, output: str | None) -> None:
    """Export a whole table for analysis elsewhere."""
    from claimledger.present.export import export_table

    if fmt == "parquet" and not output:
        raise click.UsageError("parquet needs -o/--output FILE")
    with ledger_of(ctx) as store:
        n = export_table(store, table, fmt, output)
    click.echo(f"exported {n} {table}", err=True)


@main.command()
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="extract on this many local processes")
@click.option("--all", "everything", is_flag=True,
              help="every document, not only those older components extracted")
@_LIMIT_OPTIONS[0]
@_LIMIT_OPTIONS[1]
@click.pass_context
def reextract(ctx: click.Context, jobs: int, everything: bool, max_seconds: float,
              max_memory_mb: int | None) -> None:
    """Extract stored documents again with the current components, then reconcile.

    A document whose claims and quotes an older figures or quotes component made
    (its versions say so) gets new ones in their place; text and metadata stay."""
    err = Console(stderr=True, highlight=False)
    with ledger_of(ctx) as store, _progress(err, "re-extracting") as advance:
        done = ledger.reextract(store, model=ctx.obj["model"], processes=jobs,
                                everything=everything, on_item=lambda _source: advance(),
                                limits=_limits(max_seconds, max_memory_mb))
    err.print(f"re-extracted {done}")


@main.command()
@click.argument("query")
@FORMAT
@click.option("--limit", type=int, default=20, show_default=True)
@click.pass_context
def search(ctx: click.Context, query: str, fmt: str, limit: int) -> None:
    """Full-text search over documents and quotes."""
    with ledger_of(ctx) as store:
        emit(store.search(query, limit), fmt, ("hit", "document_id", "snippet"), title="matches")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; the default keeps the ledger on this machine")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-ingest", is_flag=True, help="accept new articles through the web")
@click.option("--token", default=None,
              help="token required for web ingest (default: generated and printed)")
@_LIMIT_OPTIONS[0]
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, allow_ingest: bool,
          token: str | None, max_seconds: float) -> None:
    """Browse the ledger in a web browser; read-only unless --allow-ingest."""
    import secrets

    import uvicorn

    from claimledger.web.app import create_app
    from claimledger.web.pages import Settings

    if allow_ingest and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"ingest token: {token}", err=True)
    app = create_app(Settings(ctx.obj["db"], allow_ingest, token if allow_ingest else None,
                              max_seconds))
    click.echo(f"serving {ctx.obj['db']} at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="HTML file to write")
@click.option("--measure", "measures", multiple=True, help="only this measure (id or prefix); "
              "repeatable")
@click.option("--since", help="only conflicts and claims published on or after this date")
@click.pass_context
def report(ctx: click.Context, output: str, measures: tuple[str, ...],
           since: str | None) -> None:
    """Write one self-contained HTML report (opens offline, can be mailed)."""
    from claimledger.web.report import write_report

    with ledger_of(ctx) as store:
        try:
            write_report(store, output, measures=list(measures), since=since)
        except (LookupError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {output}", err=True)
