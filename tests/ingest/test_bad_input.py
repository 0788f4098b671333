"""Every bad input ends as a rejection with a reason, and the good ones around it survive."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from claimledger.ingest import iter_inputs
from claimledger.records import Article, Rejection

GOOD = "A short report\nThe council said 1,200 homes were built last year in the city.\n"


def _one(path: Path, **kw: int) -> Article | Rejection:
    items = list(iter_inputs([str(path)], **kw))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def _rejected(item: Article | Rejection, reason: str) -> Rejection:
    assert isinstance(item, Rejection), f"expected a rejection, got {item!r}"
    assert item.reason == reason, item
    assert item.detail and "\n" not in item.detail
    return item


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n\n")
    _rejected(_one(tmp_path / "empty.txt"), "empty")


@pytest.mark.parametrize("data", [b"\x1c", b"\n\x1c\n  \x1f\n"])
def test_a_jsonl_of_blank_lines_is_rejected_as_empty(tmp_path: Path, data: bytes) -> None:
    """Python's ``str.strip`` takes the separator controls for blanks (found by the fuzz
    test): such a file held no record, and says so instead of vanishing."""
    (tmp_path / "blank.jsonl").write_bytes(data)
    _rejected(_one(tmp_path / "blank.jsonl"), "empty")


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        ("chart.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG"),
        ("blob.txt", b"abc\x00\x00\x00def" * 40, "NUL"),
    ],
)
def test_binary_files(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    (tmp_path / name).write_bytes(data)
    rejection = _rejected(_one(tmp_path / name), "binary")
    assert what in rejection.detail


def test_invalid_utf8_that_is_no_text_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "noise.txt").write_bytes(bytes(range(128, 256)) * 20)
    rejected = _one(tmp_path / "noise.txt")
    assert isinstance(rejected, Rejection)
    assert rejected.reason in {"undecodable", "binary"}


def test_legacy_encoding_is_decoded_not_rejected(tmp_path: Path) -> None:
    body = "Prices\nThe café charged 4 francs; the ministère said so.\n"
    (tmp_path / "latin.txt").write_bytes(body.encode("cp1252"))
    article = _one(tmp_path / "latin.txt")
    assert isinstance(article, Article)
    assert "café" in article.text and "ministère" in article.text


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    broken = ("Headline here\nThe minister\u00e2\u20ac\u2122s office said "
              "\u00e2\u20ac\u0153no\u00e2\u20ac\u009d.\n")
    (tmp_path / "moji.txt").write_text(broken, encoding="utf-8")
    article = _one(tmp_path / "moji.txt")
    assert isinstance(article, Article)
    assert "minister’s office said “no”" in article.text


def test_html_with_no_article_text(tmp_path: Path) -> None:
    page = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body>"
    (tmp_path / "menu.html").write_text(page, encoding="utf-8")
    _rejected(_one(tmp_path / "menu.html"), "no_article_text")


def test_huge_html_is_rejected_after_reading_only_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    chunk = b"<p>" + b"filler words in a paragraph " * 100 + b"</p>\n"
    with path.open("wb") as f:
        f.write(b"<html><body>")
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    rejection = _rejected(_one(path, max_bytes=20_000_000), "too_large")
    assert rejection.size == 20_000_001


def test_malformed_jsonl_line_among_good_ones(tmp_path: Path) -> None:
    lines = [
        '{"id": "a", "text": "First story\\nThe port handled 3 million tonnes."}',
        '{"id": "b", "text": "Second story\\nBroken line follows',
        '{"id": "c", "text": "Third story\\nA survey of 900 farmers was published."}',
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([str(tmp_path / "batch.jsonl")]))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    assert items[0].source.endswith("batch.jsonl#a")
    bad = _rejected(items[1], "bad_json")
    assert bad.source.endswith("batch.jsonl#2")


@pytest.mark.parametrize("field", ["text", "title"])
def test_lone_surrogate_escape_in_json_is_rejected(tmp_path: Path, field: str) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud800"); that string can never be stored."""
    record = {"text": "Harbour story\nThe port handled 3 million tonnes.", "title": "Port"}
    record[field] += " \ud800"  # json.dumps writes it as the escape "\\ud800"
    lines = [
        json.dumps(record),
        '{"text": "Second story\\nA survey of 900 farmers was published."}',
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([str(tmp_path / "batch.jsonl")]))
    assert [type(i).__name__ for i in items] == ["Rejection", "Article"]
    assert "surrogate" in _rejected(items[0], "bad_json").detail


def test_json_object_without_text(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text('{"id": 7, "title": "no body"}\n', encoding="utf-8")
    _rejected(_one(tmp_path / "x.jsonl"), "no_article_text")


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress((GOOD * 200).encode())
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    _rejected(_one(tmp_path / "cut.txt.gz"), "corrupt_archive")


def test_gzip_of_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "ok.txt.gz").write_bytes(gzip.compress(GOOD.encode()))
    article = _one(tmp_path / "ok.txt.gz")
    assert isinstance(article, Article) and article.title == "A short report"


