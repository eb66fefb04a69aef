"""The store runner: one transaction per write, snapshot reads, nothing on the event loop, append-only audit."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from store import audit
from store import runner as store_runner
from store.runner import Runner


@pytest.fixture
async def runner(tmp_path: Path):
    r = Runner(tmp_path / "ncen.db")
    await r.open()
    yield r
    r.close()


def _insert_two_then_fail(db: Database) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
    db.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
    raise ValueError("half-way")


async def test_a_failing_write_leaves_nothing_behind(runner: Runner) -> None:
    with pytest.raises(ValueError, match="half-way"):
        await runner.write(_insert_two_then_fail)
    count = await runner.read(lambda db: db.execute("SELECT count(*) FROM settings").fetchone()[0])
    assert count == 0


async def test_work_runs_on_store_threads_not_the_event_loop(runner: Runner) -> None:
    loop_thread = threading.get_ident()
    read_thread = await runner.read(lambda db: threading.get_ident())
    write_thread = await runner.write(lambda db: threading.get_ident())
    assert loop_thread not in (read_thread, write_thread)


async def test_readers_cannot_write(runner: Runner) -> None:
    with pytest.raises(sqlite3.OperationalError):
        await runner.read(lambda db: db.execute("INSERT INTO settings (key, value) VALUES ('x', '1')"))


async def test_the_audit_log_refuses_updates_and_deletes(runner: Runner) -> None:
    await runner.write(audit.insert_entry, at="2026-01-01T00:00:00Z", user_id=None, username="amina",
                       action="login.success", object_type="user", object_id="1", detail="", ip="10.0.0.1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await runner.write(lambda db: db.execute("UPDATE audit_log SET username = 'mallory'"))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await runner.write(lambda db: db.execute("DELETE FROM audit_log"))
    rows = await runner.read(lambda db: list(db.query("SELECT username FROM audit_log")))
    assert rows == [{"username": "amina"}]


async def test_closed_runner_refuses_work(tmp_path: Path) -> None:
    r = Runner(tmp_path / "x.db")
    await r.open()
    r.close()
    from store.errors import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable):
        await r.read(lambda db: 1)


async def _writer_cache(runner: Runner) -> int:
    return int(await runner.write(lambda db: db.execute("PRAGMA cache_size").fetchone()[0]))


async def _after_the_grace(runner: Runner) -> int:
    """Return the writer's cache size once the grace has run out on the event loop (five seconds at most)."""
    for _ in range(500):
        if await _writer_cache(runner) != -100_000:
            break
        await asyncio.sleep(0.01)
    return await _writer_cache(runner)


async def test_bulk_work_shares_one_wider_writer_cache_given_back_after_a_grace(
        runner: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    usual = await _writer_cache(runner)
    monkeypatch.setattr(store_runner, "CACHE_GRACE_S", 3600.0)  # no narrowing during the first part
    await runner.widen_cache(100_000)  # an import of persons...
    await runner.widen_cache(100_000)  # ...and one of entities beside it
    assert await _writer_cache(runner) == -100_000
    await runner.narrow_cache()
    assert await _writer_cache(runner) == -100_000  # the other is still running
    await runner.narrow_cache()
    assert await _writer_cache(runner) == -100_000  # within the grace: the next request finds it warm
    await runner.widen_cache(100_000)
    monkeypatch.setattr(store_runner, "CACHE_GRACE_S", 0.01)
    await runner.narrow_cache()
    assert await _after_the_grace(runner) == usual


async def test_a_widening_that_failed_does_not_keep_the_cache_wide(
        runner: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    usual = await _writer_cache(runner)

    def disk_error(db: Database, kib: int) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as failing:
        failing.setattr(store_runner, "cache_size", disk_error)
        with pytest.raises(sqlite3.OperationalError):
            await runner.widen_cache(100_000)  # the import fails before it starts, and has nothing to narrow
    assert await _writer_cache(runner) == usual
    monkeypatch.setattr(store_runner, "CACHE_GRACE_S", 0.01)
    await runner.widen_cache(100_000)  # the next import
    assert await _writer_cache(runner) == -100_000
    await runner.narrow_cache()
    assert await _after_the_grace(runner) == usual


async def test_a_widening_cancelled_midway_is_given_back_all_the_same(
        runner: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    usual = await _writer_cache(runner)
    started, release = threading.Event(), threading.Event()
    real = store_runner.cache_size

    def held(db: Database, kib: int) -> int:
        started.set()
        release.wait(5)
        return real(db, kib)

    monkeypatch.setattr(store_runner, "cache_size", held)
    widening = asyncio.ensure_future(runner.widen_cache(100_000))  # an import whose client goes away...
    assert await asyncio.to_thread(started.wait, 5)
    widening.cancel()  # ...while the writer is widening the cache
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await widening
    monkeypatch.setattr(store_runner, "cache_size", real)
    monkeypatch.setattr(store_runner, "CACHE_GRACE_S", 0.01)
    await runner.widen_cache(100_000)  # the next import
    await runner.narrow_cache()
    assert await _after_the_grace(runner) == usual
