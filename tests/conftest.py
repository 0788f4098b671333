"""Shared fixtures: the loaded extractor (once per session) and ../shared data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimledger.extract.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


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
