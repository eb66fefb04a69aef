"""The pictures of persons and entities (the files and their metadata live in the attachment store)."""

from __future__ import annotations

from sqlite_utils import Database

from store.pictures import PictureRow
from store.suspects import Kind


def add_picture(db: Database, kind: Kind, *, record_id: int, shared: str, original: str, thumb: str, at: str,
                by: str) -> bool:
    """Attach a picture at the end of a record's gallery; return False when it is already there."""
    position = db.conn.execute(f"SELECT coalesce(max(position), 0) + 1 FROM {kind}_pictures "  # noqa: S608
                               "WHERE record_id = ?", [record_id]).fetchone()[0]
    cursor = db.conn.execute(
        f"INSERT OR IGNORE INTO {kind}_pictures (record_id, shared_sha256, original_sha256, thumb_sha256, position,"  # noqa: S608
        " uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [record_id, shared, original, thumb, position, at, by])
    return cursor.rowcount > 0


def _select(kind: Kind) -> str:
    return (f"SELECT p.shared_sha256, p.original_sha256, p.thumb_sha256, s.media_type, o.media_type, t.media_type,"  # noqa: S608
            f" p.position, p.uploaded_at, p.uploaded_by FROM {kind}_pictures p"
            " JOIN attachments s ON s.sha256 = p.shared_sha256 JOIN attachments o ON o.sha256 = p.original_sha256"
            " JOIN attachments t ON t.sha256 = p.thumb_sha256")


def get_picture(db: Database, kind: Kind, record_id: int, shared_sha256: str) -> PictureRow | None:
    """Return one picture of a record, or None when it has no such picture."""
    row = db.conn.execute(_select(kind) + " WHERE p.record_id = ? AND p.shared_sha256 = ?",
                          [record_id, shared_sha256]).fetchone()
    return PictureRow(*row) if row else None


def remove_picture(db: Database, kind: Kind, record_id: int, shared_sha256: str) -> bool:
    """Take a picture out of a record's gallery (the files stay: history may refer to them)."""
    cursor = db.conn.execute(f"DELETE FROM {kind}_pictures WHERE record_id = ? AND shared_sha256 = ?",  # noqa: S608
                             [record_id, shared_sha256])
    return cursor.rowcount > 0
