"""The global CEN receives only non-nominal data; a hub relays records with their origin's signature."""

from __future__ import annotations

import uuid

from node.exchange.sharing import ShareRequest
from protocol.envelope import decode_record
from protocol.nonnominal import global_record_id
from tests.node.exchange.conftest import ADMIN, Node, NodeFactory, pair

NOMINAL_VALUES = ["Johannes Amupolo", "Kalahari Trading", "Shikongo", "SSZ1234567", "CSQU3054383", "MSC ALINA",
                  "Atlantic Lines", "false compartment", "Scanner image", "cocaine hydrochloride bricks",
                  "welded compartment", "Walvis Bay port", "Container terminal", "NA/WVB/2026/0001"]


def every_byte(node: Node) -> bytes:
    """Return the content of every file of a node's data directory (database, WAL, attachments...)."""
    return b"".join(p.read_bytes() for p in sorted(node.data_dir.rglob("*")) if p.is_file())


async def test_the_global_cen_never_stores_a_nominal_value(network: NodeFactory) -> None:
    a = await network("alpha")
    cen = await network("cen", country="BE", role="global")
    await pair(a, cen)
    case_id = await a.new_case()
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(to_global=True))
    results = await cen.sync(a)
    assert results[0].ok and results[0].applied == 1, results
    held = await cen.held(global_record_id(uuid.UUID(case_id)).bytes)
    body = decode_record(held.wire).body
    assert body["commodities"][0]["quantity"] == "52.4" and body["route"]["transit"] == ["ZA"]
    assert body["origin_case"] == uuid.UUID(case_id).bytes
    await cen.services.runner.read(lambda db: db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall())
    dump = every_byte(cen)
    for value in NOMINAL_VALUES:
        assert value.encode() not in dump, value


async def test_the_global_cen_refuses_nominal_records(network: NodeFactory) -> None:
    a = await network("alpha")
    cen = await network("cen", country="BE", role="global")
    await pair(a, cen)
    case_id = await a.new_case()
    # A faulty sender puts the global node in a nominal record's audience: the global node must refuse it.
    from node.clock import now_iso
    from node.exchange import outbox
    from protocol.audience import Audience, Handling
    from protocol.recordtypes import RecordType

    state = a.services.exchange.state
    body = (await a.services.seizures.get(ADMIN, case_id)).body
    cen_key = cen.services.identity.key.public.raw
    await a.services.runner.write(lambda db: outbox.issue(
        db, state.identity.key, state.owner, now_iso(state.clock), record_type=RecordType.SEIZURE,
        record_id=uuid.UUID(case_id), body=body, audience=Audience.of([cen_key]), handling=Handling.AMBER))
    results = await cen.sync(a)
    assert results[0].applied == 0 and results[0].refused == 1
    dump = every_byte(cen)
    assert b"Johannes Amupolo" not in dump


async def test_a_hub_relays_between_its_members_with_signatures_intact(network: NodeFactory) -> None:
    a, hub, b = await network("alpha"), await network("hub", country="ZA", role="hub"), \
        await network("bravo", country="BW")
    await pair(a, hub)
    await pair(b, hub)
    # Bravo and alpha trust each other's keys but only the hub can reach both.
    for this, other in ((a, b), (b, a)):
        peer = await this.services.exchange.peers.add_card(ADMIN, other.card())
        await this.services.exchange.peers.confirm(ADMIN, peer.id, other.services.identity.fingerprint)
    for member in (a, b):
        hub_peer = await hub.peer_id(member)
        await hub.services.exchange.peers.set_groups(ADMIN, hub_peer, ["SADC"], hub_member=True)
    await a.services.exchange.peers.set_groups(ADMIN, await a.peer_id(b), [], hub_member=True)
    from node.exchange.peers import PeerService  # noqa: F401 - the URL is removed below to force the relay
    await a.services.runner.write(lambda db: db.execute("UPDATE peers SET url = '' WHERE owner = ?",
                                                        [b.services.identity.fingerprint]))
    await b.services.runner.write(lambda db: db.execute("UPDATE peers SET url = '' WHERE owner = ?",
                                                        [a.services.identity.fingerprint]))
    case_id = await a.new_case()
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id,
                                                   ShareRequest(peer_ids=(await a.peer_id(b),), handling="amber"))
    await hub.sync(a)
    results = await b.sync(hub)
    assert results[0].applied == 1, results
    at_b = await b.held(uuid.UUID(case_id).bytes)
    at_a = await a.held(uuid.UUID(case_id).bytes)
    assert at_b.wire == at_a.wire  # verbatim: the hub changed no byte
    assert at_b.owner == a.services.identity.fingerprint
