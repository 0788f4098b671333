"""Reconciliation rows in a SQL store: the ``Tables`` the engine writes through, and
the ``Store`` reads (measures, conflicts, checks, origins, links).

Written against :class:`claimledger.store.sql.SQLStore`'s ``_write``/``_run``, with
``?`` placeholders and portable SQL (``ON CONFLICT``), so the SQLite and
PostgreSQL stores share it by inheriting :class:`ReconcileSQL`.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from claimledger.reconcile import conflicts, engine, origins, stories
from claimledger.reconcile.bounds import Interval, Span
from claimledger.reconcile.claims import StoredClaim
from claimledger.reconcile.measures import Assignment
from claimledger.reconcile.records import (
    Appearance,
    Conflict,
    ConsistencyCheck,
    DocumentLink,
    Measure,
    Membership,
    Origin,
    Review,
    ReviewStatus,
    ShownClaim,
    Story,
)
from claimledger.store.base import escape_like, id_prefix
from claimledger.store.claim_listing import ROW_SQL, shown_claim
from claimledger.store.reconcile_schema import RECONCILE_TABLES

Row = Mapping[str, Any]
RECONCILE_LOCK = "claimledger:reconcile"
_CHUNK = 500
"""Ids per ``IN (...)`` list: well under SQLite's and PostgreSQL's parameter limits."""

_CLAIM = (  # reconciliation compares amounts ("19 cents" as 0.19 USD), not what was printed
    "SELECT c.id, c.document_id, d.rowid AS document_order, d.published, d.title, c.start, "
    "c.\"end\" AS stop, c.sentence_start, c.sentence_end, c.surface, "
    "COALESCE(c.amount, c.value) AS value, COALESCE(c.amount_low, c.low) AS low, "
    "COALESCE(c.amount_high, c.high) AS high, c.bound, "
    "COALESCE(c.amount_unit, c.unit) AS unit, c.kind, c.counted, c.predicate, c.period_text, "
    "c.period_start, "
    "c.period_end, c.place, s.name AS speaker, s.key AS speaker_key, c.thing, c.modifiers, "
    "c.event, c.about, c.trend, d.outlet, d.url, c.mention_start, c.mention_end, "
    "c.cue_start, c.cue_end "
    "FROM claims c JOIN documents d ON d.id = c.document_id "
    "LEFT JOIN speakers s ON s.id = c.speaker_id"
)
CONFLICT = (
    "SELECT x.id, x.measure_id, ms.label, x.claim_a, x.claim_b, x.relative_gap, "
    "x.explanation, x.kind, r.status AS review_status, r.note AS review_note, "
    "r.reviewed_at FROM conflicts x JOIN measures ms ON ms.id = x.measure_id "
    "LEFT JOIN conflict_reviews r ON r.conflict_id = x.id"
)
"""A disagreement with its measure's label and its review, if any."""


def conflict(r: Row, refs: Mapping[str, ShownClaim]) -> Conflict:
    """A row of :data:`CONFLICT` with its two claims looked up in ``refs``."""
    review = (Review(r["review_status"], r["review_note"], r["reviewed_at"])
              if r["review_status"] else None)
    return Conflict(r["id"], r["measure_id"], r["label"], (refs[r["claim_a"]], refs[r["claim_b"]]),
                    r["relative_gap"], r["explanation"], r["kind"], review)


_PLACED = (
    _CLAIM.replace("SELECT ", "SELECT m.measure_id, ms.key, ms.label, ms.kind_of_period, "
                   "m.quantity, m.concepts, m.head, m.bounded, m.low AS i_low, "
                   "m.high AS i_high, m.reading, m.period_kind, m.period_start AS p_start, "
                   "m.period_end AS p_end, m.period_reading, m.why, m.names, m.change, m.part, "
                   "ms.story_id, ", 1)
    + " JOIN measure_claims m ON m.claim_id = c.id JOIN measures ms ON ms.id = m.measure_id"
)


