"""Precision and recall of near-duplicate document pairs on the BBC corpus, per threshold.

Usage: ``.venv/bin/python bench/near_duplicates.py [CORPUS_DIR] [--all]`` (default
``../shared/corpus/bbc``; ``--all`` also tries 3- and 7-word shingles).

The known pairs are found without MinHash, so the measurement is not circular: a
pair is a near-duplicate when the two texts are identical after whitespace is
collapsed (an exact copy), or when at least half of the shorter text's sentences
occur word for word in the other (a copy with edits: a new headline, a paragraph
added or cut). Candidates are what ``claimledger.reconcile.duplicates`` stores:
MinHash signatures over word shingles, LSH bands for the threshold, then the
estimated Jaccard similarity against the threshold.
"""

from __future__ import annotations

import itertools
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from claimledger.reconcile import duplicates

SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
CONTAINED = 0.5
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SHINGLE_SIZES = (3, 5, 7) if "--all" in sys.argv else (duplicates.SHINGLE_WORDS,)

Pair = tuple[str, str]


def load(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="latin-1")
            for p in sorted(root.glob("*/*.txt"))}


def known_pairs(docs: dict[str, str]) -> tuple[set[Pair], set[Pair]]:
    """(exact copies, all near-duplicate pairs including the exact ones)."""
    by_text: dict[str, list[str]] = defaultdict(list)
    sentences: dict[str, set[str]] = {}
    holders: dict[str, set[str]] = defaultdict(set)
    for name, text in docs.items():
        by_text[" ".join(text.split())].append(name)
        sentences[name] = {" ".join(s.split()).casefold() for s in SENTENCE.split(text)
                           if len(s.split()) >= 5}
        for s in sentences[name]:
            holders[s].add(name)
    exact = {p for group in by_text.values() for p in itertools.combinations(sorted(group), 2)}
    shared: dict[Pair, int] = defaultdict(int)
    for names in holders.values():
        for pair in itertools.combinations(sorted(names), 2):
            shared[pair] += 1
    near = {p for p, n in shared.items()
            if n >= CONTAINED * max(1, min(len(sentences[p[0]]), len(sentences[p[1]])))}
    return exact, exact | near


def flagged(docs: dict[str, str], threshold: float, size: int) -> set[Pair]:
    """Pairs the stored LSH index would link at ``threshold`` with ``size``-word shingles."""
    sigs = {name: duplicates.signature(text, size) for name, text in docs.items()}
    buckets: dict[str, list[str]] = defaultdict(list)
    for name, sig in sigs.items():
        for key in duplicates.band_keys(sig, threshold):
            buckets[key].append(name)
    candidates = {p for names in buckets.values() for p in itertools.combinations(sorted(names), 2)}
    return {p for p in candidates
            if duplicates.similarity(sigs[p[0]], sigs[p[1]]) >= threshold}


def main() -> None:
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = Path(paths[0] if paths else "../shared/corpus/bbc")
    docs = load(root)
    exact, gold = known_pairs(docs)
    print(f"{len(docs)} documents; known pairs: {len(exact)} exact copies, "
          f"{len(gold) - len(exact)} edited copies, {len(gold)} in all")
    print("shingle  threshold  flagged  precision  recall  exact-recall  f1  seconds")
    for size in SHINGLE_SIZES:
        for threshold in THRESHOLDS:
            started = time.perf_counter()
            found = flagged(docs, threshold, size)
            hit = len(found & gold)
            p = hit / len(found) if found else 1.0
            r = hit / len(gold)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{size:7d}  {threshold:9.1f}  {len(found):7d}  {p:9.3f}  {r:6.3f}  "
                  f"{len(found & exact) / len(exact):12.3f}  {f1:.3f}  "
                  f"{time.perf_counter() - started:7.1f}")
    found = flagged(docs, duplicates.THRESHOLD, duplicates.SHINGLE_WORDS)
    print(f"chosen: {duplicates.SHINGLE_WORDS}-word shingles, threshold {duplicates.THRESHOLD}")
    for label, pairs in (("missed", gold - found), ("wrongly flagged", found - gold)):
        for a, b in sorted(pairs):
            sim = duplicates.similarity(*(duplicates.signature(docs[n]) for n in (a, b)))
            print(f"  {label}: {a} ~ {b} (estimated Jaccard {sim:.2f}): "
                  f"{docs[a].splitlines()[0][:40]!r} / {docs[b].splitlines()[0][:40]!r}")


if __name__ == "__main__":
    main()
