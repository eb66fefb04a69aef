"""Failure modes 12 and 13: a record reaches exactly its audience whatever others ask or relay; a tombstone
removes the content and its files for good, and an older revision replayed after it (by a hub) changes nothing."""

from __future__ import annotations

import sqlite3
import uuid

from node.exchange.sharing import ShareRequest
from node.services.pictures import Upload
from protocol.envelope import decode_record
from protocol.sync import FeedPage, FeedRequest
from tests.conftest import FakeClock
from tests.node.exchange.conftest import ADMIN, PULL_ONLY, HostileFactory, Node, NodeFactory, pair
from tests.node.exchange.helpers import (
    count,
    issue_many,
    key_of,
    query,
    refusals,
    send,
    signed,
    snapshot,
    sync_with,
    tombstone,
    trust,
)
from tests.node.exchange.test_delivery import relay_network
from tests.node.exchange.test_global_and_hub import every_byte
from tests.node.media.pictures import encode, quadrants

PICTURE = encode(quadrants(120, 90), "PNG")


async def case_with_picture(node: Node) -> tuple[str, bytes]:
    """Create a case with a picture; return its id and the SHA-256 of the picture's shared copy."""
    case_id = await node.new_case()
    await node.services.pictures.add(ADMIN, case_id, [Upload("wall.png", PICTURE)])
    body = (await node.services.seizures.get(ADMIN, case_id)).body
    return case_id, bytes.fromhex(body["pictures"][0]["sha256"])


async def test_a_node_outside_the_audience_gets_nothing_whatever_it_asks(network: NodeFactory, hostile: HostileFactory,
                                                                        clock: FakeClock) -> None:
    a = await network("alpha")
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    c = await network("charlie", country="BW", public_url=PULL_ONLY)
    hub = await network("hub", country="MZ", role="hub", public_url=PULL_ONLY)
    for other in (b, c, hub):
        await pair(a, other)
    await a.services.exchange.peers.set_groups(ADMIN, await a.peer_id(b), ["SADC"], hub_member=True)
    case_id, sha = await case_with_picture(a)
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),),
                                                                                 handling="red"))
    record_id = uuid.UUID(case_id).bytes

    assert (await c.sync(a))[0].ok and await c.held(record_id) is None
    assert (await hub.sync(a))[0].ok and await hub.held(record_id) is None  # red: never relayed through a hub
    key = c.services.identity.key
    for target in (FeedRequest().target, FeedRequest(limit=500).target, "/icomm/v1/feed?limit=1"):
        answer = await send(a, "GET", target, signed(key, a, "GET", target, now=clock.now()))
        assert answer.status == 200 and FeedPage.from_bytes(answer.body).records == ()
    picture = f"/icomm/v1/attachments/{sha.hex()}"
    answer = await send(a, "GET", picture, signed(key, a, "GET", picture, now=clock.now()))
    assert answer.status == 404 and answer.reason == "not_found"

    # Relayed to charlie anyway (verbatim, so correctly signed): refused, not stored.
    relay = await hostile(name="relay customs")
    relay.publish((await a.held(record_id)).wire)
    result = await sync_with(c, await trust(c, relay))
    assert result.ok and result.applied == 0 and await refusals(c) == ["not_in_audience"]
    assert await c.held(record_id) is None and await count(c, "wanted_attachments") == 0
    assert b"Johannes Amupolo" not in every_byte(c)

    assert (await b.sync(a))[0].applied == 1  # the audience itself receives it, picture included
    assert b.services.pictures.attachments.read(sha.hex()) == a.services.pictures.attachments.read(sha.hex())


