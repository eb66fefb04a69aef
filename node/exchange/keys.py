"""Rotating and revoking this node's key (``ncen keys rotate|revoke``, docs/protocol.md section 12).

A rotation is announced by a record signed with the OLD key that carries the NEW key's proof; peers then
trust the new key as the same node and refuse the old one's records after the rotation's sequence number.
The key files change only after the record is committed: the new key is written first as ``node.key.new``;
a crash before the commit leaves it to be discarded at the next start, a crash after it to be completed.
Old private keys are kept (``keys/node-<fingerprint>.key``) to speak to peers that have not yet pulled the
rotation, and are never used to sign records again.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from crypto import InvalidKey, KeyFileError, SigningKey, VerifyKey, load_private_key, save_private_key
from node.clock import now_iso
from node.errors import Conflict, Invalid
from node.exchange import outbox
from node.exchange.sharing import global_keys
from node.exchange.state import ExchangeState
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from protocol.audience import Audience, Handling
from protocol.lifecycle import RevocationReason, revocation_body, rotation_body
from protocol.recordtypes import RecordType, Scope
from protocol.text import N_
from store import exchange_state as state_repo
from store import peers as peers_repo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rotation:
    """The outcome of a rotation."""

    old_fingerprint: str
    new_fingerprint: str
    seq: int


def retired_key_path(key_path: Path, fingerprint: str) -> Path:
    """Return where a retired private key is kept."""
    return key_path.with_name(f"node-{fingerprint}.key")


def finish_interrupted_rotation(key_path: Path, passphrase: bytes | None, own_keys: list[bytes]) -> None:
    """Complete or discard a rotation a crash interrupted, before the node loads its key."""
    pending = key_path.with_name(key_path.name + ".new")
    if not pending.exists():
        return
    new_key = load_private_key(pending, passphrase)
    if new_key.public.raw in own_keys:
        old = load_private_key(key_path, passphrase)
        os.replace(key_path, retired_key_path(key_path, old.public.fingerprint))
        os.replace(pending, key_path)
        log.warning("completed a key rotation interrupted by a crash")
    else:
        pending.unlink()
        log.warning("discarded a key rotation interrupted before it was recorded")


def load_retired_keys(key_path: Path, passphrase: bytes | None) -> dict[bytes, SigningKey]:
    """Return this node's retired private keys by public key."""
    found = {}
    for path in key_path.parent.glob("node-*.key"):
        try:
            key = load_private_key(path, passphrase)
        except KeyFileError as exc:
            log.warning("cannot load retired key %s: %s", path.name, exc)
            continue
        found[key.public.raw] = key
    return found


def _everyone(db: Database, *, fallback: bytes) -> Audience:
    """Return every paired node (the global CEN too); with no peer yet, the node itself keeps the record."""
    peers = [p for p in peers_repo.list_peers(db) if p.status == "paired"]
    keys = {k.key for p in peers for k in peers_repo.list_keys(db, p.id) if k.last_seq is None}
    return Audience.of(sorted(keys | set(global_keys(db))) or [fallback])


class KeyService:
    """Rotates and revokes this node's keys."""

    def __init__(self, state: ExchangeState, key_path: Path, passphrase: bytes | None,
                 on_change: Callable[[], None] = lambda: None) -> None:
        self._state = state
        self._key_path = key_path
        self._passphrase = passphrase
        self.on_change = on_change
        self.retired: dict[bytes, SigningKey] = {}

    def load(self) -> None:
        """Load the retired keys (call in an executor)."""
        self.retired = load_retired_keys(self._key_path, self._passphrase)

    async def rotate(self, actor: Actor) -> Rotation:
        """Replace this node's key, announcing the new one with a record signed by the old one."""
        actor.require(Permission.MANAGE_NODE)
        state = self._state
        old = state.identity.key
        new = SigningKey.generate()
        pending = self._key_path.with_name(self._key_path.name + ".new")
        if pending.exists():
            raise Conflict(N_("Another key rotation is in progress; restart the node to finish it first."))
        save_private_key(pending, new, self._passphrase)

        def apply(db: Database) -> int:
            at = now_iso(state.clock)
            audience = _everyone(db, fallback=old.public.raw)
            record = outbox.issue(db, old, state.owner, at, record_type=RecordType.KEY_ROTATION,
                                  record_id=uuid.uuid4(), body=rotation_body(old, new), audience=audience,
                                  handling=Handling.GREEN, scope=Scope.NON_NOMINAL)
            state_repo.add_own_key(db, new.public.raw, at)
            state_repo.retire_own_key(db, old.public.raw, at=at, last_seq=record.seq)
            write_entry(db, state.clock, actor, "keys.rotate", "node", new.public.fingerprint,
                        f"{old.public.fingerprint} -> {new.public.fingerprint} at seq {record.seq}")
            return record.seq

        try:
            seq = await state.runner.write(apply)
        except BaseException:
            pending.unlink(missing_ok=True)
            raise
        os.replace(self._key_path, retired_key_path(self._key_path, old.public.fingerprint))
        os.replace(pending, self._key_path)
        self.retired[old.public.raw] = old
        state.identity.key = new
        await state.reload_keys()
        self.on_change()
        return Rotation(old.public.fingerprint, new.public.fingerprint, seq)

    async def revoke(self, actor: Actor, key_hex: str, after_seq: int, reason: str) -> int:
        """Refuse, everywhere, the records one of this node's old keys signed after ``after_seq``."""
        actor.require(Permission.MANAGE_NODE)
        state = self._state
        invalid = Invalid()
        try:
            key = VerifyKey.from_hex(key_hex)
        except InvalidKey:
            invalid.add("key", N_("Enter one of this node's public keys (64 hexadecimal digits)."))
            key = None
        try:
            why = RevocationReason(reason)
        except ValueError:
            invalid.add("reason", N_("Choose compromised, lost or superseded."))
            why = RevocationReason.SUPERSEDED
        if after_seq < 0:
            invalid.add("after_seq", N_("Enter a sequence number of zero or more."))
        if key is not None and key.raw == state.identity.key.public.raw:
            invalid.add("key", N_("Rotate the current key first, then revoke it."))
        invalid.raise_if_any()
        assert key is not None

        def apply(db: Database) -> int:
            if key.raw not in {k.key for k in state_repo.list_own_keys(db)}:
                raise Conflict(N_("This key was never one of this node's keys."))
            at = now_iso(state.clock)
            record = outbox.issue(db, state.identity.key, state.owner, at, record_type=RecordType.KEY_REVOCATION,
                                  record_id=uuid.uuid4(), body=revocation_body(key.raw, after_seq, why),
                                  audience=_everyone(db, fallback=state.identity.key.public.raw),
                                  handling=Handling.GREEN, scope=Scope.NON_NOMINAL)
            state_repo.retire_own_key(db, key.raw, at=at, last_seq=after_seq, revoked=True)
            write_entry(db, state.clock, actor, "keys.revoke", "node", key.fingerprint,
                        f"after seq {after_seq}: {why.value}")
            return record.seq

        seq = await state.runner.write(apply)
        await state.reload_keys()
        self.on_change()
        return seq

    def signing_keys(self) -> list[SigningKey]:
        """Return the keys to try when calling a peer: the current one, then retired ones (newest first)."""
        return [self._state.identity.key, *reversed(list(self.retired.values()))]
