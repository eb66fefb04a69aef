"""The inbox: records received from other administrations, read-only, with local look-alikes highlighted."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from node.clock import Clock
from node.errors import NotFound
from node.exchange.state import ExchangeState
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from protocol.envelope import Record, decode_record
from protocol.recordtypes import RecordType
from protocol.text import N_
from store import peers as peers_repo
from store import records as records_repo
from store.records import HeldRecord, HitRow, InboxFilter

log = logging.getLogger(__name__)

# A matcher takes a received body and returns (local type, local id, score, reasons) of local look-alikes.
Matcher = Callable[[Mapping[str, Any]], Awaitable[list[HitRow]]]


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A received record as the inbox lists and shows it."""

    record_id: str
    record_type: str
    rev: int
    origin: str  # the administration's name
    origin_country: str
    received_at: str
    seen: bool
    handling: str
    scope: str
    body: Mapping[str, Any]
    hits: list[HitRow]


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """A record kept as evidence (equivocation or fork): which record, whose, from whom, when."""

    id: int
    record_id: str
    verdict: str
    origin: str  # the administration whose key signed it (name, else its stable fingerprint)
    received_from: str  # the administration that delivered it ("" when not known)
    at: str


class InboxService:
    """Lists and shows received records; finds local look-alikes of received persons and entities."""

    def __init__(self, state: ExchangeState, clock: Clock) -> None:
        self._state = state
        self._clock = clock
        self.matchers: dict[RecordType, Matcher] = {}

    async def check_hits(self, records: list[Record]) -> int:
        """Run received persons and entities through the local matcher; return how many have look-alikes."""
        found = 0
        for record in records:
            matcher = self.matchers.get(record.record_type)
            if matcher is None:
                continue
            hits = [HitRow(record.record_id.bytes, h.local_type, h.local_id, h.score, h.reasons)
                    for h in await matcher(record.body)]
            await self._state.runner.write(records_repo.put_hits, record.record_id.bytes, hits)
            found += bool(hits)
        return found

    def _item(self, row: HeldRecord, peers: Mapping[int, tuple[str, str]], hits: list[HitRow]) -> InboxItem:
        record = decode_record(row.wire, bodies=self._state.bodies)
        name, country = peers.get(row.received_from or -1, (row.owner, ""))
        return InboxItem(str(uuid.UUID(bytes=row.id)), row.type, row.rev, name, country, row.received_at, row.seen,
                         row.handling, row.scope, record.body, [h for h in hits if h.record_id == row.id])

    async def list(self, actor: Actor, criteria: InboxFilter, *, limit: int = 50,
                   offset: int = 0) -> tuple[list[InboxItem], int]:
        """Return a page of received records, newest first (audited: the page shows their names)."""
        actor.require(Permission.VIEW_NOMINAL)
        state = self._state

        def load(db: Database) -> tuple[list[HeldRecord], int, dict[int, tuple[str, str]], list[HitRow]]:
            rows, total = records_repo.list_received(db, criteria, limit=limit, offset=offset)
            peers = {p.id: (p.name, p.country) for p in peers_repo.list_peers(db, include_removed=True)}
            return rows, total, peers, records_repo.list_hits(db, [r.id for r in rows])

        rows, total, peers, hits = await state.runner.read(load)
        shown = ", ".join(text for text, on in ((criteria.record_type, bool(criteria.record_type)),
                                                ("new only", criteria.unseen_only),
                                                ("with look-alikes", criteria.with_hits_only)) if on)
        await state.runner.write(write_entry, state.clock, actor, "exchange.inbox.list", "exchange", "",
                                 f"{shown + ', ' if shown else ''}{len(rows)} shown of {total}")
        return [self._item(r, peers, hits) for r in rows], total

    async def get(self, actor: Actor, record_id: str) -> InboxItem:
        """Return one received record, mark it seen and audit the view."""
        actor.require(Permission.VIEW_NOMINAL)
        try:
            raw = uuid.UUID(record_id).bytes
        except ValueError:
            raise NotFound(N_("There is no such record.")) from None
        state = self._state

        def load(db: Database) -> tuple[HeldRecord, dict[int, tuple[str, str]], list[HitRow]] | None:
            row = records_repo.get_record(db, raw)
            if row is None or row.received_from is None:
                return None
            records_repo.mark_seen(db, raw)
            write_entry(db, state.clock, actor, "exchange.record.view", row.type, record_id,
                        f"revision {row.rev} from {row.owner}")
            peers = {p.id: (p.name, p.country) for p in peers_repo.list_peers(db, include_removed=True)}
            return row, peers, records_repo.list_hits(db, [raw])

        found = await state.runner.write(load)
        if found is None:
            raise NotFound(N_("There is no such record."))
        row, peers, hits = found
        return self._item(row, peers, hits)

    async def attachment(self, actor: Actor, record_id: str, sha256: str) -> tuple[bytes, str]:
        """Return a received record's attachment (its id and media type), once the file has arrived."""
        actor.require(Permission.VIEW_NOMINAL)
        try:
            raw, digest = uuid.UUID(record_id).bytes, bytes.fromhex(sha256)
        except ValueError:
            raise NotFound(N_("There is no such picture.")) from None

        def find(db: Database) -> str | None:
            row = records_repo.get_record(db, raw)
            if row is None or row.received_from is None:
                return None
            for attachment in decode_record(row.wire, bodies=self._state.bodies).attachments:
                if attachment.sha256 == digest and records_repo.attachment_present(db, digest):
                    return attachment.media_type
            return None

        media = await self._state.runner.read(find)
        if media is None:
            raise NotFound(N_("There is no such picture (it may not have arrived yet)."))
        return digest, media

    async def counts(self) -> dict[str, int]:
        """Return the numbers the dashboard shows: unseen records, records with local look-alikes, evidence."""

        def load(db: Database) -> dict[str, int]:
            _, unseen = records_repo.list_received(db, InboxFilter(unseen_only=True), limit=1, offset=0)
            _, hits = records_repo.list_received(db, InboxFilter(with_hits_only=True), limit=1, offset=0)
            return {"unseen": unseen, "hits": hits, "evidence": len(records_repo.list_evidence(db))}

        return await self._state.runner.read(load)

    async def evidence(self, actor: Actor) -> tuple[EvidenceItem, ...]:
        """Return the unresolved evidence, newest first (administrators)."""
        actor.require(Permission.MANAGE_PEERS)

        def load(db: Database) -> tuple[EvidenceItem, ...]:
            peers = peers_repo.list_peers(db, include_removed=True)
            by_id = {p.id: p.name for p in peers}
            by_owner = {p.owner: p.name for p in peers}
            items = []
            for row in records_repo.list_evidence(db):
                ev_id, record_id, owner, verdict, received_from, at = row[:6]
                assert isinstance(record_id, bytes)
                items.append(EvidenceItem(int(str(ev_id)), str(uuid.UUID(bytes=record_id)), str(verdict),
                                          by_owner.get(str(owner), str(owner)),
                                          by_id.get(received_from, "") if isinstance(received_from, int) else "",
                                          str(at)))
            return tuple(items)

        return await self._state.runner.read(load)


@dataclass(frozen=True, slots=True)
class HitReason:
    """One reason a received record resembles a local one: an English template and its parameters."""

    code: str
    template: str
    params: Mapping[str, str]
    weight: float


def hit_details(hit: HitRow) -> tuple[str, list[HitReason]]:
    """Return the name of a hit's local record and its reasons, strongest first (stored as JSON)."""
    try:
        data = json.loads(hit.reasons)
    except (ValueError, TypeError):
        return "", []
    items = data.get("reasons", []) if isinstance(data, dict) else data if isinstance(data, list) else []
    name = str(data.get("name", "")) if isinstance(data, dict) else ""
    reasons = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("template"), str):
            params = item.get("params")
            params = params if isinstance(params, dict) else {}
            reasons.append(HitReason(str(item.get("code", "")), item["template"],
                                     {str(k): str(v) for k, v in params.items()}, float(item.get("weight", 0) or 0)))
        elif isinstance(item, str):
            reasons.append(HitReason(item, item, {}, 0.0))
    return name, reasons
