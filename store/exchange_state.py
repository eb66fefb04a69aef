"""Counters that never go back, this node's own keys, and the request nonces seen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

SEQ = "seq"  # the origin sequence number of the last record this node signed
POSITION = "feed_position"  # the last position of the feed log


def next_value(db: Database, name: str, *, floor: int = 0) -> int:
    """Return the counter's next value (at least ``floor`` + 1) and store it, inside the caller's transaction."""
    # One statement: it runs for every record stored, and a page stores hundreds.
    row = db.conn.execute("INSERT INTO exchange_counters (name, value) VALUES (:name, max(:floor, 0) + 1)"
                          " ON CONFLICT(name) DO UPDATE SET value = max(value, :floor) + 1 RETURNING value",
                          {"name": name, "floor": floor}).fetchone()
    return int(row[0])


def next_values(db: Database, name: str, count: int) -> range:
    """Return the counter's next ``count`` values and store the last, inside the caller's transaction."""
    row = db.conn.execute("INSERT INTO exchange_counters (name, value) VALUES (:name, :count)"
                          " ON CONFLICT(name) DO UPDATE SET value = value + :count RETURNING value",
                          {"name": name, "count": count}).fetchone()
    last = int(row[0])
    return range(last - count + 1, last + 1)


def current_value(db: Database, name: str) -> int:
    """Return a counter's current value (0 before first use)."""
    row = db.conn.execute("SELECT value FROM exchange_counters WHERE name = ?", [name]).fetchone()
    return int(row[0]) if row else 0


def raise_floor(db: Database, name: str, floor: int) -> None:
    """Make sure a counter's next value is above ``floor`` (a restored node continues above what peers hold)."""
    db.conn.execute("INSERT INTO exchange_counters (name, value) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)", [name, floor])


@dataclass(frozen=True, slots=True)
class OwnKeyRow:
    """One of this node's keys."""

    key: bytes
    created_at: str
    retired_at: str | None
    last_seq: int | None
    revoked: bool


def list_own_keys(db: Database) -> list[OwnKeyRow]:
    """Return this node's keys, oldest first."""
    rows = db.conn.execute("SELECT key, created_at, retired_at, last_seq, revoked FROM own_keys ORDER BY created_at")
    return [OwnKeyRow(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows.fetchall()]


def add_own_key(db: Database, key: bytes, at: str) -> None:
    """Record one of this node's keys."""
    db.conn.execute("INSERT OR IGNORE INTO own_keys (key, created_at) VALUES (?, ?)", [key, at])


def retire_own_key(db: Database, key: bytes, *, at: str, last_seq: int, revoked: bool = False) -> None:
    """Note that one of this node's keys signs no more after ``last_seq``."""
    db.conn.execute("UPDATE own_keys SET retired_at = coalesce(retired_at, ?), last_seq = ?, revoked = max(revoked, ?)"
                    " WHERE key = ?", [at, last_seq, int(revoked), key])


def use_nonce(db: Database, key: bytes, nonce: str, until: int, now: int) -> bool:
    """Record a request nonce; return False when this key already used it (a replay)."""
    db.conn.execute("DELETE FROM nonces WHERE until < ?", [now])
    cursor = db.conn.execute("INSERT OR IGNORE INTO nonces (key, nonce, until) VALUES (?, ?, ?)", [key, nonce, until])
    return cursor.rowcount == 1


def own_key_list(db: Database) -> list[bytes]:
    """Return the public halves of this node's keys."""
    return [row[0] for row in db.conn.execute("SELECT key FROM own_keys").fetchall()]
