"""Signed HTTP requests between nodes, in the spirit of RFC 9421 (HTTP Message Signatures).

Every Icomm request carries these headers; the signature, made with context ``request``, covers this
*signature base* (one ``name: value`` line each, joined by ``\\n``, no trailing newline)::

    ncen-request-v1
    method: GET
    target: /icomm/v1/feed?after=...&limit=200
    destination: ABCD-EFGH-IJKL-MNOP-QRST-UVWX
    content-digest: sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:
    created: 1772355600
    expires: 1772355900
    nonce: 3q2-7wAAAAAAAAAAAAAAAA
    key: <64 hex digits of the signer's public key>

The destination's fingerprint binds a request to one node (a request captured for node A is refused by
node B); ``created``/``expires`` and the nonce bound it in time and make it single-use; the content digest
(RFC 9530 format) binds the body. ``target`` is the raw path and query exactly as sent.

API:
    sign_request(key, *, method, target, body, destination, now, nonce=None, validity=300) -> dict[str, str]
    verify_request(headers, *, method, target, body, destination, keys, now, seen_nonce, window=300)
        -> VerifiedRequest; raises ProtocolError: missing_header, malformed_header, wrong_destination,
        clock_skew, expired, unknown_key, key_rotated, key_revoked, digest_mismatch, bad_signature, replayed
    signature_base(...) -> bytes, content_digest(body) -> str
    NonceCheck = Callable[[bytes, str, int], bool]: (signer key, nonce, keep_until) -> already seen?
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from crypto import BadSignature, SigningKey, VerifyKey, sign, verify
from protocol.keyring import KeyLookup, TrustedKey
from protocol.limits import DEFAULT_REQUEST_VALIDITY_SECONDS, MAX_REQUEST_VALIDITY_SECONDS, REQUEST_WINDOW_SECONDS
from protocol.reasons import ProtocolError, Reason

REQUEST_CONTEXT = "request"
BASE_LABEL = "ncen-request-v1"

HEADER_KEY = "Ncen-Key"
HEADER_DESTINATION = "Ncen-Destination"
HEADER_CREATED = "Ncen-Created"
HEADER_EXPIRES = "Ncen-Expires"
HEADER_NONCE = "Ncen-Nonce"
HEADER_DIGEST = "Content-Digest"
HEADER_SIGNATURE = "Ncen-Signature"
SIGNED_HEADERS = (HEADER_KEY, HEADER_DESTINATION, HEADER_CREATED, HEADER_EXPIRES, HEADER_NONCE, HEADER_DIGEST,
                  HEADER_SIGNATURE)

_PATTERNS: dict[str, re.Pattern[str]] = {
    HEADER_KEY: re.compile(r"[0-9a-f]{64}"),
    HEADER_DESTINATION: re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5}"),
    HEADER_CREATED: re.compile(r"0|[1-9][0-9]{0,11}"),
    HEADER_EXPIRES: re.compile(r"0|[1-9][0-9]{0,11}"),
    HEADER_NONCE: re.compile(r"[A-Za-z0-9_-]{22,64}"),
    HEADER_DIGEST: re.compile(r"sha-256=:[A-Za-z0-9+/]{43}=:"),
    HEADER_SIGNATURE: re.compile(r"[A-Za-z0-9_-]{86}"),
}
_METHOD = re.compile(r"[A-Z]{1,16}")
_TARGET = re.compile(r"/[\x21-\x7e]{0,4095}")

NonceCheck = Callable[[bytes, str, int], bool]


@dataclass(frozen=True, slots=True)
class VerifiedRequest:
    """A request whose signature, time and nonce passed; ``key`` is the authenticated peer key."""

    key: VerifyKey
    trusted: TrustedKey
    nonce: str
    created: int
    expires: int


def content_digest(body: bytes) -> str:
    """Return the RFC 9530 ``Content-Digest`` value of a body (SHA-256)."""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii") + ":"


def signature_base(*, method: str, target: str, destination: str, digest: str, created: int, expires: int,
                   nonce: str, key_hex: str) -> bytes:
    """Return the exact bytes a request signature covers.

    Raises:
        ProtocolError: MALFORMED_HEADER when the method or target could not be represented unambiguously.
    """
    if not _METHOD.fullmatch(method):
        raise ProtocolError(Reason.MALFORMED_HEADER, "method must be upper-case letters")
    if not _TARGET.fullmatch(target):
        raise ProtocolError(Reason.MALFORMED_HEADER, "target must be a printable ASCII path starting with /")
    lines = (BASE_LABEL, f"method: {method}", f"target: {target}", f"destination: {destination}",
             f"content-digest: {digest}", f"created: {created}", f"expires: {expires}", f"nonce: {nonce}",
             f"key: {key_hex}")
    return "\n".join(lines).encode("ascii")


def _unix(now: datetime) -> int:
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass the injected clock's aware UTC time")
    return int(now.timestamp())


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def sign_request(key: SigningKey, *, method: str, target: str, body: bytes, destination: str, now: datetime,
                 nonce: str | None = None, validity: int = DEFAULT_REQUEST_VALIDITY_SECONDS) -> dict[str, str]:
    """Return the headers that authenticate one request to the node with fingerprint ``destination``.

    Raises:
        ValueError: the validity is out of range, the nonce is malformed or ``now`` is naive.
        ProtocolError: MALFORMED_HEADER for a method or target that cannot be signed.
    """
    if not 0 < validity <= MAX_REQUEST_VALIDITY_SECONDS:
        raise ValueError(f"validity must be 1 to {MAX_REQUEST_VALIDITY_SECONDS} seconds")
    nonce = nonce if nonce is not None else secrets.token_urlsafe(16)
    if not _PATTERNS[HEADER_NONCE].fullmatch(nonce):
        raise ValueError("nonce must be 22-64 base64url characters")
    created = _unix(now)
    headers = {
        HEADER_KEY: key.public.hex,
        HEADER_DESTINATION: destination,
        HEADER_CREATED: str(created),
        HEADER_EXPIRES: str(created + validity),
        HEADER_NONCE: nonce,
        HEADER_DIGEST: content_digest(body),
    }
    base = signature_base(method=method, target=target, destination=destination, digest=headers[HEADER_DIGEST],
                          created=created, expires=created + validity, nonce=nonce, key_hex=key.public.hex)
    headers[HEADER_SIGNATURE] = _b64url(sign(key, REQUEST_CONTEXT, base))
    return headers


def _signed_headers(headers: Mapping[str, str]) -> dict[str, str]:
    wanted = {name.lower(): name for name in SIGNED_HEADERS}
    found: dict[str, str] = {}
    items = headers.items()
    for name, value in items:
        canonical = wanted.get(name.lower())
        if canonical is None:
            continue
        if canonical in found:
            raise ProtocolError(Reason.MALFORMED_HEADER, f"{canonical} appears more than once")
        if not isinstance(value, str) or not _PATTERNS[canonical].fullmatch(value):
            raise ProtocolError(Reason.MALFORMED_HEADER, f"{canonical} is malformed")
        found[canonical] = value
    missing = [name for name in SIGNED_HEADERS if name not in found]
    if missing:
        raise ProtocolError(Reason.MISSING_HEADER, f"missing {', '.join(missing)}")
    return found


def verify_request(headers: Mapping[str, str], *, method: str, target: str, body: bytes, destination: str,
                   keys: KeyLookup, now: datetime, seen_nonce: NonceCheck,
                   window: int = REQUEST_WINDOW_SECONDS) -> VerifiedRequest:
    """Authenticate a request received by the node whose fingerprint is ``destination``.

    ``seen_nonce(key, nonce, keep_until)`` must atomically tell whether the signer already used the nonce
    and remember it until ``keep_until`` (Unix seconds); it is called last, only for a valid signature.

    Raises:
        ProtocolError: the first failing check, each with its own reason (see the module docstring).
        ValueError: ``now`` is naive.
    """
    found = _signed_headers(headers)
    if found[HEADER_DESTINATION] != destination:
        raise ProtocolError(Reason.WRONG_DESTINATION, f"request is addressed to {found[HEADER_DESTINATION]}")
    created, expires = int(found[HEADER_CREATED]), int(found[HEADER_EXPIRES])
    if not 0 < expires - created <= MAX_REQUEST_VALIDITY_SECONDS:
        raise ProtocolError(Reason.MALFORMED_HEADER,
                            f"expires must be 1 to {MAX_REQUEST_VALIDITY_SECONDS} seconds after created")
    current = _unix(now)
    offset = created - current
    if abs(offset) > window:
        direction = "ahead of" if offset > 0 else "behind"
        raise ProtocolError(Reason.CLOCK_SKEW,
                            f"the request was signed {abs(offset)} s {direction} this node's clock (tolerance "
                            f"{window} s): check both clocks (NTP), or the request was replayed")
    if current > expires:
        raise ProtocolError(Reason.EXPIRED, f"the request expired {current - expires} s ago")
    trusted = keys(bytes.fromhex(found[HEADER_KEY]))
    if trusted is None or trusted.key.hex != found[HEADER_KEY]:
        raise ProtocolError(Reason.UNKNOWN_KEY, "the signing key is not a trusted peer key")
    trusted.check_current()
    if found[HEADER_DIGEST] != content_digest(body):
        raise ProtocolError(Reason.DIGEST_MISMATCH, "the body does not match Content-Digest")
    base = signature_base(method=method, target=target, destination=destination, digest=found[HEADER_DIGEST],
                          created=created, expires=expires, nonce=found[HEADER_NONCE], key_hex=found[HEADER_KEY])
    signature = base64.urlsafe_b64decode(found[HEADER_SIGNATURE] + "==")
    if _b64url(signature) != found[HEADER_SIGNATURE]:  # one spelling per signature: no spare bits set
        raise ProtocolError(Reason.MALFORMED_HEADER, f"{HEADER_SIGNATURE} is not canonical base64url")
    try:
        verify(trusted.key, REQUEST_CONTEXT, base, signature)
    except BadSignature as exc:
        raise ProtocolError(Reason.BAD_SIGNATURE, "the request signature does not verify") from exc
    keep_until = min(created + window, expires)
    if seen_nonce(trusted.key.raw, found[HEADER_NONCE], keep_until):
        raise ProtocolError(Reason.REPLAYED, "this nonce was already used")
    return VerifiedRequest(key=trusted.key, trusted=trusted, nonce=found[HEADER_NONCE], created=created,
                           expires=expires)
