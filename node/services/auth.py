"""Sign-in, sessions, API tokens and the sign-in throttle."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.errors import NotFound, RateLimited, Unauthenticated
from node.services.actor import Actor
from node.services.audit import AuditService, write_entry
from node.services.passwords import Hasher
from node.services.permissions import Permission
from protocol.text import N_
from protocol.timefmt import from_iso, to_iso
from store import sessions as session_repo
from store import tokens as token_repo
from store import users as user_repo
from store.runner import Runner
from store.tokens import TokenRow
from store.users import UserRow

TOKEN_PREFIX = "ncen_"  # noqa: S105 - a public prefix, not a secret
# Sliding the expiry on every request would write on every page view; once a minute is plenty.
TOUCH_INTERVAL = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """Return the stored form of a session or API token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A resolved browser session."""

    actor: Actor
    csrf_token: str
    must_change_password: bool


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just started: the cookie value and the user it belongs to."""

    token: str
    user: UserRow


class LoginThrottle:
    """Counts recent sign-in failures per account and per address, in memory, with the injected clock."""

    def __init__(self, clock: Clock, *, max_failures: int, window_seconds: float) -> None:
        self._clock = clock
        self._max = max_failures
        self._window = window_seconds
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = self._clock.monotonic()
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self._window:
            times.popleft()
        if not times:
            del self._failures[key]
            return deque()
        return times

    def retry_after(self, username: str, ip: str) -> int:
        """Return seconds to wait before another attempt is allowed (0 when allowed)."""
        waits = []
        # An address gets more attempts than an account: several officers may sit behind one NAT.
        for key, limit in ((f"user:{username.lower()}", self._max), (f"ip:{ip}", self._max * 4)):
            times = self._recent(key)
            if len(times) >= limit:
                waits.append(self._window - (self._clock.monotonic() - times[0]))
        return math.ceil(max(waits)) if waits else 0

    def failed(self, username: str, ip: str) -> None:
        """Count one failure."""
        now = self._clock.monotonic()
        for key in (f"user:{username.lower()}", f"ip:{ip}"):
            self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str) -> None:
        """Forget an account's failures after a successful sign-in."""
        self._failures.pop(f"user:{username.lower()}", None)


