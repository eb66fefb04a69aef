"""Discovery on the local network (zeroconf, here on loopback): nodes see each other as candidates, and seeing
a candidate never makes it a peer."""

from __future__ import annotations

import asyncio

from node.exchange.discovery import Candidate, ZeroconfDiscovery
from tests.node.exchange.conftest import Node, NodeFactory
from tests.node.exchange.helpers import count

DEADLINE = 15.0


async def seen(node: Node, other: Node) -> Candidate:
    """Wait until ``node`` lists ``other`` as a candidate (mDNS answers take a moment), or fail."""
    fingerprint = other.services.identity.fingerprint
    loop = asyncio.get_running_loop()
    until = loop.time() + DEADLINE
    while loop.time() < until:
        for candidate in node.services.exchange.discovery.candidates():
            if candidate.fingerprint == fingerprint:
                return candidate
        await asyncio.sleep(0.1)
    raise AssertionError(f"{node.name} did not see {other.name} within {DEADLINE} s")


async def test_two_nodes_see_each_other_as_candidates_and_trust_nothing(network: NodeFactory) -> None:
    a = await network("alpha", discovery=ZeroconfDiscovery(interfaces=["127.0.0.1"]))
    b = await network("bravo", country="ZA", discovery=ZeroconfDiscovery(interfaces=["127.0.0.1"]))
    seen_by_a, seen_by_b = await asyncio.gather(seen(a, b), seen(b, a))
    assert (seen_by_a.name, seen_by_a.country, seen_by_a.role, seen_by_a.url) == ("bravo customs", "ZA", "national",
                                                                                  b.url)
    assert seen_by_b.name == "alpha customs" and seen_by_b.url == a.url
    assert all(c.fingerprint != a.services.identity.fingerprint for c in a.services.exchange.discovery.candidates())

    # Seen is not trusted: no peer row, no key in the keyring, and a pull has nobody to pull from.
    for node, other in ((a, b), (b, a)):
        assert await count(node, "peers") == 0 and await count(node, "peer_keys") == 0
        assert node.services.exchange.state.keyring.known(other.services.identity.key.public.raw) is None
        assert await node.services.exchange.sync.sync_once() == []
