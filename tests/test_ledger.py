"""Ingesting into a real SQLite ledger: idempotence, versions, languages, repeats."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from spacy.tokens import Doc

from claimledger import ledger
from claimledger.contract import document_id
from claimledger.extract import figures
from claimledger.extract.pipeline import Extractor
from claimledger.ingest import iter_inputs
from claimledger.records import Article, Extraction, Rejection, Repeat
from claimledger.store import open_store
from claimledger.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    opened = open_store(str(tmp_path / "ledger.db"))
    assert isinstance(opened, SQLiteStore)
    return opened


def test_examples_ingest_once_then_nothing_changes(store: SQLiteStore) -> None:
    first = ledger.ingest(iter_inputs([str(EXAMPLES)]), store)
    assert (first.stored, first.unchanged, first.rejected) == (7, 0, 0)
    again = ledger.ingest(iter_inputs([str(EXAMPLES)]), store)
    assert (again.stored, again.unchanged, again.rejected) == (0, 7, 0)
    assert store.count("documents") == 7
    runs = store.conn.execute("SELECT stored, unchanged FROM runs ORDER BY id").fetchall()
    assert [tuple(r) for r in runs] == [(7, 0), (0, 7)]


def test_changed_text_at_same_url_is_a_new_linked_version(store: SQLiteStore) -> None:
    url = "https://example.org/story"
    old = Article("a.txt", "Bridge reopens\nThe bridge carried 4,000 cars a day.", url=url)
    new = Article("a.txt", "Bridge reopens\nThe bridge carried 5,000 cars a day.", url=url)
    ledger.ingest([old], store)
    tally = ledger.ingest([new], store)
    assert tally.stored == 1
    found = store.get(document_id(new.text))
    assert found is not None
    assert found[0].previous_id == document_id(old.text)


def test_non_english_is_stored_and_marked_not_extracted(store: SQLiteStore) -> None:
    text = "Brücke wieder offen\nÜber die Brücke fahren jeden Tag rund 4.000 Autos, sagt die Stadt."
    ledger.ingest([Article("de.txt", text)], store)
    found = store.get(document_id(text))
    assert found is not None
    document, extraction = found
    assert document.language == "de"
    assert extraction.skipped == "language:de"


@pytest.mark.parametrize("text", ["a 352 μm pixel pitch.", "This is worth up to $5.",
                                  "By Jane Roe Columnist March 3 2021 at 9:14 AM EST"])
def test_a_line_whose_language_cannot_be_told_is_read_as_english(
    store: SQLiteStore, text: str
) -> None:
    """py3langid guesses Pidgin or nothing for such lines; they are not skipped."""
    ledger.ingest([Article("short.txt", text)], store)
    found = store.get(document_id(text))
    assert found is not None
    document, extraction = found
    assert document.language is None and extraction.skipped is None
    assert extraction.figures or "Jane" in text


def test_rejections_are_recorded_once(store: SQLiteStore, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    for _ in range(2):
        tally = ledger.ingest(iter_inputs([str(tmp_path / "empty.txt")]), store)
        assert tally.rejected == 1
    [stored] = store.rejections()
    assert stored.rejection.reason == "empty"
    assert stored.rejection.source.endswith("empty.txt")


def test_seed_repeats_recorded_exactly(store: SQLiteStore, shared: Path) -> None:
    path = next((shared / "seed-articles").glob("001_*.txt"))
    ledger.ingest(iter_inputs([str(path)]), store)
    text = path.read_text(encoding="utf-8")
    found = store.get(document_id(text))
    assert found is not None
    document, extraction = found
    assert document.title and document.title.startswith("Ukraine's desertion crisis")
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    # paragraphs 9-15 (1-based, the headline is paragraph 1) repeat paragraphs 2-8
    [repeat] = extraction.repeats
    assert repeat.copy_of == (starts[1], starts[7] + len(lines[7]))
    assert repeat.span == (starts[8], starts[14] + len(lines[14]))
    assert all(not (repeat.span[0] <= f.span[0] < repeat.span[1]) for f in extraction.figures)
    assert all(not (repeat.span[0] <= q.span[0] < repeat.span[1]) for q in extraction.quotes)


def test_one_transaction_per_document(store: SQLiteStore) -> None:
    """A failure while writing a document's rows leaves no part of it behind."""
    article = Article("x.txt", "Harbour\nThe harbour handled 12 ships on Monday.")
    [result] = list(ledger.extract([article]))
    assert not isinstance(result, Rejection)
    store.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON repeats BEGIN "
                       "SELECT RAISE(ABORT, 'disk on fire'); END")
    broken = Extraction(language="en", repeats=(Repeat((0, 1), (0, 1)),))
    with pytest.raises(sqlite3.IntegrityError):
        store.put(result.document, broken, None)
    assert store.count("documents") == 0


