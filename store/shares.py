"""What users shared through the exchange, so that later changes and deletions follow automatically."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class ShareRow:
    """A local object shared as a record, with the audience and handling chosen."""

    local_type: str
    local_id: str
    scope: str
    record_id: bytes
    audience: tuple[bytes, ...]
    groups: tuple[str, ...]
    handling: str
    shared_by: str
    shared_at: str


def _row(row: tuple[Any, ...]) -> ShareRow:
    return ShareRow(row[0], row[1], row[2], row[3], tuple(bytes.fromhex(k) for k in json.loads(row[4])),
                    tuple(json.loads(row[5])), row[6], row[7], row[8])


def get_shares(db: Database, local_type: str, local_id: str) -> list[ShareRow]:
    """Return how a local object is shared (nominal and non-nominal copies)."""
    rows = db.conn.execute("SELECT local_type, local_id, scope, record_id, audience, groups, handling, shared_by,"
                           " shared_at FROM shares WHERE local_type = ? AND local_id = ?",
                           [local_type, local_id]).fetchall()
    return [_row(r) for r in rows]


def put_share(db: Database, share: ShareRow) -> None:
    """Record or replace how a local object is shared."""
    db.conn.execute(
        "INSERT INTO shares (local_type, local_id, scope, record_id, audience, groups, handling, shared_by, shared_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(local_type, local_id, scope) DO UPDATE SET"
        " audience = excluded.audience, groups = excluded.groups, handling = excluded.handling,"
        " shared_by = excluded.shared_by, shared_at = excluded.shared_at",
        [share.local_type, share.local_id, share.scope, share.record_id,
         json.dumps(sorted(k.hex() for k in share.audience)), json.dumps(list(share.groups)), share.handling,
         share.shared_by, share.shared_at])


def delete_shares(db: Database, local_type: str, local_id: str) -> None:
    """Forget how a local object was shared (its records were tombstoned; deletion is final)."""
    db.conn.execute("DELETE FROM shares WHERE local_type = ? AND local_id = ?", [local_type, local_id])
