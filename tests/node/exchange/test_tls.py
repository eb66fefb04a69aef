"""Transport between machines: HTTPS with the node's self-signed certificate, pinned by the SHA-256 in its card;
a wrong pin is refused before anything is sent, and plain HTTP is refused beyond loopback."""

from __future__ import annotations

import asyncio
import hashlib
import json
import ssl

import pytest

from crypto import SigningKey
from node.exchange.client import PeerAddress, PeerClient, PeerUnreachable
from store import peers as peers_repo
from tests.conftest import FakeClock
from tests.node.exchange.conftest import ADMIN, PULL_ONLY, Node, NodeFactory, pair
from tests.node.exchange.helpers import count, issue_many, key_of, sync_with


async def served_certificate(node: Node) -> bytes:
    """Return the DER certificate a node presents (read without validating it: it is self-signed)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    _, writer = await asyncio.open_connection("127.0.0.1", node.client.server.port, ssl=context)
    try:
        der: bytes = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
        return der
    finally:
        writer.close()


async def test_a_node_served_over_tls_is_reached_with_its_pinned_certificate(network: NodeFactory) -> None:
    a = await network("alpha", tls=True)
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    card = json.loads(a.card())
    assert card["url"].startswith("https://")
    assert card["tls_sha256"] == hashlib.sha256(await served_certificate(a)).hexdigest()
    await pair(a, b)
    records = await issue_many(a, 3, [key_of(b)])
    result = await sync_with(b, await b.peer_id(a))
    assert result.ok and result.applied == 3, result
    assert {(await b.held(r.record_id.bytes)).wire for r in records} == {r.wire for r in records}


async def test_a_wrong_pin_is_refused_and_nothing_is_exchanged(network: NodeFactory) -> None:
    a = await network("alpha", tls=True)
    b = await network("bravo", country="ZA", public_url=PULL_ONLY)
    await pair(a, b)
    await issue_many(a, 2, [key_of(b)])
    peer_id = await b.peer_id(a)
    wrong = hashlib.sha256(b"another certificate").hexdigest()  # as if someone else answered at that address
    await b.services.runner.write(peers_repo.update_peer, peer_id, tls_sha256=wrong)
    result = await sync_with(b, peer_id)
    assert not result.ok and "Fingerprint" in result.error, result
    assert await count(b, "records") == 0 and await count(a, "nonces") == 0  # not even the hello got through
    peer = await b.services.runner.read(peers_repo.get_peer, peer_id)
    assert peer.tls_sha256 == wrong and peer.failures == 1


async def test_plain_http_beyond_loopback_and_https_without_a_pin_are_refused(network: NodeFactory,
                                                                              clock: FakeClock) -> None:
    b = await network("bravo", country="ZA")
    key = SigningKey.generate()
    session = b.client.session
    for url, pin, problem in (("http://192.0.2.10:8080", "", "plain HTTP is allowed only on loopback"),
                              ("http://ncen.example.org", "", "plain HTTP is allowed only on loopback"),
                              ("https://192.0.2.10:8443", "", "no TLS certificate fingerprint"),
                              ("ftp://127.0.0.1", "", "plain HTTP is allowed only on loopback")):
        with pytest.raises(PeerUnreachable, match=problem):
            PeerClient(session, key, clock, PeerAddress(url, key.public.fingerprint, pin))
    # Loopback is the exception (tests, a hub sharing a host).
    assert PeerClient(session, key, clock, PeerAddress("http://127.0.0.1:1", key.public.fingerprint, ""))

    # A peer whose card names a plain-HTTP address on the network is paired, but never called.
    card = {"ncen_card": 1, "name": "Far Customs", "country": "KE", "role": "national", "url": "http://192.0.2.10:8080",
            "public_key": key.public.hex}
    row = await b.services.exchange.peers.add_card(ADMIN, json.dumps(card).encode())
    await b.services.exchange.peers.confirm(ADMIN, row.id, key.public.fingerprint)
    result = await sync_with(b, row.id)
    assert not result.ok and "plain HTTP is allowed only on loopback" in result.error
