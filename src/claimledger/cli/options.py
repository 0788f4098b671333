"""What every command shares: the ``--format`` option and the ledger it opens."""

from __future__ import annotations

from contextlib import AbstractContextManager

import click

from claimledger.present.output import FORMATS
from claimledger.store import Store, opened

FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                      show_default=True, help="table for people; json, jsonl, csv for programs")


def ledger_of(ctx: click.Context) -> AbstractContextManager[Store]:
    """The ledger ``--db`` names, opened for the length of a ``with`` block."""
    return opened(ctx.obj["db"])
