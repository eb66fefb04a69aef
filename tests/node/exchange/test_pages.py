"""A page applied in one transaction, its new records stored together; the pull one page ahead, never more."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from node.clock import now_iso
from node.exchange import outbox, server
from node.exchange.inbound import apply_records, receive, verify_records
from node.exchange.sync import PULL_PAGE_RECORDS, expects_backlog
from protocol.audience import Audience, Handling
from protocol.envelope import Record
from protocol.recordtypes import RecordType
from protocol.sync import Cursor, FeedPage
from store import peers as peers_repo
from tests.node.exchange.conftest import ADMIN, PULL_ONLY, NodeFactory, pair
from tests.node.exchange.helpers import count, issue_many, key_of, query, refusals, snapshot
from tests.node.exchange.hostile import BODY


async def revisions(node: Any, record_id: uuid.UUID, audience: list[bytes], n: int) -> list[Record]:
    """Issue ``n`` revisions of one record of ``node``."""
    state = node.services.exchange.state

    def issue(db: Database) -> list[Record]:
        return [outbox.issue(db, state.identity.key, state.owner, now_iso(state.clock), record_type=RecordType.SEIZURE,
                             record_id=record_id, body={**BODY, "narrative": f"version {rev}"},
                             audience=Audience.of(audience), handling=Handling.AMBER)
                for rev in range(1, n + 1)]

    return await node.services.runner.write(issue)


async def test_a_page_gives_what_its_records_give_one_by_one(network: NodeFactory) -> None:
    a = await network("alpha")
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    c = await network("charlie", country="BW", public_url=PULL_ONLY)
    await pair(a, b)
    await pair(a, c)
    audience = [key_of(b), key_of(c)]
    first = await issue_many(a, 3, audience)
    both = await revisions(a, uuid.uuid4(), audience, 3)  # three revisions of one record, in the same page
    last = await issue_many(a, 2, audience)
    wires = [r.wire for r in [*first, both[0], both[2], both[1], *last, first[1]]]  # one stale, one duplicate

    together = await receive(b.services.exchange.state, peer_id=await b.peer_id(a), wires=wires)
    state_c, peer_c = c.services.exchange.state, await c.peer_id(a)
    alone = [await receive(state_c, peer_id=peer_c, wires=[wire]) for wire in wires]

    assert [r.rev for r in together.applied] == [r.rev for o in alone for r in o.applied] == [1, 1, 1, 1, 3, 1, 1]
    assert (together.stale, together.duplicates) == (1, 1)
    assert await snapshot(b) == await snapshot(c)
    assert await query(b, "SELECT record_id, digest FROM feed ORDER BY position") == \
        await query(c, "SELECT record_id, digest FROM feed ORDER BY position")
    assert await query(b, "SELECT id, position FROM records ORDER BY position") == \
        await query(c, "SELECT id, position FROM records ORDER BY position")


async def test_trust_withdrawn_after_verification_is_honoured(network: NodeFactory) -> None:
    a = await network("alpha")
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    state, peer_id = b.services.exchange.state, await b.peer_id(a)
    checked = await verify_records(state, [r.wire for r in await issue_many(a, 3, [key_of(b)])])
    assert all(item.record is not None for item in checked)

    # The key is cut off after the first record while the page waits to be applied (a revocation beside it).
    await b.services.runner.write(peers_repo.set_key_cutoff, key_of(a), last_seq=checked[0].record.seq,  # type: ignore[union-attr]
                                  revoked=True)
    await state.reload_keys()
    outcome = await apply_records(state, checked, peer_id=peer_id)
    assert len(outcome.applied) == 1 and await refusals(b) == ["key_revoked", "key_revoked"]



async def test_a_key_no_longer_trusted_after_verification_sends_its_records_to_quarantine(
        network: NodeFactory) -> None:
    a = await network("alpha")
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    state, peer_id = b.services.exchange.state, await b.peer_id(a)
    checked = await verify_records(state, [r.wire for r in await issue_many(a, 2, [key_of(b)])])
    await b.services.exchange.peers.remove(ADMIN, peer_id)
    await state.reload_keys()
    outcome = await apply_records(state, checked, peer_id=peer_id)
    assert not outcome.applied and outcome.quarantined == 2 and await count(b, "quarantine") == 2


def committed_position(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = conn.execute("SELECT cursor FROM peers").fetchone()[0]
    finally:
        conn.close()
    return Cursor.parse(cursor).position if cursor else 0


async def test_the_pull_asks_at_most_one_page_ahead_of_what_it_stored(network: NodeFactory,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    a = await network("alpha")
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    await issue_many(a, PULL_PAGE_RECORDS * 3 + 10, [key_of(b)])
    asked: list[tuple[int, int]] = []  # (the position asked after, the position bravo had committed then)
    serve_page = server.serve_page

    def watched(db: Database, *, after: Cursor | None, **kwargs: Any) -> FeedPage:
        asked.append((after.position if after else 0, committed_position(b.data_dir / "ncen.db")))
        return serve_page(db, after=after, **kwargs)

    monkeypatch.setattr(server, "serve_page", watched)
    (result,) = await b.sync(a)
    assert result.ok and result.applied == PULL_PAGE_RECORDS * 3 + 10 and result.pages == 4
    positions = [after for after, _ in asked]
    assert positions == sorted(positions) and len(positions) == 4
    for index, (after, committed) in enumerate(asked):
        previous = positions[index - 1] if index else 0
        assert committed in (previous, after), asked  # the page before the one asked for is committed
    assert committed_position(b.data_dir / "ncen.db") == (await a.services.runner.read(
        lambda db: db.conn.execute("SELECT max(position) FROM feed").fetchone()[0]))


def test_a_backlog_is_expected_from_the_head_a_peer_gave() -> None:
    epoch, other = bytes(range(16)), bytes(16)
    head = Cursor(epoch, 5 + 2 * PULL_PAGE_RECORDS).text
    assert expects_backlog(None, head)  # nothing pulled yet
    assert expects_backlog(Cursor(epoch, 5 + PULL_PAGE_RECORDS - 1), head)
    assert not expects_backlog(Cursor(epoch, 5 + PULL_PAGE_RECORDS), head)  # one page left
    assert expects_backlog(Cursor(other, 5 + 2 * PULL_PAGE_RECORDS), head)  # its log was rebuilt: from the start
    assert not expects_backlog(None, "") and not expects_backlog(None, "not a cursor")
