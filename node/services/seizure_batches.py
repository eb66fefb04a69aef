"""Where an import's checked batches come from: a thread beside the writer, or a worker process.

Reading, mapping and checking a case costs about as much CPU as storing it. In a thread they share the
interpreter lock with the writer; in a worker process they run on the second core while this process only
writes, which is what lets a bulk import of a large file go about twice as fast on a two-core server.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import multiprocessing
import os
import queue
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from node.collector import collector_deferred
from node.services.seizure_check import CheckedBatch, CodeLists, check_batch
from node.services.seizure_import_reader import CaseReader, ImportRefused
from node.services.seizure_mapping import Mapping

# A file smaller than this is imported with a thread: starting a process costs about a second.
PROCESS_THRESHOLD_BYTES = 8 * 1024 * 1024
QUEUE_DEPTH = 3  # batches checked ahead of the writer: bounds the memory a large import uses
COLLECT_EVERY = 100  # batches between two runs of the cycle collector in the worker process


@dataclass(frozen=True, slots=True)
class Batch:
    """Cases read and checked, with where each came from in the file: the rows of each case and of its
    commodity lines."""

    spans: list[tuple[tuple[int, ...], tuple[int, ...]]]
    checked: CheckedBatch
    rows_read: int
    bytes_read: int


class Batches(Protocol):
    """The checked batches of one file, in order."""

    bytes_total: int
    rows_read: int

    async def next(self) -> Batch | None:
        """Return the next batch, or None at the end of the file."""
        ...

    async def close(self) -> None:
        """Stop reading and let go of the file."""
        ...


class ThreadBatches:
    """Reads and checks the next batch in a thread while the caller writes the current one."""

    def __init__(self, reader: CaseReader, lists: CodeLists, latest: str, batch_size: int) -> None:
        self._reader, self._lists, self._latest, self._size = reader, lists, latest, batch_size
        self.bytes_total = reader.bytes_total
        self.rows_read = 0
        self._upcoming: asyncio.Future[Batch | None] = asyncio.get_running_loop().run_in_executor(None, self._read)

    def _read(self) -> Batch | None:
        cases = self._reader.next_batch(self._size)
        if not cases:
            return None
        checked = check_batch(((p.rows, p.item.data, p.item.errors) for p in cases), self._lists, latest=self._latest)
        return Batch([(p.rows, p.line_rows) for p in cases], checked, self._reader.rows_read, self._reader.bytes_read)

    async def next(self) -> Batch | None:
        """Return the batch read ahead, and start reading the following one."""
        batch = await self._upcoming
        if batch is not None:
            self.rows_read = batch.rows_read
            self._upcoming = asyncio.get_running_loop().run_in_executor(None, self._read)
        return batch

    async def close(self) -> None:
        """Wait for the thread to leave the file, then let go of it."""
        if not self._upcoming.done():
            await asyncio.wait([self._upcoming])
        if not self._upcoming.cancelled():
            self._upcoming.exception()  # retrieved: the error of a batch never written is not worth a warning
        self._reader.close()


def _produce(path: str, mapping: Mapping | None, lists: CodeLists, latest: str, batch_size: int,
             out: multiprocessing.Queue[tuple[str, Any]]) -> None:
    """Read and check a whole file in a worker process, sending batches (slimmed of raw rows) as they are ready."""
    try:
        # The cycle collector would walk every batch again and again while it is built (a fifth of this process's
        # time); it runs every COLLECT_EVERY batches instead (node/collector.py).
        with Path(path).open("rb") as source, collector_deferred(every=COLLECT_EVERY) as collect:
            reader = CaseReader(source, mapping)
            out.put(("start", reader.bytes_total))
            while cases := reader.next_batch(batch_size):
                checked = check_batch(((p.rows, p.item.data, p.item.errors) for p in cases), lists, latest=latest)
                spans = [(p.rows, p.line_rows) for p in cases]
                out.put(("batch", Batch(spans, checked, reader.rows_read, reader.bytes_read)))
                collect()
            out.put(("end", reader.rows_read))
            reader.close()
    except ImportRefused as exc:
        out.put(("refused", (exc.message.template, dict(exc.message.params))))
    except Exception as exc:  # reported to the parent, which raises it: a worker must never die silently
        out.put(("error", f"{type(exc).__name__}: {exc}"))


class ProcessBatches:
    """Reads and checks a file in a worker process; the batches arrive through a bounded queue."""

    def __init__(self, path: str, mapping: Mapping | None, lists: CodeLists, latest: str, batch_size: int) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self._queue: multiprocessing.Queue[tuple[str, Any]] = context.Queue(maxsize=QUEUE_DEPTH)
        self._process = context.Process(target=_produce, args=(path, mapping, lists, latest, batch_size, self._queue),
                                        name="ncen-import-reader", daemon=True)
        self._process.start()
        self.bytes_total = 0
        self.rows_read = 0
        self._done = False

    async def _get(self) -> tuple[str, Any]:
        loop = asyncio.get_running_loop()
        while True:
            try:
                return await loop.run_in_executor(None, self._queue.get, True, 1.0)
            except queue.Empty:
                if not self._process.is_alive():
                    raise RuntimeError("the import's reader process stopped unexpectedly") from None

    async def start(self) -> None:
        """Wait until the file is known to be readable (its header checked), or raise why not."""
        kind, value = await self._get()
        self._check(kind, value)
        self.bytes_total = value

    def _check(self, kind: str, value: Any) -> None:
        if kind == "refused":
            template, params = value
            self._done = True
            raise ImportRefused(template, **params)
        if kind == "error":
            self._done = True
            raise RuntimeError(f"the import's reader failed: {value}")

    async def next(self) -> Batch | None:
        """Return the next batch from the worker."""
        if self._done:
            return None
        kind, value = await self._get()
        self._check(kind, value)
        if kind == "end":
            self._done = True
            self.rows_read = value
            return None
        batch: Batch = value
        self.rows_read = batch.rows_read
        return batch

    async def close(self) -> None:
        """Stop the worker (it may be blocked on a full queue) and wait for it."""
        if self._process.is_alive():
            self._process.terminate()
        await asyncio.get_running_loop().run_in_executor(None, self._process.join, 5)
        with contextlib.suppress(Exception):
            self._queue.close()


async def open_batches(source: IO[bytes], mapping: Mapping | None, lists: CodeLists, latest: str,
                       batch_size: int) -> Batches:
    """Return the batches of a file: from a worker process for a large file on disk, else from a thread."""
    path = getattr(source, "name", None)
    size = os.fstat(source.fileno()).st_size if isinstance(path, str) and _is_file(source) else 0
    if isinstance(path, str) and size >= PROCESS_THRESHOLD_BYTES:
        batches = ProcessBatches(path, mapping, lists, latest, batch_size)
        try:
            await batches.start()
        except BaseException:
            await batches.close()
            raise
        return batches
    reader = await asyncio.get_running_loop().run_in_executor(None, CaseReader, source, mapping)
    return ThreadBatches(reader, lists, latest, batch_size)


def _is_file(source: IO[bytes]) -> bool:
    try:
        source.fileno()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False
    return True