def _claim(r: Row) -> StoredClaim:
    return StoredClaim(
        id=r["id"], document_id=r["document_id"], document_order=int(r["document_order"]),
        published=r["published"], title=r["title"], start=r["start"], end=r["stop"],
        sentence=(r["sentence_start"], r["sentence_end"]), surface=r["surface"],
        value=r["value"], low=r["low"], high=r["high"], bound=r["bound"], unit=r["unit"],
        kind=r["kind"], counted=r["counted"], predicate=r["predicate"],
        period_text=r["period_text"], period_start=r["period_start"],
        period_end=r["period_end"], place=r["place"], speaker=r["speaker"],
        speaker_key=r["speaker_key"], thing=r["thing"],
        modifiers=tuple(filter(None, (r["modifiers"] or "").split("|"))), event=r["event"],
        about=r["about"], trend=r["trend"],
        outlet=r["outlet"], url=r["url"], mention=_span(r, "mention"), cue=_span(r, "cue"),
    )


def _span(r: Row, name: str) -> tuple[int, int] | None:
    start, end = r[f"{name}_start"], r[f"{name}_end"]
    return None if start is None or end is None else (int(start), int(end))


def _placed(r: Row) -> Assignment:
    bounded = Interval(r["i_low"], r["i_high"], r["reading"]) if r["bounded"] else None
    return Assignment(
        claim=_claim(r), measure_id=r["measure_id"], key=r["key"], label=r["label"],
        kind_of_period=r["kind_of_period"], quantity=r["quantity"],
        concepts=frozenset(filter(None, r["concepts"].split("+"))), head=r["head"],
        interval=bounded, span=Span(r["period_kind"], r["p_start"], r["p_end"],
                                    r["period_reading"]), why=r["why"],
        names=frozenset(filter(None, r["names"].split("|"))), story_id=r["story_id"] or "",
        change=bool(r["change"]), part=bool(r["part"]),
    )


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _marks(ids: list[str]) -> str:
    return ", ".join("?" for _ in ids)


