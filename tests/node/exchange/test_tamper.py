"""Failure modes 4 and 11: a changed byte anywhere in a record or an attachment, and valid records re-encoded
in another msgpack form (re-signed, so the signature is good), are refused with their reason; nothing stored."""

from __future__ import annotations

import hashlib
import logging
import os
import struct

import msgpack
import pytest

from protocol.envelope import Attachment, Record
from protocol.limits import MAX_ATTACHMENT_CHUNK
from tests.node.exchange.conftest import PULL_ONLY, HostileFactory, NodeFactory, pair
from tests.node.exchange.helpers import count, flip, issue_many, key_of, query, refusals, resigned, sync_with, trust
from tests.node.exchange.hostile import BODY


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, old
    return data.replace(old, new)


async def test_a_changed_byte_anywhere_in_a_record_is_refused_with_its_reason(
        network: NodeFactory, hostile: HostileFactory, caplog: pytest.LogCaptureFixture) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    peer = await hostile()
    records = [peer.seal([key_of(b)]) for _ in range(10)]
    (from_alpha,) = await issue_many(a, 1, [key_of(b)])
    wire, envelope = records[0].wire, records[0].envelope
    start = wire.index(envelope)  # where the envelope begins inside the wire array
    narrative = start + envelope.index(BODY["narrative"].encode())
    audience = start + envelope.index(key_of(b))
    assert wire[:3] == b"\x93\x01\xc5"  # fixarray(3), version 1, the envelope as bin16
    cases = [
        (flip(records[1].wire, narrative), "bad_signature"),  # one letter of the body
        (flip(records[2].wire, audience), "bad_signature"),  # the audience, widened or redirected by a relay
        (flip(records[3].wire, len(wire) - 1), "bad_signature"),  # the signature
        (flip(records[4].wire, start + records[4].envelope.index(b"\xa3seq") + 4), "bad_signature"),  # the seq
        (b"\x94" + records[5].wire[1:], "limit_exceeded"),  # the outer array claims four items
        (b"\xdc\x00\x03" + records[6].wire[1:], "non_canonical"),  # array16 where fixarray suffices
        (records[7].wire[:1] + b"\x02" + records[7].wire[2:], "unsupported_version"),  # the format version
        (records[8].wire[:-1], "malformed"),  # truncated
        (records[9].wire + b"\x00", "trailing_bytes"),
        (flip(from_alpha.wire, from_alpha.wire.index(BODY["narrative"].encode())), "bad_signature"),  # relayed
    ]
    peer.publish(records[0].wire, *(tampered for tampered, _ in cases))
    caplog.set_level(logging.INFO, logger="node.exchange.receive")

    result = await sync_with(b, await trust(b, peer))
    assert result.ok and result.applied == 1 and result.refused == len(cases), result
    assert await refusals(b) == [reason for _, reason in cases]
    assert [row[0] for row in await query(b, "SELECT id FROM records")] == [records[0].record_id.bytes]
    assert await count(b, "feed") == 1 and await count(b, "quarantine") == 0 and await count(b, "evidence") == 0
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused a record")]
    assert len(logged) == len(cases) and "bad_signature" in logged[0]
    assert (await sync_with(b, await b.peer_id(a))).applied == 1  # alpha's genuine record still arrives


def variants(record: Record) -> list[tuple[str, bytes, str]]:
    """Return the same envelope under other msgpack encodings, with the reason each must be refused for."""
    envelope = record.envelope
    fields = msgpack.unpackb(envelope, raw=False)
    unsorted = msgpack.packb({"v": fields.pop("v"), **fields}, use_bin_type=True)
    assert envelope[0] == 0x8C  # a fixmap of the 12 envelope fields
    return [
        ("unsorted keys", unsorted, "non_canonical"),
        ("rev as uint16", replace_once(envelope, b"\xa3rev\x01", b"\xa3rev\xcd\x00\x01"), "non_canonical"),
        ("seq as int8", replace_once(envelope, b"\xa3seq" + bytes([record.seq]), b"\xa3seq\xd0" + bytes([record.seq])),
         "non_canonical"),
        ("str8 for a short str", replace_once(envelope, b"\xa5amber", b"\xd9\x05amber"), "non_canonical"),
        ("map16 header", b"\xde\x00\x0c" + envelope[1:], "non_canonical"),
        ("a repeated key", b"\x8d" + envelope[1:] + b"\xa1v\x01", "non_canonical"),
        ("a float", replace_once(envelope, b"\xa3rev\x01", b"\xa3rev\xcb" + struct.pack(">d", 1.0)),
         "forbidden_type"),
    ]


async def test_a_valid_record_re_encoded_and_re_signed_is_refused_as_non_canonical(network: NodeFactory,
                                                                                  hostile: HostileFactory) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    peer = await hostile()
    record = peer.seal([key_of(b)])
    cases = variants(record)
    assert record.wire[:3] == b"\x93\x01\xc5"
    outer_bin32 = record.wire[:2] + b"\xc6" + len(record.envelope).to_bytes(4, "big") + record.wire[5:]
    # Every variant carries a good signature over its own bytes: only the encoding is wrong.
    peer.publish(*(resigned(peer.key, envelope) for _, envelope, _ in cases), outer_bin32, record.wire)

    result = await sync_with(b, await trust(b, peer))
    assert result.ok and result.applied == 1, result
    assert await refusals(b) == [reason for _, _, reason in cases] + ["non_canonical"]
    held = await b.held(record.record_id.bytes)
    assert held.wire == record.wire  # the one canonical form, and only it
    assert await count(b, "records") == 1 and await count(b, "record_seqs") == 1 and await count(b, "evidence") == 0


async def test_an_attachment_whose_bytes_differ_is_discarded_and_fetched_again(
        network: NodeFactory, hostile: HostileFactory, caplog: pytest.LogCaptureFixture) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    peer = await hostile()
    genuine = os.urandom(MAX_ATTACHMENT_CHUNK + 1000)  # two chunks: the bad byte is in the second
    sha = hashlib.sha256(genuine).digest()
    record = peer.seal([key_of(b)], attachments=(Attachment(sha, len(genuine), "image/png"),))
    peer.publish(record.wire)
    peer.attachments[sha] = flip(genuine, MAX_ATTACHMENT_CHUNK + 10)
    peer_id = await trust(b, peer)
    store = b.services.pictures.attachments
    partial = b.data_dir / "incoming" / f"{sha.hex()}.part"

    result = await sync_with(b, peer_id)
    assert not result.ok and "does not match its SHA-256: discarded" in result.error, result
    assert result.applied == 1  # the record itself is genuine and kept
    assert not store.exists(sha.hex()) and not partial.exists()
    assert await query(b, "SELECT present FROM wanted_attachments") == [(0,)]

    peer.attachments[sha] = genuine[:100]  # now a file of another size
    result = await sync_with(b, peer_id)
    assert not result.ok and "size differs" in result.error
    assert not store.exists(sha.hex())

    peer.attachments[sha] = genuine
    result = await sync_with(b, peer_id)
    assert result.ok and result.attachments == 1, result
    assert store.read(sha.hex()) == genuine and not partial.exists()
    assert any("discarded" in r.getMessage() for r in caplog.records)
