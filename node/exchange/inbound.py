"""Taking in records: verify off the event loop, apply a page and its cursor in one transaction, follow up.

After a page that rotated or revoked keys, the keyring is rebuilt and records quarantined for the keys
now trusted are examined again, so a rotation and the records signed by the new key can arrive together.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence

from sqlite_utils import Database

from node.clock import now_iso
from node.exchange.examiners import ExaminerPool
from node.exchange.receive import Checked, PageOutcome, apply_page, verify_all
from node.exchange.state import ExchangeState
from store import peers as peers_repo
from store import records as records_repo

log = logging.getLogger(__name__)

# Called inside the page's transaction, after the records are applied: e.g. to store the peer's new cursor.
PageCommit = Callable[[Database, PageOutcome], None]


async def receive(state: ExchangeState, *, peer_id: int | None, wires: Sequence[bytes],
                  relay_for: Sequence[bytes] = (), commit: PageCommit | None = None) -> PageOutcome:
    """Verify and apply records received from a peer; ``commit`` joins the same transaction."""
    checked = await verify_records(state, wires)
    return await apply_records(state, checked, peer_id=peer_id, relay_for=relay_for, commit=commit)


async def verify_records(state: ExchangeState, wires: Sequence[bytes], *,
                         examiners: ExaminerPool | None = None) -> list[Checked]:
    """Verify records off the event loop, with the keys trusted now (examined by ``examiners`` when given)."""
    keyring = state.keyring
    examine_batch = None if examiners is None else examiners.examiner(
        keyring.verify_keys(), bodies=state.bodies, non_nominal_only=state.is_global)
    work = functools.partial(verify_all, wires, keyring, global_node=state.is_global, bodies=state.bodies,
                             examine_batch=examine_batch)
    return await asyncio.get_running_loop().run_in_executor(None, work)


async def apply_records(state: ExchangeState, checked: Sequence[Checked], *, peer_id: int | None,
                        relay_for: Sequence[bytes] = (), commit: PageCommit | None = None) -> PageOutcome:
    """Apply verified records in one transaction with ``commit``; then follow up any change of trust."""
    keyring = state.keyring

    def write(db: Database) -> PageOutcome:
        outcome = apply_page(db, keyring, peer_id=peer_id, checked=checked, at=now_iso(state.clock),
                             relay_for=relay_for)
        if commit is not None:
            commit(db, outcome)
        return outcome

    outcome = await state.runner.write(write)
    if outcome.rotations:
        await state.reload_keys()
        await reexamine_quarantine(state, relay_for=relay_for)
    return outcome


async def reexamine_quarantine(state: ExchangeState, *, relay_for: Sequence[bytes] = ()) -> int:
    """Apply quarantined records whose keys are trusted now; return how many were taken out of quarantine."""
    taken = 0
    for _ in range(10):  # a rotation found in quarantine may trust yet another key: follow a few steps
        def take(db: Database) -> list[tuple[bytes, int | None]]:
            found = []
            for key in [k for k in records_repo.quarantined_origins(db) if state.keyring.lookup(k) is not None]:
                found += records_repo.take_quarantined(db, key)
            return found

        items = await state.runner.write(take)
        if not items:
            break
        taken += len(items)
        by_peer: dict[int | None, list[bytes]] = {}
        for wire, peer_id in items:
            by_peer.setdefault(peer_id, []).append(wire)
        rotations = 0
        for peer_id, wires in by_peer.items():
            outcome = await receive(state, peer_id=peer_id, wires=wires, relay_for=relay_for)
            rotations += outcome.rotations
        if not rotations:
            break
    if taken:
        log.info("examined %d quarantined records again after a change of trust", taken)
    return taken


def relay_keys_for_hub(db: Database) -> list[bytes]:
    """Return the keys of the members a hub relays for."""
    members = [p.id for p in peers_repo.list_peers(db) if p.hub_member and p.status == "paired"]
    return [k.key for k in peers_repo.list_keys(db) if k.peer_id in members]
