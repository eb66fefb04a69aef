"""Ed25519 key types: a signing key that never shows itself, and a validated verify key."""

from __future__ import annotations

import base64
import hashlib
from typing import NoReturn

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from crypto.curve import is_safe_public_key
from crypto.errors import InvalidKey

PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
FINGERPRINT_BYTES = 15  # 120 bits: far beyond second-preimage reach, still 24 characters to read out


def fingerprint(public_key: bytes) -> str:
    """Return the short human-comparable fingerprint of raw public-key bytes, e.g. ``ABCD-EFGH-…``.

    It is the first 120 bits of SHA-256 over the raw key in RFC 4648 base32 (no 0/1/8/9 to confuse),
    in six groups of four, read aloud when two administrations confirm a pairing.
    """
    digest = hashlib.sha256(public_key).digest()[:FINGERPRINT_BYTES]
    text = base64.b32encode(digest).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


class VerifyKey:
    """An Ed25519 public key that has passed every import check."""

    __slots__ = ("_key", "_raw")

    def __init__(self, raw: bytes) -> None:
        """Validate and wrap raw public-key bytes.

        Raises:
            InvalidKey: the bytes are not 32 long, not a canonical curve point, or not of prime order.
        """
        if not isinstance(raw, bytes | bytearray) or len(raw) != PUBLIC_KEY_SIZE:
            raise InvalidKey(f"public key must be {PUBLIC_KEY_SIZE} bytes")
        raw = bytes(raw)
        if not is_safe_public_key(raw):
            raise InvalidKey("public key is not a canonical point of prime order (low-order or malformed)")
        self._raw = raw
        self._key = Ed25519PublicKey.from_public_bytes(raw)

    @classmethod
    def from_hex(cls, text: str) -> VerifyKey:
        """Parse a hex-encoded public key.

        Raises:
            InvalidKey: the text is not 64 hex digits of a safe key.
        """
        try:
            raw = bytes.fromhex(text)
        except (ValueError, TypeError) as exc:
            raise InvalidKey("public key must be 64 hexadecimal digits") from exc
        return cls(raw)

    @property
    def raw(self) -> bytes:
        """Return the 32 raw key bytes."""
        return self._raw

    @property
    def hex(self) -> str:
        """Return the key as lowercase hex."""
        return self._raw.hex()

    @property
    def fingerprint(self) -> str:
        """Return the human-comparable fingerprint."""
        return fingerprint(self._raw)

    @property
    def backend_key(self) -> Ed25519PublicKey:
        """Return the underlying cryptography key (for the signing module)."""
        return self._key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerifyKey) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(self._raw)

    def __repr__(self) -> str:
        return f"VerifyKey({self.fingerprint})"


class SigningKey:
    """An Ed25519 private key. Its repr and str name only the public fingerprint."""

    __slots__ = ("_key", "_public")

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self._public = VerifyKey(raw)

    @classmethod
    def generate(cls) -> SigningKey:
        """Create a fresh random key."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> SigningKey:
        """Build a key from its 32-byte seed (test vectors and key files only).

        Raises:
            InvalidKey: the seed is not 32 bytes.
        """
        if len(seed) != 32:
            raise InvalidKey("private key seed must be 32 bytes")
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    @property
    def public(self) -> VerifyKey:
        """Return the matching verify key."""
        return self._public

    @property
    def backend_key(self) -> Ed25519PrivateKey:
        """Return the underlying cryptography key (for the signing and key-file modules)."""
        return self._key

    def __repr__(self) -> str:
        return f"SigningKey(public={self._public.fingerprint})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        # Guard against a private key leaking through pickling (e.g. into a process pool or a cache).
        raise TypeError("SigningKey cannot be pickled")
