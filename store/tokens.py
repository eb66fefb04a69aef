"""API tokens for ``Authorization: Bearer``: only the SHA-256 of each token is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class TokenRow:
    """An API token's metadata (never the token itself)."""

    id: int
    user_id: int
    label: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


def _row(row: dict[str, Any]) -> TokenRow:
    return TokenRow(id=row["id"], user_id=row["user_id"], label=row["label"], created_at=row["created_at"],
                    last_used_at=row["last_used_at"], revoked_at=row["revoked_at"])


def insert_token(db: Database, *, user_id: int, token_hash: str, label: str, now: str) -> TokenRow:
    """Record a new token."""
    cursor = db.execute("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)",
                        [user_id, token_hash, label, now])
    rows = list(db.query("SELECT * FROM api_tokens WHERE id = ?", [cursor.lastrowid]))
    return _row(rows[0])


def get_live_token(db: Database, token_hash: str) -> TokenRow | None:
    """Return the unrevoked token with this hash, or None."""
    rows = list(db.query("SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", [token_hash]))
    return _row(rows[0]) if rows else None


def list_tokens(db: Database, user_id: int) -> list[TokenRow]:
    """Return a user's tokens, newest first."""
    return [_row(r) for r in db.query("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id DESC", [user_id])]


def mark_token_used(db: Database, token_id: int, now: str) -> None:
    """Note when a token was last used."""
    db.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [now, token_id])


def revoke_token(db: Database, token_id: int, now: str) -> bool:
    """Revoke a token; return whether a live token was revoked."""
    cursor = db.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now, token_id])
    return cursor.rowcount > 0


def revoke_user_tokens(db: Database, user_id: int, now: str) -> int:
    """Revoke every live token of a user; return how many."""
    cursor = db.execute("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                        [now, user_id])
    return cursor.rowcount
