"""Measure quotes and attribution on the PolNeAR dev split.

The headline is the strict figure: the Gender Gap Tracker's rule
(``evaluate_quotes.py`` in sfu-discourse-lab/GenderGapTracker): one-to-one, each gold
attribution in text order takes the still-unmatched quote covering most of its Content,
found when that is more than 30% (also: 80%); precision over every predicted quote;
speaker accuracy over those matches. The lenient figures follow, labelled as such:

A gold attribution is *found* when one predicted quote covers at least 30% (also
reported: 80%) of its Content characters; its *speaker is right* when that quote's
speaker mention overlaps the gold Source span or the resolved name shares a word
with it.  When several quotes cover it equally (a statement and one nested in it:
"X said Y believes Z" gives X "Y believes Z" and Y "Z"), the one with the fewest
characters outside it is the match; the accuracy with ties going to the first quote
in the text is printed too.  A predicted quote is *correct* when it finds some
gold attribution or lies mostly (half or more of its characters) inside a gold
Content span: a partial quote inside an annotated statement is not a false claim.

Offsets in the ``.ann`` files are Unicode code points into the ``.txt`` (checked:
every surface matches its slice).  Articles with several annotators' files use the
file whose name sorts first, so runs are deterministic.

    .venv/bin/python bench/eval_quotes.py [dev|train] [--skip N] [--limit N] [--cues PATH]

Rules are developed on train: ``build_cues.py --skip 200 --out F`` builds a lexicon
without the first 200 train articles, ``eval_quotes.py train --limit 200 --cues F``
scores those 200 against it.

Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "corpus" / "polnear"
Spans = tuple[tuple[int, int], ...]
WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]+")


@dataclass(frozen=True, slots=True)
class Attribution:
    content: Spans
    cue: Spans
    source: Spans


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    attributions: tuple[Attribution, ...]


def _spans(field: str) -> Spans:
    return tuple((int(s), int(e)) for s, e in (part.split() for part in field.split(";")))


def read_ann(path: Path) -> tuple[Attribution, ...]:
    """The attributions of one brat file: Content, Cue and (maybe) Source spans."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            spans[cols[0]] = _spans(cols[1].split(" ", 1)[1])
        elif line.startswith("E") and len(cols) >= 2:
            events.append(dict(arg.split(":", 1) for arg in cols[1].split()))
    out = []
    for event in events:
        if "Content" not in event:
            continue
        out.append(
            Attribution(
                content=spans[event["Content"]],
                cue=spans.get(event.get("Cue", ""), ()),
                source=spans.get(event.get("Source", ""), ()),
            )
        )
    return tuple(out)


def load_split(split: str) -> list[Article]:
    """One annotator's attributions per article: the file name that sorts first."""
    folder = POLNEAR / split
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    return [
        Article(name, (folder / "text" / f"{name}.txt").read_text(encoding="utf-8"), read_ann(p))
        for name, p in sorted(chosen.items())
    ]


