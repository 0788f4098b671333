"""WARC archives: HTML response records through warcio, streamed record by record.

warcio stops quietly at a truncated gzip member and returns short bodies for a record
cut in the middle, so compressed archives are inflated here by a reader that
remembers whether the stream ended cleanly and bounds what it inflates (an archive
bomb: 65 KB inflating to gigabytes), and each body is checked against the length its
record declares. The record read last before a truncation may be incomplete and is
rejected, not kept; an input with no WARC record at all is a rejection too.
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
MAX_RATIO = 200
"""Inflated bytes per compressed byte beyond which an archive is a bomb, not text
(HTML compresses about 5-10 to 1)."""


class TooLarge(Exception):
    """The archive inflates past its bound."""


class Inflater:
    """A read-only stream over concatenated gzip members that notes truncation.

    Output is produced in bounded steps into a bytearray consumed from the front, so
    reading costs time linear in the bytes inflated; past ``limit`` inflated bytes, or
    ``MAX_RATIO`` times the compressed bytes read, it raises :class:`TooLarge`."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw = raw
        self.limit = limit
        self.inflate = zlib.decompressobj(wbits=47)
        self.pending = b""
        self.buffer = bytearray()
        self.in_member = False
        self.truncated = False
        self.done = False
        self.read_in = 0
        self.produced = 0

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size < 0 or len(self.buffer) < size):
            self._fill()
        if size < 0:
            size = len(self.buffer)
        out = bytes(self.buffer[:size])
        del self.buffer[:size]
        return out

    def _fill(self) -> None:
        if self.inflate.unconsumed_tail:
            data = self.inflate.unconsumed_tail
        else:
            data, self.pending = self.pending or self.raw.read(CHUNK), b""
            self.read_in += len(data)
        if not data:
            self.done = True
            self.truncated = self.in_member
            return
        try:
            out = self.inflate.decompress(data, CHUNK)
        except zlib.error:
            self.truncated = self.done = True
            return
        self.produced += len(out)
        if self.produced > self.limit or self.produced > MAX_RATIO * max(self.read_in, CHUNK):
            raise TooLarge(f"inflates past {self.produced:,} bytes from {self.read_in:,}")
        self.buffer += out
        self.in_member = not self.inflate.eof
        if self.inflate.eof:
            self.pending = self.inflate.unused_data
            self.inflate = zlib.decompressobj(wbits=47)


def iter_warc(
    stream: IO[bytes], source: str, max_bytes: int, compressed: bool
) -> Iterator[tuple[str, WarcPayload]]:
    """``(source#n, (url, html))`` per HTML response; damage ends in a rejection."""
    reader = Inflater(stream, limit=8 * max_bytes) if compressed else None
    held: tuple[str, WarcPayload] | None = None
    n = records = 0
    current = 1
    """The number of the record being read, for a rejection raised in the middle of it."""
    try:
        for record in ArchiveIterator(reader or stream):
            if record.format != "warc" or record.rec_type is None:
                continue  # warcio reads plain words as ARC, a header without WARC-Type as
                # a record: neither is one
            records += 1
            headers = record.http_headers
            if record.rec_type != "response" or headers is None:
                continue
            if "html" not in (headers.get_header("Content-Type") or "").lower():
                continue
            n += 1
            current = n
            where = f"{source}#{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read(max_bytes + 1)
            if held is not None:
                yield held
            if len(body) > max_bytes:
                held = (where, Rejection(where, "too_large", "record larger than the limit",
                                         size=len(body)))
            elif getattr(record.raw_stream, "limit", 0) > 0:
                held = (where, Rejection(where, "corrupt_archive",
                                         "WARC record cut short of its declared length"))
            else:
                held = (where, (url, body))
            current = n + 1
    except TooLarge as exc:
        if held is not None:
            yield held
        where = f"{source}#{current}"
        yield where, Rejection(where, "too_large", f"WARC archive bomb: {exc}")
        return
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError,
            KeyError, IndexError) as exc:  # warcio on hostile bytes fails in many ways
        # (a response record with no target URI: AttributeError); each is damage
        if held is not None:
            yield held
        where = f"{source}#{n + 1}"
        yield where, Rejection(where, "corrupt_archive", f"WARC is damaged: {str(exc)[:200]}")
        return
    if reader is not None and reader.truncated:
        where = held[0] if held else f"{source}#1"
        yield where, Rejection(where, "corrupt_archive", "WARC ends early (truncated gzip)")
    elif held is not None:
        yield held
    elif records == 0:
        yield source, Rejection(source, "corrupt_archive", "not a WARC: no record found")
    else:
        yield source, Rejection(source, "no_article_text", "no HTML response in the WARC")
