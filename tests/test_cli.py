"""The installed ``claimledger`` command, run as users run it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from claimledger.contract import SCHEMA_ID, validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def run(command: str) -> Run:
    def invoke(*args: str, db: Path | None = None,
               stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        prefix = ["--db", str(db)] if db else []
        return subprocess.run([command, *prefix, *args], capture_output=True, text=True,
                              input=stdin, timeout=300, cwd=ROOT)
    return invoke


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, run: Run) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    done = run("ingest", str(EXAMPLES), db=db)
    assert done.returncode == 0, done.stderr
    assert "stored 7, unchanged 0, rejected 0" in done.stderr
    return db


def test_a_listing_piped_into_head_ends_quietly(tmp_path: Path, command: str) -> None:
    """The reader closes the pipe after one line, with far more than a pipe's buffer
    still to come; nothing may reach stderr."""
    from claimledger.contract import document_id
    from claimledger.records import Document, Extraction
    from claimledger.store import open_store

    db = tmp_path / "many.db"
    store = open_store(str(db))
    for n in range(2_000):
        text = f"Report {n}: the depot in district {n} held grain. " * 3
        doc = Document(id=document_id(text), source=f"r{n}.txt", text=text, language="en",
                       title=f"Depot report number {n} from the district")
        store.put(doc, Extraction(language="en"), None, reconcile=False)
    store.close()
    producer = subprocess.Popen([command, "--db", str(db), "documents", "--format", "jsonl"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert producer.stdout is not None and producer.stderr is not None
    assert json.loads(producer.stdout.readline())["id"]
    producer.stdout.close()  # what ``head -1`` does
    errors = producer.stderr.read().decode()
    producer.wait(timeout=60)
    assert "Exception" not in errors and "Traceback" not in errors, errors


def test_help_lists_every_command(run: Run) -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("ingest", "extract", "documents", "show", "claims", "quotes",
                    "rejections", "export", "search", "reextract"):
        assert f"  {command}" in done.stdout


def test_extract_prints_valid_contract_in_input_order(run: Run, tmp_path: Path) -> None:
    done = run("extract", str(EXAMPLES / "kyiv-desk-awol.txt"), str(EXAMPLES / "roundup.jsonl"))
    assert done.returncode == 0, done.stderr
    objects = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["document"]["source"].rsplit("/", 1)[-1] for o in objects] == [
        "kyiv-desk-awol.txt", "roundup.jsonl#roundup-1", "roundup.jsonl#roundup-2",
        "roundup.jsonl#roundup-3"]
    for obj in objects:
        assert obj["schema"] == SCHEMA_ID
        validate(obj)
        text = obj["document"]["text"]
        for item in obj["claims"] + obj["quotes"]:
            start, end = item["span"]
            assert 0 <= start < end <= len(text)
    assert objects[0]["document"]["published"] == "2025-08-18"


def test_extract_reads_stdin_and_takes_metadata_options(run: Run) -> None:
    done = run("extract", "-", "--published", "2025-01-31", "--outlet", "Desk",
               stdin="A headline\nThe town counted 310 new residents.\n")
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    assert obj["document"]["published"] == "2025-01-31"
    assert obj["document"]["outlet"] == "Desk" and obj["document"]["title"] == "A headline"
    start, end = obj["document"]["body"]
    assert obj["document"]["text"][start:end] == "The town counted 310 new residents."


def test_rejected_input_sets_exit_code_and_is_listed(run: Run, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Title\nThe mill employs 45 people.\n")
    (tmp_path / "bad.txt").write_bytes(b"%PDF-1.4 binary")
    db = tmp_path / "l.db"
    done = run("ingest", str(tmp_path), db=db)
    assert done.returncode == 3
    assert "bad.txt: rejected: binary" in done.stderr
    listed = json.loads(run("rejections", "--format", "json", db=db).stdout)
    assert [(r["reason"], Path(r["source"]).name) for r in listed] == [("binary", "bad.txt")]


def test_usage_error_exit_code(run: Run) -> None:
    assert run("ingest").returncode == 2


def test_tables_are_plain_when_piped(run: Run, demo_db: Path) -> None:
    done = run("documents", db=demo_db)
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout
    assert "Lawmaker puts Ukraine" in done.stdout


def test_show_json_round_trips_the_contract(run: Run, demo_db: Path) -> None:
    docs = json.loads(run("documents", "--format", "json", db=demo_db).stdout)
    page = next(d for d in docs if d["source"].endswith("frontline-wire.html"))
    done = run("show", page["id"][:8], "--format", "json", db=demo_db)
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    validate(obj)
    assert obj["document"]["author"] == "Maria Example"
    assert run("show", "nonexistent", db=demo_db).returncode == 1


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_every_format(run: Run, demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"documents.{fmt}"
    done = run("export", "--table", "documents", "--format", fmt, "-o", str(out), db=demo_db)
    assert done.returncode == 0, done.stderr
    if fmt == "parquet":
        table = pq.read_table(out)
        assert table.num_rows == 7 and "title" in table.column_names
    elif fmt == "jsonl":
        rows = [json.loads(x) for x in out.read_text().splitlines()]
        assert len(rows) == 7 and {r["language"] for r in rows} == {"en", "de"}
    else:
        lines = out.read_text().splitlines()
        assert lines[0].startswith("id,source,title") and len(lines) == 8


def test_search_finds_words_and_survives_fts_syntax(run: Run, demo_db: Path) -> None:
    hits = json.loads(run("search", "amnesty", "--format", "json", db=demo_db).stdout)
    assert hits and all(h["hit"] in {"document", "quote"} for h in hits)
    hostile = run("search", 'NEAR( "x" OR ) AND * -', "--format", "json", db=demo_db)
    assert hostile.returncode == 0 and json.loads(hostile.stdout) == []


def test_jobs_give_the_same_output_as_one_process(run: Run) -> None:
    inputs = [str(EXAMPLES / name) for name in ("kyiv-desk-awol.txt", "roundup.jsonl",
                                                "frontline-wire.html", "doubled-body.txt")]
    one = run("extract", *inputs)
    two = run("extract", "--jobs", "2", *inputs)
    assert one.returncode == two.returncode == 0, two.stderr
    assert len(one.stdout.splitlines()) == 6
    assert two.stdout == one.stdout


def test_stories_and_disagreements_as_json(run: Run, demo_db: Path) -> None:
    """The shapes a scorer reads: every document in exactly one story, every
    disagreement with its two claims and its kind, both claims in one measure."""
    stories = json.loads(run("stories", "--format", "json", db=demo_db).stdout)
    documents = json.loads(run("documents", "--format", "json", db=demo_db).stdout)
    assert all(set(s) == {"id", "label", "document_ids", "first_published", "outlets"}
               for s in stories)
    members = [d for s in stories for d in s["document_ids"]]
    assert sorted(members) == sorted(d["id"] for d in documents)
    found = json.loads(run("conflicts", "--format", "json", db=demo_db).stdout)
    measures = {m["id"]: set(m["claim_ids"])
                for m in json.loads(run("measures", "--format", "json", db=demo_db).stdout)}
    assert found and {c["kind"] for c in found} <= {"conflict", "update"}
    for c in found:
        a, b = (x["id"] for x in c["claims"])
        assert {a, b} <= measures[c["measure"]["id"]]
    listed = json.loads(run("measures", "--format", "json", "--limit", "3", db=demo_db).stdout)
    assert len(listed) == 3
    every = json.loads(run("measures", "--format", "json", db=demo_db).stdout)
    order = [(-len(m["claim_ids"]), -m["disagreements"]) for m in every]
    assert order == sorted(order), "most claims first, then most disagreements, as on the web"
    per_measure = {c["measure"]["id"] for c in found}
    assert all((m["disagreements"] > 0) == (m["id"] in per_measure) for m in every)


def test_escape_sequences_never_reach_the_terminal(run: Run, tmp_path: Path) -> None:
    """A title, a text and a file name holding ESC, BEL and OSC sequences (retitle the
    window, clear the screen) are shown as control pictures by every command."""
    evil = "Evil \x1b]0;pwned\x07 title \x1b[2J\nThe council said 40 homes were flooded.\n"
    (tmp_path / "evil.txt").write_text(evil)
    (tmp_path / "x\x1b[2J.txt").write_bytes(b"%PDF-1.4 binary")
    db = tmp_path / "e.db"
    ingested = run("ingest", str(tmp_path), db=db)
    doc = json.loads(run("documents", "--format", "json", db=db).stdout)[0]["id"]
    outputs = [ingested.stderr, run("documents", db=db).stdout, run("show", doc, db=db).stdout,
               run("rejections", db=db).stdout]
    for shown in outputs:
        assert "\x1b" not in shown and "\x07" not in shown
    assert "␛]0;pwned␇" in outputs[1] and "␛[2J" in outputs[3]
    assert json.loads(run("show", doc, "--format", "json", db=db).stdout)["document"][
        "text"] == evil, "JSON for programs keeps the text as it is"


def test_a_review_mark_is_kept_through_reconcile_and_can_hide_the_row(
        run: Run, tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    assert run("ingest", str(EXAMPLES), db=db).returncode == 0
    found = json.loads(run("conflicts", "--format", "json", db=db).stdout)
    first, second = found[0]["id"], found[1]["id"]
    refused = run("review", first[:8], "--status", "dismissed", db=db)
    assert refused.returncode == 2 and "--note" in refused.stderr  # a dismissal says why
    assert run("review", "x", "--status", "confirmed", db=db).returncode == 1  # ambiguous
    done = run("review", first[:8], "--status", "dismissed", "--note", "different periods",
               db=db)
    assert done.returncode == 0 and first in done.stdout
    assert run("reconcile", db=db).returncode == 0
    again = {c["id"]: c["review"]
             for c in json.loads(run("conflicts", "--format", "json", db=db).stdout)}
    assert again[first]["status"] == "dismissed" and again[first]["note"] == "different periods"
    assert again[second] is None
    shown = json.loads(run("conflicts", "--format", "json", "--hide-reviewed", db=db).stdout)
    assert first not in {c["id"] for c in shown} and len(shown) == len(found) - 1


def test_a_disagreement_shows_each_figure_as_printed_and_as_compared(
        run: Run, tmp_path: Path) -> None:
    """"90 cents" and "$1.20" disagree as amounts (0.90 against 1.20 dollars); each
    claim still carries the number and unit that were printed."""
    (tmp_path / "a.txt").write_text(
        "Bus fares rise in Riverton\n\nThe fare of Riverton Transit will be 90 cents from "
        "Monday, the city council said on Friday.\n")
    (tmp_path / "b.txt").write_text(
        "Riverton raises bus fares\n\nThe city council said on Friday that the fare of "
        "Riverton Transit will be $1.20 from Monday.\n")
    db = tmp_path / "fare.db"
    assert run("ingest", str(tmp_path), db=db).returncode == 0
    (found,) = json.loads(run("conflicts", "--format", "json", db=db).stdout)
    shown = {c["surface"]: c for c in found["claims"]}
    cents, dollars = shown["90 cents"], shown["$1.20"]
    assert (cents["value"], cents["unit"], cents["amount"]) == (90.0, "cent", 0.9)
    assert (dollars["value"], dollars["unit"], dollars["amount"]) == (1.2, "USD", 1.2)
