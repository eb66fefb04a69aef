"""Imports started from the web interface: run in the background, their progress polled by the page.

An upload is first saved under the data directory (a large file is then checked by a worker process, like
``ncen import``); the job keeps its progress and final report in memory for an hour.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from node.clock import Clock
from node.errors import Message, NotFound, ServiceError
from node.services.actor import Actor
from node.services.audit import AuditService
from node.services.permissions import Permission
from node.services.seizure_import import SERVED_BATCH_SIZE, ImportProgress, ImportResult, import_seizures
from node.services.seizure_mapping import Mapping
from node.services.seizures import SeizureService
from protocol.text import N_

log = logging.getLogger(__name__)

KEEP_SECONDS = 3600


@dataclass(slots=True)
class ImportJob:
    """One import started from the web interface."""

    id: str
    owner: int | None  # the user who started it: only they (or an administrator) may look at it
    name: str
    dry_run: bool
    started: float
    path: Path = field(repr=False)
    mapping: Mapping | None = field(default=None, repr=False)
    progress: ImportProgress | None = None
    result: ImportResult | None = None
    failure: Message | None = None
    finished: float | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def done(self) -> bool:
        """Tell whether the job has ended (successfully or not)."""
        return self.finished is not None


class ImportJobs:
    """Starts imports in the background and keeps their state for the page that follows them."""

    def __init__(self, seizures: SeizureService, audit: AuditService, clock: Clock, spool: Path) -> None:
        self._seizures = seizures
        self._audit = audit
        self._clock = clock
        self._spool = spool
        self._jobs: dict[str, ImportJob] = {}

    def start(self, actor: Actor, data_path: Path, *, name: str, mapping: Mapping | None, dry_run: bool) -> ImportJob:
        """Start importing a saved upload; the file is deleted when the job ends."""
        actor.require(Permission.IMPORT_RECORDS)
        self._forget_old()
        job = ImportJob(secrets.token_urlsafe(12), actor.user_id, name, dry_run, self._clock.monotonic(), data_path,
                        mapping)
        job.task = asyncio.get_running_loop().create_task(self._run(job, actor), name=f"ncen-import-{job.id}")
        self._jobs[job.id] = job
        return job

    async def _run(self, job: ImportJob, actor: Actor) -> None:
        def progress(update: ImportProgress) -> None:
            job.progress = update

        try:
            with job.path.open("rb") as source:
                job.result = await import_seizures(
                    self._seizures, self._audit, actor, source, clock=self._clock, name=job.name,
                    mapping=job.mapping, dry_run=job.dry_run, batch_size=SERVED_BATCH_SIZE, progress=progress)
        except ServiceError as exc:
            job.failure = exc.message
        except asyncio.CancelledError:
            job.failure = Message(N_("The import was interrupted: the node stopped."))
            raise
        except Exception:
            log.exception("import %s failed", job.name)
            job.failure = Message(N_("The import failed on the server. The administrator can find the details "
                                     "in the log."))
        finally:
            job.finished = self._clock.monotonic()
            if not job.dry_run or job.failure is not None:
                _remove(job.path)  # a checked file is kept (for an hour) so that it can be imported for real

    def confirm(self, actor: Actor, job_id: str) -> ImportJob:
        """Import for real the file a finished dry run checked."""
        job = self.get(actor, job_id)
        if not job.dry_run or not job.done or job.failure is not None or not job.path.exists():
            raise NotFound(N_("This checked file is no longer available; upload it again."))
        return self.start(actor, job.path, name=job.name, mapping=job.mapping, dry_run=False)

    def get(self, actor: Actor, job_id: str) -> ImportJob:
        """Return a job to the user who started it (or an administrator)."""
        job = self._jobs.get(job_id)
        if job is None or (job.owner != actor.user_id and not actor.can(Permission.MANAGE_USERS)):
            raise NotFound(N_("There is no such import."))
        return job

    def spool_path(self) -> Path:
        """Return a new file name for an upload being saved."""
        self._spool.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self._spool / f"import-{secrets.token_hex(8)}.csv"

    def _forget_old(self) -> None:
        now = self._clock.monotonic()
        for job_id, job in list(self._jobs.items()):
            if job.finished is not None and now - job.finished > KEEP_SECONDS:
                _remove(job.path)
                del self._jobs[job_id]

    async def close(self) -> None:
        """Stop running imports (their batches written so far stay; an import can simply be run again)."""
        for job in self._jobs.values():
            if job.task is not None and not job.task.done():
                job.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await job.task


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def clear_spool(spool: Path) -> None:
    """Remove uploads left behind by a node that stopped during an import (call at start-up)."""
    for leftover in spool.glob("import-*.csv") if spool.is_dir() else []:
        _remove(leftover)
