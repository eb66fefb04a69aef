"""Failure mode 1, the hard way: ``ncen sync`` killed with SIGKILL at random moments, several times, then run
to completion, ends exactly where one clean run ends: same records, same cursor, no feed entry twice.

While the kills go on, the sender holds back its answer for the last page, so that no run can end by itself
before its kill however the machine's speed varies (a run that ends cannot be killed, and the records it
pulled are gone from the experiment); the last page is served to the run that goes to the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.typedefs import Handler

from node.app import create_app
from node.clock import SystemClock
from node.config import Config
from node.runtime import open_services
from protocol.limits import MAX_PAGE_RECORDS
from protocol.sync import PATH_FEED, Cursor
from tests.conftest import make_node
from tests.node.exchange.conftest import ADMIN, Node, free_port
from tests.node.exchange.helpers import issue_many

RECORDS = 3000
KILLS = 5


class LastPageGate:
    """Holds a node's answers to feed requests from a position on, until opened."""

    def __init__(self) -> None:
        self.from_position: int | None = None
        self.opened = asyncio.Event()

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        after = request.query.get("after") if request.path == PATH_FEED else None
        if after and self.from_position is not None and Cursor.parse(after).position >= self.from_position:
            await self.opened.wait()
        return await handler(request)


@pytest.fixture
def gate() -> LastPageGate:
    return LastPageGate()


@pytest.fixture
async def alpha(tmp_path: Path, gate: LastPageGate) -> AsyncIterator[Node]:
    """A node on the real clock (the ``ncen sync`` process signs its requests with the real time)."""
    setup = make_node(tmp_path / "alpha", SystemClock(), name="alpha customs", country="NA")  # type: ignore[arg-type]
    port = free_port()
    config = Config(data_dir=setup.config.data_dir, host="127.0.0.1", port=port, public_url=f"http://127.0.0.1:{port}")
    app = create_app(config)
    app.middlewares.append(gate.middleware)
    async with TestClient(TestServer(app, port=port)) as client:
        try:
            yield Node("alpha", client, config.data_dir)
        finally:
            gate.opened.set()  # a request still held must not keep the server from closing


def last_page_start(data: Path) -> int:
    """The feed position after which the sender's last page begins."""
    conn = sqlite3.connect(f"file:{data / 'ncen.db'}?mode=ro", uri=True)
    try:
        query = "SELECT position FROM feed ORDER BY position LIMIT 1 OFFSET ?"
        return int(conn.execute(query, [RECORDS - MAX_PAGE_RECORDS - 1]).fetchone()[0])
    finally:
        conn.close()


async def paired_receiver(alpha: Node, base: Path) -> Path:
    """Initialise bravo's data directory and pair it with alpha both ways; bravo is not running."""
    setup = make_node(base, SystemClock(), name="bravo customs", country="ZA")  # type: ignore[arg-type]
    async with open_services(setup.config, SystemClock()) as bravo:
        row = await bravo.exchange.peers.add_card(ADMIN, alpha.card())
        await bravo.exchange.peers.confirm(ADMIN, row.id, alpha.services.identity.fingerprint)
        card = json.dumps(bravo.identity.card().to_json()).encode()
        fingerprint = bravo.identity.fingerprint
        key = bravo.identity.key.public.raw
    row = await alpha.services.exchange.peers.add_card(ADMIN, card)
    await alpha.services.exchange.peers.confirm(ADMIN, row.id, fingerprint)
    (base / "bravo.key").write_bytes(key)
    return base


async def ncen_sync(data: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "node", "sync", "--data", str(data), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env={**os.environ, "NCEN_LOG_LEVEL": "WARNING"})


def state_of(data: Path) -> dict[str, object]:
    """Read what a receiver holds, straight from its database file."""
    conn = sqlite3.connect(data / "ncen.db")
    try:
        return {
            "integrity": conn.execute("PRAGMA integrity_check").fetchall(),
            "records": sorted(conn.execute("SELECT id, rev, digest, wire FROM records").fetchall()),
            "feed": conn.execute("SELECT count(*), count(DISTINCT record_id) FROM feed").fetchone(),
            "seqs": conn.execute("SELECT count(*) FROM record_seqs").fetchone()[0],
            "cursor": conn.execute("SELECT cursor FROM peers").fetchone()[0],
            "refusals": conn.execute("SELECT count(*) FROM refusals").fetchone()[0],
        }
    finally:
        conn.close()


def feed_length(data: Path) -> int:
    conn = sqlite3.connect(f"file:{data / 'ncen.db'}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM feed").fetchone()[0])
    finally:
        conn.close()


async def run_to_the_end(data: Path) -> None:
    """Run ``ncen sync`` on a receiver until it ends by itself, cleanly."""
    process = await ncen_sync(data)
    _, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()


async def progress(data: Path, held: int, process: asyncio.subprocess.Process) -> None:
    """Wait until the receiver holds more than ``held`` records, or the process has ended."""
    for _ in range(1200):  # another process writes: there is nothing to wait on but its database (60 s at most)
        if process.returncode is not None or await asyncio.to_thread(feed_length, data) > held:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the sync made no progress in 60 s")


@pytest.mark.slow
async def test_sync_killed_at_random_moments_ends_like_one_clean_run(
        alpha: Node, gate: LastPageGate, tmp_path: Path) -> None:
    bravo = await paired_receiver(alpha, tmp_path / "bravo")
    await issue_many(alpha, RECORDS, [(bravo / "bravo.key").read_bytes()])
    clean = tmp_path / "clean"
    await asyncio.to_thread(shutil.copytree, bravo, clean)  # the same node, before any sync: the control
    started = time.monotonic()
    await run_to_the_end(clean)  # one clean run, timed: kills are timed within its length, whatever the machine
    clean_run = time.monotonic() - started

    gate.from_position = await asyncio.to_thread(last_page_start, alpha.data_dir)
    seed = int(time.time())
    rng = random.Random(seed)
    killed = 0
    partial: list[int] = []  # how many records each killed run left: some must be mid-way
    for attempt in range(KILLS):
        held = partial[-1] if partial else 0
        process = await ncen_sync(bravo)
        if attempt % 2 and held < RECORDS - MAX_PAGE_RECORDS:
            # Once this run has committed a page of its own: a random moment mid-pull.
            await progress(bravo, held, process)
            await asyncio.sleep(rng.uniform(0, clean_run / 10))
        else:
            await asyncio.sleep(rng.uniform(0.1, 0.8) * clean_run)  # any moment: starting up, saying hello, mid-page
        if process.returncode is None:
            process.kill()
            killed += 1
        await process.wait()
        state = await asyncio.to_thread(state_of, bravo)
        assert state["integrity"] == [("ok",)], seed
        count, distinct = state["feed"]  # type: ignore[misc]
        assert count == distinct == len(state["records"]) == state["seqs"], seed  # type: ignore[arg-type]
        partial.append(count)
    assert killed == KILLS and any(0 < held < RECORDS for held in partial), (seed, clean_run, partial)

    gate.opened.set()
    await run_to_the_end(bravo)
    after_kills, after_one_run = await asyncio.to_thread(state_of, bravo), await asyncio.to_thread(state_of, clean)
    assert len(after_one_run["records"]) == RECORDS  # type: ignore[arg-type]
    assert after_kills["records"] == after_one_run["records"], seed
    assert after_kills["cursor"] == after_one_run["cursor"], seed
    assert after_kills["feed"] == after_one_run["feed"] == (RECORDS, RECORDS)
    assert after_kills["integrity"] == [("ok",)] and after_kills["refusals"] == 0
