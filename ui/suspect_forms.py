"""The person and entity forms: posted values to record shape and back, repeated rows, and record pickers.

Form names follow the record's paths (``documents-0-number`` is ``documents.0.number``; see ui/forms.py).
A picker row (a case's party, an entity's person) holds the name as written and, in ``ref``, the record it
stands for: empty (not linked), ``new`` (create a record with this name when saving), or a record id. The
server fills a row's choices when asked ("Find in the databases"); ncen.js fills them as the user types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from node.errors import Message, ServiceError, ValidationFailed
from node.runtime import Services
from node.services.actor import Actor
from node.services.suspect_kinds import Kind
from node.services.suspect_records import Record
from node.services.suspects import SuspectService

NEW = "new"
PICKER_CHOICES = 6
Choices = dict[int, list[tuple[str, str]]]  # per row index: (record id, label)

# The repeated groups of each form; an "add:<group>" action adds a row to one of them.
GROUPS: dict[Kind, dict[str, Any]] = {
    Kind.PERSON: {"aliases": "", "nationalities": "", "documents": {}, "addresses": {}, "phones": "", "emails": ""},
    Kind.ENTITY: {"trading_names": "", "tax_ids": {}, "addresses": {}, "phones": "", "emails": "", "persons": {}},
}


def service_for(services: Services, kind: Kind) -> SuspectService:
    """Return the service of one kind of record."""
    return services.persons if kind is Kind.PERSON else services.entities


def posted_record(values: dict[str, Any]) -> dict[str, Any]:
    """Shape posted values as a record: the watch-list checkbox as a boolean, other fields as posted."""
    data = dict(values)
    watch = dict(data["watch_list"]) if isinstance(data.get("watch_list"), dict) else {}
    watch["listed"] = watch.get("listed") == "on"
    data["watch_list"] = watch
    if "types" in data and not isinstance(data["types"], list):
        data["types"] = [data["types"]] if data["types"] else []
    return data


def with_blank_rows(kind: Kind, values: dict[str, Any], *, add: str = "") -> dict[str, Any]:
    """Give each repeated group one empty row to type into (and one more in the group being added to)."""
    values = dict(values)
    for group, blank in GROUPS[kind].items():
        rows = list(values.get(group) or [])
        if not rows or rows[-1] or group == add:
            rows.append(blank if not isinstance(blank, dict) else {})
        values[group] = rows
    return values


def hint(record: Record) -> str:
    """Return what tells two records of the same name apart in a picker: birth, nationality, numbers."""
    body = record.body
    if record.kind is Kind.PERSON:
        parts = [body.get("date_of_birth", ""), ", ".join(body.get("nationalities", []))]
        parts += [d["number"] for d in body.get("documents", [])[:1]]
    else:
        registration = body.get("registration") or {}
        parts = [registration.get("number", ""), registration.get("jurisdiction", "")]
    return " · ".join(p for p in parts if p)


async def picker_choices(services: Services, actor: Actor, rows: list[dict[str, Any]],
                         kind_of: Callable[[dict[str, Any]], Kind]) -> Choices:
    """Search the databases for each unlinked row's name; return the choices per row index."""
    choices: Choices = {}
    for index, row in enumerate(rows):
        name = str(row.get("name") or "").strip()
        if not name or (row.get("ref") and row["ref"] != NEW) or len(name) < 2:
            continue
        page = await service_for(services, kind_of(row)).lookup(actor, name, limit=PICKER_CHOICES)
        choices[index] = [(record.uuid, " · ".join(p for p in (record.name, hint(record)) if p))
                          for record, _ in page.items]
    return choices


async def create_new_records(services: Services, actor: Actor, rows: list[dict[str, Any]],
                             kind_of: Callable[[dict[str, Any]], Kind]) -> dict[int, Message]:
    """Create a record for each row whose ``ref`` is ``new``, named as the row; set the rows' refs.

    Returns the errors by row index for rows that could not be created.
    """
    errors: dict[int, Message] = {}
    for index, row in enumerate(rows):
        if row.get("ref") != NEW:
            continue
        kind = kind_of(row)
        name = str(row.get("name") or "").strip()
        data = {"full_name": name} if kind is Kind.PERSON else {"legal_name": name}
        try:
            saved = await service_for(services, kind).create(actor, data)
        except ServiceError as exc:
            errors[index] = next(iter(exc.fields.values())) if isinstance(exc, ValidationFailed) else exc.message
            continue
        row["ref"] = saved.record.uuid
    return errors


def ref_choices(rows: list[dict[str, Any]], found: Choices) -> Choices:
    """Return each row's choices: what a search found, plus the record the row is already linked to."""
    result: Choices = {}
    for index, row in enumerate(rows):
        options = list(found.get(index, []))
        ref = row.get("ref") if isinstance(row, dict) else ""
        if ref and ref != NEW and ref not in {uuid for uuid, _ in options}:
            options.insert(0, (ref, str(row.get("name") or ref)))
        result[index] = options
    return result


def party_kind(row: dict[str, Any]) -> Kind:
    """Return the kind of record a case's party row stands for."""
    return Kind.ENTITY if row.get("kind") == "entity" else Kind.PERSON


async def create_new_parties(services: Services, actor: Actor, data: dict[str, Any],
                             previous: dict[str, Any] | None) -> None:
    """Create the records a case's party rows ask for (``ref`` = ``new``) once the rest of the case is valid.

    Raises ``ValidationFailed`` (from the case's checks, or naming a row whose record could not be created).
    """
    parties = [p for p in data.get("parties", []) if isinstance(p, dict)]
    if not any(p.get("ref") == NEW for p in parties):
        return
    services.seizures.check({**data, "parties": [{**p, "ref": ""} if p.get("ref") == NEW else p for p in parties]},
                            previous)
    problems = await create_new_records(services, actor, parties, party_kind)
    if problems:
        raise ValidationFailed({f"parties.{index}.name": message for index, message in problems.items()})
