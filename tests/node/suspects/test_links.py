"""Links from both sides: cases name persons and entities, entities name persons; one person on many cases;
each record's page lists its cases, companies and persons, and its network and timeline come from them."""

from __future__ import annotations

import copy
from typing import Any

from aiohttp.test_utils import TestClient

from tests.node.seizures.conftest import CASE
from tests.node.suspects.conftest import post


def case(reference: str, date: str, parties: list[dict[str, str]]) -> dict[str, Any]:
    data = copy.deepcopy(CASE)
    data.update(reference=reference, date=date, parties=parties)
    return data


async def test_a_person_on_many_cases_and_behind_a_company(client: TestClient, admin_auth: dict[str, str],
                                                         person_data: dict[str, Any],
                                                         entity_data: dict[str, Any]) -> None:
    person = await post(client, admin_auth, "persons", person_data)
    partner = await post(client, admin_auth, "persons", {"full_name": "Johannes Amupolo"})
    entity_data["persons"] = [{"ref": person["id"], "role": "director", "name": "M. Al-Hassan"},
                              {"ref": partner["id"], "role": "owner", "name": "J. Amupolo"}]
    company = await post(client, admin_auth, "entities", entity_data)
    first = await post(client, admin_auth, "seizures", case("NA/WVB/2025/0007", "2025-11-03", [
        {"kind": "person", "role": "driver", "name": "Mohammed Al-Hassan", "ref": person["id"]},
        {"kind": "entity", "role": "consignee", "name": "Kalahari Trading CC", "ref": company["id"]},
        {"kind": "person", "role": "passenger", "name": "Unknown Passenger"}]))
    second = await post(client, admin_auth, "seizures", case("NA/WVB/2026/0001", "2026-02-14", [
        {"kind": "person", "role": "owner", "name": "M. Hassan", "ref": person["id"]},
        {"kind": "person", "role": "driver", "name": "M. Hassan", "ref": person["id"]}]))

    links = await (await client.get(f"/api/v1/persons/{person['id']}/links", headers=admin_auth)).json()
    assert [(c["reference"], c["roles"]) for c in links["cases"]] == [  # each case once, with every role
        ("NA/WVB/2026/0001", ["driver", "owner"]), ("NA/WVB/2025/0007", ["driver"])]
    assert links["cases"][1]["categories"] == ["drugs", "tobacco"]
    entities = {e["name"]: e["links"] for e in links["entities"]}
    assert entities == {"Kalahari Trading CC": [{"role": "consignee", "via": "NA/WVB/2025/0007"},
                                                {"role": "director", "via": ""}]}
    assert [(p["name"], p["links"]) for p in links["persons"]] == [
        ("Johannes Amupolo", [{"role": "owner", "via": "Kalahari Trading CC"}])]

    from_company = await (await client.get(f"/api/v1/entities/{company['id']}/links", headers=admin_auth)).json()
    assert [c["reference"] for c in from_company["cases"]] == ["NA/WVB/2025/0007"]
    assert {p["name"]: [link["role"] for link in p["links"]] for p in from_company["persons"]} == {
        "Mohammed Al-Hassan": ["driver", "director"], "Johannes Amupolo": ["owner"]}

    network = await (await client.get(f"/api/v1/persons/{person['id']}/network", headers=admin_auth)).json()
    nodes = {n["id"]: n for n in network["nodes"]}
    me, firm = f"person:{person['id']}", f"entity:{company['id']}"
    assert nodes[me]["center"] and nodes[firm]["url"] == f"/entities/{company['id']}"
    assert {n["label"] for n in network["nodes"] if n["kind"] == "case"} == {"NA/WVB/2025/0007", "NA/WVB/2026/0001"}
    assert nodes["name:person:unknown passenger"]["linked"] is False
    edges = {(e["source"], e["target"]): e["roles"] for e in network["edges"]}
    assert edges[tuple(sorted((firm, me)))] == ["director"]
    assert edges[tuple(sorted((f"case:{first['id']}", firm)))] == ["consignee"]
    assert edges[tuple(sorted((f"case:{second['id']}", me)))] == ["driver", "owner"]
    assert edges[tuple(sorted((firm, f"person:{partner['id']}")))] == ["owner"]

    # Unlinking on the case side removes the link; deleting the case removes the rest.
    changed = case("NA/WVB/2026/0001", "2026-02-14", [{"kind": "person", "role": "owner", "name": "M. Hassan"}])
    assert (await client.put(f"/api/v1/seizures/{second['id']}", json=changed, headers=admin_auth)).status == 200
    assert (await client.delete(f"/api/v1/seizures/{first['id']}", headers=admin_auth)).status == 204
    links = await (await client.get(f"/api/v1/persons/{person['id']}/links", headers=admin_auth)).json()
    assert links["cases"] == [] and [e["name"] for e in links["entities"]] == ["Kalahari Trading CC"]


async def test_a_case_may_only_link_records_that_exist(client: TestClient, admin_auth: dict[str, str]) -> None:
    entity = await post(client, admin_auth, "entities", {"legal_name": "Atlas Shipping SARL"})
    ghost = "00000000-0000-4000-8000-000000000000"
    refused = await client.post("/api/v1/seizures", headers=admin_auth, json=case("C-1", "2026-01-10", [
        {"kind": "person", "role": "driver", "name": "Nobody", "ref": ghost},
        {"kind": "person", "role": "consignee", "name": "Atlas", "ref": entity["id"]}]))  # an entity, not a person
    fields = (await refused.json())["error"]["fields"]
    assert refused.status == 422 and set(fields) == {"parties.0.ref", "parties.1.ref"}
    made = await post(client, admin_auth, "seizures", case("C-1", "2026-01-10", [
        {"kind": "entity", "role": "consignee", "name": "Atlas", "ref": entity["id"]}]))
    # A record deleted since stays acceptable on the case that already names it.
    assert (await client.delete(f"/api/v1/entities/{entity['id']}", headers=admin_auth)).status == 204
    kept = case("C-1", "2026-01-10", [{"kind": "entity", "role": "consignee", "name": "Atlas SARL",
                                       "ref": entity["id"]}])
    assert (await client.put(f"/api/v1/seizures/{made['id']}", json=kept, headers=admin_auth)).status == 200
