"""Receiving records from a peer: verify each (off the event loop), then apply a whole page in one transaction.

The order follows docs/protocol.md section 6.3; the revision rule is ``protocol.revisions.judge``. Records
from keys not (yet) trusted are quarantined; equivocations and forks are kept as evidence; every other
refusal is logged with its reason. Nothing of a refused record is applied.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from node.exchange.keyring import Keyring
from protocol.bodies import BodyRegistry
from protocol.envelope import BatchExamine, Record, decode_record, open_records
from protocol.lifecycle import revoked_key, rotated_key
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import RecordType
from protocol.revisions import ALERTS, Held, Verdict, judge
from store import peers as peers_repo
from store import records as records_repo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Checked:
    """One received record after verification: the record, or why it was refused."""

    wire: bytes
    record: Record | None = None
    error: ProtocolError | None = None


@dataclass(slots=True)
class PageOutcome:
    """What applying a page did."""

    applied: list[Record] = field(default_factory=list)
    duplicates: int = 0
    stale: int = 0
    evidence: list[tuple[str, Record]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reason, detail)
    quarantined: int = 0
    rotations: int = 0
    deleted: list[bytes] = field(default_factory=list)  # record ids whose content a tombstone removed
    released: list[bytes] = field(default_factory=list)  # SHA-256 of received files no held record needs now


def verify_all(wires: Sequence[bytes], keyring: Keyring, *, global_node: bool, bodies: BodyRegistry,
               examine_batch: BatchExamine | None = None) -> list[Checked]:
    """Verify records with the keys trusted now (CPU work: call it in an executor).

    ``examine_batch`` may examine the records elsewhere (worker processes); the decisions are taken here.
    """
    opened = open_records(wires, keys=keyring.lookup, bodies=bodies, non_nominal_only=global_node,
                          examine_batch=examine_batch)
    return [Checked(wire, error=result) if isinstance(result, ProtocolError) else Checked(wire, record=result)
            for wire, result in zip(wires, opened, strict=True)]


def addressed_to_us(record: Record, keyring: Keyring, relay_for: Sequence[bytes]) -> bool:
    """Tell whether this node may hold a record: it is in the audience, or relays for someone who is."""
    nodes = set(record.audience.nodes)
    if nodes & set(keyring.own_keys):
        return True
    return record.handling.value != "red" and bool(nodes & set(relay_for))


class _PageView:
    """What the page's transaction holds for the page's record ids and (owner, seq) pairs.

    Read in two queries for the whole page, then kept up to date as the page is applied, so that each record is
    judged against everything before it, the earlier records of the same page included.
    """

    def __init__(self, db: Database, records: Sequence[Record], keyring: Keyring) -> None:
        self._db = db
        self._ids = [record.record_id.bytes for record in records]
        pairs = [(known.owner, r.seq) for r in records if (known := keyring.known(r.origin)) is not None]
        self.seqs: dict[tuple[str, int], bytes] = records_repo.seq_digests(db, pairs)
        self.held: dict[bytes, tuple[Held, bytes]] = {}
        self.reload()

    def reload(self) -> None:
        """Read the held revisions again (after records were deleted)."""
        self.held = {row.id: (Held(row.owner, RecordType(row.type), row.rev, row.seq, row.digest), row.wire)
                     for row in records_repo.get_records(self._db, self._ids).values()}

    def stored(self, record: Record, owner: str) -> None:
        """Note a revision stored by this page."""
        digest = record.digest
        self.held[record.record_id.bytes] = (Held(owner, record.record_type, record.rev, record.seq, digest),
                                             record.wire)
        self.seqs.setdefault((owner, record.seq), digest)


# Applying these changes trust or deletes held records: the page's other records are stored around them.
_LIFECYCLE = frozenset({RecordType.KEY_ROTATION, RecordType.KEY_REVOCATION})


def apply_page(db: Database, keyring: Keyring, *, peer_id: int | None, checked: Sequence[Checked], at: str,
               relay_for: Sequence[bytes] = ()) -> PageOutcome:
    """Apply verified records inside the caller's transaction (which also commits the peer's new cursor)."""
    outcome = PageOutcome()
    view = _PageView(db, [item.record for item in checked if item.record is not None], keyring)
    new: list[tuple[Record, str]] = []  # (record, owner) held for the first time: stored together
    for item in checked:
        if item.record is None:
            assert item.error is not None
            _refuse_or_quarantine(db, item, peer_id, at, outcome)
            continue
        record = item.record
        # Verification may have run a while ago, beside the previous page: trust and cut-offs are read again now.
        known = keyring.known(record.origin)
        if known is None:
            _refuse_or_quarantine(db, Checked(item.wire, error=ProtocolError(
                Reason.UNKNOWN_KEY, "the record's origin key is no longer trusted by this node")), peer_id, at, outcome)
            continue
        try:
            known.trusted.check_seq(record.seq)
        except ProtocolError as exc:
            _refuse(db, outcome, peer_id, record.record_id.bytes, exc.reason.value, exc.detail, at)
            continue
        if not addressed_to_us(record, keyring, relay_for):
            _refuse(db, outcome, peer_id, record.record_id.bytes, Reason.NOT_IN_AUDIENCE.value,
                    "this node is not in the record's audience", at)
            continue
        owner = known.owner
        if _revokes_another_node(record, owner, keyring):
            _refuse(db, outcome, peer_id, record.record_id.bytes, Reason.INVALID_BODY.value,
                    "a key revocation may only name a key of the node that signs it", at)
            continue
        held, held_wire = view.held.get(record.record_id.bytes, (None, None))
        verdict = judge(held, record, owner, seq_digest=view.seqs.get((owner, record.seq)))
        if verdict is Verdict.APPLY:
            if held is None and record.record_type not in _LIFECYCLE:
                new.append((record, owner))
            else:
                _store_new(db, new, peer_id, at, outcome)  # first, so that the page's order is kept
                _apply(db, record, owner, peer_id, at, outcome, replacing=held is not None)
                if record.record_type is RecordType.KEY_REVOCATION:
                    view.reload()  # it may have withdrawn held records
            view.stored(record, owner)
        elif verdict is Verdict.DUPLICATE:
            outcome.duplicates += 1
        elif verdict is Verdict.STALE:
            outcome.stale += 1
        elif verdict in ALERTS:
            records_repo.add_evidence(db, record_id=record.record_id.bytes, owner=owner, verdict=verdict.value,
                                      wire=record.wire, held_wire=held_wire, received_from=peer_id, at=at)
            outcome.evidence.append((verdict.value, record))
            log.warning("%s from %s on record %s (rev %d, seq %d): kept as evidence", verdict.value, owner,
                        record.record_id, record.rev, record.seq)
        else:
            _refuse(db, outcome, peer_id, record.record_id.bytes, verdict.value,
                    f"revision {record.rev} refused: {verdict.value}", at)
    _store_new(db, new, peer_id, at, outcome)
    return outcome


def _store_new(db: Database, new: list[tuple[Record, str]], peer_id: int | None, at: str,
               outcome: PageOutcome) -> None:
    """Store records held for the first time (no previous revision, no change of trust) together; empty ``new``."""
    records_repo.store_records(db, [_revision(record, owner, peer_id, at) for record, owner in new], new=True)
    for record, _ in new:
        _want_attachments(db, record, peer_id)
        if record.record_type is RecordType.TOMBSTONE:
            outcome.deleted.append(record.record_id.bytes)
        outcome.applied.append(record)
    new.clear()


def _apply(db: Database, record: Record, owner: str, peer_id: int | None, at: str, outcome: PageOutcome, *,
           replacing: bool) -> None:
    previous = records_repo.attachments_of(db, record.record_id.bytes) if replacing else []
    records_repo.store_records(db, [_revision(record, owner, peer_id, at)])
    _want_attachments(db, record, peer_id)
    if record.record_type is RecordType.TOMBSTONE:
        outcome.deleted.append(record.record_id.bytes)
    elif record.record_type is RecordType.KEY_ROTATION:
        new_key = rotated_key(record.origin, record.body)
        peers_repo.set_key_cutoff(db, record.origin, last_seq=record.seq, revoked=False)
        peer = _peer_of(db, record.origin)
        if peer is not None:
            peers_repo.add_key(db, key=new_key.raw, peer_id=peer, at=at)
        outcome.rotations += 1
    elif record.record_type is RecordType.KEY_REVOCATION:
        key, after_seq = revoked_key(record.body)
        peers_repo.set_key_cutoff(db, key, last_seq=after_seq, revoked=True)
        _withdraw_signed_after(db, outcome, owner, key, after_seq, peer_id, at)
        outcome.rotations += 1
    # A tombstone (or a revision without a picture) leaves files no record refers to: their content goes too.
    outcome.released += records_repo.release_attachments(db, set(previous) - {a.sha256 for a in record.attachments})
    outcome.applied.append(record)


def _revision(record: Record, owner: str, peer_id: int | None, at: str) -> records_repo.NewRevision:
    return records_repo.NewRevision(
        record_id=record.record_id.bytes, owner=owner, type=record.record_type.value, rev=record.rev, seq=record.seq,
        digest=record.digest, scope=record.scope.value, handling=record.handling.value, wire=record.wire,
        audience=record.audience.nodes, received_from=peer_id, at=at,
        attachments=tuple(a.sha256 for a in record.attachments))


def _want_attachments(db: Database, record: Record, peer_id: int | None) -> None:
    for attachment in record.attachments:
        records_repo.want_attachment(db, sha256=attachment.sha256, size=attachment.size,
                                     media_type=attachment.media_type, peer_id=peer_id)


def _revokes_another_node(record: Record, owner: str, keyring: Keyring) -> bool:
    """Tell whether a revocation names a key this node knows as another node's (or its own)."""
    if record.record_type is not RecordType.KEY_REVOCATION:
        return False
    key, _ = revoked_key(record.body)
    named = keyring.known(key)
    return named is not None and named.owner != owner


