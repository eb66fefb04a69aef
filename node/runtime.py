"""The running node: every service built on one store and key, opened and closed together."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from crypto import load_private_key
from node.backup import RESTORED_MARKER
from node.clock import Clock, now_iso
from node.config import Config
from node.datadir import DataDirError, is_initialised
from node.services.audit import AuditService
from node.services.auth import AuthService
from node.services.identity import IdentityService, identity_from_settings
from node.services.passwords import Hasher
from node.services.users import UserService
from store import audit as audit_repo
from store import settings as settings_repo
from store.runner import Runner

log = logging.getLogger(__name__)
RESTORED_AT_KEY = "node.restored_at"


@dataclass(frozen=True, slots=True)
class Services:
    """Every service of one node, built together on one store."""

    config: Config
    clock: Clock
    runner: Runner
    audit: AuditService
    auth: AuthService
    users: UserService
    identity: IdentityService


@asynccontextmanager
async def open_services(config: Config, clock: Clock) -> AsyncIterator[Services]:
    """Open the store and key of an initialised node, build the services, and always close them.

    Raises ``DataDirError`` when the directory holds no node, and store or key errors as they come.
    """
    if not is_initialised(config):
        raise DataDirError(f"{config.data_dir} holds no ncen node; run 'ncen init --data {config.data_dir}' first")
    loop = asyncio.get_running_loop()
    runner = Runner(config.db_path)
    await runner.open()
    try:
        passphrase = config.key_passphrase.encode() or None
        key = await loop.run_in_executor(None, load_private_key, config.key_path, passphrase)
        await _note_restore(config, runner, clock)
        stored = await runner.read(settings_repo.get_settings)
        hasher = await loop.run_in_executor(None, Hasher)
        audit = AuditService(runner, clock)
        yield Services(
            config=config, clock=clock, runner=runner, audit=audit,
            auth=AuthService(runner, clock, hasher, audit, idle_minutes=config.session_idle_minutes,
                             max_failures=config.login_max_failures, lockout_minutes=config.login_lockout_minutes),
            users=UserService(runner, clock, hasher),
            identity=IdentityService(runner, clock, key, config.advertised_url, identity_from_settings(stored)),
        )
    finally:
        await loop.run_in_executor(None, runner.close)


async def _note_restore(config: Config, runner: Runner, clock: Clock) -> None:
    """Record, once, that this data directory was restored from a backup (the exchange must then never reuse
    sequence numbers it may have issued after that backup was taken)."""
    marker = config.data_dir / RESTORED_MARKER
    if not marker.exists():
        return
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}

    def note(db: Database) -> None:
        now = now_iso(clock)
        settings_repo.put_settings(db, {RESTORED_AT_KEY: now})
        audit_repo.insert_entry(db, at=now, user_id=None, username="system", action="node.restored",
                                object_type="node", object_id="",
                                detail=f"from a backup taken {info.get('backup_created_at', 'at an unknown time')}",
                                ip="local")

    await runner.write(note)
    marker.unlink()
    log.warning("this node was restored from a backup taken %s", info.get("backup_created_at", "at an unknown time"))
