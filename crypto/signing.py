"""Sign and verify bytes under a domain-separation context.

What is signed is ``b"NCEN-SIG-1\\x00" + context + b"\\x00" + message``. The version marker comes first so a
later scheme cannot be confused with this one; the context (e.g. ``record``, ``request``) keeps a signature
made for one purpose from being replayed as another.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature

from crypto.errors import BadSignature
from crypto.keys import SIGNATURE_SIZE, SigningKey, VerifyKey

SIGNATURE_PREFIX = b"NCEN-SIG-1\x00"


def signed_bytes(context: str, message: bytes) -> bytes:
    """Return the exact bytes Ed25519 signs for this context and message.

    Raises:
        ValueError: the context is empty, not printable ASCII, or contains NUL.
    """
    if not context or not context.isascii() or not context.isprintable():
        raise ValueError("signature context must be non-empty printable ASCII")
    return SIGNATURE_PREFIX + context.encode("ascii") + b"\x00" + message


def sign(key: SigningKey, context: str, message: bytes) -> bytes:
    """Return the 64-byte signature of ``message`` under ``context``."""
    return key.backend_key.sign(signed_bytes(context, message))


def verify(key: VerifyKey, context: str, message: bytes, signature: bytes) -> None:
    """Check a signature; return nothing when it is good.

    Raises:
        BadSignature: the signature is malformed or does not verify.
    """
    if len(signature) != SIGNATURE_SIZE:
        raise BadSignature(f"signature must be {SIGNATURE_SIZE} bytes, got {len(signature)}")
    try:
        key.backend_key.verify(signature, signed_bytes(context, message))
    except InvalidSignature as exc:
        raise BadSignature("signature does not verify") from exc


def verify_raw(key: VerifyKey, message: bytes, signature: bytes) -> None:
    """Check a plain Ed25519 signature with no ncen context (test vectors only).

    Raises:
        BadSignature: the signature is malformed or does not verify.
    """
    if len(signature) != SIGNATURE_SIZE:
        raise BadSignature(f"signature must be {SIGNATURE_SIZE} bytes, got {len(signature)}")
    try:
        key.backend_key.verify(signature, message)
    except InvalidSignature as exc:
        raise BadSignature("signature does not verify") from exc
