"""Failure mode 8: clocks hours apart and clocks that jump. Requests outside the window are refused with a
reason that says which clock is off and by how much; the order of records never depends on a clock."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

import pytest

from node.exchange.inbound import receive
from node.exchange.sharing import ShareRequest
from protocol.envelope import decode_record
from tests.conftest import FakeClock
from tests.node.exchange.conftest import ADMIN, PULL_ONLY, NodeFactory, pair
from tests.node.exchange.helpers import count, query, sync_with

HOURS = 3


async def test_a_clock_hours_ahead_is_refused_with_clock_skew_and_the_offset(network: NodeFactory,
                                                                             clock: FakeClock) -> None:
    ahead = FakeClock(clock.now() + timedelta(hours=HOURS))
    a = await network("alpha", own_clock=ahead)
    b = await network("bravo", country="ZA")
    await pair(a, b)

    pulled = await sync_with(b, await b.peer_id(a))
    assert not pulled.ok and "clock_skew" in pulled.error, pulled
    assert f"{HOURS * 3600} s behind this node's clock" in pulled.error  # the server's view of bravo's request
    pushed = await sync_with(a, await a.peer_id(b))
    assert not pushed.ok and f"{HOURS * 3600} s ahead of this node's clock" in pushed.error
    peer = await b.services.runner.read(lambda db: db.execute("SELECT failures, last_error FROM peers").fetchone())
    assert peer[0] == 1 and "clock_skew" in peer[1]
    assert await count(a, "nonces") == 0 and await count(b, "nonces") == 0


async def test_clocks_apart_within_the_window_sync_with_a_warning(network: NodeFactory, clock: FakeClock,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    a = await network("alpha", own_clock=FakeClock(clock.now() + timedelta(seconds=200)))
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    result = await sync_with(b, await b.peer_id(a))
    assert result.ok, result
    assert any("differs from ours by 200 s" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


async def test_a_clock_jumping_back_does_not_reorder_revisions(network: NodeFactory, clock: FakeClock) -> None:
    wrong = FakeClock(clock.now() + timedelta(hours=HOURS))
    a = await network("alpha", own_clock=wrong)
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    case_id = await a.new_case()
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),)))
    record_id = uuid.UUID(case_id).bytes
    first = (await a.held(record_id)).wire

    wrong.jump(-HOURS * 3600 - 60)  # the operator fixes alpha's clock: it is now a minute behind bravo's
    case = await a.services.seizures.get(ADMIN, case_id)
    await a.services.seizures.update(ADMIN, case_id, {**case.body, "narrative": "after the clock fix"}, case.revision)
    second = (await a.held(record_id)).wire
    assert decode_record(second).created_at < decode_record(first).created_at  # "older" by the clock, yet newer

    result = await sync_with(b, await b.peer_id(a))
    assert result.ok and result.applied == 1, result
    assert (await b.held(record_id)).wire == second
    outcome = await receive(b.services.exchange.state, peer_id=None, wires=[first])
    assert outcome.stale == 1 and (await b.held(record_id)).rev == 2
    assert await query(b, "SELECT count(*) FROM feed") == [(1,)]
