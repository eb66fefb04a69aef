"""Matching state of person and entity records: blocking keys, proposals, "not the same" marks and merges.

Blocking keys are stored hashed (``key_hash``). Candidates for a new record are the records sharing any of
its keys; a key held by more than ``stop`` records is skipped, read no further than ``stop + 1`` entries,
since a true match in so common a bucket nearly always shares a rarer key too (docs/matching.md).
Table names come from ``Kind``, never from input (hence ``noqa: S608``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from store.suspects import Kind


@dataclass(frozen=True, slots=True)
class ProposalRow:
    """A possible duplicate the matcher found when ``record_id`` was written."""

    record_id: int
    candidate_id: int
    score: float
    reasons: list[dict[str, Any]]
    found_at: str


@dataclass(frozen=True, slots=True)
class MergeRow:
    """One merge: who absorbed whom, when and by whom, and whether it was undone."""

    id: int
    survivor_id: int
    absorbed_id: int
    score: float | None
    at: str
    username: str
    undone_at: str | None
    undone_by: str | None


def key_hash(key: str) -> int:
    """Return a blocking key as the signed 64-bit integer the key table stores."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


# -- blocking keys ------------------------------------------------------------------------------------------------

def put_keys(db: Database, kind: Kind, record_id: int, keys: Iterable[int], *, replace: bool = True) -> None:
    """Store a record's hashed blocking keys, replacing those it had (``replace=False`` for a new record)."""
    if replace:
        drop_keys(db, kind, record_id)
    db.conn.executemany(f"INSERT OR IGNORE INTO {kind}_keys (key, record_id) VALUES (?, ?)",  # noqa: S608
                        [(key, record_id) for key in keys])


def add_keys(db: Database, kind: Kind, rows: Iterable[tuple[int, int]]) -> None:
    """Store (hashed key, record id) pairs of new records (sorted by key, they touch each index page once)."""
    db.conn.executemany(f"INSERT OR IGNORE INTO {kind}_keys (key, record_id) VALUES (?, ?)", rows)  # noqa: S608


def drop_keys(db: Database, kind: Kind, record_id: int) -> None:
    """Forget a record's blocking keys (it can no longer be a candidate)."""
    db.conn.execute(f"DELETE FROM {kind}_keys WHERE record_id = ?", [record_id])  # noqa: S608


def candidates(db: Database, kind: Kind, keys: Collection[int], *, stop: int) -> tuple[dict[int, set[int]], int]:
    """Return, for each hashed key, the ids of the records holding it, and how many keys were skipped as too
    common (those are left out of the result)."""
    ordered = list(keys)
    # One statement per 100 keys (each read no further than stop + 1 entries) saves a round trip per key;
    # SQLite allows at most 500 terms in a compound SELECT.
    part = f"SELECT ? AS k, record_id FROM (SELECT record_id FROM {kind}_keys WHERE key = ? LIMIT ?)"  # noqa: S608
    per_key: dict[int, set[int]] = {}
    for start in range(0, len(ordered), 100):
        chunk = ordered[start:start + 100]
        params: list[int] = []
        for key in chunk:
            params += [key, key, stop + 1]
        for key, record_id in db.conn.execute(" UNION ALL ".join([part] * len(chunk)), params).fetchall():
            per_key.setdefault(key, set()).add(record_id)
    skipped = {key for key, ids in per_key.items() if len(ids) > stop}
    return {key: ids for key, ids in per_key.items() if key not in skipped}, len(skipped)


