"""Checking received records' signatures in a worker process, so that a second core shares a long pull.

Ed25519 in ``cryptography`` holds the GIL: threads do not share the work out. While a backlog is pulled, one
worker process checks each page's signatures and this process meanwhile parses the records, checks their
bodies and applies the previous page. The worker only says whether each (key, envelope, signature) verifies
under the context ``record``; every decision stays in ``protocol.envelope.open_records``. With one core, until
the worker is up, or if it dies, signatures are checked in the calling thread.

The worker is ``python -m node.exchange.signatures``, fed batches on its standard input and answering on its
standard output (msgpack frames, each preceded by its length). Unlike a multiprocessing pool it imports only
what it needs (not the program's main module again), and it ends by itself when its parent goes, even when the
parent was killed outright: its input closes.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import msgpack  # type: ignore[import-untyped, unused-ignore]  # msgpack ships no type information

from crypto import VerifyKey
from protocol.envelope import SignedEnvelope, check_signatures_here

log = logging.getLogger(__name__)

_LENGTH = struct.Struct(">I")
_READY = "ready"


def spare_core() -> bool:
    """Tell whether this process may run on more than one core."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # not on Linux
        return (os.cpu_count() or 1) > 1


class SignatureWorker:
    """One worker process checking signatures, started for long pulls and stopped when the last one ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # check() runs on executor threads, the rest on the event loop
        self._users = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._io: ThreadPoolExecutor | None = None  # one thread: one batch at a time on the pipes
        self._ready: Future[Any] | None = None

    def start(self) -> None:
        """Start the worker for one more pull when a second core is there (until it is up, checks run here)."""
        with self._lock:
            self._users += 1
            if self._process is not None or not spare_core():
                return
            # The child finds ncen where this process found it, whatever the working directory.
            home = str(Path(__file__).resolve().parents[2])
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [home, os.environ.get("PYTHONPATH")]))}
            try:
                process = subprocess.Popen([sys.executable, "-m", "node.exchange.signatures"], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, env=env)
            except OSError:
                log.warning("no signature worker could be started: signatures are checked in this process",
                            exc_info=True)
                return
            assert process.stdout is not None
            self._process = process
            self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ncen-signature-worker")
            self._ready = self._io.submit(_receive, process.stdout)

    def stop(self) -> None:
        """End one pull's use of the worker; stop it after the last (blocking: call it in an executor)."""
        with self._lock:
            self._users = max(0, self._users - 1)
            taken = self._take() if self._users == 0 else None
        _end(taken)

    def close(self) -> None:
        """Stop the worker, if any (blocking: call it in an executor)."""
        with self._lock:
            taken = self._take()
        _end(taken)

    def check(self, batch: Sequence[SignedEnvelope]) -> Callable[[], Sequence[bool]]:
        """Start checking a batch of record signatures; return how to wait for the verdicts (a ``SignatureCheck``)."""
        with self._lock:
            process, io, ready = self._process, self._io, self._ready
        if process is None or io is None or ready is None or not ready.done() or ready.exception() is not None:
            return check_signatures_here(batch)
        raw = [(key.raw, envelope, signature) for key, envelope, signature in batch]
        try:
            answer = io.submit(_ask, process, raw)
        except RuntimeError:  # being stopped
            return check_signatures_here(batch)

        def wait() -> Sequence[bool]:
            try:
                verdicts: list[bool] = answer.result()
            except (OSError, ValueError, EOFError, CancelledError) as exc:  # CancelledError: it is being stopped
                log.warning("the signature worker stopped (%s): signatures are checked in this process", exc)
                self._forget(process)
                return check_signatures_here(batch)()
            return verdicts

        return wait

    def _take(self) -> tuple[subprocess.Popen[bytes], ThreadPoolExecutor] | None:
        process, io = self._process, self._io
        self._process, self._io, self._ready = None, None, None
        return (process, io) if process is not None and io is not None else None

    def _forget(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            taken = self._take() if self._process is process else None
        _end(taken)


def _end(taken: tuple[subprocess.Popen[bytes], ThreadPoolExecutor] | None) -> None:
    """Close the worker's input (it then exits) and wait for it."""
    if taken is None:
        return
    process, io = taken
    if process.stdin is not None:
        with contextlib.suppress(OSError):  # a worker that died leaves a broken pipe
            process.stdin.close()
    io.shutdown(wait=True, cancel_futures=True)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _ask(process: subprocess.Popen[bytes], batch: list[tuple[bytes, bytes, bytes]]) -> list[bool]:
    assert process.stdin is not None
    assert process.stdout is not None
    _send(process.stdin, batch)
    verdicts = _receive(process.stdout)
    if not isinstance(verdicts, list) or len(verdicts) != len(batch):
        raise ValueError("the signature worker answered something else than one verdict per signature")
    return verdicts


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


def verify_signatures(batch: Sequence[Sequence[bytes]]) -> list[bool]:
    """Tell, for each (raw public key, envelope, signature), whether it is the key's record signature.

    The keys are trusted keys of the parent's keyring; each is checked again here, once.
    """
    return list(check_signatures_here([(_key(raw), envelope, signature) for raw, envelope, signature in batch])())


@functools.lru_cache(maxsize=64)
def _key(raw: bytes) -> VerifyKey:
    return VerifyKey(raw)  # checking that a key is a safe point costs a millisecond or two: once per key


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Answer batches until the parent closes the pipe (or goes away)."""
    _send(answers, _READY)
    while True:
        try:
            batch = _receive(requests)
        except EOFError:
            return
        _send(answers, verify_signatures(batch))


if __name__ == "__main__":
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except (BrokenPipeError, KeyboardInterrupt):  # the parent went away, or the terminal interrupts it too
        os._exit(1)  # nothing left to flush to
