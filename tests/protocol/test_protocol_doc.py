"""The test vectors in docs/protocol.md are checked against the code, so the two cannot drift.

The vectors use published test keys (seeds 0x01..0x20 and 0x21..0x40) that must never be used in
production. ``build_vectors()`` rebuilds every block from the code; run this module as a script
(``python -m tests.protocol.test_protocol_doc``) to print them when the protocol changes on purpose. Each
block is also checked independently of our code: the signature with the raw ``cryptography`` library over
the documented signed bytes, the envelope with plain ``msgpack``.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgpack  # type: ignore[import-untyped, unused-ignore]
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto import SigningKey, sign
from protocol.audience import Audience, Handling
from protocol.codec import encode
from protocol.envelope import RECORD_CONTEXT, Draft, open_record, seal_record
from protocol.keyring import TrustedKey
from protocol.nonnominal import check_non_nominal, global_record_id, non_nominal_body
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import RecordType, Scope
from protocol.requests import sign_request, signature_base, verify_request
from protocol.sync import Cursor, FeedRequest

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
BLOCK = re.compile(r"<!-- vector: ([a-z0-9-]+) -->\s*```[a-z]*\n(.*?)```", re.DOTALL)

ORIGIN_SEED = bytes(range(1, 33))  # 0x01..0x20: a published test key, never for production
GLOBAL_SEED = bytes(range(33, 65))  # 0x21..0x40: the test global CEN node
NATIONAL_CASE = uuid.UUID("3b8f2a60-1c4d-4e2a-9f1b-7d6c5e4a3b21")
CREATED_AT = "2026-03-01T09:00:00.000000Z"
REQUEST_TIME = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
REQUEST_NONCE = base64.urlsafe_b64encode(bytes(range(16))).decode().rstrip("=")
FEED_EPOCH = bytes.fromhex("a1b2c3d4e5f60718293a4b5c6d7e8f90")

NATIONAL_BODY: dict[str, Any] = {
    "reference": "NA-WVB-2026-0042",
    "date": "2026-02-27",
    "status": "confirmed",
    "offence_type": "smuggling",
    "narrative": "Driver declared machine parts; the X-ray showed blocks in the spare tyre.",
    "office": {"country": "NA", "locode": "NAWVB", "name": "Walvis Bay Port"},
    "commodities": [{"category": "drugs", "drug_type": "cocaine", "hs_code": "293979", "quantity": "12.5",
                     "unit": "kg", "value": "450000", "currency": "USD", "description": "12 bricks"}],
    "detection": {"method": "xray"},
    "conveyance": {"mode": "road", "vehicle_id": "N 1234 W"},
    "route": {"departure": "BR", "transit": ["ZA"], "destination": "NA",
                  "ports": [{"locode": "NAWVB", "name": "Walvis Bay"}]},
    "concealment": {"method": "false_compartment", "text": "spare tyre"},
    "parties": [{"role": "driver", "name": "A. Driver", "passport": "P0000000"}],
}


def _hex_block(data: bytes, width: int = 32) -> str:
    return "\n".join(data[i:i + width].hex() for i in range(0, len(data), width)) + "\n"


def _readable(value: Any) -> Any:
    if isinstance(value, bytes):
        return "hex:" + value.hex()
    if isinstance(value, dict):
        return {key: _readable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_readable(item) for item in value]
    return value


def _resign(key: SigningKey, envelope: bytes) -> bytes:
    return encode([1, envelope, sign(key, RECORD_CONTEXT, envelope)])


def vector_record() -> Any:
    """Return the example record: the global CEN's copy of a national seizure, as the origin seals it."""
    origin, global_node = SigningKey.from_seed(ORIGIN_SEED), SigningKey.from_seed(GLOBAL_SEED)
    draft = Draft(record_type=RecordType.SEIZURE, record_id=global_record_id(NATIONAL_CASE), rev=1, seq=42,
                  created_at=CREATED_AT, audience=Audience.of([global_node.public.raw]), handling=Handling.GREEN,
                  body=non_nominal_body(RecordType.SEIZURE, NATIONAL_BODY, NATIONAL_CASE), scope=Scope.NON_NOMINAL)
    return seal_record(origin, draft)


def negative_envelopes(envelope: bytes) -> dict[str, bytes]:
    """Return two non-canonical encodings of the example envelope (same map, other bytes)."""
    fields = msgpack.unpackb(envelope, raw=False)
    # 1. The version key moved first: the same map, keys no longer sorted by their UTF-8 bytes.
    unsorted = msgpack.packb({"v": fields["v"], **{k: v for k, v in fields.items() if k != "v"}},
                             use_bin_type=True)
    # 2. rev = 1 written as uint16 (cd 00 01) instead of positive fixint (01).
    marker = b"\xa3rev\x01"
    assert envelope.count(marker) == 1
    wide = envelope.replace(marker, b"\xa3rev\xcd\x00\x01")
    return {"negative-unsorted": unsorted, "negative-wide-int": wide}


