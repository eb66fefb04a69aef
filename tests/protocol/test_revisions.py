"""The receiver's deterministic rule: apply, duplicate, stale, equivocation, fork, not owner, tombstoned."""

from __future__ import annotations

import uuid

from crypto import SigningKey
from protocol.audience import Handling
from protocol.envelope import Record, seal_record
from protocol.lifecycle import tombstone_body
from protocol.recordtypes import RecordType, Scope
from protocol.revisions import ALERTS, Held, Verdict, judge
from tests.protocol.conftest import MakeDraft

OWNER = "namibia"


def held(record: Record, owner: str = OWNER) -> Held:
    return Held.of(record, owner)


def test_first_sight_applies(origin: SigningKey, make_draft: MakeDraft) -> None:
    assert judge(None, seal_record(origin, make_draft()), OWNER) is Verdict.APPLY


def test_higher_revision_replaces_and_lower_is_stale(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    one = seal_record(origin, make_draft(record_id=record_id, rev=1, seq=1))
    two = seal_record(origin, make_draft(record_id=record_id, rev=2, seq=2, body={"status": "closed"}))
    assert judge(held(one), two, OWNER) is Verdict.APPLY
    assert judge(held(two), one, OWNER) is Verdict.STALE


def test_duplicate_delivery_is_idempotent(origin: SigningKey, make_draft: MakeDraft) -> None:
    record = seal_record(origin, make_draft())
    assert judge(held(record), record, OWNER) is Verdict.DUPLICATE
    assert judge(held(record), record, OWNER, seq_digest=record.digest) is Verdict.DUPLICATE


def test_same_revision_different_bytes_is_equivocation(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    one = seal_record(origin, make_draft(record_id=record_id, rev=2, seq=3))
    other = seal_record(origin, make_draft(record_id=record_id, rev=2, seq=4, body={"status": "closed"}))
    assert judge(held(one), other, OWNER) is Verdict.EQUIVOCATION
    assert Verdict.EQUIVOCATION in ALERTS


def test_reused_sequence_number_is_a_fork(origin: SigningKey, make_draft: MakeDraft) -> None:
    before_backup = seal_record(origin, make_draft(seq=10))
    after_restore = seal_record(origin, make_draft(seq=10, body={"status": "draft"}))
    assert judge(None, after_restore, OWNER, seq_digest=before_backup.digest) is Verdict.FORK
    assert Verdict.FORK in ALERTS


def test_higher_revision_with_lower_sequence_is_a_fork(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    one = seal_record(origin, make_draft(record_id=record_id, rev=1, seq=50))
    two = seal_record(origin, make_draft(record_id=record_id, rev=2, seq=20))
    assert judge(held(one), two, OWNER) is Verdict.FORK


def test_only_the_owner_revises(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    mine = seal_record(origin, make_draft(record_id=record_id, rev=1))
    theirs = seal_record(SigningKey.generate(), make_draft(record_id=record_id, rev=9, seq=9))
    assert judge(held(mine), theirs, "kenya") is Verdict.NOT_OWNER


def test_tombstone_is_final(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    one = seal_record(origin, make_draft(record_id=record_id, rev=1, seq=1))
    three = seal_record(origin, make_draft(record_id=record_id, rev=3, seq=3))
    tomb = seal_record(origin, make_draft(record_id=record_id, rev=2, seq=2, record_type=RecordType.TOMBSTONE,
                                          body=tombstone_body(RecordType.SEIZURE), scope=Scope.NON_NOMINAL,
                                          handling=Handling.GREEN))
    assert judge(held(one), tomb, OWNER) is Verdict.APPLY
    assert judge(held(tomb), one, OWNER) is Verdict.STALE  # an older revision after the tombstone: nothing
    assert judge(held(tomb), three, OWNER) is Verdict.TOMBSTONED  # nothing comes back, even "newer"
    assert judge(None, tomb, OWNER) is Verdict.APPLY  # a tombstone first: kept, so the record never arrives


def test_type_cannot_change_except_to_a_tombstone(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    one = seal_record(origin, make_draft(record_id=record_id, rev=1, seq=1))
    person = seal_record(origin, make_draft(record_id=record_id, rev=2, seq=2, record_type=RecordType.PERSON))
    assert judge(held(one), person, OWNER) is Verdict.TYPE_CHANGED


def test_order_of_delivery_does_not_change_the_outcome(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    revisions = [seal_record(origin, make_draft(record_id=record_id, rev=rev, seq=rev, body={"n": rev}))
                 for rev in (1, 2, 3)]
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 2, 0, 1, 1]):
        current: Held | None = None
        for index in order:
            if judge(current, revisions[index], OWNER) is Verdict.APPLY:
                current = held(revisions[index])
        assert current is not None
        assert current.rev == 3
