"""What the failure-mode tests share: issuing many records, reading a node's exchange tables, pairing a fake."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from node.clock import now_iso
from node.exchange import outbox
from protocol.audience import Audience, Handling
from protocol.envelope import Record
from protocol.recordtypes import RecordType
from tests.node.exchange.conftest import ADMIN, Node
from tests.node.exchange.hostile import BODY, HostilePeer


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
