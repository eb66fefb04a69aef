"""Cases over the API: revisions and history, conflicts, deletion, search and filters, roles and audit."""

from __future__ import annotations

import copy
from typing import Any

from aiohttp.test_utils import TestClient

from tests.conftest import NodeSetup, login, login_admin, page_csrf


async def create(client: TestClient, auth: dict[str, str], data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    payload = copy.deepcopy(data)
    payload.update(changes)
    response = await client.post("/api/v1/seizures", json=payload, headers=auth)
    assert response.status == 201, await response.text()
    return await response.json()


async def test_every_change_is_a_revision_shown_as_history(client: TestClient, admin_auth: dict[str, str],
                                                          case_data: dict[str, Any]) -> None:
    case = await create(client, admin_auth, case_data)
    url = f"/api/v1/seizures/{case['id']}"
    case_data["commodities"][0]["quantity"] = "60"
    case_data["route"]["transit"] = ["ZA", "BW"]
    updated = await client.put(url, json=case_data, headers={**admin_auth, "If-Match": '"1"'})
    assert updated.status == 200 and (await updated.json())["revision"] == 2
    same = await client.put(url, json={**case_data, "revision": 2}, headers=admin_auth)
    assert (await same.json())["revision"] == 2  # no change, no new revision
    history = (await (await client.get(f"{url}/history", headers=admin_auth)).json())["items"]
    assert [(h["revision"], h["action"], h["user"]) for h in history] == [(2, "update", "admin"),
                                                                          (1, "create", "admin")]
    assert history[0]["changes"] == {"commodities.0.quantity": ["52.4", "60"], "route.transit": [["ZA"], ["ZA", "BW"]]}


async def test_a_stale_edit_is_refused(client: TestClient, admin_auth: dict[str, str],
                                       case_data: dict[str, Any]) -> None:
    case = await create(client, admin_auth, case_data)
    url = f"/api/v1/seizures/{case['id']}"
    assert (await client.put(url, json={**case_data, "narrative": "first", "revision": 1}, headers=admin_auth)).status \
        == 200
    stale = await client.put(url, json={**case_data, "narrative": "second", "revision": 1}, headers=admin_auth)
    assert stale.status == 409 and "revision 2" in (await stale.json())["error"]["message"]
    assert (await (await client.get(url, headers=admin_auth)).json())["narrative"] == "first"


async def test_deleted_cases_leave_lists_and_search_but_keep_their_history(
        client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any]) -> None:
    case = await create(client, admin_auth, case_data)
    url = f"/api/v1/seizures/{case['id']}"
    assert (await client.delete(url, headers=admin_auth)).status == 204
    assert (await client.get(url, headers=admin_auth)).status == 404
    assert (await (await client.get("/api/v1/seizures", params={"q": "Amupolo"}, headers=admin_auth)).json())[
        "total"] == 0
    assert (await (await client.get("/api/v1/seizures", params={"category": "drugs"}, headers=admin_auth)).json())[
        "total"] == 0
    again = await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)
    assert again.status == 422  # the reference stays taken by the deleted case
    audit = await (await client.get("/api/v1/audit", params={"action": "seizure.delete"}, headers=admin_auth)).json()
    assert audit["total"] == 1 and audit["items"][0]["object_id"] == case["id"]


async def test_filters_and_search(client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any]) -> None:
    drugs = await create(client, admin_auth, case_data)
    tobacco_only = copy.deepcopy(case_data)
    tobacco_only.update(reference="NA/OSH/2025/0099", date="2025-06-30", narrative="Cigarettes in a bus roof",
                        parties=[{"kind": "person", "role": "passenger", "name": "Mariana dos Santos"}])
    tobacco_only["commodities"] = [case_data["commodities"][1]]
    tobacco_only["conveyance"] = {"mode": "road", "identifier": "N 1234 W"}
    tobacco_only["route"] = {"departure": "AO", "destination": "NA"}
    tobacco_only["detection"] = {"method": "routine"}
    tobacco = await create(client, admin_auth, tobacco_only)

    async def ids(**params: str) -> list[str]:
        response = await client.get("/api/v1/seizures", params=params, headers=admin_auth)
        assert response.status == 200, await response.text()
        return [c["id"] for c in (await response.json())["items"]]

    assert await ids() == [drugs["id"], tobacco["id"]]  # newest first
    assert await ids(sort="date_asc") == [tobacco["id"], drugs["id"]]
    assert await ids(category="drugs") == [drugs["id"]]
    assert await ids(category="tobacco") == [drugs["id"], tobacco["id"]]
    assert await ids(country="ZA") == [drugs["id"]]
    assert await ids(country="AO", category="tobacco") == [tobacco["id"]]
    assert await ids(country="BR") == [drugs["id"]]  # departure, and the port BRSSZ
    assert await ids(hs="24") == await ids(hs="2402") == await ids(hs="240220") == [drugs["id"], tobacco["id"]]
    assert await ids(hs="2939") == [drugs["id"]]
    assert await ids(mode="road") == [tobacco["id"]]
    assert await ids(detection="xray", status="confirmed") == [drugs["id"]]
    assert await ids(date_from="2026-01-01") == [drugs["id"]]
    assert await ids(date_to="2025-12-31") == [tobacco["id"]]
    assert await ids(q="santos") == [tobacco["id"]]
    assert await ids(q="cocaine bricks") == [drugs["id"]]
    assert await ids(q="MSC ALINA") == [drugs["id"]]
    assert await ids(q="cigar*") == [drugs["id"], tobacco["id"]]
    assert await ids(q="santos", category="drugs") == []
    # Common words are not required ("the" is in neither case); a query of common words alone still searches.
    assert await ids(q="cigarettes in the roof") == [tobacco["id"]]
    assert tobacco["id"] in await ids(q="in a") and await ids(q="of the") == []
    assert await ids(q='"; DROP TABLE seizures; --') == []
    bad = await client.get("/api/v1/seizures", params={"hs": "2x", "country": "Narnia"}, headers=admin_auth)
    assert bad.status == 422 and set((await bad.json())["error"]["fields"]) == {"hs", "country"}


