"""Helpers for the exchange page and API tests: users of each role on a node of the test network."""

from __future__ import annotations

import secrets

from tests.conftest import csrf_from, login
from tests.node.exchange.conftest import ADMIN, Node


async def add_user(node: Node, role: str) -> tuple[str, str, int]:
    """Create a user with a generated password on a node; return (username, password, id)."""
    name = f"{role}-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    created = await node.services.users.create_user(ADMIN, username=name, role=role, password=password,
                                                    must_change_password=False)
    return name, password, created.user.id


async def sign_in(node: Node, role: str) -> str:
    """Sign in to a node's pages as a new user of a role (replacing any session); return a CSRF token."""
    username, password, _ = await add_user(node, role)
    node.client.session.cookie_jar.clear()
    response = await login(node.client, username, password)
    assert response.status == 303, await response.text()
    page = await node.client.get("/account")
    return csrf_from(await page.text())


async def bearer(node: Node, role: str) -> dict[str, str]:
    """Return API headers with a token of a new user of a role."""
    _, _, user_id = await add_user(node, role)
    token = await node.services.auth.issue_token(ADMIN, user_id, "test")
    return {"Authorization": f"Bearer {token}"}
