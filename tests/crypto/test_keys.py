"""Verify keys refuse low-order and malformed encodings; signing keys never show their secret."""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path

import pytest

import crypto
from crypto import InvalidKey, SigningKey, VerifyKey, fingerprint

REPO = Path(__file__).resolve().parents[2]


def _ff(first: int, last: int) -> bytes:
    return bytes([first]) + b"\xff" * 30 + bytes([last])


# The 14 low-order encodings from ../shared/data/SOURCES.md (32 bytes each, little-endian).
LOW_ORDER = [
    b"\x00" * 32,
    b"\x00" * 31 + b"\x80",
    b"\x01" + b"\x00" * 31,
    b"\x01" + b"\x00" * 30 + b"\x80",
    bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
    bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
    bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
    _ff(0xEC, 0x7F),
    _ff(0xEC, 0xFF),
    _ff(0xED, 0x7F),
    _ff(0xED, 0xFF),
    _ff(0xEE, 0x7F),
    _ff(0xEE, 0xFF),
]
FINGERPRINT = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){5}")


def test_crypto_is_this_repositorys_package() -> None:
    # PyPI has an unrelated package named "crypto": make sure we import ours.
    assert Path(crypto.__file__).resolve().is_relative_to(REPO)


def test_there_are_fourteen_distinct_low_order_encodings() -> None:
    assert len(set(LOW_ORDER)) == 14
    assert all(len(encoding) == 32 for encoding in LOW_ORDER)


@pytest.mark.parametrize("encoding", LOW_ORDER, ids=lambda value: value.hex()[:8] + ".." + value.hex()[-4:])
def test_low_order_keys_are_refused(encoding: bytes) -> None:
    with pytest.raises(InvalidKey):
        VerifyKey(encoding)
    with pytest.raises(InvalidKey):
        VerifyKey.from_hex(encoding.hex())


def test_identity_key_with_crafted_signature_would_verify_anything_in_the_raw_library() -> None:
    # Why the check above matters: the identity point with R = identity, S = 0 verifies any message.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    identity = b"\x01" + b"\x00" * 31
    Ed25519PublicKey.from_public_bytes(identity).verify(identity + b"\x00" * 32, b"any message at all")


@pytest.mark.parametrize("raw", [b"", b"\x01" * 31, b"\x01" * 33, "00" * 32])
def test_malformed_keys_are_refused(raw: object) -> None:
    with pytest.raises(InvalidKey):
        VerifyKey(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "zz" * 32, "00" * 31, "0" * 63])
def test_malformed_hex_is_refused(text: str) -> None:
    with pytest.raises(InvalidKey):
        VerifyKey.from_hex(text)


def test_non_canonical_y_is_refused() -> None:
    # y = p (2**255 - 19) encodes 0 non-canonically; y = p + 1 encodes 1 (the identity) non-canonically.
    p = 2**255 - 19
    for y in (p, p + 1, 2**255 - 1):
        with pytest.raises(InvalidKey):
            VerifyKey(y.to_bytes(32, "little"))


def test_random_keys_are_accepted() -> None:
    for _ in range(20):
        raw = SigningKey.generate().public.raw
        assert VerifyKey(raw).raw == raw


def test_verify_keys_compare_by_value() -> None:
    key = SigningKey.generate().public
    assert VerifyKey(key.raw) == key
    assert hash(VerifyKey(key.raw)) == hash(key)
    assert key != SigningKey.generate().public
    assert repr(key) == f"VerifyKey({key.fingerprint})"


def test_seed_must_be_32_bytes() -> None:
    with pytest.raises(InvalidKey):
        SigningKey.from_seed(b"\x01" * 31)


def test_fingerprint_format_and_stability() -> None:
    key = SigningKey.generate().public
    assert FINGERPRINT.fullmatch(key.fingerprint)
    assert key.fingerprint == fingerprint(key.raw) == VerifyKey(key.raw).fingerprint
    assert SigningKey.generate().public.fingerprint != key.fingerprint
    # Pinned: SHA-256 of 32 zero bytes is 66687aad..., its first 15 bytes in base32.
    assert fingerprint(b"\x00" * 32) == "MZUH-VLPY-MK6X-O3EP-YGFY-5H4O"


def test_signing_key_never_shows_its_secret() -> None:
    key = SigningKey.generate()
    seed = key.backend_key.private_bytes_raw()
    for text in (repr(key), str(key), f"{key}", f"{key!r}"):
        assert seed.hex() not in text
        assert seed.hex().upper() not in text
        assert key.public.fingerprint in text
    assert not hasattr(key, "__dict__")


def test_signing_key_cannot_be_pickled_or_copied() -> None:
    key = SigningKey.generate()
    with pytest.raises(TypeError):
        pickle.dumps(key)
    with pytest.raises(TypeError):
        copy.copy(key)
