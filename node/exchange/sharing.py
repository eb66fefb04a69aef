"""Sharing local records: a user chooses the audience, the node signs and keeps it up to date afterwards.

Cases, persons and entities are shared. Nothing is shared by default (except, when an administrator turns it
on, the non-nominal copy of each confirmed seizure for the global CEN: "one seizure, one report"). A shared
record that changes is re-issued to the same audience in the same transaction as the change; a deleted (or
merged away) one is tombstoned to everyone who ever received it. Persons and entities are personal data:
they never go to a global node, and their local-only fields (internal notes, the watch list, the
description of the source) stay on this node.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from node.clock import now_iso
from node.errors import Conflict, Invalid, NotFound
from node.exchange import outbox
from node.exchange.state import GLOBAL_DEFAULT_KEY, ExchangeState
from node.ids import new_uuid
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from protocol.audience import Audience, Handling
from protocol.envelope import Attachment
from protocol.nonnominal import global_record_id, non_nominal_body
from protocol.records.entity import normalise_entity
from protocol.records.person import normalise_person
from protocol.recordtypes import RecordType, Scope
from protocol.text import N_
from store import peers as peers_repo
from store import pictures as picture_repo
from store import records as records_repo
from store import seizures as seizure_repo
from store import settings as settings_repo
from store import shares as shares_repo
from store import suspects as suspects_repo
from store.peers import PeerRow
from store.shares import ShareRow
from store.suspects import Kind

SEIZURE = "seizure"
PERSON = "person"
ENTITY = "entity"
SYSTEM = "system"
RECORD_TYPES = {SEIZURE: RecordType.SEIZURE, PERSON: RecordType.PERSON, ENTITY: RecordType.ENTITY}
# Fields of a person or entity that never leave this node (emptied in the shared copy).
LOCAL_ONLY = ("notes", "watch_list")


@dataclass(frozen=True, slots=True)
class ShareRequest:
    """What a user chose in the Share dialog."""

    peer_ids: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()
    all_paired: bool = False
    to_global: bool = False
    handling: str = "amber"


@dataclass(frozen=True, slots=True)
class ShareResult:
    """What was issued."""

    recipients: int
    to_global: bool


def _current_key(db: Database, peer: PeerRow) -> bytes | None:
    keys = [k for k in peers_repo.list_keys(db, peer.id) if k.last_seq is None and not k.revoked]
    return keys[-1].key if keys else None


def resolve(db: Database, request: ShareRequest) -> tuple[list[bytes], list[str]]:
    """Expand a user's choice into explicit recipient keys (never this node, never a global node)."""
    peers = [p for p in peers_repo.list_peers(db) if p.status == "paired" and p.role != "global"]
    chosen: dict[int, PeerRow] = {}
    for peer in peers:
        if request.all_paired or peer.id in request.peer_ids or set(peer.groups) & set(request.groups):
            chosen[peer.id] = peer
    keys = [key for peer in chosen.values() if (key := _current_key(db, peer)) is not None]
    labels = sorted(set(request.groups) | ({"all_paired"} if request.all_paired else set()))
    return sorted(set(keys)), labels


def global_keys(db: Database) -> list[bytes]:
    """Return the current keys of the paired global CEN nodes."""
    peers = [p for p in peers_repo.list_peers(db) if p.status == "paired" and p.role == "global"]
    return [key for peer in peers if (key := _current_key(db, peer)) is not None]


def shared_suspect_body(local_type: str, body: dict[str, Any]) -> dict[str, Any]:
    """Return the copy of a person or entity that receivers get: without its local-only fields."""
    normalise = normalise_person if local_type == PERSON else normalise_entity
    data = {k: v for k, v in body.items() if k not in LOCAL_ONLY}
    data["source"] = {**body.get("source", {}), "description": ""}  # may name an informant
    return normalise(data)


def body_attachments(db: Database, body: dict[str, Any]) -> list[Attachment]:
    """Return the pictures a person's or entity's body refers to, as record attachments."""
    attachments = []
    for picture in body.get("pictures", ()):
        row = db.conn.execute("SELECT size FROM attachments WHERE sha256 = ?", [picture["sha256"]]).fetchone()
        if row is not None:
            attachments.append(Attachment(bytes.fromhex(picture["sha256"]), int(row[0]), picture["media_type"]))
    return attachments


def seizure_attachments(db: Database, seizure_id: int) -> list[Attachment]:
    """Return the shared copies of a case's pictures as record attachments."""
    attachments = []
    for picture in picture_repo.list_pictures(db, seizure_id):
        row = db.conn.execute("SELECT size FROM attachments WHERE sha256 = ?", [picture.shared_sha256]).fetchone()
        attachments.append(Attachment(bytes.fromhex(picture.shared_sha256), int(row[0]), picture.shared_media_type))
    return attachments


