"""Persons and entities in the browser: forms that keep what was typed, the record page with its matches,
network and timeline, decisions taken from it, pickers on the case and entity forms, and French."""

from __future__ import annotations

import base64
import html
import re

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import NodeSetup, csrf_from, login_admin, page_csrf
from tests.ui.test_seizure_pages import FORM as CASE_FORM

PERSON_FORM = {
    "full_name": "Mohammed Al-Hassan", "original_script-name": "محمد الحسن", "aliases-0": "Abu Karim",
    "sex": "M", "date_of_birth": "1979-04-12", "nationalities-0": "SD", "documents-0-type": "passport",
    "documents-0-number": "P04567812", "documents-0-country": "SD", "phones-0": "+264 81 555 0142",
    "watch_list-listed": "on", "watch_list-reason": "Courier", "source-reliability": "B", "source-assessment": "2",
}


async def _new(client: TestClient, plural: str, form: dict[str, str]) -> str:
    csrf = csrf_from(await (await client.get(f"/{plural}/new")).text())
    saved = await client.post(f"/{plural}/new", data={**form, "_csrf": csrf, "action": "save"},
                              allow_redirects=False)
    assert saved.status == 303, await saved.text()
    return saved.headers["Location"]


async def test_the_person_form_keeps_what_was_typed_and_shows_errors_next_to_fields(
        client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = csrf_from(await (await client.get("/persons/new")).text())
    added = await client.post("/persons/new", data={**PERSON_FORM, "_csrf": csrf, "action": "add:documents"})
    text = await added.text()
    assert added.status == 200 and 'name="documents-1-number"' in text and 'value="P04567812"' in text
    bad = {**PERSON_FORM, "_csrf": csrf, "action": "save", "date_of_birth": "12/04/1979", "phones-0": "call me",
           "watch_list-reason": ""}
    response = await client.post("/persons/new", data=bad)
    text = await response.text()
    assert response.status == 422
    assert re.search(r'id="f-date_of_birth-error">[^<]*YYYY-MM-DD', text)
    assert re.search(r'id="f-phones-0-error">[^<]*phone number', text)
    assert re.search(r'id="f-watch_list-reason-error">[^<]*Say why', text)
    for value in ("Mohammed Al-Hassan", "محمد الحسن", "Abu Karim", "12/04/1979", "call me", "P04567812"):
        assert html.escape(value) in text, value
    assert 'pattern="[0-9]{4}(-[0-9]{2}-[0-9]{2})?"' in text  # the browser checks too
    assert (await (await client.get("/api/v1/persons")).json())["total"] == 0


@pytest.mark.parametrize("crafted", [
    {"watch_list": "abc"},  # a scalar where the form has a group
    {"persons-0": "abc"},  # a row that is not a group of fields
    {"persons": "abc", "persons-0-name": "Someone"},  # both, in either order
    {"persons-0-name": "Someone", "persons": "abc"},
], ids=["watch_list", "row", "scalar-then-group", "group-then-scalar"])
async def test_a_crafted_entity_form_gets_an_answer_not_a_server_error(
        client: TestClient, node_setup: NodeSetup, crafted: dict[str, str]) -> None:
    await login_admin(client, node_setup)
    csrf = csrf_from(await (await client.get("/entities/new")).text())
    response = await client.post("/entities/new", data={"legal_name": "Kalahari Trading CC", **crafted,
                                                        "_csrf": csrf, "action": "save"}, allow_redirects=False)
    assert response.status in (200, 303, 422), await response.text()


def _token(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["e30", "WzFd", "bnVsbA", "WyJuYW1lIiwgMSwgMV0", "%%%", "é", _token("[" * 3000),
                                    _token('["updated_desc", "x", 100000000000000000000000000000]'),
                                    _token('["updated_desc", "x", true]')])
async def test_an_edited_page_link_is_refused_with_a_message(client: TestClient, node_setup: NodeSetup,
                                                            cursor: str) -> None:
    await login_admin(client, node_setup)
    for path in ("/persons", "/entities", "/seizures"):
        response = await client.get(path, params={"cursor": cursor})
        assert response.status in (200, 422), (path, response.status)
        assert "This page link is no longer valid" in await response.text(), path


async def test_the_record_page_proposes_duplicates_and_takes_decisions(client: TestClient,
                                                                       node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    first = await _new(client, "persons", PERSON_FORM)
    second_form = {"full_name": "Muhammad Alhasan", "date_of_birth": "1979-04-12", "sex": "M", "nationalities-0": "SD"}
    csrf = csrf_from(await (await client.get("/persons/new")).text())
    saved = await client.post("/persons/new", data={**second_form, "_csrf": csrf}, allow_redirects=False)
    second = saved.headers["Location"]
    page = html.unescape(await (await client.get(second)).text())
    assert "may be the same" in page and "Mohammed Al-Hassan" in page
    assert "Same date of birth 1979-04-12 and similar name" in page and "Merge into this record" in page
    first_id = first.rsplit("/", 1)[1]
    merged = await client.post(f"{second}/merge", data={"_csrf": csrf, "other": first_id}, allow_redirects=False)
    assert merged.status == 303
    page = html.unescape(await (await client.get(second)).text())
    assert "Merged records and decisions" in page and "merged on" in page
    absorbed = html.unescape(await (await client.get(first)).text())
    assert "This record was merged into Muhammad Alhasan" in absorbed and "Undo the merge" in absorbed
    assert f'action="{first}/delete"' not in absorbed and f'action="{second}/delete"' in page  # deleted with it
    assert "and any merged into it" in page
    undone = await client.post(f"{first}/unmerge", data={"_csrf": csrf, "back": second}, allow_redirects=False)
    assert undone.status == 303 and undone.headers["Location"] == second
    marked = await client.post(f"{second}/not-the-same", data={"_csrf": csrf, "other": first_id},
                               allow_redirects=False)
    assert marked.status == 303
    page = html.unescape(await (await client.get(second)).text())
    assert "finds no record that is probably the same" in page and "Marked as not the same as" in page
    history = html.unescape(await (await client.get(f"{second}/history")).text())
    assert "Mohammed Al-Hassan merged into Muhammad Alhasan" in history and "undone on" in history
    queue = await client.get("/persons/duplicates")
    assert queue.status == 200


async def test_pickers_link_cases_and_entities_to_records_or_create_them(client: TestClient,
                                                                        node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    person = await _new(client, "persons", PERSON_FORM)
    person_id = person.rsplit("/", 1)[1]
    csrf = await page_csrf(client, "/seizures/new")
    form = {**CASE_FORM, "_csrf": csrf, "parties-0-name": "Muhammad Alhasan", "parties-1-kind": "entity",
            "parties-1-role": "consignee", "parties-1-name": "Sahel Logistics SARL"}
    found = await client.post("/seizures/new", data={**form, "action": "find_parties"})
    text = html.unescape(await found.text())
    assert found.status == 200 and f'<option value="{person_id}">Mohammed Al-Hassan · 1979-04-12' in text
    saved = await client.post("/seizures/new", data={**form, "parties-0-ref": person_id, "parties-1-ref": "new",
                                                    "action": "save"}, allow_redirects=False)
    assert saved.status == 303, await saved.text()
    case_page = html.unescape(await (await client.get(saved.headers["Location"])).text())
    assert f'href="/persons/{person_id}"' in case_page
    entity_id = re.search(r'href="/entities/([0-9a-f-]{36})"><strong>Sahel Logistics SARL', case_page)
    assert entity_id, "the company was created in place and linked"

    page = html.unescape(await (await client.get(person)).text())
    assert "NA/HKIA/2026/0042" in page and '<ol class="timeline">' in page
    assert '<svg viewBox=' in page and f'<a href="/entities/{entity_id.group(1)}">' in page

    csrf = await page_csrf(client, f"/entities/{entity_id.group(1)}/edit")
    entity_form = {"_csrf": csrf, "legal_name": "Sahel Logistics SARL", "persons-0-name": "Fatou Diop",
                   "persons-0-role": "director", "persons-0-ref": "new", "persons-1-name": "M. Al-Hassan",
                   "persons-1-role": "owner", "persons-1-ref": person_id, "revision": "1", "action": "save"}
    edited = await client.post(f"/entities/{entity_id.group(1)}/edit", data=entity_form, allow_redirects=False)
    assert edited.status == 303, await edited.text()
    made = await (await client.get("/api/v1/persons", params={"q": "Fatou Diop"})).json()
    assert [p["full_name"] for p in made["items"]] == ["Fatou Diop"]
    page = html.unescape(await (await client.get(person)).text())
    assert "Fatou Diop" in page  # a partner through the company
    entity_page = html.unescape(await (await client.get(f"/entities/{entity_id.group(1)}")).text())
    assert "Persons behind the entity" in entity_page and "Fatou Diop</a> — Director" in entity_page
    listed = html.unescape(await (await client.get("/entities", params={"q": "sahel logistique"})).text())
    assert "Sahel Logistics SARL" in listed and "Likeness" in listed
    history = await client.get(f"/entities/{entity_id.group(1)}/history")
    assert history.status == 200 and "persons.0.name" in await history.text()


async def test_person_pages_in_french(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = csrf_from(await (await client.get("/account")).text())
    await client.post("/account", data={"_csrf": csrf, "language": "fr"})
    await _new(client, "persons", PERSON_FORM)
    csrf = csrf_from(await (await client.get("/persons/new")).text())
    saved = await client.post("/persons/new", data={"_csrf": csrf, "full_name": "Muhammad Alhasan",
                                                    "date_of_birth": "1979-04-12"}, allow_redirects=False)
    page = html.unescape(await (await client.get(saved.headers["Location"])).text())
    assert "Doublons possibles" in page and "Même date de naissance 1979-04-12" in page
    assert "Fusionner dans cette fiche" in page
    form = html.unescape(await (await client.get("/persons/new")).text())
    assert "Nom complet tel qu'écrit" in form and "Soudan" in form
