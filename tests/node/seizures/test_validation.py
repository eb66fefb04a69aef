"""Every field of a case refuses bad values with a message naming the field; nothing is stored."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from node.appkeys import SERVICES
from protocol.records.fields import container_check_digit, is_container_number


def with_change(case: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(case)
    node: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value
    return data


BAD_VALUES = [
    ("reference", "", "reference", "required"),
    ("reference", "A" * 65, "reference", "at most 64"),
    ("reference", "NA<script>", "reference", "letters, digits"),
    ("date", "14/02/2026", "date", "YYYY-MM-DD"),
    ("date", "2026-02-30", "date", "YYYY-MM-DD"),
    ("date", "2099-01-01", "date", "in the future"),
    ("time", "25:00", "time", "HH:MM"),
    ("status", "archived", "status", "from the list"),
    ("offence_type", "murder", "offence_type", "from the list"),
    ("office.locode", "WALVIS", "office.locode", "UN/LOCODE"),
    ("office.locode", "XXABC", "office.locode", "UN/LOCODE"),
    ("office.country", "Namibia", "office.country", "ISO 3166"),
    ("office.code", "no_such_office", "office.code", "from the list"),
    ("narrative", "x" * 20_001, "narrative", "at most 20000"),
    ("narrative", "bell\x07", "narrative", "control characters"),
    ("handling.code", "H9", "handling.code", "from the list"),
    ("handling.onward", "yes", "handling.onward", "yes or no"),
    ("outcome.types", ["fined_twice"], "outcome.types", "from the list"),
    ("commodities", "many", "commodities", "list"),
    ("commodities", [], "commodities", "at least one commodity"),
    ("commodities.0.category", "spices", "commodities.0.category", "from the list"),
    ("commodities.0.hs_code", "29", "commodities.0.hs_code", None),  # valid: chapter only
    ("commodities.0.hs_code", "293", "commodities.0.hs_code", "2, 4 or 6 digits"),
    ("commodities.0.hs_code", "7700", "commodities.0.hs_code", "no HS chapter 77"),
    ("commodities.0.hs_code", "2999", "commodities.0.hs_code", "no HS heading 2999"),
    ("commodities.0.quantity", "twelve", "commodities.0.quantity", "a number"),
    ("commodities.0.quantity", "-3", "commodities.0.quantity", "zero or more"),
    ("commodities.0.quantity", True, "commodities.0.quantity", "a number"),
    ("commodities.0.unit", "", "commodities.0.unit", "unit of the quantity"),
    ("commodities.0.unit", "barrels", "commodities.0.unit", "from the list"),
    ("commodities.0.currency", "DOLLARS", "commodities.0.currency", "ISO 4217"),
    ("commodities.0.currency", "", "commodities.0.currency", "currency of the value"),
    ("commodities.0.drug_type", "Cocaine HCl", "commodities.0.drug_type", "from the list"),
    ("commodities.0.cites_appendix", "IV", "commodities.0.cites_appendix", "from the list"),
    ("detection.method", "", "detection.method", "from the list"),
    ("detection.method", "psychic", "detection.method", "from the list"),
    ("conveyance.mode", "camel", "conveyance.mode", "from the list"),
    ("conveyance.container_numbers", ["CSQU3054384"], "conveyance.container_numbers.0", "should be 3"),
    ("conveyance.container_numbers", ["12345"], "conveyance.container_numbers.0", "owner code"),
    ("conveyance.transport_document.type", "napkin", "conveyance.transport_document.type", "from the list"),
    ("route.departure", "BRA", "route.departure", "ISO 3166"),
    ("route.transit", ["ZA", "ZZ"], "route.transit.1", "ISO 3166"),
    ("route.ports", [{"locode": "", "name": ""}], "route.ports.0", "UN/LOCODE or its name"),
    ("concealment.method", "magic", "concealment.method", "from the list"),
    ("parties.0.name", "", "parties.0.name", "required"),
    ("parties.0.role", "mastermind", "parties.0.role", "from the list"),
    ("parties.0.kind", "alien", "parties.0.kind", "from the list"),
    ("colour", "red", "colour", "Unknown field"),
]


@pytest.mark.parametrize(("path", "value", "field", "fragment"), BAD_VALUES)
async def test_bad_values_are_refused_naming_the_field(client: TestClient, admin_auth: dict[str, str],
                                                       case_data: dict[str, Any], path: str, value: Any, field: str,
                                                       fragment: str | None) -> None:
    response = await client.post("/api/v1/seizures", json=with_change(case_data, path, value), headers=admin_auth)
    body = await response.json()
    if fragment is None:
        assert response.status == 201, body
        return
    assert response.status == 422, body
    assert field in body["error"]["fields"], body["error"]["fields"]
    assert fragment in body["error"]["fields"][field]
    listed = await (await client.get("/api/v1/seizures", headers=admin_auth)).json()
    assert listed["total"] == 0


async def test_a_draft_may_be_incomplete(client: TestClient, admin_auth: dict[str, str]) -> None:
    draft = {"reference": "DRAFT-1", "date": "2026-01-05", "offence_type": "other"}
    response = await client.post("/api/v1/seizures", json=draft, headers=admin_auth)
    assert response.status == 201
    case = await response.json()
    assert case["status"] == "draft" and case["commodities"] == [] and case["handling"]["code"] == "H1"


async def test_values_are_normalised(client: TestClient, admin_auth: dict[str, str],
                                     case_data: dict[str, Any]) -> None:
    case_data["commodities"][0].update(quantity="0052,40", hs_code="2939.71", currency="usd")
    case_data["conveyance"]["container_numbers"] = ["csqu 305438-3", "CSQU3054383"]
    case_data["route"]["departure"] = "br"
    case_data["reference"] = "  NA/WVB/2026/0001  "
    case = await (await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)).json()
    line = case["commodities"][0]
    assert (line["quantity"], line["hs_code"], line["currency"]) == ("52.4", "293971", "USD")
    assert case["conveyance"]["container_numbers"] == ["CSQU3054383"]
    assert case["route"]["departure"] == "BR" and case["reference"] == "NA/WVB/2026/0001"


async def test_references_are_unique(client: TestClient, admin_auth: dict[str, str],
                                     case_data: dict[str, Any]) -> None:
    assert (await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)).status == 201
    case_data["reference"] = case_data["reference"].lower()
    again = await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)
    assert again.status == 422
    assert "already has this reference" in (await again.json())["error"]["fields"]["reference"]


async def test_hs_codes_are_checked_against_the_imported_nomenclature(
        client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any], shared_data: Any) -> None:
    case_data["commodities"][0]["hs_code"] = "293999"  # heading 2939 exists; the subheading does not
    assert (await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)).status == 201
    services = client.app[SERVICES]
    result = await services.refdata.import_hs(None, (shared_data / "ref" / "harmonized-system.csv").read_bytes())
    assert result.subheadings > 5000
    case_data["reference"] = "NA/WVB/2026/0002"
    refused = await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)
    assert refused.status == 422
    assert "not in the HS nomenclature" in (await refused.json())["error"]["fields"]["commodities.0.hs_code"]
    case_data["commodities"][0]["hs_code"] = "293972"  # cocaine and ecgonine, HS 2022
    assert (await client.post("/api/v1/seizures", json=case_data, headers=admin_auth)).status == 201


def test_container_check_digits() -> None:
    # CSQU3054383 is the worked example of ISO 6346 (check digit 3); every other final digit is wrong.
    assert container_check_digit("CSQU305438") == 3
    assert is_container_number("CSQU3054383")
    assert not any(is_container_number(f"CSQU305438{d}") for d in "012456789")
    assert not is_container_number("CSQX3054383")  # the category letter must be U, J or Z
    # Letter values skip multiples of 11: A=10, K=21 (not 22), U=32 (not 33); "AAAU000000" sums to
    # 10*1 + 10*2 + 10*4 + 32*8 = 326, and 326 mod 11 = 7.
    assert container_check_digit("AAAU000000") == 7
