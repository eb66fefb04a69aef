"""The exchange: peers and their keys, held records and the feed log, evidence, quarantine, nonces, shares."""

from sqlite_utils import Database

SQL = """
-- Counters that must never go back: the origin sequence number and the feed position.
CREATE TABLE exchange_counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- This node's own keys, current and past (the private keys live in files; here, their public halves).
CREATE TABLE own_keys (
    key BLOB PRIMARY KEY,
    created_at TEXT NOT NULL,
    retired_at TEXT,
    last_seq INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT, WITHOUT ROWID;

CREATE TABLE peers (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    role TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    tls_sha256 TEXT NOT NULL DEFAULT '',
    groups TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('pending', 'paired', 'removed')),
    hub_member INTEGER NOT NULL DEFAULT 0 CHECK (hub_member IN (0, 1)),
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    confirmed_at TEXT,
    confirmed_by TEXT,
    cursor TEXT NOT NULL DEFAULT '',
    their_head TEXT NOT NULL DEFAULT '',
    acked_seq INTEGER NOT NULL DEFAULT 0,
    acked_position INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE peer_keys (
    key BLOB PRIMARY KEY,
    peer_id INTEGER NOT NULL REFERENCES peers(id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    last_seq INTEGER,
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT, WITHOUT ROWID;
CREATE INDEX peer_keys_peer ON peer_keys(peer_id);

-- The current revision of every record this node holds: its own and those received, verbatim.
CREATE TABLE records (
    id BLOB PRIMARY KEY,
    owner TEXT NOT NULL,
    type TEXT NOT NULL,
    rev INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    digest BLOB NOT NULL,
    scope TEXT NOT NULL,
    handling TEXT NOT NULL,
    wire BLOB NOT NULL,
    position INTEGER NOT NULL,
    received_from INTEGER REFERENCES peers(id),
    received_at TEXT NOT NULL,
    local_ref TEXT NOT NULL DEFAULT '',
    seen INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1))
) STRICT, WITHOUT ROWID;
CREATE INDEX records_owner_type ON records(owner, type, received_at);
CREATE INDEX records_local ON records(local_ref);

-- Who may receive each record: its signed audience, one row per recipient key.
CREATE TABLE record_audience (
    record_id BLOB NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    node_key BLOB NOT NULL,
    PRIMARY KEY (record_id, node_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_audience_key ON record_audience(node_key, record_id);

-- The attachments each held record refers to (a file is served only to those entitled to such a record).
CREATE TABLE record_attachments (
    record_id BLOB NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    sha256 BLOB NOT NULL,
    PRIMARY KEY (record_id, sha256)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_attachments_sha ON record_attachments(sha256);

-- Every (owner, seq) ever accepted with its digest: a second digest for the same pair is a fork.
CREATE TABLE record_seqs (
    owner TEXT NOT NULL,
    seq INTEGER NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (owner, seq)
) STRICT, WITHOUT ROWID;

-- The feed log: one entry per stored revision, positions given by the single writer in the same transaction.
CREATE TABLE feed (
    position INTEGER PRIMARY KEY,
    record_id BLOB NOT NULL,
    digest BLOB NOT NULL
) STRICT;

-- Equivocations and forks: both byte forms kept for administrators to resolve with the origin.
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    record_id BLOB NOT NULL,
    owner TEXT NOT NULL,
    verdict TEXT NOT NULL,
    wire BLOB NOT NULL,
    held_wire BLOB,
    received_from INTEGER REFERENCES peers(id),
    at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT
) STRICT;

-- Records refused, with the reason (what a peer sent and why it was not stored).
CREATE TABLE refusals (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    peer_id INTEGER REFERENCES peers(id),
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    record_id BLOB
) STRICT;

-- Records signed by keys not (yet) trusted, to be examined again once such a key is paired.
CREATE TABLE quarantine (
    digest BLOB PRIMARY KEY,
    origin BLOB NOT NULL,
    wire BLOB NOT NULL,
    received_from INTEGER REFERENCES peers(id),
    at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Request nonces seen, kept until the request could no longer be accepted anyway.
CREATE TABLE nonces (
    key BLOB NOT NULL,
    nonce TEXT NOT NULL,
    until INTEGER NOT NULL,
    PRIMARY KEY (key, nonce)
) STRICT, WITHOUT ROWID;
CREATE INDEX nonces_until ON nonces(until);

-- Attachments that received records refer to, and whether the file is here yet.
CREATE TABLE wanted_attachments (
    sha256 BLOB PRIMARY KEY,
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    peer_id INTEGER REFERENCES peers(id),
    present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1))
) STRICT, WITHOUT ROWID;

-- What users shared: re-issued automatically when the local object changes, tombstoned when it is deleted.
CREATE TABLE shares (
    local_type TEXT NOT NULL,
    local_id TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('nominal', 'non_nominal')),
    record_id BLOB NOT NULL UNIQUE,
    audience TEXT NOT NULL,
    groups TEXT NOT NULL DEFAULT '[]',
    handling TEXT NOT NULL,
    shared_by TEXT NOT NULL,
    shared_at TEXT NOT NULL,
    PRIMARY KEY (local_type, local_id, scope)
) STRICT, WITHOUT ROWID;

-- Person and entity records received that resemble local suspects.
CREATE TABLE inbox_hits (
    record_id BLOB NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    local_type TEXT NOT NULL,
    local_id TEXT NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    PRIMARY KEY (record_id, local_type, local_id)
) STRICT, WITHOUT ROWID;
"""


def apply(db: Database) -> None:
    """Create the exchange tables."""
    db.executescript(SQL)
