"""A log of changed person and entity records, kept by triggers, for matching ahead of the writer.

A bulk import matches each chunk in a worker against a snapshot of the database while the writer stores the
previous chunk. When the writer comes to the chunk it must know which records changed after that snapshot:
new ones have higher row ids, and every change to an existing record's body, deletion or merge is logged
here by the triggers below, whatever code or process made it. Entries older than a day are pruned by the
imports (store/suspect_matches.py ``prune_changes``); a snapshot is seconds old when it is used.
"""

from sqlite_utils import Database

KINDS = {"person": "persons", "entity": "entities"}

LOG = """
CREATE TABLE suspect_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: a number is never reused, even after pruning
    kind TEXT NOT NULL CHECK (kind IN ('person', 'entity')),
    record_id INTEGER NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT
"""

TRIGGER = """
CREATE TRIGGER {table}_changed AFTER UPDATE OF body, deleted_at, merged_into ON {table}
BEGIN
    INSERT INTO suspect_changes (kind, record_id) VALUES ('{kind}', NEW.id);
END
"""


def apply(db: Database) -> None:
    """Create the change log and a trigger on each kind's table."""
    db.conn.execute(LOG)
    db.conn.execute("CREATE INDEX suspect_changes_by_time ON suspect_changes(at)")
    for kind, table in KINDS.items():
        db.conn.execute(TRIGGER.format(kind=kind, table=table))
