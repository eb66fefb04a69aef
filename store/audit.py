"""The append-only audit log (triggers in the schema refuse UPDATE and DELETE)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audited event."""

    id: int
    at: str
    user_id: int | None
    username: str
    action: str
    object_type: str
    object_id: str
    detail: str
    ip: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Criteria for listing the audit log; empty fields match everything."""

    username: str = ""
    action: str = ""  # prefix: "user." matches user.create, user.disable…
    object_type: str = ""
    object_id: str = ""
    since: str = ""  # inclusive ISO timestamp or date
    until: str = ""  # exclusive ISO timestamp or date


def _row(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(**row)


def insert_entry(db: Database, *, at: str, user_id: int | None, username: str, action: str, object_type: str,
                 object_id: str, detail: str, ip: str) -> None:
    """Append one entry."""
    db.execute(
        "INSERT INTO audit_log (at, user_id, username, action, object_type, object_id, detail, ip)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [at, user_id, username, action, object_type, object_id, detail, ip],
    )


def _where(criteria: AuditFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if criteria.username:
        clauses.append("username = ? COLLATE NOCASE")
        params.append(criteria.username)
    if criteria.action:
        # Prefix match without LIKE's wildcards: the range [prefix, prefix + U+10FFFF).
        clauses.append("action >= ? AND action < ?")
        params += [criteria.action, criteria.action + "\U0010ffff"]
    if criteria.object_type:
        clauses.append("object_type = ?")
        params.append(criteria.object_type)
    if criteria.object_id:
        clauses.append("object_id = ?")
        params.append(criteria.object_id)
    if criteria.since:
        clauses.append("at >= ?")
        params.append(criteria.since)
    if criteria.until:
        clauses.append("at < ?")
        params.append(criteria.until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_entries(db: Database, criteria: AuditFilter, *, limit: int, offset: int = 0) -> list[AuditEntry]:
    """Return matching entries, newest first."""
    where, params = _where(criteria)
    sql = f"SELECT * FROM audit_log{where} ORDER BY id DESC LIMIT ? OFFSET ?"  # noqa: S608 - clauses are fixed text
    return [_row(r) for r in db.query(sql, [*params, limit, offset])]


def count_entries(db: Database, criteria: AuditFilter) -> int:
    """Return how many entries match."""
    where, params = _where(criteria)
    return int(db.execute(f"SELECT count(*) FROM audit_log{where}", params).fetchone()[0])  # noqa: S608


def list_entries_after(db: Database, criteria: AuditFilter, *, after_id: int, limit: int) -> list[AuditEntry]:
    """Return up to ``limit`` matching entries with id above ``after_id``, oldest first (chunked export)."""
    where, params = _where(criteria)
    joiner = " AND " if where else " WHERE "
    sql = f"SELECT * FROM audit_log{where}{joiner}id > ? ORDER BY id LIMIT ?"  # noqa: S608 - clauses are fixed text
    return [_row(r) for r in db.query(sql, [*params, after_id, limit])]
