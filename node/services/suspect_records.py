"""Writing person and entity records with everything that follows from a body, in the caller's transaction.

A write keeps the row and its search words, the blocking keys, the entity-person links and the queue of
possible duplicates consistent with the body; ``write_new`` matches a record before inserting it, so the
records of one import batch are compared with each other too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from node.services.suspect_kinds import KeySets, KindRules
from node.services.suspect_matching import Found, Proposal, find_matches, store_proposals
from store import suspect_links as link_repo
from store import suspect_matches as match_repo
from store import suspects as repo
from store.suspects import Kind, SuspectRow, Written


@dataclass(frozen=True, slots=True)
class Record:
    """A person or entity as the API and pages show it."""

    kind: Kind
    uuid: str
    name: str
    revision: int
    body: dict[str, Any] = field(repr=False)
    origin: str
    merged_into: str | None  # the identifier of the record that absorbed this one, while a merge holds
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None

    def to_json(self) -> dict[str, Any]:
        """Return the API shape: metadata plus the body's fields."""
        return {"id": self.uuid, "revision": self.revision, "origin": self.origin, "created_at": self.created_at,
                "created_by": self.created_by, "updated_at": self.updated_at, "updated_by": self.updated_by,
                **({"merged_into": self.merged_into} if self.merged_into else {}),
                **({"deleted_at": self.deleted_at} if self.deleted_at else {}), **self.body}


@dataclass(frozen=True, slots=True)
class Saved:
    """A record as written, and the existing records the matcher proposes as the same."""

    record: Record
    proposals: list[Proposal]


def to_record(db: Database, kind: Kind, row: SuspectRow) -> Record:
    """Build the shown record from a row (resolving the record that absorbed it)."""
    survivor = None
    if row.merged_into is not None:
        found = repo.get_by_ids(db, kind, [row.merged_into]).get(row.merged_into)
        survivor = found.uuid if found else None
    return Record(kind, row.uuid, row.name, row.revision, row.body, row.origin, survivor, row.created_at,
                  row.created_by, row.updated_at, row.updated_by, row.deleted_at)


def written(rules: KindRules, body: dict[str, Any]) -> Written:
    """Return what a body contributes to its row and the search index."""
    return Written(name=rules.name(body), terms=rules.terms(body), watch_listed=body["watch_list"]["listed"],
                   hint=rules.hint(body))


def index_links(db: Database, rules: KindRules, record_id: int, body: dict[str, Any]) -> None:
    """Keep the entity-person link table in step with an entity body."""
    if rules.kind is Kind.ENTITY:
        link_repo.put_entity_persons(db, record_id, [(p["ref"], p["role"]) for p in body["persons"] if p["ref"]])


class PendingKeys:
    """The keys of records written in a bulk transaction, stored together at its end in key order.

    Keys are hashes: written one record at a time they land all over the key index, each in another page;
    sorted, a chunk's keys touch each page once. Until then they are looked up here, so that the records of
    one chunk still find each other.
    """

    def __init__(self) -> None:
        self.by_key: dict[int, set[int]] = {}

    def add(self, record_id: int, keys: frozenset[int]) -> None:
        """Hold a new record's keys."""
        for key in keys:
            self.by_key.setdefault(key, set()).add(record_id)

    def flush(self, db: Database, kind: Kind) -> None:
        """Store the held keys in key order."""
        match_repo.add_keys(db, kind, sorted((key, record_id) for key, ids in self.by_key.items() for record_id in ids))
        self.by_key.clear()


@dataclass(frozen=True, slots=True)
class Prepared:
    """What a new body gives its row and indexes, computed before the write transaction."""

    facts: Any
    keys: KeySets
    written: Written


def prepare(rules: KindRules, record_uuid: str, body: dict[str, Any]) -> Prepared:
    """Compute a new record's facts, hashed keys, name and search words (pure; runs outside the writer)."""
    facts = rules.facts(record_uuid, body)
    return Prepared(facts, rules.key_sets(facts), written(rules, body))


def write_new(db: Database, rules: KindRules, *, record_uuid: str, body: dict[str, Any], at: str, by: str,
              action: str, origin: str = "", prepared: Prepared | None = None,
              pending: PendingKeys | None = None, found: list[Found] | None = None) -> tuple[int, list[Found]]:
    """Insert a checked body with its keys, links and proposals; return its row id and the proposals.

    With ``pending`` (a bulk import), the keys are held there until the caller flushes them; ``found`` are the
    proposals when the caller matched the record already (ahead of the writer, node/services/suspect_ahead.py).
    """
    ready = prepared or prepare(rules, record_uuid, body)
    facts, keys = ready.facts, ready.keys
    if found is None:
        found = find_matches(db, rules, [facts], keys=keys, pending=pending.by_key if pending else None)
    record_id = repo.insert(db, rules.kind, uuid=record_uuid, body=body, written=ready.written, at=at, by=by,
                            action=action, origin=origin)
    if pending is None:
        match_repo.put_keys(db, rules.kind, record_id, keys.stored, replace=False)
    else:
        pending.add(record_id, keys.stored)
    index_links(db, rules, record_id, body)
    store_proposals(db, rules.kind, record_id, found, at, replace=False)
    return record_id, found


def write_change(db: Database, rules: KindRules, row: SuspectRow, *, body: dict[str, Any], diff: dict[str, Any],
                 at: str, by: str, action: str, pending: PendingKeys | None = None) -> list[Found]:
    """Store a new revision with its keys, links and fresh proposals; return the proposals."""
    facts = rules.facts(row.uuid, body)
    keys = rules.key_sets(facts)
    repo.update(db, rules.kind, row, body=body, written=written(rules, body), changes=diff, at=at, by=by,
                action=action)
    match_repo.put_keys(db, rules.kind, row.id, keys.stored)
    index_links(db, rules, row.id, body)
    own = match_repo.cluster(db, rules.kind, row.id)
    found = [] if row.merged_into else find_matches(db, rules, [facts], own=own, keys=keys,
                                                     pending=pending.by_key if pending else None)
    store_proposals(db, rules.kind, row.id, found, at, replace=True)
    return found