async def test_cursor_pagination_walks_every_case_once(client: TestClient, admin_auth: dict[str, str],
                                                       case_data: dict[str, Any]) -> None:
    made = set()
    for day in range(1, 8):
        made.add((await create(client, admin_auth, case_data, reference=f"P-{day}", date=f"2026-01-0{day}"))["id"])
    seen: list[str] = []
    cursor = ""
    while True:
        page = await (await client.get("/api/v1/seizures", params={"limit": "3", "cursor": cursor, "country": "NA"},
                                       headers=admin_auth)).json()
        seen += [c["id"] for c in page["items"]]
        assert page["total"] == (7 if not cursor else None)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 7 and set(seen) == made
    bad = await client.get("/api/v1/seizures", params={"cursor": "garbage"}, headers=admin_auth)
    assert bad.status == 422


async def test_roles_and_personal_data(client: TestClient, node_setup: NodeSetup, case_data: dict[str, Any]) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    for name, role in (("reader", "readonly"), ("officer", "officer")):
        await client.post("/api/v1/users", json={"username": name, "role": role, "password": "a-long-password-1"},
                          headers={"X-CSRF-Token": csrf})
    case = await (await client.post("/api/v1/seizures", json=case_data, headers={"X-CSRF-Token": csrf})).json()
    client.session.cookie_jar.clear()

    await login(client, "reader", "a-long-password-1")
    csrf = await page_csrf(client)
    refused = await client.post("/api/v1/seizures", json=case_data, headers={"X-CSRF-Token": csrf})
    assert refused.status == 403
    seen = await (await client.get(f"/api/v1/seizures/{case['id']}")).json()
    assert seen["reference"] == case_data["reference"] and seen["commodities"][0]["quantity"] == "52.4"
    for nominal in ("parties", "narrative", "reporting_officer"):
        assert nominal not in seen
    assert "Amupolo" not in str(seen) and "SSZ1234567" not in str(seen) and "CSQU3054383" not in str(seen)
    assert (await (await client.get("/api/v1/seizures", params={"q": "Amupolo"})).json())["total"] == 0
    page = await (await client.get(f"/seizures/{case['id']}")).text()
    assert "Amupolo" not in page and "does not give access to personal data" in page
    client.session.cookie_jar.clear()

    await login(client, "officer", "a-long-password-1")
    csrf = await page_csrf(client)
    assert (await client.delete(f"/api/v1/seizures/{case['id']}", headers={"X-CSRF-Token": csrf})).status == 403
    seen = await (await client.get(f"/api/v1/seizures/{case['id']}")).json()
    assert seen["parties"][0]["name"] == "Johannes Amupolo"


async def test_viewing_a_case_is_audited(client: TestClient, admin_auth: dict[str, str],
                                         case_data: dict[str, Any]) -> None:
    case = await create(client, admin_auth, case_data)
    await client.get(f"/api/v1/seizures/{case['id']}", headers=admin_auth)
    await client.get(f"/api/v1/seizures/{case['id']}", headers=admin_auth)
    audit = await (await client.get("/api/v1/audit", params={"action": "seizure.view", "object_id": case["id"]},
                                    headers=admin_auth)).json()
    assert audit["total"] == 2 and {e["username"] for e in audit["items"]} == {"admin"}


async def test_unknown_case_and_malformed_ids(client: TestClient, admin_auth: dict[str, str]) -> None:
    missing = await client.get("/api/v1/seizures/00000000-0000-4000-8000-000000000000", headers=admin_auth)
    assert missing.status == 404
    assert (await client.get("/api/v1/seizures/../../etc/passwd", headers=admin_auth)).status == 404
    assert (await client.put("/api/v1/seizures/00000000-0000-4000-8000-000000000000", json={},
                             headers=admin_auth)).status in (404, 422)
