"""Web app response times on a ledger of at least 20,000 documents.

    .venv/bin/python bench/web.py [--db PATH] [--documents N] [--articles N] [--requests N]

Builds the ledger once (reused on later runs when ``--db`` already holds enough
documents). Full extraction runs at about three documents a second here and
reconciliation at about four, so neither is run 20,000 times:

1. ``--articles`` ../shared/corpus/bbc articles and the 462 ECB+ articles (many
   outlets per event, so real stories and disagreements) are extracted and stored for
   real, and each is reconciled as ``ingest`` does it (``Store.put`` reconciles);
2. each is stored again in variants (an edition line before the text, another
   publication date in 2024-25) with its extraction shifted to the new offsets,
   until there are ``--documents`` documents;
3. the reconcile rows are scaled with them: each variant claim joins its
   original's measure as an echo of the same figure, and each conflict is repeated
   between the variants of one edition, so the pages read reconcile tables of the
   size a 20,000-document ledger has (this writes the reconcile tables directly).

The app is served by uvicorn on a loopback port and each page is requested
``--requests`` times over HTTP, one at a time; p50 and p95 are printed per page
(target: p95 under 150 ms).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import httpx
import uvicorn

from claimledger.contract import document_id, item_id
from claimledger.extract.model import DEFAULT_MODEL
from claimledger.extract.parallel import Unfinished, extract_stream
from claimledger.extract.pipeline import Job
from claimledger.records import Document, Extraction, Offsets, Speaker
from claimledger.store import Outcome, Store, open_store
from claimledger.web.app import create_app
from claimledger.web.pages import Settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BBC = CORPUS / "bbc"
ECBPLUS = CORPUS / "ecbplus" / "articles.jsonl"
OUTLETS = ("Harbour Gazette", "Valley Post", "Evening Wire", "Northern Ledger", "Daily Relay")
KINDS = ("count", "money", "percent", "measurement")
TARGET_P95_MS = 150.0


def shift(extraction: Extraction, n: int) -> Extraction:
    """The same extraction for the text with ``n`` characters put before it."""

    def at(span: Offsets) -> Offsets:
        return span[0] + n, span[1] + n

    def opt(span: Offsets | None) -> Offsets | None:
        return None if span is None else at(span)

    def who(s: Speaker | None) -> Speaker | None:
        return None if s is None else replace(s, mention=at(s.mention))

    return replace(
        extraction,
        figures=tuple(replace(f, span=at(f.span), sentence=at(f.sentence), cue=opt(f.cue),
                              speaker=who(f.speaker)) for f in extraction.figures),
        quotes=tuple(replace(q, span=at(q.span), cue=opt(q.cue), speaker=who(q.speaker))
                     for q in extraction.quotes),
        repeats=tuple(replace(r, span=at(r.span), copy_of=at(r.copy_of))
                      for r in extraction.repeats))


def variant(text: str, extraction: Extraction, edition: int, rng: random.Random
            ) -> tuple[Document, Extraction]:
    outlet = OUTLETS[edition % len(OUTLETS)]
    prefix = f"{outlet}, edition {edition}\n"
    body = prefix + text
    published = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
    doc = Document(id=document_id(body), source=f"bench:{edition}", text=body,
                   language=extraction.language, title=text.split("\n", 1)[0],
                   published=published.isoformat(), outlet=outlet)
    return doc, shift(extraction, len(prefix))


def build(db: str, documents: int, articles: int, jobs: int) -> None:
    files = sorted(BBC.glob("*/*.txt"))[:articles]
    texts = [p.read_text(encoding="latin-1") for p in files]
    if ECBPLUS.is_file():  # stories told by many outlets: the conflicts and checks pages
        texts += [json.loads(line)["text"] for line in ECBPLUS.read_text("utf-8").splitlines()
                  if line.strip()]
    started = time.perf_counter()
    extractions = [e for e in extract_stream((Job(t) for t in texts), DEFAULT_MODEL, jobs)
                   if not isinstance(e, Unfinished)]  # a worker that died: zip below says so
    print(f"extracted {len(texts)} articles in {time.perf_counter() - started:.0f} s")
    store = open_store(db)
    rng = random.Random(6)
    started = time.perf_counter()
    originals = []
    for text, extraction in zip(texts, extractions, strict=True):
        doc, shifted = variant(text, extraction, 0, rng)
        store.put(doc, shifted, None)
        originals.append((doc, shifted))
    print(f"stored and reconciled {len(originals)} articles in "
          f"{time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    copies: list[tuple[str, str, int]] = []
    stored, edition = store.count("documents"), 1
    while stored < documents:
        for text, extraction, base in zip(texts, extractions, originals, strict=True):
            doc, shifted = variant(text, extraction, edition, rng)
            if store.put(doc, shifted, None, reconcile=False) is Outcome.UNCHANGED:
                continue  # the corpus holds exact copies: same text, same edition line
            copies += claim_pairs(base, (doc, shifted), edition)
            stored += 1
            if stored >= documents:
                break
        edition += 1
    print(f"{stored} documents after storing variants ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    scale_reconcile(store, copies)
    print(f"scaled reconcile rows in {time.perf_counter() - started:.0f} s")
    store.close()


def claim_pairs(base: tuple[Document, Extraction], copy: tuple[Document, Extraction],
                edition: int) -> list[tuple[str, str, int]]:
    """(original claim id, variant claim id, edition) for every figure of one variant."""
    version = base[1].versions.get("figures", "")
    return [(item_id(base[0].id, "c", a.span, version),
             item_id(copy[0].id, "c", b.span, version), edition)
            for a, b in zip(base[1].figures, copy[1].figures, strict=True)]


def scale_reconcile(store: Store, copies: list[tuple[str, str, int]]) -> None:
    """Give every variant claim its original's measure (as an echo) and repeat conflicts."""
    conn: sqlite3.Connection = store.conn  # type: ignore[attr-defined]

    def columns(table: str) -> list[str]:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]

    conn.execute("CREATE TEMP TABLE copies (base TEXT, copy TEXT, edition INTEGER)")
    conn.executemany("INSERT INTO copies VALUES (?, ?, ?)", copies)
    conn.execute("CREATE INDEX temp.copies_base ON copies(base)")
    rest = [c for c in columns("measure_claims") if c != "claim_id"]
    conn.execute("BEGIN")
    conn.execute(f"INSERT OR IGNORE INTO measure_claims (claim_id, {', '.join(rest)}) "
                 f"SELECT k.copy, {', '.join('m.' + c for c in rest)} FROM measure_claims m "
                 "JOIN copies k ON k.base = m.claim_id")
    conn.execute("INSERT OR IGNORE INTO figure_origins "
                 "(claim_id, figure_key, first_claim_id, role, why) "
                 "SELECT k.copy, o.figure_key, o.first_claim_id, 'echo', 'bench variant' "
                 "FROM figure_origins o JOIN copies k ON k.base = o.claim_id")
    conn.execute("INSERT OR IGNORE INTO conflicts "
                 "(id, measure_id, claim_a, claim_b, relative_gap, explanation) "
                 "SELECT x.id || '-' || ka.edition, x.measure_id, ka.copy, kb.copy, "
                 "x.relative_gap, x.explanation FROM conflicts x "
                 "JOIN copies ka ON ka.base = x.claim_a "
                 "JOIN copies kb ON kb.base = x.claim_b AND kb.edition = ka.edition")
    conn.execute("COMMIT")


