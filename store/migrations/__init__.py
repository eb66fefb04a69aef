"""Numbered schema migrations, applied in order at start-up; ``PRAGMA user_version`` records the last one.

A migration is a module ``mNNNN_name.py`` with ``apply(db)``. Each runs in its own transaction together
with the version bump, so a crash leaves the database at the previous version, never half-migrated.
Migrations only ever add to the past: never edit one that has been released.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from store.errors import DatabaseUnavailable, SchemaTooNew

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema step."""

    version: int
    name: str
    apply: Callable[[Database], None]


def _discover() -> tuple[Migration, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("m") or not info.name[1:5].isdigit():
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Migration(int(info.name[1:5]), info.name[6:], module.apply))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return tuple(found)


MIGRATIONS = _discover()
LATEST = MIGRATIONS[-1].version


def schema_version(db: Database) -> int:
    """Return the database's ``user_version``.

    Raises:
        DatabaseUnavailable: the file is not an SQLite database.
    """
    try:
        return int(db.conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnavailable(str(exc)) from exc


def migrate(db: Database, target: int = LATEST) -> int:
    """Apply every migration after the database's version up to ``target``; return the new version.

    Raises:
        SchemaTooNew: the database was written by a newer ncen.
        DatabaseUnavailable: the file is not an SQLite database.
    """
    current = schema_version(db)
    if current > LATEST:
        raise SchemaTooNew(current, LATEST)  # before any change: a newer database is left byte-for-byte intact
    mode = db.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":
        raise DatabaseUnavailable(f"cannot switch the database to WAL mode (got {mode})")
    for migration in MIGRATIONS[current:target]:
        log.info("applying schema migration %04d %s", migration.version, migration.name)
        db.execute("BEGIN IMMEDIATE")
        try:
            migration.apply(db)
            db.execute(f"PRAGMA user_version = {migration.version:d}")
        except BaseException:
            db.rollback()
            raise
        db.commit()
    return schema_version(db)
