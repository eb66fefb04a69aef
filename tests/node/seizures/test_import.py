"""Importing cases over the API: native round trip between two nodes, legacy files, dry run, re-import, refusals."""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from node.app import create_app
from node.appkeys import SERVICES
from node.services.seizure_csv import COLUMNS, case_rows
from protocol.records.seizure import METADATA, normalise_seizure
from tests.conftest import FakeClock, NodeSetup, api_token, make_node

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
LEGACY = (EXAMPLES / "legacy-seizures.csv").read_bytes()
MAPPING = (EXAMPLES / "legacy-mapping.toml").read_text(encoding="utf-8")


def native_csv(*cases: dict[str, Any]) -> bytes:
    """Return the native CSV of case bodies (as the export writes it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for case in cases:
        writer.writerows([row[c] for c in COLUMNS] for row in case_rows(normalise_seizure(case)))
    return buffer.getvalue().encode()


def variants(case: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """Return ``count`` distinct cases built on one."""
    out = []
    for i in range(count):
        data = copy.deepcopy(case)
        data["reference"] = f"NA/GEN/{i:05d}"
        data["commodities"] = data["commodities"][: 1 + i % 2]
        out.append(data)
    return out


async def upload(client: TestClient, auth: dict[str, str], data: bytes, *, mapping: str | None = None,
                 dry_run: bool = False, name: str = "cases.csv") -> tuple[int, dict[str, Any]]:
    """Post a file to the import endpoint; return the status and JSON body."""
    form = aiohttp.FormData()
    form.add_field("file", data, filename=name, content_type="text/csv")
    if mapping is not None:
        form.add_field("mapping", mapping)
    if dry_run:
        form.add_field("dry_run", "true")
    response = await client.post("/api/v1/seizures/import", data=form, headers=auth)
    return response.status, await response.json()


async def user_auth(client: TestClient, admin_auth: dict[str, str], username: str, role: str) -> dict[str, str]:
    """Create a user with a role and return its bearer header."""
    created = await client.post("/api/v1/users", json={"username": username, "role": role}, headers=admin_auth)
    assert created.status == 201, await created.text()
    user_id = (await created.json())["id"]
    issued = await client.post(f"/api/v1/users/{user_id}/tokens", json={"label": "t"}, headers=admin_auth)
    assert issued.status == 201, await issued.text()
    return {"Authorization": f"Bearer {(await issued.json())['token']}"}


async def all_cases(client: TestClient, auth: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Return every case's body by reference (through the JSON export)."""
    response = await client.get("/api/v1/seizures.json", headers=auth)
    assert response.status == 200, await response.text()
    return {c["reference"]: {k: v for k, v in c.items() if k not in METADATA} for c in await response.json()}


async def table_counts(client: TestClient) -> tuple[int, int]:
    """Return how many cases and revisions the store holds."""
    runner = client.app[SERVICES].runner
    return await runner.read(lambda db: (db.execute("SELECT count(*) FROM seizures").fetchone()[0],
                                         db.execute("SELECT count(*) FROM seizure_revisions").fetchone()[0]))


async def audit_details(client: TestClient, action: str) -> list[str]:
    """Return the details of the audit entries with an action."""
    runner = client.app[SERVICES].runner
    rows = await runner.read(lambda db: db.execute("SELECT detail FROM audit_log WHERE action = ?",
                                                   [action]).fetchall())
    return [r[0] for r in rows]


@pytest.fixture
async def second_node(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[TestClient, dict[str, str]]]:
    setup: NodeSetup = make_node(tmp_path / "second", clock, name="Botswana Customs", country="BW")
    async with TestClient(TestServer(create_app(setup.config, clock=clock))) as other:
        token = await api_token(other, setup)
        other.session.cookie_jar.clear()
        yield other, {"Authorization": f"Bearer {token}"}


async def test_an_export_imports_into_another_node_as_the_same_cases(
        client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any],
        second_node: tuple[TestClient, dict[str, str]]) -> None:
    case_data["narrative"] = "-5 kg more than declared; =SUM(A1) \"quoted\"\nsecond line"
    case_data["route"]["ports"] = [{"locode": "BRSSZ", "name": "Santos"}, {"locode": "", "name": "Walvis Bay"}]
    case_data["parties"].append({"kind": "entity", "role": "owner", "name": "Semi; Colon: Ltd", "ref": ""})
    draft = {"reference": "NA/DRAFT/1", "date": "2026-02-20", "status": "draft", "offence_type": "other"}
    for case in (case_data, draft, *variants(case_data, 3)):
        created = await client.post("/api/v1/seizures", json=case, headers=admin_auth)
        assert created.status == 201, await created.text()
    exported = await client.get("/api/v1/seizures.csv", headers=admin_auth)
    assert exported.status == 200 and exported.headers["Content-Type"].startswith("text/csv")
    other, other_auth = second_node
    status, report = await upload(other, other_auth, await exported.read())
    assert status == 200, report
    assert (report["created"], report["updated"], report["unchanged"], report["failed"]) == (5, 0, 0, 0)
    originals = await all_cases(client, admin_auth)
    assert len(originals) == 5 and await all_cases(other, other_auth) == originals
    status, again = await upload(other, other_auth, await exported.read())
    assert (again["created"], again["unchanged"]) == (0, 5)


