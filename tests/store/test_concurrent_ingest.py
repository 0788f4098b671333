"""Two ``claimledger ingest`` processes writing the same articles to one ledger at once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from claimledger import ledger
from claimledger.ingest import iter_inputs
from claimledger.store import open_store

CLI = Path(sys.executable).with_name("claimledger")
ARTICLES = 16
REJECTED = 4


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"{n:02}.txt").write_text(
            f"Council builds {n + 3} homes\n"
            f"The council said on Monday that {120 + n * 7} homes were finished in 2023, "
            f"up {n + 2}% on the year before. \"We will build {40 + n} more,\" said "
            f"Mayor Jane Okafor. Rents rose by £{n + 10} a week in the city, officials said.\n",
            encoding="utf-8")
    for n in range(REJECTED):  # both processes record the same rejections in their batches
        (folder / f"{n:02}-empty.txt").write_text(" \n" * (n + 1), encoding="utf-8")
    return folder


def _export(url: str) -> dict[str, list[str]]:
    store = open_store(url)
    try:
        found = {t: sorted(r["id"] for r in store.rows(t))
                 for t in ("documents", "claims", "quotes")}
        found["rejections"] = sorted(r.rejection.source for r in store.rejections())
        return found
    finally:
        store.close()


def test_two_processes_lose_nothing_and_duplicate_nothing(ledger_url: str,
                                                          tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    procs = [subprocess.Popen([str(CLI), "--db", ledger_url, "ingest", str(corpus)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              stdin=subprocess.DEVNULL) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [3, 3], outputs  # 3: some inputs were rejected
    tallies = [re.search(r"stored (\d+), unchanged (\d+), rejected (\d+)", err) for _, err in
               outputs]
    assert all(tallies), outputs
    stored, unchanged = (sum(int(t[i]) for t in tallies if t) for i in (1, 2))
    assert (stored, unchanged) == (ARTICLES, ARTICLES), "each article stored by exactly one"
    assert all(t and int(t[3]) == REJECTED for t in tallies), outputs

    reference = str(tmp_path / "reference.db")
    alone = open_store(reference)
    try:
        ledger.ingest(iter_inputs([str(corpus)]), alone)
    finally:
        alone.close()
    together, expected = _export(ledger_url), _export(reference)
    assert len(expected["documents"]) == ARTICLES
    assert expected["claims"], "the corpus must give claims for the comparison to mean much"
    assert together == expected
