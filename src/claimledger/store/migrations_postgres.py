"""The ledger's migrations on PostgreSQL: the same steps as SQLite's, in PostgreSQL's
dialect where the engines differ (see :mod:`claimledger.store.initial_schema`), so
:mod:`claimledger.store.sql` reads and writes both."""

from __future__ import annotations

from typing import Any

from claimledger.store import initial_schema
from claimledger.store.migrations import now, steps

_MIGRATION_LOCK = 0x636C6D69  # any constant shared by every claimledger process

POSTGRES = steps(
    initial_schema.POSTGRES,
    # The order reconcile found conflicts in (SQLite's implicit rowid), so pages can
    # list the newest first; existing rows are numbered as they lie. And the web's
    # "newest first, undated last" order as an index, as SQLite's documents_published
    # serves it there.
    """
    ALTER TABLE conflicts ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE;
    CREATE INDEX documents_newest ON documents (published DESC NULLS LAST, rowid DESC);
    """)


def apply_postgres(conn: Any, steps: list[tuple[str, str]] = POSTGRES) -> list[str]:
    """Apply the steps not yet recorded in ``_migrations``; return their names.

    ``conn`` is an autocommit ``psycopg.Connection``. Each step runs in its own
    transaction under an advisory lock, so processes opening a fresh ledger at
    once apply every step exactly once.
    """
    done = []
    for name, sql in steps:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS _migrations "
                         "(name TEXT PRIMARY KEY, applied_at TEXT)")
            if conn.execute("SELECT 1 FROM _migrations WHERE name = %s", (name,)).fetchone():
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO _migrations VALUES (%s, %s)", (name, now()))
        done.append(name)
    return done
