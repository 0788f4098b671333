"""Derive the reporting-cue lexicon from the PolNeAR train split.

Every annotated Cue span in train is parsed with the project's spaCy model; the
lemma of each content word inside a cue is counted, as is every occurrence of that
lemma anywhere in train.  A lemma enters the lexicon when it is a cue often enough
(``MIN_CUES``) and reliably enough (``MIN_RATE`` of its occurrences), so "say" and
"tell" get in while "make" does not.  Only lemmas and counts are written, never text.

    .venv/bin/python bench/build_cues.py

Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from claimledger.extract.model import load_model
from eval_quotes import SHARED, load_split

OUT = Path(__file__).resolve().parents[1] / "src/claimledger/extract/data/cues.tsv"
MIN_CUES = 5
MIN_RATE = 0.25
CUE_POS = {"VERB", "NOUN", "ADJ"}
"""Content words: "to" in "according to", "also" or "that" say nothing alone."""


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent; nothing to build")
        return 0
    articles = load_split("train")
    nlp = load_model(exclude=("ner",))
    as_cue: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    texts = (a.text for a in articles)
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=16), strict=True):
        cue_chars = {i for att in article.attributions for s, e in att.cue for i in range(s, e)}
        for token in doc:
            if token.pos_ not in CUE_POS:
                continue
            key = (token.lemma_.lower(), token.pos_)
            seen[key] += 1
            if token.idx in cue_chars:
                as_cue[key] += 1
    rows = sorted(
        ((lemma, pos, n, seen[(lemma, pos)]) for (lemma, pos), n in as_cue.items()),
        key=lambda row: (-row[2], row[0], row[1]),
    )
    kept = [r for r in rows if r[2] >= MIN_CUES and r[2] / r[3] >= MIN_RATE]
    lines = ["# lemma\tpos\tas_cue\tseen  (PolNeAR train; bench/build_cues.py)"]
    lines += [f"{lemma}\t{pos}\t{n}\t{total}" for lemma, pos, n, total in kept]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kept)} of {len(rows)} cue lemmas kept -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
