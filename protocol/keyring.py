"""What the caller knows about a peer key: trusted or not, and up to which sequence number it may sign.

The protocol layer never stores keys. Whoever verifies a record or a request passes a ``KeyLookup`` that
maps raw public-key bytes to a ``TrustedKey`` (a key confirmed out of band, or announced by a verified
rotation record) or to None (unknown: refused). Rotation and revocation set ``last_seq``: records signed by
the key with a higher origin sequence number are refused, those at or below it stay valid.

API:
    TrustedKey(key, last_seq=None, revoked=False)
    TrustedKey.check_seq(seq)                   raises ProtocolError(KEY_ROTATED | KEY_REVOKED)
    TrustedKey.check_current()                  raises the same for a key that may no longer sign requests
    KeyLookup = Callable[[bytes], TrustedKey | None]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crypto import VerifyKey
from protocol.reasons import ProtocolError, Reason


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """A verified peer key and, once rotated or revoked, the last origin sequence number it may sign."""

    key: VerifyKey
    last_seq: int | None = None
    revoked: bool = False

    def __post_init__(self) -> None:
        if self.revoked and self.last_seq is None:
            raise ValueError("a revoked key needs last_seq (0 refuses every record it signed)")
        if self.last_seq is not None and self.last_seq < 0:
            raise ValueError("last_seq must not be negative")

    def check_seq(self, seq: int) -> None:
        """Refuse a record whose sequence number lies after this key's cut-off.

        Raises:
            ProtocolError: KEY_REVOKED or KEY_ROTATED.
        """
        if self.last_seq is not None and seq > self.last_seq:
            reason = Reason.KEY_REVOKED if self.revoked else Reason.KEY_ROTATED
            raise ProtocolError(reason, f"key {self.key.fingerprint} signs nothing after sequence {self.last_seq}")

    def check_current(self) -> None:
        """Refuse a key that was rotated or revoked (it may no longer authenticate requests).

        Raises:
            ProtocolError: KEY_REVOKED or KEY_ROTATED.
        """
        if self.revoked:
            raise ProtocolError(Reason.KEY_REVOKED, f"key {self.key.fingerprint} was revoked")
        if self.last_seq is not None:
            raise ProtocolError(Reason.KEY_ROTATED, f"key {self.key.fingerprint} was replaced by a newer key")


KeyLookup = Callable[[bytes], TrustedKey | None]
