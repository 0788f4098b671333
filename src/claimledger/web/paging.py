"""One shape for every list the web serves: a page of rows, where it sits among the
others, and the same rows as CSV.

A list knows its total when counting is cheap (``COUNT(*)`` over one table, or a
ranking already kept), so the pager can say "page 3 of 12" and a page past the last
shows the last one rather than an empty page that links to the page before it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

from fastapi.responses import StreamingResponse

Item = TypeVar("Item")
EXPORT_ROWS = 100_000
"""At most this many rows in one CSV export; the file says when it stopped there."""
EXPORT_BATCH = 2_000
MAX_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class Page(Generic[Item]):
    """One page of a list."""

    items: list[Item]
    page: int
    """1-based; a page asked for past the last is the last."""
    page_size: int
    total: int | None
    """Rows in the whole list; ``None`` when there was no time to count them (the pager
    then offers a next page whenever this one is full)."""
    pages: int | None

    @property
    def has_next(self) -> bool:
        if self.pages is not None:
            return self.page < self.pages
        return len(self.items) == self.page_size


def paged(fetch: Callable[[int, int], list[Item]], total: int | None, page: int,
          size: int) -> Page[Item]:
    """The page ``page`` of a list of ``total`` rows, read by ``fetch(offset, limit)``."""
    pages = None if total is None else max(1, min(MAX_PAGE, -(-total // size)))
    current = page if pages is None else min(page, pages)
    return Page(fetch((current - 1) * size, size), current, size, total, pages)


def sliced(rows: list[Item], page: int, size: int) -> Page[Item]:
    """A page of a list already in memory."""
    return paged(lambda offset, limit: rows[offset:offset + limit], len(rows), page, size)


def csv_export(name: str, fetch: Callable[[int, int], list[Any]],
               flatten: Callable[[Any], Mapping[str, object]] | None = None,
               columns: Iterable[str] | None = None) -> StreamingResponse:
    """Every row ``fetch(offset, limit)`` gives (up to :data:`EXPORT_ROWS`), streamed
    as CSV in batches. Rows are dataclasses, or anything ``flatten`` turns into a
    mapping; nested values are written as JSON. ``columns`` chooses and orders the
    columns written (a row's other fields are left out)."""
    flat = flatten or asdict
    return StreamingResponse(
        _lines(fetch, flat, list(columns) if columns else None),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _lines(fetch: Callable[[int, int], list[Any]],
           flatten: Callable[[Any], Mapping[str, object]],
           columns: list[str] | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    if columns:
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
    sent = 0
    while sent < EXPORT_ROWS:
        batch = fetch(sent, min(EXPORT_BATCH, EXPORT_ROWS - sent))
        for row in batch:
            flat = flatten(row)
            if writer is None:
                writer = csv.DictWriter(buffer, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow({k: cell(v) for k, v in flat.items()})
        sent += len(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(batch) < EXPORT_BATCH:
            return
    yield f"# stopped at {EXPORT_ROWS} rows: narrow the filters for the rest\n"


def cell(value: object) -> object:
    """A CSV cell: nested values as JSON, and text a spreadsheet would run as a formula
    written as text."""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
