"""User accounts: creation, roles, passwords, language, disabling. Administrators only, except one's own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.errors import Conflict, Invalid, NotFound, PermissionDenied
from node.languages import LANGUAGES
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.passwords import Hasher, check_policy, generate_password
from node.services.permissions import Permission, Role
from protocol.text import N_
from store import sessions as session_repo
from store import tokens as token_repo
from store import users as repo
from store.runner import Runner
from store.users import UserRow

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class NewUser:
    """What ``create_user`` returns: the account and, when one was generated, its one-time password."""

    user: UserRow
    password: str | None


def _check_fields(invalid: Invalid, *, role: str | None = None, display_name: str | None = None,
                  email: str | None = None, language: str | None = None) -> None:
    if role is not None and role not in {r.value for r in Role}:
        invalid.add("role", N_("Choose one of the listed roles."))
    if display_name is not None and len(display_name) > 200:
        invalid.add("display_name", N_("Use at most {n} characters."), n=200)
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        invalid.add("email", N_("Enter an e-mail address such as name@customs.gov."))
    if language is not None and language not in LANGUAGES:
        invalid.add("language", N_("Choose one of the listed languages."))


class UserService:
    """Manage accounts; every change is audited in the same transaction."""

    def __init__(self, runner: Runner, clock: Clock, hasher: Hasher) -> None:
        self._runner = runner
        self._clock = clock
        self._hasher = hasher

    async def list_users(self, actor: Actor) -> list[UserRow]:
        """Return every account."""
        actor.require(Permission.MANAGE_USERS)
        return await self._runner.read(repo.list_users)

    async def get_user(self, actor: Actor, user_id: int) -> UserRow:
        """Return one account (any user may read their own)."""
        if actor.user_id != user_id:
            actor.require(Permission.MANAGE_USERS)
        user = await self._runner.read(repo.get_user, user_id)
        if user is None:
            raise NotFound(N_("There is no user with this identifier."))
        return user

    async def find_user(self, actor: Actor, username: str) -> UserRow:
        """Return the account with this user name."""
        actor.require(Permission.MANAGE_USERS)
        user = await self._runner.read(repo.get_user_by_name, username)
        if user is None:
            raise NotFound(N_("There is no user named {name}."), name=username)
        return user

    async def create_user(self, actor: Actor, *, username: str, role: str, password: str | None = None,
                          display_name: str = "", email: str = "", language: str = "en",
                          must_change_password: bool | None = None) -> NewUser:
        """Create an account; without a password, generate a one-time one that must be changed at first sign-in."""
        actor.require(Permission.MANAGE_USERS)
        username = username.strip()
        invalid = Invalid()
        if not USERNAME_RE.match(username):
            invalid.add("username", N_("Use 2 to 64 letters, digits, dots, hyphens, underscores or @, "
                                       "starting with a letter or digit."))
        _check_fields(invalid, role=role, display_name=display_name, email=email.strip(), language=language)
        generated = None
        if password is None:
            password = generated = generate_password()
        else:
            check_policy(invalid, "password", password, username)
        invalid.raise_if_any()
        password_hash = await self._hasher.hash(password)
        must_change = generated is not None if must_change_password is None else must_change_password

        def create(db: Database) -> UserRow:
            if repo.get_user_by_name(db, username) is not None:
                raise Conflict(N_("A user named {name} already exists."), name=username)
            user = repo.insert_user(db, username=username, display_name=display_name.strip(), email=email.strip(),
                                    role=role, password_hash=password_hash, must_change_password=must_change,
                                    language=language, now=now_iso(self._clock))
            write_entry(db, self._clock, actor, "user.create", "user", user.id, f"{username} as {role}")
            return user

        return NewUser(await self._runner.write(create), generated)

    async def update_user(self, actor: Actor, user_id: int, *, role: str | None = None,
                          display_name: str | None = None, email: str | None = None,
                          language: str | None = None) -> UserRow:
        """Change an account's role, name, e-mail or language."""
        actor.require(Permission.MANAGE_USERS)
        invalid = Invalid()
        _check_fields(invalid, role=role, display_name=display_name, email=email, language=language)
        invalid.raise_if_any()
        changes = {k: v.strip() for k, v in
                   {"role": role, "display_name": display_name, "email": email, "language": language}.items()
                   if v is not None}

        def update(db: Database) -> UserRow:
            user = repo.get_user(db, user_id)
            if user is None:
                raise NotFound(N_("There is no user with this identifier."))
            if (role is not None and user.role == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR
                    and not user.disabled and repo.count_active_administrators(db) <= 1):
                raise Conflict(N_("The node must keep at least one active administrator."))
            changed = {k: v for k, v in changes.items() if getattr(user, k) != v}
            if not changed:
                return user
            updated = repo.update_user(db, user_id, now=now_iso(self._clock), **changed)
            assert updated is not None
            detail = ", ".join(f"{k}: {getattr(user, k)} -> {v}" for k, v in changed.items())
            write_entry(db, self._clock, actor, "user.update", "user", user_id, f"{user.username}: {detail}")
            return updated

        return await self._runner.write(update)

    async def set_disabled(self, actor: Actor, user_id: int, disabled: bool) -> UserRow:
        """Disable (ending every session and token) or re-enable an account."""
        actor.require(Permission.MANAGE_USERS)
        if disabled and actor.user_id == user_id:
            raise PermissionDenied(N_("You cannot disable your own account."))

        def apply(db: Database) -> UserRow:
            user = repo.get_user(db, user_id)
            if user is None:
                raise NotFound(N_("There is no user with this identifier."))
            if user.disabled == disabled:
                return user
            if disabled and user.role == Role.ADMINISTRATOR and repo.count_active_administrators(db) <= 1:
                raise Conflict(N_("The node must keep at least one active administrator."))
            now = now_iso(self._clock)
            updated = repo.update_user(db, user_id, now=now, disabled=disabled)
            assert updated is not None
            if disabled:
                session_repo.delete_user_sessions(db, user_id)
                token_repo.revoke_user_tokens(db, user_id, now)
            write_entry(db, self._clock, actor, "user.disable" if disabled else "user.enable", "user", user_id,
                        user.username)
            return updated

        return await self._runner.write(apply)

    async def reset_password(self, actor: Actor, user_id: int, new_password: str | None = None) -> str | None:
        """Set a user's password (generated when not given; then it must be changed at next sign-in).

        Ends the user's sessions. Returns the generated password, if any.
        """
        actor.require(Permission.MANAGE_USERS)
        user = await self.get_user(actor, user_id)
        generated = None
        if new_password is None:
            new_password = generated = generate_password()
        else:
            invalid = Invalid()
            check_policy(invalid, "password", new_password, user.username)
            invalid.raise_if_any()
        await self._store_password(actor, user, new_password, must_change=generated is not None or
                                   actor.user_id != user_id, action="user.password_reset")
        return generated

    async def change_own_password(self, actor: Actor, current: str, new: str, confirm: str | None = None) -> None:
        """Change the signed-in user's own password after checking the current one."""
        if actor.user_id is None:
            raise PermissionDenied(N_("Only a signed-in user can change their password."))
        user = await self._runner.read(repo.get_user, actor.user_id)
        if user is None:
            raise NotFound(N_("There is no user with this identifier."))
        invalid = Invalid()
        if not await self._hasher.verify(user.password_hash, current):
            invalid.add("current_password", N_("This is not your current password."))
        check_policy(invalid, "new_password", new, user.username)
        if confirm is not None and confirm != new:
            invalid.add("confirm_password", N_("The two new passwords differ."))
        if not invalid and current == new:
            invalid.add("new_password", N_("Choose a password different from the current one."))
        invalid.raise_if_any()
        await self._store_password(actor, user, new, must_change=False, action="user.password_change")

    async def set_own_language(self, actor: Actor, language: str) -> None:
        """Change the signed-in user's interface language."""
        invalid = Invalid()
        _check_fields(invalid, language=language)
        invalid.raise_if_any()
        if actor.user_id is None:
            return

        def apply(db: Database) -> None:
            repo.update_user(db, actor.user_id or 0, now=now_iso(self._clock), language=language)

        await self._runner.write(apply)

    async def _store_password(self, actor: Actor, user: UserRow, password: str, *, must_change: bool,
                              action: str) -> None:
        password_hash = await self._hasher.hash(password)

        def apply(db: Database) -> None:
            repo.update_user(db, user.id, now=now_iso(self._clock), password_hash=password_hash,
                             must_change_password=must_change)
            session_repo.delete_user_sessions(db, user.id)
            write_entry(db, self._clock, actor, action, "user", user.id, user.username)

        await self._runner.write(apply)
