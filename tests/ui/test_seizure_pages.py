"""The case form and pages in the browser: nothing typed is lost on an error; rows can be added."""

from __future__ import annotations

import html
import re

from aiohttp.test_utils import TestClient

from tests.conftest import NodeSetup, csrf_from, login_admin

FORM = {
    "reference": "NA/HKIA/2026/0042", "date": "2026-02-20", "time": "23:15", "status": "confirmed",
    "offence_type": "smuggling", "office-name": "Hosea Kutako airport", "office-country": "NA",
    "commodities-0-category": "cites", "commodities-0-species": "Manis temminckii",
    "commodities-0-cites_appendix": "I", "commodities-0-hs_code": "0507", "commodities-0-quantity": "14,5",
    "commodities-0-unit": "kg", "commodities-0-description": "pangolin scales in vacuum bags",
    "detection-method": "xray", "conveyance-mode": "air_passenger", "conveyance-identifier": "ET 834",
    "conveyance-container_numbers": "", "route-departure": "CM", "route-transit-0": "ET", "route-destination": "VN",
    "concealment-method": "in_baggage", "parties-0-kind": "person", "parties-0-role": "passenger",
    "parties-0-name": "Nguyen Van Hai", "narrative": "Two suitcases, scales wrapped in clothes.",
    "outcome-types": "arrest", "handling-code": "H1", "handling-sharing": "region", "handling-onward": "on",
}


async def test_a_case_made_through_the_form(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    page = await client.get("/seizures/new")
    csrf = csrf_from(await page.text())
    added = await client.post("/seizures/new", data={**FORM, "_csrf": csrf, "action": "add_commodity"})
    text = await added.text()
    assert added.status == 200 and 'name="commodities-1-category"' in text
    assert 'value="Manis temminckii"' in text  # what was typed is kept while adding a row

    saved = await client.post("/seizures/new", data={**FORM, "_csrf": csrf, "action": "save"},
                              allow_redirects=False)
    assert saved.status == 303, await saved.text()
    detail = html.unescape(await (await client.get(saved.headers["Location"])).text())
    assert "NA/HKIA/2026/0042" in detail and "Manis temminckii" in detail and "Nguyen Van Hai" in detail
    assert "Cameroon → Ethiopia → Vietnam" in detail and "14.5" in detail


async def test_errors_appear_next_to_fields_and_nothing_typed_is_lost(client: TestClient,
                                                                      node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = csrf_from(await (await client.get("/seizures/new")).text())
    bad = {**FORM, "_csrf": csrf, "action": "save", "commodities-0-hs_code": "7701",
           "commodities-0-quantity": "lots", "conveyance-container_numbers": "CSQU3054384"}
    response = await client.post("/seizures/new", data=bad)
    text = await response.text()
    assert response.status == 422
    assert re.search(r'id="f-commodities-0-hs_code-error">[^<]*no HS chapter 77', text)
    assert re.search(r'id="f-commodities-0-quantity-error">[^<]*a number', text)
    assert "should be 3" in text
    for value in ("NA/HKIA/2026/0042", "Manis temminckii", "Nguyen Van Hai", "lots", "CSQU3054384", "ET 834"):
        assert html.escape(value) in text, value
    listed = await (await client.get("/api/v1/seizures")).json()
    assert listed["total"] == 0


async def test_editing_someone_elses_newer_revision_is_refused_keeping_the_form(
        client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = csrf_from(await (await client.get("/seizures/new")).text())
    saved = await client.post("/seizures/new", data={**FORM, "_csrf": csrf}, allow_redirects=False)
    url = saved.headers["Location"]
    form_page = await (await client.get(url + "/edit")).text()
    assert 'name="revision" value="1"' in form_page
    first = await client.post(url + "/edit", data={**FORM, "_csrf": csrf, "revision": "1", "narrative": "mine"},
                              allow_redirects=False)
    assert first.status == 303
    second = await client.post(url + "/edit", data={**FORM, "_csrf": csrf, "revision": "1", "narrative": "theirs"})
    assert second.status == 409
    text = await second.text()
    assert "Someone else changed this case" in text and "theirs" in text


async def test_case_pages_in_french(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = csrf_from(await (await client.get("/account")).text())
    await client.post("/account", data={"_csrf": csrf, "language": "fr"})
    page = html.unescape(await (await client.get("/seizures/new")).text())
    assert "Nouveau dossier" in page or "Nouvelle affaire" in page
    assert "Mode de transport" in page and "Cameroun" in page
