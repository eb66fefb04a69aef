"""Several nodes in one process, each a real app on its own loopback port with its own data directory.

Replication is driven by explicit ``sync_once()`` calls, never by sleeps; the clock is shared and fake.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from node.app import create_app
from node.appkeys import SERVICES
from node.config import Config
from node.exchange.discovery import Discovery
from node.runtime import Services
from node.services.actor import Actor
from node.services.permissions import Role
from node.tls import ensure_certificate, server_context
from tests.conftest import FakeClock, make_node
from tests.node.seizures.conftest import CASE

ADMIN = Actor(user_id=1, username="admin", role=Role.ADMINISTRATOR, ip="127.0.0.1")
# A node advertising this address only pulls: its peers' notifications fail (nothing listens on the discard
# port), so no background round races with the test's explicit ``sync`` calls.
PULL_ONLY = "http://127.0.0.1:9"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Node:
    """One running node of the test network."""

    name: str
    client: TestClient
    data_dir: Path

    @property
    def services(self) -> Services:
        return self.client.app[SERVICES]

    @property
    def url(self) -> str:
        return f"{self.client.server.scheme}://127.0.0.1:{self.client.server.port}"

    def card(self) -> bytes:
        import json

        return json.dumps(self.services.identity.card().to_json()).encode()

    async def sync(self, peer: Node | None = None) -> list[Any]:
        peer_id = await self.peer_id(peer) if peer is not None else None
        return await self.services.exchange.sync.sync_once(peer_id)

    async def peer_id(self, other: Node) -> int:
        owner = other.services.exchange.state.owner  # stable across the other node's key rotations
        for status in await self.services.exchange.peers.statuses(ADMIN):
            if status.peer.owner == owner:
                return status.peer.id
        raise AssertionError(f"{other.name} is not a peer of {self.name}")

    async def new_case(self, **changes: Any) -> str:
        case = await self.services.seizures.create(ADMIN, {**CASE, **changes})
        return case.uuid

    async def stop(self) -> None:
        """Stop the node (its lifespan closes the store); the data directory stays."""
        await self.client.close()

    async def held(self, record_id: bytes) -> Any:
        from store import records

        return await self.services.runner.read(records.get_record, record_id)


NodeFactory = Callable[..., Coroutine[Any, Any, Node]]
HostileFactory = Callable[..., Coroutine[Any, Any, Any]]  # starts a tests.node.exchange.hostile.HostilePeer


@pytest.fixture
async def network(tmp_path: Path, clock: FakeClock) -> AsyncIterator[NodeFactory]:
    """Start nodes on demand; all are stopped at the end of the test."""
    clients: list[TestClient] = []

    async def start(name: str, *, country: str = "NA", role: str = "national", own_clock: FakeClock | None = None,
                    public_url: str = "", data_dir: Path | None = None, port: int | None = None,
                    discovery: Discovery | None = None, tls: bool = False) -> Node:
        """Start a node: ``own_clock`` gives it a clock of its own, ``public_url`` another advertised address,
        ``data_dir`` an existing data directory (e.g. a restored backup) instead of a new one, ``port`` the
        port of a node stopped before (so that its peers find it at the same address), ``tls`` HTTPS with the
        node's self-signed certificate, whose SHA-256 its card carries."""
        node_clock = own_clock or clock
        if data_dir is None:
            data_dir = make_node(tmp_path / name, node_clock, name=f"{name} customs", country=country,
                                 role=role).config.data_dir
        port = port or free_port()
        scheme = "https" if tls else "http"
        config = Config(data_dir=data_dir, host="127.0.0.1", port=port, tls="on" if tls else "off",
                        public_url=public_url or f"{scheme}://127.0.0.1:{port}")
        context = None
        if tls:  # made before the app opens, which then finds it and puts its pin in the card
            cert, key = await asyncio.to_thread(ensure_certificate, config.key_path.parent, common_name=name,
                                                host="127.0.0.1", now=node_clock.now())
            context = server_context(cert, key)
        server = TestServer(create_app(config, clock=node_clock, discovery=discovery), port=port)
        await server.start_server(ssl=context)
        client = TestClient(server)
        clients.append(client)
        return Node(name, client, data_dir)

    yield start
    for client in clients:
        await client.close()


async def pair(a: Node, b: Node) -> None:
    """Pair two nodes both ways, each administrator confirming the other's fingerprint."""
    for this, other in ((a, b), (b, a)):
        peer = await this.services.exchange.peers.add_card(ADMIN, other.card())
        await this.services.exchange.peers.confirm(ADMIN, peer.id, other.services.identity.fingerprint)


@pytest.fixture
async def hostile(clock: FakeClock) -> AsyncIterator[HostileFactory]:
    """Start hostile peers (tests/node/exchange/hostile.py) on demand; all are stopped at the end of the test."""
    from tests.node.exchange.hostile import HostilePeer

    peers: list[HostilePeer] = []

    async def start(**options: Any) -> HostilePeer:
        peer = await HostilePeer(clock, **options).start()
        peers.append(peer)
        return peer

    yield start
    for peer in peers:
        await peer.close()