async def test_a_legacy_file_is_read_through_its_mapping(client: TestClient, admin_auth: dict[str, str]) -> None:
    status, report = await upload(client, admin_auth, LEGACY, mapping=MAPPING, name="register.csv")
    assert status == 200, report
    assert (report["rows"], report["cases"], report["created"], report["failed"]) == (5, 4, 4, 0)
    cases = await all_cases(client, admin_auth)
    wvb = cases["LEG/WVB-0001"]
    assert wvb["date"] == "2026-02-14" and wvb["conveyance"]["mode"] == "sea_container"
    assert [(c["category"], c["quantity"], c["value"], c["hs_code"]) for c in wvb["commodities"]] == [
        ("drugs", "52.4", "3100000", "2939"), ("tobacco", "120", "", "240220")]
    assert wvb["route"] == {"departure": "BR", "transit": ["ZA"], "destination": "NA", "ports": []}
    assert wvb["parties"] == [{"kind": "person", "role": "driver", "name": "Johannes Amupolo", "ref": ""},
                              {"kind": "entity", "role": "consignee", "name": "Kalahari Trading CC", "ref": ""}]
    assert wvb["status"] == "confirmed" and wvb["handling"]["code"] == "H1" and wvb["office"]["country"] == "NA"
    assert {cases[r]["conveyance"]["mode"] for r in ("LEG/HKIA-0002", "LEG/HKIA-0003")} == {"air_cargo"}
    assert cases["LEG/HKIA-0002"]["detection"]["method"] == "detector_dog"
    assert cases["LEG/HKIA-0002"]["route"]["departure"] == "NG" == cases["LEG/HKIA-0003"]["route"]["departure"]
    assert cases["LEG/HKIA-0003"]["route"]["transit"] == ["ET", "KE"]
    assert cases["LEG/ARI-0004"]["route"]["departure"] == "ZA"
    assert cases["LEG/ARI-0004"]["commodities"][0]["hs_code"] == "220830"  # 8-digit tariff code truncated
    assert cases["LEG/ARI-0004"]["commodities"][0]["value"] == "21600"
    [detail] = await audit_details(client, "seizure.import")
    assert detail == "register.csv: 5 rows, 4 created, 0 updated, 0 unchanged, 0 failed"


HEADER = LEGACY.decode().splitlines()[0]
BAD_ROWS = HEADER + """
OK-1,14/02/2026,Walvis Bay,AIR,Dog,Nigeria,,Namibia,,2939,cocaine,Drugs,,"1,5",kg,,,,,
BAD-2,14/02/2026,Walvis Bay,AIR,Dog,Nigeria,,Namibia,,7777,cocaine,Drugs,,"1,5",kg,,,,,
BAD-3,14/02/2026,Walvis Bay,AIR,Dog,Nigeria,,Namibia,CSQU3054384,2939,cocaine,Drugs,,"1,5",kg,,,,,
BAD-4,14/02/2026,Walvis Bay,AIR,Dog,Atlantis,,Namibia,,2939,cocaine,Drugs,,"1,5",kg,,,,,
BAD-5,31/02/2026,Walvis Bay,AIR,Dog,Nigeria,,Namibia,,2939,cocaine,Drugs,,"1,5",kg,,,,,
BAD-6,14/02/2026,Walvis Bay,AIR,Dog,Nigeria,,Namibia,,2939,cocaine,Drugs,,"1,5",kg,,,,,
BAD-6,14/02/2026,Walvis Bay,AIR,Dog,Nigeria,,Namibia,,2402,cigarettes,Drugs,,lots,kg,,,,,
OK-1,14/02/2026,Walvis Bay,AIR,Dog,Nigeria,,Namibia,,2939,cocaine,Drugs,,"1,5",kg,,,,,
"""


