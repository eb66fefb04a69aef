"""Signed records: sealing, verification, and one distinct refusal reason per defect."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from crypto import SigningKey, sign
from protocol.audience import Audience
from protocol.bodies import BodyRegistry
from protocol.codec import decode, encode
from protocol.envelope import (
    RECORD_CONTEXT,
    Attachment,
    Examined,
    Record,
    decode_record,
    examine_here,
    open_record,
    open_records,
    seal_record,
)
from protocol.keyring import KeyLookup, TrustedKey
from protocol.limits import ENVELOPE_LIMITS, MAX_RECORD_BYTES, RECORD_LIMITS
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import RecordType, Scope
from tests.protocol.conftest import MakeDraft, trusting


def envelope_of(record: Record) -> dict[str, Any]:
    fields: dict[str, Any] = decode(record.envelope, ENVELOPE_LIMITS)
    return fields


def resign(key: SigningKey, envelope: Mapping[str, object] | bytes, version: object = 1) -> bytes:
    """Return wire bytes for any envelope, properly signed, to reach the checks behind the signature."""
    data = envelope if isinstance(envelope, bytes) else encode(envelope)
    return encode([version, data, sign(key, RECORD_CONTEXT, data)])


def refusal(wire: bytes, keys: KeyLookup, **kwargs: Any) -> ProtocolError:
    with pytest.raises(ProtocolError) as info:
        open_record(wire, keys=keys, **kwargs)
    return info.value


def test_seal_then_open_round_trip(origin: SigningKey, make_draft: MakeDraft) -> None:
    draft = make_draft()
    record = seal_record(origin, draft)
    opened = open_record(record.wire, keys=trusting(origin))
    assert opened == record
    assert opened.origin == origin.public.raw
    assert (opened.record_id, opened.rev, opened.seq) == (draft.record_id, 1, 1)
    assert opened.body == draft.body
    assert opened.wire[:2] == b"\x93\x01"  # [version 1, envelope, signature]: the version comes first


def test_wire_carries_the_exact_signed_envelope(origin: SigningKey, make_draft: MakeDraft) -> None:
    draft = make_draft()
    record = seal_record(origin, draft)
    assert decode(record.wire, RECORD_LIMITS) == [1, record.envelope, record.signature]
    assert record.envelope == encode(draft.envelope_map(origin.public.raw))
    assert record.digest == hashlib.sha256(record.envelope).digest()


def test_attachments_round_trip(origin: SigningKey, make_draft: MakeDraft) -> None:
    photo = Attachment(sha256=b"\x11" * 32, size=123_456, media_type="image/jpeg")
    record = seal_record(origin, make_draft(attachments=(photo,)))
    assert open_record(record.wire, keys=trusting(origin)).attachments == (photo,)


def test_every_tampered_byte_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    wire = seal_record(origin, make_draft()).wire
    keys = trusting(origin)
    for index in range(len(wire)):
        tampered = bytearray(wire)
        tampered[index] ^= 0x01
        with pytest.raises(ProtocolError):
            open_record(bytes(tampered), keys=keys)


def test_tampered_body_and_signature_give_bad_signature(origin: SigningKey, make_draft: MakeDraft) -> None:
    record = seal_record(origin, make_draft())
    fields = envelope_of(record)
    fields["body"]["status"] = "closed"
    forged = encode([1, encode(fields), record.signature])
    assert refusal(forged, trusting(origin)).reason is Reason.BAD_SIGNATURE
    flipped = bytearray(record.signature)
    flipped[10] ^= 0x40
    assert refusal(encode([1, record.envelope, bytes(flipped)]), trusting(origin)).reason is Reason.BAD_SIGNATURE


def test_signature_by_another_key_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    record = seal_record(origin, make_draft())
    impostor = SigningKey.generate()
    wire = encode([1, record.envelope, sign(impostor, RECORD_CONTEXT, record.envelope)])
    assert refusal(wire, trusting(origin, impostor)).reason is Reason.BAD_SIGNATURE


def test_signature_made_for_requests_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    record = seal_record(origin, make_draft())
    wire = encode([1, record.envelope, sign(origin, "request", record.envelope)])
    assert refusal(wire, trusting(origin)).reason is Reason.BAD_SIGNATURE


def test_unknown_key_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    wire = seal_record(origin, make_draft()).wire
    assert refusal(wire, trusting(SigningKey.generate())).reason is Reason.UNKNOWN_KEY


def test_lookup_returning_another_key_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    wire = seal_record(origin, make_draft()).wire
    wrong = TrustedKey(SigningKey.generate().public)
    assert refusal(wire, lambda raw: wrong).reason is Reason.UNKNOWN_KEY


def test_revoked_and_rotated_keys_cut_off_after_their_sequence(origin: SigningKey, make_draft: MakeDraft) -> None:
    before = seal_record(origin, make_draft(seq=10)).wire
    after = seal_record(origin, make_draft(seq=11)).wire
    revoked = trusting(TrustedKey(origin.public, last_seq=10, revoked=True))
    rotated = trusting(TrustedKey(origin.public, last_seq=10))
    assert open_record(before, keys=revoked).seq == 10
    assert open_record(before, keys=rotated).seq == 10
    assert refusal(after, revoked).reason is Reason.KEY_REVOKED
    assert refusal(after, rotated).reason is Reason.KEY_ROTATED


@pytest.mark.parametrize("version", [0, 2, 99, -1, True, "1", None])
def test_unknown_version_is_refused(origin: SigningKey, make_draft: MakeDraft, version: object) -> None:
    record = seal_record(origin, make_draft())
    assert refusal(resign(origin, record.envelope, version), trusting(origin)).reason is Reason.UNSUPPORTED_VERSION


def test_envelope_version_must_match_the_wire_version(origin: SigningKey, make_draft: MakeDraft) -> None:
    fields = envelope_of(seal_record(origin, make_draft()))
    fields["v"] = 2
    assert refusal(resign(origin, fields), trusting(origin)).reason is Reason.UNSUPPORTED_VERSION


@pytest.mark.parametrize("record_type", ["case", "SEIZURE", "", 7, None])
def test_unknown_record_type_is_refused(origin: SigningKey, make_draft: MakeDraft, record_type: object) -> None:
    fields = envelope_of(seal_record(origin, make_draft()))
    fields["type"] = record_type
    assert refusal(resign(origin, fields), trusting(origin)).reason is Reason.UNKNOWN_RECORD_TYPE


@pytest.mark.parametrize(("name", "value"), [
    ("id", b"\x00" * 15), ("id", "5f1c..."), ("origin", b"\x01" * 31), ("rev", 0), ("rev", -1), ("rev", True),
    ("seq", 0), ("seq", "1"), ("created_at", "2026-03-01T09:00:00Z"), ("created_at", "2026-03-01 09:00:00"),
    ("created_at", "2026-03-01T09:00:00.000000+00:00"), ("created_at", "2026-02-30T09:00:00.000000Z"),
    ("created_at", "2026-03-01T24:00:00.000000Z"), ("created_at", "0999-03-01T09:00:00.000000Z"),
    ("created_at", "２026-03-01T09:00:00.000000Z"), ("handling", "secret"), ("scope", "public"),
    ("audience", {"nodes": []}), ("audience", {"groups": [], "nodes": []}), ("attachments", {}),
    ("attachments", [{"sha256": b"\x00" * 32, "size": 1}]), ("body", []), ("body", None),
])
def test_malformed_fields_are_refused(origin: SigningKey, make_draft: MakeDraft, name: str, value: object) -> None:
    fields = envelope_of(seal_record(origin, make_draft()))
    fields[name] = value
    error = refusal(resign(origin, fields), trusting(origin))
    assert error.reason is Reason.INVALID_FIELD
    assert name in error.detail


def test_unknown_and_missing_envelope_fields_are_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    fields = envelope_of(seal_record(origin, make_draft()))
    assert refusal(resign(origin, {**fields, "extra": 1}), trusting(origin)).reason is Reason.INVALID_FIELD
    del fields["handling"]
    assert refusal(resign(origin, fields), trusting(origin)).reason is Reason.INVALID_FIELD


def test_unsorted_audience_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    fields = envelope_of(seal_record(origin, make_draft()))
    fields["audience"]["nodes"] = [b"\x02" * 32, b"\x01" * 32]
    assert refusal(resign(origin, fields), trusting(origin)).reason is Reason.INVALID_FIELD


def test_non_canonical_envelope_is_refused_even_when_signed(origin: SigningKey, make_draft: MakeDraft) -> None:
    envelope = seal_record(origin, make_draft()).envelope
    # Same map, "attachments" re-encoded as array16: a second encoding of the same record.
    assert envelope[1:13] == b"\xabattachments"
    assert envelope[13] == 0x90
    respelled = envelope[:13] + b"\xdc\x00\x00" + envelope[14:]
    assert refusal(resign(origin, respelled), trusting(origin)).reason is Reason.NON_CANONICAL


def test_non_canonical_outer_array_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    record = seal_record(origin, make_draft())
    respelled = b"\xdc\x00\x03" + record.wire[1:]
    assert refusal(respelled, trusting(origin)).reason is Reason.NON_CANONICAL


@pytest.mark.parametrize("wire", [b"", b"\xc0", b"\x92\x01\xc4\x00", encode([1, "envelope", b"\x00" * 64]),
                                  encode({"v": 1})])
def test_malformed_wire_is_refused(origin: SigningKey, wire: bytes) -> None:
    assert refusal(wire, trusting(origin)).reason in (Reason.MALFORMED, Reason.FORBIDDEN_TYPE,
                                                      Reason.LIMIT_EXCEEDED)


def test_short_signature_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    record = seal_record(origin, make_draft())
    assert refusal(encode([1, record.envelope, record.signature[:63]]), trusting(origin)).reason is \
        Reason.BAD_SIGNATURE


def test_oversized_record_is_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    assert refusal(b"\x00" * (MAX_RECORD_BYTES + 1), trusting(origin)).reason is Reason.TOO_LARGE
    with pytest.raises(ProtocolError) as info:
        seal_record(origin, make_draft(body={"blob": b"x" * 60_000, "more": ["y" * 60_000] * 4}))
    assert info.value.reason in (Reason.TOO_LARGE, Reason.LIMIT_EXCEEDED)


def test_trailing_bytes_after_the_record_are_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    wire = seal_record(origin, make_draft()).wire
    assert refusal(wire + b"\xc0", trusting(origin)).reason is Reason.TRAILING_BYTES


def test_floats_in_the_body_are_refused(origin: SigningKey, make_draft: MakeDraft) -> None:
    with pytest.raises(ProtocolError) as info:
        seal_record(origin, make_draft(body={"quantity": 12.5}))
    assert info.value.reason is Reason.FORBIDDEN_TYPE


def test_duplicate_attachments_and_attachments_on_non_nominal_records(origin: SigningKey,
                                                                     make_draft: MakeDraft) -> None:
    photo = Attachment(sha256=b"\x11" * 32, size=1, media_type="image/png")
    with pytest.raises(ProtocolError, match="twice"):
        seal_record(origin, make_draft(attachments=(photo, photo)))
    with pytest.raises(ProtocolError, match="carry no attachments"):
        seal_record(origin, make_draft(scope=Scope.NON_NOMINAL, body={"status": "confirmed"}, attachments=(photo,)))


@pytest.mark.parametrize(("sha256", "size", "media_type"), [
    (b"\x00" * 31, 1, "image/png"), (b"\x00" * 32, -1, "image/png"), (b"\x00" * 32, 1 << 40, "image/png"),
    (b"\x00" * 32, 1, "Image/PNG"), (b"\x00" * 32, 1, "image/png; q=1"), (b"\x00" * 32, 1, "png"),
])
def test_bad_attachment_references_are_refused(sha256: bytes, size: int, media_type: str) -> None:
    with pytest.raises(ProtocolError) as info:
        Attachment(sha256=sha256, size=size, media_type=media_type)
    assert info.value.reason is Reason.INVALID_FIELD


def test_global_node_refuses_nominal_records(origin: SigningKey, make_draft: MakeDraft) -> None:
    wire = seal_record(origin, make_draft()).wire
    assert refusal(wire, trusting(origin), non_nominal_only=True).reason is Reason.NOMINAL_DATA


def test_non_nominal_scope_checks_the_allow_list_on_every_receiver(origin: SigningKey, make_draft: MakeDraft) -> None:
    ok = seal_record(origin, make_draft(scope=Scope.NON_NOMINAL, body={"status": "confirmed"}))
    assert open_record(ok.wire, keys=trusting(origin), non_nominal_only=True).scope is Scope.NON_NOMINAL
    with pytest.raises(ProtocolError) as info:
        seal_record(origin, make_draft(scope=Scope.NON_NOMINAL, body={"status": "x", "narrative": "John Doe"}))
    assert info.value.reason is Reason.NOMINAL_DATA
    # A forged-but-signed envelope is refused the same way on receipt.
    fields = envelope_of(ok)
    fields["body"]["parties"] = [{"name": "John Doe"}]
    assert refusal(resign(origin, fields), trusting(origin)).reason is Reason.NOMINAL_DATA


def test_body_validators_plug_in(origin: SigningKey, make_draft: MakeDraft) -> None:
    seen: list[Mapping[str, object]] = []

    def validate(body: Mapping[str, object]) -> None:
        seen.append(body)
        if "reference" not in body:
            raise ValueError("reference: required")

    bodies = BodyRegistry()
    bodies.register(RecordType.SEIZURE, validate)
    record = seal_record(origin, make_draft(), bodies=bodies)
    assert open_record(record.wire, keys=trusting(origin), bodies=bodies) == record
    assert seen
    bad = seal_record(origin, make_draft(body={"status": "confirmed"}))  # default registry: no seizure validator
    error = refusal(bad.wire, trusting(origin), bodies=bodies)
    assert error.reason is Reason.INVALID_BODY
    assert "reference: required" in error.detail
    with pytest.raises(ProtocolError):
        decode_record(bad.wire, bodies=bodies)


def test_registry_refuses_replacing_validators() -> None:
    bodies = BodyRegistry()
    bodies.register(RecordType.PERSON, lambda body: None)
    with pytest.raises(ValueError, match="already"):
        bodies.register(RecordType.PERSON, lambda body: None)
    with pytest.raises(ValueError, match="protocol itself"):
        bodies.register(RecordType.TOMBSTONE, lambda body: None)
    bodies.register(RecordType.PERSON, lambda body: None, scope=Scope.NON_NOMINAL)
    assert RecordType.PERSON in bodies.registered()
    assert RecordType.TOMBSTONE in bodies.registered()
    assert RecordType.SEIZURE not in bodies.registered()


def test_signature_is_checked_before_the_body(origin: SigningKey, make_draft: MakeDraft) -> None:
    bodies = BodyRegistry()
    bodies.register(RecordType.SEIZURE, lambda body: (_ for _ in ()).throw(ValueError("always wrong")))
    record = seal_record(origin, make_draft())
    forged = encode([1, record.envelope, bytes(64)])
    assert refusal(forged, trusting(origin), bodies=bodies).reason is Reason.BAD_SIGNATURE


def test_record_ids_and_revisions_are_what_the_origin_chose(origin: SigningKey, make_draft: MakeDraft) -> None:
    record_id = uuid.uuid4()
    first = seal_record(origin, make_draft(record_id=record_id, rev=1, seq=5))
    second = seal_record(origin, make_draft(record_id=record_id, rev=2, seq=9, body={"status": "closed"}))
    assert first.record_id == second.record_id
    assert (first.rev, second.rev) == (1, 2)
    assert first.digest != second.digest


def test_audience_is_signed(origin: SigningKey, recipient: SigningKey, make_draft: MakeDraft) -> None:
    record = seal_record(origin, make_draft())
    fields = envelope_of(record)
    outsider = SigningKey.generate().public.raw
    fields["audience"] = Audience.of([recipient.public.raw, outsider]).to_wire()
    widened = encode([1, encode(fields), record.signature])  # a relay widening the audience
    assert refusal(widened, trusting(origin)).reason is Reason.BAD_SIGNATURE


def batch_of_every_outcome(origin: SigningKey, make_draft: MakeDraft) -> tuple[list[bytes], KeyLookup, BodyRegistry]:
    """Wires that pass, and wires refused at each step of section 6.3, some failing two steps at once."""
    bodies = BodyRegistry()
    bodies.register(RecordType.SEIZURE, lambda body: (_ for _ in ()).throw(ValueError("no")) if "bad" in body else None)
    good = [seal_record(origin, make_draft(seq=seq)).wire for seq in (1, 2, 3)]
    bad_body = seal_record(origin, make_draft(seq=4, body={"bad": True}), bodies=BodyRegistry()).wire
    stranger = seal_record(SigningKey.generate(), make_draft(seq=5)).wire
    unsigned = seal_record(origin, make_draft(seq=6, body={"bad": True}), bodies=BodyRegistry())
    forged = encode([1, unsigned.envelope, bytes(64)])  # bad signature and bad body: the signature is reported
    late = seal_record(origin, make_draft(seq=40)).wire
    keys = trusting(TrustedKey(origin.public, last_seq=30))
    return [good[0], b"\x93\x01", bad_body, good[1], stranger, forged, late, good[2]], keys, bodies


def test_a_batch_is_opened_exactly_as_each_record_alone(origin: SigningKey, make_draft: MakeDraft) -> None:
    wires, keys, bodies = batch_of_every_outcome(origin, make_draft)
    alone: list[object] = []
    for wire in wires:
        try:
            alone.append(open_record(wire, keys=keys, bodies=bodies))
        except ProtocolError as exc:
            alone.append(exc.reason)
    batch = [r.reason if isinstance(r, ProtocolError) else r
             for r in open_records(wires, keys=keys, bodies=bodies)]
    assert batch == alone
    assert [r if isinstance(r, Reason) else "ok" for r in batch] == [
        "ok", Reason.MALFORMED, Reason.INVALID_BODY, "ok", Reason.UNKNOWN_KEY, Reason.BAD_SIGNATURE,
        Reason.KEY_ROTATED, "ok"]


def test_records_examined_elsewhere_decide_as_if_examined_here(origin: SigningKey, make_draft: MakeDraft) -> None:
    wires, keys, bodies = batch_of_every_outcome(origin, make_draft)
    asked: list[int] = []

    def elsewhere(batch: Sequence[bytes]) -> Callable[[], Sequence[Examined]]:
        asked.append(len(batch))
        # As through a pipe: plain values out, records rebuilt from their headers (their bodies decoded lazily).
        found = examine_here(lambda raw: origin.public if raw == origin.public.raw else None, bodies=bodies)(batch)()
        return lambda: [Examined.from_plain(f.to_plain(), wire) for f, wire in zip(found, batch, strict=True)]

    expected = [r.reason if isinstance(r, ProtocolError) else r for r in open_records(wires, keys=keys, bodies=bodies)]
    got = [r.reason if isinstance(r, ProtocolError) else r
           for r in open_records(wires, keys=keys, bodies=bodies, examine_batch=elsewhere)]
    assert got == expected and asked == [len(wires)]
    assert [r.body for r in got if isinstance(r, Record)] == [r.body for r in expected if isinstance(r, Record)]


@pytest.mark.parametrize("signed", [False, None])
def test_only_a_verified_signature_lets_a_record_through(origin: SigningKey, make_draft: MakeDraft,
                                                         signed: bool | None) -> None:
    record = seal_record(origin, make_draft())
    stranger = SigningKey.generate()
    (result,) = open_records([record.wire], keys=trusting(origin),
                             examine_batch=lambda batch: lambda: [Examined(signed=signed, record=record)])
    if signed is None:  # the examiner did not have the key: it is checked here, and it verifies
        assert result == record
    else:
        assert isinstance(result, ProtocolError) and result.reason is Reason.BAD_SIGNATURE
    forged = seal_record(stranger, make_draft())  # a finding for a key this node does not trust decides nothing
    (result,) = open_records([forged.wire], keys=trusting(origin),
                             examine_batch=lambda batch: lambda: [Examined(signed=True, record=forged)])
    assert isinstance(result, ProtocolError) and result.reason is Reason.UNKNOWN_KEY


def test_missing_findings_fail_the_batch(origin: SigningKey, make_draft: MakeDraft) -> None:
    records = [seal_record(origin, make_draft(seq=seq)) for seq in (1, 2)]
    wires = [r.wire for r in records]
    with pytest.raises(RuntimeError):
        open_records(wires, keys=trusting(origin),
                     examine_batch=lambda batch: lambda: [Examined(signed=True, record=records[0])])
    with pytest.raises(RuntimeError):  # accepted, yet not given back
        open_records(wires[:1], keys=trusting(origin), examine_batch=lambda batch: lambda: [Examined(signed=True)])