def keys_of(db: Database, kind: Kind, ids: Iterable[int]) -> list[tuple[int, int]]:
    """Return the (hashed key, record id) pairs of these records."""
    wanted = list(ids)
    found: list[tuple[int, int]] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found += db.conn.execute(f"SELECT key, record_id FROM {kind}_keys INDEXED BY {kind}_keys_by_record "  # noqa: S608
                                 f"WHERE record_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
    return found


# -- what changed since a snapshot (migration 9) ------------------------------------------------------------------

def last_id(db: Database, kind: Kind) -> int:
    """Return the highest row id of the kind's records (0 when there are none)."""
    (found,) = db.conn.execute(f"SELECT coalesce(max(id), 0) FROM {kind.table}").fetchone()  # noqa: S608
    return int(found)


def last_change(db: Database) -> int:
    """Return the last number the change log gave out (0 when it never logged anything)."""
    (seq,) = db.conn.execute("SELECT coalesce((SELECT seq FROM sqlite_sequence "
                             "WHERE name = 'suspect_changes'), 0)").fetchone()
    return int(seq)


def changed_since(db: Database, kind: Kind, last_id: int, last_seq: int) -> set[int]:
    """Return the records created, changed, deleted or merged since ``last_id`` and ``last_change`` said these."""
    created = db.conn.execute(f"SELECT id FROM {kind.table} WHERE id > ?", [last_id]).fetchall()  # noqa: S608
    changed = db.conn.execute("SELECT record_id FROM suspect_changes WHERE seq > ? AND kind = ?",
                              [last_seq, str(kind)]).fetchall()
    return {i for (i,) in created} | {i for (i,) in changed}


def oldest_change(db: Database) -> int | None:
    """Return the number of the oldest entry still in the change log, or None when it is empty."""
    (seq,) = db.conn.execute("SELECT min(seq) FROM suspect_changes").fetchone()
    return None if seq is None else int(seq)


def prune_changes(db: Database, *, keep_s: int) -> int:
    """Forget logged changes older than ``keep_s`` seconds (by SQLite's clock, which logged them); return how many."""
    return db.conn.execute("DELETE FROM suspect_changes WHERE at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)",
                           [f"{-int(keep_s):+d} seconds"]).rowcount


# -- merges and "not the same" ------------------------------------------------------------------------------------

def roots(db: Database, kind: Kind, ids: Iterable[int]) -> dict[int, int]:
    """Return, for each record id, the record that finally absorbed it (itself when not merged)."""
    result: dict[int, int] = {}
    statement = f"SELECT merged_into FROM {kind.table} WHERE id = ?"  # noqa: S608 - fixed text
    for record_id in ids:
        current, seen = record_id, {record_id}
        while True:
            row = db.conn.execute(statement, [current]).fetchone()
            if row is None or row[0] is None or row[0] in seen:
                break
            current = row[0]
            seen.add(current)
        result[record_id] = current
    return result


def cluster(db: Database, kind: Kind, root_id: int) -> list[int]:
    """Return a record and every record merged into it, directly or through others (the root first)."""
    members, frontier = [root_id], [root_id]
    statement = f"SELECT id FROM {kind.table} WHERE merged_into = ?"  # noqa: S608 - fixed text
    while frontier:
        found = [i for parent in frontier for (i,) in db.conn.execute(statement, [parent]).fetchall()]
        found = [i for i in found if i not in members]
        members += found
        frontier = found
    return members


def set_merged_into(db: Database, kind: Kind, record_id: int, survivor_id: int | None) -> None:
    """Point an absorbed record at its survivor, or clear that when a merge is undone."""
    db.conn.execute(f"UPDATE {kind.table} SET merged_into = ? WHERE id = ?", [survivor_id, record_id])  # noqa: S608


def add_merge(db: Database, kind: Kind, *, survivor_id: int, absorbed_id: int, score: float | None, at: str,
              by: str) -> int:
    """Record a merge; return its id."""
    cursor = db.conn.execute(f"INSERT INTO {kind}_merges (survivor_id, absorbed_id, score, at, username)"  # noqa: S608
                             " VALUES (?, ?, ?, ?, ?)", [survivor_id, absorbed_id, score, at, by])
    return int(cursor.lastrowid or 0)


def mark_merge_undone(db: Database, kind: Kind, merge_id: int, *, at: str, by: str) -> None:
    """Record that a merge was undone."""
    db.conn.execute(f"UPDATE {kind}_merges SET undone_at = ?, undone_by = ? WHERE id = ?", [at, by, merge_id])  # noqa: S608


def active_merge(db: Database, kind: Kind, absorbed_id: int) -> MergeRow | None:
    """Return the merge that currently holds a record absorbed, or None."""
    row = db.conn.execute(f"SELECT * FROM {kind}_merges WHERE absorbed_id = ? AND undone_at IS NULL "  # noqa: S608
                          "ORDER BY id DESC LIMIT 1", [absorbed_id]).fetchone()
    return MergeRow(*row) if row else None


def list_merges(db: Database, kind: Kind, ids: Iterable[int]) -> list[MergeRow]:
    """Return every merge (undone ones included) involving these records, newest first."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = db.conn.execute(f"SELECT * FROM {kind}_merges WHERE survivor_id IN ({marks}) "  # noqa: S608
                           f"OR absorbed_id IN ({marks}) ORDER BY id DESC", [*wanted, *wanted]).fetchall()
    return [MergeRow(*row) for row in rows]


def mark_distinct(db: Database, kind: Kind, a: int, b: int, *, at: str, by: str) -> bool:
    """Record that two records are not the same; return False when that was already recorded."""
    low, high = sorted((a, b))
    cursor = db.conn.execute(f"INSERT OR IGNORE INTO {kind}_distinct (low_id, high_id, at, username)"  # noqa: S608
                             " VALUES (?, ?, ?, ?)", [low, high, at, by])
    return cursor.rowcount > 0


def unmark_distinct(db: Database, kind: Kind, a: int, b: int) -> bool:
    """Forget that two records were said not to be the same; return False when they were not."""
    low, high = sorted((a, b))
    cursor = db.conn.execute(f"DELETE FROM {kind}_distinct WHERE low_id = ? AND high_id = ?", [low, high])  # noqa: S608
    return cursor.rowcount > 0


def distinct_from(db: Database, kind: Kind, ids: Iterable[int]) -> set[int]:
    """Return the records said not to be the same as any of these."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    rows = db.conn.execute(f"SELECT high_id FROM {kind}_distinct WHERE low_id IN ({marks}) UNION "  # noqa: S608
                           f"SELECT low_id FROM {kind}_distinct WHERE high_id IN ({marks})",
                           [*wanted, *wanted]).fetchall()
    return {r[0] for r in rows}


