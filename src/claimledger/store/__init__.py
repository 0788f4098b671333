"""Storage of the ledger behind one Protocol; SQLite is the embedded default."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimledger.store.base import (
    LedgerReader,
    LedgerRow,
    LedgerWriter,
    Outcome,
    QueryTooSlow,
    ReconcileTables,
    RunCounts,
    Store,
    StoredRejection,
    search_words,
)

DEFAULT_DB = "claimledger.db"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def default_db() -> str:
    return os.environ.get("CLAIMLEDGER_DB", DEFAULT_DB)


def open_store(target: str) -> Store:
    """Open the store named by ``target``: a file path or ``sqlite:///path`` (SQLite), or a
    ``postgresql://`` URL (PostgreSQL, loaded only then so SQLite users need no driver)."""
    if target.startswith(POSTGRES_SCHEMES):
        from claimledger.store.postgres import PostgresStore

        return PostgresStore(target)
    from claimledger.store.sqlite import SQLiteStore

    path = target.removeprefix("sqlite:///")
    return SQLiteStore(Path(path))


@contextmanager
def opened(target: str) -> Iterator[Store]:
    """``open_store`` for a ``with`` block: the store is closed however the block ends."""
    store = open_store(target)
    try:
        yield store
    finally:
        store.close()


__all__ = ["LedgerReader", "LedgerRow", "LedgerWriter", "Outcome", "QueryTooSlow",
           "ReconcileTables", "RunCounts", "Store", "StoredRejection", "default_db", "open_store",
           "opened", "search_words"]
