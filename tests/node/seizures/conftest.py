"""Fixtures for the seizure tests: an API token and a valid case to start from."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.conftest import NodeSetup, api_token

CASE: dict[str, Any] = {
    "reference": "NA/WVB/2026/0001",
    "date": "2026-02-14",
    "time": "09:40",
    "status": "confirmed",
    "offence_type": "smuggling",
    "office": {"name": "Walvis Bay port", "place": "Container terminal", "locode": "NAWVB", "country": "NA"},
    "reporting_officer": "Officer T. Shikongo",
    "narrative": "Scanner image showed anomalies behind the front wall; 48 bricks found in a false compartment.",
    "outcome": {"types": ["prosecution", "goods_destroyed"], "note": ""},
    "handling": {"code": "H2", "sharing": "partners", "onward": False, "note": ""},
    "commodities": [
        {"category": "drugs", "drug_type": "cocaine", "hs_code": "2939", "description": "cocaine hydrochloride bricks",
         "quantity": "52.4", "unit": "kg", "value": "3100000", "currency": "USD"},
        {"category": "tobacco", "hs_code": "240220", "description": "cigarettes, no tax stamps", "quantity": 120,
         "unit": "cartons"},
    ],
    "detection": {"method": "xray", "note": "Risk profile hit on the route"},
    "conveyance": {"mode": "sea_container", "carrier": "Atlantic Lines", "identifier": "MSC ALINA",
                   "container_numbers": ["CSQU3054383"],
                   "transport_document": {"type": "bill_of_lading", "number": "SSZ1234567"}},
    "route": {"departure": "BR", "transit": ["ZA"], "destination": "NA", "ports": [{"locode": "BRSSZ"}]},
    "concealment": {"method": "false_compartment", "description": "welded compartment behind the front wall"},
    "parties": [{"kind": "person", "role": "driver", "name": "Johannes Amupolo"},
                {"kind": "entity", "role": "consignee", "name": "Kalahari Trading CC"}],
}


@pytest.fixture
def case_data() -> dict[str, Any]:
    return copy.deepcopy(CASE)


@pytest.fixture
async def admin_auth(client: TestClient, node_setup: NodeSetup) -> dict[str, str]:
    token = await api_token(client, node_setup)
    client.session.cookie_jar.clear()
    return {"Authorization": f"Bearer {token}"}
