"""The same store behaviour on SQLite and PostgreSQL (the ``store`` fixture runs both)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, cast

import pytest

from claimledger.contract import document_id
from claimledger.extract.pipeline import component_versions
from claimledger.records import (
    Amount,
    Document,
    Extraction,
    Figure,
    Period,
    Quote,
    Rejection,
    Repeat,
    Speaker,
)
from claimledger.store import Outcome, RunCounts, Store, open_store
from claimledger.store.feeds import FeedState, FeedStore
from claimledger.store.migrations import SQLITE
from claimledger.store.migrations_postgres import POSTGRES
from claimledger.store.sql import SQLStore

TEXT = (
    "Flood damage reached £2.5m in March, the council said.\n"
    '"We expect 40 more homes to be rebuilt," said Dr Anna Skorokhod, the mayor.\n'
    "Officials said the water rose by about 3 metres.\n"
    "Flood damage reached £2.5m in March, the council said."
)


def _at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


QUOTE = _at('"We expect 40 more homes to be rebuilt,"')


def _doc(text: str = TEXT, url: str | None = "https://example.org/flood") -> Document:
    return Document(id=document_id(text), source="flood.txt", text=text, language="en",
                    title="Flood", published="2024-03-05", outlet="Example", url=url,
                    author="A. Reporter")


def _extraction() -> Extraction:
    anna = Speaker("Anna Skorokhod", "the mayor", _at("Anna Skorokhod"))
    officials = Speaker("Officials", None, _at("Officials"), anonymous=True)
    return Extraction(
        language="en",
        repeats=(Repeat((180, 234), (0, 54)),),
        figures=(
            Figure(span=_at("£2.5m"), surface="£2.5m", value=2_500_000.0, bound="exact",
                   kind="money", sentence=(0, 54), unit="GBP", predicate="reached",
                   period=Period("March", "2024-03-01", "2024-03-31"), cue=_at("said")),
            Figure(span=_at("40"), surface="40", value=40.0, bound="exact", kind="count",
                   sentence=(55, 130), counted="homes", speaker=anna, cue=_at("said Dr")),
            Figure(span=_at("about 3 metres"), surface="about 3 metres", value=3.0, bound="approx",
                   kind="measurement", sentence=(131, 180), low=2.5, high=3.5, trend="up",
                   unit="m", place="the river", speaker=officials, cue=_at("said the"),
                   amount=Amount(300.0, 250.0, 350.0, "centimeter")),
        ),
        quotes=(Quote(span=QUOTE, kind="direct", speaker=anna, cue=_at("said Dr"),
                      rule="cue_after"),
                Quote(span=_at("the water rose by about 3 metres"), kind="indirect",
                      speaker=officials, quoted=(_at("about 3 metres"),), rule="clause")),
        versions={"figures": "figures/1", "quotes": "quotes/1"},
    )


def test_put_then_get_round_trips_every_field(store: Store) -> None:
    doc, ex = _doc(), _extraction()
    run = store.begin_run("test")
    assert store.put(doc, ex, run) is Outcome.STORED
    store.finish_run(run, RunCounts(stored=1))
    found = store.get(doc.id)
    assert found is not None
    got_doc, got_ex = found
    assert got_doc.ingested_at
    assert replace(got_doc, ingested_at=None) == doc
    assert got_ex == ex
    assert store.get(doc.id[:6]) is not None, "a unique prefix finds the document"
    assert store.known(doc.id) and not store.known("0" * 16)


def test_get_treats_like_wildcards_literally(store: Store) -> None:
    store.put(_doc(), _extraction(), None)
    assert store.get("%") is None
    assert store.get("_") is None


def test_put_is_idempotent(store: Store) -> None:
    doc, ex = _doc(), _extraction()
    assert store.put(doc, ex, None) is Outcome.STORED
    assert store.put(doc, ex, None) is Outcome.UNCHANGED
    assert [store.count(t) for t in ("documents", "claims", "quotes")] == [1, 3, 2]


def test_changed_text_at_known_url_is_a_new_version(store: Store) -> None:
    first = _doc()
    second = _doc(TEXT.replace("40 more", "45 more"))
    third = _doc(TEXT.replace("40 more", "50 more"))
    assert store.put(first, _extraction(), None) is Outcome.STORED
    assert store.put(second, _extraction(), None) is Outcome.NEW_VERSION
    assert store.put(third, _extraction(), None) is Outcome.NEW_VERSION
    previous = {r["id"]: r["previous_id"] for r in store.rows("documents")}
    assert previous == {first.id: None, second.id: first.id, third.id: second.id}
    other = _doc(TEXT + "\nMore.", url=None)
    assert store.put(other, _extraction(), None) is Outcome.STORED


def test_rejections_are_recorded_once(store: Store) -> None:
    bad = Rejection("a.pdf", "binary", "not text: looks like a PDF document", size=10)
    run = store.begin_run("test")
    store.reject(bad, run)
    store.reject(bad, run)
    store.reject(replace(bad, size=11), run)
    got = store.rejections()
    assert [(r.rejection, r.run_id) for r in got] == [(bad, run), (replace(bad, size=11), run)]
    assert store.count("rejections") == 2
    assert len(store.rejections(limit=1)) == 1


def test_search_finds_documents_and_quotes(store: Store) -> None:
    store.put(_doc(), _extraction(), None)
    hits = store.search("rebuilt homes")
    assert {(h["hit"], h["document_id"]) for h in hits} == {
        ("document", _doc().id), ("quote", _doc().id)}
    snippet = next(h["snippet"] for h in hits if h["hit"] == "quote")
    assert "[rebuilt]" in snippet
    assert store.search("absent-word") == []
    assert store.search("   ") == []
    assert store.search('"unbalanced ) OR * NEAR(') == [], "user text is never query syntax"


def test_rows_export_in_insertion_order(store: Store) -> None:
    doc, ex = _doc(), _extraction()
    store.put(doc, ex, None)
    claims = list(store.rows("claims"))
    assert [c["surface"] for c in claims] == ["£2.5m", "40", "about 3 metres"]
    assert claims[1]["speaker"] == "Anna Skorokhod"
    assert claims[1]["speaker_role"] == "the mayor"
    assert claims[0]["value"] == 2_500_000.0
    documents = list(store.rows("documents"))
    assert documents[0]["chars"] == len(TEXT)
    quotes = list(store.rows("quotes", limit=1))
    assert quotes == [{"id": quotes[0]["id"], "document_id": doc.id, "start": QUOTE[0],
                       "end": QUOTE[1], "kind": "direct", "text": TEXT[slice(*QUOTE)],
                       "quoted": None, "speaker": "Anna Skorokhod", "speaker_role": "the mayor",
                       "rule": "cue_after", "version": "quotes/1"}]
    with pytest.raises(ValueError):
        list(store.rows("runs; DROP TABLE documents"))


def test_count_refuses_unknown_tables(store: Store) -> None:
    assert store.count("runs") == 0
    store.finish_run(store.begin_run("x"), RunCounts())
    assert store.count("runs") == 1
    with pytest.raises(ValueError):
        store.count("documents; DROP TABLE documents")


def test_migrations_are_recorded_and_reopening_applies_none(ledger_url: str) -> None:
    first = cast(SQLStore, open_store(ledger_url))
    names = first.migrations()
    first.close()
    assert "0002_feeds" in names
    assert names == [name for name, _ in SQLITE] == [name for name, _ in POSTGRES]
    again = cast(SQLStore, open_store(ledger_url))
    try:
        assert again.migrations() == names
    finally:
        again.close()


def test_both_engines_build_the_same_tables_and_columns(tmp_path: Any, pg_server: Any) -> None:
    """One schema, two dialects: every table has the same columns in SQLite and in
    PostgreSQL, but for what each engine's full-text search and row order need."""
    import sqlite3

    import psycopg

    sqlite_store = open_store(str(tmp_path / "l.db"))
    sqlite_store.close()
    conn = sqlite3.connect(tmp_path / "l.db")
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%fts%'")]
    lite = {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}
    conn.close()
    url = pg_server.fresh_url()
    open_store(url).close()
    with psycopg.connect(url) as pg:
        rows = pg.execute("SELECT table_name, column_name FROM information_schema.columns "
                          "WHERE table_schema = current_schema()").fetchall()
    post: dict[str, set[str]] = {}
    for table, column in rows:
        post.setdefault(table, set()).add(column)
    engine_only = {"rowid", "fts"}
    assert {t: c - engine_only for t, c in post.items()} == lite


