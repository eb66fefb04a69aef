"""Key rotation and revocation: announced by signed records, honoured by peers, surviving restarts."""

from __future__ import annotations

import uuid

from node.clock import now_iso
from node.exchange.sharing import ShareRequest
from protocol.audience import Audience, Handling
from protocol.recordtypes import RecordType
from tests.node.exchange.conftest import ADMIN, NodeFactory, pair


async def test_a_rotated_key_keeps_old_records_valid_and_refuses_new_ones(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    first = await a.new_case(reference="ROT-1")
    share = ShareRequest(peer_ids=(await a.peer_id(b),))
    await a.services.exchange.sharing.share_seizure(ADMIN, first, share)
    old_key = a.services.identity.key
    rotation = await a.services.exchange.keys.rotate(ADMIN)
    assert rotation.old_fingerprint != rotation.new_fingerprint == a.services.identity.fingerprint
    assert (a.data_dir / "keys" / f"node-{rotation.old_fingerprint}.key").exists()

    second = await a.new_case(reference="ROT-2")
    await a.services.exchange.sharing.share_seizure(ADMIN, second, ShareRequest(peer_ids=(await a.peer_id(b),)))
    results = await b.sync(a)
    assert results[0].ok, results
    assert (await b.held(uuid.UUID(first).bytes)) is not None
    after = await b.held(uuid.UUID(second).bytes)
    assert after is not None and after.owner == old_key.public.fingerprint  # the same node, under its new key

    # A record made with the old key after the rotation is refused everywhere.
    from node.exchange.inbound import receive
    from protocol.envelope import Draft, seal_record
    from protocol.recordtypes import Scope

    body = (await a.services.seizures.get(ADMIN, second)).body
    forged = seal_record(old_key, Draft(RecordType.SEIZURE, uuid.uuid4(), 1, rotation.seq + 50,
                                        now_iso(a.services.clock), Audience.of([b.services.identity.key.public.raw]),
                                        Handling.AMBER, body, Scope.NOMINAL))
    outcome = await receive(b.services.exchange.state, peer_id=None, wires=[forged.wire])
    assert not outcome.applied and outcome.refused[0][0] == "key_rotated"


async def test_revocation_refuses_records_after_the_cut_off(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    case_id = await a.new_case(reference="REV-1")
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),)))
    await b.sync(a)
    stolen = a.services.identity.key
    rotation = await a.services.exchange.keys.rotate(ADMIN)
    seq = await a.services.exchange.keys.revoke(ADMIN, stolen.public.hex, rotation.seq, "compromised")
    assert seq > rotation.seq
    await b.sync(a)
    assert (await b.held(uuid.UUID(case_id).bytes)) is not None  # signed before the cut-off: still valid
    # The thief signs a new record with the stolen key and a fresh sequence number: refused as revoked.
    from node.exchange.inbound import receive
    from protocol.envelope import Draft, seal_record
    from protocol.recordtypes import Scope

    body = (await a.services.seizures.get(ADMIN, case_id)).body
    forged = seal_record(stolen, Draft(RecordType.SEIZURE, uuid.uuid4(), 1, seq + 100, now_iso(a.services.clock),
                                       Audience.of([b.services.identity.key.public.raw]), Handling.AMBER, body,
                                       Scope.NOMINAL))
    outcome = await receive(b.services.exchange.state, peer_id=None, wires=[forged.wire])
    assert not outcome.applied and outcome.refused[0][0] == "key_revoked"
