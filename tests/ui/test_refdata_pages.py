"""Administrators extend the code lists and load the HS nomenclature; cases follow the lists."""

from __future__ import annotations

from pathlib import Path

from aiohttp import FormData
from aiohttp.test_utils import TestClient

from tests.conftest import NodeSetup, login, login_admin, page_csrf
from tests.node.seizures.conftest import CASE


async def test_lists_are_extended_and_retired_and_cases_follow(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client, "/admin/lists")
    added = await client.post("/admin/lists", data={"_csrf": csrf, "list": "office", "code": "wvb_port",
                                                    "label_en": "Walvis Bay port", "label_fr": "Port de Walvis Bay"})
    assert added.status == 200 and "Walvis Bay port" in await added.text()
    bad = await client.post("/admin/lists", data={"_csrf": csrf, "list": "office", "code": "Walvis Bay!",
                                                  "label_en": ""})
    assert bad.status == 422 and 'value="Walvis Bay!"' in await bad.text()

    case = {**CASE, "office": {"code": "wvb_port", "country": "NA"}}
    created = await client.post("/api/v1/seizures", json=case, headers={"X-CSRF-Token": csrf})
    assert created.status == 201
    case_id = (await created.json())["id"]
    filtered = await (await client.get("/api/v1/seizures", params={"office": "wvb_port"})).json()
    assert filtered["total"] == 1

    retired = await client.post("/admin/lists/detection_method/xray/toggle", data={"_csrf": csrf})
    assert retired.status == 200 and "Retired" in await retired.text()
    refused = await client.post("/api/v1/seizures", json={**case, "reference": "NEW-1"},
                                headers={"X-CSRF-Token": csrf})
    assert refused.status == 422 and "detection.method" in (await refused.json())["error"]["fields"]
    kept = await client.put(f"/api/v1/seizures/{case_id}", json={**case, "narrative": "edited"},
                            headers={"X-CSRF-Token": csrf})
    assert kept.status == 200  # a case that already had the retired code keeps it
    audit = await (await client.get("/api/v1/audit", params={"action": "refdata."})).json()
    assert audit["total"] == 2


async def test_the_hs_nomenclature_is_loaded_from_the_page(client: TestClient, node_setup: NodeSetup,
                                                           shared_data: Path) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client, "/admin/lists")
    broken = FormData()
    broken.add_field("_csrf", csrf)
    broken.add_field("file", b"code;text\n01;animals\n", filename="hs.csv", content_type="text/csv")
    response = await client.post("/admin/hs", data=broken)
    assert response.status == 422 and "hscode, description, parent, level" in await response.text()
    form = FormData()
    form.add_field("_csrf", csrf)
    form.add_field("file", (shared_data / "ref" / "harmonized-system.csv").read_bytes(), filename="hs.csv",
                   content_type="text/csv")
    loaded = await client.post("/admin/hs", data=form)
    assert loaded.status == 200 and "A full HS nomenclature is loaded" in await loaded.text()


async def test_only_administrators_manage_lists(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    await client.post("/api/v1/users", json={"username": "ana", "role": "analyst", "password": "a-long-password-1"},
                      headers={"X-CSRF-Token": csrf})
    client.session.cookie_jar.clear()
    await login(client, "ana", "a-long-password-1")
    assert (await client.get("/admin/lists")).status == 403
    csrf = await page_csrf(client)
    assert (await client.post("/admin/lists", data={"_csrf": csrf, "list": "unit", "code": "bags",
                                                    "label_en": "bags"})).status == 403
