"""Reference data an administration changes: extra code-list entries, and the imported HS nomenclature."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class RefItem:
    """An entry added to, or a built-in entry retired from, an extendable list."""

    list: str
    code: str
    label_en: str
    label_fr: str
    active: bool
    extra: dict[str, Any]


@dataclass(frozen=True, slots=True)
class HsCode:
    """One code of the imported nomenclature."""

    code: str
    level: int
    description: str
    parent: str


def list_items(db: Database) -> list[RefItem]:
    """Return every stored list entry."""
    rows = db.execute("SELECT list, code, label_en, label_fr, active, extra FROM ref_items ORDER BY list, code")
    return [RefItem(r[0], r[1], r[2], r[3], bool(r[4]), json.loads(r[5])) for r in rows.fetchall()]


def put_item(db: Database, item: RefItem) -> None:
    """Add or replace a list entry."""
    db.execute(
        "INSERT INTO ref_items (list, code, label_en, label_fr, active, extra) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(list, code) DO UPDATE SET label_en = excluded.label_en, label_fr = excluded.label_fr, "
        "active = excluded.active, extra = excluded.extra",
        [item.list, item.code, item.label_en, item.label_fr, int(item.active), json.dumps(item.extra)])


def hs_codes(db: Database) -> dict[str, HsCode]:
    """Return the imported nomenclature (empty when none was imported)."""
    rows = db.execute("SELECT code, level, description, parent FROM hs_codes").fetchall()
    return {r[0]: HsCode(r[0], r[1], r[2], r[3]) for r in rows}


def replace_hs_codes(db: Database, codes: Iterable[HsCode]) -> int:
    """Replace the whole imported nomenclature; return how many codes it now holds."""
    db.execute("DELETE FROM hs_codes")
    db.conn.executemany("INSERT INTO hs_codes (code, level, description, parent) VALUES (?, ?, ?, ?)",
                        [(c.code, c.level, c.description, c.parent) for c in codes])
    return int(db.execute("SELECT count(*) FROM hs_codes").fetchone()[0])
