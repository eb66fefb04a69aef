"""The exchange state of this node: its stable owner name, its feed epoch, its keys, the keyring."""

from __future__ import annotations

import logging
import secrets

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.exchange.keyring import Keyring
from node.services.identity import IdentityService
from protocol.records import record_bodies
from protocol.roles import NodeRole
from store import exchange_state as state_repo
from store import peers as peers_repo
from store import records as records_repo
from store import settings as settings_repo
from store.runner import Runner

log = logging.getLogger(__name__)

OWNER_KEY = "exchange.owner"
EPOCH_KEY = "exchange.epoch"
GLOBAL_DEFAULT_KEY = "exchange.global_by_default"


class ExchangeState:
    """What every part of the exchange shares; loaded once at start-up, refreshed when trust changes."""

    def __init__(self, runner: Runner, clock: Clock, identity: IdentityService) -> None:
        self.runner = runner
        self.clock = clock
        self.identity = identity
        self.keyring = Keyring()
        self.bodies = record_bodies()  # the body rules of every record type this node stores
        self.owner = ""
        self.epoch = b""

    @property
    def role(self) -> NodeRole:
        """Return this node's role."""
        return self.identity.identity.role

    @property
    def is_global(self) -> bool:
        """Tell whether this node is the global CEN (non-nominal records only)."""
        return self.role is NodeRole.GLOBAL

    async def open(self, *, restored: bool = False) -> None:
        """Make sure the owner name, feed epoch and own key are recorded; load the keyring."""
        key = self.identity.key.public.raw
        fingerprint = self.identity.fingerprint

        def ensure(db: Database) -> tuple[str, str]:
            stored = settings_repo.get_settings(db)
            owner = stored.get(OWNER_KEY) or fingerprint
            epoch = stored.get(EPOCH_KEY) or ""
            if not epoch or restored:
                # A restored node starts a new feed epoch: peers' old cursors are refused, never misread.
                epoch = secrets.token_hex(16)
            settings_repo.put_settings(db, {OWNER_KEY: owner, EPOCH_KEY: epoch})
            state_repo.add_own_key(db, key, now_iso(self.clock))
            return owner, epoch

        owner, epoch = await self.runner.write(ensure)
        self.owner, self.epoch = owner, bytes.fromhex(epoch)
        await self.reload_keys()

    async def reload_keys(self) -> None:
        """Rebuild the keyring from the store (after pairing, rotation, revocation)."""

        def load(db: Database) -> tuple[list[state_repo.OwnKeyRow], list[peers_repo.PeerRow],
                                        list[peers_repo.PeerKeyRow]]:
            return state_repo.list_own_keys(db), peers_repo.list_peers(db), peers_repo.list_keys(db)

        own, peers, keys = await self.runner.read(load)
        self.keyring.rebuild(own_owner=self.owner, own_keys=own, peers=peers, peer_keys=keys)

    async def refresh_keys(self) -> bool:
        """Reload the keyring, for trust changed by another process (``ncen peer add`` beside ``ncen serve``);
        tell whether keys are trusted now that were not before."""
        before = self.keyring.trusted()
        await self.reload_keys()
        return not self.keyring.trusted() <= before

    def own_fingerprints(self) -> set[str]:
        """Return the fingerprints this node may be addressed by: every key it ever had.

        A destination names the node a request is for, so that it cannot be replayed to another node; it says
        nothing of the requester's trust. A peer that has not yet pulled this node's rotation and revocation
        still addresses it by the old key, and must be answered, or it could never learn of them.
        """
        return {self.keyring.fingerprint_of(k) for k in self.keyring.own_keys}

    async def seen_seq(self, owner: str) -> int:
        """Return the highest origin sequence number held from an owner."""
        return await self.runner.read(records_repo.highest_seq, owner)
