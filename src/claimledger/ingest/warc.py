"""WARC archives: HTML response records through warcio, streamed record by record.

warcio stops quietly at a truncated gzip member, so compressed archives are
inflated here by a reader that remembers whether the stream ended cleanly; the
record read last before a truncation may be incomplete and is rejected, not kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimledger.records import Rejection

WarcPayload = tuple[str | None, bytes] | Rejection
CHUNK = 1 << 16


class Inflater:
    """A read-only stream over concatenated gzip members that notes truncation."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.inflate = zlib.decompressobj(wbits=47)
        self.pending = b""
        self.buffer = b""
        self.in_member = False
        self.truncated = False
        self.done = False

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size < 0 or len(self.buffer) < size):
            self._fill()
        if size < 0:
            size = len(self.buffer)
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out

    def _fill(self) -> None:
        data, self.pending = self.pending or self.raw.read(CHUNK), b""
        if not data:
            self.done = True
            self.truncated = self.in_member
            return
        try:
            self.buffer += self.inflate.decompress(data)
        except zlib.error:
            self.truncated = self.done = True
            return
        self.in_member = not self.inflate.eof
        if self.inflate.eof:
            self.pending = self.inflate.unused_data
            self.inflate = zlib.decompressobj(wbits=47)


def iter_warc(
    stream: IO[bytes], source: str, max_bytes: int, compressed: bool
) -> Iterator[tuple[str, WarcPayload]]:
    """``(source#n, (url, html))`` per HTML response; damage ends in a rejection."""
    reader = Inflater(stream) if compressed else None
    held: tuple[str, WarcPayload] | None = None
    n = 0
    try:
        for record in ArchiveIterator(reader or stream):
            headers = record.http_headers
            if record.rec_type != "response" or headers is None:
                continue
            if "html" not in (headers.get_header("Content-Type") or "").lower():
                continue
            n += 1
            where = f"{source}#{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read(max_bytes + 1)
            if held is not None:
                yield held
            held = (where, Rejection(where, "too_large", "record larger than the limit",
                                     size=len(body)) if len(body) > max_bytes else (url, body))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        if held is not None:
            yield held
        where = f"{source}#{n + 1}"
        yield where, Rejection(where, "corrupt_archive", f"WARC is damaged: {exc}")
        return
    if reader is not None and reader.truncated:
        where = held[0] if held else f"{source}#1"
        yield where, Rejection(where, "corrupt_archive", "WARC ends early (truncated gzip)")
    elif held is not None:
        yield held
