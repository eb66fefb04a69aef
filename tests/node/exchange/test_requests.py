"""Failure modes 4, 5 and 14 at the door: signed requests that are replayed, stale, sent to the wrong node,
altered after signing, or speaking an unknown protocol version are refused with their reason, changing nothing."""

from __future__ import annotations

import logging

import pytest

from protocol.sync import PATH_HELLO, FeedRequest, Hello
from protocol.timefmt import to_iso
from store import peers as peers_repo
from tests.conftest import FakeClock
from tests.node.exchange.conftest import PULL_ONLY, HostileFactory, Node, NodeFactory, pair
from tests.node.exchange.helpers import count, key_of, send, signed, sync_with, trust

FEED = FeedRequest().target


def hello_body(node: Node, clock: FakeClock, versions: tuple[int, ...] = (1,)) -> bytes:
    return Hello(versions=versions, card=node.services.identity.card(), time=to_iso(clock.now())).to_bytes()


async def test_a_replayed_request_is_refused_even_after_a_restart(network: NodeFactory, clock: FakeClock,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    captured = signed(b.services.identity.key, a, "GET", FEED, now=clock.now())
    assert (await send(a, "GET", FEED, captured)).status == 200
    caplog.set_level(logging.INFO, logger="node.exchange.server")
    again = await send(a, "GET", FEED, captured)
    assert again.status == 401 and again.reason == "replayed"
    assert any("refused: replayed" in r.getMessage() for r in caplog.records)

    await a.stop()  # the nonce is in the store, not in memory
    restarted = await network("alpha-again", data_dir=a.data_dir)
    assert (await send(restarted, "GET", FEED, captured)).reason == "replayed"
    assert (await send(restarted, "GET", FEED, signed(b.services.identity.key, restarted, "GET", FEED,
                                                      now=clock.now()))).status == 200


async def test_a_request_captured_for_one_node_is_refused_by_another(network: NodeFactory, clock: FakeClock) -> None:
    a, b, c = await network("alpha"), await network("bravo", country="ZA"), await network("charlie", country="BW")
    await pair(b, a)
    await pair(b, c)
    captured = signed(b.services.identity.key, a, "GET", FEED, now=clock.now())
    answer = await send(c, "GET", FEED, captured)
    assert answer.status == 401 and answer.reason == "wrong_destination"
    assert a.services.identity.fingerprint in answer.error.detail
    assert (await send(a, "GET", FEED, captured)).status == 200  # unused, so still good where it was meant to go


async def test_an_old_or_expired_request_is_refused_and_a_clock_jump_reopens_no_replay(network: NodeFactory,
                                                                                     clock: FakeClock) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    key = b.services.identity.key
    old = signed(key, a, "GET", FEED, now=clock.now())
    short = signed(key, a, "GET", FEED, now=clock.now(), validity=10)
    used = signed(key, a, "GET", FEED, now=clock.now())
    assert (await send(a, "GET", FEED, used)).status == 200

    clock.advance(20)
    expired = await send(a, "GET", FEED, short)
    assert expired.status == 401 and expired.reason == "expired"
    clock.advance(290)
    stale = await send(a, "GET", FEED, old)
    assert stale.reason == "clock_skew" and "310 s behind" in stale.error.detail

    # Hours later, the nonce of the used request is forgotten, yet the request stays refused: its time is signed.
    clock.jump(4 * 3600)
    assert (await send(a, "GET", FEED, used)).reason == "clock_skew"
    assert await count(a, "nonces") <= 1


async def test_a_request_altered_after_signing_is_refused(network: NodeFactory, clock: FakeClock) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    c = await network("charlie", country="BW")
    await pair(a, b)
    key = b.services.identity.key
    body = hello_body(b, clock)
    before = await a.services.runner.read(peers_repo.get_peer, await a.peer_id(b))
    other = FeedRequest(limit=500).target

    def hello_headers() -> dict[str, str]:
        return signed(key, a, "POST", PATH_HELLO, body, now=clock.now())

    cases = [
        ("POST", PATH_HELLO, hello_headers(), body[:-1] + b"\x00", "digest_mismatch"),  # a body byte
        ("GET", other, signed(key, a, "GET", FEED, now=clock.now()), b"", "bad_signature"),  # the target
        ("POST", PATH_HELLO, {**hello_headers(), "Ncen-Destination": c.services.identity.fingerprint}, body,
         "wrong_destination"),
        ("POST", PATH_HELLO, {**hello_headers(), "Ncen-Created": str(int(clock.now().timestamp()) - 1)}, body,
         "bad_signature"),
        ("POST", PATH_HELLO, {**hello_headers(), "Ncen-Signature": "A" * 86}, body, "bad_signature"),
        ("POST", PATH_HELLO, {**hello_headers(), "Ncen-Signature": "A" * 85 + "B"}, body, "malformed_header"),
        ("POST", PATH_HELLO, {k: v for k, v in hello_headers().items() if k != "Ncen-Nonce"}, body,
         "missing_header"),
        ("POST", PATH_HELLO, {**hello_headers(), "Ncen-Key": c.services.identity.key.public.hex}, body,
         "unknown_key"),
    ]
    for method, target, headers, sent, reason in cases:
        answer = await send(a, method, target, headers, sent)
        assert (answer.status, answer.reason) == (401 if reason != "digest_mismatch" else 400, reason), target
    assert await count(a, "nonces") == 0  # nothing was accepted, so no nonce was spent
    assert await a.services.runner.read(peers_repo.get_peer, await a.peer_id(b)) == before


async def test_a_hello_with_no_common_version_is_refused_naming_both_lists(network: NodeFactory,
                                                                           clock: FakeClock) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    body = hello_body(b, clock, versions=(99,))
    answer = await send(a, "POST", PATH_HELLO, signed(b.services.identity.key, a, "POST", PATH_HELLO, body,
                                                      now=clock.now()), body)
    assert answer.status == 400 and answer.reason == "no_common_version"
    assert "[1]" in answer.error.detail and "[99]" in answer.error.detail


async def test_a_peer_speaking_only_an_unknown_version_is_not_pulled_from(
        network: NodeFactory, hostile: HostileFactory) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    peer = await hostile()
    peer.versions = (99,)
    peer.publish(peer.seal([key_of(b)]).wire)
    result = await sync_with(b, await trust(b, peer))
    assert not result.ok and "no_common_version" in result.error, result
    assert [path for _, path in peer.requests if "feed" in path] == []
    assert await count(b, "records") == 0
