"""Seizure cases: the case table, filter facets, full-text index, revisions, pictures, reference data."""

from sqlite_utils import Database

SQL = """
CREATE TABLE seizures (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL UNIQUE COLLATE NOCASE,
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    revision INTEGER NOT NULL CHECK (revision >= 1),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX seizures_by_date ON seizures(date, id);
CREATE INDEX seizures_by_update ON seizures(updated_at);

-- One row per filterable value of a case ("cat:drugs", "cty:NG", "hs:2710", "st:confirmed"...), with the
-- case date, so that any filter is an ordered index range scan that can stop after one page.
CREATE TABLE seizure_facets (
    seizure_id INTEGER NOT NULL REFERENCES seizures(id) ON DELETE CASCADE,
    facet TEXT NOT NULL,
    date TEXT NOT NULL,
    PRIMARY KEY (seizure_id, facet)
) STRICT, WITHOUT ROWID;
CREATE INDEX seizure_facets_scan ON seizure_facets(facet, date, seizure_id);

-- How many live cases carry each facet: the query planner drives a filtered list from the rarest one.
CREATE TABLE seizure_facet_counts (
    facet TEXT PRIMARY KEY,
    cases INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Contentless: the text lives in seizures.body; updates delete the old terms by supplying the old values.
CREATE VIRTUAL TABLE seizures_fts USING fts5(
    reference, goods, narrative, names, content='', tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE seizure_revisions (
    seizure_id INTEGER NOT NULL REFERENCES seizures(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import')),
    changes TEXT NOT NULL,
    PRIMARY KEY (seizure_id, revision)
) STRICT, WITHOUT ROWID;

CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    created_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE seizure_pictures (
    seizure_id INTEGER NOT NULL REFERENCES seizures(id) ON DELETE CASCADE,
    shared_sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    original_sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    thumb_sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    position INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    PRIMARY KEY (seizure_id, shared_sha256)
) STRICT, WITHOUT ROWID;

-- Entries administrators add to the extendable code lists, or built-in entries they retire.
CREATE TABLE ref_items (
    list TEXT NOT NULL,
    code TEXT NOT NULL,
    label_en TEXT NOT NULL DEFAULT '',
    label_fr TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    extra TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (list, code)
) STRICT, WITHOUT ROWID;

-- The full HS nomenclature, when an administrator has imported one.
CREATE TABLE hs_codes (
    code TEXT PRIMARY KEY,
    level INTEGER NOT NULL,
    description TEXT NOT NULL,
    parent TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
"""


def apply(db: Database) -> None:
    """Create the seizure tables."""
    db.executescript(SQL)
