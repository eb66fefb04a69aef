"""The running node: every service built on one store and key, opened and closed together."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial

from sqlite_utils import Database

from crypto import load_private_key
from node.backup import RESTORED_MARKER
from node.clock import Clock, now_iso
from node.config import Config
from node.datadir import DataDirError, is_initialised
from node.exchange.keys import finish_interrupted_rotation
from node.exchange.service import Exchange
from node.media.attachments import AttachmentStore
from node.refdata.service import RefDataService
from node.services.audit import AuditService
from node.services.auth import AuthService
from node.services.identity import IdentityService, identity_from_settings
from node.services.passwords import Hasher
from node.services.pictures import PictureService
from node.services.seizure_jobs import ImportJobs, clear_spool
from node.services.seizures import SeizureService
from node.services.suspect_kinds import ENTITIES, PERSONS
from node.services.suspect_links import LinkService
from node.services.suspect_merges import MatchingService
from node.services.suspect_pictures import SuspectPictureService
from node.services.suspects import SuspectService
from node.services.users import UserService
from node.tls import certificate_files, certificate_sha256
from protocol.recordtypes import RecordType
from store import audit as audit_repo
from store import settings as settings_repo
from store.exchange_state import own_key_list
from store.runner import Runner
from store.suspects import Kind

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
    refdata: RefDataService
    seizures: SeizureService
    pictures: PictureService
    exchange: Exchange
    imports: ImportJobs
    persons: SuspectService
    entities: SuspectService
    matching: MatchingService
    links: LinkService
    suspect_pictures: SuspectPictureService


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
        own_keys = await runner.read(own_key_list)
        await loop.run_in_executor(None, finish_interrupted_rotation, config.key_path, passphrase, own_keys)
        key = await loop.run_in_executor(None, load_private_key, config.key_path, passphrase)
        restored = await _note_restore(config, runner, clock)
        stored = await runner.read(settings_repo.get_settings)
        hasher = await loop.run_in_executor(None, Hasher)
        audit = AuditService(runner, clock)
        refdata = RefDataService(runner, clock)
        await refdata.load()
        attachments = AttachmentStore(config.attachments_dir)
        await loop.run_in_executor(None, attachments.remove_partial_files)
        identity = IdentityService(runner, clock, key, config.advertised_url, identity_from_settings(stored))
        if config.uses_tls:
            cert, _ = await loop.run_in_executor(None, lambda: certificate_files(
                keys_dir=config.key_path.parent, cert_file=config.tls_cert_file, key_file=config.tls_key_file,
                common_name=identity.identity.name, host=config.host, now=clock.now()))
            identity.tls_sha256 = await loop.run_in_executor(None, certificate_sha256, cert)
        exchange = Exchange(runner, clock, identity, attachments, sync_interval=config.sync_interval_seconds,
                            key_path=config.key_path, passphrase=passphrase)
        await exchange.open(restored=restored)
        seizures = SeizureService(runner, clock, refdata, exchange.sharing)
        spool = config.data_dir / "spool"
        await loop.run_in_executor(None, clear_spool, spool)
        services = Services(
            config=config, clock=clock, runner=runner, audit=audit,
            auth=AuthService(runner, clock, hasher, audit, idle_minutes=config.session_idle_minutes,
                             max_failures=config.login_max_failures, lockout_minutes=config.login_lockout_minutes),
            users=UserService(runner, clock, hasher),
            identity=identity,
            refdata=refdata,
            seizures=seizures,
            imports=ImportJobs(seizures, audit, clock, spool),
            pictures=PictureService(runner, clock, attachments, max_bytes=config.max_upload_bytes,
                                    max_pixels=config.max_image_megapixels * 1_000_000, publisher=exchange.sharing),
            exchange=exchange,
            persons=SuspectService(runner, clock, refdata, PERSONS, exchange.sharing),
            entities=SuspectService(runner, clock, refdata, ENTITIES, exchange.sharing),
            matching=MatchingService(runner, clock, exchange.sharing),
            links=LinkService(runner, clock),
            suspect_pictures=SuspectPictureService(runner, clock, attachments, max_bytes=config.max_upload_bytes,
                                                   max_pixels=config.max_image_megapixels * 1_000_000,
                                                   publisher=exchange.sharing),
        )
        for record_type, kind in ((RecordType.PERSON, Kind.PERSON), (RecordType.ENTITY, Kind.ENTITY)):
            exchange.inbox.matchers[record_type] = partial(services.matching.lookalikes, kind)
        try:
            yield services
        finally:
            await services.imports.close()
            await exchange.close()
            for suspects in (services.persons, services.entities):
                await loop.run_in_executor(None, suspects.close)  # an import's worker process, if started
    finally:
        await loop.run_in_executor(None, runner.close)


async def _note_restore(config: Config, runner: Runner, clock: Clock) -> bool:
    """Record, once, that this data directory was restored from a backup (the exchange must then never reuse
    sequence numbers it may have issued after that backup was taken)."""
    marker = config.data_dir / RESTORED_MARKER
    if not marker.exists():
        return False
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
    return True
