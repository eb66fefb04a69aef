"""Attachment metadata and the pictures of seizure cases (the files live in the attachment store)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class PictureRow:
    """One picture of a case: the shared copy names it; the original and the thumbnail stay local."""

    shared_sha256: str
    original_sha256: str
    thumb_sha256: str
    shared_media_type: str
    original_media_type: str
    thumb_media_type: str
    position: int
    uploaded_at: str
    uploaded_by: str


def put_attachment(db: Database, *, sha256: str, media_type: str, size: int, width: int | None,
                   height: int | None, at: str) -> None:
    """Record a stored file's metadata (a file stored twice keeps its first record)."""
    db.conn.execute("INSERT OR IGNORE INTO attachments (sha256, media_type, size, width, height, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)", [sha256, media_type, size, width, height, at])


def add_picture(db: Database, *, seizure_id: int, shared: str, original: str, thumb: str, at: str,
                by: str) -> bool:
    """Attach a picture to a case at the end of its gallery; return False when it is already there."""
    position = db.conn.execute("SELECT coalesce(max(position), 0) + 1 FROM seizure_pictures WHERE seizure_id = ?",
                               [seizure_id]).fetchone()[0]
    cursor = db.conn.execute(
        "INSERT OR IGNORE INTO seizure_pictures (seizure_id, shared_sha256, original_sha256, thumb_sha256, position,"
        " uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [seizure_id, shared, original, thumb, position, at, by])
    return cursor.rowcount > 0


_SELECT = ("SELECT p.shared_sha256, p.original_sha256, p.thumb_sha256, s.media_type, o.media_type, t.media_type,"
           " p.position, p.uploaded_at, p.uploaded_by FROM seizure_pictures p"
           " JOIN attachments s ON s.sha256 = p.shared_sha256 JOIN attachments o ON o.sha256 = p.original_sha256"
           " JOIN attachments t ON t.sha256 = p.thumb_sha256")


def list_pictures(db: Database, seizure_id: int) -> list[PictureRow]:
    """Return a case's pictures in gallery order."""
    rows = db.conn.execute(_SELECT + " WHERE p.seizure_id = ? ORDER BY p.position", [seizure_id]).fetchall()
    return [PictureRow(*row) for row in rows]


def get_picture(db: Database, seizure_id: int, shared_sha256: str) -> PictureRow | None:
    """Return one picture of a case, or None when the case has no such picture."""
    row = db.conn.execute(_SELECT + " WHERE p.seizure_id = ? AND p.shared_sha256 = ?",
                          [seizure_id, shared_sha256]).fetchone()
    return PictureRow(*row) if row else None


def remove_picture(db: Database, seizure_id: int, shared_sha256: str) -> bool:
    """Take a picture out of a case's gallery (the files stay: history may refer to them)."""
    cursor = db.conn.execute("DELETE FROM seizure_pictures WHERE seizure_id = ? AND shared_sha256 = ?",
                             [seizure_id, shared_sha256])
    return cursor.rowcount > 0