def serve(db: str) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def timed(http: httpx.Client, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        started = time.perf_counter()
        response = http.get(url)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="/tmp/claimledger-web-bench.db")
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=400,
                        help="BBC articles to extract and reconcile for real")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--jobs", type=int, default=2, help="extraction processes")
    args = parser.parse_args()
    if not BBC.is_dir():
        print(f"skipped: {BBC} is absent")
        return
    store = open_store(args.db)
    have = store.count("documents")
    store.close()
    if have < args.documents:
        build(args.db, args.documents, args.articles, args.jobs)
    server, base = serve(args.db)
    rng = random.Random(7)
    with httpx.Client(base_url=base, timeout=30) as http:
        overview = http.get("/api/").json()
        print(f"ledger: {overview['counts']}")
        measure = overview["measures"][0]["id"] if overview["measures"] else None
        ids = [d["id"] for p in range(1, 21)
               for d in http.get("/api/documents", params={"page": p}).json()["items"]]
        words = ["profits", "minister", "election", "shares", "film", "growth", "match",
                 "broadband", "tax", "chancellor", "economy", "music", "court", "oil"]
        pages = {
            "overview": ["/"] * args.requests,
            "measure": [f"/measures/{measure}"] * args.requests if measure else [],
            "document": [f"/documents/{rng.choice(ids)}" for _ in range(args.requests)],
            "search": [f"/search?q={rng.choice(words)}" for _ in range(args.requests)],
            "claims": [f"/claims?page={rng.randrange(1, 21)}" for _ in range(args.requests)],
            "claims-facet": [f"/claims?outlet={rng.choice(OUTLETS)}&kind={rng.choice(KINDS)}"
                             f"&sort=value&page={rng.randrange(1, 4)}"
                             for _ in range(args.requests)],
            "claims-words": [f"/claims?q={rng.choice(words)}&since=2024-{rng.randrange(1, 13):02d}"
                             for _ in range(args.requests)],
            "documents": [f"/documents?page={rng.randrange(1, 400)}" for _ in range(args.requests)],
            "quotes": [f"/quotes?page={rng.randrange(1, 21)}" for _ in range(args.requests)],
            "quotes-kind": [f"/quotes?kind={rng.choice(['direct', 'indirect', 'partial'])}"
                            f"&page={rng.randrange(1, 6)}" for _ in range(args.requests)],
            "conflicts": [f"/conflicts?page={rng.randrange(1, 6)}" for _ in range(args.requests)],
            "checks": ["/checks"] * args.requests,
            "speakers": [f"/speakers?page={rng.randrange(1, 6)}" for _ in range(args.requests)],
        }
        print(f"{'page':<13} {'p50 ms':>8} {'p95 ms':>8}  ({args.requests} requests each)")
        for name, urls in pages.items():
            if not urls:
                print(f"{name:<13} no measure in this ledger")
                continue
            timed(http, urls[:5])
            times = timed(http, urls)
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            flag = "" if p95 < TARGET_P95_MS else "  over target"
            print(f"{name:<13} {p50:8.1f} {p95:8.1f}{flag}")
    server.should_exit = True


if __name__ == "__main__":
    main()
