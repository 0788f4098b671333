"""A SIGKILL in the middle of an ingest leaves a consistent ledger; a rerun finishes it."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N = 1000


def _corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for n in range(N):
            text = (f"Depot report {n}\nThe depot in district {n} stored {n * 7 + 3} tonnes of "
                    f"grain, officials said on Monday. Inspectors counted {n + 11} trucks.")
            f.write(json.dumps({"id": f"r{n}", "text": text}) + "\n")


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def test_sigkill_midway_then_rerun(tmp_path: Path, command: str) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "ledger.db"
    _corpus(corpus)
    proc = subprocess.Popen([command, "--db", str(db), "ingest", str(corpus)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while _count(db) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = _count(db)
    assert 0 < partial < N, "the kill must land mid-run"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = conn.execute(
            "SELECT count(*) FROM claims WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        assert orphans == 0
        unfinished = conn.execute("SELECT count(*) FROM runs WHERE finished_at IS NULL")
        assert unfinished.fetchone()[0] == 1

    rerun = subprocess.run([command, "--db", str(db), "ingest", str(corpus)], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"unchanged {partial}" in rerun.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == N
        assert conn.execute("SELECT count(DISTINCT source) FROM documents").fetchone()[0] == N
        per_doc = conn.execute(
            "SELECT count(*) FROM (SELECT document_id, start FROM claims "
            "GROUP BY document_id, start HAVING count(*) > 1)").fetchone()[0]
        assert per_doc == 0
        # Storing and reconciling are one transaction: every document was reconciled
        # (each gets a MinHash signature), whichever instant the kill came at.
        unreconciled = conn.execute(
            "SELECT count(*) FROM documents WHERE id NOT IN "
            "(SELECT document_id FROM minhash_signatures)").fetchone()[0]
        assert unreconciled == 0