def _warc(pages: list[tuple[str, str]], compressed: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                           http_headers=headers)
        writer.write_record(record)
    return out.getvalue()


def _page(n: int) -> str:
    body = " ".join(f"The district reported {n * 10 + k} new wells this season." for k in range(8))
    return f"<html><head><title>Water report {n}</title></head><body><article><h1>Water report " \
           f"{n}</h1><p>{body}</p><p>{body}</p></article></body></html>"


def test_warc_records_become_articles(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc.gz").write_bytes(_warc([(f"https://example.org/{n}", _page(n))
                                                    for n in range(3)]))
    items = list(iter_inputs([str(tmp_path / "crawl.warc.gz")]))
    assert all(isinstance(i, Article) for i in items), items
    assert [i.url for i in items if isinstance(i, Article)] == [
        f"https://example.org/{n}" for n in range(3)]


def test_truncated_warc_keeps_earlier_records(tmp_path: Path) -> None:
    data = _warc([(f"https://example.org/{n}", _page(n)) for n in range(6)])
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.6)])
    items = list(iter_inputs([str(tmp_path / "cut.warc.gz")]))
    assert any(isinstance(i, Article) for i in items)
    assert isinstance(items[-1], Rejection) and items[-1].reason == "corrupt_archive"


def test_unreadable_paths(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    missing = _rejected(_one(tmp_path / "nowhere.txt"), "unreadable")
    dangling = _rejected(_one(tmp_path / "dangling.txt"), "unreadable")
    assert "no such file" in missing.detail
    assert dangling.source.endswith("dangling.txt")


def test_a_json_line_nested_too_deep_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    """A record nested 5,000 deep once killed the run, and every rerun, with RecursionError."""
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    lines = [json.dumps({"text": f"Report {n}: the council counted {n} new homes."})
             for n in range(1, 200)]
    lines.insert(99, deep)
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n")
    items = list(iter_inputs([str(tmp_path / "many.jsonl")]))
    assert len(items) == 200
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [r.source.rsplit("#", 1)[1] for r in rejected] == ["100"]
    _rejected(rejected[0], "bad_json")
    assert sum(isinstance(i, Article) for i in items) == 199


def test_a_pretty_printed_json_article_is_one_article(tmp_path: Path) -> None:
    record = {"text": GOOD, "title": "Homes", "published": "2024-05-01"}
    (tmp_path / "one.json").write_text(json.dumps(record, indent=2))
    item = _one(tmp_path / "one.json")
    assert isinstance(item, Article) and item.title == "Homes" and item.text == GOOD


def test_a_title_that_is_not_text_is_no_title(tmp_path: Path) -> None:
    (tmp_path / "odd.jsonl").write_text(json.dumps({"text": GOOD, "title": {"x": [1, 2]},
                                                    "outlet": 7}) + "\n")
    item = _one(tmp_path / "odd.jsonl")
    assert isinstance(item, Article)
    assert item.title == "A short report" and item.outlet == "7", "never Python's repr"


def test_a_fifo_is_rejected_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    _rejected(_one(tmp_path / "pipe.txt"), "unreadable")


@pytest.mark.parametrize("url", ["http://[::1", "http://example.org:99999/a", "http:///nohost"])
def test_a_malformed_url_is_a_rejection(url: str) -> None:
    from claimledger.ingest.fetch import iter_args

    (item,) = list(iter_args([url]))
    _rejected(item, "bad_url")


def test_a_warc_cut_inside_a_record_rejects_that_record(tmp_path: Path) -> None:
    data = _warc([(f"https://example.org/{n}", _page(n)) for n in range(2)], compressed=False)
    (tmp_path / "cut.warc").write_bytes(data[:-300])
    items = list(iter_inputs([str(tmp_path / "cut.warc")]))
    assert isinstance(items[0], Article)
    _rejected(items[-1], "corrupt_archive")
    assert len(items) == 2


@pytest.mark.parametrize("data", [b"WARC/1.0\r\nGarbage: yes\r\n\r\nxx",
                                  b"just some plain words here and there\n" * 5,
                                  b"WARC/1.0\r\nWARC-Type: response"])  # found by test_fuzz
def test_what_is_no_warc_is_rejected(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "odd.warc").write_bytes(data)
    _rejected(_one(tmp_path / "odd.warc"), "corrupt_archive")


def test_a_warc_bomb_is_refused_early(tmp_path: Path) -> None:
    """65 KB inflating to 64 MiB: refused on the ratio, long before it is inflated."""
    from claimledger.ingest.warc import Inflater

    page = "<html><body>" + " " * (64 << 20) + "</body></html>"
    (tmp_path / "bomb.warc.gz").write_bytes(_warc([("https://example.org/b", page)]))
    assert (tmp_path / "bomb.warc.gz").stat().st_size < 100_000
    _rejected(_one(tmp_path / "bomb.warc.gz"), "too_large")
    with (tmp_path / "bomb.warc.gz").open("rb") as raw:
        reader = Inflater(raw, limit=1 << 40)
        with pytest.raises(Exception, match="inflates past"):
            while reader.read(1 << 16):
                pass
        assert reader.produced < 20_000_000
