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
    open_records(wires, *, keys, bodies=None, non_nominal_only=False, examine_batch=None)
        -> list[Record | ProtocolError]     the same for a batch, examined where the caller says
    examine(wire, key_for, *, bodies=None, non_nominal_only=False) -> Examined    the CPU-heavy part
    examine_here(key_for, *, bodies=None, non_nominal_only=False) -> BatchExamine
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
from datetime import datetime
from typing import Any

from crypto import BadSignature, SigningKey, VerifyKey, sign, verify
from protocol.audience import Audience, Handling, parse_handling
from protocol.bodies import DEFAULT_BODIES, BodyRegistry
from protocol.codec import INT_MAX, decode, decode_checked, encode
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
from protocol.version import PROTOCOL_VERSION, PROTOCOL_VERSIONS

RECORD_CONTEXT = "record"
ENVELOPE_FIELDS = frozenset(
    {"attachments", "audience", "body", "created_at", "handling", "id", "origin", "rev", "scope", "seq", "type", "v"}
)
_TIMESTAMP = re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
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
    # One spelling per instant: exactly protocol.timefmt's format (years 1000 to 9999), so the bytes are canonical.
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        try:
            datetime.fromisoformat(value[:-1])  # a real day and time of day
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
    """A parsed record: its fields, and the exact bytes it was signed, stored and forwarded as.

    The body is decoded from the envelope when first asked for, unless the parser already had it: a node
    storing a page of received seizures never needs their bodies.
    """

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
    envelope: bytes = field(repr=False)
    signature: bytes = field(repr=False)
    wire: bytes = field(repr=False)
    decoded_body: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)
    _digest: bytes | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def body(self) -> Mapping[str, Any]:
        """Return the body map (its envelope passed the canonical decoder when the record was parsed)."""
        if self.decoded_body is None:
            object.__setattr__(self, "decoded_body", decode_checked(self.envelope)["body"])
        assert self.decoded_body is not None
        return self.decoded_body

    @property
    def digest(self) -> bytes:
        """Return SHA-256 of the envelope: two records are the same revision iff their digests are equal."""
        if self._digest is None:
            object.__setattr__(self, "_digest", hashlib.sha256(self.envelope).digest())
        assert self._digest is not None
        return self._digest

    @property
    def is_tombstone(self) -> bool:
        """Tell whether this revision deletes the record."""
        return self.record_type is RecordType.TOMBSTONE

    def header(self) -> list[Any]:
        """Return every envelope field but the body, as plain values (``Examined.to_plain``)."""
        return [self.version, self.record_type.value, self.record_id.bytes, self.origin, self.rev, self.seq,
                self.created_at, list(self.audience.nodes), list(self.audience.groups), self.handling.value,
                self.scope.value, [[a.sha256, a.size, a.media_type] for a in self.attachments]]

    @classmethod
    def from_header(cls, wire: bytes, header: Sequence[Any]) -> Record:
        """Rebuild a record that ``_parse`` accepted elsewhere from its wire bytes and ``header()``.

        Raises:
            ValueError: the header does not have the shape ``header()`` gives (never for one it gave).
        """
        try:
            (version, record_type, record_id, origin, rev, seq, created_at, nodes, groups, handling, scope,
             attachments) = header
            _, envelope, signature = decode_checked(wire)
            return cls(version=version, record_type=RecordType(record_type), record_id=uuid.UUID(bytes=record_id),
                       origin=origin, rev=rev, seq=seq, created_at=created_at,
                       audience=Audience(nodes=tuple(nodes), groups=tuple(groups)), handling=Handling(handling),
                       scope=Scope(scope), attachments=tuple(Attachment(*item) for item in attachments),
                       envelope=envelope, signature=signature, wire=wire)
        except (TypeError, ValueError, ProtocolError) as exc:
            raise ValueError(f"not a record header ({exc})") from exc


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


@dataclass(frozen=True, slots=True)
class Examined:
    """What the bytes of one received record show on their own, before the receiver's trust and cut-offs apply.

    ``refusal``: the bytes are refused before their origin matters (size, encoding, version, envelope fields).
    ``signed``: the signature verifies under the origin key; None when that key was not among the keys given
    (then neither it nor the content was checked). ``content``: the scope or body is refused (checked only when
    the signature verifies). ``record``: the parsed record (rebuilt from its header when examined elsewhere).
    """

    refusal: ProtocolError | None = None
    signed: bool | None = None
    content: ProtocolError | None = None
    record: Record | None = field(default=None, compare=False, repr=False)

    def to_plain(self) -> list[Any]:
        """Return the finding as plain values, for a pipe to or from a worker process (msgpack, JSON...)."""
        refusal, content = self.refusal, self.content
        return [refusal.reason.value if refusal else "", refusal.detail if refusal else "", self.signed,
                content.reason.value if content else "", content.detail if content else "",
                self.record.header() if self.record is not None else None]

    @classmethod
    def from_plain(cls, value: Any, wire: bytes) -> Examined:
        """Return the finding that ``to_plain`` gave for these wire bytes.

        Raises:
            ValueError: the value is not such a finding.
        """
        try:
            refusal, refusal_detail, signed, content, content_detail, header = value
            if signed not in (True, False, None) or (refusal == "") == (header is None):
                raise ValueError("inconsistent finding")
            return cls(refusal=ProtocolError(Reason(refusal), refusal_detail) if refusal else None, signed=signed,
                       content=ProtocolError(Reason(content), content_detail) if content else None,
                       record=Record.from_header(wire, header) if header is not None else None)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"not a finding ({exc})") from exc


