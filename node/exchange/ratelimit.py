"""Slowing down a peer that sends requests faster than a node can usefully answer (failure mode 9)."""

from __future__ import annotations

from node.clock import Clock


class RateLimited(Exception):
    """A peer sends requests faster than allowed."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class RateLimiter:
    """A token bucket per peer key: bursts are fine, floods are slowed down (failure mode 9)."""

    def __init__(self, clock: Clock, rate: float = 20.0, burst: float = 200.0) -> None:
        self._clock = clock
        self._rate, self._burst = rate, burst
        self._buckets: dict[bytes, tuple[float, float]] = {}

    def take(self, key: bytes) -> None:
        """Spend one token or raise ``RateLimited``."""
        now = self._clock.monotonic()
        tokens, last = self._buckets.get(key, (self._burst, now))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        if tokens < 1:
            raise RateLimited(retry_after=max(1, int((1 - tokens) / self._rate) + 1))
        self._buckets[key] = (tokens - 1, now)
