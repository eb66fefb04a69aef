"""Password hashing (argon2id via argon2-cffi), policy, and generated one-time passwords."""

from __future__ import annotations

import asyncio
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from node.errors import Invalid
from protocol.text import N_

MIN_LENGTH = 10
MAX_LENGTH = 256
# Letters and digits that cannot be mistaken for one another when read from a terminal or a note.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"


def generate_password() -> str:
    """Return a random password of about 90 bits, in four groups for easy typing."""
    groups = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def check_policy(invalid: Invalid, field: str, password: str, username: str) -> None:
    """Record a field error when a password breaks the policy (length matters more than symbols: NIST 800-63B)."""
    if len(password) < MIN_LENGTH:
        invalid.add(field, N_("Use at least {n} characters."), n=MIN_LENGTH)
    elif len(password) > MAX_LENGTH:
        invalid.add(field, N_("Use at most {n} characters."), n=MAX_LENGTH)
    elif password.strip().lower() == username.strip().lower():
        invalid.add(field, N_("The password must not be the user name."))


class Hasher:
    """Hashes and verifies off the event loop: argon2 costs tens of milliseconds of CPU by design."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        # OWASP's first recommended argon2id setting (19 MiB, 2 passes, 1 lane): about 35 ms on a modest 2-core
        # server, so a burst of sign-ins cannot starve the node, while guessing stays memory-hard.
        self._hasher = hasher or PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
        self._dummy = ""  # made on first use: verified against when a user name is unknown (equal timing)

    async def hash(self, password: str) -> str:
        """Return the argon2id hash of a password."""
        return await asyncio.get_running_loop().run_in_executor(None, self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Tell whether the password matches; an absent hash costs the same time and fails."""

        def check() -> bool:
            if not self._dummy:
                self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
            try:
                return self._hasher.verify(password_hash or self._dummy, password) and password_hash is not None
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.get_running_loop().run_in_executor(None, check)

    def hash_sync(self, password: str) -> str:
        """Hash from synchronous code (node initialisation)."""
        return self._hasher.hash(password)
