"""The exchange as the rest of the node sees it: state, pairing, sharing, syncing, serving, the inbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from node.clock import Clock
from node.exchange.discovery import Discovery, StaticDiscovery
from node.exchange.inbox import InboxService
from node.exchange.keys import KeyService
from node.exchange.peers import PeerService
from node.exchange.ratelimit import RateLimiter
from node.exchange.sharing import ShareService
from node.exchange.state import ExchangeState
from node.exchange.sync import SyncService
from node.media.attachments import AttachmentStore
from node.services.identity import IdentityService
from protocol.recordtypes import RecordType
from protocol.sync import Hello
from store import peers as peers_repo
from store.peers import PeerRow
from store.runner import Runner

log = logging.getLogger(__name__)

# Record types this node stores and shows: their body validators must be registered (protocol/records/).
STORED_TYPES = frozenset({RecordType.SEIZURE})


class Exchange:
    """Everything Icomm, built once per node and opened in the node's lifespan."""

    def __init__(self, runner: Runner, clock: Clock, identity: IdentityService, attachments: AttachmentStore, *,
                 sync_interval: float, key_path: Path, passphrase: bytes | None) -> None:
        self.state = ExchangeState(runner, clock, identity)
        missing = STORED_TYPES - self.state.bodies.registered()
        if missing:
            raise RuntimeError(f"no body validator for {sorted(t.value for t in missing)}")
        self.peers = PeerService(self.state)
        self.inbox = InboxService(self.state, clock)
        self.sharing = ShareService(self.state)
        self.keys = KeyService(self.state, key_path, passphrase)
        self.sync = SyncService(self.state, attachments, interval=sync_interval, signing_keys=self.keys.signing_keys,
                                on_received=self.inbox.check_hits)
        self.keys.on_change = self.sync.forget_hellos
        self.limiter = RateLimiter(clock)
        # A request body must arrive within this time: a slow body cannot hold a connection (failure mode 9).
        self.body_timeout = 30.0
        self.discovery: Discovery = StaticDiscovery()  # the node's lifespan sets the real one
        self._tasks: set[asyncio.Task[None]] = set()
        self.sharing.on_published = self._notify_soon

    async def open(self, *, restored: bool = False) -> None:
        """Load the exchange state and open the HTTP client."""
        await asyncio.get_running_loop().run_in_executor(None, self.keys.load)
        await self.state.open(restored=restored)
        await self.sync.start()

    async def close(self) -> None:
        """Stop notifications in flight and close the HTTP client."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.sync.close()

    def _notify_soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # a command-line write: peers will pull on their own schedule
        task = loop.create_task(self.sync.notify_peers(), name="ncen-notify-peers")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def peers_seen_hello(self, peer: PeerRow, hello: Hello) -> None:
        """Update what we know of a peer from its verified hello (name, URL, TLS pin)."""
        card = hello.card
        await self.state.runner.write(peers_repo.update_peer, peer.id, name=card.name, url=card.url,
                                      tls_sha256=card.tls_sha256 or peer.tls_sha256)