def test_a_ledger_from_before_amounts_upgrades_and_keeps_its_figures(tmp_path: Any) -> None:
    """A ledger written before migration 0007 held the compared amount in ``value``;
    after the upgrade it reads back as that amount, and new rows keep both."""
    import sqlite3

    from claimledger.store.migrations import apply_sqlite

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    apply_sqlite(conn, [step for step in SQLITE if step[0] < "0007"])
    doc = _doc()
    conn.execute("INSERT INTO documents (id, source, text, ingested_at, versions) "
                 "VALUES (?, 'old.txt', ?, '2024-01-01', '{}')", (doc.id, doc.text))
    conn.execute("INSERT INTO claims (id, document_id, start, \"end\", surface, value, bound, "
                 "unit, kind, sentence_start, sentence_end, version) VALUES ('c1', ?, 0, 8, "
                 "'19 cents', 0.19, 'exact', 'USD', 'money', 0, 54, 'figures/1')", (doc.id,))
    conn.commit()
    conn.close()
    store = open_store(str(path))
    try:
        (row,) = store.rows("claims")
        assert (row["value"], row["unit"], row["amount"], row["amount_unit"]) == \
            (0.19, "USD", 0.19, "USD")
        found = store.get(doc.id)
        assert found is not None and found[1].figures[0].amount is None
        assert found[1].figures[0].compared() == Amount(0.19, None, None, "USD")
    finally:
        store.close()


