"""Identifiers for new local records: version 7 UUIDs (RFC 9562), which sort in the order they were made.

A random (version 4) identifier lands anywhere in its table's unique index, so a bulk import of a million
cases touches a different index page for nearly every row, and each of those pages is written again at the
commit. Identifiers that grow with time are added at the end of the index instead. They reveal when a record
was created, to the millisecond, to the partners a record is shared with (docs/threat-model.md).
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last = [0, 0]  # the last (milliseconds, counter) handed out: identifiers made in one millisecond still increase


def new_uuid() -> uuid.UUID:
    """Return a new version 7 UUID: 48 bits of Unix time in milliseconds, a 12-bit counter, 62 random bits."""
    now = time.time_ns() // 1_000_000
    with _lock:
        if now <= _last[0]:
            now, counter = _last[0], _last[1] + 1
            if counter > 0xFFF:  # more than 4,096 in one millisecond: borrow the next one
                now, counter = now + 1, 0
        else:
            counter = 0
        _last[0], _last[1] = now, counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (now & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    return uuid.UUID(int=value)
