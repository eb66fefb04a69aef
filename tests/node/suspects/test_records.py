"""Persons and entities over the API: revisions and history, stale edits, deletion, received records, search."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from node.appkeys import SERVICES
from node.services.suspect_kinds import Kind
from node.services.suspect_search import SEARCH_POOL
from store import suspects as repo
from store.suspects import Written
from tests.node.suspects.conftest import post


async def test_every_change_is_a_revision_shown_as_history(client: TestClient, admin_auth: dict[str, str],
                                                          person_data: dict[str, Any]) -> None:
    person = await post(client, admin_auth, "persons", person_data)
    url = f"/api/v1/persons/{person['id']}"
    person_data["documents"][0]["number"] = "P04567813"
    person_data["nationalities"] = ["SD", "EG"]
    updated = await client.put(url, json=person_data, headers={**admin_auth, "If-Match": '"1"'})
    assert updated.status == 200 and (await updated.json())["revision"] == 2
    same = await client.put(url, json={**person_data, "revision": 2}, headers=admin_auth)
    assert (await same.json())["revision"] == 2  # nothing changed, no new revision
    stale = await client.put(url, json={**person_data, "occupation": "Mechanic", "revision": 1}, headers=admin_auth)
    assert stale.status == 409 and "revision 2" in (await stale.json())["error"]["message"]
    history = await (await client.get(f"{url}/history", headers=admin_auth)).json()
    assert [(h["revision"], h["action"], h["user"]) for h in history["items"]] == [(2, "update", "admin"),
                                                                                  (1, "create", "admin")]
    assert history["items"][0]["changes"] == {"documents.0.number": ["P04567812", "P04567813"],
                                              "nationalities": [["SD"], ["SD", "EG"]]}


async def test_deleted_records_leave_lists_search_and_matching_but_keep_their_history(
        client: TestClient, admin_auth: dict[str, str], person_data: dict[str, Any]) -> None:
    person = await post(client, admin_auth, "persons", person_data)
    url = f"/api/v1/persons/{person['id']}"
    assert (await client.delete(url, headers=admin_auth)).status == 204
    assert (await client.get(url, headers=admin_auth)).status == 404
    assert (await (await client.get("/api/v1/persons", params={"q": "Hassan"}, headers=admin_auth)).json())[
        "items"] == []
    again = await post(client, admin_auth, "persons", person_data)
    assert again["proposals"] == []  # the deleted record is not proposed as a duplicate
    services = client.app[SERVICES]
    row = await services.runner.read(repo.get_by_uuid, Kind.PERSON, person["id"])
    assert row is not None and row.deleted_at and row.body["full_name"] == "Mohammed Al-Hassan"
    revisions = await services.runner.read(repo.list_revisions, Kind.PERSON, row.id)
    assert [r.action for r in revisions] == ["delete", "create"]


async def test_a_record_received_from_another_administration_is_read_only_here(
        client: TestClient, admin_auth: dict[str, str], entity_data: dict[str, Any]) -> None:
    services = client.app[SERVICES]
    body = services.entities.check(entity_data)
    body["pictures"] = []

    def receive(db: Any) -> int:
        return repo.insert(db, Kind.ENTITY, uuid="6f1c1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b", body=body,
                           written=Written(body["legal_name"], "kalahari", False), at="2026-02-01T00:00:00Z",
                           by="peer", action="create", origin="ZA Customs")

    await services.runner.write(receive)
    url = "/api/v1/entities/6f1c1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b"
    shown = await (await client.get(url, headers=admin_auth)).json()
    assert shown["origin"] == "ZA Customs"
    refused = await client.put(url, json=entity_data, headers=admin_auth)
    assert refused.status == 403 and "ZA Customs" in (await refused.json())["error"]["message"]
    assert (await client.delete(url, headers=admin_auth)).status == 403


async def test_the_plain_list_pages_by_cursor(client: TestClient, admin_auth: dict[str, str]) -> None:
    for name in ("Ana Lima", "Bruno Costa", "Carla Dias", "Diego Reis", "Eva Sousa"):
        await post(client, admin_auth, "persons", {"full_name": name})
    seen, cursor = [], ""
    while True:
        page = await (await client.get("/api/v1/persons", params={"limit": "2", "sort": "name", "cursor": cursor},
                                       headers=admin_auth)).json()
        seen += [p["full_name"] for p in page["items"]]
        assert page["total"] == 5 and page["ranked"] is False
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ["Ana Lima", "Bruno Costa", "Carla Dias", "Diego Reis", "Eva Sousa"]
    assert (await client.get("/api/v1/persons", params={"cursor": "junk"}, headers=admin_auth)).status == 422


async def test_search_compares_names_as_the_matcher_does(client: TestClient, admin_auth: dict[str, str]) -> None:
    made = {}
    for data in ({"full_name": "Mohammed Al-Hassan"}, {"full_name": "GARCIA LOPEZ, José María"},
                 {"full_name": "Vladimir Petrov"}, {"full_name": "Wang Xiaoming"}, {"full_name": "Mohamed Salah"},
                 {"full_name": "Ahmed Okafor", "documents": [{"type": "passport", "number": "A0987654",
                                                              "country": "NG"}]}):
        made[data["full_name"]] = (await post(client, admin_auth, "persons", data))["id"]

    async def first(words: str) -> str:
        page = await (await client.get("/api/v1/persons", params={"q": words}, headers=admin_auth)).json()
        assert page["ranked"] is True and page["items"], words
        return str(page["items"][0]["full_name"])

    assert await first("Muhammad Alhasan") == "Mohammed Al-Hassan"
    assert await first("Jose Maria Garcia") == "GARCIA LOPEZ, José María"
    assert await first("Владимир Петров") == "Vladimir Petrov"
    assert await first("王小明") == "Wang Xiaoming"
    assert await first("a0987654") == "Ahmed Okafor"
    await post(client, admin_auth, "persons", {"full_name": "Anna Amupolo", "phones": ["+264 81 555 01429"]})
    await post(client, admin_auth, "persons", {"full_name": "Petrus Shikongo", "phones": ["+264 81 555 0142"]})
    for typed in ("+264 81 555 0142", "+264-81-555-0142", "(264) 81 555 0142", "+264815550142"):
        assert await first(typed) == "Petrus Shikongo", typed  # as the record shows it, or as dialled; the
        # number is the whole of Petrus's and the start of Anna's: the record holding it comes first
    assert await first("moha") in ("Mohammed Al-Hassan", "Mohamed Salah")  # as you type
    none = await (await client.get("/api/v1/persons", params={"q": '"; DROP TABLE persons; --'},
                                   headers=admin_auth)).json()
    assert none["items"] == []
    await post(client, admin_auth, "entities", {"legal_name": "ACME Trading Co., Ltd.",
                                                "registration": {"number": "2019/123456", "jurisdiction": "KE"}})
    found = await (await client.get("/api/v1/entities", params={"q": "Acme Trading Company Limited"},
                                    headers=admin_auth)).json()
    assert found["items"][0]["legal_name"] == "ACME Trading Co., Ltd." and found["items"][0]["match"]["exact"]
    by_number = await (await client.get("/api/v1/entities", params={"q": "2019123456"}, headers=admin_auth)).json()
    assert [e["legal_name"] for e in by_number["items"]] == ["ACME Trading Co., Ltd."]


async def test_the_watch_list_filter_looks_beyond_the_first_page_of_a_search(
        client: TestClient, admin_auth: dict[str, str]) -> None:
    # More namesakes than the search reads from its index (SEARCH_POOL), all found before the listed one.
    namesakes = [{"full_name": "Johannes Shikongo", "date_of_birth": f"{1940 + i % 60}-01-{1 + i // 60:02d}"}
                 for i in range(SEARCH_POOL + 20)]
    await post(client, admin_auth, "persons/import", {"items": namesakes}, status=200)
    listed = await post(client, admin_auth, "persons", {
        "full_name": "Johannes Shikongo-Nangolo", "watch_list": {"listed": True, "reason": "Courier"}})

    everyone = await (await client.get("/api/v1/persons", params={"q": "Johannes Shikongo"},
                                       headers=admin_auth)).json()
    assert len(everyone["items"]) == 50 and listed["id"] not in [p["id"] for p in everyone["items"]]
    watched = await (await client.get("/api/v1/persons", params={"q": "Johannes Shikongo", "watch_list": "1"},
                                      headers=admin_auth)).json()
    assert [p["id"] for p in watched["items"]] == [listed["id"]]
