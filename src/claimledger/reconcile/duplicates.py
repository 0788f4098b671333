"""Near-duplicate documents (syndicated copies, light rewrites) by MinHash LSH.

Documents are shingled into overlapping runs of ``SHINGLE_WORDS`` lower-cased
words, signed with a ``NUM_PERM``-permutation MinHash (datasketch), and the
signature is cut into LSH bands with the band and row counts datasketch's
``MinHashLSH`` picks for ``THRESHOLD``. Bands are stored as keys in the ledger, so
finding the candidates of one new document is an index lookup per band whatever
the ledger's size; candidates are kept when their estimated Jaccard similarity
reaches ``THRESHOLD``. The threshold was chosen on the BBC corpus with
``bench/near_duplicates.py`` (see docs/reconcile.md).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.4
SCHEME = "affine32"
"""datasketch 2's default hashing; named because stored signatures must be read back
with the scheme that made them."""
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Overlapping word runs; a text shorter than one run is one shingle."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


@cache
def _permutations() -> np.ndarray:
    """The seeded permutations every signature shares, drawn once per process."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations  # type: ignore[no-any-return]


def signature(text: str, size: int = SHINGLE_WORDS) -> MinHash:
    sig = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    sig.update_batch(list(shingles(text, size)))
    return sig


@cache
def bands_and_rows(threshold: float = THRESHOLD) -> tuple[int, int]:
    """The (bands, rows) split datasketch chooses to balance misses and false candidates."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def band_keys(sig: MinHash, threshold: float = THRESHOLD) -> list[str]:
    """One key per band: two documents sharing any key are candidate duplicates."""
    bands, rows = bands_and_rows(threshold)
    values = sig.hashvalues
    return [f"{b}:{hashlib.sha1(values[b * rows:(b + 1) * rows].tobytes()).hexdigest()[:16]}"
            for b in range(bands)]


def encode(sig: MinHash) -> str:
    return bytes(sig.hashvalues.astype("<u8").tobytes()).hex()


def decode(text: str) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations(),
                   hashvalues=np.frombuffer(bytes.fromhex(text), dtype="<u8"))


def similarity(a: MinHash, b: MinHash) -> float:
    """Estimated Jaccard similarity of the two documents' shingle sets."""
    return float(a.jaccard(b))
