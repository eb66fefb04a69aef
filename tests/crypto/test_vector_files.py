"""Wycheproof and CCTV Ed25519 vector files (../shared/data/vectors/) through the crypto facade.

Wycheproof: every test's verdict must match. CCTV: the counts accepted by the raw library and by our facade
are pinned, so that a cryptography upgrade that changes edge-case behaviour is noticed here first.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto import BadSignature, InvalidKey, VerifyKey, verify_raw

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "vectors"
WYCHEPROOF = VECTORS / "wycheproof_ed25519_test.json"
CCTV = VECTORS / "cctv_ed25519vectors.json"

# Pinned with cryptography 50.0.2 (see ../shared/data/SOURCES.md). If an upgrade changes them, read the
# changelog, re-check the low-order and non-canonical cases, and only then update the numbers.
CCTV_CASES = 914
CCTV_ACCEPTED_BY_LIBRARY = 208
CCTV_ACCEPTED_BY_FACADE = 2


@cache
def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _wycheproof_cases() -> list[tuple[int, str, str, str, str]]:
    data = _json(WYCHEPROOF)
    return [(test["tcId"], group["publicKey"]["pk"], test["msg"], test["sig"], test["result"])
            for group in data["testGroups"] for test in group["tests"]]


def facade_accepts(public_hex: str, message: bytes, signature: bytes) -> bool:
    """Return the facade's verdict: importing the key and verifying must both succeed."""
    try:
        key = VerifyKey(bytes.fromhex(public_hex))
    except InvalidKey:
        return False
    try:
        verify_raw(key, message, signature)
    except BadSignature:
        return False
    return True


def test_wycheproof_file_is_the_expected_one() -> None:
    data = _json(WYCHEPROOF)
    assert data["algorithm"] == "EDDSA"
    assert data["numberOfTests"] == 151
    assert len(_wycheproof_cases()) == 151
    assert {case[4] for case in _wycheproof_cases()} <= {"valid", "invalid", "acceptable"}


@pytest.mark.parametrize(("tc_id", "public", "message", "signature", "result"), _wycheproof_cases(),
                         ids=lambda value: str(value) if isinstance(value, int) else "")
def test_wycheproof_verdict(tc_id: int, public: str, message: str, signature: str, result: str) -> None:
    accepted = facade_accepts(public, bytes.fromhex(message), bytes.fromhex(signature))
    if result == "valid":
        assert accepted, f"tcId {tc_id} is valid but was refused"
    elif result == "invalid":
        assert not accepted, f"tcId {tc_id} is invalid but was accepted"
    else:
        # "acceptable" (none in this file today): our policy is strict, so we refuse; say so explicitly.
        assert result == "acceptable"
        assert not accepted, f"tcId {tc_id} is only acceptable; ncen refuses such signatures"


def _library_accepts(case: dict[str, Any]) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(case["key"]))
        key.verify(bytes.fromhex(case["sig"]), case["msg"].encode("utf-8"))
    except (InvalidSignature, ValueError):
        return False
    return True


@cache
def _cctv_verdicts() -> list[tuple[dict[str, Any], bool, bool]]:
    return [(case, _library_accepts(case),
             facade_accepts(case["key"], case["msg"].encode("utf-8"), bytes.fromhex(case["sig"])))
            for case in _json(CCTV)]


def test_cctv_counts_are_pinned() -> None:
    verdicts = _cctv_verdicts()
    assert len(verdicts) == CCTV_CASES
    assert sum(library for _, library, _ in verdicts) == CCTV_ACCEPTED_BY_LIBRARY
    assert sum(facade for _, _, facade in verdicts) == CCTV_ACCEPTED_BY_FACADE


def test_cctv_facade_accepts_only_honest_keys_and_a_subset_of_the_library() -> None:
    for case, library, facade in _cctv_verdicts():
        if facade:
            assert library, case["number"]
            # Low order may remain in R (the library's business), never in the key itself.
            assert "low_order_A" not in (case.get("flags") or [])
            assert "non_canonical_A" not in (case.get("flags") or [])
