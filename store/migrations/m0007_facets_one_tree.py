"""Seizure facets in one B-tree keyed (facet, date, seizure_id), instead of a table keyed by case plus an index.

Every list walks a facet's rows in date order and probes the other facets by (facet, date, case); nothing looks
facets up by case any more, since a case's old facets are known from its old body when it changes. One tree
instead of two halves what a case costs to index: a bulk import spent half of its writer's time there.
The rows keep no foreign key to ``seizures``: cases are never deleted from that table (a deletion is a mark).
"""

from sqlite_utils import Database

SQL = """
CREATE TABLE seizure_facets_new (
    facet TEXT NOT NULL,
    date TEXT NOT NULL,
    seizure_id INTEGER NOT NULL,
    PRIMARY KEY (facet, date, seizure_id)
) STRICT, WITHOUT ROWID;
INSERT INTO seizure_facets_new (facet, date, seizure_id)
    SELECT facet, date, seizure_id FROM seizure_facets ORDER BY facet, date, seizure_id;
DROP TABLE seizure_facets;
ALTER TABLE seizure_facets_new RENAME TO seizure_facets;
"""


def apply(db: Database) -> None:
    """Rebuild ``seizure_facets`` as one tree in its scan order."""
    for statement in SQL.split(";"):
        if statement.strip():
            db.conn.execute(statement)
