"""How often title, date and body of real publisher pages agree with their expected values.

    .venv/bin/python bench/eval_html.py [-v]

Reads the pages of ../shared/corpus/fundus (``<Publisher>_<date>.html.gz`` with the
expected fields in ``<Publisher>.json``), ingests each English page the way
``claimledger ingest`` does, and compares: the title (case and spacing ignored),
the publication date (the day), and the body (bag-of-words F1 between the contract's
``document.body`` span of the stored text and the expected paragraphs; "agrees" at
F1 >= 0.9).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from claimledger.ingest import iter_inputs
from claimledger.ingest.body import body_span
from claimledger.records import Article
from claimledger.text.language import detect_language

FUNDUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "fundus"
BODY_AGREES = 0.9


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def f1(predicted: str, gold: str) -> float:
    p, g = words(predicted), words(gold)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def expected_pages(publisher_json: Path) -> dict[str, dict[str, object]]:
    """Map each page file to its expected record: by date when unique, else in order."""
    records = list(json.loads(publisher_json.read_text(encoding="utf-8")).values())
    pages = sorted(publisher_json.parent.glob(publisher_json.stem + "_*.html.gz"))
    by_date: dict[str, list[dict[str, object]]] = {}
    for record in records:
        by_date.setdefault(str(record.get("publishing_date") or "")[:10], []).append(record)
    out = {}
    for n, page in enumerate(pages):
        day = "-".join(page.name.removesuffix(".html.gz").split("_")[-3:])
        same_day = by_date.get(day, [])
        if len(same_day) == 1:
            out[page.name] = same_day[0]
        elif len(pages) == len(records):
            out[page.name] = records[n]
    return out


def body_text(record: dict[str, object]) -> str:
    body = record.get("body") or {}
    assert isinstance(body, dict)
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(parts)


def norm(text: object) -> str:
    """Case, spacing and the shape of quote marks do not count as disagreement."""
    plain = str(text or "").translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", plain).strip().casefold()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per page")
    args = parser.parse_args()
    if not FUNDUS.is_dir():
        print(f"skipped: {FUNDUS} is absent")
        return
    tally = Counter[str]()
    body_f1s = []
    for publisher_json in sorted(FUNDUS.glob("*/*.json")):
        for page_name, record in expected_pages(publisher_json).items():
            gold_body = body_text(record)
            if detect_language(gold_body) != "en":
                continue
            tally["pages"] += 1
            [item] = list(iter_inputs([str(publisher_json.parent / page_name)]))
            if not isinstance(item, Article):
                tally["rejected"] += 1
                body_f1s.append(0.0)
                if args.verbose:
                    print(f"{page_name}: rejected: {item.reason}")
                continue
            start, end = body_span(item.text, item.title)
            score = f1(item.text[start:end], gold_body)
            body_f1s.append(score)
            title_ok = norm(item.title) == norm(record.get("title"))
            date_ok = (item.published or "")[:10] == str(record.get("publishing_date") or "")[:10]
            tally["title"] += title_ok
            tally["date"] += date_ok
            tally["body"] += score >= BODY_AGREES
            if args.verbose:
                print(f"{page_name}: title {'ok' if title_ok else 'NO'}, date "
                      f"{'ok' if date_ok else 'NO'} ({item.published}), body F1 {score:.2f}")
    n = tally["pages"]
    print(f"English pages: {n} (rejected {tally['rejected']})")
    for field in ("title", "date", "body"):
        print(f"{field:5} agrees: {tally[field]:4d} / {n} = {tally[field] / max(n, 1):.1%}")
    print(f"mean body F1: {sum(body_f1s) / max(len(body_f1s), 1):.3f}")


if __name__ == "__main__":
    main()
