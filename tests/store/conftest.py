"""A store fixture over both backends (``ledger_url`` and the PostgreSQL test server
are in ../conftest.py, shared with the web tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimledger.store import Store, open_store


@pytest.fixture
def store(ledger_url: str) -> Iterator[Store]:
    opened = open_store(ledger_url)
    try:
        yield opened
    finally:
        opened.close()