def build_vectors() -> dict[str, str]:
    """Rebuild every vector block of docs/protocol.md from the code."""
    origin, global_node = SigningKey.from_seed(ORIGIN_SEED), SigningKey.from_seed(GLOBAL_SEED)
    record = vector_record()
    blocks = {
        "origin-seed": ORIGIN_SEED.hex() + "\n",
        "origin-public-key": origin.public.hex + "\n",
        "origin-fingerprint": origin.public.fingerprint + "\n",
        "global-seed": GLOBAL_SEED.hex() + "\n",
        "global-public-key": global_node.public.hex + "\n",
        "global-fingerprint": global_node.public.fingerprint + "\n",
        "record-id": str(record.record_id) + "\n",
        "envelope-readable": json.dumps(_readable(msgpack.unpackb(record.envelope, raw=False)), indent=2,
                                        ensure_ascii=False) + "\n",
        "envelope": _hex_block(record.envelope),
        "signature": _hex_block(record.signature),
        "wire": _hex_block(record.wire),
    }
    for name, envelope in negative_envelopes(record.envelope).items():
        blocks[name] = _hex_block(_resign(origin, envelope))
    target = FeedRequest(after=Cursor(FEED_EPOCH, 0), limit=200).target
    headers = sign_request(origin, method="GET", target=target, body=b"", destination=global_node.public.fingerprint,
                           now=REQUEST_TIME, nonce=REQUEST_NONCE)
    created = int(REQUEST_TIME.timestamp())
    base = signature_base(method="GET", target=target, destination=global_node.public.fingerprint,
                          digest=headers["Content-Digest"], created=created, expires=created + 300,
                          nonce=REQUEST_NONCE, key_hex=origin.public.hex)
    blocks["request-base"] = base.decode("ascii") + "\n"
    blocks["request-headers"] = f"GET {target} HTTP/1.1\n" + "".join(f"{k}: {v}\n" for k, v in headers.items())
    return blocks


def doc_blocks() -> dict[str, str]:
    blocks: dict[str, str] = {}
    for name, text in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        assert name not in blocks, f"vector {name} appears twice in docs/protocol.md"
        blocks[name] = text
    return blocks


def _hex(text: str) -> bytes:
    return bytes.fromhex("".join(text.split()))


def test_every_vector_in_the_doc_matches_the_code() -> None:
    expected, documented = build_vectors(), doc_blocks()
    assert sorted(documented) == sorted(expected)
    for name, text in expected.items():
        assert documented[name] == text, f"docs/protocol.md vector {name} differs from the code"


def test_signature_checks_with_the_raw_library_over_the_documented_bytes() -> None:
    blocks = doc_blocks()
    public, envelope, signature = (_hex(blocks[name]) for name in ("origin-public-key", "envelope", "signature"))
    Ed25519PublicKey.from_public_bytes(public).verify(signature, b"NCEN-SIG-1\x00record\x00" + envelope)
    assert msgpack.unpackb(_hex(blocks["wire"]), raw=False) == [1, envelope, signature]


def test_documented_record_opens_and_is_non_nominal() -> None:
    blocks = doc_blocks()
    origin = SigningKey.from_seed(_hex(blocks["origin-seed"]))
    keys = {origin.public.raw: TrustedKey(origin.public)}.get
    record = open_record(_hex(blocks["wire"]), keys=keys, non_nominal_only=True)
    assert record.audience.nodes == (_hex(blocks["global-public-key"]),)
    check_non_nominal(RecordType.SEIZURE, record.body)
    for nominal in ("NA-WVB", "Driver", "P0000000", "N 1234 W", "spare tyre", "12 bricks", "Walvis"):
        assert nominal.encode() not in record.wire
    assert json.loads(blocks["envelope-readable"])["body"]["origin_case"] == "hex:" + NATIONAL_CASE.bytes.hex()


@pytest.mark.parametrize("name", ["negative-unsorted", "negative-wide-int"])
def test_negative_vectors_are_refused_as_non_canonical(name: str) -> None:
    blocks = doc_blocks()
    origin = SigningKey.from_seed(_hex(blocks["origin-seed"]))
    keys = {origin.public.raw: TrustedKey(origin.public)}.get
    wire = _hex(blocks[name])
    envelope = msgpack.unpackb(wire, raw=False)[1]
    # Plain msgpack reads the same map as the valid record: only the bytes differ.
    assert msgpack.unpackb(envelope, raw=False) == msgpack.unpackb(_hex(blocks["envelope"]), raw=False)
    with pytest.raises(ProtocolError) as info:
        open_record(wire, keys=keys)
    assert info.value.reason is Reason.NON_CANONICAL


def test_documented_request_verifies() -> None:
    blocks = doc_blocks()
    origin = SigningKey.from_seed(_hex(blocks["origin-seed"]))
    request_line, *header_lines = blocks["request-headers"].splitlines()
    method, target, _ = request_line.split(" ")
    headers = dict(line.split(": ", 1) for line in header_lines)
    verified = verify_request(headers, method=method, target=target, body=b"",
                              destination=blocks["global-fingerprint"].strip(),
                              keys={origin.public.raw: TrustedKey(origin.public)}.get, now=REQUEST_TIME,
                              seen_nonce=lambda key, nonce, until: False)
    assert verified.key == origin.public
    signature = base64.urlsafe_b64decode(headers["Ncen-Signature"] + "==")
    Ed25519PublicKey.from_public_bytes(origin.public.raw).verify(
        signature, b"NCEN-SIG-1\x00request\x00" + blocks["request-base"].rstrip("\n").encode("ascii"))


if __name__ == "__main__":
    for block_name, block_text in build_vectors().items():
        print(f"<!-- vector: {block_name} -->\n```text\n{block_text}```\n")
