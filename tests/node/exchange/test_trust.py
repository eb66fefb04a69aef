"""Failure modes 6 and 7: records from unknown keys wait in quarantine until the key is paired; rotated and
revoked keys keep their earlier records and lose the later ones and their requests; a peer cannot retire
another node's key; low-order keys never enter."""

from __future__ import annotations

import json

import msgpack
import pytest

from crypto import SigningKey
from node.errors import Conflict
from protocol.codec import encode
from protocol.lifecycle import RevocationReason, revocation_body, rotation_body
from protocol.recordtypes import RecordType, Scope
from protocol.sync import FeedRequest
from store import peers as peers_repo
from tests.conftest import FakeClock
from tests.crypto.test_keys import LOW_ORDER
from tests.node.exchange.conftest import ADMIN, PULL_ONLY, HostileFactory, NodeFactory, pair
from tests.node.exchange.helpers import (
    count,
    evidence,
    issue_many,
    key_of,
    query,
    refusals,
    resigned,
    send,
    signed,
    sync_with,
    trust,
)

FEED = FeedRequest().target


async def test_a_record_from_an_unknown_key_waits_in_quarantine_until_the_key_is_paired(
        network: NodeFactory, hostile: HostileFactory) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    stranger = await network("stranger", country="BW")
    relay = await hostile(name="relay customs")
    (record,) = await issue_many(stranger, 1, [key_of(b)])
    relay.publish(record.wire)
    relay_id = await trust(b, relay)

    result = await sync_with(b, relay_id)
    assert result.ok and result.applied == 0 and result.refused == 1, result
    assert await count(b, "quarantine") == 1 and await count(b, "records") == 0 and await refusals(b) == []

    row = await b.services.exchange.peers.add_card(ADMIN, stranger.card())  # imported, not yet confirmed
    assert await count(b, "quarantine") == 1 and await b.held(record.record_id.bytes) is None
    await b.services.exchange.peers.confirm(ADMIN, row.id, stranger.services.identity.fingerprint)
    held = await b.held(record.record_id.bytes)
    assert held is not None and held.wire == record.wire and held.received_from == relay_id
    assert held.owner == stranger.services.identity.fingerprint
    assert await count(b, "quarantine") == 0


async def test_a_rotation_keeps_earlier_records_refuses_later_ones_and_the_old_keys_requests(
        network: NodeFactory, hostile: HostileFactory, clock: FakeClock) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    old = a.services.identity.key
    (before,) = await issue_many(a, 1, [key_of(b)])
    rotation = await a.services.exchange.keys.rotate(ADMIN)
    (after,) = await issue_many(a, 1, [key_of(b)])  # signed with the new key

    # A relay delivers the new key's record before the rotation that introduces it: it waits, then applies.
    relay = await hostile(name="relay customs")
    rotation_wire = (await query(a, "SELECT wire FROM records WHERE type = 'key_rotation'"))[0][0]
    relay.publish(after.wire, rotation_wire, before.wire)
    relay_id = await trust(b, relay)
    result = await sync_with(b, relay_id)
    assert result.ok, result
    assert (await b.held(after.record_id.bytes)).wire == after.wire
    assert (await b.held(before.record_id.bytes)).wire == before.wire
    assert await count(b, "quarantine") == 0

    # The old key, stolen, signs a record with a fresh sequence number (refused), one with a number it already
    # used (a fork, kept as evidence), and a request (refused); its genuine record, delivered again, still stands.
    forged = relay.seal([key_of(b)], key=old, seq=rotation.seq + 10)
    reused = relay.seal([key_of(b)], key=old, seq=before.seq)
    relay.publish(forged.wire, reused.wire, before.wire)
    result = await sync_with(b, relay_id)
    assert result.ok and result.applied == 0 and result.duplicates == 1, result
    assert await refusals(b) == ["key_rotated"] and await evidence(b) == ["fork"]
    assert await b.held(forged.record_id.bytes) is None and await b.held(reused.record_id.bytes) is None
    assert (await b.held(before.record_id.bytes)).wire == before.wire
    answer = await send(b, "GET", FEED, signed(old, b, "GET", FEED, now=clock.now()))
    assert answer.status == 401 and answer.reason == "key_rotated"
    assert (await send(b, "GET", FEED, signed(a.services.identity.key, b, "GET", FEED, now=clock.now()))).status == 200


