"""Docs that cannot drift: every command is documented, every documented command exists."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import click

from claimledger.cli import main
from claimledger.extract.pipeline import component_versions

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _documented() -> set[str]:
    """Sub-commands named in code: fenced blocks and inline code spans."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS)
    code = "\n".join(re.findall(r"```.*?```", text, flags=re.DOTALL))
    code += "\n" + "\n".join(re.findall(r"`([^`\n]+)`", text))
    pattern = r"claimledger(?: --[\w-]+(?:[ =][^\s`-]\S*)?)* ([a-z]+)\b"
    return set(re.findall(pattern, code))


def test_every_command_is_documented() -> None:
    assert isinstance(main, click.Group)
    missing = set(main.commands) - _documented()
    assert not missing, f"commands missing from README.md and docs/: {sorted(missing)}"


def test_every_documented_command_exists() -> None:
    assert isinstance(main, click.Group)
    unknown = _documented() - set(main.commands)
    assert not unknown, f"docs mention commands that do not exist: {sorted(unknown)}"


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ")[0]
    assert "make demo" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_attribution_rule_is_documented() -> None:
    from claimledger.extract.attribution import RULES

    text = (ROOT / "docs" / "attribution.md").read_text("utf-8")
    assert [r for r in RULES if f"| `{r}` |" not in text] == []


def test_the_changelog_records_this_version_and_its_components() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    newest = changelog.split("\n## ")[1]
    assert newest.startswith(version + " "), "the newest entry is the package's version"
    for component in component_versions().values():
        assert component.split("+")[0] in newest, f"{component} is not in the newest entry"
