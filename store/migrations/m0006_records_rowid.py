"""Held records in a rowid table: the wire bytes (about 2 KiB each) no longer live in the id's B-tree.

A WITHOUT ROWID table keeps whole rows in its primary-key B-tree, which suits small rows only (SQLite advises
less than a twentieth of a page). With wire forms of a few KiB, every record received landed in a random leaf
and spilled into an overflow page: a page of 200 records rewrote some four hundred scattered pages, and the
table took two thirds more room. Rows are now appended in the order they are stored, and ``id`` has a UNIQUE
index of its own, which the foreign keys of record_audience, record_attachments and inbox_hits refer to.

The table is rebuilt in this migration's transaction, where foreign keys stay on: dropping the old table
deletes the rows that refer to it (ON DELETE CASCADE), so those rows are kept aside and put back.
"""

from sqlite_utils import Database

# The tables whose rows refer to records(id).
CHILDREN = ("record_audience", "record_attachments", "inbox_hits")
COLUMNS = ("id, owner, type, rev, seq, digest, scope, handling, wire, position, received_from, received_at, "
           "local_ref, seen")

SQL = """
CREATE TABLE records_new (
    id BLOB NOT NULL UNIQUE,
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
) STRICT;
"""


def apply(db: Database) -> None:
    """Rebuild ``records`` as a rowid table, keeping every row and every row that refers to one."""
    conn = db.conn
    for table in CHILDREN:
        conn.execute(f"CREATE TEMP TABLE kept_{table} AS SELECT * FROM {table}")  # noqa: S608 - fixed names
    conn.execute(SQL)
    conn.execute(f"INSERT INTO records_new ({COLUMNS}) SELECT {COLUMNS} FROM records ORDER BY position")  # noqa: S608
    conn.execute("DROP TABLE records")
    conn.execute("ALTER TABLE records_new RENAME TO records")
    conn.execute("CREATE INDEX records_owner_type ON records(owner, type, received_at)")
    conn.execute("CREATE INDEX records_local ON records(local_ref)")
    for table in CHILDREN:
        conn.execute(f"INSERT INTO {table} SELECT * FROM temp.kept_{table}")  # noqa: S608 - fixed names
        conn.execute(f"DROP TABLE temp.kept_{table}")
