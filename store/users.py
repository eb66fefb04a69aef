"""Users of the node and their roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class UserRow:
    """A user account; the password hash is kept out of repr."""

    id: int
    username: str
    display_name: str
    email: str
    role: str
    must_change_password: bool
    language: str
    disabled: bool
    created_at: str
    updated_at: str
    last_login_at: str | None
    password_hash: str = field(repr=False)


_COLUMNS = ("id, username, display_name, email, role, must_change_password, language, disabled, "
            "created_at, updated_at, last_login_at, password_hash")


def _row(row: dict[str, Any]) -> UserRow:
    return UserRow(
        id=row["id"], username=row["username"], display_name=row["display_name"], email=row["email"],
        role=row["role"], must_change_password=bool(row["must_change_password"]), language=row["language"],
        disabled=bool(row["disabled"]), created_at=row["created_at"], updated_at=row["updated_at"],
        last_login_at=row["last_login_at"], password_hash=row["password_hash"],
    )


def get_user(db: Database, user_id: int) -> UserRow | None:
    """Return the user with this id, or None."""
    rows = list(db.query(f"SELECT {_COLUMNS} FROM users WHERE id = ?", [user_id]))  # noqa: S608 - fixed column list
    return _row(rows[0]) if rows else None


def get_user_by_name(db: Database, username: str) -> UserRow | None:
    """Return the user with this user name (case-insensitive), or None."""
    rows = list(db.query(f"SELECT {_COLUMNS} FROM users WHERE username = ?", [username]))  # noqa: S608
    return _row(rows[0]) if rows else None


def list_users(db: Database) -> list[UserRow]:
    """Return every user, by user name."""
    return [_row(r) for r in db.query(f"SELECT {_COLUMNS} FROM users ORDER BY username COLLATE NOCASE")]  # noqa: S608


def count_active_administrators(db: Database) -> int:
    """Return how many enabled administrators exist."""
    row = db.execute("SELECT count(*) FROM users WHERE role = 'administrator' AND disabled = 0").fetchone()
    return int(row[0])


def insert_user(db: Database, *, username: str, display_name: str, email: str, role: str, password_hash: str,
                must_change_password: bool, language: str, now: str) -> UserRow:
    """Create a user and return it."""
    cursor = db.execute(
        "INSERT INTO users (username, display_name, email, role, password_hash, must_change_password, language,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [username, display_name, email, role, password_hash, int(must_change_password), language, now, now],
    )
    user = get_user(db, int(cursor.lastrowid or 0))
    assert user is not None
    return user


_UPDATABLE = {"display_name", "email", "role", "password_hash", "must_change_password", "language", "disabled",
              "last_login_at"}


def update_user(db: Database, user_id: int, *, now: str, **changes: object) -> UserRow | None:
    """Change the given columns of a user; return the updated row, or None when absent."""
    unknown = set(changes) - _UPDATABLE
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    values = {k: int(v) if isinstance(v, bool) else v for k, v in changes.items()}
    values["updated_at"] = now
    assignments = ", ".join(f"{k} = :{k}" for k in values)
    db.execute(f"UPDATE users SET {assignments} WHERE id = :id", {**values, "id": user_id})  # noqa: S608 - keys whitelisted
    return get_user(db, user_id)
