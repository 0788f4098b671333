"""Walk inputs and turn each into articles or rejections.

Formats are chosen by file name (``.txt``, ``.html``/``.htm``, ``.jsonl``/``.json``,
``.warc``, each optionally ``.gz``); stdin is sniffed. Every read is bounded by
``max_bytes`` so a huge or hostile file costs bounded memory and time.
"""

from __future__ import annotations

import gzip
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from claimledger.ingest.decode import decode
from claimledger.ingest.errors import Rejected
from claimledger.ingest.html import extract_html
from claimledger.ingest.plaintext import headline
from claimledger.ingest.warc import iter_warc
from claimledger.records import Article, Rejection

DEFAULT_MAX_BYTES = 20_000_000
SIDECAR = ".meta.json"
META_FIELDS = ("title", "published", "outlet", "url", "author")
TEXT, HTML, JSONL, WARC = "text", "html", "jsonl", "warc"
_SUFFIXES = {".txt": TEXT, ".text": TEXT, ".md": TEXT, ".html": HTML, ".htm": HTML, ".jsonl": JSONL,
             ".json": JSONL, ".ndjson": JSONL, ".warc": WARC}


@dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata given on the command line; it wins over what the input says."""

    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None

    def apply(self, article: Article) -> Article:
        given = {k: v for k in ("title", "published", "outlet", "url") if (v := getattr(self, k))}
        return replace(article, **given) if given else article


Item = Article | Rejection


def iter_inputs(
    paths: list[str], overrides: Overrides = Overrides(), max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Articles and rejections for ``paths`` (files, directories, ``-``), in order."""
    for raw in paths:
        if raw == "-":
            items = _read_stream(sys.stdin.buffer, "<stdin>", _sniff, max_bytes)
        else:
            items = _walk(Path(raw), max_bytes)
        for item in items:
            yield overrides.apply(item) if isinstance(item, Article) else item


def expected_items(paths: list[str]) -> int | None:
    """About how many articles and rejections :func:`iter_inputs` will yield for ``paths``,
    for a progress bar's total and time left; ``None`` when that cannot be known without
    reading the input (stdin, archives, compressed JSON Lines).

    A text or HTML file is one item; a JSON Lines file one per line opening an object
    (a pretty-printed single article, whose inner lines are indented, counts once).
    """
    total = 0
    for raw in paths:
        if raw == "-" or "://" in raw:
            return None
        root = Path(raw)
        files = ([c for c in sorted(root.rglob("*")) if c.is_file() and not _skipped(c, root)]
                 if root.is_dir() else [root])
        for path in files:
            fmt, compressed = _format_of(path)
            if fmt in (TEXT, HTML):
                total += 1
            elif fmt == JSONL and not compressed and path.is_file():
                total += max(1, _objects_opened(path))
            elif path.is_file():
                return None
            else:
                total += 1  # a rejection: missing, or not a regular file
    return total


def _objects_opened(path: Path) -> int:
    count, previous = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += (previous + chunk).count(b"\n{")  # a line may open across chunks
            previous = chunk[-1:]
    return count


def _walk(path: Path, max_bytes: int) -> Iterator[Item]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not _skipped(child, path):
                yield from _read_file(child, max_bytes)
    elif path.exists() and not path.is_file():
        # a FIFO would block the run forever, a device never end
        yield Rejection(str(path), "unreadable", "not a regular file (a pipe, socket or device)")
    elif path.exists() or path.is_symlink():
        yield from _read_file(path, max_bytes)
    else:
        yield Rejection(str(path), "unreadable", "no such file or directory")


def _skipped(child: Path, root: Path) -> bool:
    """In a directory walk, only files of a supported format are inputs.

    Hidden files, sidecars and anything else (a ledger database, images) are
    passed over; a file named explicitly is always read, its format sniffed.
    """
    hidden = any(part.startswith(".") for part in child.relative_to(root).parts)
    return hidden or child.name.endswith(SIDECAR) or _format_of(child)[0] is None


def _format_of(path: Path) -> tuple[str | None, bool]:
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    return (_SUFFIXES.get(suffixes[-1]) if suffixes else None), compressed


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    source = str(path)
    fmt, compressed = _format_of(path)
    try:
        handle: IO[bytes] = path.open("rb")
    except OSError as exc:
        yield Rejection(source, "unreadable", f"cannot open: {exc.strerror or exc}")
        return
    with handle:
        sidecar = _sidecar(path)
        if fmt == WARC:
            items = _guarded(source, lambda: _parse_warc(handle, source, max_bytes, compressed))
        else:
            stream: IO[bytes] = (
                gzip.GzipFile(fileobj=handle) if compressed else handle  # type: ignore[assignment]
            )
            items = _read_stream(stream, source, _PARSERS[fmt] if fmt else _sniff, max_bytes)
        for item in items:
            yield _with_sidecar(item, sidecar)


def _read_stream(stream: IO[bytes], source: str, parse: Any, max_bytes: int) -> Iterator[Item]:
    try:
        data = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejection(source, "corrupt_archive", f"cannot decompress: {exc}")
        return
    if len(data) > max_bytes:
        yield Rejection(source, "too_large", f"larger than the {max_bytes:,}-byte limit",
                        size=len(data))
        return
    yield from _guarded(source, lambda: parse(data, source), size=len(data))


