"""Failure modes 9 and 14: oversized records and pages, hostile length prefixes and nesting, big or slow
request bodies, floods, and records of an unknown type or format; each refused with its reason, nothing stored."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import msgpack

from crypto import sign
from protocol.audience import Audience, Handling
from protocol.codec import encode
from protocol.envelope import Draft
from protocol.limits import MAX_RECORD_BYTES, MAX_REQUEST_BODY_BYTES
from protocol.recordtypes import RecordType, Scope
from protocol.sync import PATH_HELLO, PATH_NOTIFY, Cursor, FeedRequest
from protocol.timefmt import to_iso
from store import peers as peers_repo
from tests.conftest import FakeClock
from tests.node.exchange.conftest import PULL_ONLY, HostileFactory, Node, NodeFactory, pair
from tests.node.exchange.helpers import count, key_of, refusals, resigned, send, signed, snapshot, sync_with, trust
from tests.node.exchange.hostile import BODY, HostilePeer

FEED = FeedRequest().target


def envelope(peer: HostilePeer, audience: bytes, **changes: object) -> dict[str, object]:
    """Return a valid envelope map of the peer's, with some fields changed."""
    peer.seq += 1
    draft = Draft(RecordType.SEIZURE, uuid.uuid4(), 1, peer.seq, to_iso(peer.clock.now()), Audience.of([audience]),
                  Handling.AMBER, BODY, Scope.NOMINAL)
    return {**draft.envelope_map(peer.key.public.raw), **changes}


def nested(depth: int) -> dict[str, object]:
    value: dict[str, object] = {"leaf": "x"}
    for _ in range(depth):
        value = {"inner": value}
    return value


def raw_page(peer: HostilePeer, records: list[bytes], *, position: int) -> bytes:
    """A feed page packed by hand, so that it may break the limits a real server would respect."""
    cursor = Cursor(peer.epoch, position).text
    page: bytes = msgpack.packb({"has_more": False, "head": cursor, "next": cursor, "records": records},
                                use_bin_type=True)
    return page


async def test_oversized_records_and_hostile_prefixes_are_refused_one_by_one(
        network: NodeFactory, hostile: HostileFactory) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    peer = await hostile()
    me = key_of(b)
    big = envelope(peer, me, body={**BODY, "narrative": "x" * MAX_RECORD_BYTES})
    long_text = envelope(peer, me, body={**BODY, "narrative": "x" * 70_000})
    deep = envelope(peer, me, body={**BODY, "extra": nested(40)})
    very_deep = b"\x91" * 100_000 + b"\xc0"  # an envelope nested 100,000 arrays deep
    gizmo = envelope(peer, me, type="gizmo")
    version_2 = encode({**envelope(peer, me), "v": 2})
    good = peer.seal([me])
    cases = [
        (resigned(peer.key, encode(big)), "too_large"),
        # Length prefixes of 4 GiB over a few bytes: refused as truncated, nothing allocated for them.
        (b"\x93\x01\xc6\xff\xff\xff\xff" + b"\x00" * 64, "malformed"),
        (resigned(peer.key, b"\xdb\xff\xff\xff\xff" + b"a" * 64), "malformed"),
        (resigned(peer.key, encode(long_text)), "limit_exceeded"),  # a str over 64 KiB, the record under 256 KiB
        (resigned(peer.key, encode(deep)), "too_deep"),
        (resigned(peer.key, very_deep), "too_deep"),
        (resigned(peer.key, encode(gizmo)), "unknown_record_type"),
        (msgpack.packb([2, version_2, sign(peer.key, "record", version_2)], use_bin_type=True), "unsupported_version"),
    ]
    records = [wire for wire, _ in cases] + [good.wire]
    # The page is packed by hand: a real server never serves a record over the limit, a hostile one does.
    peer.pages.append(raw_page(peer, [w for w in records if len(w) <= MAX_RECORD_BYTES], position=len(records)))
    peer_id = await trust(b, peer)

    result = await sync_with(b, peer_id)
    assert result.ok and result.applied == 1, result
    assert await refusals(b) == [reason for wire, reason in cases if len(wire) <= MAX_RECORD_BYTES]
    assert await count(b, "records") == 1 and (await b.held(good.record_id.bytes)).wire == good.wire

    # The oversized record itself: refused by the page's limits (nothing stored, cursor kept), and on its own.
    before = await snapshot(b)
    cursor = (await b.services.runner.read(peers_repo.get_peer, peer_id)).cursor
    peer.pages.append(raw_page(peer, [cases[0][0]], position=len(records) + 1))
    result = await sync_with(b, peer_id)
    assert not result.ok and "breaks the protocol" in result.error, result
    assert await snapshot(b) == before
    assert (await b.services.runner.read(peers_repo.get_peer, peer_id)).cursor == cursor
    from node.exchange.inbound import receive

    outcome = await receive(b.services.exchange.state, peer_id=peer_id, wires=[cases[0][0]])
    assert outcome.refused[0][0] == "too_large" and not outcome.applied


