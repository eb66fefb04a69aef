"""Signed records: build and sign an envelope, and parse and verify one received from a peer.

A record travels, and is stored, as its *wire form*: the canonical msgpack array
``[version, envelope, signature]`` where ``envelope`` is the canonical msgpack map below, as bin, and
``signature`` is ``crypto.sign(origin_key, "record", envelope)``. The envelope bytes are what is signed, kept
and forwarded verbatim; nothing is ever re-encoded (docs/protocol.md, "Records")::

    {"attachments": [{"media_type", "sha256", "size"}...], "audience": {"groups", "nodes"},
     "body": {...}, "created_at": "2026-03-01T09:00:00.000000Z", "handling": "amber",
     "id": <16-byte UUID>, "origin": <32-byte Ed25519 key>, "rev": 1, "scope": "nominal",
     "seq": 1, "type": "seizure", "v": 1}

API:
    Attachment(sha256, size, media_type)
    Draft(record_type, record_id, rev, seq, created_at, audience, handling, body, scope, attachments)
    Record          a parsed record: the Draft's fields plus origin, envelope, signature, wire, digest
    seal_record(key, draft, *, bodies=None) -> Record
    open_record(wire, *, keys, bodies=None, non_nominal_only=False) -> Record    verify untrusted bytes
    open_records(wires, *, keys, bodies=None, non_nominal_only=False, check_signatures=None)
        -> list[Record | ProtocolError]     the same for a batch, signatures checked where the caller says
    decode_record(wire, *, bodies=None) -> Record        parse bytes this node already verified (its store)
All refusals raise ``ProtocolError`` with a distinct reason: too_large, malformed / non_canonical /...,
unsupported_version, unknown_record_type, invalid_field, unknown_key, bad_signature, key_rotated,
key_revoked, nominal_data, invalid_body.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crypto import BadSignature, SigningKey, VerifyKey, sign, verify
from protocol.audience import Audience, Handling, parse_handling
from protocol.bodies import DEFAULT_BODIES, BodyRegistry
from protocol.codec import INT_MAX, decode, encode
from protocol.keyring import KeyLookup, TrustedKey
from protocol.lifecycle import rotated_key
from protocol.limits import (
    ENVELOPE_LIMITS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_RECORD,
    MAX_MEDIA_TYPE_LENGTH,
    MAX_RECORD_BYTES,
    RECORD_LIMITS,
)
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import RecordType, Scope, parse_record_type
from protocol.timefmt import from_iso, to_iso
from protocol.version import PROTOCOL_VERSION, PROTOCOL_VERSIONS

RECORD_CONTEXT = "record"
ENVELOPE_FIELDS = frozenset(
    {"attachments", "audience", "body", "created_at", "handling", "id", "origin", "rev", "scope", "seq", "type", "v"}
)
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")


def _invalid(name: str, problem: str) -> ProtocolError:
    return ProtocolError(Reason.INVALID_FIELD, f"{name}: {problem}")


def _positive_int(value: object, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= INT_MAX:
        raise _invalid(name, "must be a positive integer")
    return value


def _sized_bytes(value: object, size: int, name: str) -> bytes:
    if not isinstance(value, bytes) or len(value) != size:
        raise _invalid(name, f"must be {size} bytes")
    return value


def _timestamp(value: object, name: str) -> str:
    # One spelling per instant: exactly protocol.timefmt's format, so the bytes are canonical too.
    try:
        if isinstance(value, str) and len(value) == 27 and to_iso(from_iso(value)) == value:
            return value
    except ValueError:
        pass
    raise _invalid(name, "must be a UTC timestamp like 2026-03-01T09:00:00.000000Z")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file a record refers to, fetched separately by its SHA-256."""

    sha256: bytes
    size: int
    media_type: str

    def __post_init__(self) -> None:
        """Check the reference.

        Raises:
            ProtocolError: INVALID_FIELD.
        """
        _sized_bytes(self.sha256, 32, "attachments.sha256")
        if not isinstance(self.size, int) or isinstance(self.size, bool) or not 0 <= self.size <= MAX_ATTACHMENT_BYTES:
            raise _invalid("attachments.size", f"must be 0 to {MAX_ATTACHMENT_BYTES}")
        media = self.media_type
        if not isinstance(media, str) or len(media) > MAX_MEDIA_TYPE_LENGTH or not _MEDIA_TYPE.fullmatch(media):
            raise _invalid("attachments.media_type", "must be a lowercase type/subtype without parameters")

    def to_wire(self) -> dict[str, object]:
        """Return the reference as it appears in the envelope."""
        return {"media_type": self.media_type, "sha256": self.sha256, "size": self.size}

    @classmethod
    def from_wire(cls, value: object) -> Attachment:
        """Parse one attachment reference.

        Raises:
            ProtocolError: INVALID_FIELD.
        """
        if not isinstance(value, dict) or set(value) != {"media_type", "sha256", "size"}:
            raise _invalid("attachments", "each must be a map of exactly media_type, sha256 and size")
        return cls(sha256=value["sha256"], size=value["size"], media_type=value["media_type"])


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything the origin decides about a record before signing it."""

    record_type: RecordType
    record_id: uuid.UUID
    rev: int
    seq: int
    created_at: str
    audience: Audience
    handling: Handling
    body: Mapping[str, Any]
    scope: Scope = Scope.NOMINAL
    attachments: tuple[Attachment, ...] = ()

    def envelope_map(self, origin: bytes, version: int = PROTOCOL_VERSION) -> dict[str, object]:
        """Return the envelope map this draft signs as, for the given origin key."""
        return {
            "attachments": [attachment.to_wire() for attachment in self.attachments],
            "audience": self.audience.to_wire(),
            "body": dict(self.body),
            "created_at": self.created_at,
            "handling": self.handling.value,
            "id": self.record_id.bytes,
            "origin": origin,
            "rev": self.rev,
            "scope": self.scope.value,
            "seq": self.seq,
            "type": self.record_type.value,
            "v": version,
        }


@dataclass(frozen=True, slots=True)
class Record:
    """A parsed record: its fields, and the exact bytes it was signed, stored and forwarded as."""

    version: int
    record_type: RecordType
    record_id: uuid.UUID
    origin: bytes
    rev: int
    seq: int
    created_at: str
    audience: Audience
    handling: Handling
    scope: Scope
    attachments: tuple[Attachment, ...]
    body: Mapping[str, Any]
    envelope: bytes = field(repr=False)
    signature: bytes = field(repr=False)
    wire: bytes = field(repr=False)

    @property
    def digest(self) -> bytes:
        """Return SHA-256 of the envelope: two records are the same revision iff their digests are equal."""
        return hashlib.sha256(self.envelope).digest()

    @property
    def is_tombstone(self) -> bool:
        """Tell whether this revision deletes the record."""
        return self.record_type is RecordType.TOMBSTONE


def seal_record(key: SigningKey, draft: Draft, *, bodies: BodyRegistry | None = None,
                version: int = PROTOCOL_VERSION) -> Record:
    """Sign a draft as ``key``'s node and return the record exactly as a receiver will parse it.

    Raises:
        ProtocolError: the draft would be refused by a receiver (same reasons as ``decode_record``).
    """
    envelope = encode(draft.envelope_map(key.public.raw, version))
    wire = encode([version, envelope, sign(key, RECORD_CONTEXT, envelope)])
    # Parse our own output with the receivers' rules: we never emit what a peer would refuse.
    return decode_record(wire, bodies=bodies)


# A batch of signatures to check: (key, envelope, signature), each with the context ``record``.
SignedEnvelope = tuple[VerifyKey, bytes, bytes]
# Starts checking a batch and returns how to wait for the verdicts (True: the signature verifies), in order.
SignatureCheck = Callable[[Sequence[SignedEnvelope]], Callable[[], Sequence[bool]]]


def open_record(wire: bytes, *, keys: KeyLookup, bodies: BodyRegistry | None = None,
                non_nominal_only: bool = False) -> Record:
    """Parse and verify untrusted wire bytes from a peer.

    ``keys`` maps the origin's raw key to a trusted key, or None when unknown. ``non_nominal_only`` is set
    by the global CEN, which refuses every nominal record.

    Raises:
        ProtocolError: any refusal, each with its own reason (see the module docstring).
    """
    record = _parse(wire)
    trusted = _trusted_key(record, keys)
    try:
        verify(trusted.key, RECORD_CONTEXT, record.envelope, record.signature)
    except BadSignature as exc:
        raise _bad_signature() from exc
    trusted.check_seq(record.seq)
    _check_content(record, bodies, non_nominal_only)
    return record


def open_records(wires: Sequence[bytes], *, keys: KeyLookup, bodies: BodyRegistry | None = None,
                 non_nominal_only: bool = False,
                 check_signatures: SignatureCheck | None = None) -> list[Record | ProtocolError]:
    """Parse and verify a batch of untrusted wire records: each result is what ``open_record`` gives or raises.

    ``check_signatures`` starts checking the batch's signatures (another process may do it) and returns how to
    wait for the verdicts; meanwhile the bodies are checked here. A record is refused for the first failing
    step in the order of ``open_record`` (docs/protocol.md section 6.3), whatever was computed first.
    """
    parsed: list[tuple[Record, TrustedKey] | ProtocolError] = []
    for wire in wires:
        try:
            record = _parse(wire)
            parsed.append((record, _trusted_key(record, keys)))
        except ProtocolError as exc:
            parsed.append(exc)
    opened = [item for item in parsed if not isinstance(item, ProtocolError)]
    wait = (check_signatures or check_signatures_here)([(t.key, r.envelope, r.signature) for r, t in opened])
    contents = iter([_content_error(record, bodies, non_nominal_only) for record, _ in opened])
    verdicts = list(wait())
    if len(verdicts) != len(opened):
        raise RuntimeError(f"{len(verdicts)} signature verdicts for {len(opened)} records")
    signatures = iter(verdicts)
    results: list[Record | ProtocolError] = []
    for item in parsed:
        if isinstance(item, ProtocolError):
            results.append(item)
            continue
        record, trusted = item
        signed, content_error = next(signatures), next(contents)
        try:
            if signed is not True:
                raise _bad_signature()
            trusted.check_seq(record.seq)
        except ProtocolError as exc:
            results.append(exc)
            continue
        results.append(content_error or record)
    return results


def check_signatures_here(batch: Sequence[SignedEnvelope]) -> Callable[[], Sequence[bool]]:
    """Check record signatures in this thread (the default ``SignatureCheck``)."""
    verdicts = []
    for key, envelope, signature in batch:
        try:
            verify(key, RECORD_CONTEXT, envelope, signature)
            verdicts.append(True)
        except BadSignature:
            verdicts.append(False)
    return lambda: verdicts


def _trusted_key(record: Record, keys: KeyLookup) -> TrustedKey:
    trusted = keys(record.origin)
    if trusted is None or trusted.key.raw != record.origin:
        raise ProtocolError(Reason.UNKNOWN_KEY, "the record's origin key is not trusted by this node")
    return trusted


def _bad_signature() -> ProtocolError:
    return ProtocolError(Reason.BAD_SIGNATURE, "the record's signature does not verify")


def _content_error(record: Record, bodies: BodyRegistry | None, non_nominal_only: bool) -> ProtocolError | None:
    try:
        _check_content(record, bodies, non_nominal_only)
    except ProtocolError as exc:
        return exc
    return None


def _check_content(record: Record, bodies: BodyRegistry | None, non_nominal_only: bool) -> None:
    if non_nominal_only and record.scope is not Scope.NON_NOMINAL:
        raise ProtocolError(Reason.NOMINAL_DATA, "this node accepts only non-nominal records")
    _check_body(record, bodies)
    if record.record_type is RecordType.KEY_ROTATION:
        rotated_key(record.origin, record.body)


def decode_record(wire: bytes, *, bodies: BodyRegistry | None = None) -> Record:
    """Parse wire bytes and check every field and the body, without checking the signature.

    Only for bytes this node verified before (its own store) or just sealed; use ``open_record`` for
    anything received.

    Raises:
        ProtocolError: any structural refusal (too_large, non_canonical, unsupported_version,
            unknown_record_type, invalid_field, nominal_data, invalid_body...).
    """
    record = _parse(wire)
    _check_body(record, bodies)
    return record


def _check_body(record: Record, bodies: BodyRegistry | None) -> None:
    (bodies or DEFAULT_BODIES).check(record.record_type, record.scope, record.body)


def _parse(wire: bytes) -> Record:
    if isinstance(wire, bytes) and len(wire) > MAX_RECORD_BYTES:
        raise ProtocolError(Reason.TOO_LARGE, f"record of {len(wire)} bytes, limit {MAX_RECORD_BYTES}")
    outer = decode(wire, RECORD_LIMITS)
    if not isinstance(outer, list) or len(outer) != 3:
        raise ProtocolError(Reason.MALFORMED, "a record is an array of version, envelope and signature")
    version, envelope, signature = outer
    if not isinstance(version, int) or isinstance(version, bool) or version not in PROTOCOL_VERSIONS:
        raise ProtocolError(Reason.UNSUPPORTED_VERSION, f"record version {str(version)[:20]} is not supported")
    if not isinstance(envelope, bytes) or not isinstance(signature, bytes):
        raise ProtocolError(Reason.MALFORMED, "envelope and signature must be bin")
    if len(signature) != 64:
        raise ProtocolError(Reason.BAD_SIGNATURE, f"signature must be 64 bytes, got {len(signature)}")
    fields = decode(envelope, ENVELOPE_LIMITS)
    if not isinstance(fields, dict):
        raise ProtocolError(Reason.MALFORMED, "the envelope must be a map")
    if fields.get("v") != version or isinstance(fields.get("v"), bool):
        raise ProtocolError(Reason.UNSUPPORTED_VERSION, "envelope version differs from the record version")
    record_type = parse_record_type(fields.get("type"))
    unknown = set(fields) - ENVELOPE_FIELDS
    missing = ENVELOPE_FIELDS - set(fields)
    if unknown or missing:
        names = ", ".join(sorted(unknown)[:5]) if unknown else ", ".join(sorted(missing))
        raise _invalid(names, "unknown envelope field" if unknown else "missing envelope field")
    try:
        scope = Scope(fields["scope"])
    except ValueError:
        raise _invalid("scope", "must be nominal or non_nominal") from None
    raw_attachments = fields["attachments"]
    if not isinstance(raw_attachments, list) or len(raw_attachments) > MAX_ATTACHMENTS_PER_RECORD:
        raise _invalid("attachments", f"must be an array of at most {MAX_ATTACHMENTS_PER_RECORD}")
    attachments = tuple(Attachment.from_wire(item) for item in raw_attachments)
    if len({attachment.sha256 for attachment in attachments}) != len(attachments):
        raise _invalid("attachments", "the same file is listed twice")
    if attachments and (scope is Scope.NON_NOMINAL or record_type is RecordType.TOMBSTONE):
        raise _invalid("attachments", "non-nominal records and tombstones carry no attachments")
    body = fields["body"]
    if not isinstance(body, dict):
        raise _invalid("body", "must be a map")
    return Record(
        version=version,
        record_type=record_type,
        record_id=uuid.UUID(bytes=_sized_bytes(fields["id"], 16, "id")),
        origin=_sized_bytes(fields["origin"], 32, "origin"),
        rev=_positive_int(fields["rev"], "rev"),
        seq=_positive_int(fields["seq"], "seq"),
        created_at=_timestamp(fields["created_at"], "created_at"),
        audience=Audience.from_wire(fields["audience"]),
        handling=parse_handling(fields["handling"]),
        scope=scope,
        attachments=attachments,
        body=body,
        envelope=envelope,
        signature=signature,
        wire=wire,
    )
