"""Candidates' hints read from a small index instead of their rows.

Matching a new person or company first reads the hint of every candidate (a date of birth, a home country) to rule
most of them out unread. The hint lived only in the record's row, beside its whole body: at a million persons the
rows fill gigabytes, so each candidate cost a page read of its own. A partial index on (id, hint) of live records
answers the same question from a few megabytes that stay cached (store/suspects.py ``hints``).
"""

from sqlite_utils import Database

TABLES = ("persons", "entities")


def apply(db: Database) -> None:
    """Index each live record's hint by its id, for persons and for entities."""
    for table in TABLES:
        db.conn.execute(f"CREATE INDEX {table}_hints ON {table}(id, hint, deleted_at) WHERE deleted_at IS NULL")
