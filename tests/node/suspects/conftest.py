"""Fixtures for the person and entity tests: API tokens per role, and valid records to start from."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import NodeSetup, api_token, login_admin, page_csrf

PERSON: dict[str, Any] = {
    "full_name": "Mohammed Al-Hassan",
    "family_name": "Al-Hassan",
    "given_names": "Mohammed",
    "original_script": {"name": "محمد الحسن", "transliteration": "Muhammad al-Hasan"},
    "aliases": ["Abu Karim"],
    "sex": "M",
    "date_of_birth": "1979-04-12",
    "place_of_birth": {"place": "Omdurman", "country": "SD"},
    "nationalities": ["SD"],
    "documents": [{"type": "passport", "number": "P04567812", "country": "SD", "expiry": "2029-01-31"}],
    "addresses": [{"street": "12 Independence Avenue", "city": "Windhoek", "postcode": "9000", "country": "NA"}],
    "phones": ["+264 81 555 0142"],
    "emails": ["m.hassan@example.org"],
    "occupation": "Truck driver",
    "physical_description": "Tall, scar above the left eye",
    "notes": "Seen at Walvis Bay port several times in 2025.",
    "watch_list": {"listed": True, "reason": "Suspected courier for a tobacco smuggling network"},
    "source": {"description": "Informant report 2026/14", "reliability": "B", "assessment": "2"},
}

ENTITY: dict[str, Any] = {
    "legal_name": "Kalahari Trading CC",
    "trading_names": ["Kalahari Traders"],
    "legal_form": "private_limited",
    "registration": {"number": "CC/2011/04567", "jurisdiction": "NA"},
    "tax_ids": [{"scheme": "tin", "value": "8123456-011", "country": "NA"}],
    "types": ["importer", "freight_forwarder"],
    "addresses": [{"street": "4 Dock Road", "city": "Walvis Bay", "country": "NA"}],
    "phones": ["+264 64 200 100"],
    "emails": ["info@kalahari-traders.example"],
    "website": "www.kalahari-traders.example",
    "persons": [],
    "notes": "Consignee on several container seizures.",
    "watch_list": {"listed": False, "reason": ""},
    "source": {"description": "Company register extract", "reliability": "A", "assessment": "1"},
}

Post = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def person_data() -> dict[str, Any]:
    return copy.deepcopy(PERSON)


@pytest.fixture
def entity_data() -> dict[str, Any]:
    return copy.deepcopy(ENTITY)


@pytest.fixture
async def admin_auth(client: TestClient, node_setup: NodeSetup) -> dict[str, str]:
    token = await api_token(client, node_setup)
    client.session.cookie_jar.clear()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def role_auth(client: TestClient, node_setup: NodeSetup) -> dict[str, dict[str, str]]:
    """Return bearer headers for an administrator and a user of each other role."""
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    headers = {"X-CSRF-Token": csrf}
    tokens = {}
    for role in ("analyst", "investigator", "officer", "readonly"):
        made = await client.post("/api/v1/users", json={"username": role, "role": role,
                                                        "password": "a-long-password-1"}, headers=headers)
        user_id = (await made.json())["id"]
        issued = await client.post(f"/api/v1/users/{user_id}/tokens", json={"label": "test"}, headers=headers)
        tokens[role] = {"Authorization": f"Bearer {(await issued.json())['token']}"}
    users = await (await client.get("/api/v1/users")).json()
    admin_id = next(u["id"] for u in users["items"] if u["username"] == "admin")
    issued = await client.post(f"/api/v1/users/{admin_id}/tokens", json={"label": "test"}, headers=headers)
    tokens["administrator"] = {"Authorization": f"Bearer {(await issued.json())['token']}"}
    client.session.cookie_jar.clear()
    return tokens


async def post(client: TestClient, auth: dict[str, str], path: str, data: dict[str, Any],
               status: int = 201) -> dict[str, Any]:
    """POST JSON and return the response body, failing the test on another status."""
    response = await client.post(f"/api/v1/{path}", json=data, headers=auth)
    body: dict[str, Any] = await response.json()
    assert response.status == status, body
    return body