async def test_a_dry_run_reports_row_errors_and_writes_nothing(client: TestClient,
                                                                admin_auth: dict[str, str]) -> None:
    before = await table_counts(client)
    status, report = await upload(client, admin_auth, BAD_ROWS.encode(), mapping=MAPPING, dry_run=True)
    assert status == 200, report
    assert (report["dry_run"], report["created"], report["failed"]) == (True, 1, 6)
    errors = {(tuple(e["rows"]), e["field"]): e["message"] for e in report["errors"]}
    assert "no HS chapter 77" in errors[((2,), "HS")]
    assert "check digit of CSQU3054384 is wrong: it should be 3" in errors[((3,), "Container")]
    assert "ISO 3166" in errors[((4,), "Origin")]
    assert errors[((5,), "Seizure date")] == "Enter a date as %d/%m/%Y, e.g. 01/03/2026."
    assert errors[((7,), "Qty")] == "Enter a number such as 12.5."
    assert "follow each other" in errors[((8,), "Case No")]
    assert await table_counts(client) == before
    assert len(await audit_details(client, "seizure.import_dry_run")) == 1
    assert await audit_details(client, "seizure.import") == []


async def test_reimport_changes_nothing_and_a_changed_row_updates_its_case(
        client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any]) -> None:
    cases = variants(case_data, 12)
    status, first = await upload(client, admin_auth, native_csv(*cases))
    assert (status, first["created"], first["failed"]) == (200, 12, 0), first
    _, second = await upload(client, admin_auth, native_csv(*cases))
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 12)
    assert await table_counts(client) == (12, 12)
    cases[4]["commodities"][0]["quantity"] = "60"
    _, third = await upload(client, admin_auth, native_csv(*cases))
    assert (third["created"], third["updated"], third["unchanged"]) == (0, 1, 11)
    assert await table_counts(client) == (12, 13)
    listing = await (await client.get("/api/v1/seizures?q=NA/GEN/00004", headers=admin_auth)).json()
    [case] = [c for c in listing["items"] if c["reference"] == "NA/GEN/00004"]
    assert case["revision"] == 2 and case["commodities"][0]["quantity"] == "60"
    history = await (await client.get(f"/api/v1/seizures/{case['id']}/history", headers=admin_auth)).json()
    assert [h["action"] for h in history["items"]] == ["import", "import"]
    assert history["items"][0]["changes"]["commodities.0.quantity"] == ["52.4", "60"]


@pytest.mark.parametrize(("data", "mapping", "fragment"), [
    (b"", None, "The file is empty."),
    (b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n", None, "The file has a header but no rows."),
    (b"reference,date,colour\nR1,2026-01-01,red\n", None, "Unknown column colour"),
    (b"date\n2026-01-01\n", None, "The file has no reference column"),
    (b"Case No,Seizure date\nX,14/02/2026\n", MAPPING, "The file has no column Office"),
    ("reference,narrative\nR1,Côte d'Ivoire\n".encode("cp1252"), None, "The file is not UTF-8 text (line 2)"),
    (LEGACY, 'reference = "Case No"\nsheet = "1"', "Unknown key sheet"),
])
async def test_files_that_cannot_be_read_are_refused_before_anything_is_written(
        client: TestClient, admin_auth: dict[str, str], data: bytes, mapping: str | None, fragment: str) -> None:
    status, body = await upload(client, admin_auth, data, mapping=mapping)
    assert status == 400 and fragment in body["error"]["message"], body
    assert await table_counts(client) == (0, 0)


async def test_an_old_windows_export_is_read_with_its_encoding(client: TestClient,
                                                               admin_auth: dict[str, str]) -> None:
    data = ("Ref;Date;Goods;Cat\nCI-1;2026-02-01;café en grains, Côte d'Ivoire;Revenue\n").encode("cp1252")
    mapping = ('encoding = "cp1252"\ndelimiter = ";"\nreference = "Ref"\n[columns]\nDate = "date"\n'
               'Goods = "description"\nCat = "category"\n[values.category]\nrevenue = "revenue_other"\n'
               '[defaults]\noffence_type = "other"\nstatus = "draft"\n')
    status, report = await upload(client, admin_auth, data, mapping=mapping)
    assert (status, report["created"]) == (200, 1), report
    case = (await all_cases(client, admin_auth))["CI-1"]
    assert case["commodities"][0]["description"] == "café en grains, Côte d'Ivoire"


async def test_only_roles_with_the_import_permission_may_import(
        client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any]) -> None:
    officer = await user_auth(client, admin_auth, "officer1", "officer")
    status, body = await upload(client, officer, native_csv(case_data))
    assert status == 403 and body["error"]["code"] == "forbidden"
    analyst = await user_auth(client, admin_auth, "analyst1", "analyst")
    status, body = await upload(client, analyst, native_csv(case_data))
    assert (status, body["created"]) == (200, 1)
    not_multipart = await client.post("/api/v1/seizures/import", json={"file": "x"}, headers=analyst)
    assert not_multipart.status == 400