async def test_a_page_with_a_huge_length_prefix_is_refused_whole(network: NodeFactory, hostile: HostileFactory) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    peer = await hostile()
    cursor = Cursor(peer.epoch, 1).text
    head = msgpack.packb({"has_more": False, "head": cursor, "next": cursor}, use_bin_type=True)
    # "records" announced as an array of 4,294,967,295 items, followed by almost nothing.
    peer.pages.append(b"\x84" + head[1:] + b"\xa7records\xdd\xff\xff\xff\xff\xc0")
    peer.pages.append(b"\x91" * 100_000)  # nesting instead of a page
    peer_id = await trust(b, peer)
    before = await snapshot(b)
    for _ in range(2):
        result = await sync_with(b, peer_id)
        assert not result.ok and "breaks the protocol" in result.error, result
    assert await snapshot(b) == before


async def test_a_request_body_over_the_limit_is_refused_before_it_is_read(network: NodeFactory) -> None:
    a = await network("alpha")
    reader, writer = await asyncio.open_connection("127.0.0.1", a.client.server.port)
    try:
        # Declares 10 MB and sends 1 KB: the answer must come at once, without waiting for the rest.
        writer.write(f"POST {PATH_HELLO} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                     f"Content-Length: {10 * 1024 * 1024}\r\n\r\n".encode() + b"\x00" * 1024)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), timeout=10)
        assert status.startswith(b"HTTP/1.1 413"), status
        headers = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
        length = int(next(line.split(b":")[1] for line in headers.split(b"\r\n")
                          if line.lower().startswith(b"content-length")))
        body = msgpack.unpackb(await reader.readexactly(length))
        assert body["reason"] == "too_large" and str(MAX_REQUEST_BODY_BYTES) in body["detail"]
    finally:
        writer.close()

    # Without a declared length, the server stops reading at the limit.
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(8):
            yield b"\x00" * 16384

    async with a.client.session.post(f"{a.url}{PATH_NOTIFY}", data=chunks()) as response:
        assert response.status == 413


async def test_a_slow_body_is_cut_off(network: NodeFactory) -> None:
    a = await network("alpha")
    a.services.exchange.body_timeout = 0.3  # 30 s in production; a test does not wait that long
    reader, writer = await asyncio.open_connection("127.0.0.1", a.client.server.port)
    try:
        writer.write(f"POST {PATH_HELLO} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 400\r\n\r\n".encode()
                     + b"\x83")  # one byte of 400, and then nothing
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(4096), timeout=10)
        assert answer.startswith(b"HTTP/1.1 400") and b"did not arrive within" in answer, answer
    finally:
        writer.close()


async def test_a_flood_of_requests_is_slowed_down_with_retry_after(network: NodeFactory, clock: FakeClock) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    key = b.services.identity.key
    statuses = []
    for _ in range(201):  # the burst allowed is 200 requests
        answer = await send(a, "GET", FEED, signed(key, a, "GET", FEED, now=clock.now()))
        statuses.append(answer.status)
    assert statuses[:200] == [200] * 200
    assert answer.status == 429 and answer.reason == "rate_limited" and answer.error.code == "rate_limited"
    assert answer.error.retry_after == 1 and answer.headers["Retry-After"] == "1"
    result = await sync_with(b, await b.peer_id(a))
    assert not result.ok and "rate_limited" in result.error

    clock.advance(1)  # the bucket refills at 20 requests a second
    assert (await send(a, "GET", FEED, signed(key, a, "GET", FEED, now=clock.now()))).status == 200
    assert (await sync_with(b, await b.peer_id(a))).ok


async def deep_hello(node: Node) -> bytes:
    return msgpack.packb({"card": nested(10), "time": "x", "versions": [1]}, use_bin_type=True)


async def test_a_hello_nested_too_deep_is_refused(network: NodeFactory, clock: FakeClock) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    body = await deep_hello(b)
    answer = await send(a, "POST", PATH_HELLO, signed(b.services.identity.key, a, "POST", PATH_HELLO, body,
                                                      now=clock.now()), body)
    assert answer.status == 400 and answer.reason == "too_deep"
