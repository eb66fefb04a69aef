"""Browser sessions: only the SHA-256 of the cookie token is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A logged-in browser session."""

    user_id: int
    created_at: str
    last_seen_at: str
    expires_at: str
    ip: str
    token_hash: str = field(repr=False)
    csrf_token: str = field(repr=False)


def _row(row: dict[str, Any]) -> SessionRow:
    return SessionRow(user_id=row["user_id"], created_at=row["created_at"], last_seen_at=row["last_seen_at"],
                      expires_at=row["expires_at"], ip=row["ip"], token_hash=row["token_hash"],
                      csrf_token=row["csrf_token"])


def insert_session(db: Database, *, token_hash: str, user_id: int, csrf_token: str, now: str, expires_at: str,
                   ip: str) -> None:
    """Record a new session."""
    db.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [token_hash, user_id, csrf_token, now, now, expires_at, ip],
    )


def get_session(db: Database, token_hash: str) -> SessionRow | None:
    """Return the session for this token hash, or None."""
    rows = list(db.query("SELECT * FROM sessions WHERE token_hash = ?", [token_hash]))
    return _row(rows[0]) if rows else None


def touch_session(db: Database, token_hash: str, *, now: str, expires_at: str) -> None:
    """Slide a session's idle expiry forward."""
    db.execute("UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?",
               [now, expires_at, token_hash])


def delete_session(db: Database, token_hash: str) -> None:
    """End one session."""
    db.execute("DELETE FROM sessions WHERE token_hash = ?", [token_hash])


def delete_user_sessions(db: Database, user_id: int) -> int:
    """End every session of a user; return how many ended."""
    return db.execute("DELETE FROM sessions WHERE user_id = ?", [user_id]).rowcount


def delete_expired_sessions(db: Database, now: str) -> int:
    """Remove sessions past their expiry; return how many."""
    return db.execute("DELETE FROM sessions WHERE expires_at <= ?", [now]).rowcount
