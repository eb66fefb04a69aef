"""Every field of a person and an entity refuses bad values with a message naming the field; nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.node.seizures.test_validation import with_change
from tests.node.suspects.conftest import ENTITY, PERSON, post

PERSON_BAD = [
    ("full_name", "", "full_name", "Give the person's name"),  # with family and given names removed below
    ("full_name", "x" * 301, "full_name", "at most 300"),
    ("given_names", "Ali\x07", "given_names", "control characters"),
    ("original_script", {"name": "", "transliteration": "Vladimir"}, "original_script.name", "original script too"),
    ("aliases", "Abu Karim", "aliases", "list"),
    ("aliases", ["x"] * 21, "aliases", "at most 20"),
    ("sex", "male", "sex", "from the list"),
    ("date_of_birth", "12/04/1979", "date_of_birth", "YYYY-MM-DD, or the year alone"),
    ("date_of_birth", "1979-02-30", "date_of_birth", "YYYY-MM-DD, or the year alone"),
    ("date_of_birth", "1850", "date_of_birth", "after 1880"),
    ("date_of_birth", "2099-01-01", "date_of_birth", "in the future"),
    ("place_of_birth.country", "Sudan", "place_of_birth.country", "ISO 3166"),
    ("nationalities", ["SD", "XX"], "nationalities.1", "ISO 3166"),
    ("documents.0.type", "", "documents.0.type", "from the list"),
    ("documents.0.type", "library_card", "documents.0.type", "from the list"),
    ("documents.0.number", "", "documents.0.number", "required"),
    ("documents.0.country", "Sudan", "documents.0.country", "ISO 3166"),
    ("documents.0.expiry", "soon", "documents.0.expiry", "YYYY-MM-DD"),
    ("addresses.0", {"street": "", "city": "", "country": ""}, "addresses.0", "at least the street"),
    ("addresses.0.country", "NAM", "addresses.0.country", "ISO 3166"),
    ("phones", ["call me"], "phones.0", "phone number"),
    ("emails", ["m.hassan(at)example.org"], "emails.0", "e-mail address"),
    ("occupation", "y" * 201, "occupation", "at most 200"),
    ("physical_description", "z" * 2001, "physical_description", "at most 2000"),
    ("notes", "n" * 20_001, "notes", "at most 20000"),
    ("watch_list.listed", "yes", "watch_list.listed", "yes or no"),
    ("watch_list.reason", "", "watch_list.reason", "Say why"),
    ("source.reliability", "D", "source.reliability", "from the list"),
    ("source.assessment", 5, "source.assessment", "from the list"),
    ("eye_colour", "brown", "eye_colour", "Unknown field"),
]

ENTITY_BAD = [
    ("legal_name", "", "legal_name", "legal name or at least one trading name"),
    ("legal_name", "L" * 301, "legal_name", "at most 300"),
    ("trading_names", "Kalahari", "trading_names", "list"),
    ("legal_form", "Pty Ltd", "legal_form", "from the list"),
    ("legal_form", "kibbutz", "legal_form", "from the list"),
    ("registration.jurisdiction", "Namibia", "registration.jurisdiction", "ISO 3166"),
    ("registration", {"number": "", "jurisdiction": "NA"}, "registration.number", "registration number"),
    ("tax_ids.0.scheme", "", "tax_ids.0.scheme", "from the list"),
    ("tax_ids.0.scheme", "ssn", "tax_ids.0.scheme", "from the list"),
    ("tax_ids.0.value", "", "tax_ids.0.value", "required"),
    ("types", ["importer", "smuggler"], "types", "from the list"),
    ("website", "not a site", "website", "web address"),
    ("persons", [{"ref": "", "role": "director", "name": ""}], "persons.0.name", "required"),
    ("persons", [{"ref": "", "role": "boss", "name": "A. Person"}], "persons.0.role", "from the list"),
    ("persons", [{"ref": "00000000-0000-4000-8000-000000000000", "role": "owner", "name": "Ghost"}],
     "persons.0.ref", "no such record"),
    ("persons", [{"ref": "", "role": "owner", "name": "A"}, {"ref": "", "role": "owner", "name": "a"}],
     "persons.1", "already listed"),
    ("watch_list", {"listed": True, "reason": ""}, "watch_list.reason", "Say why"),
    ("colour", "red", "colour", "Unknown field"),
]


async def _refused(client: TestClient, auth: dict[str, str], path: str, data: dict[str, Any], field: str,
                   fragment: str) -> None:
    response = await client.post(f"/api/v1/{path}", json=data, headers=auth)
    body = await response.json()
    assert response.status == 422, body
    assert field in body["error"]["fields"], body["error"]["fields"]
    assert fragment in body["error"]["fields"][field]
    listed = await (await client.get(f"/api/v1/{path}", headers=auth)).json()
    assert listed["total"] == 0


@pytest.mark.parametrize(("path", "value", "field", "fragment"), PERSON_BAD)
async def test_bad_person_fields_are_refused_naming_the_field(client: TestClient, admin_auth: dict[str, str],
                                                              path: str, value: Any, field: str,
                                                              fragment: str) -> None:
    data = with_change(PERSON, path, value)
    if path == "full_name" and value == "":
        data.update(family_name="", given_names="", original_script={})
    await _refused(client, admin_auth, "persons", data, field, fragment)


@pytest.mark.parametrize(("path", "value", "field", "fragment"), ENTITY_BAD)
async def test_bad_entity_fields_are_refused_naming_the_field(client: TestClient, admin_auth: dict[str, str],
                                                              path: str, value: Any, field: str,
                                                              fragment: str) -> None:
    data = with_change(ENTITY, path, value)
    if path == "legal_name" and value == "":
        data["trading_names"] = []
    await _refused(client, admin_auth, "entities", data, field, fragment)


async def test_values_are_normalised(client: TestClient, admin_auth: dict[str, str],
                                     person_data: dict[str, Any]) -> None:
    person_data.update(full_name="", given_names=" Mohammed  ", family_name="Al-Hassan", sex="m",
                       date_of_birth=1979, nationalities=["sd", "SD"], aliases=["Abu Karim", "abu karim", ""],
                       emails=["M.Hassan@EXAMPLE.org"])
    person_data["source"]["assessment"] = 2
    person = await post(client, admin_auth, "persons", person_data)
    assert person["full_name"] == "Mohammed Al-Hassan" and person["sex"] == "M"
    assert person["date_of_birth"] == "1979" and person["nationalities"] == ["SD"]
    assert person["aliases"] == ["Abu Karim"] and person["emails"] == ["M.Hassan@example.org"]
    assert person["source"]["assessment"] == "2" and person["origin"] == "" and person["revision"] == 1
    assert person["pictures"] == [] and person["proposals"] == []


async def test_a_minimal_record_of_each_kind(client: TestClient, admin_auth: dict[str, str]) -> None:
    person = await post(client, admin_auth, "persons", {"full_name": "Иван Петров"})
    assert person["documents"] == [] and person["watch_list"] == {"listed": False, "reason": ""}
    entity = await post(client, admin_auth, "entities", {"trading_names": ["Tri-Star Logistics"]})
    assert entity["legal_name"] == "" and entity["registration"] == {"number": "", "jurisdiction": ""}
