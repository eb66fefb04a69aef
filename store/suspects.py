"""Person and entity records: rows, the search index, revisions, and the keyset-paged list.

Both kinds share one layout (store/migrations/m0004_suspects.py); ``Kind`` names the tables, which are
never taken from input. The service computes what to index (the search terms, the name a record is listed
under); this module keeps the tables consistent with it. Every function runs inside the caller's transaction.
Table names come from ``Kind``, never from input: hence the ``noqa: S608`` on the statements that name them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

COUNT_CAP = 10_000


class Kind(StrEnum):
    """A kind of suspect record, and its tables."""

    PERSON = "person"
    ENTITY = "entity"

    @property
    def table(self) -> str:
        """Return the table of the records."""
        return "persons" if self is Kind.PERSON else "entities"


@dataclass(frozen=True, slots=True)
class SuspectRow:
    """A stored person or entity."""

    id: int
    uuid: str
    name: str
    revision: int
    body: dict[str, Any] = field(repr=False)
    origin: str
    merged_into: int | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """One entry of a record's history."""

    revision: int
    at: str
    username: str
    action: str
    changes: dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class Written:
    """What the service computed from a body for the row and its indexes."""

    name: str
    terms: str
    watch_listed: bool
    hint: str = ""  # a person's date of birth, an entity's home country: read to rule candidates out cheaply


@dataclass(frozen=True, slots=True)
class ListQuery:
    """One page of the plain list (no search words): newest change first, or by name."""

    sort: str = "updated_desc"  # updated_desc | name
    watch_listed: bool = False
    limit: int = 50
    after: tuple[str, int] | None = None  # keyset cursor: (sort value, id) of the previous page's last row


_COLUMNS = ("r.id, r.uuid, r.name, r.revision, r.body, r.origin, r.merged_into, r.created_at, r.created_by, "
            "r.updated_at, r.updated_by, r.deleted_at")


def _row(row: Sequence[Any]) -> SuspectRow:
    return SuspectRow(id=row[0], uuid=row[1], name=row[2], revision=row[3], body=json.loads(row[4]), origin=row[5],
                      merged_into=row[6], created_at=row[7], created_by=row[8], updated_at=row[9],
                      updated_by=row[10], deleted_at=row[11])


def get_by_uuid(db: Database, kind: Kind, uuid: str) -> SuspectRow | None:
    """Return the record with this identifier (deleted and absorbed ones included), or None."""
    row = db.execute(f"SELECT {_COLUMNS} FROM {kind.table} r WHERE r.uuid = ?", [uuid]).fetchone()  # noqa: S608
    return _row(row) if row else None