class AuthService:
    """Authenticates people (password, session cookie) and programs (bearer tokens)."""

    def __init__(self, runner: Runner, clock: Clock, hasher: Hasher, audit: AuditService, *,
                 idle_minutes: int, max_failures: int, lockout_minutes: int) -> None:
        self._runner = runner
        self._clock = clock
        self._hasher = hasher
        self._audit = audit
        self._idle = timedelta(minutes=idle_minutes)
        self.throttle = LoginThrottle(clock, max_failures=max_failures, window_seconds=lockout_minutes * 60)

    async def login(self, username: str, password: str, ip: str) -> NewSession:
        """Check a user name and password and start a session.

        Raises ``RateLimited`` when the account or address has failed too often, and ``Unauthenticated``
        (with one message whatever went wrong, so names cannot be probed) otherwise.
        """
        username = username.strip()
        wait = self.throttle.retry_after(username, ip)
        if wait:
            await self._audit.record(None, "login.throttled", "user", "", username=username, ip=ip)
            raise RateLimited(N_("Too many failed sign-in attempts. Try again in {minutes} minutes."),
                              retry_after=wait, minutes=max(1, math.ceil(wait / 60)))
        user = await self._runner.read(user_repo.get_user_by_name, username) if username else None
        ok = await self._hasher.verify(user.password_hash if user else None, password)
        if not ok or user is None or user.disabled:
            self.throttle.failed(username, ip)
            reason = "disabled account" if ok and user is not None else "wrong user name or password"
            await self._audit.record(None, "login.failure", "user", user.id if user else "", reason,
                                     username=username[:64], ip=ip)
            raise Unauthenticated(N_("The user name or password is not correct."))
        self.throttle.succeeded(username)
        return await self.start_session(user, ip, action="login.success")

    async def start_session(self, user: UserRow, ip: str, *, action: str = "session.renew") -> NewSession:
        """Start a fresh session for a user (after sign-in, or after a password change rotates it)."""
        token = secrets.token_urlsafe(32)
        now = self._clock.now()

        def create(db: Database) -> None:
            session_repo.insert_session(db, token_hash=token_hash(token), user_id=user.id,
                                        csrf_token=secrets.token_urlsafe(32), now=to_iso(now),
                                        expires_at=to_iso(now + self._idle), ip=ip)
            user_repo.update_user(db, user.id, now=to_iso(now), last_login_at=to_iso(now))
            actor = Actor(user.id, user.username, user.role, ip)
            write_entry(db, self._clock, actor, action, "user", user.id)
            session_repo.delete_expired_sessions(db, to_iso(now))

        await self._runner.write(create)
        return NewSession(token, user)

    async def resolve_session(self, token: str, ip: str) -> SessionInfo | None:
        """Return the session for a cookie value, sliding its expiry; None when unknown, expired or disabled."""
        hashed = token_hash(token)
        now = self._clock.now()

        def lookup(db: Database) -> tuple[session_repo.SessionRow, UserRow] | None:
            session = session_repo.get_session(db, hashed)
            if session is None:
                return None
            user = user_repo.get_user(db, session.user_id)
            return (session, user) if user is not None else None

        found = await self._runner.read(lookup)
        if found is None:
            return None
        session, user = found
        if session.expires_at <= to_iso(now) or user.disabled:
            await self._runner.write(session_repo.delete_session, hashed)
            return None
        if now - TOUCH_INTERVAL >= from_iso(session.last_seen_at):
            await self._runner.write(session_repo.touch_session, hashed, now=to_iso(now),
                                     expires_at=to_iso(now + self._idle))
        actor = Actor(user.id, user.username, user.role, ip, user.language)
        return SessionInfo(actor, session.csrf_token, user.must_change_password)

    async def logout(self, token: str, actor: Actor) -> None:
        """End a session."""

        def end(db: Database) -> None:
            session_repo.delete_session(db, token_hash(token))
            write_entry(db, self._clock, actor, "logout", "user", actor.user_id or "")

        await self._runner.write(end)

    async def issue_token(self, actor: Actor, user_id: int, label: str = "") -> str:
        """Create an API token for a user and return it (shown once, stored hashed)."""
        if actor.user_id != user_id:
            actor.require(Permission.MANAGE_USERS)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)

        def create(db: Database) -> None:
            user = user_repo.get_user(db, user_id)
            if user is None:
                raise NotFound(N_("There is no user with this identifier."))
            row = token_repo.insert_token(db, user_id=user_id, token_hash=token_hash(token), label=label.strip()[:100],
                                          now=now_iso(self._clock))
            write_entry(db, self._clock, actor, "token.create", "api_token", row.id, f"for {user.username}")

        await self._runner.write(create)
        return token

    async def list_tokens(self, actor: Actor, user_id: int) -> list[TokenRow]:
        """Return a user's tokens (metadata only)."""
        if actor.user_id != user_id:
            actor.require(Permission.MANAGE_USERS)
        return await self._runner.read(token_repo.list_tokens, user_id)

    async def revoke_token(self, actor: Actor, user_id: int, token_id: int) -> None:
        """Revoke one of a user's tokens."""
        if actor.user_id != user_id:
            actor.require(Permission.MANAGE_USERS)

        def revoke(db: Database) -> None:
            if not any(t.id == token_id for t in token_repo.list_tokens(db, user_id)):
                raise NotFound(N_("There is no such token."))
            token_repo.revoke_token(db, token_id, now_iso(self._clock))
            write_entry(db, self._clock, actor, "token.revoke", "api_token", token_id)

        await self._runner.write(revoke)

    async def resolve_bearer(self, token: str, ip: str) -> Actor | None:
        """Return the actor behind an API token, or None when unknown, revoked or disabled."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        hashed = token_hash(token)

        def lookup(db: Database) -> tuple[TokenRow, UserRow] | None:
            row = token_repo.get_live_token(db, hashed)
            user = user_repo.get_user(db, row.user_id) if row else None
            return (row, user) if row and user and not user.disabled else None

        found = await self._runner.read(lookup)
        if found is None:
            return None
        row, user = found
        now = self._clock.now()
        if row.last_used_at is None or now - TOUCH_INTERVAL >= from_iso(row.last_used_at):
            await self._runner.write(token_repo.mark_token_used, row.id, to_iso(now))
        return Actor(user.id, user.username, user.role, ip, user.language)

