"""The injected clock: services never call ``datetime.now`` or ``time.monotonic`` themselves."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

from protocol.timefmt import to_iso


class Clock(Protocol):
    """Wall time (UTC, aware) and a monotonic counter."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware in UTC."""
        ...

    def monotonic(self) -> float:
        """Return seconds from an arbitrary origin that never goes backwards."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current UTC time."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Return ``time.monotonic()``."""
        return time.monotonic()


def now_iso(clock: Clock) -> str:
    """Return the clock's current time in the store's ISO format."""
    return to_iso(clock.now())
