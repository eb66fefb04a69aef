"""Signatures are domain-separated by context and checked by raising, never by returning a bool."""

from __future__ import annotations

import pytest

from crypto import SIGNATURE_SIZE, BadSignature, SigningKey, sign, signed_bytes, verify


def test_sign_and_verify_round_trip() -> None:
    key = SigningKey.generate()
    signature = sign(key, "record", b"payload")
    assert len(signature) == SIGNATURE_SIZE
    verify(key.public, "record", b"payload", signature)  # raises on failure, returns nothing


def test_signature_for_one_context_does_not_verify_under_another() -> None:
    key = SigningKey.generate()
    signature = sign(key, "record", b"payload")
    with pytest.raises(BadSignature):
        verify(key.public, "request", b"payload", signature)


def test_context_cannot_be_shifted_into_the_message() -> None:
    # "rec" + NUL + "ord..." must never equal "record" + NUL + "...": contexts cannot contain NUL.
    with pytest.raises(ValueError, match="printable ASCII"):
        signed_bytes("rec\x00ord", b"")
    assert signed_bytes("record", b"x") == b"NCEN-SIG-1\x00record\x00x"


@pytest.mark.parametrize("context", ["", "caf\u00e9", "tab\there", "new\nline"])
def test_bad_contexts_are_refused(context: str) -> None:
    with pytest.raises(ValueError, match="context"):
        signed_bytes(context, b"")


def test_wrong_key_message_or_signature_is_refused() -> None:
    key, other = SigningKey.generate(), SigningKey.generate()
    signature = sign(key, "record", b"payload")
    with pytest.raises(BadSignature):
        verify(other.public, "record", b"payload", signature)
    with pytest.raises(BadSignature):
        verify(key.public, "record", b"payloaD", signature)
    for index in range(0, SIGNATURE_SIZE, 7):
        tampered = bytearray(signature)
        tampered[index] ^= 0x80
        with pytest.raises(BadSignature):
            verify(key.public, "record", b"payload", bytes(tampered))


@pytest.mark.parametrize("length", [0, 63, 65, 128])
def test_signature_of_wrong_length_is_refused(length: int) -> None:
    key = SigningKey.generate()
    with pytest.raises(BadSignature, match="64 bytes"):
        verify(key.public, "record", b"payload", b"\x00" * length)


def test_signatures_are_deterministic() -> None:
    key = SigningKey.generate()
    assert sign(key, "record", b"x") == sign(key, "record", b"x")
