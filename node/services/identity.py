"""This node's identity: its key, name, country and role, and the card another administration imports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from crypto import SigningKey
from node.clock import Clock
from node.errors import Conflict, Invalid
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from protocol.card import NodeCard
from protocol.codes import is_country
from protocol.roles import NodeRole
from protocol.text import N_
from store import settings as settings_repo
from store.runner import Runner

NAME_KEY, COUNTRY_KEY, ROLE_KEY, CREATED_KEY = "node.name", "node.country", "node.role", "node.created_at"


@dataclass(frozen=True, slots=True)
class NodeIdentity:
    """Name, country and role as currently stored."""

    name: str
    country: str
    role: NodeRole
    created_at: str


def identity_from_settings(values: dict[str, Any]) -> NodeIdentity:
    """Build the identity from stored settings (role is fixed when the node is initialised)."""
    return NodeIdentity(name=values.get(NAME_KEY, ""), country=values.get(COUNTRY_KEY, ""),
                        role=NodeRole(values.get(ROLE_KEY, NodeRole.NATIONAL)),
                        created_at=values.get(CREATED_KEY, ""))


def check_identity(invalid: Invalid, name: str, country: str) -> None:
    """Record field errors for a node name and country."""
    if not name.strip():
        invalid.add("name", N_("Enter the administration's name."))
    elif len(name) > 200:
        invalid.add("name", N_("Use at most {n} characters."), n=200)
    if country and not is_country(country):
        invalid.add("country", N_("Choose a country from the list (ISO 3166 two-letter code)."))


class IdentityService:
    """Reads and changes the node identity; the role never changes after initialisation."""

    def __init__(self, runner: Runner, clock: Clock, key: SigningKey, url: str, identity: NodeIdentity) -> None:
        self._runner = runner
        self._clock = clock
        self.key = key
        self.url = url
        self.identity = identity
        self.tls_sha256: str | None = None  # the pin of the certificate this node serves, when it serves HTTPS

    @property
    def fingerprint(self) -> str:
        """Return this node's fingerprint."""
        return self.key.public.fingerprint

    def card(self, key: SigningKey | None = None) -> NodeCard:
        """Return this node's card (naming ``key`` instead of the current key, for a hello signed with it).

        Raises ``Conflict`` when the country has not been set yet (a card must name its administration's country).
        """
        if not self.identity.country:
            raise Conflict(N_("Set the node's country in the node settings before sharing its card."))
        return NodeCard(name=self.identity.name, country=self.identity.country, role=self.identity.role,
                        url=self.url, public_key=(key or self.key).public, tls_sha256=self.tls_sha256)

    async def update(self, actor: Actor, *, name: str, country: str) -> NodeIdentity:
        """Change the administration's name and country."""
        actor.require(Permission.MANAGE_NODE)
        name, country = name.strip(), country.strip().upper()
        invalid = Invalid()
        check_identity(invalid, name, country)
        invalid.raise_if_any()
        before = self.identity

        def apply(db: Database) -> None:
            settings_repo.put_settings(db, {NAME_KEY: name, COUNTRY_KEY: country})
            write_entry(db, self._clock, actor, "node.update", "node", self.fingerprint,
                        f"name: {before.name} -> {name}; country: {before.country or '-'} -> {country or '-'}")

        await self._runner.write(apply)
        self.identity = NodeIdentity(name, country, before.role, before.created_at)
        return self.identity
