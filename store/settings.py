"""Node settings that administrators change at run time, as JSON values by key."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database


def get_settings(db: Database) -> dict[str, Any]:
    """Return every stored setting."""
    return {row["key"]: json.loads(row["value"]) for row in db.query("SELECT key, value FROM settings")}


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    """Return one stored setting, or ``default`` when it was never set."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return default if row is None else json.loads(row[0])


def put_settings(db: Database, values: dict[str, Any]) -> None:
    """Store the given settings, replacing earlier values."""
    for key, value in values.items():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )
