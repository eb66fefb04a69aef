"""API tokens get a label so an administrator can tell them apart and revoke the right one."""

from sqlite_utils import Database


def apply(db: Database) -> None:
    """Add ``api_tokens.label``."""
    db.execute("ALTER TABLE api_tokens ADD COLUMN label TEXT NOT NULL DEFAULT ''")
