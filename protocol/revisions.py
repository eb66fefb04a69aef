"""The receiver's rule for a verified record: apply it, ignore it, or keep it as evidence and alert.

Revisions are owner-issued integers, never timestamps (EXCHANGE-NOTES, MISP lesson), so the rule is
deterministic and every receiver reaches the same state whatever the order or number of deliveries:

========================================  ===============  ==============================================
incoming, compared with what is held      verdict          the node does
========================================  ===============  ==============================================
same owner+seq already held, other bytes  FORK             keep as evidence, apply nothing, alert
nothing held for this id                  APPLY            store (a tombstone too: the id stays deleted)
another node's record id                  NOT_OWNER        refuse
same revision, same bytes                 DUPLICATE        nothing (idempotent delivery)
same revision, other bytes                EQUIVOCATION     keep both as evidence, apply neither, alert
lower revision (also after a tombstone)   STALE            nothing
higher revision after a tombstone         TOMBSTONED       refuse: deletion is final
higher revision, seq not higher           FORK             keep as evidence, apply nothing, alert
higher revision, type changed             TYPE_CHANGED     refuse (only a tombstone may change the type)
higher revision                           APPLY            replace content, in one transaction
========================================  ===============  ==============================================

``owner`` is the receiver's stable name for the origin node (the same across its key rotations).

API:
    Verdict, Held(owner, record_type, rev, seq, digest), Held.of(record, owner)
    judge(held, incoming, owner, *, seq_digest=None) -> Verdict
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from protocol.envelope import Record
from protocol.recordtypes import RecordType


class Verdict(StrEnum):
    """What a receiver does with a verified record."""

    APPLY = "apply"
    DUPLICATE = "duplicate"
    STALE = "stale"
    EQUIVOCATION = "equivocation"
    FORK = "fork"
    NOT_OWNER = "not_owner"
    TOMBSTONED = "tombstoned"
    TYPE_CHANGED = "type_changed"


# Verdicts that must be kept as evidence and shown to administrators.
ALERTS = frozenset({Verdict.EQUIVOCATION, Verdict.FORK})


@dataclass(frozen=True, slots=True)
class Held:
    """What a receiver holds for one record id: its owner and its current revision."""

    owner: str
    record_type: RecordType
    rev: int
    seq: int
    digest: bytes

    @classmethod
    def of(cls, record: Record, owner: str) -> Held:
        """Summarise a stored record."""
        return cls(owner=owner, record_type=record.record_type, rev=record.rev, seq=record.seq, digest=record.digest)


def judge(held: Held | None, incoming: Record, owner: str, *, seq_digest: bytes | None = None) -> Verdict:
    """Decide what to do with a verified incoming record.

    ``held`` is the current revision held for the same record id, if any; ``seq_digest`` is the digest of
    the envelope already held from the same owner with the same origin sequence number, if any.
    """
    if seq_digest is not None and seq_digest != incoming.digest:
        return Verdict.FORK  # a restored node reusing sequence numbers, or a forged history
    if held is None:
        return Verdict.APPLY
    if owner != held.owner:
        return Verdict.NOT_OWNER
    if incoming.rev == held.rev:
        return Verdict.DUPLICATE if incoming.digest == held.digest else Verdict.EQUIVOCATION
    if incoming.rev < held.rev:
        return Verdict.STALE
    if held.record_type is RecordType.TOMBSTONE:
        return Verdict.TOMBSTONED
    if incoming.seq <= held.seq:
        return Verdict.FORK  # a later revision must carry a later sequence number
    if incoming.record_type not in (held.record_type, RecordType.TOMBSTONE):
        return Verdict.TYPE_CHANGED
    return Verdict.APPLY