def _withdraw_signed_after(db: Database, outcome: PageOutcome, owner: str, key: bytes, after_seq: int,
                           peer_id: int | None, at: str) -> None:
    """Stop holding what a revoked key signed after its cut-off, as if the revocation had arrived first.

    Without this the outcome would depend on the order of arrival: a record applied just before its key's
    revocation would stay, the same record arriving just after would be refused. Lifecycle records stay, so
    that trust in the node's later keys does not depend on that order either.
    """
    for held in records_repo.list_after_seq(db, owner, after_seq):
        if held.type in (RecordType.KEY_ROTATION.value, RecordType.KEY_REVOCATION.value):
            continue
        if decode_record(held.wire).origin != key:
            continue
        files = records_repo.attachments_of(db, held.id)
        records_repo.delete_record(db, held.id)
        outcome.released += records_repo.release_attachments(db, files)
        _refuse(db, outcome, peer_id, held.id, Reason.KEY_REVOKED.value,
                f"withdrawn: signed by a key revoked after sequence {after_seq}", at)


def _peer_of(db: Database, key: bytes) -> int | None:
    row = peers_repo.get_key(db, key)
    return row.peer_id if row else None


def _refuse(db: Database, outcome: PageOutcome, peer_id: int | None, record_id: bytes | None, reason: str,
            detail: str, at: str) -> None:
    records_repo.add_refusal(db, peer_id=peer_id, reason=reason, detail=detail, record_id=record_id, at=at)
    outcome.refused.append((reason, detail))
    log.info("refused a record from peer %s: %s (%s)", peer_id, reason, detail)


def _refuse_or_quarantine(db: Database, item: Checked, peer_id: int | None, at: str, outcome: PageOutcome) -> None:
    error = item.error
    assert error is not None
    if error.reason is Reason.UNKNOWN_KEY:
        try:
            record = decode_record(item.wire, bodies=BodyRegistry())  # just its origin and digest
        except ProtocolError:
            record = None
        if record is not None:
            # Kept aside, not applied: examined again if an administrator pairs with this key later.
            records_repo.quarantine(db, digest=hashlib.sha256(record.envelope).digest(), origin=record.origin,
                                    wire=item.wire, received_from=peer_id, at=at)
            outcome.quarantined += 1
            return
    _refuse(db, outcome, peer_id, None, error.reason.value, error.detail, at)