async def test_a_revoked_key_keeps_earlier_records_and_loses_later_ones_and_its_requests(
        network: NodeFactory, clock: FakeClock) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    first, second = await issue_many(a, 2, [key_of(b)])
    stolen = a.services.identity.key
    await a.services.exchange.keys.rotate(ADMIN)
    await a.services.exchange.keys.revoke(ADMIN, stolen.public.hex, first.seq, RevocationReason.COMPROMISED.value)
    result = await sync_with(b, await b.peer_id(a))
    assert result.ok, result
    # Only the records up to the cut-off stand: the second was signed after it (by the thief, for all we know).
    assert await b.held(first.record_id.bytes) is not None
    assert await b.held(second.record_id.bytes) is None
    assert await refusals(b) == ["key_revoked"]
    key_row = await b.services.runner.read(peers_repo.get_key, stolen.public.raw)
    assert key_row.revoked and key_row.last_seq == first.seq
    answer = await send(b, "GET", FEED, signed(stolen, b, "GET", FEED, now=clock.now()))
    assert answer.status == 401 and answer.reason == "key_revoked"


async def test_a_peer_cannot_revoke_another_nodes_key_nor_rotate_to_a_low_order_key(network: NodeFactory,
                                                                                    hostile: HostileFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    liar = await hostile()
    revocation = liar.seal([key_of(b)], record_type=RecordType.KEY_REVOCATION, scope=Scope.NON_NOMINAL,
                           body=revocation_body(key_of(a), 0, RevocationReason.COMPROMISED))
    of_bravo = liar.seal([key_of(b)], record_type=RecordType.KEY_REVOCATION, scope=Scope.NON_NOMINAL,
                         body=revocation_body(key_of(b), 0, RevocationReason.LOST))
    rotation = liar.seal([key_of(b)], record_type=RecordType.KEY_ROTATION, scope=Scope.NON_NOMINAL,
                         body=rotation_body(liar.key, SigningKey.generate()))
    # The same rotation announcing the identity point, whose "signature" R = identity, S = 0 verifies anything.
    fields = msgpack.unpackb(rotation.envelope, raw=False)
    liar.seq += 1
    low_order = encode({**fields, "body": {"new_key": LOW_ORDER[0], "proof": bytes(64)}, "seq": liar.seq})
    liar.publish(revocation.wire, of_bravo.wire, resigned(liar.key, low_order))
    await sync_with(b, await trust(b, liar))

    assert await refusals(b) == ["invalid_body", "invalid_body", "invalid_body"]
    assert (await b.services.runner.read(peers_repo.get_key, key_of(a))).last_seq is None  # alpha's key untouched
    assert await b.services.runner.read(peers_repo.get_key, LOW_ORDER[0]) is None
    await issue_many(a, 1, [key_of(b)])
    assert (await sync_with(b, await b.peer_id(a))).applied == 1  # alpha's records still arrive


@pytest.mark.parametrize("encoding", LOW_ORDER, ids=lambda value: value.hex()[:8] + ".." + value.hex()[-4:])
async def test_a_card_with_a_low_order_key_is_refused(network: NodeFactory, encoding: bytes) -> None:
    b = await network("bravo", country="ZA")
    card = json.dumps({"ncen_card": 1, "name": "Mallory Customs", "country": "LS", "role": "national",
                       "url": "https://mallory.example", "public_key": encoding.hex(), "protocol_versions": [1]})
    with pytest.raises(Conflict, match="low-order or malformed"):
        await b.services.exchange.peers.add_card(ADMIN, card.encode())
    assert await count(b, "peers") == 0 and await count(b, "peer_keys") == 0
