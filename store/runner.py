"""The async boundary of the store: one writer thread, a small pool of readers, nothing on the event loop.

Every write runs inside ``BEGIN IMMEDIATE … COMMIT`` on the single writer thread, so each service call is
one transaction and writers never contend. Reads run on pooled connections opened ``query_only``, each in a
deferred transaction so that one call sees one consistent snapshot (WAL lets them run beside the writer).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from store.errors import DatabaseUnavailable
from store.migrations import migrate

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
CACHE_GRACE_S = 60.0  # a widened writer cache outlives the bulk work by this long, for a client's next request


def connect(path: Path, *, read_only: bool = False) -> Database:
    """Open one connection with ncen's pragmas (foreign keys, busy timeout); ``migrate`` switches on WAL.

    Raises:
        DatabaseUnavailable: the file cannot be opened or is not an SQLite database.
    """
    try:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(conn, execute_plugins=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable on process crash, consistent always
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        # Deleted content (a tombstoned record, a removed person) is overwritten, not left in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
        else:
            # The writer commits hundreds of records at a time (a received page): checkpoint the WAL every 40 MiB or
            # so rather than every 4 MiB (each checkpoint copies pages back and syncs), and keep the index pages
            # those records touch in 8 MiB of cache rather than 2.
            conn.execute("PRAGMA wal_autocheckpoint = 10000")
            conn.execute("PRAGMA cache_size = -8000")
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnavailable(f"{path}: {exc}") from exc
    return db


def cache_size(db: Database, size: int) -> int:
    """Set the connection's page cache size (negative: KiB) and return the previous setting."""
    old = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size = {int(size):d}")
    return old


def run_in_transaction(db: Database, fn: Callable[Concatenate[Database, P], T], *args: P.args,
                       **kwargs: P.kwargs) -> T:
    """Run ``fn(db, …)`` inside ``BEGIN IMMEDIATE``; commit on return, roll back on any exception."""
    db.execute("BEGIN IMMEDIATE")
    try:
        result = fn(db, *args, **kwargs)
    except BaseException:
        db.rollback()
        raise
    db.commit()
    return result


def run_read(db: Database, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``fn(db, …)`` in a read transaction: it sees one snapshot, and lets checkpoints go on when it ends."""
    db.conn.execute("BEGIN")
    try:
        return fn(db, *args, **kwargs)
    finally:
        db.conn.execute("ROLLBACK")


class Runner:
    """Owns every SQLite connection of a node and runs repository functions off the event loop."""

    def __init__(self, path: Path, *, readers: int = 3) -> None:
        self.path = path
        self._reader_count = readers
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[Database] = []
        self._writer: ThreadPoolExecutor | None = None
        self._readers: ThreadPoolExecutor | None = None
        self._widened = 0  # bulk work running now that asked for a larger writer cache
        self._cache_before: int | None = None  # the writer's cache setting before it was widened
        self._cache_lock = asyncio.Lock()
        self._narrowing: asyncio.TimerHandle | None = None
        self._narrow_task: asyncio.Task[None] | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def open_sync(self) -> int:
        """Open the database, apply pending migrations, start the threads; return the schema version.

        Raises:
            DatabaseUnavailable: the file cannot be opened.
            SchemaTooNew: the database comes from a newer ncen.
        """
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ncen-db-writer")
        self._readers = ThreadPoolExecutor(max_workers=self._reader_count, thread_name_prefix="ncen-db-reader")
        try:
            return self._writer.submit(self._migrate).result()
        except BaseException:
            self.close()
            raise

    async def open(self) -> int:
        """Open the store without blocking the event loop; see ``open_sync``."""
        return await asyncio.get_running_loop().run_in_executor(None, self.open_sync)

    def close(self) -> None:
        """Wait for running work, then close every connection."""
        if self._narrowing is not None:
            self._narrowing.cancel()
        for pool in (self._writer, self._readers):
            if pool is not None:
                pool.shutdown(wait=True)
        self._writer = self._readers = None
        with self._lock:
            for db in self._connections:
                db.conn.close()
            self._connections.clear()

    # -- running work ------------------------------------------------------------------------------------------

    async def read(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a repository read on a reader thread, in one snapshot."""
        if self._readers is None:
            raise DatabaseUnavailable("the store is closed")
        future = self._readers.submit(self._job(True, fn, *args, **kwargs))
        return await asyncio.wrap_future(future)

    async def write(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a repository write on the writer thread, as one transaction."""
        if self._writer is None:
            raise DatabaseUnavailable("the store is closed")
        future = self._writer.submit(self._job(False, fn, *args, **kwargs))
        return await asyncio.wrap_future(future)

    def read_sync(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a read from synchronous code (CLI, tools), still on a reader thread."""
        if self._readers is None:
            raise DatabaseUnavailable("the store is closed")
        return self._readers.submit(self._job(True, fn, *args, **kwargs)).result()

    def write_sync(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a write from synchronous code (CLI, tools), still on the writer thread."""
        if self._writer is None:
            raise DatabaseUnavailable("the store is closed")
        return self._writer.submit(self._job(False, fn, *args, **kwargs)).result()

    # -- the writer's page cache during bulk work ------------------------------------------------------------

    async def widen_cache(self, kib: int) -> None:
        """Raise the writer's page cache to ``kib`` KiB for bulk work; match each call with ``narrow_cache``.

        Overlapping bulk work (an import of persons beside one of entities) shares the one writer cache, which
        goes back to its setting ``CACHE_GRACE_S`` after the last of them ends: a client sending an import in
        requests one after another finds the pages the previous request read still cached.
        """
        def widen(db: Database) -> None:
            # Noted by the writer itself, so that a caller cancelled meanwhile cannot leave the wide size to be
            # taken for the setting on the next call.
            if self._cache_before is None:
                self._cache_before = cache_size(db, -kib)

        async with self._cache_lock:
            await self.write(widen)
            self._widened += 1  # counted once widened: a caller whose widening failed has nothing to narrow
            if self._narrowing is not None:
                self._narrowing.cancel()
                self._narrowing = None

    async def narrow_cache(self) -> None:
        """End one piece of bulk work: the cache narrows after the grace period if no other is running."""
        async with self._cache_lock:
            self._widened -= 1
            if self._widened == 0 and self._cache_before is not None:
                self._narrowing = asyncio.get_running_loop().call_later(CACHE_GRACE_S, self._start_narrowing)

    def _start_narrowing(self) -> None:
        self._narrow_task = asyncio.ensure_future(self._narrow())

    async def _narrow(self) -> None:
        async with self._cache_lock:
            self._narrowing = None
            if self._widened or self._cache_before is None or self._writer is None:
                return
            before, self._cache_before = self._cache_before, None
            await self.write(cache_size, before)

    # -- threads -----------------------------------------------------------------------------------------------

    def _db(self, read_only: bool) -> Database:
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path, read_only=read_only)
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    def _job(self, read_only: bool, fn: Callable[Concatenate[Database, P], T], *args: P.args,
             **kwargs: P.kwargs) -> Callable[[], T]:
        def job() -> T:
            db = self._db(read_only)
            if read_only:
                return run_read(db, fn, *args, **kwargs)
            return run_in_transaction(db, fn, *args, **kwargs)

        return job

    def _migrate(self) -> int:
        return migrate(self._db(read_only=False))