async def test_the_global_cen_gets_no_name_no_document_and_no_picture(network: NodeFactory,
                                                                      clock: FakeClock) -> None:
    a = await network("alpha")
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    cen = await network("cen", country="BE", role="global", public_url=PULL_ONLY)
    await pair(a, b)
    await pair(a, cen)
    case_id, sha = await case_with_picture(a)
    case = await a.services.seizures.get(ADMIN, case_id)
    people = [{"kind": "person", "role": "driver", "name": "Petrus Nangolo Haufiku"},
              {"kind": "person", "role": "passenger", "name": "Maria Ndapewa Shilongo"},
              {"kind": "entity", "role": "freight_forwarder", "name": "Etosha Freight Forwarders"}]
    await a.services.seizures.update(ADMIN, case_id, {**case.body, "parties": case.body["parties"] + people},
                                     case.revision)
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),),
                                                                                 to_global=True))
    assert (await cen.sync(a))[0].applied == 1
    assert (await b.sync(a))[0].applied == 1  # bravo has the names and the picture: the sharing did happen
    assert b"Maria Ndapewa Shilongo" in (await b.held(uuid.UUID(case_id).bytes)).wire

    (body,) = [decode_record(row[0]).body for row in await query(cen, "SELECT wire FROM records")]
    assert "pictures" not in body and "parties" not in body
    key = cen.services.identity.key
    picture = f"/icomm/v1/attachments/{sha.hex()}"
    assert (await send(a, "GET", picture, signed(key, a, "GET", picture, now=clock.now()))).status == 404
    await cen.services.runner.read(lambda db: db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall())
    dump = every_byte(cen)
    shared = a.services.pictures.attachments.read(sha.hex())
    for value in [p["name"] for p in people] + ["Johannes Amupolo", "SSZ1234567", "CSQU3054383", "wall.png"]:
        assert value.encode() not in dump, value
    assert shared[-64:] not in dump and not list((cen.data_dir / "attachments").rglob("*.*"))
    assert await count(cen, "wanted_attachments") == 0


async def test_a_tombstone_removes_content_and_files_and_an_older_revision_after_it_changes_nothing(
        network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    case_id, sha = await case_with_picture(a)
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),)))
    record_id = uuid.UUID(case_id).bytes
    assert (await b.sync(a))[0].attachments == 1
    old = (await b.held(record_id)).wire
    store = b.services.pictures.attachments
    assert store.exists(sha.hex())

    await a.services.seizures.delete(ADMIN, case_id)
    result = (await b.sync(a))[0]
    assert result.ok and result.applied == 1, result
    held = await b.held(record_id)
    assert held.type == "tombstone" and decode_record(held.wire).body == {"record_type": "seizure"}
    assert not store.exists(sha.hex()) and await count(b, "wanted_attachments") == 0
    for table, column in (("records", "wire"), ("evidence", "wire"), ("evidence", "held_wire"),
                          ("quarantine", "wire")):
        sql = f"SELECT count(*) FROM {table} WHERE instr({column}, ?) > 0"  # noqa: S608 - fixed names above
        found = await query(b, sql, b"Johannes Amupolo")
        assert found == [(0,)], table
    # Nor anywhere in its files: secure_delete overwrites freed pages, and a checkpoint empties the log.
    await b.services.runner.write(lambda db: None)
    with sqlite3.connect(b.data_dir / "ncen.db") as conn:
        assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0  # not busy: done
    assert b"Johannes Amupolo" not in every_byte(b)

    from node.exchange.inbound import receive

    before = await snapshot(b)
    outcome = await receive(b.services.exchange.state, peer_id=None, wires=[old])
    assert outcome.stale == 1 and not outcome.applied
    assert await snapshot(b) == before and not store.exists(sha.hex())


async def test_a_hub_replaying_a_deleted_record_resurrects_nothing(network: NodeFactory) -> None:
    a, hub, b = await relay_network(network)
    kept, deleted = await issue_many(a, 2, [key_of(b)])
    assert (await hub.sync(a))[0].applied == 2  # the hub holds revision 1 of both, to relay
    await tombstone(a, deleted)
    assert (await b.sync(a))[0].applied == 2  # bravo has the tombstone directly from alpha
    assert (await b.held(deleted.record_id.bytes)).type == "tombstone"
    before = await snapshot(b)

    # The hub has not seen the tombstone yet and serves the old revision: stale, nothing changes.
    result = (await b.sync(hub))[0]
    assert result.ok and result.applied == 0 and result.duplicates == 2, result
    assert await snapshot(b) == before and (await b.held(deleted.record_id.bytes)).type == "tombstone"
    assert await count(b, "refusals") == 0 and await count(b, "evidence") == 0
    assert (await hub.sync(a))[0].applied == 1  # now the hub relays the tombstone too: a duplicate for bravo
    result = (await b.sync(hub))[0]
    assert result.applied == 0 and result.duplicates == 1
    assert (await b.held(deleted.record_id.bytes)).type == "tombstone"
    assert (await b.held(kept.record_id.bytes)).wire == kept.wire
