"""Persons and entities are personal data: roles, and an audit entry for every view and every search."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from node.web.api.openapi import PATHS
from tests.conftest import login
from tests.node.suspects.conftest import post

SHA = "0" * 64


def _api_calls(person: str, other: str) -> list[tuple[str, str]]:
    """Return every documented person and entity route, with identifiers filled in."""
    calls = []
    for path, item in PATHS.items():
        if not path.startswith(("/persons", "/entities")):
            continue
        concrete = path.replace("{record_id}", person).replace("{other_id}", other).replace("{sha256}", SHA)
        calls += [(method.upper(), concrete) for method in item if method != "parameters"]
    return calls


async def test_read_only_users_get_403_on_every_route_and_page(client: TestClient,
                                                               role_auth: dict[str, dict[str, str]],
                                                               person_data: dict[str, Any]) -> None:
    person = await post(client, role_auth["officer"], "persons", person_data)
    other = await post(client, role_auth["officer"], "persons", {"full_name": "Someone Else"})
    calls = _api_calls(person["id"], other["id"])
    assert len(calls) == 2 * 20
    for method, path in calls:
        response = await client.request(method, f"/api/v1{path}", json={}, headers=role_auth["readonly"])
        assert response.status == 403, (method, path, response.status)
    await login(client, "readonly", "a-long-password-1")
    for plural in ("persons", "entities"):
        for page in ("", "/new", "/duplicates"):
            assert (await client.get(f"/{plural}{page}")).status == 403, page
    for page in ("", "/edit", "/history", "/share"):
        response = await client.get(f"/persons/{person['id']}{page}")
        assert response.status == 403 and "Al-Hassan" not in await response.text()
    home = await (await client.get("/")).text()
    assert 'href="/persons"' not in home and 'href="/seizures"' in home


async def test_officers_record_but_only_analysts_merge(client: TestClient, role_auth: dict[str, dict[str, str]],
                                                       person_data: dict[str, Any]) -> None:
    first = await post(client, role_auth["officer"], "persons", person_data)
    second = await post(client, role_auth["investigator"], "persons", {"full_name": "Muhammad Alhasan",
                                                                       "date_of_birth": "1979-04-12"})
    url = f"/api/v1/persons/{first['id']}"
    for role in ("officer", "investigator"):
        for action, data in (("merge", {"absorb": second["id"]}), ("not-the-same", {"other": second["id"]})):
            response = await client.post(f"{url}/{action}", json=data, headers=role_auth[role])
            assert response.status == 403, (role, action)
        assert (await client.delete(url, headers=role_auth[role])).status == 403
        assert (await client.post("/api/v1/persons/import", json={"items": []},
                                  headers=role_auth[role])).status == 403
    assert (await client.post(f"{url}/merge", json={"absorb": second["id"]},
                              headers=role_auth["analyst"])).status == 200
    assert (await client.post(f"/api/v1/persons/{second['id']}/unmerge", headers=role_auth["officer"])).status == 403
    assert (await client.post(f"/api/v1/persons/{second['id']}/unmerge", headers=role_auth["analyst"])).status == 200


async def test_every_view_and_search_is_audited(client: TestClient, role_auth: dict[str, dict[str, str]],
                                                person_data: dict[str, Any], entity_data: dict[str, Any]) -> None:
    officer, admin = role_auth["officer"], role_auth["administrator"]
    person = await post(client, officer, "persons", person_data)
    entity = await post(client, officer, "entities", entity_data)
    await client.get(f"/api/v1/persons/{person['id']}", headers=officer)
    await client.get("/api/v1/persons", params={"q": "Hassan"}, headers=officer)
    await client.get("/api/v1/persons", headers=officer)
    await client.get(f"/api/v1/persons/{person['id']}/matches", headers=officer)
    await client.get(f"/api/v1/persons/{person['id']}/network", headers=officer)
    await client.get(f"/api/v1/persons/{person['id']}/history", headers=officer)
    await client.get(f"/api/v1/entities/{entity['id']}", headers=officer)
    await client.get("/api/v1/entities", params={"q": "Kalahari"}, headers=officer)

    async def entries(action: str) -> list[dict[str, Any]]:
        found = await (await client.get("/api/v1/audit", params={"action": action, "user": "officer"},
                                        headers=admin)).json()
        return list(found["items"])

    [view] = await entries("person.view")
    assert view["object_id"] == person["id"] and view["object_type"] == "person"
    [search] = await entries("person.search")
    assert search["detail"].startswith("Hassan")
    assert len(await entries("person.list")) == 1
    assert len(await entries("person.matches")) == 1
    assert len(await entries("person.links")) == 1
    assert len(await entries("person.history")) == 1
    assert [e["object_id"] for e in await entries("entity.view")] == [entity["id"]]
    assert len(await entries("entity.search")) == 1
    assert len(await entries("person.create")) == 1 and len(await entries("entity.create")) == 1
