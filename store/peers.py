"""Peers (other nodes this node exchanges with) and every key each has used."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class PeerRow:
    """A paired, pending or removed peer."""

    id: int
    owner: str  # stable name: the fingerprint of the first key it was paired with
    name: str
    country: str
    role: str
    url: str
    tls_sha256: str
    groups: tuple[str, ...]
    status: str
    hub_member: bool
    added_at: str
    added_by: str
    confirmed_at: str | None
    confirmed_by: str | None
    cursor: str
    their_head: str
    acked_seq: int
    acked_position: int
    last_attempt_at: str | None
    last_success_at: str | None
    last_error: str
    failures: int


@dataclass(frozen=True, slots=True)
class PeerKeyRow:
    """A key a peer signs (or signed) with, and its cut-off once rotated or revoked."""

    key: bytes
    peer_id: int
    added_at: str
    last_seq: int | None
    revoked: bool


_COLUMNS = ("id, owner, name, country, role, url, tls_sha256, groups, status, hub_member, added_at, added_by, "
            "confirmed_at, confirmed_by, cursor, their_head, acked_seq, acked_position, last_attempt_at, "
            "last_success_at, "
            "last_error, failures")


def _peer(row: Any) -> PeerRow:
    values = list(row)
    values[7] = tuple(json.loads(values[7]))
    values[9] = bool(values[9])
    return PeerRow(*values)


def list_peers(db: Database, *, include_removed: bool = False) -> list[PeerRow]:
    """Return peers, paired first, then by name."""
    where = "" if include_removed else " WHERE status != 'removed'"
    sql = f"SELECT {_COLUMNS} FROM peers{where} ORDER BY status = 'paired' DESC, name"  # noqa: S608
    return [_peer(r) for r in db.conn.execute(sql).fetchall()]


def get_peer(db: Database, peer_id: int) -> PeerRow | None:
    """Return one peer."""
    row = db.conn.execute(f"SELECT {_COLUMNS} FROM peers WHERE id = ?", [peer_id]).fetchone()  # noqa: S608
    return _peer(row) if row else None


def get_peer_by_owner(db: Database, owner: str) -> PeerRow | None:
    """Return the peer with this stable name."""
    row = db.conn.execute(f"SELECT {_COLUMNS} FROM peers WHERE owner = ?", [owner]).fetchone()  # noqa: S608
    return _peer(row) if row else None


def insert_peer(db: Database, *, owner: str, key: bytes, name: str, country: str, role: str, url: str,
                tls_sha256: str, groups: list[str], at: str, by: str) -> int:
    """Record a peer as pending confirmation, with its key."""
    cursor = db.conn.execute(
        "INSERT INTO peers (owner, name, country, role, url, tls_sha256, groups, status, added_at, added_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
        [owner, name, country, role, url, tls_sha256, json.dumps(groups), at, by])
    peer_id = int(cursor.lastrowid or 0)
    add_key(db, key=key, peer_id=peer_id, at=at)
    return peer_id


_CHANGEABLE = {"name", "country", "role", "url", "tls_sha256", "groups", "status", "hub_member", "confirmed_at",
               "confirmed_by", "cursor", "their_head", "acked_seq", "acked_position", "last_attempt_at",
               "last_success_at",
               "last_error", "failures", "added_at", "added_by"}


def update_peer(db: Database, peer_id: int, **changes: Any) -> None:
    """Change some columns of a peer."""
    unknown = set(changes) - _CHANGEABLE
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    values = {k: json.dumps(list(v)) if k == "groups" else int(v) if isinstance(v, bool) else v
              for k, v in changes.items()}
    assignments = ", ".join(f"{k} = :{k}" for k in values)
    db.conn.execute(f"UPDATE peers SET {assignments} WHERE id = :id", {**values, "id": peer_id})  # noqa: S608


def add_key(db: Database, *, key: bytes, peer_id: int, at: str) -> None:
    """Trust a key as the given peer's (a key already known keeps its cut-off)."""
    db.conn.execute("INSERT OR IGNORE INTO peer_keys (key, peer_id, added_at) VALUES (?, ?, ?)", [key, peer_id, at])


def set_key_cutoff(db: Database, key: bytes, *, last_seq: int, revoked: bool) -> None:
    """Set the last sequence number a key may sign (never raising an existing cut-off)."""
    db.conn.execute("UPDATE peer_keys SET last_seq = min(coalesce(last_seq, ?), ?), revoked = max(revoked, ?)"
                    " WHERE key = ?", [last_seq, last_seq, int(revoked), key])


def list_keys(db: Database, peer_id: int | None = None) -> list[PeerKeyRow]:
    """Return the keys of one peer, or of all peers."""
    sql = "SELECT key, peer_id, added_at, last_seq, revoked FROM peer_keys"
    rows = db.conn.execute(sql + (" WHERE peer_id = ?" if peer_id is not None else ""),
                           [peer_id] if peer_id is not None else []).fetchall()
    return [PeerKeyRow(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]


def get_key(db: Database, key: bytes) -> PeerKeyRow | None:
    """Return what is known of a key."""
    row = db.conn.execute("SELECT key, peer_id, added_at, last_seq, revoked FROM peer_keys WHERE key = ?",
                          [key]).fetchone()
    return PeerKeyRow(row[0], row[1], row[2], row[3], bool(row[4])) if row else None
