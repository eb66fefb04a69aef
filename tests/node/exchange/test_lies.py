"""Failure mode 10: a peer that lies. False heads only trigger a pull; a withholding relay only delays;
equivocation and a restored node reusing sequence numbers are kept as evidence and nothing of them applied;
the restored node starts a new feed epoch and numbers above what its peers hold."""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from node.appkeys import CONFIG
from node.backup import backup, restore
from node.config import Config
from protocol.sync import PATH_NOTIFY, Cursor, Notify
from store import peers as peers_repo
from tests.conftest import FakeClock
from tests.node.exchange.conftest import PULL_ONLY, HostileFactory, Node, NodeFactory, pair
from tests.node.exchange.helpers import (
    count,
    evidence,
    issue_many,
    key_of,
    query,
    send,
    signed,
    snapshot,
    sync_with,
    trust,
)
from tests.node.exchange.hostile import BODY


async def stored_cursor(node: Node, peer_id: int) -> Cursor:
    return Cursor.parse((await node.services.runner.read(peers_repo.get_peer, peer_id)).cursor)


async def test_a_false_head_in_hello_or_notify_only_triggers_a_pull(network: NodeFactory, hostile: HostileFactory,
                                                                    clock: FakeClock) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    liar = await hostile()
    liar.head = 1_000_000  # announced in hello and in every page, far beyond what it has
    liar.publish(*(liar.seal([key_of(b)]).wire for _ in range(3)))
    peer_id = await trust(b, liar)
    result = await sync_with(b, peer_id)
    assert result.ok and result.applied == 3, result
    assert (await stored_cursor(b, peer_id)).position == 3  # where the records end, not where it says

    # A notification with a false head changes nothing by itself either.
    body = Notify(head=Cursor(liar.epoch, 2_000_000)).to_bytes()
    answer = await send(b, "POST", PATH_NOTIFY, signed(liar.key, b, "POST", PATH_NOTIFY, body, now=clock.now()), body)
    assert answer.status == 204
    liar.publish(*(liar.seal([key_of(b)]).wire for _ in range(2)))
    result = await sync_with(b, peer_id)  # waits for any round the notification started
    assert result.ok and await count(b, "records") == 5 and (await stored_cursor(b, peer_id)).position == 5
    assert await count(b, "refusals") == 0


async def test_a_relay_that_withholds_records_only_delays_them(network: NodeFactory, hostile: HostileFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    first, second = await issue_many(a, 2, [key_of(b)])
    relay = await hostile(name="relay customs")
    relay.publish(second.wire)  # omits the first
    assert (await sync_with(b, await trust(b, relay))).applied == 1
    (direct,) = await b.sync(a)
    assert direct.applied == 1 and direct.duplicates == 1
    assert await b.held(first.record_id.bytes) is not None


async def test_equivocation_is_kept_as_evidence_and_not_applied(network: NodeFactory, hostile: HostileFactory) -> None:
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    liar = await hostile()
    record_id = uuid.uuid4()
    told = liar.seal([key_of(b)], record_id=record_id)
    other = liar.seal([key_of(b)], record_id=record_id, body={**BODY, "narrative": "a different story"})
    assert told.rev == other.rev and told.digest != other.digest
    liar.publish(told.wire)
    peer_id = await trust(b, liar)
    assert (await sync_with(b, peer_id)).applied == 1
    before = await snapshot(b)

    liar.publish(other.wire)
    result = await sync_with(b, peer_id)
    assert result.ok and result.applied == 0 and result.evidence == 1, result
    assert await evidence(b) == ["equivocation"]
    wire, held_wire = (await query(b, "SELECT wire, held_wire FROM evidence"))[0]
    assert (wire, held_wire) == (other.wire, told.wire)  # both byte forms, for the administrators
    assert (await b.held(record_id.bytes)).wire == told.wire
    assert (await snapshot(b)).records == before.records
    assert (await b.services.exchange.inbox.counts())["evidence"] == 1


async def test_a_restored_node_reusing_sequence_numbers_is_caught_then_numbers_above_what_peers_hold(
        network: NodeFactory, tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    a = await network("alpha")
    b = await network("bravo", country="ZA")
    await pair(a, b)
    await issue_many(a, 3, [key_of(b)])
    config: Config = a.client.app[CONFIG]
    await asyncio.to_thread(backup, config, tmp_path / "backup", a.services.clock)
    later = await issue_many(a, 2, [key_of(b)])  # seq 4 and 5: not in the backup
    peer_id = await b.peer_id(a)
    assert (await sync_with(b, peer_id)).applied == 5
    old_cursor = await stored_cursor(b, peer_id)

    port = a.client.server.port
    await a.stop()  # the machine is lost; the backup is restored on another, at the same address
    restored_dir = tmp_path / "restored"
    await asyncio.to_thread(restore, tmp_path / "backup", Config(data_dir=restored_dir, port=0), a.services.clock)
    a2 = await network("alpha-restored", data_dir=restored_dir, port=port)
    assert a2.services.exchange.state.epoch != a.services.exchange.state.epoch  # a new feed epoch
    assert a2.services.identity.fingerprint == a.services.identity.fingerprint

    # Before it has said hello to anyone, the restored node signs a record: it reuses sequence number 4.
    (reused,) = await issue_many(a2, 1, [key_of(b)])
    assert reused.seq == later[0].seq == 4
    caplog.set_level(logging.INFO)
    result = await sync_with(b, peer_id)
    assert result.ok and result.evidence == 1 and result.applied == 0, result
    assert await evidence(b) == ["fork"]
    assert await b.held(reused.record_id.bytes) is None
    assert any("resynchronising from the beginning" in r.getMessage() for r in caplog.records)
    new_cursor = await stored_cursor(b, peer_id)
    assert new_cursor.epoch == a2.services.exchange.state.epoch != old_cursor.epoch

    # After a hello, the restored node numbers above the highest sequence number its peers hold from it.
    assert (await a2.sync(b))[0].ok
    (fresh,) = await issue_many(a2, 1, [key_of(b)])
    assert fresh.seq == 6
    result = await sync_with(b, peer_id)
    assert result.applied == 1 and (await b.held(fresh.record_id.bytes)).wire == fresh.wire
    assert await evidence(b) == ["fork"]
