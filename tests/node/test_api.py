"""The JSON API: health, OpenAPI, users, node identity, audit search and export."""

from __future__ import annotations

import csv
import io

from aiohttp.test_utils import TestClient

from node.web.api.openapi import document
from tests.conftest import NodeSetup, api_token, login


async def test_healthz_reports_version_role_fingerprint_and_database(client: TestClient) -> None:
    response = await client.get("/healthz")
    body = await response.json()
    assert response.status == 200
    assert body["status"] == "ok" and body["role"] == "national" and body["database"]["status"] == "ok"
    assert len(body["fingerprint"].split("-")) == 6 and body["version"]


async def test_openapi_documents_exactly_the_routes_that_exist(client: TestClient, node_setup: NodeSetup) -> None:
    token = await api_token(client, node_setup)
    served = await (await client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"})).json()
    assert served == document()
    documented = {(path, method.upper()) for path, item in served["paths"].items()
                  for method in item if method != "parameters"}
    registered = set()
    api = next(r for r in client.app.router.resources() if r.canonical == "/api/v1")
    for route in api._app.router.routes():  # the API sub-application's own routes
        if route.method == "HEAD":
            continue
        path = route.resource.canonical.replace(r"{user_id:\d+}", "{user_id}").replace(r"{token_id:\d+}",
                                                                                      "{token_id}")
        path = path.replace("/api/v1", "", 1)
        registered.add((path, route.method))
    assert documented == registered


async def test_validation_errors_name_each_field(client: TestClient, node_setup: NodeSetup) -> None:
    token = await api_token(client, node_setup)
    auth = {"Authorization": f"Bearer {token}"}
    response = await client.post("/api/v1/users", headers=auth, json={
        "username": "x y", "role": "king", "email": "nope", "language": "de", "password": "short"})
    body = await response.json()
    assert response.status == 422 and body["error"]["code"] == "validation_failed"
    assert set(body["error"]["fields"]) == {"username", "role", "email", "language", "password"}
    not_json = await client.post("/api/v1/users", headers=auth, data="username=x")
    assert not_json.status == 400 and "application/json" in (await not_json.json())["error"]["message"]
    broken = await client.post("/api/v1/users", headers={**auth, "Content-Type": "application/json"}, data="{")
    assert broken.status == 400 and "not valid JSON" in (await broken.json())["error"]["message"]
    wrong_type = await client.post("/api/v1/users", headers=auth, json={"username": 5, "role": "officer"})
    assert wrong_type.status == 400 and "username" in (await wrong_type.json())["error"]["message"]
    duplicate = await client.post("/api/v1/users", headers=auth, json={"username": "ADMIN", "role": "officer"})
    assert duplicate.status == 409
    missing = await client.get("/api/v1/users/999", headers=auth)
    assert missing.status == 404 and (await missing.json())["error"]["code"] == "not_found"
    users = await (await client.get("/api/v1/users", headers=auth)).json()
    assert [u["username"] for u in users["items"]] == ["admin"]  # nothing stored by the refused requests


async def test_users_never_expose_password_hashes(client: TestClient, node_setup: NodeSetup) -> None:
    token = await api_token(client, node_setup)
    text = await (await client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})).text()
    assert "argon2" not in text and "password_hash" not in text


async def test_node_identity_can_be_changed_by_an_administrator(client: TestClient, node_setup: NodeSetup) -> None:
    token = await api_token(client, node_setup)
    auth = {"Authorization": f"Bearer {token}"}
    bad = await client.patch("/api/v1/node", headers=auth, json={"country": "XX"})
    assert bad.status == 422 and "country" in (await bad.json())["error"]["fields"]
    ok = await client.patch("/api/v1/node", headers=auth, json={"name": "Namibia Revenue Agency"})
    assert (await ok.json())["name"] == "Namibia Revenue Agency"
    card = await (await client.get("/api/v1/node/card", headers=auth)).json()
    assert card["name"] == "Namibia Revenue Agency" and card["country"] == "NA"


async def test_audit_search_filters_and_csv_export(client: TestClient, node_setup: NodeSetup) -> None:
    token = await api_token(client, node_setup)
    auth = {"Authorization": f"Bearer {token}"}
    for name in ("amina", "jean"):
        await client.post("/api/v1/users", headers=auth, json={"username": name, "role": "officer"})
    page = await (await client.get("/api/v1/audit", headers=auth, params={"action": "user.create"})).json()
    details = [e["detail"] for e in page["items"]]
    assert page["total"] == 3 and details[0] == "jean as officer"  # admin (at init), amina, jean; newest first
    by_user = await (await client.get("/api/v1/audit", headers=auth, params={"user": "cli"})).json()
    assert {e["action"] for e in by_user["items"]} == {"node.init", "user.create"}
    bad = await client.get("/api/v1/audit", headers=auth, params={"since": "yesterday"})
    assert bad.status == 400 and "since" in (await bad.json())["error"]["message"]
    future = await (await client.get("/api/v1/audit", headers=auth, params={"since": "2099-01-01"})).json()
    assert future["total"] == 0

    export = await client.get("/api/v1/audit.csv", headers=auth, params={"action": "user."})
    assert export.status == 200 and export.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(await export.text())))
    assert [r["detail"] for r in rows] == ["admin as administrator", "amina as officer", "jean as officer"]
    after = await (await client.get("/api/v1/audit", headers=auth, params={"action": "audit.export"})).json()
    assert after["total"] == 1  # the export itself is audited


async def test_csv_export_neutralises_spreadsheet_formulas(client: TestClient, node_setup: NodeSetup) -> None:
    token = await api_token(client, node_setup)
    client.session.cookie_jar.clear()
    # A failed sign-in records the user name exactly as typed: an attacker controls that text.
    assert (await login(client, '=HYPERLINK("http://evil.example","x")', "whatever-password")).status == 401
    text = await (await client.get("/api/v1/audit.csv", headers={"Authorization": f"Bearer {token}"},
                                   params={"action": "login.failure"})).text()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["username"] == "'" + '=HYPERLINK("http://evil.example","x")'
