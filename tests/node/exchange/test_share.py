"""Sharing a case: it reaches exactly its audience, revisions replace, tombstones delete for good."""

from __future__ import annotations

import uuid

from node.exchange.sharing import ShareRequest
from protocol.envelope import decode_record
from tests.node.exchange.conftest import ADMIN, NodeFactory, pair


async def test_a_shared_case_reaches_its_audience_and_follows_changes(network: NodeFactory) -> None:
    a, b, c = await network("alpha"), await network("bravo", country="ZA"), await network("charlie", country="BW")
    await pair(a, b)
    await pair(a, c)
    case_id = await a.new_case()
    record_id = uuid.UUID(case_id).bytes
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id,
                                                   ShareRequest(peer_ids=(await a.peer_id(b),), handling="amber"))
    results = await b.sync(a)
    assert results[0].ok and results[0].applied == 1, results
    held = await b.held(record_id)
    assert held is not None and held.rev == 1
    assert decode_record(held.wire).body["reference"] == "NA/WVB/2026/0001"
    await c.sync(a)
    assert await c.held(record_id) is None  # charlie is not in the audience

    case = await a.services.seizures.get(ADMIN, case_id)
    await a.services.seizures.update(ADMIN, case_id, {**case.body, "narrative": "updated narrative"}, case.revision)
    await b.sync(a)
    held = await b.held(record_id)
    assert held.rev == 2 and decode_record(held.wire).body["narrative"] == "updated narrative"

    old_wire = (await a.held(record_id)).wire
    await a.services.seizures.delete(ADMIN, case_id)
    await b.sync(a)
    held = await b.held(record_id)
    assert held.type == "tombstone" and b"updated narrative" not in held.wire
    from node.exchange.inbound import receive

    outcome = await receive(b.services.exchange.state, peer_id=None, wires=[old_wire])
    assert outcome.stale == 1 and not outcome.applied
    assert (await b.held(record_id)).type == "tombstone"
