"""A component's version moves whenever its output can change for the same input: its
code's version, and for quotes the cue lexicon it reads and the rules it runs."""

from __future__ import annotations

from pathlib import Path

from claimledger.extract import quotes
from claimledger.extract.attribution import RULES, Rules
from claimledger.extract.cues import load_lexicon
from claimledger.extract.pipeline import Extractor, Job, component_versions

PACKAGED = Path(quotes.__file__).with_name("data") / "cues.tsv"


def test_the_quotes_version_carries_the_lexicon_digest(tmp_path: Path) -> None:
    packaged = quotes.version(Rules(load_lexicon()))
    assert packaged.startswith(quotes.VERSION + "+cues.")
    copy = tmp_path / "cues.tsv"
    copy.write_text(PACKAGED.read_text("utf-8"), encoding="utf-8")
    assert quotes.version(Rules(load_lexicon(copy))) == packaged, "same bytes, same version"
    copy.write_text(PACKAGED.read_text("utf-8") + "alleged\tVERB:clause\t3\t3\n",
                    encoding="utf-8")  # the same file, edited in place
    grown = load_lexicon(copy)
    assert "alleged" in grown.frame_verbs("clause"), "an edited lexicon is read again"
    assert quotes.version(Rules(grown)) != packaged


def test_running_other_rules_is_another_version() -> None:
    lexicon = load_lexicon()
    everything = quotes.version(Rules(lexicon))
    fewer = quotes.version(Rules(lexicon, tuple(r for r in RULES if r != "object")))
    reordered = quotes.version(Rules(lexicon, tuple(reversed(RULES))))
    assert len({everything, fewer, reordered}) == 3


def test_extractions_record_the_versions_of_the_pipeline_that_made_them(
        extractor: Extractor) -> None:
    versions = extractor.extract(Job("The council said 40 homes flooded.")).versions
    assert {k: versions[k] for k in ("figures", "quotes")} == component_versions()
    assert versions["model"].endswith("3.8.0")
