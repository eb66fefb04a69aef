"""The content-addressed attachment store: each file lives at ``root/aa/bb/<sha256>`` and is written once.

Content addressing makes duplicates free (the same photo attached to two cases is stored once), lets a backup or
a peer check a file against the hash recorded in a signed record, and keeps user-supplied names out of paths.
Synchronous: services call it through a thread executor.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

# Only this shape reaches the file system: a caller can never steer a path with "../" or a separator.
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TEMP_PREFIX = ".partial-"
_CHUNK = 1024 * 1024


def _check_hash(sha256: str) -> str:
    if not isinstance(sha256, str) or _SHA256.fullmatch(sha256) is None:
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r:.80}")
    return sha256


def _fsync_directory(directory: Path) -> None:
    # Without this a crash right after os.replace can lose the new directory entry, though the data was synced.
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AttachmentStore:
    """Files named by the SHA-256 of their content, in a two-level fan-out so no directory grows huge."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        """Return where the file with this hash lives (whether or not it exists); ValueError on a bad hash."""
        _check_hash(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """Tell whether the file is stored."""
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int:
        """Return the stored file's size in bytes; FileNotFoundError when absent."""
        return self.path(sha256).stat().st_size

    def put(self, data: bytes) -> str:
        """Store ``data`` (a no-op when already stored) and return its lowercase hex SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        with contextlib.suppress(FileNotFoundError):
            if target.stat().st_size == len(data):
                return sha256
            # A file of the wrong size under this name was damaged or tampered with: replace it below.
        directory = self._make_directories(target.parent)
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=directory)  # mode 0600, whatever the umask
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # Readers see either no file or the whole file, never a partial one.
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
            raise
        _fsync_directory(directory)
        return sha256

    def _make_directories(self, directory: Path) -> Path:
        # mkdir(parents=True) would create the intermediate levels with the umask's mode, not 0700.
        for level in (self.root, directory.parent, directory):
            level.mkdir(mode=0o700, exist_ok=True)
        return directory

    def read(self, sha256: str) -> bytes:
        """Return the stored file's content; FileNotFoundError when absent."""
        return self.path(sha256).read_bytes()

    def read_range(self, sha256: str, start: int, stop: int | None = None) -> bytes:
        """Return bytes ``start`` up to ``stop`` (exclusive, None for the end), as for an HTTP range request."""
        if start < 0 or (stop is not None and stop < start):
            raise ValueError(f"bad range {start}-{stop}")
        with self.path(sha256).open("rb") as handle:
            handle.seek(start)
            return handle.read() if stop is None else handle.read(stop - start)

    def verify(self, sha256: str) -> bool:
        """Recompute the stored file's hash: False when the file is absent, damaged or tampered with."""
        digest = hashlib.sha256()
        try:
            with self.path(sha256).open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return False
        return digest.hexdigest() == sha256

    def delete(self, sha256: str) -> bool:
        """Remove the stored file; return whether there was one."""
        # The emptied fan-out directories stay: removing them could race with a concurrent put into them.
        try:
            self.path(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def remove_partial_files(self) -> int:
        """Delete temporary files a crash left behind mid-write; call at start-up, before any ``put``."""
        removed = 0
        for partial in self.root.glob(f"*/*/{_TEMP_PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
                removed += 1
        return removed
