"""Bytes to text: refuse binaries, detect the encoding, repair mojibake.

Only line endings are normalised beyond that, so every character offset the
ledger stores points into the text as it was published.
"""

from __future__ import annotations

import codecs

import ftfy
from charset_normalizer import from_bytes

from claimledger.ingest.errors import Rejected

_MAGIC = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"PK\x03\x04": "ZIP archive (or an office document)",
    b"\x7fELF": "executable",
}
_SNIFF = 8192


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> str:
    """Decode ``data`` as text, or raise :class:`Rejected` (``empty``, ``binary``)."""
    if not data.strip():
        raise Rejected("empty", "the input is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise Rejected("binary", f"not text: looks like a {what}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:_SNIFF]:
            raise Rejected("binary", "not text: holds NUL bytes")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _guess(data)
    return normalise_newlines(ftfy.fix_encoding(text))


def _guess(data: bytes) -> str:
    match = from_bytes(data).best()
    if match is None:
        raise Rejected("undecodable", "no text encoding fits these bytes")
    return str(match)
