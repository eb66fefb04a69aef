"""Links between records: cases naming persons and entities, and the persons behind entities.

The link tables are indexes of the bodies (``parties[].ref`` of a case, ``persons[].ref`` of an entity), kept
by the functions that write those bodies in the same transaction; they let a person's page find its cases
and companies without reading every case.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

MAX_LINKS = 500  # per page of a record: a person on more cases than this is shown the most recent ones


@dataclass(frozen=True, slots=True)
class CaseLink:
    """A live case naming a record, with the roles it gives it (a driver may also own the goods)."""

    roles: tuple[str, ...]
    case_uuid: str
    reference: str
    date: str
    body: dict[str, Any] = field(repr=False)


@dataclass(frozen=True, slots=True)
class EntityPersonLink:
    """A person named behind a live entity."""

    entity_id: int
    entity_uuid: str
    entity_name: str
    person_ref: str
    role: str


def _chunks(values: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


# -- keeping the tables ----------------------------------------------------------------------------------------

def put_case_parties(db: Database, seizure_id: int, parties: Iterable[tuple[str, str, str]]) -> None:
    """Record the (kind, ref, role) links of a live case."""
    db.conn.executemany("INSERT OR IGNORE INTO seizure_parties (seizure_id, kind, ref, role) VALUES (?, ?, ?, ?)",
                        [(seizure_id, kind, ref, role) for kind, ref, role in parties])


def drop_case_parties(db: Database, seizure_id: int) -> None:
    """Forget a case's links (before re-indexing it, or when it is deleted)."""
    db.conn.execute("DELETE FROM seizure_parties WHERE seizure_id = ?", [seizure_id])


def put_entity_persons(db: Database, entity_id: int, links: Iterable[tuple[str, str]]) -> None:
    """Replace the (person ref, role) links of an entity."""
    db.conn.execute("DELETE FROM entity_persons WHERE entity_id = ?", [entity_id])
    db.conn.executemany("INSERT OR IGNORE INTO entity_persons (entity_id, person_ref, role) VALUES (?, ?, ?)",
                        [(entity_id, ref, role) for ref, role in links])


# -- reading ----------------------------------------------------------------------------------------------------

def cases_naming(db: Database, kind: str, refs: Sequence[str], *, limit: int = MAX_LINKS) -> list[CaseLink]:
    """Return the live cases naming any of these records, most recent first, each once with every role it gives
    them (records merged together may both be named on one case)."""
    roles: dict[str, set[str]] = {}
    cases: dict[str, tuple[str, str, str]] = {}
    for chunk in _chunks(refs):
        marks = ",".join("?" * len(chunk))
        rows = db.conn.execute(
            "SELECT p.role, s.uuid, s.reference, s.date, s.body FROM seizure_parties p "  # noqa: S608
            f"JOIN seizures s ON s.id = p.seizure_id WHERE p.kind = ? AND p.ref IN ({marks}) "
            "AND s.deleted_at IS NULL ORDER BY s.date DESC, s.id DESC LIMIT ?", [kind, *chunk, limit]
        ).fetchall()
        for role, uuid, reference, day, body in rows:
            cases.setdefault(uuid, (reference, day, body))
            roles.setdefault(uuid, set()).add(role)
    found = [CaseLink(tuple(sorted(roles[uuid])), uuid, reference, day, json.loads(body))
             for uuid, (reference, day, body) in cases.items()]
    found.sort(key=lambda link: (link.date, link.case_uuid), reverse=True)
    return found[:limit]


def entities_naming(db: Database, person_refs: Sequence[str]) -> list[EntityPersonLink]:
    """Return the live entities that name any of these persons."""
    found: list[EntityPersonLink] = []
    for chunk in _chunks(person_refs):
        marks = ",".join("?" * len(chunk))
        rows = db.conn.execute(
            "SELECT e.id, e.uuid, e.name, l.person_ref, l.role FROM entity_persons l "  # noqa: S608
            f"JOIN entities e ON e.id = l.entity_id WHERE l.person_ref IN ({marks}) AND e.deleted_at IS NULL "
            "ORDER BY e.name COLLATE NOCASE LIMIT ?", [*chunk, MAX_LINKS]).fetchall()
        found += [EntityPersonLink(*r) for r in rows]
    return found


def persons_of_entities(db: Database, entity_ids: Sequence[int]) -> list[EntityPersonLink]:
    """Return the persons these entities name (by ref)."""
    found: list[EntityPersonLink] = []
    for start in range(0, len(entity_ids), 500):
        chunk = list(entity_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        rows = db.conn.execute(
            "SELECT e.id, e.uuid, e.name, l.person_ref, l.role FROM entity_persons l "  # noqa: S608
            f"JOIN entities e ON e.id = l.entity_id WHERE l.entity_id IN ({marks}) LIMIT ?",
            [*chunk, MAX_LINKS]).fetchall()
        found += [EntityPersonLink(*r) for r in rows]
    return found


def names_of(db: Database, table: str, uuids: Sequence[str]) -> dict[str, tuple[str, int | None, bool]]:
    """Return name, the id of the record that absorbed it, and whether it is live, for records by identifier."""
    if table not in ("persons", "entities"):
        raise ValueError(table)
    found: dict[str, tuple[str, int | None, bool]] = {}
    for chunk in _chunks(uuids):
        marks = ",".join("?" * len(chunk))
        for uuid, name, merged_into, deleted_at in db.conn.execute(
                f"SELECT uuid, name, merged_into, deleted_at FROM {table} WHERE uuid IN ({marks})",  # noqa: S608
                list(chunk)).fetchall():
            found[uuid] = (name, merged_into, deleted_at is None)
    return found
