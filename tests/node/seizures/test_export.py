"""Exporting filtered lists as CSV and JSON: filters, paging through many cases, roles, formulas, audit."""

from __future__ import annotations

import copy
import csv
import io
from typing import Any

from aiohttp.test_utils import TestClient

from node.services.seizure_csv import COLUMNS
from node.services.seizure_export import non_nominal_columns
from tests.node.seizures.test_import import audit_details, native_csv, upload, user_auth, variants


async def export_csv(client: TestClient, auth: dict[str, str], query: str = "") -> list[dict[str, str]]:
    response = await client.get(f"/api/v1/seizures.csv{query}", headers=auth)
    assert response.status == 200, await response.text()
    assert response.headers["Content-Disposition"] == 'attachment; filename="ncen-seizures.csv"'
    return list(csv.DictReader(io.StringIO(await response.text())))


async def export_json(client: TestClient, auth: dict[str, str], query: str = "") -> list[dict[str, Any]]:
    response = await client.get(f"/api/v1/seizures.json{query}", headers=auth)
    assert response.status == 200, await response.text()
    result: list[dict[str, Any]] = await response.json()
    return result


def three_cases(case: dict[str, Any]) -> list[dict[str, Any]]:
    tobacco = copy.deepcopy(case)
    tobacco.update(reference="T-1", date="2026-01-10")
    tobacco["commodities"] = [case["commodities"][1]]
    tobacco["route"] = {"departure": "CN", "destination": "NA"}
    ivory = copy.deepcopy(case)
    ivory.update(reference="C-1", date="2025-12-01", status="closed")
    ivory["route"] = {"departure": "KE", "destination": "NA"}
    ivory["commodities"] = [{"category": "cites", "species": "Loxodonta africana", "hs_code": "0507",
                             "quantity": "12", "unit": "kg"}]
    return [case, tobacco, ivory]


async def test_filters_select_what_is_exported(client: TestClient, admin_auth: dict[str, str],
                                               case_data: dict[str, Any]) -> None:
    for case in three_cases(case_data):
        assert (await client.post("/api/v1/seizures", json=case, headers=admin_auth)).status == 201
    rows = await export_csv(client, admin_auth)
    assert list(rows[0]) == list(COLUMNS)
    assert [r["reference"] for r in rows] == ["NA/WVB/2026/0001"] * 2 + ["T-1", "C-1"]  # newest first
    assert rows[0]["parties"] == "person/driver: Johannes Amupolo; entity/consignee: Kalahari Trading CC"
    assert {r["reference"] for r in await export_csv(client, admin_auth, "?category=tobacco")} == \
        {"NA/WVB/2026/0001", "T-1"}
    assert [r["reference"] for r in await export_csv(client, admin_auth, "?country=BR")] == ["NA/WVB/2026/0001"] * 2
    assert [c["reference"] for c in await export_json(client, admin_auth, "?status=closed")] == ["C-1"]
    assert [c["reference"] for c in await export_json(client, admin_auth, "?date_to=2026-01-31&sort=date_asc")] \
        == ["C-1", "T-1"]
    assert [c["reference"] for c in await export_json(client, admin_auth, "?q=Kalahari&hs=2402")] == \
        ["NA/WVB/2026/0001", "T-1"]
    assert await export_json(client, admin_auth, "?category=weapons") == []
    bad = await client.get("/api/v1/seizures.csv?status=archived", headers=admin_auth)
    assert bad.status == 422 and "status" in (await bad.json())["error"]["fields"]
    details = await audit_details(client, "seizure.export")
    assert "csv, 2 cases, filter: category=tobacco" in details and "json, 0 cases, filter: category=weapons" in details
    assert "csv, 3 cases, filter: all" in details


async def test_a_long_list_is_exported_page_by_page(client: TestClient, admin_auth: dict[str, str],
                                                    case_data: dict[str, Any]) -> None:
    status, report = await upload(client, admin_auth, native_csv(*variants(case_data, 450)))
    assert (status, report["created"]) == (200, 450), report
    cases = await export_json(client, admin_auth, "?sort=reference")
    assert [c["reference"] for c in cases] == [f"NA/GEN/{i:05d}" for i in range(450)]
    rows = await export_csv(client, admin_auth, "?sort=reference")
    assert len({r["reference"] for r in rows}) == 450 and len(rows) == 675  # one row per commodity line


async def test_a_read_only_user_exports_no_personal_data(client: TestClient, admin_auth: dict[str, str],
                                                         case_data: dict[str, Any]) -> None:
    assert (await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)).status == 201
    reader = await user_auth(client, admin_auth, "reader", "readonly")
    rows = await export_csv(client, reader)
    assert list(rows[0]) == list(non_nominal_columns()) and len(rows) == 2
    assert not {"parties", "narrative", "reporting_officer", "carrier", "container_numbers"} & set(rows[0])
    text = await (await client.get("/api/v1/seizures.csv", headers=reader)).text()
    assert "Amupolo" not in text and "Kalahari" not in text and "Shikongo" not in text
    assert rows[0]["category"] == "drugs" and rows[0]["route_departure"] == "BR"
    [case] = await export_json(client, reader)
    assert "parties" not in case and "narrative" not in case
    assert "Amupolo" not in str(case)
    status, _ = await upload(client, reader, native_csv(case_data))
    assert status == 403


async def test_cells_that_look_like_formulas_are_neutralised(client: TestClient, admin_auth: dict[str, str],
                                                             case_data: dict[str, Any]) -> None:
    case_data["narrative"] = "=HYPERLINK(\"http://evil\",\"click\")"
    case_data["parties"][0]["name"] = "@SUM(1+1)"
    case_data["commodities"][0]["description"] = "+27 61 555"
    assert (await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)).status == 201
    rows = await export_csv(client, admin_auth)
    assert rows[0]["narrative"] == "'=HYPERLINK(\"http://evil\",\"click\")"
    assert rows[0]["description"] == "'+27 61 555"
    assert rows[0]["parties"].startswith("person/driver: @SUM")  # not at the start of the cell: harmless
