"""A store fixture over both backends, and a throwaway PostgreSQL server for the session.

The server comes from ``scripts/pg-test-server`` (which installs Debian's
``postgresql`` when it is missing, as root), or from ``CLAIMLEDGER_TEST_PG`` (a
DSN of a server you run). When neither works the PostgreSQL tests fail: they
skip only when ``CLAIMLEDGER_NO_PG=1`` says so, so CI cannot pass by silently
testing one backend.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from claimledger.store import Store, open_store

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-test-server"
_schemas = count()


class PgServer:
    """One running server; each test gets a fresh schema in it."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def fresh_url(self, name: str = "t") -> str:
        schema = f"{name}_{os.getpid()}_{next(_schemas)}"
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in self.dsn else "?"
        return f"{self.dsn}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if os.environ.get("CLAIMLEDGER_NO_PG") == "1":
        pytest.skip("CLAIMLEDGER_NO_PG=1: PostgreSQL tests skipped on request")
    if given := os.environ.get("CLAIMLEDGER_TEST_PG"):
        yield PgServer(given)
        return
    for step in (["install"], ["start"]):
        done = subprocess.run([str(SCRIPT), *step], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=900)
        if done.returncode != 0:
            pytest.fail(f"no PostgreSQL for the tests ({SCRIPT.name} {step[0]}): "
                        f"{done.stderr.strip()}\nset CLAIMLEDGER_NO_PG=1 to skip them on purpose")
    dsn, folder = done.stdout.split()
    try:
        yield PgServer(dsn)
    finally:
        subprocess.run([str(SCRIPT), "stop", folder], capture_output=True, timeout=120,
                       check=False)


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a ledger lives: a SQLite file, or a fresh schema on the test server."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.fresh_url()


@pytest.fixture
def store(ledger_url: str) -> Iterator[Store]:
    opened = open_store(ledger_url)
    try:
        yield opened
    finally:
        opened.close()
