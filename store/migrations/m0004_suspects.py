"""Persons and entities: records, revisions, search index, blocking keys, match decisions, pictures, links.

Both kinds of record share one layout, written once below and created for ``person`` (table ``persons``)
and ``entity`` (table ``entities``). Links from cases to records are backfilled from existing case bodies.
"""

import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

KINDS = {"person": "persons", "entity": "entities"}

RECORDS = """
CREATE TABLE {table} (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,                 -- the name the record is listed under
    revision INTEGER NOT NULL CHECK (revision >= 1),
    body TEXT NOT NULL,
    terms TEXT NOT NULL DEFAULT '',     -- the words the search index holds for it (external content of the index)
    hint TEXT NOT NULL DEFAULT '',      -- what rules it out as a candidate unread: a date of birth, a home country
    origin TEXT NOT NULL DEFAULT '',    -- '' for this node's own records, else the administration that sent it
    watch_listed INTEGER NOT NULL DEFAULT 0 CHECK (watch_listed IN (0, 1)),
    merged_into INTEGER REFERENCES {table}(id),  -- set while a merge has absorbed it into another record
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
-- The lists show live records that no merge has absorbed: each order is one partial index.
CREATE INDEX {table}_by_update ON {table}(updated_at, id) WHERE deleted_at IS NULL AND merged_into IS NULL;
CREATE INDEX {table}_by_name ON {table}(name COLLATE NOCASE, id) WHERE deleted_at IS NULL AND merged_into IS NULL;
CREATE INDEX {table}_watched ON {table}(updated_at, id)
    WHERE watch_listed = 1 AND deleted_at IS NULL AND merged_into IS NULL;
CREATE INDEX {table}_absorbed ON {table}(merged_into) WHERE merged_into IS NOT NULL;

-- Names folded to ASCII words and their consonant skeletons, identifiers normalised; prefix indexes make
-- search-as-you-type a direct lookup rather than a scan of every word that starts with the letters typed.
CREATE VIRTUAL TABLE {table}_fts USING fts5(
    terms, content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);

CREATE TABLE {kind}_revisions (
    record_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import')),
    changes TEXT NOT NULL,
    PRIMARY KEY (record_id, revision)
) STRICT, WITHOUT ROWID;

-- Blocking keys (node/matching/keys.py), each stored as the first 8 bytes of its BLAKE2b hash: a fixed-size
-- integer keeps the table and its indexes small at millions of records; a collision only adds a candidate.
CREATE TABLE {kind}_keys (
    key INTEGER NOT NULL,
    record_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    PRIMARY KEY (key, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX {kind}_keys_by_record ON {kind}_keys(record_id);

-- What the matcher proposed when a record was written: the queue of possible duplicates.
CREATE TABLE {kind}_proposals (
    record_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    candidate_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (record_id, candidate_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX {kind}_proposals_by_candidate ON {kind}_proposals(candidate_id);
CREATE INDEX {kind}_proposals_by_time ON {kind}_proposals(found_at, record_id, candidate_id);

-- Pairs an analyst said are not the same: never proposed again.
CREATE TABLE {kind}_distinct (
    low_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    high_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    PRIMARY KEY (low_id, high_id),
    CHECK (low_id < high_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX {kind}_distinct_by_high ON {kind}_distinct(high_id);

-- Every merge, kept after it is undone: the absorbed record's ``merged_into`` is the live state.
CREATE TABLE {kind}_merges (
    id INTEGER PRIMARY KEY,
    survivor_id INTEGER NOT NULL REFERENCES {table}(id),
    absorbed_id INTEGER NOT NULL REFERENCES {table}(id),
    score REAL,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
) STRICT;
CREATE INDEX {kind}_merges_by_survivor ON {kind}_merges(survivor_id);
CREATE INDEX {kind}_merges_by_absorbed ON {kind}_merges(absorbed_id);

CREATE TABLE {kind}_pictures (
    record_id INTEGER NOT NULL REFERENCES {table}(id) ON DELETE CASCADE,
    shared_sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    original_sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    thumb_sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    position INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    PRIMARY KEY (record_id, shared_sha256)
) STRICT, WITHOUT ROWID;
"""

LINKS = """
-- Which live case names which person or entity record (``parties[].ref``), kept with the case's indexes.
-- Refs are record ids (UUIDs), not row ids: a case may name a record this node receives only later.
CREATE TABLE seizure_parties (
    seizure_id INTEGER NOT NULL REFERENCES seizures(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'entity')),
    ref TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (kind, ref, seizure_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX seizure_parties_by_case ON seizure_parties(seizure_id);

-- The persons behind a live entity (``persons[].ref``: director, owner, employee…).
CREATE TABLE entity_persons (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    person_ref TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (person_ref, entity_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX entity_persons_by_entity ON entity_persons(entity_id);
"""

BACKFILL = """
INSERT OR IGNORE INTO seizure_parties (seizure_id, kind, ref, role)
SELECT s.id, json_extract(p.value, '$.kind'), json_extract(p.value, '$.ref'),
       coalesce(json_extract(p.value, '$.role'), '')
FROM seizures s, json_each(s.body, '$.parties') p
WHERE s.deleted_at IS NULL AND json_extract(p.value, '$.kind') IN ('person', 'entity')
  AND coalesce(json_extract(p.value, '$.ref'), '') != '';
"""


def statements(script: str) -> Iterator[str]:
    """Yield the statements of an SQL script one by one."""
    # Not ``executescript``: it commits first, and the migration must stay inside the caller's transaction.
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:80]}")


def apply(db: Database) -> None:
    """Create the person and entity tables and the link tables, and link existing cases."""
    for kind, table in KINDS.items():
        for statement in statements(RECORDS.format(kind=kind, table=table)):
            db.execute(statement)
    for statement in statements(LINKS + BACKFILL):
        db.execute(statement)
