"""The vocabulary is data: a user's file changes what is one measure, and a broken file
is refused with the line to fix."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from claimledger.reconcile.claims import contexts
from claimledger.reconcile.measures import Assignment, assign
from claimledger.reconcile.vocabulary import VocabularyError, load, parse

Place = Callable[..., Assignment]
HAMLETS = "Floods cut off 12 hamlets in the valley."
VILLAGES = "Floods cut off 14 villages in the valley."


def test_the_packaged_vocabulary_keeps_unknown_nouns_apart(place: Place) -> None:
    assert place(HAMLETS, "12", 12).measure_id != place(VILLAGES, "14", 14).measure_id


def test_a_users_class_joins_its_lemmas(stored: Callable[..., object],
                                        tmp_path: Path) -> None:
    own = parse('[settlements]\nkind = "thing"\nlabel = "settlements"\n'
                'lemmas = ["hamlet", "village"]\n', "own.toml")
    placed = []
    for text, surface, value in ((HAMLETS, "12", 12), (VILLAGES, "14", 14)):
        claim = stored(text, surface, value)
        placed += assign([claim], contexts(text, [claim]), "s1", own)  # type: ignore[list-item]
    assert len(placed) == 2 and placed[0].measure_id == placed[1].measure_id
    assert placed[0].label == "settlements, as reported"


@pytest.mark.parametrize("text, words", [
    ("[x]\nlemmas = []\n", "needs kind"),
    ('[x]\nkind = "event"\npatterns = ["(unclosed"]\n', "pattern '(unclosed'"),
    ("[x\n", "own.toml"),
])
def test_a_broken_file_says_what_to_fix(text: str, words: str) -> None:
    with pytest.raises(VocabularyError, match=words.replace("(", r"\(")):
        parse(text, "own.toml")


def test_the_cli_refuses_a_broken_vocabulary(tmp_path: Path, command: str) -> None:
    broken = tmp_path / "v.toml"
    broken.write_text("[x]\nlemmas = []\n")
    done = subprocess.run([command, "--db", str(tmp_path / "l.db"), "--vocabulary",
                           str(broken), "measures"], capture_output=True, text=True)
    assert done.returncode == 2 and "needs kind" in done.stderr
    assert load() is load(None)  # the packaged one, loaded once
