"""Issuing this node's own records: next revision, next sequence number, sealed and stored in the caller's
transaction (record + feed entry + counter commit together, docs/protocol.md section 18, point 15)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from crypto import SigningKey
from protocol.audience import Audience, Handling
from protocol.bodies import BodyRegistry
from protocol.envelope import Attachment, Draft, Record, seal_record
from protocol.lifecycle import tombstone_body
from protocol.records import record_bodies
from protocol.recordtypes import RecordType, Scope
from store import records as records_repo
from store.exchange_state import SEQ, next_value


def issue(db: Database, key: SigningKey, owner: str, at: str, *, record_type: RecordType, record_id: uuid.UUID,
          body: Mapping[str, Any], audience: Audience, handling: Handling, scope: Scope = Scope.NOMINAL,
          attachments: Iterable[Attachment] = (), local_ref: str = "", seq_floor: int = 0,
          bodies: BodyRegistry | None = None) -> Record:
    """Sign and store the next revision of one of this node's records; return it."""
    held = records_repo.get_record(db, record_id.bytes)
    rev = held.rev + 1 if held else 1
    seq = next_value(db, SEQ, floor=seq_floor)
    attached = tuple(attachments)
    record = seal_record(key, Draft(record_type, record_id, rev, seq, at, audience, handling, body, scope, attached),
                         bodies=bodies or record_bodies())
    records_repo.store_record(
        db, record_id=record_id.bytes, owner=owner, type_=record_type.value, rev=rev, seq=seq, digest=record.digest,
        scope=scope.value, handling=handling.value, wire=record.wire, audience=audience.nodes, received_from=None,
        at=at, attachments=[a.sha256 for a in attached], local_ref=local_ref)
    return record


def tombstone(db: Database, key: SigningKey, owner: str, at: str, *, record_id: uuid.UUID,
              audience: Audience, handling: Handling, scope: Scope, local_ref: str = "") -> Record | None:
    """Delete one of this node's records everywhere it went (None when it was never issued or is gone)."""
    held = records_repo.get_record(db, record_id.bytes)
    if held is None or held.type == RecordType.TOMBSTONE.value:
        return None
    return issue(db, key, owner, at, record_type=RecordType.TOMBSTONE, record_id=record_id,
                 body=tombstone_body(RecordType(held.type)), audience=audience, handling=handling, scope=scope,
                 local_ref=local_ref)
