"""Failure modes 2 and 3: records delivered twice, by two paths or out of order converge to one state, and a
cursor never moves past a record it has not delivered."""

from __future__ import annotations

import asyncio
import uuid

from node.exchange.inbound import receive
from node.exchange.sharing import ShareRequest
from protocol.sync import Cursor, FeedPage
from store import peers as peers_repo
from tests.node.exchange.conftest import ADMIN, PULL_ONLY, HostileFactory, Node, NodeFactory, pair
from tests.node.exchange.helpers import count, issue_many, key_of, query, snapshot, sync_with, trust


async def test_the_same_page_delivered_again_changes_nothing(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    records = await issue_many(a, 5, [key_of(b)])
    peer_id = await b.peer_id(a)
    assert (await sync_with(b, peer_id)).applied == 5
    before = await snapshot(b)

    # The whole feed again from the start (as after a resynchronisation), then the same page applied twice.
    await b.services.runner.write(peers_repo.update_peer, peer_id, cursor="")
    result = await sync_with(b, peer_id)
    assert result.ok and result.applied == 0 and result.duplicates == 5, result
    for _ in range(2):
        outcome = await receive(b.services.exchange.state, peer_id=peer_id, wires=[r.wire for r in records])
        assert outcome.duplicates == 5 and not outcome.applied and not outcome.refused
    assert await snapshot(b) == before
    assert await count(b, "refusals") == 0


async def relay_network(network: NodeFactory) -> tuple[Node, Node, Node]:
    """Alpha and bravo paired with each other directly and with a hub that relays for both."""
    a = await network("alpha")
    hub = await network("hub", country="ZA", role="hub")
    b = await network("bravo", country="BW", public_url=PULL_ONLY)
    await pair(a, hub)
    await pair(b, hub)
    await pair(a, b)
    for member in (a, b):
        await hub.services.exchange.peers.set_groups(ADMIN, await hub.peer_id(member), ["SADC"], hub_member=True)
    # Alpha knows bravo is a member of the hub: it serves the hub alpha's records for bravo, to relay.
    await a.services.exchange.peers.set_groups(ADMIN, await a.peer_id(b), ["SADC"], hub_member=True)
    return a, hub, b


async def test_a_record_arriving_directly_and_through_a_hub_is_stored_once(network: NodeFactory) -> None:
    a, hub, b = await relay_network(network)
    first, second = await issue_many(a, 2, [key_of(b)])
    assert (await hub.sync(a))[0].applied == 2  # the hub holds both, to relay

    # The first record reaches bravo directly first, the second through the hub first: either way, once.
    (direct,) = await b.sync(a)
    assert direct.applied == 2
    (relayed,) = await b.sync(hub)
    assert relayed.ok and relayed.applied == 0 and relayed.duplicates == 2, relayed
    for record in (first, second):
        held = await b.held(record.record_id.bytes)
        assert held.wire == record.wire and held.owner == a.services.identity.fingerprint
    assert await count(b, "feed") == 2 and await count(b, "evidence") == 0

    third = (await issue_many(a, 1, [key_of(b)]))[0]
    await hub.sync(a)
    assert (await b.sync(hub))[0].applied == 1
    (direct,) = await b.sync(a)
    assert direct.applied == 0 and direct.duplicates == 1
    assert (await b.held(third.record_id.bytes)).wire == third.wire
    assert await count(b, "feed") == 3 and await count(b, "refusals") == 0


async def test_an_older_revision_delivered_after_a_newer_one_is_stale(
        network: NodeFactory, hostile: HostileFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    case_id = await a.new_case()
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),)))
    record_id = uuid.UUID(case_id).bytes
    rev1 = (await a.held(record_id)).wire
    case = await a.services.seizures.get(ADMIN, case_id)
    await a.services.seizures.update(ADMIN, case_id, {**case.body, "narrative": "second look"}, case.revision)
    rev2 = (await a.held(record_id)).wire

    # A relay (here a peer that forwards alpha's records verbatim) delivers revision 2, then revision 1.
    relay = await hostile(name="relay customs")
    relay.publish(rev2, rev1)
    result = await sync_with(b, await trust(b, relay))
    assert result.ok and result.applied == 1 and result.duplicates == 1, result  # rev 1 counted as stale
    held = await b.held(record_id)
    assert held.rev == 2 and held.wire == rev2
    assert await count(b, "feed") == 1 and await count(b, "evidence") == 0 and await count(b, "refusals") == 0

    # Alpha's own feed, pulled afterwards, holds revision 2 only (superseded entries are not served).
    (direct,) = await b.sync(a)
    assert direct.applied == 0 and direct.duplicates == 1
    assert (await b.held(record_id)).wire == rev2


async def test_the_cursor_never_skips_a_record_written_while_pulling(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    c = await network("charlie", country="BW", public_url=PULL_ONLY)
    await pair(a, b)
    await pair(a, c)
    peer_id = await b.peer_id(a)
    mine: list[bytes] = []

    async def write() -> None:
        for _ in range(15):  # records for bravo and, in between, for charlie only: gaps in bravo's view
            mine.extend(r.record_id.bytes for r in await issue_many(a, 7, [key_of(b)]))
            await issue_many(a, 5, [key_of(c)])

    async def pull() -> None:
        for _ in range(15):
            assert (await sync_with(b, peer_id)).ok

    await asyncio.gather(write(), pull())
    assert (await sync_with(b, peer_id)).ok
    held = [row[0] for row in await query(b, "SELECT id FROM records")]
    assert sorted(held) == sorted(mine) and len(held) == 15 * 7
    peer = await b.services.runner.read(peers_repo.get_peer, peer_id)
    head = (await query(a, "SELECT value FROM exchange_counters WHERE name = 'feed_position'"))[0][0]
    assert Cursor.parse(peer.cursor).position == head


async def test_a_peer_that_rewinds_or_changes_epoch_is_refused_and_the_cursor_kept(network: NodeFactory,
                                                                                   hostile: HostileFactory) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    peer = await hostile()
    peer.publish(*(peer.seal([key_of(b)]).wire for _ in range(3)))
    peer_id = await trust(b, peer)
    assert (await sync_with(b, peer_id)).applied == 3
    stored = (await b.services.runner.read(peers_repo.get_peer, peer_id)).cursor
    assert Cursor.parse(stored).position == 3
    before = await snapshot(b)

    extra = peer.seal([key_of(b)]).wire
    for next_cursor in (Cursor(peer.epoch, 1), Cursor(bytes(16), 4)):  # backwards; another epoch
        peer.pages.append(FeedPage(records=(extra,), next=next_cursor, has_more=False,
                                   head=Cursor(next_cursor.epoch, 4)).to_bytes())
        result = await sync_with(b, peer_id)
        assert not result.ok and "cursor_unknown" in result.error, result
        assert (await b.services.runner.read(peers_repo.get_peer, peer_id)).cursor == stored
        assert await snapshot(b) == before
