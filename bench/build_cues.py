"""Derive the reporting-cue lexicon from the PolNeAR train split.

Every annotated Cue span in train is parsed with the project's spaCy model; the
lemma of each content word inside a cue is counted, as is every occurrence of that
lemma outside quotation marks in train (inside them, reported speech is already a
quote).  Verbs are counted per frame (:func:`claimledger.extract.attribution.frame`):
"found that..." is a cue far more often than "found a solution".  A lemma (in a
frame) enters the lexicon when it is a cue often enough (``--min-cues``) and reliably
enough (``--min-rate`` of its occurrences), so "say" and "tell" get in while "make"
does not.  Only lemmas and counts are written, never text.

    .venv/bin/python bench/build_cues.py [--skip N] [--out PATH]

``--skip 200`` leaves out the first 200 train articles, so rules can be tried on them
(``bench/eval_quotes.py train --limit 200 --cues PATH``) against a lexicon that never
saw them.

Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from claimledger.extract.attribution import frame
from claimledger.extract.model import load_model
from claimledger.extract.quote_marks import find_marked
from eval_quotes import SHARED, load_split

OUT = Path(__file__).resolve().parents[1] / "src/claimledger/extract/data/cues.tsv"
MIN_CUES = 2
MIN_RATE = 0.25
CUE_POS = {"VERB", "NOUN", "ADJ"}
"""Content words: "to" in "according to", "also" or "that" say nothing alone."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", type=int, default=0, help="leave out the first N articles")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-cues", type=int, default=MIN_CUES)
    parser.add_argument("--min-rate", type=float, default=MIN_RATE)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} is absent; nothing to build")
        return 0
    articles = load_split("train")[args.skip :]
    nlp = load_model(exclude=("ner",))
    as_cue: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    texts = (a.text for a in articles)
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=16), strict=True):
        cue_chars = {i for att in article.attributions for s, e in att.cue for i in range(s, e)}
        quoted = {i for m in find_marked(doc.text) for i in range(*m.outer)}
        for token in doc:
            if token.pos_ not in CUE_POS or token.idx in quoted:
                continue
            pos = token.pos_
            if pos == "VERB":
                verb_frame = frame(token)
                if verb_frame is None:
                    continue  # "..., he said.": no content of its own to learn from
                pos = f"VERB:{verb_frame}"
            key = (token.lemma_.lower(), pos)
            seen[key] += 1
            if token.idx in cue_chars:
                as_cue[key] += 1
    rows = sorted(
        ((lemma, pos, n, seen[(lemma, pos)]) for (lemma, pos), n in as_cue.items()),
        key=lambda row: (-row[2], row[0], row[1]),
    )
    kept = [r for r in rows if r[2] >= args.min_cues and r[2] / r[3] >= args.min_rate]
    lines = ["# lemma\tpos\tas_cue\tseen  (PolNeAR train; bench/build_cues.py)"]
    lines += [f"{lemma}\t{pos}\t{n}\t{total}" for lemma, pos, n, total in kept]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kept)} of {len(rows)} cue lemmas kept -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
