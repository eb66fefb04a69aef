"""The keys this node trusts, in memory: its own (current and past) and those of paired peers."""

from __future__ import annotations

from dataclasses import dataclass

from crypto import InvalidKey, VerifyKey
from protocol.keyring import TrustedKey
from store.exchange_state import OwnKeyRow
from store.peers import PeerKeyRow, PeerRow


@dataclass(frozen=True, slots=True)
class KnownKey:
    """A trusted key, the owner it signs for, and the peer it belongs to (None for this node's own)."""

    trusted: TrustedKey
    owner: str
    peer_id: int | None


class Keyring:
    """Maps raw public keys to what this node knows about them; rebuilt after every change of trust."""

    def __init__(self) -> None:
        self._keys: dict[bytes, KnownKey] = {}
        self.own_keys: tuple[bytes, ...] = ()
        self.own_owner = ""

    def rebuild(self, *, own_owner: str, own_keys: list[OwnKeyRow], peers: list[PeerRow],
                peer_keys: list[PeerKeyRow]) -> None:
        """Replace the contents from the store (only paired peers' keys are trusted)."""
        # Checking that a key is a safe point costs a millisecond or two: keys already checked are not checked again.
        checked = {raw: known.trusted.key for raw, known in self._keys.items()}
        keys: dict[bytes, KnownKey] = {}
        for own in own_keys:
            keys[own.key] = KnownKey(_trusted(own.key, own.last_seq, own.revoked, checked), own_owner, None)
        paired = {p.id: p for p in peers if p.status == "paired"}
        for row in peer_keys:
            peer = paired.get(row.peer_id)
            if peer is not None:
                try:
                    keys[row.key] = KnownKey(_trusted(row.key, row.last_seq, row.revoked, checked), peer.owner,
                                             peer.id)
                except InvalidKey:
                    continue  # imported keys are checked at import; a bad row is not trusted either
        self._keys = keys
        self.own_keys = tuple(k.key for k in own_keys)
        self.own_owner = own_owner

    def lookup(self, raw: bytes) -> TrustedKey | None:
        """Return the trusted key for raw bytes (the protocol's ``KeyLookup``)."""
        known = self._keys.get(raw)
        return known.trusted if known else None

    def known(self, raw: bytes) -> KnownKey | None:
        """Return everything known about a key."""
        return self._keys.get(raw)

    def fingerprint_of(self, raw: bytes) -> str:
        """Return the fingerprint of a known key."""
        known = self._keys.get(raw)
        return known.trusted.key.fingerprint if known else ""

    def trusted(self) -> frozenset[bytes]:
        """Return every key trusted now, this node's own included."""
        return frozenset(self._keys)

    def verify_keys(self) -> dict[bytes, VerifyKey]:
        """Return every trusted key (rotated and revoked ones included: their cut-offs are checked apart)."""
        return {raw: known.trusted.key for raw, known in self._keys.items()}

    def peer_keys(self, peer_id: int) -> list[bytes]:
        """Return every trusted key of a peer."""
        return [raw for raw, known in self._keys.items() if known.peer_id == peer_id]


def _trusted(raw: bytes, last_seq: int | None, revoked: bool, checked: dict[bytes, VerifyKey]) -> TrustedKey:
    key = checked.get(raw) or VerifyKey(raw)
    return TrustedKey(key, last_seq=last_seq if last_seq is not None or not revoked else 0, revoked=revoked)
