"""``ncen backup`` and ``ncen restore``: database, key, config and attachments, with a checksummed manifest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from node import __version__
from node.clock import Clock, now_iso
from node.config import Config
from node.datadir import is_initialised
from store.backup import copy_database, database_version
from store.migrations import LATEST

MANIFEST = "manifest.json"
BACKUP_FORMAT = 1
DB_NAME = "ncen.db"
# Written into the data directory by a restore; the node reads it at its next start (see runtime).
RESTORED_MARKER = "RESTORED.json"


class BackupError(Exception):
    """A backup or restore cannot proceed; the message says why."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    """What a backup or restore copied."""

    path: Path
    files: int
    bytes: int
    schema_version: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _prepare_empty(directory: Path, what: str) -> None:
    if directory.exists():
        if not directory.is_dir():
            raise BackupError(f"{what} {directory} is not a directory")
        if any(directory.iterdir()):
            raise BackupError(f"{what} {directory} is not empty; choose a new or empty directory")
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create {what} {directory}: {exc.strerror or exc}") from exc


def _data_files(config: Config) -> list[Path]:
    """Return the files besides the database that a backup carries, relative to the data directory."""
    files = [p.relative_to(config.data_dir) for p in (config.key_path, config.config_path) if p.exists()]
    if config.attachments_dir.exists():
        # A ".partial-*" file is an upload still being written: not part of the consistent state.
        files += sorted(p.relative_to(config.data_dir) for p in config.attachments_dir.rglob("*")
                        if p.is_file() and not p.name.startswith(".partial-"))
    return files


def backup(config: Config, destination: Path, clock: Clock) -> BackupResult:
    """Copy a node's data (live or stopped) into an empty directory with a manifest of SHA-256 sums."""
    if not is_initialised(config):
        raise BackupError(f"{config.data_dir} holds no ncen node to back up")
    _prepare_empty(destination, "backup directory")
    try:
        # Database first: every attachment it refers to was written before its row, so it is present below.
        version = copy_database(config.db_path, destination / DB_NAME)
        sums = {DB_NAME: _sha256(destination / DB_NAME)}
        for relative in _data_files(config):
            target = destination / relative
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(config.data_dir / relative, target)
            sums[relative.as_posix()] = _sha256(target)
        manifest = {"ncen_backup": BACKUP_FORMAT, "ncen_version": __version__, "schema_version": version,
                    "created_at": now_iso(clock), "files": sums}
        (destination / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    except OSError as exc:
        raise BackupError(f"backup failed: {exc.strerror or exc} ({getattr(exc, 'filename', '')})") from exc
    size = sum((destination / name).stat().st_size for name in sums)
    return BackupResult(destination, len(sums), size, version)


def _read_manifest(source: Path) -> dict[str, object]:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} is not an ncen backup (no {MANIFEST})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{source / MANIFEST} is unreadable or damaged: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("ncen_backup") != BACKUP_FORMAT:
        raise BackupError(f"{source / MANIFEST}: unsupported backup format")
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_NAME not in files:
        raise BackupError(f"{source / MANIFEST}: the list of files is missing or has no database")
    for name in files:
        # A manifest must not steer the restore outside the data directory.
        if not isinstance(name, str) or name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"{source / MANIFEST}: unsafe file name {name!r}")
    return manifest


def restore(source: Path, config: Config, clock: Clock) -> BackupResult:
    """Verify a backup and copy it into an empty data directory; nothing is left behind on failure."""
    manifest = _read_manifest(source)
    files: dict[str, str] = manifest["files"]  # type: ignore[assignment]
    for name, expected in files.items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"backup is incomplete: {name} is missing")
        if _sha256(path) != expected:
            raise BackupError(f"backup is damaged: {name} does not match its checksum")
    version = database_version(source / DB_NAME)
    if version > LATEST:
        raise BackupError(f"backup has schema version {version}, newer than this ncen supports ({LATEST}); "
                          "install the newer release first")
    _prepare_empty(config.data_dir, "data directory")
    try:
        for name in files:
            target = config.data_dir / name
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(source / name, target)
        if config.key_path.exists():
            os.chmod(config.key_path, 0o600)
        os.chmod(config.db_path, 0o600)
        marker = {"restored_at": now_iso(clock), "backup_created_at": manifest.get("created_at"),
                  "backup_schema_version": version}
        (config.data_dir / RESTORED_MARKER).write_text(json.dumps(marker), encoding="utf-8")
    except OSError as exc:
        for child in config.data_dir.iterdir():
            with contextlib.suppress(OSError):
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise BackupError(f"restore failed: {exc.strerror or exc}") from exc
    size = sum((config.data_dir / name).stat().st_size for name in files)
    return BackupResult(config.data_dir, len(files), size, version)
