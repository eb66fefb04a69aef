"""Examining received records in worker processes, so that every core shares a long pull.

Parsing a record canonically, checking its Ed25519 signature and its body are pure CPU work on the interpreter
lock (``cryptography`` holds it too): threads do not share it out. While a backlog is pulled, worker processes
examine each page (``protocol.envelope.examine``: parse, signature under the origin's key if the parent trusts
it, then scope and body) and this process meanwhile stores the previous page. A worker only reports what it
found; every decision stays in ``protocol.envelope.open_records``, taken here from those findings with the
keys and cut-offs trusted now. With one core, until the workers are up, or if one dies, records are examined
in the calling thread.

A worker is ``python -m node.exchange.examiners``, fed batches on its standard input and answering on its
standard output (msgpack frames, each preceded by its length). Unlike a multiprocessing pool it imports only
what it needs (not the program's main module again), and it ends by itself when its parent goes, even when the
parent was killed outright: its input closes. Workers check bodies with ``protocol.records.record_bodies()``,
the rules the node itself applies. They run at a lower priority than the node, so that a long catch-up does not
slow its web interface down.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import msgpack  # type: ignore[import-untyped, unused-ignore]  # msgpack ships no type information

from crypto import InvalidKey, VerifyKey
from protocol.bodies import BodyRegistry
from protocol.envelope import BatchExamine, Examined, examine, examine_here
from protocol.records import record_bodies

log = logging.getLogger(__name__)

_LENGTH = struct.Struct(">I")
_READY = "ready"
MAX_WORKERS = 4
CHUNK_RECORDS = 50  # records per request to a worker: small enough to share a page out evenly
EXAMINER_NICENESS = 5  # on a busy machine the node itself (its web pages, its requests) comes first


def usable_cores() -> int:
    """Return how many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Worker:
    """One worker process, and the one thread that talks to it (one batch at a time on its pipes)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.process = process
        self.io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ncen-examiner")
        self.ready: Future[Any] = self.io.submit(_receive, process.stdout)

    def usable(self) -> bool:
        return self.ready.done() and self.ready.exception() is None

    def end(self) -> None:
        """Close the worker's input (it then exits) and wait for it."""
        process = self.process
        if process.stdin is not None:
            with contextlib.suppress(OSError):  # a worker that died leaves a broken pipe
                process.stdin.close()
        self.io.shutdown(wait=True, cancel_futures=True)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