def _chars(spans: Spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _speaker_right(quote: object, gold: Attribution, text: str) -> bool:
    speaker = getattr(quote, "speaker", None)
    if speaker is None or not gold.source:
        return False
    source = _chars(gold.source)
    if source & set(range(*speaker.mention)):
        return True
    gold_words = {w.lower() for s, e in gold.source for w in WORD.findall(text[s:e])}
    return bool(gold_words & {w.lower() for w in WORD.findall(speaker.name or "")})


@dataclass
class Tally:
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found30: int = 0
    found80: int = 0
    with_source: int = 0
    speaker_right: int = 0
    speaker_right_first: int = 0
    """The same, when ties in cover go to the quote that comes first in the text."""
    found_one_to_one: int = 0
    """Gold attributions found when each quote may be matched once (the strict rule)."""
    found_one_to_one80: int = 0
    """The same, found only when the quote covers more than 80% of the content."""
    matched_with_source: int = 0
    matched_speaker_right: int = 0
    """Over one-to-one matches whose gold has a Source: the Gender Gap Tracker's
    speaker accuracy."""
    rule_rows: Counter[str] = field(default_factory=Counter)
    rule_matched: Counter[str] = field(default_factory=Counter)
    """Per attribution rule: rows, and rows matched one-to-one (>30%)."""
    rule_with_source: Counter[str] = field(default_factory=Counter)
    rule_speaker_right: Counter[str] = field(default_factory=Counter)


def score(article: Article, quotes: Sequence[object], tally: Tally) -> None:
    """Add one article's counts to ``tally``."""
    golds = [(g, _chars(g.content)) for g in article.attributions]
    predicted = [(q, set(range(*q.span))) for q in quotes]  # type: ignore[attr-defined]
    tally.gold += len(golds)
    tally.predicted += len(predicted)
    tally.rule_rows.update(_rule(q) for q, _ in predicted)
    for gold, chars in golds:
        covers = [(len(chars & qchars) / max(1, len(chars)), q, qchars) for q, qchars in predicted]
        cover, first, _ = max(covers, key=lambda c: c[0], default=(0.0, None, set()))
        if cover >= 0.3:
            tally.found30 += 1
            if gold.source:
                tally.with_source += 1
                fits = [(len(qchars - chars), q) for c, q, qchars in covers if c == cover]
                best = min(fits, key=lambda f: f[0])[1]
                tally.speaker_right += _speaker_right(best, gold, article.text)
                tally.speaker_right_first += _speaker_right(first, gold, article.text)
        tally.found80 += cover >= 0.8
    for threshold in (0.3, 0.8):
        unmatched = list(range(len(predicted)))
        for gold, chars in sorted(golds, key=lambda g: min(g[1], default=0)):
            offers = [(len(chars & predicted[i][1]) / max(1, len(chars)), -i) for i in unmatched]
            share, at = max(offers, default=(0.0, 0))
            if share <= threshold:
                continue
            unmatched.remove(-at)
            if threshold == 0.8:
                tally.found_one_to_one80 += 1
                continue
            tally.found_one_to_one += 1
            rule = _rule(predicted[-at][0])
            tally.rule_matched[rule] += 1
            if gold.source:
                right = _speaker_right(predicted[-at][0], gold, article.text)
                tally.matched_with_source += 1
                tally.matched_speaker_right += right
                tally.rule_with_source[rule] += 1
                tally.rule_speaker_right[rule] += right
    for _q, qchars in predicted:
        ok = any(
            len(chars & qchars) >= 0.3 * len(chars) or len(chars & qchars) >= 0.5 * len(qchars)
            for _g, chars in golds
        )
        tally.correct += ok


def _rule(quote: object) -> str:
    return getattr(quote, "rule", None) or "?"


def print_rules(tally: Tally) -> None:
    """Precision, share of gold found and speaker accuracy per rule, with the headline F1
    were the rule's rows dropped (no other row taking their matches): a rule whose
    drop raises F1 costs more than it finds."""
    def f1(found: int, predicted: int) -> float:
        p, r = found / max(1, predicted), found / max(1, tally.gold)
        return 2 * p * r / max(1e-9, p + r)

    print(f"per rule (one-to-one, >30%; F1 now {f1(tally.found_one_to_one, tally.predicted):.3f})")
    print(f"  {'rule':22} {'rows':>5} {'P':>6} {'R':>6} {'speaker':>8} {'F1 without':>11}")
    for rule, rows in tally.rule_rows.most_common():
        matched = tally.rule_matched[rule]
        speaker = tally.rule_speaker_right[rule] / max(1, tally.rule_with_source[rule])
        without = f1(tally.found_one_to_one - matched, tally.predicted - rows)
        print(f"  {rule:22} {rows:5d} {matched / rows:6.3f} {matched / max(1, tally.gold):6.3f} "
              f"{speaker:8.3f} {without:11.3f}")


def _prf(correct: int, predicted: int, found: int, gold: int) -> str:
    p = correct / max(1, predicted)
    r = found / max(1, gold)
    f = 2 * p * r / max(1e-9, p + r)
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", nargs="?", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--skip", type=int, default=0,
                        help="leave out the first N articles (before --limit)")
    parser.add_argument("--cues", type=Path, help="a cue lexicon instead of the packaged one")
    args = parser.parse_args(argv)
    if not POLNEAR.is_dir():
        print(f"{POLNEAR} is absent; nothing to measure")
        return 0
    evaluate(args.split, args.limit, args.cues, args.skip)
    return 0


