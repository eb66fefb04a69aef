"""Finding other nodes on the local network (zeroconf service ``_ncen._tcp``): candidates, never trusted.

Discovery only says where a node might be and what it calls itself; an administrator still imports its
card and confirms the fingerprint out of band before anything is exchanged (docs/protocol.md section 3).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from dataclasses import dataclass
from typing import Protocol

from zeroconf import IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

log = logging.getLogger(__name__)

SERVICE = "_ncen._tcp.local."


@dataclass(frozen=True, slots=True)
class Candidate:
    """A node seen on the network: what it announces, unverified."""

    name: str
    fingerprint: str
    country: str
    role: str
    url: str


class Discovery(Protocol):
    """Announces this node and lists the others seen."""

    async def start(self, me: Candidate, port: int) -> None:
        """Begin announcing and listening."""
        ...

    async def stop(self) -> None:
        """Stop announcing and listening."""
        ...

    def candidates(self) -> list[Candidate]:
        """Return the nodes seen, this one excluded."""
        ...


class StaticDiscovery:
    """A fixed list (tests, or a network without multicast)."""

    def __init__(self, candidates: list[Candidate] | None = None) -> None:
        self._candidates = list(candidates or [])
        self._me: Candidate | None = None

    async def start(self, me: Candidate, port: int) -> None:
        """Remember who we are."""
        self._me = me

    async def stop(self) -> None:
        """Nothing to stop."""

    def candidates(self) -> list[Candidate]:
        """Return the fixed list."""
        return [c for c in self._candidates if self._me is None or c.fingerprint != self._me.fingerprint]


def _text(properties: dict[bytes, bytes | None], key: str) -> str:
    value = properties.get(key.encode())
    return value.decode("utf-8", "replace")[:200] if value else ""


class ZeroconfDiscovery:
    """Announces this node by mDNS and browses for the others."""

    def __init__(self, interfaces: list[str] | None = None) -> None:
        self._interfaces = interfaces
        self._zeroconf: AsyncZeroconf | None = None
        self._browser: AsyncServiceBrowser | None = None
        self._info: AsyncServiceInfo | None = None
        self._me: Candidate | None = None
        self._seen: dict[str, Candidate] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self, me: Candidate, port: int) -> None:
        """Register this node's service and start browsing."""
        self._me = me
        kwargs = {"interfaces": self._interfaces} if self._interfaces else {}
        self._zeroconf = AsyncZeroconf(ip_version=IPVersion.V4Only, **kwargs)  # type: ignore[arg-type]
        addresses = [socket.inet_aton(a) for a in (self._interfaces or []) if a.count(".") == 3]
        name = f"{me.fingerprint}.{SERVICE}"
        self._info = AsyncServiceInfo(
            SERVICE, name, port=port, addresses=addresses or None,
            properties={"fp": me.fingerprint, "name": me.name[:100], "country": me.country, "role": me.role,
                        "url": me.url[:200]})
        try:
            await self._zeroconf.async_register_service(self._info)
        except Exception:  # a network that refuses multicast must not stop the node
            log.warning("cannot announce this node on the local network", exc_info=True)
        self._browser = AsyncServiceBrowser(self._zeroconf.zeroconf, SERVICE, handlers=[self._changed])

    def _changed(self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange) -> None:
        if state_change is ServiceStateChange.Removed:
            self._seen.pop(name, None)
            return
        task = asyncio.get_running_loop().create_task(self._resolve(zeroconf, service_type, name))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _resolve(self, zeroconf: Zeroconf, service_type: str, name: str) -> None:
        info = AsyncServiceInfo(service_type, name)
        if not await info.async_request(zeroconf, 3000):
            return
        props = info.properties or {}
        candidate = Candidate(name=_text(props, "name"), fingerprint=_text(props, "fp"),
                              country=_text(props, "country"), role=_text(props, "role"), url=_text(props, "url"))
        if candidate.fingerprint:
            self._seen[name] = candidate

    async def stop(self) -> None:
        """Unregister and close."""
        for task in list(self._tasks):
            task.cancel()
        if self._browser is not None:
            with contextlib.suppress(Exception):
                await self._browser.async_cancel()
        if self._zeroconf is not None:
            with contextlib.suppress(Exception):
                if self._info is not None:
                    await self._zeroconf.async_unregister_service(self._info)
                await self._zeroconf.async_close()
        self._zeroconf = self._browser = None

    def candidates(self) -> list[Candidate]:
        """Return the nodes seen, this one excluded."""
        me = self._me.fingerprint if self._me else ""
        return sorted((c for c in self._seen.values() if c.fingerprint != me), key=lambda c: c.name)