class ExaminerPool:
    """Worker processes examining records, started for long pulls and stopped when the last one ends.

    One worker per usable core (at most ``MAX_WORKERS``) when there is more than one: a page is cut into chunks
    that they take in turn while this process stores the page before, and the kernel shares the cores out among
    all of them.
    """

    def __init__(self, workers: int | None = None) -> None:
        self._lock = threading.Lock()  # examine() runs on executor threads, the rest on the event loop
        self._users = 0
        self._wanted = workers
        self._workers: list[_Worker] = []

    def start(self) -> None:
        """Start the workers for one more pull when there is a second core (until they are up, work stays here)."""
        with self._lock:
            self._users += 1
            if self._workers:
                return
            cores = usable_cores()
            count = self._wanted if self._wanted is not None else (min(cores, MAX_WORKERS) if cores > 1 else 0)
            # The child finds ncen where this process found it, whatever the working directory.
            home = str(Path(__file__).resolve().parents[2])
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [home, os.environ.get("PYTHONPATH")]))}
            for _ in range(count):
                try:
                    process = subprocess.Popen([sys.executable, "-m", "node.exchange.examiners"],
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
                except OSError:
                    log.warning("no examiner process could be started: records are examined in this process",
                                exc_info=True)
                    break
                self._workers.append(_Worker(process))

    def stop(self) -> None:
        """End one pull's use of the workers; stop them after the last (blocking: call it in an executor)."""
        with self._lock:
            self._users = max(0, self._users - 1)
            taken = self._take() if self._users == 0 else []
        for worker in taken:
            worker.end()

    def close(self) -> None:
        """Stop the workers, if any (blocking: call it in an executor)."""
        with self._lock:
            taken = self._take()
        for worker in taken:
            worker.end()

    def examiner(self, keys: Mapping[bytes, VerifyKey], *, bodies: BodyRegistry,
                 non_nominal_only: bool) -> BatchExamine:
        """Return a ``BatchExamine`` checking signatures under ``keys`` (those the caller trusts now).

        ``bodies`` are the rules used when records are examined in this process; the workers apply
        ``record_bodies()``, and so must the caller.
        """
        raw_keys = sorted(keys)
        here = examine_here(keys.get, bodies=bodies, non_nominal_only=non_nominal_only)

        def start(wires: Sequence[bytes]) -> Callable[[], Sequence[Examined]]:
            with self._lock:
                workers = [worker for worker in self._workers if worker.usable()]
            if not workers or not wires:
                return here(wires)
            batch = _Batch([non_nominal_only, raw_keys], wires)
            drains = []
            for worker in workers:
                try:
                    drains.append((worker, worker.io.submit(batch.drain, worker.process)))
                except RuntimeError:  # being stopped
                    continue

            def wait() -> Sequence[Examined]:
                for worker, drain in drains:
                    try:
                        drain.result()
                    except (OSError, ValueError, EOFError, CancelledError) as exc:  # Cancelled: being stopped
                        log.warning("an examiner process stopped (%s): its records are examined in this process",
                                    exc)
                        self._forget(worker)
                return batch.results(here)

            return wait

        return start

    def _take(self) -> list[_Worker]:
        taken, self._workers = self._workers, []
        return taken

    def _forget(self, worker: _Worker) -> None:
        with self._lock:
            if worker not in self._workers:
                return
            self._workers.remove(worker)
        worker.end()


class _Batch:
    """A batch cut into chunks that the workers take one after the other, so that none waits while work is left."""

    def __init__(self, head: list[Any], wires: Sequence[bytes]) -> None:
        self._head = head  # [non_nominal_only, raw keys]
        self._chunks = [list(wires[at:at + CHUNK_RECORDS]) for at in range(0, len(wires), CHUNK_RECORDS)]
        self._found: list[list[Examined] | None] = [None] * len(self._chunks)
        self._todo: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in range(len(self._chunks)):
            self._todo.put(index)

    def drain(self, process: subprocess.Popen[bytes]) -> None:
        """Have one worker examine chunks until none is left (on its I/O thread; raises when the worker fails)."""
        while True:
            try:
                index = self._todo.get_nowait()
            except queue.Empty:
                return
            self._found[index] = _ask(process, [*self._head, self._chunks[index]])

    def results(self, here: BatchExamine) -> list[Examined]:
        """Return the findings in order, examining here any chunk that a failed worker left."""
        results: list[Examined] = []
        for chunk, found in zip(self._chunks, self._found, strict=True):
            results += found if found is not None else here(chunk)()
        return results


def _ask(process: subprocess.Popen[bytes], request: list[Any]) -> list[Examined]:
    assert process.stdin is not None
    assert process.stdout is not None
    _send(process.stdin, request)
    answers = _receive(process.stdout)
    if not isinstance(answers, list) or len(answers) != len(request[2]):
        raise ValueError("an examiner process answered something else than one finding per record")
    return [Examined.from_plain(answer, wire) for answer, wire in zip(answers, request[2], strict=True)]


def _send(stream: IO[bytes], value: object) -> None:
    data = msgpack.packb(value, use_bin_type=True)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_LENGTH.size)
    if not header:
        raise EOFError("the other end closed the pipe")
    data = stream.read(_LENGTH.unpack(header)[0])
    return msgpack.unpackb(data, raw=False)


# -- the worker's side -------------------------------------------------------------------------------------------

_BODIES = record_bodies()


@functools.lru_cache(maxsize=16)
def _keys(raw_keys: tuple[bytes, ...]) -> dict[bytes, VerifyKey]:
    # Checking that a key is a safe point costs a millisecond or two: once per set of keys. They are the
    # parent's trusted keys, checked when trusted; one that fails here is simply not used.
    keys = {}
    for raw in raw_keys:
        with contextlib.suppress(InvalidKey):
            keys[raw] = VerifyKey(raw)
    return keys


def examine_batch(request: Sequence[Any]) -> list[list[Any]]:
    """Examine a batch [non_nominal_only, raw keys trusted by the parent, wires]; return a finding per wire."""
    non_nominal_only, raw_keys, wires = request
    key_for = _keys(tuple(raw_keys)).get
    return [examine(wire, key_for, bodies=_BODIES, non_nominal_only=bool(non_nominal_only)).to_plain()
            for wire in wires]


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Answer batches until the parent closes the pipe (or goes away)."""
    _send(answers, _READY)
    while True:
        try:
            request = _receive(requests)
        except EOFError:
            return
        _send(answers, examine_batch(request))


if __name__ == "__main__":
    with contextlib.suppress(OSError, AttributeError):  # not on every system
        os.nice(EXAMINER_NICENESS)
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the parent went away, or the terminal interrupts it too
        os._exit(1)  # nothing left to flush to