def evaluate(split: str, limit: int = 0, cues: Path | None = None,
             skip: int = 0) -> dict[str, float]:
    """Score one split, print it, and return the headline figures by name (the quality
    gate in ``tests/test_quality.py`` holds them to floors)."""
    from claimledger.extract import quotes
    from claimledger.extract.pipeline import Extractor

    articles = load_split(split)[skip:]
    if limit:
        articles = articles[:limit]
    extractor = Extractor()
    if cues:
        extractor.nlp.replace_pipe(quotes.FACTORY, quotes.FACTORY, config={"cues": str(cues)})
    quotes_pipe = extractor.nlp.get_pipe(quotes.FACTORY)
    tally = Tally()
    started = time.perf_counter()
    spent_quotes = 0.0
    docs = extractor.nlp.pipe((a.text for a in articles), disable=[quotes.FACTORY])
    for article, doc in zip(articles, docs, strict=True):
        t0 = time.perf_counter()
        quotes_pipe(doc)
        spent_quotes += time.perf_counter() - t0
        score(article, doc._.quotes, tally)
    total = time.perf_counter() - started
    print(
        f"PolNeAR {split}: {len(articles)} articles, {tally.gold} gold attributions, "
        f"{tally.predicted} predicted quotes"
    )
    strict = _prf(tally.found_one_to_one, tally.predicted, tally.found_one_to_one, tally.gold)
    print(f"one-to-one, >30% (strict, the headline)  {strict}")
    strict80 = _prf(tally.found_one_to_one80, tally.predicted, tally.found_one_to_one80,
                    tally.gold)
    print(f"one-to-one, >80% (strict)  {strict80}")
    matched = tally.matched_speaker_right / max(1, tally.matched_with_source)
    print(f"speaker accuracy over one-to-one matches {matched:.3f} "
          f"({tally.matched_speaker_right}/{tally.matched_with_source} with a gold Source)")
    print("lenient, labelled as such: a quote counts when it finds any attribution and an "
          "attribution may be found by several quotes")
    print(f"  @30%  {_prf(tally.correct, tally.predicted, tally.found30, tally.gold)}")
    print(f"  @80%  {_prf(tally.correct, tally.predicted, tally.found80, tally.gold)}")
    acc = tally.speaker_right / max(1, tally.with_source)
    print(
        f"  speaker accuracy {acc:.3f} ({tally.speaker_right}/{tally.with_source} found "
        "attributions that have a gold Source)"
    )
    first = tally.speaker_right_first / max(1, tally.with_source)
    print(f"    ({first:.3f} when ties in cover go to the first quote in the text)")
    print_rules(tally)
    print(
        f"time: pipeline {total:.1f}s, quotes component {spent_quotes:.2f}s "
        f"({100 * spent_quotes / max(1e-9, total - spent_quotes):.1f}% of the rest)"
    )
    p = tally.found_one_to_one / max(1, tally.predicted)
    r = tally.found_one_to_one / max(1, tally.gold)
    p80 = tally.found_one_to_one80 / max(1, tally.predicted)
    r80 = tally.found_one_to_one80 / max(1, tally.gold)
    return {"f1_30": 2 * p * r / max(1e-9, p + r), "speaker": matched,
            "f1_80": 2 * p80 * r80 / max(1e-9, p80 + r80)}


if __name__ == "__main__":
    sys.exit(main())