def test_a_ledger_made_by_the_first_migration_upgrades_and_keeps_every_row(
        tmp_path: Any) -> None:
    """A ledger as 0.1.0 wrote it (migration 0001 only): opening it applies every later
    migration, and its document, speaker, claim, quote and rejection all read back, and
    reconcile runs over it."""
    import sqlite3

    from claimledger.store.migrations import apply_sqlite

    path = tmp_path / "first.db"
    conn = sqlite3.connect(path)
    apply_sqlite(conn, [step for step in SQLITE if step[0] < "0002"])
    text = "Some 4,000 homes were flooded, Ana Reyes said. \u201cIt is the worst in years.\u201d"
    doc_id = document_id(text)
    conn.execute("INSERT INTO documents (id, source, title, published, text, ingested_at, "
                 "versions) VALUES (?, 'old.txt', 'Floods', '2024-05-01', ?, '2024-05-02', "
                 "'{\"figures\": \"figures/1\"}')", (doc_id, text))
    conn.execute("INSERT INTO speakers (id, document_id, name, role, anonymous, key) "
                 "VALUES (1, ?, 'Ana Reyes', NULL, 0, 'ana reyes')", (doc_id,))
    conn.execute("INSERT INTO claims (id, document_id, start, \"end\", surface, value, bound, "
                 "kind, counted, speaker_id, sentence_start, sentence_end, version) VALUES "
                 "('c1', ?, 0, 10, 'Some 4,000', 4000, 'approx', 'count', 'homes', 1, 0, 47, "
                 "'figures/1')", (doc_id,))
    quote = text.index("\u201c")
    conn.execute("INSERT INTO quotes (id, document_id, start, \"end\", kind, text, speaker_id, "
                 "version) VALUES ('q1', ?, ?, ?, 'direct', ?, 1, 'quotes/1')",
                 (doc_id, quote, len(text), text[quote:]))
    conn.execute("INSERT INTO rejections (id, source, reason, detail, size, rejected_at) "
                 "VALUES ('r1', 'bad.html', 'empty', 'no article text found', 0, '2024-05-02')")
    conn.commit()
    conn.close()
    store = open_store(str(path))
    try:
        found = store.get(doc_id)
        assert found is not None
        document, extraction = found
        assert (document.title, document.published) == ("Floods", "2024-05-01")
        (figure,) = extraction.figures
        assert (figure.surface, figure.value, figure.bound, figure.counted) == (
            "Some 4,000", 4000.0, "approx", "homes")
        assert figure.speaker is not None and figure.speaker.name == "Ana Reyes"
        (said,) = extraction.quotes
        assert said.kind == "direct" and said.speaker is not None
        assert [r.rejection.reason for r in store.rejections()] == ["empty"]
        store.reconcile()
        assert store.stale(component_versions()) == [doc_id], "0.1.0's rows are stale"
    finally:
        store.close()


