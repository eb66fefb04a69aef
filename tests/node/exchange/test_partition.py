"""Failure modes 1 and 15: the line drops mid-batch or mid-attachment, a write fails inside the page's
transaction; the node resumes with nothing lost and nothing duplicated, and a failed page leaves no trace."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid

import pytest
from PIL import Image

from node.exchange.inbound import receive
from node.exchange.receive import PageOutcome
from node.exchange.sharing import ShareRequest
from node.exchange.sync import PULL_PAGE_RECORDS
from node.services.pictures import Upload
from protocol.envelope import decode_record
from protocol.limits import MAX_ATTACHMENT_CHUNK
from protocol.sync import Cursor
from store import peers as peers_repo
from tests.node.exchange.conftest import ADMIN, PULL_ONLY, Node, NodeFactory, free_port, pair
from tests.node.exchange.helpers import count, issue_many, key_of, query, snapshot, sync_with
from tests.node.exchange.proxy import CuttingProxy
from tests.node.media.pictures import encode


async def behind_proxy(network: NodeFactory) -> tuple[Node, Node, CuttingProxy]:
    """Alpha, reachable only through a proxy that can cut the line, and bravo, paired with it."""
    port = free_port()
    a = await network("alpha", public_url=f"http://127.0.0.1:{port}")
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    proxy = await CuttingProxy(port, a.client.server.port).start()
    await pair(a, b)
    return a, b, proxy


async def cursor_of(node: Node, peer_id: int) -> Cursor | None:
    peer = await node.services.runner.read(peers_repo.get_peer, peer_id)
    return Cursor.parse(peer.cursor) if peer.cursor else None


async def check_consistent(a: Node, b: Node, peer_id: int) -> int:
    """Bravo holds exactly alpha's records up to the cursor it stored, each once; return how many."""
    cursor = await cursor_of(b, peer_id)
    position = cursor.position if cursor else 0
    expected = {row[0] for row in await query(a, "SELECT id FROM records WHERE position <= ?", position)}
    held = {row[0] for row in await query(b, "SELECT id FROM records")}
    assert held == expected
    assert await count(b, "feed") == len(held) == await count(b, "record_seqs")  # no entry twice
    return len(held)


async def test_a_line_cut_mid_batch_resumes_with_nothing_lost_or_duplicated(network: NodeFactory) -> None:
    a, b, proxy = await behind_proxy(network)
    try:
        records = await issue_many(a, 2 * PULL_PAGE_RECORDS + 50, [key_of(b)])
        page = sum(len(r.wire) for r in records[:PULL_PAGE_RECORDS])
        peer_id = await b.peer_id(a)

        # Cut in the middle of the second page: the first page and its cursor are committed, the second is not.
        proxy.cut_after(page + page // 2)
        result = await sync_with(b, peer_id)
        assert not result.ok and result.pages == 1 and proxy.cuts == 1, result
        assert await check_consistent(a, b, peer_id) == PULL_PAGE_RECORDS

        # Cut again, at other points: in the hello, then mid-page once more.
        for budget in (300, page // 2):
            proxy.cut_after(budget)
            result = await sync_with(b, peer_id)
            assert not result.ok
            assert await check_consistent(a, b, peer_id) % PULL_PAGE_RECORDS == 0
        assert proxy.cuts == 3

        result = await sync_with(b, peer_id)
        assert result.ok and result.duplicates == 0, result
        assert await check_consistent(a, b, peer_id) == len(records)
        assert (await cursor_of(b, peer_id)).position == len(records)  # alpha's head: nothing skipped
        held = {row[0]: row[1] for row in await query(b, "SELECT id, wire FROM records")}
        assert held == {r.record_id.bytes: r.wire for r in records}
    finally:
        await proxy.close()


def noisy_png(width: int = 1600, height: int = 1000) -> bytes:
    """Return a PNG that does not compress, so its shared copy spans more than one attachment chunk."""
    return encode(Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)), "PNG")


