"""The data directory: initialising a node (key, database, first administrator, config file) and checks."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from crypto import SigningKey, save_private_key
from node.clock import Clock, now_iso
from node.config import SETTINGS, Config
from node.errors import Invalid
from node.services.identity import COUNTRY_KEY, CREATED_KEY, NAME_KEY, ROLE_KEY, check_identity
from node.services.passwords import Hasher, generate_password
from node.services.permissions import Role
from protocol.roles import NodeRole
from store import audit as audit_repo
from store import settings as settings_repo
from store import users as user_repo
from store.runner import Runner

log = logging.getLogger(__name__)

DEFAULT_NAME = "ncen node"
ADMIN_USERNAME = "admin"


class DataDirError(Exception):
    """The data directory cannot be used; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``init_node`` created."""

    admin_username: str
    admin_password: str | None  # generated one-time password; None when NCEN_ADMIN_PASSWORD was used
    fingerprint: str


def is_initialised(config: Config) -> bool:
    """Tell whether the data directory already holds a node."""
    return config.key_path.exists() or config.db_path.exists()


def ensure_writable(directory: Path) -> None:
    """Create the directory (owner-only) if needed and prove it is writable.

    Raises ``DataDirError`` naming the directory when it is not.
    """
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = directory / f".write-test-{secrets.token_hex(4)}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise DataDirError(f"data directory {directory} is not writable: {exc.strerror or exc}") from exc
    if not directory.is_dir():
        raise DataDirError(f"data directory {directory} is not a directory")


LOCK_FILE = "serve.lock"


@contextlib.contextmanager
def exclusive(directory: Path, refusal: str) -> Iterator[None]:
    """Hold the data directory's lock: taken by ``ncen serve`` while it runs, and by commands that must not
    run beside it (rotating the key the running node signs with). The kernel releases it if the process dies.

    Raises:
        DataDirError: another process holds the lock; the message is ``refusal``.
    """
    if not directory.is_dir():  # no node here: the command itself says so
        yield
        return
    handle = (directory / LOCK_FILE).open("a+b")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise DataDirError(refusal) from None
    try:
        yield
    finally:
        handle.close()


def config_template() -> str:
    """Return the commented config file written at initialisation."""
    lines = [
        "# ncen node configuration.",
        "# Command-line flags and NCEN_* environment variables take precedence over these values.",
        "# Secrets (NCEN_KEY_PASSPHRASE, NCEN_ADMIN_PASSWORD) are read from the environment only.",
        "",
    ]
    defaults = Config()
    for setting in SETTINGS:
        if not setting.in_file:
            continue
        value = getattr(defaults, setting.name)
        shown = f'"{value}"' if isinstance(value, str) else str(value)
        lines += [f"# {setting.help}", f"# {setting.name} = {shown}", ""]
    return "\n".join(lines)


def init_node(config: Config, clock: Clock, *, name: str = DEFAULT_NAME, country: str = "",
              role: str = NodeRole.NATIONAL) -> InitResult:
    """Create key, database, identity and first administrator; refuse if a node is already there.

    On any failure, whatever this call created is removed again, so it can simply be retried.
    """
    invalid = Invalid()
    check_identity(invalid, name, country.upper())
    if role not in {r.value for r in NodeRole}:
        invalid.add("role", "must be national, hub or global")
    if invalid:
        raise DataDirError("; ".join(f"{field}: {msg.render()}" for field, msg in invalid.fields.items()))
    if is_initialised(config):
        raise DataDirError(f"{config.data_dir} already holds an ncen node; nothing was changed "
                           "(use another --data directory, or restore a backup into an empty one)")
    ensure_writable(config.data_dir)
    created: list[Path] = []
    try:
        key = SigningKey.generate()
        keys_dir = config.key_path.parent
        keys_dir.mkdir(mode=0o700, exist_ok=True)
        save_private_key(config.key_path, key, config.key_passphrase.encode() or None)
        created.append(config.key_path)
        config.attachments_dir.mkdir(mode=0o700, exist_ok=True)
        if not config.config_path.exists():
            config.config_path.write_text(config_template(), encoding="utf-8")
            created.append(config.config_path)
        password = config.admin_password or generate_password()
        password_hash = Hasher().hash_sync(password)
        created += [config.db_path, Path(f"{config.db_path}-wal"), Path(f"{config.db_path}-shm")]
        runner = Runner(config.db_path, readers=1)
        runner.open_sync()
        try:
            runner.write_sync(_seed, clock, name.strip(), country.strip().upper(), role, password_hash,
                              must_change=not config.admin_password, fingerprint=key.public.fingerprint)
        finally:
            runner.close()
    except BaseException:
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    os.chmod(config.db_path, 0o600)
    log.info("initialised node %s in %s", key.public.fingerprint, config.data_dir)
    return InitResult(ADMIN_USERNAME, None if config.admin_password else password, key.public.fingerprint)


def _seed(db: Database, clock: Clock, name: str, country: str, role: str, password_hash: str, *, must_change: bool,
          fingerprint: str) -> None:
    now = now_iso(clock)
    settings_repo.put_settings(db, {NAME_KEY: name, COUNTRY_KEY: country, ROLE_KEY: role, CREATED_KEY: now})
    admin = user_repo.insert_user(db, username=ADMIN_USERNAME, display_name="Administrator", email="",
                                  role=Role.ADMINISTRATOR, password_hash=password_hash,
                                  must_change_password=must_change, language="en", now=now)
    audit_repo.insert_entry(db, at=now, user_id=None, username="cli", action="node.init", object_type="node",
                            object_id=fingerprint, detail=f"{name} ({country or 'no country'}, {role})", ip="local")
    audit_repo.insert_entry(db, at=now, user_id=None, username="cli", action="user.create", object_type="user",
                            object_id=str(admin.id), detail=f"{ADMIN_USERNAME} as administrator", ip="local")
