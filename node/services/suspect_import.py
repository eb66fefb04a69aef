"""Bulk import of persons or entities, with matching: every new record is compared with the database.

A batch is checked off the event loop, then written in one transaction: each record is matched against
everything already stored (including the batch's earlier records) before it is inserted, so duplicates
inside a file are proposed as well. An item carrying an ``id`` that exists updates that record (an import
can be run again without creating duplicates); with an unknown ``id`` the record is created under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from node.errors import Message, ValidationFailed
from node.ids import new_uuid
from node.services.seizure_terms import changes
from node.services.seizures import Publisher
from node.services.suspect_ahead import Ahead, Fresh, Incoming
from node.services.suspect_kinds import KindRules
from node.services.suspect_links import person_ref_errors
from node.services.suspect_matching import find_matches
from node.services.suspect_records import PendingKeys, Prepared, prepare, write_change, write_new
from protocol.text import N_
from store import suspects as repo

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_REPORTED = 1000


@dataclass(slots=True)
class SuspectImportReport:
    """What an import did (or, in a dry run, would do), with the matches it proposed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[int, str, Message]] = field(default_factory=list)  # (item index, field, message)
    proposals: list[tuple[str, str, float]] = field(default_factory=list)  # (record id, existing record id, score)
    matched: int = 0  # new or changed records with at least one proposal

    def add(self, other: SuspectImportReport) -> None:
        """Add another part's counts, errors and proposals to this report."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.matched += other.matched
        self.errors += other.errors[: max(0, MAX_REPORTED - len(self.errors))]
        self.proposals += other.proposals[: max(0, MAX_REPORTED - len(self.proposals))]


@dataclass(frozen=True, slots=True)
class Checked:
    """One item after checking: its position, identifier (given or new), body, and what follows from it."""

    index: int
    uuid: str
    body: dict[str, Any]
    given_id: bool
    prepared: Prepared


def check_items(check: Callable[[Any], dict[str, Any]], rules: KindRules, items: list[Any],
                first: int) -> tuple[list[Checked], SuspectImportReport]:
    """Check each item and prepare what its write needs; return them and a report of the failures.

    Synchronous and free of the database: the caller runs it off the event loop, in a thread or a process.
    """
    report = SuspectImportReport()
    checked = []
    for offset, item in enumerate(items):
        index = first + offset
        given = item.get("id") if isinstance(item, dict) else None
        if given is not None and (not isinstance(given, str) or not UUID_RE.match(given)):
            report.failed += 1
            report.errors.append((index, "id", Message(N_("The id must be a UUID such as "
                                                          "0b7a2c1e-9d4f-4e8a-b1c3-5f6e7d8c9a0b."))))
            continue
        try:
            body = check(item)
        except ValidationFailed as exc:
            report.failed += 1
            report.errors += [(index, path, msg) for path, msg in exc.fields.items()]
            continue
        body["pictures"] = []
        record_uuid = given or str(new_uuid())
        checked.append(Checked(index, record_uuid, body, given is not None, prepare(rules, record_uuid, body)))
    return checked, report


def incoming(item: Checked) -> Incoming:
    """Return what matching ahead needs of a checked item."""
    return Incoming(item.uuid, item.prepared.facts, item.prepared.keys, item.prepared.written.hint)


def write_batch(db: Database, rules: KindRules, checked: list[Checked], report: SuspectImportReport, *, at: str,
                by: str, publisher: Publisher, ahead: Ahead | None = None) -> int:
    """Create or update the checked records, matching each one (in the caller's transaction).

    With ``ahead`` (what a worker found for these items, in this order), new records take the worker's
    results brought up to date instead of being matched here. Returns how many shared copies of updated
    records were re-issued.
    """
    published = 0
    existing = repo.get_by_uuids(db, rules.kind, [c.uuid for c in checked if c.given_id])
    pending = PendingKeys()
    fresh = Fresh(db, rules, ahead) if ahead is not None and Fresh.usable(db, ahead) else None
    created: dict[int, int] = {}  # position in ``checked`` -> row id, for the records this chunk created
    seen: set[str] = set()
    for position, item in enumerate(checked):
        if item.uuid in seen:
            report.failed += 1
            report.errors.append((item.index, "id", Message(N_("This id appears twice in the import."))))
            continue
        seen.add(item.uuid)
        if errors := person_ref_errors(db, item.body):
            report.failed += 1
            report.errors += [(item.index, path, msg) for path, msg in errors.items()]
            continue
        current = existing.get(item.uuid)
        if current is None:
            matched = fresh.found(db, position, incoming(item), created) if fresh is not None else None
            created[position], found = write_new(db, rules, record_uuid=item.uuid, body=item.body, at=at, by=by,
                                                 action="import", prepared=item.prepared, pending=pending,
                                                 found=matched)
            report.created += 1
        elif current.deleted_at or current.origin:
            report.failed += 1
            report.errors.append((item.index, "id", Message(N_("This record was deleted or received from another "
                                                               "administration; an import does not change it."))))
            continue
        else:
            item.body["pictures"] = current.body["pictures"]
            diff = changes(current.body, item.body)
            if not diff:
                report.unchanged += 1
                continue
            found = write_change(db, rules, current, body=item.body, diff=diff, at=at, by=by, action="import",
                                 pending=pending)
            if fresh is not None:
                fresh.changed(db, current.id)
            published += publisher.republish(db, rules.kind.value, item.uuid, item.body, current.id)
            report.updated += 1
        if found:
            report.matched += 1
            candidates = repo.get_by_ids(db, rules.kind, [f.record_id for f in found])
            for match in found:
                if len(report.proposals) < MAX_REPORTED:
                    report.proposals.append((item.uuid, candidates[match.record_id].uuid, match.result.score))
    pending.flush(db, rules.kind)
    return published


def dry_run(db: Database, rules: KindRules, checked: list[Checked], report: SuspectImportReport) -> None:
    """Report what an import would do, and what it would propose against the stored records, writing nothing."""
    existing = repo.get_by_uuids(db, rules.kind, [c.uuid for c in checked if c.given_id])
    for item in checked:
        if errors := person_ref_errors(db, item.body):
            report.failed += 1
            report.errors += [(item.index, path, msg) for path, msg in errors.items()]
            continue
        current = existing.get(item.uuid)
        if current is not None:
            report.updated += 1
            continue
        report.created += 1
        found = find_matches(db, rules, [rules.facts(item.uuid, item.body)])
        if found:
            report.matched += 1
            candidates = repo.get_by_ids(db, rules.kind, [f.record_id for f in found])
            report.proposals += [(item.uuid, candidates[f.record_id].uuid, f.result.score) for f in found]
        del report.proposals[MAX_REPORTED:]