class SQLTables:
    """The engine's view of the reconciliation tables inside one write transaction."""

    def __init__(self, store: ReconcileSQL, db: Any) -> None:
        self.store, self.db = store, db

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        return list(self.store._run(self.db, sql, params).fetchall())

    def _do(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        """A write: PostgreSQL cursors of statements without results cannot be fetched."""
        self.store._run(self.db, sql, params)

    def document_text(self, document_id: str) -> str | None:
        rows = self._rows("SELECT text FROM documents WHERE id = ?", (document_id,))
        return str(rows[0]["text"]) if rows else None

    def document_title(self, document_id: str) -> str | None:
        rows = self._rows("SELECT title FROM documents WHERE id = ?", (document_id,))
        return rows[0]["title"] if rows else None

    def neighbour_candidates(self, terms: dict[str, float]
                             ) -> list[tuple[str, stories.Profile]]:
        """Documents found through the heaviest of ``terms`` (rare words, whose lists
        are short however large the ledger), the closest of them on those kept, with
        every term they have."""
        keys = stories.keys(terms)
        if not keys:
            return []
        partial = _dots(terms, self._rows(f"SELECT document_id, term, weight FROM "
                                          f"document_terms WHERE term IN ({_marks(keys)})",
                                          tuple(keys)))
        kept = sorted(sorted(partial, key=lambda d: (-partial[d], d))[:stories.CANDIDATES])
        if not kept:
            return []  # no document shares a key term (and PostgreSQL refuses "IN ()")
        vectors: dict[str, dict[str, float]] = {d: {} for d in kept}
        for r in self._rows(f"SELECT document_id, term, weight FROM document_terms "
                            f"WHERE document_id IN ({_marks(kept)})", tuple(kept)):
            vectors[r["document_id"]][r["term"]] = r["weight"]
        return [(d, stories.Profile(vectors[d])) for d in kept]

    def add_profile(self, document_id: str, profile: stories.Profile) -> None:
        for term, weight in sorted(profile.terms.items()):
            self._do("INSERT INTO document_terms VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                     (term, document_id, weight))

    def neighbours(self, document_ids: Iterable[str]) -> dict[str, list[stories.Neighbour]]:
        found: dict[str, list[stories.Neighbour]] = {}
        for part in _chunks(sorted(set(document_ids))):
            for r in self._rows(f"SELECT document_id, neighbour_id, similarity FROM "
                                f"document_neighbours WHERE document_id IN ({_marks(part)})",
                                tuple(part)):
                found.setdefault(r["document_id"], []).append(
                    stories.Neighbour(r["neighbour_id"], r["similarity"]))
        return {d: stories.nearest(ns) for d, ns in found.items()}

    def set_neighbours(self, document_id: str, kept: list[stories.Neighbour]) -> None:
        self._do("DELETE FROM document_neighbours WHERE document_id = ?", (document_id,))
        for n in kept:
            self._do("INSERT INTO document_neighbours VALUES (?, ?, ?)",
                     (document_id, n.document_id, n.similarity))

    def add_close(self, document_id: str, close: list[stories.Neighbour]) -> None:
        for n in close:
            for a, b in ((document_id, n.document_id), (n.document_id, document_id)):
                self._do("INSERT INTO document_close VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                         (a, b, n.similarity))

    def close_to(self, document_ids: Iterable[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for part in _chunks(sorted(set(document_ids))):
            for r in self._rows(f"SELECT document_id, other_id FROM document_close "
                                f"WHERE document_id IN ({_marks(part)})", tuple(part)):
                found.setdefault(r["document_id"], set()).add(r["other_id"])
        return found

    def neighbours_of(self, document_ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for part in _chunks(sorted(set(document_ids))):
            found |= {r["document_id"] for r in self._rows(
                f"SELECT document_id FROM document_neighbours WHERE neighbour_id IN "
                f"({_marks(part)})", tuple(part))}
        return found

    def stories_of(self, document_ids: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for part in _chunks(sorted(set(document_ids))):
            found |= {r["document_id"]: r["story_id"] for r in self._rows(
                f"SELECT document_id, story_id FROM story_documents WHERE document_id IN "
                f"({_marks(part)})", tuple(part))}
        return found

    def story_members(self, story_ids: Iterable[str]) -> list[str]:
        found: list[tuple[int, str]] = []
        for part in _chunks(sorted(set(story_ids))):
            found += [(r["rowid"], r["id"]) for r in self._rows(
                f"SELECT d.rowid AS rowid, d.id FROM story_documents sd JOIN documents d "
                f"ON d.id = sd.document_id WHERE sd.story_id IN ({_marks(part)})", tuple(part))]
        return [d for _, d in sorted(found)]

    def drop_stories(self, story_ids: Iterable[str]) -> None:
        for part in _chunks(sorted(set(story_ids))):
            self._do(f"DELETE FROM story_documents WHERE story_id IN ({_marks(part)})",
                     tuple(part))
            self._do(f"DELETE FROM stories WHERE id IN ({_marks(part)})", tuple(part))

    def add_story(self, story_id: str, label: str, similarity: dict[str, float]) -> None:
        members = sorted(similarity)
        days = [r["published"][:10] for part in _chunks(members) for r in self._rows(
            f"SELECT published FROM documents WHERE id IN ({_marks(part)}) "
            "AND published IS NOT NULL", tuple(part))]
        self._do("INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
                 (story_id, label, len(members), min(days, default=None),
                  max(days, default=None)))
        for d in members:
            self._do("INSERT INTO story_documents VALUES (?, ?, ?)",
                     (d, story_id, round(similarity[d], 4)))

    def forget(self, document_ids: list[str]) -> None:
        claims = [r["id"] for part in _chunks(sorted(document_ids)) for r in self._rows(
            f"SELECT id FROM claims WHERE document_id IN ({_marks(part)})", tuple(part))]
        measures: set[str] = set()
        for part in _chunks(claims):
            marks, ids = _marks(part), tuple(part)
            measures |= {r["measure_id"] for r in self._rows(
                f"SELECT measure_id FROM measure_claims WHERE claim_id IN ({marks})", ids)}
            self._do(f"DELETE FROM conflicts WHERE claim_a IN ({marks}) OR claim_b IN "
                     f"({marks})", ids + ids)
            self._do(f"DELETE FROM consistency_checks WHERE part_claim_id IN ({marks}) OR "
                     f"whole_claim_id IN ({marks})", ids + ids)
            self._do(f"DELETE FROM figure_origins WHERE claim_id IN ({marks})", ids)
            self._do(f"DELETE FROM measure_concepts WHERE claim_id IN ({marks})", ids)
            self._do(f"DELETE FROM measure_claims WHERE claim_id IN ({marks})", ids)
        for part in _chunks(sorted(measures)):
            self._do(f"DELETE FROM measures WHERE id IN ({_marks(part)}) AND id NOT IN "
                     f"(SELECT measure_id FROM measure_claims WHERE measure_id IN "
                     f"({_marks(part)}))", tuple(part) + tuple(part))

    def document_ids(self) -> list[str]:
        return [r["id"] for r in self._rows("SELECT id FROM documents ORDER BY rowid")]

    def claims_of(self, document_id: str) -> list[StoredClaim]:
        return [_claim(r) for r in self._rows(
            _CLAIM + " WHERE c.document_id = ? ORDER BY c.start", (document_id,))]

    def signatures_with_bands(self, keys: list[str]) -> list[tuple[str, str]]:
        rows = self._rows(
            "SELECT s.document_id, s.signature FROM minhash_signatures s WHERE s.document_id IN "
            f"(SELECT b.document_id FROM minhash_bands b WHERE b.band IN ({_marks(keys)})) "
            "ORDER BY s.document_id", tuple(keys))
        return [(r["document_id"], r["signature"]) for r in rows]

    def add_signature(self, document_id: str, signature: str, keys: list[str]) -> None:
        self._do("INSERT INTO minhash_signatures VALUES (?, ?) ON CONFLICT DO NOTHING",
                   (document_id, signature))
        for key in keys:
            self._do("INSERT INTO minhash_bands VALUES (?, ?) ON CONFLICT DO NOTHING",
                       (key, document_id))

    def add_link(self, document_id: str, copy_of: str, similarity: float) -> None:
        self._do("INSERT INTO document_links VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                   (document_id, copy_of, round(similarity, 4)))

    def copies_among(self, document_ids: set[str]) -> set[frozenset[str]]:
        ids = sorted(document_ids)
        found = set()
        for part in _chunks(ids):
            for r in self._rows(f"SELECT document_id, copy_of FROM document_links "
                                f"WHERE document_id IN ({_marks(part)})", tuple(part)):
                if r["copy_of"] in document_ids:
                    found.add(frozenset((r["document_id"], r["copy_of"])))
        return found

    def add_assignments(self, placed: list[Assignment]) -> None:
        for x in placed:
            unit = x.quantity.split(":", 1)[1] if ":" in x.quantity else None
            self._do("INSERT INTO measures (id, key, label, kind_of_period, unit, story_id) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     (x.measure_id, x.key, x.label, x.kind_of_period, unit, x.story_id))
            i = x.interval
            self._do(
                "INSERT INTO measure_claims (claim_id, measure_id, quantity, concepts, head, "
                "bounded, low, high, reading, period_kind, period_start, period_end, "
                "period_reading, figure_key, why, names, change, part) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (x.claim.id, x.measure_id, x.quantity, "+".join(sorted(x.concepts)), x.head,
                 int(i is not None), i.low if i else None, i.high if i else None,
                 i.reading if i else None, x.span.kind, x.span.start, x.span.end,
                 x.span.reading, x.figure_key, x.why, "|".join(sorted(x.names)),
                 int(x.change), int(x.part)))
            for concept in sorted(x.concepts):
                self._do("INSERT INTO measure_concepts VALUES (?, ?) ON CONFLICT DO NOTHING",
                           (concept, x.claim.id))

    def in_measure(self, measure_id: str) -> list[Assignment]:
        return [_placed(r) for r in self._rows(_PLACED + " WHERE m.measure_id = ?",
                                               (measure_id,))]

    def with_values(self, story_id: str, values: list[float]) -> list[Assignment]:
        found: list[Assignment] = []
        for part in _chunks([str(v) for v in values]):
            marks, nums = _marks(part), tuple(float(v) for v in part)
            found += [_placed(r) for r in self._rows(
                _PLACED + f" WHERE ms.story_id = ? AND (COALESCE(c.amount, c.value) IN ({marks}) "
                f"OR COALESCE(c.amount_high, c.high) IN ({marks}))", (story_id, *nums, *nums))]
        return found

    def existing_measures(self, measure_ids: set[str]) -> set[str]:
        ids, found = sorted(measure_ids), set()
        for part in _chunks(ids):
            found |= {r["measure_id"] for r in self._rows(
                f"SELECT DISTINCT measure_id FROM measure_claims WHERE measure_id IN "
                f"({_marks(part)})", tuple(part))}
        return found

    def sharing_concepts(self, concepts: frozenset[str], story_id: str) -> list[Assignment]:
        wanted = sorted(concepts)
        if not wanted:
            return []
        return [_placed(r) for r in self._rows(
            _PLACED + " WHERE ms.story_id = ? AND c.id IN (SELECT claim_id FROM "
            f"measure_concepts WHERE concept IN ({_marks(wanted)}))", (story_id, *wanted))]

    def of_figure(self, figure_key: str) -> list[Assignment]:
        return [_placed(r) for r in self._rows(_PLACED + " WHERE m.figure_key = ?",
                                               (figure_key,))]

    def add_conflicts(self, found: Iterable[conflicts.Found]) -> None:
        for f in found:
            self._do("INSERT INTO conflicts (id, measure_id, claim_a, claim_b, relative_gap, "
                     "explanation, kind) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     (f.id, f.measure_id, f.claim_a, f.claim_b, round(f.relative_gap, 6),
                      f.explanation, f.kind))

    def add_checks(self, found: Iterable[ConsistencyCheck]) -> None:
        for f in found:
            self._do("INSERT INTO consistency_checks VALUES (?, ?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT DO NOTHING",
                       (f.id, f.part_claim_id, f.whole_claim_id, f.part_measure_id,
                        f.whole_measure_id, int(f.consistent), f.arithmetic))

    def set_origins(self, found: Iterable[origins.Found]) -> None:
        for f in found:
            self._do(
                "INSERT INTO figure_origins VALUES (?, ?, ?, ?, ?) ON CONFLICT (claim_id) DO "
                "UPDATE SET figure_key = excluded.figure_key, first_claim_id = "
                "excluded.first_claim_id, role = excluded.role, why = excluded.why",
                (f.claim_id, f.figure_key, f.first_claim_id, f.role, f.why))

    def clear(self) -> None:
        for table in RECONCILE_TABLES:
            self._do(f"DELETE FROM {table}")


class ReconcileSQL(ABC):
    """The ``Store``'s reconciliation methods for a SQL store (mixed into ``SQLStore``,
    which provides the connection, write transactions and placeholder rewriting)."""

    conn: Any

    @abstractmethod
    def _write(self) -> AbstractContextManager[Any]: ...

    @abstractmethod
    def _run(self, db: Any, sql: str, params: tuple[Any, ...] = ()) -> Any: ...

    @abstractmethod
    def _lock(self, db: Any, keys: list[str]) -> None: ...

    def reconcile(self) -> None:
        with self._write() as db:
            self._lock(db, [RECONCILE_LOCK])
            engine.rebuild(SQLTables(self, db))

    def _reconcile(self, db: Any, document_id: str) -> None:
        """Reconcile a document inside the transaction that stores it, which holds
        ``RECONCILE_LOCK``: reconciliations take turns, because two processes storing
        at once must each see the other's claims, or a conflict between them would be
        missed. SQLite's single writer gives this already; PostgreSQL needs the lock."""
        engine.update(SQLTables(self, db), document_id)

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        return list(self._run(self.conn, sql, params).fetchall())

    def _refs(self, claim_ids: Iterable[str]) -> dict[str, ShownClaim]:
        ids = sorted(set(claim_ids))
        found = {}
        for part in _chunks(ids):
            for r in self._read(ROW_SQL + f" WHERE c.id IN ({_marks(part)})", tuple(part)):
                found[r["id"]] = shown_claim(r)
        return found

    def measures(self) -> list[Measure]:
        return self._measures("", ())

    def measure(self, measure_id: str) -> Measure | None:
        found = self._measures(f" WHERE {id_prefix('ms.id')}", (escape_like(measure_id),))
        return found[0] if len(found) == 1 else None

    def _measures(self, where: str, params: tuple[Any, ...]) -> list[Measure]:
        rows = self._read(
            "SELECT ms.id, ms.key, ms.label, ms.kind_of_period, ms.unit, ms.story_id, "
            "m.claim_id, m.why "
            "FROM measures ms JOIN measure_claims m ON m.measure_id = ms.id "
            "JOIN claims c ON c.id = m.claim_id JOIN documents d ON d.id = c.document_id"
            f"{where} ORDER BY ms.label, ms.id, d.rowid, c.start", params)
        grouped: dict[str, list[Row]] = {}
        for r in rows:
            grouped.setdefault(r["id"], []).append(r)
        return [Measure(rs[0]["id"], rs[0]["key"], rs[0]["label"], rs[0]["kind_of_period"],
                        rs[0]["unit"], tuple(r["claim_id"] for r in rs),
                        tuple(Membership(r["claim_id"], r["why"]) for r in rs),
                        rs[0]["story_id"])
                for rs in grouped.values()]

    def stories(self) -> list[Story]:
        return self._stories("", ())

    def story(self, story_id: str) -> Story | None:
        found = self._stories(f" WHERE s.id IN (SELECT id FROM stories WHERE {id_prefix('id')} "
                              "LIMIT 2)", (escape_like(story_id),))
        return found[0] if len(found) == 1 else None

    def story_of(self, document_id: str) -> Story | None:
        found = self._stories(" WHERE s.id = (SELECT story_id FROM story_documents "
                              "WHERE document_id = ?)", (document_id,))
        return found[0] if found else None

    def _stories(self, where: str, params: tuple[Any, ...]) -> list[Story]:
        rows = self._read(
            "SELECT s.id, s.label, s.size, s.first_published, sd.document_id, d.outlet "
            "FROM stories s JOIN story_documents sd ON sd.story_id = s.id "
            f"JOIN documents d ON d.id = sd.document_id{where} "
            "ORDER BY s.size DESC, s.id, d.rowid", params)
        grouped: dict[str, list[Row]] = {}
        for r in rows:
            grouped.setdefault(r["id"], []).append(r)
        return [Story(rs[0]["id"], rs[0]["label"], tuple(r["document_id"] for r in rs),
                      rs[0]["first_published"],
                      tuple(sorted({r["outlet"] for r in rs if r["outlet"]})))
                for rs in grouped.values()]

    def conflicts(self, measure_id: str | None = None) -> list[Conflict]:
        where, params = (" WHERE x.measure_id = ?", (measure_id,)) if measure_id else ("", ())
        rows = self._read(CONFLICT + f"{where} ORDER BY x.relative_gap DESC, x.id", params)
        refs = self._refs([r["claim_a"] for r in rows] + [r["claim_b"] for r in rows])
        return [conflict(r, refs) for r in rows]

    def review(self, conflict_id: str, status: ReviewStatus, note: str) -> Conflict | None:
        """Mark the disagreement with this id (or unique id prefix); ``None`` when no
        single one matches. A later mark replaces an earlier one."""
        rows = self._read(CONFLICT + f" WHERE {id_prefix('x.id')} LIMIT 2",
                          (escape_like(conflict_id),))
        if len(rows) != 1:
            return None
        found = rows[0]["id"]
        with self._write() as db:
            self._run(db, "INSERT INTO conflict_reviews (conflict_id, status, note, reviewed_at) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (conflict_id) DO UPDATE SET "
                      "status = excluded.status, note = excluded.note, "
                      "reviewed_at = excluded.reviewed_at",
                      (found, status, note, datetime.now(UTC).isoformat(timespec="seconds")))
        row = self._read(CONFLICT + " WHERE x.id = ?", (found,))[0]
        return conflict(row, self._refs([row["claim_a"], row["claim_b"]]))

    def checks(self) -> list[ConsistencyCheck]:
        return [ConsistencyCheck(r["id"], r["part_claim_id"], r["whole_claim_id"],
                                 r["part_measure_id"], r["whole_measure_id"],
                                 bool(r["consistent"]), r["arithmetic"])
                for r in self._read("SELECT * FROM consistency_checks ORDER BY "
                                    "consistent, part_claim_id, whole_claim_id")]

    def origins(self, claim_id: str) -> Origin | None:
        rows = self._read("SELECT claim_id, figure_key FROM figure_origins "
                          f"WHERE {id_prefix('claim_id')} LIMIT 2", (escape_like(claim_id),))
        if len(rows) != 1:
            return None
        return self._figure(rows[0]["figure_key"], rows[0]["claim_id"])

    def trace(self, value: float) -> list[Origin]:
        rows = self._read(
            "SELECT DISTINCT o.figure_key FROM claims c JOIN figure_origins o "
            "ON o.claim_id = c.id WHERE c.value = ? ORDER BY o.figure_key", (value,))
        found = [self._figure(r["figure_key"], None) for r in rows]
        return [o for o in found if o is not None]

    def _figure(self, figure_key: str, claim_id: str | None) -> Origin | None:
        rows = self._read("SELECT o.claim_id, o.first_claim_id, o.role, o.why, m.measure_id "
                          "FROM figure_origins o JOIN measure_claims m "
                          "ON m.claim_id = o.claim_id WHERE o.figure_key = ?", (figure_key,))
        if not rows:
            return None
        refs = self._refs(r["claim_id"] for r in rows)
        first = rows[0]["first_claim_id"]
        ordered = sorted(rows, key=lambda r: (r["claim_id"] != first, r["role"] == "echo",
                                              refs[r["claim_id"]].published or "~",
                                              r["claim_id"]))
        appearances = tuple(Appearance(refs[r["claim_id"]], r["role"], r["why"])
                            for r in ordered)
        sources = sum(1 for a in appearances if a.role != "echo")
        return Origin(claim_id or first, rows[0]["measure_id"], refs[first].value, first,
                      sources, appearances)

    def links(self, document_id: str | None = None) -> list[DocumentLink]:
        where, params = ((" WHERE document_id = ? OR copy_of = ?", (document_id, document_id))
                         if document_id else ("", ()))
        return [DocumentLink(r["document_id"], r["copy_of"], r["similarity"])
                for r in self._read("SELECT document_id, copy_of, similarity FROM "
                                    f"document_links{where} ORDER BY document_id, copy_of",
                                    params)]


def _dots(terms: dict[str, float], rows: Iterable[Row]) -> dict[str, float]:
    """Each document's dot product with ``terms`` from its (document, term, weight) rows,
    summed exactly (``fsum``), so it does not depend on the order rows come in."""
    products: dict[str, list[float]] = {}
    for r in rows:
        products.setdefault(r["document_id"], []).append(terms[r["term"]] * r["weight"])
    return {d: math.fsum(p) for d, p in products.items()}
