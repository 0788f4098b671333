"""Figures against NewsQuant's development half, matched one-to-one.

Usage: ``.venv/bin/python bench/eval_newsquant.py``. Reads
``../shared/corpus/newsquant/dev.json`` (295 news sentences, 461 gold quantities) and
scores value matches by the rule its README gives: each gold quantity is matched to at
most one predicted figure of its sentence (values equal within 1e-5 relative); a gold
range or change ("240-273") matches a predicted range with the same two ends, in either
order, or two predicted figures with those values. Precision is predictions used over
predictions made, recall gold matched over gold.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from claimledger.extract.pipeline import Extractor, Job

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "newsquant" / "dev.json"
_RANGE = re.compile(r"^(-?[\d.]+(?:e-?\d+)?)\s*-\s*(-?[\d.]+(?:e-?\d+)?)$")


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-5 * max(abs(a), abs(b), 1e-12)


def _gold(value: str) -> tuple[float, ...]:
    m = _RANGE.match(value.replace(",", "").strip())
    return (float(m.group(1)), float(m.group(2))) if m else (float(value.replace(",", "")),)


def score(sentence_gold: list[tuple[float, ...]],
          predicted: list[tuple[float, ...]]) -> tuple[int, int]:
    """(gold matched, predictions used) for one sentence, ranges first."""
    free = list(range(len(predicted)))
    matched = used = 0
    for gold in sorted(sentence_gold, key=len, reverse=True):
        if len(gold) == 2:
            whole = next((i for i in free if len(predicted[i]) == 2
                          and _same(min(predicted[i]), min(gold))
                          and _same(max(predicted[i]), max(gold))), None)
            if whole is not None:
                free.remove(whole)
                matched, used = matched + 1, used + 1
                continue
            ends = [next((i for i in free if len(predicted[i]) == 1 and
                          _same(predicted[i][0], g)), None) for g in gold]
            first, second = ends
            if first is not None and second is not None and first != second:
                free.remove(first)
                free.remove(second)
                matched, used = matched + 1, used + 2
            continue
        one = next((i for i in free if len(predicted[i]) == 1 and
                    _same(predicted[i][0], gold[0])), None)
        if one is not None:
            free.remove(one)
            matched, used = matched + 1, used + 1
    return matched, used


def main() -> None:
    if not DEV.is_file():
        sys.exit(f"{DEV} is absent")
    data = json.loads(DEV.read_text("utf-8"))
    extractor = Extractor()
    gold_n = pred_n = matched = used = 0
    for item in data:
        gold = [_gold(q["value"]) for q in item["quantities"]]
        found = extractor.extract(Job(item["text"], None)).figures
        predicted: list[tuple[float, ...]] = []
        for f in found:
            if f.low is not None and f.high is not None:
                predicted.append((f.low, f.high))
            elif f.value is not None:
                predicted.append((f.value,))
        m, u = score(gold, predicted)
        gold_n, pred_n, matched, used = gold_n + len(gold), pred_n + len(predicted), \
            matched + m, used + u
    p, r = used / max(pred_n, 1), matched / max(gold_n, 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"NewsQuant dev, values one-to-one: P {p:.3f} R {r:.3f} F1 {f1:.3f} "
          f"({matched}/{gold_n} gold, {used}/{pred_n} predicted)")


if __name__ == "__main__":
    main()