def test_feed_state_round_trips(store: Store) -> None:
    feeds = cast(FeedStore, store)
    assert feeds.feed_state("https://x/feed") is None
    state = FeedState("https://x/feed", '"abc"', "Mon, 01 Jan 2024 00:00:00 GMT", "now", 200)
    feeds.save_feed_state(state)
    feeds.save_feed_state(replace(state, etag='"def"'))
    assert feeds.feed_state(state.url) == replace(state, etag='"def"')
    assert not feeds.seen_entry(state.url, "e1")
    feeds.mark_entry(state.url, "e1")
    feeds.mark_entry(state.url, "e1")
    assert feeds.seen_entry(state.url, "e1")
    assert store.count("feed_entries") == 1


def test_postgres_threads_do_not_share_a_transaction(pg_server: Any) -> None:
    """The web app calls one store from many threads at once."""
    store = open_store(pg_server.fresh_url())
    texts = [TEXT.replace("40 more", f"{n} more") for n in range(100, 140)]

    def put(text: str) -> Outcome:
        return store.put(_doc(text, url=None), _extraction(), None)

    try:
        with ThreadPoolExecutor(8) as pool:
            outcomes = list(pool.map(put, texts))
        assert outcomes == [Outcome.STORED] * len(texts)
        assert store.count("documents") == len(texts)
        assert store.count("claims") == 3 * len(texts)
    finally:
        store.close()


def test_a_failed_write_in_a_batch_undoes_only_itself(store: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    kept, failed = _doc(), _doc(TEXT + " Later.", url=None)
    real = type(store)._put_items  # type: ignore[attr-defined]

    def half_written(self: Any, db: Any, doc: Document, ex: Extraction) -> None:
        real(self, db, doc, ex)  # the document and its items are in, then the write fails
        if doc.id == failed.id:
            raise RuntimeError("disk full")

    monkeypatch.setattr(type(store), "_put_items", half_written)
    with store.batch():
        assert store.put(kept, _extraction(), None) is Outcome.STORED
        with pytest.raises(RuntimeError):
            store.put(failed, _extraction(), None)
    assert store.known(kept.id) and not store.known(failed.id)
    assert [store.count(t) for t in ("documents", "claims", "quotes")] == [1, 3, 2]


def test_a_batch_that_fails_commits_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.batch():
        store.put(_doc(), _extraction(), None)
        raise RuntimeError("killed mid-batch")
    assert [store.count(t) for t in ("documents", "claims", "quotes")] == [0, 0, 0]
    assert store.measures() == []
    assert store.put(_doc(), _extraction(), None) is Outcome.STORED


def test_replace_extraction_swaps_every_row_of_one_document(store: Store) -> None:
    doc, ex = _doc(), _extraction()
    store.put(doc, ex, None)
    other = _doc(text=TEXT + " Later, 3 more homes.", url=None)
    store.put(other, ex, None)
    newer = replace(ex, figures=ex.figures[:1], quotes=(), repeats=(),
                    versions={"figures": "figures/2", "quotes": "quotes/2"})
    assert store.stale({"figures": "figures/2"}) == [doc.id, other.id]
    assert store.replace_extraction(doc.id, newer)
    got = store.get(doc.id)
    assert got is not None and got[1] == newer
    still = store.get(other.id)
    assert still is not None and still[1] == ex, "the other document is untouched"
    assert store.stale({"figures": "figures/2"}) == [other.id]
    assert not store.replace_extraction("0" * 16, newer)


def test_a_run_whose_process_died_is_marked_interrupted(tmp_path: Any) -> None:
    """A run killed mid-way never wrote finished_at; the next run on the host marks it,
    and leaves alone a run whose process is alive (a concurrent writer)."""
    import socket
    import sqlite3
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    path = str(tmp_path / "runs.db")
    store = open_store(path)
    try:
        killed = store.begin_run("killed")
        store.begin_run("live")
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE runs SET pid = ?, host = ? WHERE id = ?",
                         (int(gone.stdout), socket.gethostname(), killed))
        store.begin_run("next")
        with sqlite3.connect(path) as conn:
            rows = {r[0]: r[1:] for r in conn.execute(
                "SELECT command, finished_at, interrupted FROM runs")}
    finally:
        store.close()
    assert rows["killed"][1] == 1 and rows["killed"][0]
    assert rows["live"] == (None, 0)
