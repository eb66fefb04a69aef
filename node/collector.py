"""Bulk writes defer Python's cycle collector, which otherwise walks their data again and again.

An import or a long pull builds thousands of short-lived objects per batch (rows, bodies, match facts), none of
them in a reference cycle: reference counting frees them as soon as a batch is written. While a batch is being
built, though, every few hundred allocations start a collection that walks it once more, which cost a tenth to
a fifth of the CPU time of a bulk write. During one, the collector is paused and run explicitly every ``every``
steps (over the objects made since, which is cheap), so that cycles made meanwhile elsewhere in the process are
still collected; it is switched back on when the last bulk write ends, whatever way it ends.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator

_lock = threading.Lock()
_state = {"paused": 0, "was_enabled": True}


@contextlib.contextmanager
def collector_deferred(every: int) -> Iterator[Callable[[], None]]:
    """Pause automatic cycle collection for the block; the yielded ``step()`` collects every ``every`` calls."""
    with _lock:
        if _state["paused"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["paused"] += 1
    steps = 0

    def step() -> None:
        nonlocal steps
        steps += 1
        if steps % every == 0:
            gc.collect(1)  # the young generations: everything made since the pause, or since the last step

    try:
        yield step
    finally:
        with _lock:
            _state["paused"] -= 1
            if _state["paused"] == 0 and _state["was_enabled"]:
                gc.enable()
