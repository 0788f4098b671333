"""Reconciliation on ECB+ against the development gold in ``bench/gold/ecbplus/``.

Usage: ``.venv/bin/python bench/eval_reconcile.py [--db PATH] [--show N]``. Ingests
``../shared/corpus/ecbplus/articles.jsonl`` into a fresh ledger (or reads ``--db``, one
already built from it) and prints:

- stories: B-cubed precision, recall and F1 of the ledger's stories against
  ``stories.tsv`` (all 462 articles);
- same-measure pairs: gold figure pairs from different articles of one story with
  one gold measure, and whether their claims share a measure (recall); of the pairs
  of claims the ledger puts on one measure, among gold figures of annotated
  stories, how many the gold puts on one measure (precision);
- disagreements shown: gold pairs whose readings the gold lists as disagreeing, and
  whether ``conflicts`` lists the two claims (by kind);
- look-alike pairs kept apart: figures of twin stories with one gold measure name
  that share a ledger measure or a conflict (should be 0);
- conflicts across stories (by ``stories.tsv``: should be 0), and the first ``--show``
  flagged disagreements in annotated stories, marked right or not by the gold, to read.

Gold figures are matched to claims one-to-one by character overlap in their document.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from claimledger.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ecbplus"
GOLD = ROOT / "bench" / "gold" / "ecbplus"


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for i in pred:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in pred)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in pred)
    p, r = p / len(pred), r / len(pred)
    return p, r, 2 * p * r / (p + r)


def match(figures: list[dict[str, Any]], claims: list[dict[str, Any]]) -> dict[int, str]:
    """Gold figure index to claim id: greedy one-to-one by overlap, largest first."""
    pairs = []
    for i, f in enumerate(figures):
        for c in claims:
            overlap = min(f["end"], c["end"]) - max(f["start"], c["start"])
            if overlap > 0:
                pairs.append((overlap, i, c["id"]))
    found: dict[int, str] = {}
    used: set[str] = set()
    for _, i, cid in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if i not in found and cid not in used:
            found[i] = cid
            used.add(cid)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a ledger already built from ECB+ (else one is built)")
    parser.add_argument("--show", type=int, default=30, help="disagreements printed to read")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is absent")
    evaluate(args.db or build(), args.show)


def build(command: str = str(ROOT / ".venv" / "bin" / "claimledger")) -> str:
    """A fresh ledger of the ECB+ articles, ingested as a user would."""
    db = str(Path(tempfile.mkdtemp()) / "ecbplus.db")
    subprocess.run([command, "--db", db, "ingest", str(CORPUS / "articles.jsonl"),
                    "--jobs", "2"], check=True, capture_output=True)
    return db


def evaluate(db: str, show: int = 30) -> dict[str, float]:
    """Score the ledger at ``db``, print it, and return the headline figures by name
    (the quality gate in ``tests/test_quality.py`` holds them to floors)."""
    store = open_store(db)
    gold_story = dict(line.rstrip("\n").split("\t") for line in
                      (CORPUS / "stories.tsv").read_text().splitlines()[1:])
    docs = {r["id"]: r["source"].rsplit("#", 1)[1] for r in store.rows("documents")}
    claims_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.rows("claims"):
        claims_by_doc[docs[r["document_id"]]].append(r)
    measure_of = {cid: m.id for m in store.measures() for cid in m.claim_ids}
    flagged = {frozenset((c.claims[0].id, c.claims[1].id)): c
               for c in store.conflicts()}
    claim_article = {r["id"]: a for a, rs in claims_by_doc.items() for r in rs}

    pred_story = {docs[d]: s.id for s in store.stories() for d in s.document_ids}
    bp, br, bf = bcubed(pred_story, gold_story)
    print(f"stories: B-cubed P {bp:.3f} R {br:.3f} F1 {bf:.3f} "
          f"({len(set(pred_story.values()))} stories for {len(set(gold_story.values()))})")

    same = same_hit = dis = 0
    dis_hit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    gold_measure: dict[str, tuple[str, str]] = {}
    apart = apart_bad = 0
    right_pairs: set[frozenset[str]] = set()
    by_topic_measure: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for path in sorted(GOLD.glob("topic_*.json")):
        topic = json.loads(path.read_text())
        for story, body in topic["stories"].items():
            figures = body["figures"]
            claim_of: dict[int, str] = {}
            for art in {f["doc"] for f in figures}:
                idx = [i for i, f in enumerate(figures) if f["doc"] == art]
                found = match([figures[i] for i in idx], claims_by_doc.get(art, []))
                claim_of.update({idx[k]: cid for k, cid in found.items()})
            for i, cid in claim_of.items():
                gold_measure[cid] = (story, figures[i]["measure"])
                by_topic_measure[(topic["topic"], figures[i]["measure"])].append((story, cid))
            disagree = {(m, frozenset((a, b))): kind for m, a, b, kind in body["disagree"]}
            for i, j in itertools.combinations(range(len(figures)), 2):
                fi, fj = figures[i], figures[j]
                if fi["doc"] == fj["doc"] or fi["measure"] != fj["measure"]:
                    continue
                same += 1
                ci, cj = claim_of.get(i), claim_of.get(j)
                on_one = ci is not None and cj is not None and \
                    measure_of.get(ci) is not None and measure_of.get(ci) == measure_of.get(cj)
                same_hit += on_one
                kind = disagree.get((fi["measure"], frozenset((fi["reading"], fj["reading"]))))
                if kind is not None:
                    dis += 1
                    shown = ci is not None and cj is not None and \
                        frozenset((ci, cj)) in flagged
                    dis_hit[kind][0] += 1
                    dis_hit[kind][1] += shown
                    if ci is not None and cj is not None:
                        right_pairs.add(frozenset((ci, cj)))
    for (_, _), members in by_topic_measure.items():
        for (sa, ca), (sb, cb) in itertools.combinations(members, 2):
            if sa == sb:
                continue
            apart += 1
            apart_bad += (measure_of.get(ca) is not None and measure_of.get(ca) ==
                          measure_of.get(cb)) or frozenset((ca, cb)) in flagged
    pred_pairs = pred_right = 0
    by_measure: dict[str, list[str]] = defaultdict(list)
    for cid, mid in measure_of.items():
        if cid in gold_measure:
            by_measure[mid].append(cid)
    for on_measure in by_measure.values():
        for a, b in itertools.combinations(on_measure, 2):
            if claim_article[a] == claim_article[b]:
                continue
            pred_pairs += 1
            pred_right += gold_measure[a] == gold_measure[b]
    print(f"same-measure pairs: recall {same_hit / max(same, 1):.3f} ({same_hit}/{same}), "
          f"precision {pred_right / max(pred_pairs, 1):.3f} ({pred_right}/{pred_pairs})")
    total = sum(h for _, h in dis_hit.values())
    print(f"disagreements shown: {total / max(dis, 1):.3f} ({total}/{dis}); " + ", ".join(
        f"{k} {h}/{n}" for k, (n, h) in sorted(dis_hit.items())))
    print(f"look-alike pairs put together: {apart_bad} of {apart}")
    across = [c for c in flagged.values()
              if gold_story[claim_article[c.claims[0].id]] !=
              gold_story[claim_article[c.claims[1].id]]]
    print(f"disagreements flagged: {len(flagged)}; across stories: {len(across)}")
    annotated = [c for pair, c in flagged.items() if all(x in gold_measure for x in pair)]
    right = sum(frozenset((c.claims[0].id, c.claims[1].id)) in right_pairs
                for c in annotated)
    print(f"flagged between two gold figures: {len(annotated)}, right by the gold: {right}")
    for c in annotated[:show]:
        pair = frozenset((c.claims[0].id, c.claims[1].id))
        one, two = c.claims
        print(f"  {'RIGHT' if pair in right_pairs else 'wrong'} {c.kind:8} {c.measure_label}: "
              f"{one.surface!r} ({claim_article[one.id]}, "
              f"gold {gold_measure[one.id][1]}) vs {two.surface!r} "
              f"({claim_article[two.id]}, gold {gold_measure[two.id][1]})")
    store.close()
    return {"stories_bcubed_f1": bf, "same_measure_recall": same_hit / max(same, 1),
            "same_measure_precision": pred_right / max(pred_pairs, 1),
            "disagreements_shown": total / max(dis, 1), "conflicts_across_stories": len(across)}


if __name__ == "__main__":
    main()
