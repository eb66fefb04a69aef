"""The audit trail: every sign-in, change and view of nominal data, with who, when, what and from where."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.services.actor import Actor
from node.services.permissions import Permission
from store import audit as repo
from store.audit import AuditEntry, AuditFilter
from store.runner import Runner

EXPORT_CHUNK = 2000
MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of the audit log."""

    entries: list[AuditEntry]
    total: int
    offset: int
    limit: int


def write_entry(db: Database, clock: Clock, actor: Actor | None, action: str, object_type: str = "",
                object_id: object = "", detail: str = "", *, username: str = "") -> None:
    """Append an entry inside the caller's transaction, so the change and its record commit together."""
    repo.insert_entry(
        db, at=now_iso(clock), user_id=actor.user_id if actor else None,
        username=actor.username if actor else username, action=action, object_type=object_type,
        object_id=str(object_id), detail=detail[:2000], ip=actor.ip if actor else "",
    )


class AuditService:
    """Records events and lets administrators search and export them."""

    def __init__(self, runner: Runner, clock: Clock) -> None:
        self._runner = runner
        self._clock = clock

    async def record(self, actor: Actor | None, action: str, object_type: str = "", object_id: object = "",
                     detail: str = "", *, username: str = "", ip: str = "") -> None:
        """Append an entry in its own transaction (for events that change nothing else: views, sign-ins)."""
        if actor is None and ip:
            actor = Actor(user_id=None, username=username, role="", ip=ip)
        await self._runner.write(write_entry, self._clock, actor, action, object_type, object_id, detail,
                                 username=username)

    async def search(self, actor: Actor, criteria: AuditFilter, *, limit: int = 50, offset: int = 0) -> AuditPage:
        """Return a page of matching entries, newest first."""
        actor.require(Permission.VIEW_AUDIT)
        limit = max(1, min(limit, MAX_PAGE))
        offset = max(0, offset)

        def page(db: Database) -> AuditPage:
            return AuditPage(repo.list_entries(db, criteria, limit=limit, offset=offset),
                             repo.count_entries(db, criteria), offset, limit)

        return await self._runner.read(page)

    async def export_chunks(self, actor: Actor, criteria: AuditFilter) -> AsyncIterator[list[AuditEntry]]:
        """Yield matching entries oldest first in chunks, auditing the export itself."""
        actor.require(Permission.VIEW_AUDIT)
        await self.record(actor, "audit.export", detail=_describe(criteria))
        after = 0
        while True:
            chunk = await self._runner.read(repo.list_entries_after, criteria, after_id=after, limit=EXPORT_CHUNK)
            if chunk:
                yield chunk
                after = chunk[-1].id
            if len(chunk) < EXPORT_CHUNK:
                return


def _describe(criteria: AuditFilter) -> str:
    return ", ".join(f"{k}={v}" for k, v in asdict(criteria).items() if v) or "all"
