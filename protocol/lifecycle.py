"""Bodies of the records that manage the exchange itself: tombstone, key rotation, key revocation.

- A tombstone is a revision of the deleted record (same id, a revision higher than any before) whose body
  names the deleted record's type. Receivers delete the content, keep the tombstone forever and ignore any
  older revision that arrives after it (protocol/revisions.py).
- A key rotation is signed by the OLD key and announces the new one; the new key proves possession by
  signing ``old key || new key`` under the context ``key_rotation``. Receivers retire the old key at the
  rotation's sequence number and trust the new one as the same node.
- A key revocation names a key and the origin sequence number after which its records are refused; it is
  signed by the revoked key itself or by the node's current key.

API:
    tombstone_body(record_type) -> dict
    rotation_body(old, new) -> dict;  rotated_key(origin, body) -> VerifyKey   raises ProtocolError
    revocation_body(key, after_seq, reason) -> dict;  revoked_key(body) -> tuple[bytes, int]
    validate_tombstone / validate_rotation / validate_revocation(body)        raise ProtocolError
    RevocationReason
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from crypto import BadSignature, InvalidKey, SigningKey, VerifyKey, sign, verify
from protocol.codec import INT_MAX
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import LIFECYCLE_TYPES, RecordType

ROTATION_CONTEXT = "key_rotation"


class RevocationReason(StrEnum):
    """Why a key is revoked."""

    COMPROMISED = "compromised"
    LOST = "lost"
    SUPERSEDED = "superseded"


def _exact_keys(body: Mapping[str, object], keys: set[str], what: str) -> None:
    if set(body) != keys:
        raise ProtocolError(Reason.INVALID_BODY, f"{what} body must hold exactly {', '.join(sorted(keys))}")


def tombstone_body(record_type: RecordType) -> dict[str, object]:
    """Return the body of a tombstone for a record of the given type.

    Raises:
        ProtocolError: INVALID_BODY when the type is itself a lifecycle type (those are never deleted).
    """
    body: dict[str, object] = {"record_type": record_type.value}
    validate_tombstone(body)
    return body


def validate_tombstone(body: Mapping[str, object]) -> None:
    """Check a tombstone body.

    Raises:
        ProtocolError: INVALID_BODY.
    """
    _exact_keys(body, {"record_type"}, "tombstone")
    value = body["record_type"]
    try:
        deleted = RecordType(value) if isinstance(value, str) else None
    except ValueError:
        deleted = None
    if deleted is None or deleted in LIFECYCLE_TYPES:
        raise ProtocolError(Reason.INVALID_BODY, "tombstone.record_type: must name a content record type")


def rotation_body(old: SigningKey, new: SigningKey) -> dict[str, object]:
    """Return the body announcing ``new`` as the successor of ``old``, with the new key's proof."""
    proof = sign(new, ROTATION_CONTEXT, old.public.raw + new.public.raw)
    return {"new_key": new.public.raw, "proof": proof}


def validate_rotation(body: Mapping[str, object]) -> None:
    """Check a rotation body's shape and that the new key is a safe key.

    Raises:
        ProtocolError: INVALID_BODY.
    """
    _exact_keys(body, {"new_key", "proof"}, "key_rotation")
    new_key, proof = body["new_key"], body["proof"]
    if not isinstance(proof, bytes) or len(proof) != 64:
        raise ProtocolError(Reason.INVALID_BODY, "key_rotation.proof: must be a 64-byte signature")
    if not isinstance(new_key, bytes):
        raise ProtocolError(Reason.INVALID_BODY, "key_rotation.new_key: must be 32 bytes")
    try:
        VerifyKey(new_key)
    except InvalidKey as exc:
        raise ProtocolError(Reason.INVALID_BODY, f"key_rotation.new_key: {exc}") from exc


def rotated_key(origin: bytes, body: Mapping[str, object]) -> VerifyKey:
    """Return the announced new key after checking its proof of possession against the old key ``origin``.

    Raises:
        ProtocolError: INVALID_BODY for a malformed body or a new key equal to the old one;
            BAD_SIGNATURE when the proof does not verify.
    """
    validate_rotation(body)
    new_raw, proof = bytes(body["new_key"]), bytes(body["proof"])  # type: ignore[call-overload]
    if new_raw == origin:
        raise ProtocolError(Reason.INVALID_BODY, "key_rotation.new_key: must differ from the signing key")
    new_key = VerifyKey(new_raw)
    try:
        verify(new_key, ROTATION_CONTEXT, origin + new_raw, proof)
    except BadSignature as exc:
        raise ProtocolError(Reason.BAD_SIGNATURE, "key_rotation.proof: the new key did not sign it") from exc
    return new_key


def revocation_body(key: bytes, after_seq: int, reason: RevocationReason) -> dict[str, object]:
    """Return the body revoking ``key`` for every record with a sequence number above ``after_seq``.

    Raises:
        ProtocolError: INVALID_BODY for a malformed key or sequence number.
    """
    body: dict[str, object] = {"after_seq": after_seq, "key": key, "reason": reason.value}
    validate_revocation(body)
    return body


def validate_revocation(body: Mapping[str, object]) -> None:
    """Check a revocation body.

    Raises:
        ProtocolError: INVALID_BODY.
    """
    _exact_keys(body, {"after_seq", "key", "reason"}, "key_revocation")
    after_seq, key, reason = body["after_seq"], body["key"], body["reason"]
    if not isinstance(key, bytes) or len(key) != 32:
        raise ProtocolError(Reason.INVALID_BODY, "key_revocation.key: must be 32 bytes")
    if not isinstance(after_seq, int) or isinstance(after_seq, bool) or not 0 <= after_seq <= INT_MAX:
        raise ProtocolError(Reason.INVALID_BODY, "key_revocation.after_seq: must be a non-negative integer")
    if reason not in set(RevocationReason):
        raise ProtocolError(Reason.INVALID_BODY, "key_revocation.reason: unknown reason")


def revoked_key(body: Mapping[str, object]) -> tuple[bytes, int]:
    """Return the revoked key and the last sequence number it may sign.

    Raises:
        ProtocolError: INVALID_BODY.
    """
    validate_revocation(body)
    return bytes(body["key"]), int(body["after_seq"])  # type: ignore[call-overload]