class ShareService:
    """Issues and re-issues the records of shared local objects."""

    def __init__(self, state: ExchangeState) -> None:
        self._state = state
        # Called after a commit that issued records (the exchange wires it to "notify the peers").
        self.on_published: Callable[[], None] = lambda: None

    # -- inside a transaction ----------------------------------------------------------------------------------

    def _issue(self, db: Database, share: ShareRow, body: dict[str, Any] | None, row_id: int, at: str) -> None:
        """Sign the current state of a shared object for its share's audience (a tombstone when it is gone)."""
        state = self._state
        record_id = uuid.UUID(bytes=share.record_id)
        audience = Audience.of(share.audience, share.groups)
        scope = Scope(share.scope)
        if body is None:
            held_audience = [row[0] for row in db.conn.execute(
                "SELECT node_key FROM record_audience WHERE record_id = ?", [share.record_id]).fetchall()]
            everyone = Audience.of(set(held_audience) | set(share.audience), share.groups)
            outbox.tombstone(db, state.identity.key, state.owner, at, record_id=record_id, audience=everyone,
                             handling=Handling(share.handling), scope=scope, local_ref=share.local_id)
            return
        attachments: list[Attachment] = []
        if share.local_type != SEIZURE:
            content = shared_suspect_body(share.local_type, body)
            attachments = body_attachments(db, content)
        elif scope is Scope.NON_NOMINAL:
            content = non_nominal_body(RecordType.SEIZURE, body, uuid.UUID(share.local_id))
        else:
            content, attachments = body, seizure_attachments(db, row_id)
        outbox.issue(db, state.identity.key, state.owner, at, record_type=RECORD_TYPES[share.local_type],
                     record_id=record_id, body=content, audience=audience, handling=Handling(share.handling),
                     scope=scope, attachments=attachments, local_ref=share.local_id, bodies=state.bodies)

    def republish(self, db: Database, local_type: str, local_id: str, body: dict[str, Any] | None,
                  row_id: int) -> int:
        """Re-issue (or tombstone, when ``body`` is None) every shared copy of a changed local object.

        Called inside the transaction that changed it; ``row_id`` is its local row (a case's, for its
        pictures). Returns how many records were issued.
        """
        if local_type not in RECORD_TYPES:
            return 0
        at = now_iso(self._state.clock)
        shares = shares_repo.get_shares(db, local_type, local_id)
        if local_type == SEIZURE and body is not None and body.get("status") == "confirmed" and not any(
                s.scope == Scope.NON_NOMINAL.value for s in shares) and self._global_by_default(db):
            share = self._global_share(db, local_id, SYSTEM, at)
            if share is not None:
                shares.append(share)
        for share in shares:
            self._issue(db, share, body, row_id, at)
        if body is None and local_type != SEIZURE and shares:
            # A person or entity merged into another can come back (the merge is undone) and be shared again:
            # it then needs a new record id, since deletion is final on the receivers' nodes.
            shares_repo.delete_shares(db, local_type, local_id)
        return len(shares)

    def shares_new(self, db: Database, local_type: str, status: str) -> bool:
        """Tell whether a new object of this type and status is shared as soon as it exists: a confirmed seizure
        when the node sends those to the global CEN by default."""
        return local_type == SEIZURE and status == "confirmed" and self._global_by_default(db)

    def published(self) -> None:
        """Tell the exchange that records were issued (after the transaction that issued them committed)."""
        self.on_published()

    def _global_by_default(self, db: Database) -> bool:
        return bool(settings_repo.get_setting(db, GLOBAL_DEFAULT_KEY, False))

    def _global_share(self, db: Database, local_id: str, by: str, at: str) -> ShareRow | None:
        keys = global_keys(db)
        if not keys:
            return None
        share = ShareRow(SEIZURE, local_id, Scope.NON_NOMINAL.value,
                         global_record_id(uuid.UUID(local_id)).bytes, tuple(keys), (), Handling.GREEN.value, by, at)
        shares_repo.put_share(db, share)
        return share

    # -- user actions ------------------------------------------------------------------------------------------

    async def share_seizure(self, actor: Actor, case_id: str, request: ShareRequest) -> ShareResult:
        """Share a case with the chosen administrations and/or send its non-nominal copy to the global CEN."""
        return await self.share(actor, SEIZURE, case_id, request)

    async def share(self, actor: Actor, local_type: str, local_id: str, request: ShareRequest) -> ShareResult:
        """Share a case, person or entity with the chosen administrations (a case also with the global CEN)."""
        actor.require(Permission.SHARE_RECORDS)
        actor.require(Permission.VIEW_NOMINAL)
        if local_type not in RECORD_TYPES:
            raise NotFound(N_("There is no such record."))
        invalid = Invalid()
        try:
            handling = Handling(request.handling)
        except ValueError:
            invalid.add("handling", N_("Choose a handling code from the list."))
            handling = Handling.AMBER
        if not (request.peer_ids or request.groups or request.all_paired or request.to_global):
            invalid.add("audience", N_("Choose who receives the record: nothing is shared by default."))
        if request.to_global and local_type != SEIZURE:
            invalid.add("to_global", N_("Persons and entities are personal data: they never go to the global CEN."))
        invalid.raise_if_any()
        state = self._state

        def apply(db: Database) -> ShareResult:
            row_id, body, label = _load(db, local_type, local_id)
            at = now_iso(state.clock)
            recipients = 0
            if request.peer_ids or request.groups or request.all_paired:
                keys, labels = resolve(db, request)
                if not keys:
                    raise Conflict(N_("None of the chosen administrations is paired with this node."))
                previous = {s.scope: s for s in shares_repo.get_shares(db, local_type, local_id)}.get("nominal")
                audience = tuple(sorted(set(keys) | set(previous.audience if previous else ())))
                record_id = previous.record_id if previous else _fresh_record_id(db, local_id)
                share = ShareRow(local_type, local_id, Scope.NOMINAL.value, record_id, audience,
                                 tuple(labels), handling.value, actor.username, at)
                shares_repo.put_share(db, share)
                self._issue(db, share, body, row_id, at)
                recipients = len(audience)
            sent_global = False
            if request.to_global:
                global_share = self._global_share(db, local_id, actor.username, at)
                if global_share is None:
                    raise Conflict(N_("This node is not paired with the global CEN."))
                self._issue(db, global_share, body, row_id, at)
                sent_global = True
            write_entry(db, state.clock, actor, f"{local_type}.share", local_type, local_id,
                        f"{label}: {recipients} administration(s), handling {handling.value}"
                        + ("; non-nominal copy to the global CEN" if sent_global else ""))
            return ShareResult(recipients, sent_global)

        result = await state.runner.write(apply)
        self.published()
        return result

    async def shares_of(self, local_type: str, local_id: str) -> list[ShareRow]:
        """Return how a local object is shared."""
        return await self._state.runner.read(shares_repo.get_shares, local_type, local_id)

    async def set_global_by_default(self, actor: Actor, enabled: bool) -> None:
        """Turn on or off sending the non-nominal copy of every confirmed seizure to the global CEN."""
        actor.require(Permission.MANAGE_NODE)
        state = self._state

        def apply(db: Database) -> None:
            settings_repo.put_settings(db, {GLOBAL_DEFAULT_KEY: enabled})
            write_entry(db, state.clock, actor, "exchange.global_by_default", "node", "", str(enabled))

        await state.runner.write(apply)

    async def global_by_default(self) -> bool:
        """Tell whether confirmed seizures go to the global CEN by default."""
        return await self._state.runner.read(self._global_by_default)


def _fresh_record_id(db: Database, local_id: str) -> bytes:
    """Return the record id of a first share: the local id, unless a record under it was tombstoned before."""
    held = records_repo.get_record(db, uuid.UUID(local_id).bytes)
    if held is None or held.type != RecordType.TOMBSTONE.value:
        return uuid.UUID(local_id).bytes
    return new_uuid().bytes


def _load(db: Database, local_type: str, local_id: str) -> tuple[int, dict[str, Any], str]:
    """Return a live local object's row id, body and the words that name it in the audit log.

    Raises:
        NotFound: there is no such live object (deleted, or merged into another record).
    """
    if local_type == SEIZURE:
        case = seizure_repo.get_by_uuid(db, local_id)
        if case is None or case.deleted_at:
            raise NotFound(N_("There is no such case."))
        return case.id, case.body, case.reference
    suspect = suspects_repo.get_by_uuid(db, Kind(local_type), local_id)
    if suspect is None or suspect.deleted_at or suspect.merged_into is not None:
        raise NotFound(N_("There is no such record."))
    return suspect.id, suspect.body, suspect.name


def preview_global(body: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Return exactly the body the global CEN would receive for a case."""
    return non_nominal_body(RecordType.SEIZURE, body, uuid.UUID(case_id))