async def test_an_attachment_cut_mid_transfer_resumes_from_the_partial_file(network: NodeFactory) -> None:
    a, b, proxy = await behind_proxy(network)
    try:
        case_id = await a.new_case()
        picture = await asyncio.to_thread(noisy_png)
        await a.services.pictures.add(ADMIN, case_id, [Upload("container.png", picture)])
        await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),)))
        (attachment,) = decode_record((await a.held(uuid.UUID(case_id).bytes)).wire).attachments
        assert attachment.size > MAX_ATTACHMENT_CHUNK
        sha = attachment.sha256.hex()
        partial = b.data_dir / "incoming" / f"{sha}.part"
        store = b.services.pictures.attachments

        proxy.cut_after(MAX_ATTACHMENT_CHUNK + 256 * 1024)  # during the second chunk
        result = await sync_with(b, await b.peer_id(a))
        assert not result.ok and result.applied == 1 and proxy.cuts == 1, result
        assert partial.stat().st_size == MAX_ATTACHMENT_CHUNK  # the first chunk, kept
        assert not store.exists(sha)
        assert await query(b, "SELECT present FROM wanted_attachments") == [(0,)]

        mark = len(proxy.sent)
        result = await sync_with(b, await b.peer_id(a))
        assert result.ok and result.attachments == 1, result
        assert f"Range: bytes={MAX_ATTACHMENT_CHUNK}-".encode() in proxy.sent[mark:]  # resumed, not restarted
        assert proxy.sent[mark:].count(b"Range: bytes=0-") == 0
        assert store.verify(sha) and hashlib.sha256(store.read(sha)).digest() == attachment.sha256
        assert not partial.exists()
        assert await query(b, "SELECT present FROM wanted_attachments") == [(1,)]
    finally:
        await proxy.close()


async def test_a_failure_inside_the_page_transaction_stores_nothing_of_the_page(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    good = await issue_many(a, 3, [key_of(b)])
    stranger = await network("stranger", country="BW")  # its record is quarantined: bravo does not know its key
    unknown = await issue_many(stranger, 1, [key_of(b)])
    outsider = await issue_many(a, 1, [key_of(stranger)])  # refused: bravo is not in its audience
    wires = [r.wire for r in good + unknown + outsider]
    peer_id = await b.peer_id(a)
    before = await snapshot(b)

    def crash(db: object, outcome: PageOutcome) -> None:
        assert len(outcome.applied) == 3 and outcome.quarantined == 1 and outcome.refused  # all done, not committed
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        await receive(b.services.exchange.state, peer_id=peer_id, wires=wires, commit=crash)
    assert await snapshot(b) == before
    assert await count(b, "refusals") == 0

    outcome = await receive(b.services.exchange.state, peer_id=peer_id, wires=wires)
    assert len(outcome.applied) == 3 and outcome.quarantined == 1 and outcome.refused[0][0] == "not_in_audience"
    assert await count(b, "feed") == 3


@pytest.mark.parametrize("write_point", [
    "BEFORE UPDATE OF cursor ON peers",  # after every record of the page is applied, before the cursor
    "BEFORE INSERT ON feed WHEN NEW.position > 100",  # in the middle of the page's records
    "BEFORE INSERT ON record_audience",  # the very first record
])
async def test_a_write_failing_mid_sync_rolls_back_the_page_and_the_next_round_completes(
        network: NodeFactory, write_point: str) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    records = await issue_many(a, PULL_PAGE_RECORDS + 20, [key_of(b)])
    peer_id = await b.peer_id(a)
    before = await snapshot(b)
    await b.services.runner.write(lambda db: db.execute(
        f"CREATE TRIGGER crash {write_point} BEGIN SELECT RAISE(ABORT, 'injected crash'); END"))

    result = await sync_with(b, peer_id)
    assert not result.ok and "injected crash" in result.error, result
    assert await snapshot(b) == before and await cursor_of(b, peer_id) is None
    peer = await b.services.runner.read(peers_repo.get_peer, peer_id)
    assert peer.failures == 1 and peer.last_error

    await b.services.runner.write(lambda db: db.execute("DROP TRIGGER crash"))
    result = await sync_with(b, peer_id)
    assert result.ok and result.applied == len(records) and result.duplicates == 0, result
    assert await check_consistent(a, b, peer_id) == len(records)
    ok = await b.services.runner.read(lambda db: db.execute("PRAGMA integrity_check").fetchall())
    assert ok == [("ok",)]
