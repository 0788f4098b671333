"""Inputs in every shape become articles with the right text and metadata."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from claimledger.ingest import Overrides, iter_inputs
from claimledger.ingest.plaintext import headline
from claimledger.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _articles(*paths: str, overrides: Overrides | None = None) -> list[Article]:
    items = list(iter_inputs(list(paths), overrides or Overrides()))
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


def test_examples_directory_gives_every_article_with_metadata() -> None:
    articles = {a.source.split("examples/")[-1]: a for a in _articles(str(EXAMPLES))}
    assert set(articles) == {
        "doubled-body.txt", "frontline-wire.html", "kyiv-desk-awol.txt",
        "partner-site-desertions.txt", "roundup.jsonl#roundup-1", "roundup.jsonl#roundup-2",
        "roundup.jsonl#roundup-3",
    }
    page = articles["frontline-wire.html"]
    assert page.title == "Desertions mount as Ukraine struggles to keep soldiers"
    assert page.author == "Maria Example"
    assert page.published == "2025-10-14"
    assert page.url == "https://example.org/frontline-wire/desertions-mount"
    assert "Home" not in page.text and "fictional outlet" not in page.text
    sidecar = articles["kyiv-desk-awol.txt"]
    assert sidecar.outlet == "Kyiv Desk (example)" and sidecar.published == "2025-08-18"
    assert articles["roundup.jsonl#roundup-2"].text.startswith("Courts swamped")


def test_command_line_metadata_wins(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title line\nBody with 12 figures.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"outlet": "Sidecar"}), encoding="utf-8")
    [article] = _articles(str(tmp_path / "a.txt"),
                          overrides=Overrides(outlet="Given", published="2025-03-01"))
    assert (article.outlet, article.published) == ("Given", "2025-03-01")


def test_plain_text_keeps_offsets_and_normalises_only_line_endings(tmp_path: Path) -> None:
    raw = "Headline\r\nFirst  paragraph,\twith spacing.\r\n\r\nSecond.\r"
    (tmp_path / "crlf.txt").write_bytes(raw.encode("utf-8"))
    [article] = _articles(str(tmp_path / "crlf.txt"))
    assert article.text == raw.replace("\r\n", "\n").replace("\r", "\n")


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    fake = io.TextIOWrapper(io.BytesIO(b'{"text": "From a pipe\\nIt carried 5 tonnes."}\n'))
    monkeypatch.setattr(sys, "stdin", fake)
    [article] = _articles("-")
    assert article.source == "<stdin>#1" and article.title == "From a pipe"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Short headline\nBody follows here.", "Short headline"),
        ("Headline ending with a stop.\nBody.", "Headline ending with a stop."),
        ("One sentence. Then another one in the same line.\nBody.", None),
        ("Only one line without a body", None),
        ("x" * 300 + "\nbody", None),
    ],
)
def test_headline_rule(text: str, title: str | None) -> None:
    assert headline(text) == title


def test_seed_titles(seeds: dict[str, str], shared: Path) -> None:
    folder = shared / "seed-articles"
    articles = _articles(*(str(p) for p in sorted(folder.glob("*.txt"))))
    assert [a.title for a in articles] == [t.split("\n", 1)[0] for t in seeds.values()]
    assert [a.text for a in articles] == list(seeds.values())


@pytest.mark.parametrize(
    ("raw", "names", "clean"),
    [
        ("Storm floods valley | Valley Post", ("Valley Post", None), "Storm floods valley"),
        ("Storm floods valley - valleypost.example", (None, "www.valleypost.example"),
         "Storm floods valley"),
        ("Pay talks - what happens next", ("Valley Post", None), "Pay talks - what happens next"),
        ("Vote count | Daily Ledger | by Jo Smith", ("Daily Ledger", "Jo Smith"), "Vote count"),
    ],
)
def test_site_names_are_cut_from_titles(raw: str, names: tuple[str | None, str | None],
                                        clean: str) -> None:
    from claimledger.ingest.html import clean_title

    assert clean_title(raw, *names) == clean
