"""Matching in the node: proposals on create, update and import, merges and their undo, "not the same"."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from node.appkeys import SERVICES
from node.matching import EntityFacts, PersonFacts
from tests.node.seizures.conftest import CASE
from tests.node.suspects.conftest import post

VARIANT = {"full_name": "Muhammad Alhasan", "date_of_birth": "1979-04-12", "sex": "M", "nationalities": ["SD"]}


async def test_a_new_record_is_proposed_with_its_score_and_reasons(client: TestClient, admin_auth: dict[str, str],
                                                                  person_data: dict[str, Any]) -> None:
    first = await post(client, admin_auth, "persons", person_data)
    await post(client, admin_auth, "persons", {"full_name": "Mohammed Al-Hassan", "date_of_birth": "1962-01-30"})
    second = await post(client, admin_auth, "persons", VARIANT)
    [proposal] = second["proposals"]  # not the namesake born in 1962
    assert proposal["id"] == first["id"] and proposal["score"] > 0.95
    codes = [r["code"] for r in proposal["reasons"]]
    assert codes[0] == "same_dob_similar_name" and "shared_nationality" in codes
    reason = proposal["reasons"][0]
    assert reason["text"] == "Same date of birth 1979-04-12 and similar name"
    assert reason["template"] == "Same date of birth {dob} and similar name" and reason["params"]["dob"]
    matches = await (await client.get(f"/api/v1/persons/{first['id']}/matches", headers=admin_auth)).json()
    assert [m["id"] for m in matches["items"]] == [second["id"]]
    queue = await (await client.get("/api/v1/persons/duplicates", headers=admin_auth)).json()
    assert [(q["id"], q["candidate"]) for q in queue["items"]] == [(second["id"], first["id"])]


async def test_the_propose_method_takes_facts_not_a_stored_record(client: TestClient, admin_auth: dict[str, str],
                                                                 person_data: dict[str, Any],
                                                                 entity_data: dict[str, Any]) -> None:
    person = await post(client, admin_auth, "persons", person_data)
    entity = await post(client, admin_auth, "entities", entity_data)
    matching = client.app[SERVICES].matching
    received = PersonFacts(id="received", names=("Владимир Петров",), date_of_birth=date(1979, 4, 12))
    assert await matching.propose_person_matches(received) == []
    received = PersonFacts(id="received", names=("HASSAN, Mohamed",), date_of_birth=date(1979, 4, 12),
                           nationalities=("SD",))
    assert [p.uuid for p in await matching.propose_person_matches(received)] == [person["id"]]
    company = EntityFacts(id="received", names=("Kalahari Trading Close Corporation",),
                          registration_number="CC 2011 04567", jurisdiction="NA")
    [found] = await matching.propose_entity_matches(company)
    assert found.uuid == entity["id"] and found.reasons[0].code == "same_registration"


async def test_merge_and_undo(client: TestClient, admin_auth: dict[str, str], person_data: dict[str, Any]) -> None:
    survivor = await post(client, admin_auth, "persons", person_data)
    absorbed = await post(client, admin_auth, "persons", {**VARIANT, "aliases": ["Abu Salim"]})
    data = copy.deepcopy(CASE)
    data["parties"] = [{"kind": "person", "role": "driver", "name": "Muhammad Alhasan", "ref": absorbed["id"]}]
    seizure = await post(client, admin_auth, "seizures", data)
    url = f"/api/v1/persons/{survivor['id']}"
    merged = await client.post(f"{url}/merge", json={"absorb": absorbed["id"]}, headers=admin_auth)
    assert merged.status == 200, await merged.text()

    # Views union the two: one entry in the list, search by the absorbed record's alias finds the survivor,
    # the absorbed record's case shows on the survivor, and neither is proposed as the other's duplicate.
    listed = await (await client.get("/api/v1/persons", headers=admin_auth)).json()
    assert [p["id"] for p in listed["items"]] == [survivor["id"]]
    found = await (await client.get("/api/v1/persons", params={"q": "Abu Salim"}, headers=admin_auth)).json()
    assert [p["id"] for p in found["items"]] == [survivor["id"]]
    links = await (await client.get(f"{url}/links", headers=admin_auth)).json()
    assert [c["id"] for c in links["cases"]] == [seizure["id"]]
    assert (await (await client.get(f"{url}/matches", headers=admin_auth)).json())["items"] == []
    assert (await (await client.get("/api/v1/persons/duplicates", headers=admin_auth)).json())["items"] == []
    shown = await (await client.get(f"/api/v1/persons/{absorbed['id']}", headers=admin_auth)).json()
    assert shown["merged_into"] == survivor["id"] and shown["full_name"] == "Muhammad Alhasan"  # kept as it was
    again = await client.post(f"{url}/merge", json={"absorb": absorbed["id"]}, headers=admin_auth)
    assert again.status == 409

    history = await (await client.get(f"{url}/history", headers=admin_auth)).json()
    [merge] = history["merges"]
    assert (merge["survivor"], merge["absorbed"], merge["user"], merge["undone_at"]) == (
        survivor["id"], absorbed["id"], "admin", None)

    undone = await client.post(f"/api/v1/persons/{absorbed['id']}/unmerge", headers=admin_auth)
    assert undone.status == 200 and (await undone.json())["was_merged_into"] == survivor["id"]
    listed = await (await client.get("/api/v1/persons", headers=admin_auth)).json()
    assert {p["id"] for p in listed["items"]} == {survivor["id"], absorbed["id"]}
    assert "merged_into" not in await (await client.get(f"/api/v1/persons/{absorbed['id']}",
                                                        headers=admin_auth)).json()
    assert [m["id"] for m in (await (await client.get(f"{url}/matches", headers=admin_auth)).json())["items"]] == [
        absorbed["id"]]
    history = await (await client.get(f"{url}/history", headers=admin_auth)).json()
    assert history["merges"][0]["undone_by"] == "admin"
    assert (await client.post(f"/api/v1/persons/{absorbed['id']}/unmerge", headers=admin_auth)).status == 409
    audit = await (await client.get("/api/v1/audit", params={"action": "person.merge"}, headers=admin_auth)).json()
    assert audit["total"] == 1 and audit["items"][0]["object_id"] == survivor["id"]
    audit = await (await client.get("/api/v1/audit", params={"action": "person.unmerge"}, headers=admin_auth)).json()
    assert audit["total"] == 1


async def test_a_merged_record_is_deleted_with_the_record_it_was_merged_into(
        client: TestClient, admin_auth: dict[str, str], person_data: dict[str, Any]) -> None:
    survivor = await post(client, admin_auth, "persons", person_data)
    absorbed = await post(client, admin_auth, "persons", {**VARIANT, "aliases": ["Abu Salim"]})
    other = await post(client, admin_auth, "persons", {"full_name": "Vladimir Petrov", "date_of_birth": "1971-02-03"})
    url = f"/api/v1/persons/{survivor['id']}"
    assert (await client.post(f"{url}/merge", json={"absorb": absorbed["id"]}, headers=admin_auth)).status == 200

    alone = await client.delete(f"/api/v1/persons/{absorbed['id']}", headers=admin_auth)
    assert alone.status == 409 and "undo the merge first" in (await alone.json())["error"]["message"]
    kept = await (await client.get(f"/api/v1/persons/{absorbed['id']}", headers=admin_auth)).json()
    assert kept["merged_into"] == survivor["id"]  # still in the group its survivor's page shows

    assert (await client.delete(url, headers=admin_auth)).status == 204
    for gone in (survivor, absorbed):
        assert (await client.get(f"/api/v1/persons/{gone['id']}", headers=admin_auth)).status == 404
    listed = await (await client.get("/api/v1/persons", headers=admin_auth)).json()
    assert [p["id"] for p in listed["items"]] == [other["id"]]
    found = await (await client.get("/api/v1/persons", params={"q": "Abu Salim"}, headers=admin_auth)).json()
    assert found["items"] == []
    again = await post(client, admin_auth, "persons", VARIANT)
    assert again["proposals"] == []  # neither is proposed any more
    audit = await (await client.get("/api/v1/audit", params={"action": "person.delete"}, headers=admin_auth)).json()
    assert [e["detail"] for e in audit["items"]] == [f"{survivor['full_name']} and 1 merged into it"]


async def test_not_the_same_is_never_proposed_again(client: TestClient, admin_auth: dict[str, str],
                                                    person_data: dict[str, Any]) -> None:
    first = await post(client, admin_auth, "persons", person_data)
    second = await post(client, admin_auth, "persons", VARIANT)
    assert second["proposals"]
    url = f"/api/v1/persons/{second['id']}"
    assert (await client.post(f"{url}/not-the-same", json={"other": first["id"]}, headers=admin_auth)).status == 204
    assert (await (await client.get(f"{url}/matches", headers=admin_auth)).json())["items"] == []
    assert (await (await client.get("/api/v1/persons/duplicates", headers=admin_auth)).json())["items"] == []
    changed = await client.put(url, json={**VARIANT, "occupation": "Driver"}, headers=admin_auth)
    assert (await changed.json())["proposals"] == []  # not even after a change
    refused = await client.post(f"{url}/merge", json={"absorb": first["id"]}, headers=admin_auth)
    assert refused.status == 409 and "not the same" in (await refused.json())["error"]["message"]
    history = await (await client.get(f"{url}/history", headers=admin_auth)).json()
    assert [m["id"] for m in history["not_the_same"]] == [first["id"]]
    withdrawn = await client.delete(f"{url}/not-the-same/{first['id']}", headers=admin_auth)
    assert withdrawn.status == 204
    assert [m["id"] for m in (await (await client.get(f"{url}/matches", headers=admin_auth)).json())["items"]] == [
        first["id"]]


async def test_an_import_matches_every_record_against_the_database_and_the_batch(
        client: TestClient, admin_auth: dict[str, str], person_data: dict[str, Any]) -> None:
    existing = await post(client, admin_auth, "persons", person_data)
    items = [VARIANT,
             {"full_name": "Ngozi Okeke", "date_of_birth": "1985-07-01", "documents": [
                 {"type": "passport", "number": "A01234567", "country": "NG"}]},
             {"full_name": "OKEKE, Ngozi Adaeze", "documents": [
                 {"type": "passport", "number": "AO1234567", "country": "NG"}]},  # O read as 0
             {"full_name": "", "sex": "Q"}]
    report = await post(client, admin_auth, "persons/import", {"items": items}, status=200)
    assert (report["created"], report["failed"], report["matched"]) == (3, 1, 2)
    assert {e["field"] for e in report["errors"] if e["item"] == 3} == {"full_name", "sex"}
    pairs = {(p["candidate"] == existing["id"]) for p in report["proposals"]}
    assert pairs == {True, False}  # one against the database, one inside the batch
    again = await post(client, admin_auth, "persons/import", {"items": items[:1], "dry_run": True}, status=200)
    assert (again["created"], again["matched"], again["dry_run"]) == (1, 1, True)
    assert len((await (await client.get("/api/v1/persons", headers=admin_auth)).json())["items"]) == 4


async def test_a_large_import_is_checked_in_a_worker_process(client: TestClient, admin_auth: dict[str, str]) -> None:
    from node.services.suspects import PROCESS_MIN_ITEMS

    def word(number: int) -> str:  # a distinct made-up family name per item
        return "".join("bcdfghjklmnprstvz"[int(digit, 17)] + "aeiou"[i % 5] for i, digit in
                       enumerate(f"{number:04d}")).capitalize()

    items: list[dict[str, Any]] = [
        {"full_name": f"Amina {word(i)}", "date_of_birth": (date(1950, 1, 1) + timedelta(days=9 * i)).isoformat()}
        for i in range(PROCESS_MIN_ITEMS)]
    items[-1] = {**VARIANT, "nationalities": ["XX"]}  # refused by the worker's checks
    items[-2] = VARIANT
    items[-3] = {"full_name": "ALHASAN, Muhammad", "date_of_birth": "1979-04-12", "sex": "M"}
    report = await post(client, admin_auth, "persons/import", {"items": items}, status=200)
    assert (report["created"], report["failed"], report["matched"]) == (PROCESS_MIN_ITEMS - 1, 1, 1)
    assert report["errors"][0]["item"] == PROCESS_MIN_ITEMS - 1 and report["errors"][0]["field"] == "nationalities.0"