def get_by_ids(db: Database, kind: Kind, ids: Iterable[int]) -> dict[int, SuspectRow]:
    """Return records by row id."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, SuspectRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {_COLUMNS} FROM {kind.table} r WHERE r.id IN ({marks})"  # noqa: S608 - placeholders only
        for row in db.execute(sql, chunk).fetchall():
            found[row[0]] = _row(row)
    return found


def get_by_uuids(db: Database, kind: Kind, uuids: Iterable[str]) -> dict[str, SuspectRow]:
    """Return records by identifier."""
    wanted = list(dict.fromkeys(uuids))
    found: dict[str, SuspectRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {_COLUMNS} FROM {kind.table} r WHERE r.uuid IN ({marks})"  # noqa: S608 - placeholders only
        for row in db.execute(sql, chunk).fetchall():
            found[row[1]] = _row(row)
    return found


def hints(db: Database, kind: Kind, ids: Iterable[int]) -> dict[int, str]:
    """Return the hint of each live record among these ids (absorbed ones included), without reading bodies."""
    wanted = list(ids)
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        # The planner would read the rows by id; the index answers from far fewer pages (migration 8).
        sql = (f"SELECT id, hint FROM {kind.table} INDEXED BY {kind.table}_hints"  # noqa: S608
               f" WHERE id IN ({marks}) AND deleted_at IS NULL")
        found.update(db.execute(sql, chunk).fetchall())
    return found


def _index(db: Database, kind: Kind, record_id: int, terms: str) -> None:
    db.conn.execute(f"INSERT INTO {kind.table}_fts (rowid, terms) VALUES (?, ?)", [record_id, terms])  # noqa: S608


def _unindex(db: Database, kind: Kind, record_id: int) -> None:
    # The index forgets a row only when told the exact terms it indexed: they are read back from the row.
    db.conn.execute(f"INSERT INTO {kind.table}_fts ({kind.table}_fts, rowid, terms) "  # noqa: S608
                    f"SELECT 'delete', id, terms FROM {kind.table} WHERE id = ?", [record_id])


def insert(db: Database, kind: Kind, *, uuid: str, body: dict[str, Any], written: Written, at: str, by: str,
           action: str, origin: str = "") -> int:
    """Store a new record at revision 1 with its search terms and first history entry; return its row id."""
    cursor = db.conn.execute(
        f"INSERT INTO {kind.table} (uuid, name, revision, body, terms, hint, origin, watch_listed, "  # noqa: S608
        "created_at, created_by, updated_at, updated_by) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [uuid, written.name, json.dumps(body, ensure_ascii=False), written.terms, written.hint, origin,
         int(written.watch_listed), at, by, at, by])
    record_id = int(cursor.lastrowid or 0)
    _index(db, kind, record_id, written.terms)
    db.conn.execute(f"INSERT INTO {kind}_revisions (record_id, revision, at, username, action, changes)"  # noqa: S608
                    " VALUES (?, 1, ?, ?, ?, '{}')", [record_id, at, by, action])
    return record_id


def update(db: Database, kind: Kind, current: SuspectRow, *, body: dict[str, Any], written: Written,
           changes: dict[str, list[Any]], at: str, by: str, action: str) -> int:
    """Store a new revision, re-index it and record what changed; return the new revision."""
    revision = current.revision + 1
    _unindex(db, kind, current.id)
    db.conn.execute(
        f"UPDATE {kind.table} SET name = ?, revision = ?, body = ?, terms = ?, hint = ?, "  # noqa: S608
        "watch_listed = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        [written.name, revision, json.dumps(body, ensure_ascii=False), written.terms, written.hint,
         int(written.watch_listed), at, by, current.id])
    _index(db, kind, current.id, written.terms)
    db.conn.execute(f"INSERT INTO {kind}_revisions (record_id, revision, at, username, action, changes)"  # noqa: S608
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [current.id, revision, at, by, action, json.dumps(changes, ensure_ascii=False)])
    return revision


def mark_deleted(db: Database, kind: Kind, current: SuspectRow, *, at: str, by: str) -> int:
    """Remove a record from lists and search, keeping its content and history; return the new revision."""
    revision = current.revision + 1
    _unindex(db, kind, current.id)
    db.conn.execute(f"UPDATE {kind.table} SET revision = ?, terms = '', deleted_at = ?, updated_at = ?, "  # noqa: S608
                    "updated_by = ? WHERE id = ?", [revision, at, at, by, current.id])
    db.conn.execute(f"INSERT INTO {kind}_revisions (record_id, revision, at, username, action, changes)"  # noqa: S608
                    " VALUES (?, ?, ?, ?, 'delete', '{}')", [current.id, revision, at, by])
    return revision


def list_revisions(db: Database, kind: Kind, record_id: int) -> list[RevisionRow]:
    """Return a record's history, newest first."""
    rows = db.execute(f"SELECT revision, at, username, action, changes FROM {kind}_revisions "  # noqa: S608
                      "WHERE record_id = ? ORDER BY revision DESC", [record_id]).fetchall()
    return [RevisionRow(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


# -- lists and search -------------------------------------------------------------------------------------------

def list_page(db: Database, kind: Kind, query: ListQuery) -> tuple[list[SuspectRow], bool]:
    """Return one page of live, unabsorbed records and whether more follow."""
    value, direction = ("r.updated_at", "DESC") if query.sort == "updated_desc" else ("r.name COLLATE NOCASE", "ASC")
    clauses = ["r.deleted_at IS NULL", "r.merged_into IS NULL"]
    params: list[Any] = []
    if query.watch_listed:
        clauses.append("r.watch_listed = 1")
    if query.after is not None:
        clauses.append(f"({value}, r.id) {'<' if direction == 'DESC' else '>'} (?, ?)")
        params += [query.after[0], query.after[1]]
    sql = (f"SELECT {_COLUMNS} FROM {kind.table} r WHERE {' AND '.join(clauses)} "  # noqa: S608 - fixed text
           f"ORDER BY {value} {direction}, r.id {direction} LIMIT ?")
    rows = db.execute(sql, [*params, query.limit + 1]).fetchall()
    return [_row(r) for r in rows[:query.limit]], len(rows) > query.limit


def count_live(db: Database, kind: Kind, *, watch_listed: bool = False, cap: int = COUNT_CAP) -> int:
    """Return how many live, unabsorbed records there are (stopping at ``cap``)."""
    extra = " AND watch_listed = 1" if watch_listed else ""
    sql = (f"SELECT count(*) FROM (SELECT 1 FROM {kind.table} WHERE deleted_at IS NULL "  # noqa: S608
           f"AND merged_into IS NULL{extra} LIMIT ?)")
    return int(db.execute(sql, [cap]).fetchone()[0])


def search_ids(db: Database, kind: Kind, expression: str, limit: int, *, watch_listed: bool = False) -> list[int]:
    """Return the row ids (absorbed records included) whose terms match an FTS5 expression, oldest first.

    With ``watch_listed``, only records on the watch list, and absorbed records (whether the record that absorbed
    them is on the list is for the caller to judge).
    """
    # No ``ORDER BY rank``: ranking every hit of a common name would read all of them; the service ranks the
    # first ``limit`` hits with the matcher instead.
    fts = f"{kind.table}_fts"
    if watch_listed:
        sql = (f"SELECT {fts}.rowid FROM {fts} JOIN {kind.table} r ON r.id = {fts}.rowid "  # noqa: S608 - fixed text
               f"WHERE {fts} MATCH ? AND (r.watch_listed = 1 OR r.merged_into IS NOT NULL) LIMIT ?")
    else:
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? LIMIT ?"  # noqa: S608 - fixed text
    return [r[0] for r in db.execute(sql, [expression, limit]).fetchall()]


def sort_key(row: SuspectRow, sort: str) -> str:
    """Return the value a keyset cursor records for a row under a sort."""
    return row.updated_at if sort == "updated_desc" else row.name
