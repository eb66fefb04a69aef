"""Consistent copies of a live database through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.errors import DatabaseUnavailable


def copy_database(source: Path, destination: Path) -> int:
    """Copy a (possibly live) database to a new file in one step and return its schema version.

    One step means one read transaction: under WAL the node keeps writing meanwhile, and the copy is the
    consistent state at the moment the step began.

    Raises:
        DatabaseUnavailable: the source cannot be read or the destination already exists.
    """
    if destination.exists():
        raise DatabaseUnavailable(f"{destination} already exists")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(f"cannot open {source}: {exc}") from exc
    try:
        dst = sqlite3.connect(str(destination))
        try:
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            version = int(dst.execute("PRAGMA user_version").fetchone()[0])
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(f"cannot back up {source}: {exc}") from exc
    finally:
        src.close()
    if check != "ok":
        raise DatabaseUnavailable(f"backup of {source} failed its integrity check: {check}")
    return version


def database_version(path: Path) -> int:
    """Return the schema version of a database file without changing it.

    Raises:
        DatabaseUnavailable: the file is not a readable SQLite database.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(f"{path}: {exc}") from exc
