"""What the failure-mode tests share: issuing many records, reading a node's exchange tables, pairing a fake."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgpack
from sqlite_utils import Database
from yarl import URL

from crypto import SigningKey, sign
from node.clock import now_iso
from node.exchange import outbox
from protocol.audience import Audience, Handling
from protocol.envelope import Record
from protocol.recordtypes import RecordType
from protocol.requests import sign_request
from protocol.sync import CONTENT_TYPE, ErrorBody
from tests.node.exchange.conftest import ADMIN, Node
from tests.node.exchange.hostile import BODY, HostilePeer


def flip(data: bytes, index: int) -> bytes:
    """Return ``data`` with one bit of one byte changed."""
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


def resigned(key: SigningKey, envelope: bytes) -> bytes:
    """Return a wire record for these envelope bytes, properly signed by ``key`` (a canonical outer array)."""
    wire: bytes = msgpack.packb([1, envelope, sign(key, "record", envelope)], use_bin_type=True)
    return wire


async def issue_many(node: Node, n: int, audience: Sequence[bytes], *, body: dict[str, Any] | None = None,
                     handling: Handling = Handling.AMBER) -> list[Record]:
    """Sign and store ``n`` seizure records of ``node`` for ``audience``, in one transaction on its writer."""
    state = node.services.exchange.state

    def issue(db: Database) -> list[Record]:
        return [outbox.issue(db, state.identity.key, state.owner, now_iso(state.clock), record_type=RecordType.SEIZURE,
                             record_id=uuid.uuid4(), body={**BODY, **(body or {})}, audience=Audience.of(audience),
                             handling=handling)
                for _ in range(n)]

    return await node.services.runner.write(issue)


async def tombstone(node: Node, record: Record) -> Record:
    """Delete one of the node's records everywhere it went (without notifying anyone)."""
    state = node.services.exchange.state

    def issue(db: Database) -> Record:
        issued = outbox.tombstone(db, state.identity.key, state.owner, now_iso(state.clock), record_id=record.record_id,
                                  audience=record.audience, handling=record.handling, scope=record.scope)
        assert issued is not None
        return issued

    return await node.services.runner.write(issue)


async def query(node: Node, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Run a read-only query on a node's database."""
    return await node.services.runner.read(lambda db: db.conn.execute(sql, params).fetchall())


async def count(node: Node, table: str) -> int:
    return (await query(node, f"SELECT count(*) FROM {table}"))[0][0]  # noqa: S608 - test tables only


async def refusals(node: Node) -> list[str]:
    """Return the reasons of the records a node refused, oldest first."""
    return [row[0] for row in await query(node, "SELECT reason FROM refusals ORDER BY id")]


async def evidence(node: Node) -> list[str]:
    """Return the verdicts kept as evidence, oldest first."""
    return [row[0] for row in await query(node, "SELECT verdict FROM evidence ORDER BY id")]


@dataclass(frozen=True)
class Snapshot:
    """What a node holds of the exchange, to compare before and after something that must change nothing."""

    records: frozenset[tuple[bytes, int, bytes]]
    feed: int
    seqs: int
    evidence: int
    quarantine: int
    wanted: int


async def snapshot(node: Node) -> Snapshot:
    records = frozenset(await query(node, "SELECT id, rev, digest FROM records"))
    return Snapshot(records, await count(node, "feed"), await count(node, "record_seqs"), await count(node, "evidence"),
                    await count(node, "quarantine"), await count(node, "wanted_attachments"))


def key_of(node: Node) -> bytes:
    return node.services.identity.key.public.raw


async def trust(node: Node, peer: HostilePeer) -> int:
    """Pair a node with a hostile peer (its administrator confirms the fingerprint); return the peer id."""
    row = await node.services.exchange.peers.add_card(ADMIN, peer.card())
    await node.services.exchange.peers.confirm(ADMIN, row.id, peer.fingerprint)
    return row.id


async def sync_with(node: Node, peer_id: int) -> Any:
    """Run one sync round with one peer and return its result."""
    (result,) = await node.services.exchange.sync.sync_once(peer_id)
    return result


@dataclass(frozen=True)
class Answer:
    """A node's answer to a raw Icomm request."""

    status: int
    body: bytes
    headers: dict[str, str]

    @property
    def reason(self) -> str:
        return ErrorBody.from_bytes(self.body).reason if self.status >= 400 else ""

    @property
    def error(self) -> ErrorBody:
        return ErrorBody.from_bytes(self.body)


def signed(key: SigningKey, to: Node, method: str, target: str, body: bytes = b"", *, now: datetime,
           validity: int = 300) -> dict[str, str]:
    """Return the headers of a request signed by ``key`` for node ``to``."""
    return sign_request(key, method=method, target=target, body=body, destination=to.services.identity.fingerprint,
                        now=now, validity=validity)


async def send(node: Node, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> Answer:
    """Send a request to a node exactly as given (the target is not re-encoded)."""
    url = URL(node.url + target, encoded=True)
    all_headers = {**headers, **({"Content-Type": CONTENT_TYPE} if body else {})}
    async with node.client.session.request(method, url, data=body or None, headers=all_headers) as response:
        return Answer(response.status, await response.read(), dict(response.headers))