# -- proposals ----------------------------------------------------------------------------------------------------

def replace_proposals(db: Database, kind: Kind, record_id: int, found: Iterable[tuple[int, float, list[Any]]],
                      at: str) -> None:
    """Replace what the matcher proposed for a record (its pairs in either direction) with new findings."""
    db.conn.execute(f"DELETE FROM {kind}_proposals WHERE record_id = ? OR candidate_id = ?", [record_id, record_id])  # noqa: S608
    add_proposals(db, kind, record_id, found, at)


def add_proposals(db: Database, kind: Kind, record_id: int, found: Iterable[tuple[int, float, list[Any]]],
                  at: str) -> None:
    """Record the matcher's findings for a new record (nothing to replace)."""
    db.conn.executemany(
        f"INSERT OR REPLACE INTO {kind}_proposals (record_id, candidate_id, score, reasons, found_at)"  # noqa: S608
        " VALUES (?, ?, ?, ?, ?)",
        [(record_id, candidate, score, json.dumps(reasons, ensure_ascii=False), at)
         for candidate, score, reasons in found])


def drop_pair(db: Database, kind: Kind, ids_a: Iterable[int], ids_b: Iterable[int]) -> None:
    """Forget the proposals between two groups of records (after a merge or a "not the same")."""
    a, b = list(ids_a), list(ids_b)
    marks_a, marks_b = ",".join("?" * len(a)), ",".join("?" * len(b))
    db.conn.execute(f"DELETE FROM {kind}_proposals WHERE (record_id IN ({marks_a}) AND "  # noqa: S608
                    f"candidate_id IN ({marks_b})) OR (record_id IN ({marks_b}) AND candidate_id IN ({marks_a}))",
                    [*a, *b, *b, *a])


def list_proposals(db: Database, kind: Kind, *, limit: int, before: tuple[str, int, int] | None = None,
                   ) -> list[ProposalRow]:
    """Return stored proposals between live, unabsorbed records, newest first."""
    clauses = ["r.deleted_at IS NULL", "r.merged_into IS NULL", "c.deleted_at IS NULL", "c.merged_into IS NULL"]
    params: list[Any] = []
    if before is not None:
        clauses.append("(p.found_at, p.record_id, p.candidate_id) < (?, ?, ?)")
        params += list(before)
    sql = (f"SELECT p.record_id, p.candidate_id, p.score, p.reasons, p.found_at FROM {kind}_proposals p "  # noqa: S608
           f"JOIN {kind.table} r ON r.id = p.record_id JOIN {kind.table} c ON c.id = p.candidate_id "
           f"WHERE {' AND '.join(clauses)} ORDER BY p.found_at DESC, p.record_id DESC, p.candidate_id DESC LIMIT ?")
    rows = db.conn.execute(sql, [*params, limit]).fetchall()
    return [ProposalRow(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]


def list_distinct(db: Database, kind: Kind, ids: Iterable[int]) -> list[tuple[int, int, str, str]]:
    """Return the "not the same" marks involving these records: (this id, other id, when, by whom)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = db.conn.execute(f"SELECT low_id, high_id, at, username FROM {kind}_distinct "  # noqa: S608
                           f"WHERE low_id IN ({marks}) OR high_id IN ({marks}) ORDER BY at DESC",
                           [*wanted, *wanted]).fetchall()
    inside = set(wanted)
    return [(low, high, at, by) if low in inside else (high, low, at, by) for low, high, at, by in rows]
