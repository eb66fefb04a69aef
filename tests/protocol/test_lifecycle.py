"""Tombstones, key rotation and key revocation records."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import pytest

from crypto import SigningKey, sign
from protocol.audience import Audience, Handling
from protocol.codec import encode
from protocol.envelope import Draft, open_record, seal_record
from protocol.keyring import TrustedKey
from protocol.lifecycle import (
    ROTATION_CONTEXT,
    RevocationReason,
    revocation_body,
    revoked_key,
    rotated_key,
    rotation_body,
    tombstone_body,
    validate_rotation,
    validate_tombstone,
)
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import RecordType, Scope
from tests.protocol.conftest import CREATED_AT, MakeDraft, trusting


def lifecycle_draft(record_type: RecordType, body: Mapping[str, object], audience: Audience, *, rev: int = 1,
                    seq: int = 1, record_id: uuid.UUID | None = None) -> Draft:
    return Draft(record_type=record_type, record_id=record_id or uuid.uuid4(), rev=rev, seq=seq,
                 created_at=CREATED_AT, audience=audience, handling=Handling.GREEN, body=body,
                 scope=Scope.NON_NOMINAL)


def test_tombstone_is_a_higher_revision_of_the_same_record(origin: SigningKey, make_draft: MakeDraft) -> None:
    case = seal_record(origin, make_draft(rev=3, seq=7))
    tomb = seal_record(origin, lifecycle_draft(RecordType.TOMBSTONE, tombstone_body(RecordType.SEIZURE),
                                               case.audience, rev=4, seq=8, record_id=case.record_id))
    opened = open_record(tomb.wire, keys=trusting(origin), non_nominal_only=True)
    assert opened.is_tombstone
    assert (opened.record_id, opened.rev) == (case.record_id, 4)
    assert opened.body == {"record_type": "seizure"}


@pytest.mark.parametrize("body", [{}, {"record_type": "tombstone"}, {"record_type": "key_rotation"},
                                  {"record_type": "case"}, {"record_type": "seizure", "reason": "x"}])
def test_malformed_tombstones_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ProtocolError) as info:
        validate_tombstone(body)
    assert info.value.reason is Reason.INVALID_BODY


def test_tombstone_of_a_lifecycle_type_cannot_be_built() -> None:
    with pytest.raises(ProtocolError):
        tombstone_body(RecordType.KEY_REVOCATION)


def test_rotation_is_signed_by_the_old_key_with_proof_from_the_new(origin: SigningKey, recipient: SigningKey) -> None:
    new = SigningKey.generate()
    record = seal_record(origin, lifecycle_draft(RecordType.KEY_ROTATION, rotation_body(origin, new),
                                                 Audience.of([recipient.public.raw]), seq=41))
    opened = open_record(record.wire, keys=trusting(origin))
    assert rotated_key(opened.origin, opened.body) == new.public
    # Receivers then retire the old key at seq 41 and trust the new one.
    old = TrustedKey(origin.public, last_seq=opened.seq)
    old.check_seq(41)
    with pytest.raises(ProtocolError) as info:
        old.check_seq(42)
    assert info.value.reason is Reason.KEY_ROTATED


def test_rotation_without_the_new_keys_proof_is_refused(origin: SigningKey, recipient: SigningKey) -> None:
    new, thief = SigningKey.generate(), SigningKey.generate()
    body = {"new_key": new.public.raw, "proof": sign(thief, ROTATION_CONTEXT, origin.public.raw + new.public.raw)}
    record = seal_record(origin, lifecycle_draft(RecordType.KEY_ROTATION, body, Audience.of([recipient.public.raw])))
    with pytest.raises(ProtocolError) as info:
        open_record(record.wire, keys=trusting(origin))
    assert info.value.reason is Reason.BAD_SIGNATURE


def test_rotation_proof_is_bound_to_the_old_key(origin: SigningKey) -> None:
    new, other_old = SigningKey.generate(), SigningKey.generate()
    body = rotation_body(other_old, new)  # proof made for another node's rotation
    with pytest.raises(ProtocolError) as info:
        rotated_key(origin.public.raw, body)
    assert info.value.reason is Reason.BAD_SIGNATURE


def test_rotation_to_the_same_key_or_a_low_order_key_is_refused(origin: SigningKey) -> None:
    with pytest.raises(ProtocolError, match="differ"):
        rotated_key(origin.public.raw, rotation_body(origin, origin))
    with pytest.raises(ProtocolError) as info:
        validate_rotation({"new_key": b"\x01" + b"\x00" * 31, "proof": b"\x00" * 64})
    assert info.value.reason is Reason.INVALID_BODY


def test_revocation_names_the_cut_off(origin: SigningKey, recipient: SigningKey) -> None:
    body = revocation_body(origin.public.raw, 120, RevocationReason.COMPROMISED)
    record = seal_record(origin, lifecycle_draft(RecordType.KEY_REVOCATION, body,
                                                 Audience.of([recipient.public.raw]), seq=200))
    # The revocation itself may be signed by the revoked key after the cut-off: it is read, not applied as data.
    key, after_seq = revoked_key(record.body)
    assert (key, after_seq) == (origin.public.raw, 120)
    trusted = TrustedKey(origin.public, last_seq=after_seq, revoked=True)
    ok = seal_record(origin, Draft(record_type=RecordType.SEIZURE, record_id=uuid.uuid4(), rev=1, seq=120,
                                   created_at=CREATED_AT, audience=Audience.of([recipient.public.raw]),
                                   handling=Handling.AMBER, body={}))
    assert open_record(ok.wire, keys=trusting(trusted)).seq == 120
    late = seal_record(origin, Draft(record_type=RecordType.SEIZURE, record_id=uuid.uuid4(), rev=1, seq=121,
                                     created_at=CREATED_AT, audience=Audience.of([recipient.public.raw]),
                                     handling=Handling.AMBER, body={}))
    with pytest.raises(ProtocolError) as info:
        open_record(late.wire, keys=trusting(trusted))
    assert info.value.reason is Reason.KEY_REVOKED


@pytest.mark.parametrize("body", [
    {"key": b"\x00" * 31, "after_seq": 1, "reason": "lost"},
    {"key": b"\x00" * 32, "after_seq": -1, "reason": "lost"},
    {"key": b"\x00" * 32, "after_seq": True, "reason": "lost"},
    {"key": b"\x00" * 32, "after_seq": 1, "reason": "bored"},
    {"key": b"\x00" * 32, "after_seq": 1},
])
def test_malformed_revocations_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ProtocolError) as info:
        revoked_key(body)
    assert info.value.reason is Reason.INVALID_BODY


def test_revoked_trusted_key_needs_a_cut_off() -> None:
    key = SigningKey.generate().public
    with pytest.raises(ValueError, match="last_seq"):
        TrustedKey(key, revoked=True)
    with pytest.raises(ValueError, match="negative"):
        TrustedKey(key, last_seq=-1)
    with pytest.raises(ProtocolError) as info:
        TrustedKey(key, last_seq=0, revoked=True).check_seq(1)
    assert info.value.reason is Reason.KEY_REVOKED


def test_lifecycle_bodies_are_validated_on_receipt(origin: SigningKey, recipient: SigningKey) -> None:
    bad = Draft(record_type=RecordType.KEY_REVOCATION, record_id=uuid.uuid4(), rev=1, seq=1, created_at=CREATED_AT,
                audience=Audience.of([recipient.public.raw]), handling=Handling.GREEN, body={"key": "all"})
    with pytest.raises(ProtocolError) as info:
        seal_record(origin, bad)
    assert info.value.reason is Reason.INVALID_BODY
    assert encode(bad.envelope_map(origin.public.raw))  # the draft itself encodes; only the rules refuse it
