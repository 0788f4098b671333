"""Shared fixtures: the loaded extractor (once per session), ../shared data, and a
throwaway PostgreSQL server with ``ledger_url`` over both backends.

The server comes from ``scripts/pg-test-server`` (which installs Debian's
``postgresql`` when it is missing, as root), or from ``CLAIMLEDGER_TEST_PG`` (a
DSN of a server you run). When neither works the PostgreSQL tests fail: they
skip only when ``CLAIMLEDGER_NO_PG=1`` says so, so CI cannot pass by silently
testing one backend.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from claimledger.extract.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCRIPT = ROOT / "scripts" / "pg-test-server"
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


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """One loaded pipeline for the whole session: loading spaCy is the slow part."""
    return Extractor()


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the project; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> dict[str, str]:
    """The two seed articles' texts, keyed "000" and "001"."""
    folder = shared / "seed-articles"
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="session")
def command() -> str:
    """The installed ``claimledger`` console script: tests run what users install."""
    found = shutil.which("claimledger", path=str(ROOT / ".venv" / "bin")) or shutil.which(
        "claimledger")
    if found is None:
        pytest.fail("the claimledger command is not installed; run `make install`")
    return found