# The key a record's origin names, among the keys the examiner was given (None: not one of them).
VerifyKeyFor = Callable[[bytes], VerifyKey | None]
# Starts examining a batch of wires (maybe in another process) and returns how to wait for the results, in order.
BatchExamine = Callable[[Sequence[bytes]], Callable[[], Sequence[Examined]]]


def examine(wire: bytes, key_for: VerifyKeyFor, *, bodies: BodyRegistry | None = None,
            non_nominal_only: bool = False) -> Examined:
    """Parse a received record and check its signature and then its content, without deciding anything.

    The CPU-heavy part of ``open_record``, which a worker process may do: ``open_records`` turns the result
    into the same decision, in the same order, as ``open_record``.
    """
    try:
        record = _parse(wire)
    except ProtocolError as exc:
        return Examined(refusal=exc)
    key = key_for(record.origin)
    if key is None or key.raw != record.origin:
        return Examined(record=record)
    try:
        verify(key, RECORD_CONTEXT, record.envelope, record.signature)
    except BadSignature:
        return Examined(signed=False, record=record)
    return Examined(signed=True, content=_content_error(record, bodies, non_nominal_only), record=record)


def examine_here(key_for: VerifyKeyFor, *, bodies: BodyRegistry | None = None,
                 non_nominal_only: bool = False) -> BatchExamine:
    """Return a ``BatchExamine`` that examines in the calling thread."""

    def start(wires: Sequence[bytes]) -> Callable[[], Sequence[Examined]]:
        results = [examine(wire, key_for, bodies=bodies, non_nominal_only=non_nominal_only) for wire in wires]
        return lambda: results

    return start


def open_records(wires: Sequence[bytes], *, keys: KeyLookup, bodies: BodyRegistry | None = None,
                 non_nominal_only: bool = False,
                 examine_batch: BatchExamine | None = None) -> list[Record | ProtocolError]:
    """Parse and verify a batch of untrusted wire records: each result is what ``open_record`` gives or raises.

    ``examine_batch`` examines the wires (``examine``: another process may do it, with the same body rules and
    scope) and the decisions are taken here from its results: a record is refused for the first failing step
    in the order of ``open_record`` (docs/protocol.md section 6.3), whatever was computed first.

    Raises:
        RuntimeError: the examiner gave back a different number of results than it was given wires, or no
            record for a wire it did not refuse.
    """
    if examine_batch is None:
        examine_batch = examine_here(_verify_key_for(keys), bodies=bodies, non_nominal_only=non_nominal_only)
    examined = list(examine_batch(wires)())
    if len(examined) != len(wires):
        raise RuntimeError(f"{len(examined)} examinations for {len(wires)} records")
    results: list[Record | ProtocolError] = []
    for found in examined:
        if found.refusal is not None:
            results.append(found.refusal)
            continue
        if found.record is None:
            raise RuntimeError("an examiner accepted a record without giving it back")
        try:
            results.append(_decide(found.record, found, keys, bodies, non_nominal_only))
        except ProtocolError as exc:
            results.append(exc)
    return results


def _decide(record: Record, found: Examined, keys: KeyLookup, bodies: BodyRegistry | None,
            non_nominal_only: bool) -> Record:
    trusted = _trusted_key(record, keys)
    if found.signed is None:  # the examiner did not have this key: check here
        found = examine(record.wire, lambda raw: trusted.key, bodies=bodies, non_nominal_only=non_nominal_only)
    if found.signed is not True:
        raise _bad_signature()
    trusted.check_seq(record.seq)
    if found.content is not None:
        raise found.content
    return record


def _verify_key_for(keys: KeyLookup) -> VerifyKeyFor:
    def key_for(raw: bytes) -> VerifyKey | None:
        trusted = keys(raw)
        return trusted.key if trusted is not None else None

    return key_for


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
        envelope=envelope,
        signature=signature,
        wire=wire,
        decoded_body=body,
    )