def _guarded(source: str, produce: Any, size: int | None = None) -> Iterator[Item]:
    """Run a parser; a :class:`Rejected`, or any error while reading (a JSON record
    nested 5,000 deep), becomes a rejection of ``source`` and the run goes on."""
    try:
        yield from produce()
    except Rejected as exc:
        yield Rejection(source, exc.reason, exc.detail, size=size)
    except (RecursionError, ValueError, TypeError, KeyError, LookupError) as exc:
        yield Rejection(source, "unreadable", f"could not be read: {type(exc).__name__}: "
                        f"{str(exc)[:200]}", size=size)


def _parse_text(data: bytes, source: str) -> Iterator[Item]:
    text = decode(data)
    yield Article(source=source, text=text, title=headline(text))


def _parse_html(data: bytes, source: str) -> Iterator[Item]:
    yield Article(source=source, **extract_html(decode(data)))


def _parse_jsonl(data: bytes, source: str) -> Iterator[Item]:
    text = decode(data)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise Rejected("bad_json", f"invalid JSON: {str(exc)[:200]}") from exc
        for n, record in enumerate(records, 1):
            where = f"{source}#{n}"
            yield from _guarded(where, lambda r=record, w=where: _from_record(r, w))
        return
    if stripped.startswith("{") and "\n" in stripped.rstrip():
        whole = _one_object(stripped)
        if whole is not None:  # a pretty-printed single article, not JSON Lines
            yield from _guarded(source, lambda: _from_record(whole, source))
            return
    blank = True
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        blank = False
        where = f"{source}#{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, "bad_json", f"line {n} is not valid JSON: {exc.msg}",
                            size=len(line))
            continue
        except RecursionError:
            yield Rejection(where, "bad_json", f"line {n} nests deeper than JSON readers go",
                            size=len(line))
            continue
        yield from _guarded(where, lambda r=record, w=where: _from_record(r, w))
    if blank:  # only whitespace (Python counts "\x1c" as such): no record to account for
        raise Rejected("empty", "the file holds no JSON records, only blank lines")


def _one_object(text: str) -> Any:
    """The JSON object ``text`` holds whole, or ``None`` (a JSONL file fails at its
    second line at once, so this costs one record's parse)."""
    try:
        found = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    return found if isinstance(found, dict) else None


def _from_record(record: Any, source: str) -> Iterator[Item]:
    if not isinstance(record, dict):
        raise Rejected("bad_json", "a JSON article must be an object")
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:  # "\ud800" alone parses, but is no character
        raise Rejected("bad_json", f"a lone surrogate escape ({exc.object[exc.start]!a}) "
                       "is no character") from exc
    meta = {k: _str_or_none(record.get(k)) for k in META_FIELDS}
    if isinstance(record.get("text"), str) and record["text"].strip():
        text = decode(record["text"].encode("utf-8"))
        meta["title"] = meta["title"] or headline(text)
    elif isinstance(record.get("html"), str):
        page = extract_html(record["html"], url=meta["url"])
        text = page.pop("text")
        meta = {k: meta[k] or page.get(k) for k in META_FIELDS}
    else:
        raise Rejected("no_article_text", "the object has no 'text' or 'html' string")
    if record.get("id") is not None:
        source = f"{source.rsplit('#', 1)[0]}#{record['id']}"
    yield Article(source=source, text=text, **meta)


def _str_or_none(value: Any) -> str | None:
    """A metadata field as text: strings and numbers as written; an object or a list is
    no title or date (never Python's repr of it)."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value)


def _parse_warc(stream: IO[bytes], source: str, max_bytes: int, compressed: bool
                ) -> Iterator[Item]:
    for where, payload in iter_warc(stream, source, max_bytes, compressed):
        if isinstance(payload, Rejection):
            yield payload
            continue
        url, html = payload
        yield from _guarded(where, lambda h=html, u=url, w=where: iter(
            [Article(source=w, **extract_html(h, url=u))]))


def _sniff(data: bytes, source: str) -> Iterator[Item]:
    """Choose a format from the content, for stdin and files without a known suffix."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<")):
        return _parse_html(data, source)
    if head.startswith((b"{", b"[")):
        return _parse_jsonl(data, source)
    if head.startswith(b"warc/"):
        raise Rejected("unsupported", "WARC on stdin is not supported; pass the file")
    return _parse_text(data, source)


_PARSERS: dict[str, Any] = {TEXT: _parse_text, HTML: _parse_html, JSONL: _parse_jsonl}


def _sidecar(path: Path) -> dict[str, str]:
    """Metadata from ``NAME.meta.json`` beside ``NAME.EXT`` (``.gz`` counts as part of EXT)."""
    base = path.name.split(".")[0]
    candidate = path.with_name(base + SIDECAR)
    if not candidate.is_file():
        return {}
    try:
        meta = json.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(meta, dict):
        return {}
    return {k: str(meta[k]) for k in META_FIELDS if meta.get(k) is not None}


def _with_sidecar(item: Item, sidecar: dict[str, str]) -> Item:
    if not sidecar or isinstance(item, Rejection):
        return item
    return replace(item, **sidecar)
