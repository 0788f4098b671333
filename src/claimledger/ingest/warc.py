"""WARC archives: HTML response records through warcio, streamed record by record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimledger.records import Rejection

WarcPayload = tuple[str | None, bytes] | Rejection


def iter_warc(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[tuple[str, WarcPayload]]:
    """``(source#n, (url, html))`` per HTML response; a truncated archive ends in a rejection."""
    n = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            headers = record.http_headers
            if headers is None or "html" not in (headers.get_header("Content-Type") or "").lower():
                continue
            n += 1
            where = f"{source}#{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield where, Rejection(where, "too_large", "record larger than the limit",
                                       size=len(body))
                continue
            yield where, (url, body)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        where = f"{source}#{n + 1}"
        yield where, Rejection(where, "corrupt_archive", f"WARC ends early or is damaged: {exc}")