def test_a_component_failure_costs_one_document_its_claims_not_the_run(
    store: SQLiteStore, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    finder = type(extractor.nlp.get_pipe(figures.FACTORY))
    original = finder.__call__

    def fragile(self: object, doc: Doc) -> Doc:
        if "tripwire" in doc.text:
            raise ValueError("no unit named tripwire")
        return original(self, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(finder, "__call__", fragile)
    articles = [Article("a.txt", "Mill\nThe mill employs 45 people."),
                Article("b.txt", "Wire\nThe tripwire cost 12 dollars."),
                Article("c.txt", "Barn\nThe barn holds 300 sheep.")]
    tally = ledger.ingest(articles, store, extract_with=lambda items, model, processes:
                          ledger.extract(items, extractor=extractor))
    assert (tally.stored, tally.rejected) == (3, 0)
    broken = store.get(document_id(articles[1].text))
    healthy = store.get(document_id(articles[2].text))
    assert broken is not None and healthy is not None
    assert broken[1].skipped == "error: ValueError: no unit named tripwire"
    assert broken[1].figures == ()
    assert [f.value for f in healthy[1].figures] == [300.0]


def test_reextract_replaces_what_older_components_made(store: SQLiteStore) -> None:
    """A ledger whose rows an older extractor made (here: one claim lost, old versions)
    gets current rows in their place, reconciled; a second run has nothing to do."""
    texts = ["Floods\nThe council said 40 homes were flooded in Leeds on Monday.",
             "Floods again\nOfficials said 55 homes were flooded in Leeds on Monday."]
    ledger.ingest([Article(f"f{n}.txt", t) for n, t in enumerate(texts)], store)
    fresh = sorted(r["id"] for r in store.rows("claims"))
    measures = sorted(m.id for m in store.measures())
    assert len(fresh) == 2 and measures
    conn = sqlite3.connect(store.path)
    conn.execute("DELETE FROM claims WHERE id = ?", (fresh[0],))
    old = '{"figures": "claimledger.figures.v1", "quotes": "claimledger.quotes.v1"}'
    conn.execute("UPDATE documents SET versions = ?", (old,))
    conn.commit()
    conn.close()
    assert len(store.stale({"figures": figures.VERSION})) == 2
    assert ledger.reextract(store) == 2
    assert sorted(r["id"] for r in store.rows("claims")) == fresh
    assert sorted(m.id for m in store.measures()) == measures
    assert store.stale({"figures": figures.VERSION}) == []
    assert ledger.reextract(store) == 0
    assert ledger.reextract(store, everything=True) == 2
    assert sorted(r["id"] for r in store.rows("claims")) == fresh


def test_a_document_past_its_time_bound_is_a_rejection_and_the_run_goes_on(
        store: SQLiteStore) -> None:
    slow = " ".join(f"Crews counted {i} boxes." for i in range(20_000))
    items = [Article(text="Police said 40 people were hurt.", source="a.txt"),
             Article(text=slow, source="slow.txt"),
             Article(text="Officials said 12 homes burned.", source="b.txt")]
    tally = ledger.ingest(items, store, extract_with=lambda found, model, processes:
                          ledger.extract(found, model, processes, limits=ledger.Limits(1.0)))
    assert (tally.stored, tally.rejected) == (2, 1)
    (row,) = store.conn.execute("SELECT source, reason FROM rejections").fetchall()
    assert tuple(row) == ("slow.txt", "timeout")
    again = ledger.ingest(items[:1] + items[2:], store)
    assert (again.stored, again.unchanged) == (0, 2), "the kept documents are stored whole"
