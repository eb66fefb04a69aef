"""Pairing: importing another administration's card, confirming its fingerprint, removing a peer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from node.clock import now_iso
from node.errors import Conflict, Invalid, NotFound
from node.exchange.inbound import reexamine_quarantine
from node.exchange.state import ExchangeState
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from protocol.card import CardError, NodeCard
from protocol.roles import NodeRole
from protocol.sync import Cursor
from protocol.text import N_
from store import peers as peers_repo
from store import records as records_repo
from store.peers import PeerRow

GROUP_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class PeerStatus:
    """A peer with what the Exchange page shows about it."""

    peer: PeerRow
    fingerprint: str
    backlog_in: int  # records it has that we have not pulled yet (as of its last known head)
    backlog_out: int  # records for it that it has not acknowledged yet


class PeerService:
    """Manages the administrations this node exchanges with; only administrators change trust."""

    def __init__(self, state: ExchangeState) -> None:
        self._state = state

    async def add_card(self, actor: Actor, raw: bytes) -> PeerRow:
        """Import a card as a pending peer: nothing is trusted until an administrator confirms the fingerprint."""
        actor.require(Permission.MANAGE_PEERS)
        try:
            card = NodeCard.from_bytes(raw)
        except CardError as exc:
            raise Conflict(N_("This card cannot be used: {problem}"), problem=str(exc)) from None
        if card.public_key.raw in self._state.keyring.own_keys:
            raise Conflict(N_("This is this node's own card."))
        if card.role is NodeRole.GLOBAL and self._state.is_global:
            raise Conflict(N_("A global CEN node does not pair with another global node."))
        state = self._state

        def add(db: Database) -> PeerRow:
            known = peers_repo.get_key(db, card.public_key.raw)
            if known is not None:
                peer = peers_repo.get_peer(db, known.peer_id)
                if peer is not None and peer.status != "removed":
                    raise Conflict(N_("This administration is already in the list ({name})."), name=peer.name)
                assert peer is not None
                peers_repo.update_peer(db, peer.id, status="pending", name=card.name, country=card.country,
                                       role=card.role.value, url=card.url, tls_sha256=card.tls_sha256 or "",
                                       confirmed_at=None, confirmed_by=None)
                peer_id = peer.id
            else:
                peer_id = peers_repo.insert_peer(
                    db, owner=card.fingerprint, key=card.public_key.raw, name=card.name, country=card.country,
                    role=card.role.value, url=card.url, tls_sha256=card.tls_sha256 or "", groups=[],
                    at=now_iso(state.clock), by=actor.username)
            write_entry(db, state.clock, actor, "peer.add", "peer", peer_id,
                        f"{card.name} ({card.country}, {card.role.value}) {card.fingerprint}")
            row = peers_repo.get_peer(db, peer_id)
            assert row is not None
            return row

        return await state.runner.write(add)

    async def confirm(self, actor: Actor, peer_id: int, fingerprint: str) -> PeerRow:
        """Trust a pending peer once the administrator has typed the fingerprint read to them out of band."""
        actor.require(Permission.MANAGE_PEERS)
        state = self._state
        expected = await self.fingerprint(peer_id)
        if fingerprint.strip().upper().replace(" ", "-") != expected:
            invalid = Invalid()
            invalid.add("fingerprint", N_("This is not the fingerprint of the card: compare it again with the "
                                          "other administration."))
            invalid.raise_if_any()

        def confirm(db: Database) -> PeerRow:
            peer = peers_repo.get_peer(db, peer_id)
            if peer is None or peer.status == "removed":
                raise NotFound(N_("There is no such administration."))
            peers_repo.update_peer(db, peer_id, status="paired", confirmed_at=now_iso(state.clock),
                                   confirmed_by=actor.username)
            write_entry(db, state.clock, actor, "peer.confirm", "peer", peer_id, f"{peer.name} {expected}")
            row = peers_repo.get_peer(db, peer_id)
            assert row is not None
            return row

        row = await state.runner.write(confirm)
        await state.reload_keys()
        await reexamine_quarantine(state)
        return row

    async def remove(self, actor: Actor, peer_id: int) -> None:
        """Stop trusting a peer (its records already received stay, its new ones are refused)."""
        actor.require(Permission.MANAGE_PEERS)
        state = self._state

        def remove(db: Database) -> None:
            peer = peers_repo.get_peer(db, peer_id)
            if peer is None or peer.status == "removed":
                raise NotFound(N_("There is no such administration."))
            peers_repo.update_peer(db, peer_id, status="removed")
            write_entry(db, state.clock, actor, "peer.remove", "peer", peer_id, peer.name)

        await state.runner.write(remove)
        await state.reload_keys()

    async def set_groups(self, actor: Actor, peer_id: int, groups: list[str], *, hub_member: bool) -> None:
        """Set the group labels (e.g. a WCO region) a peer belongs to, and whether this hub relays for it."""
        actor.require(Permission.MANAGE_PEERS)
        cleaned = sorted({g.strip() for g in groups if g.strip()})
        invalid = Invalid()
        if any(not GROUP_RE.match(g) for g in cleaned) or len(cleaned) > 32:
            invalid.add("groups", N_("Use up to 32 labels of letters, digits, spaces, dots and dashes."))
        invalid.raise_if_any()
        state = self._state

        def apply(db: Database) -> None:
            if peers_repo.get_peer(db, peer_id) is None:
                raise NotFound(N_("There is no such administration."))
            peers_repo.update_peer(db, peer_id, groups=cleaned, hub_member=hub_member)
            write_entry(db, state.clock, actor, "peer.update", "peer", peer_id,
                        f"groups: {', '.join(cleaned) or '-'}; relayed by this hub: {hub_member}")

        await state.runner.write(apply)

    async def fingerprint(self, peer_id: int) -> str:
        """Return the fingerprint of the key a peer was added with."""
        peer = await self._state.runner.read(peers_repo.get_peer, peer_id)
        if peer is None:
            raise NotFound(N_("There is no such administration."))
        return peer.owner

    async def get(self, peer_id: int) -> PeerRow:
        """Return one peer."""
        peer = await self._state.runner.read(peers_repo.get_peer, peer_id)
        if peer is None:
            raise NotFound(N_("There is no such administration."))
        return peer

    async def statuses(self, actor: Actor) -> list[PeerStatus]:
        """Return every peer with its backlogs."""
        actor.require(Permission.VIEW_RECORDS)
        keyring = self._state.keyring

        def load(db: Database) -> list[PeerStatus]:
            result = []
            for peer in peers_repo.list_peers(db):
                keys = [k.key for k in peers_repo.list_keys(db, peer.id)]
                out = records_repo.count_feed_for(db, after=peer.acked_position, keys=keys) if keys else 0
                backlog_in = 0
                if peer.their_head:
                    head = Cursor.parse(peer.their_head)
                    mine = Cursor.parse(peer.cursor) if peer.cursor else None
                    if mine is None or mine.epoch == head.epoch:
                        backlog_in = max(0, head.position - (mine.position if mine else 0))
                result.append(PeerStatus(peer, peer.owner, backlog_in, out))
            return result

        del keyring
        return await self._state.runner.read(load)
