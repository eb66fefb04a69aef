"""Importing cases from the browser: a dry run reports every problem, then the checked file is imported."""

from __future__ import annotations

import asyncio
import re

from aiohttp import FormData
from aiohttp.test_utils import TestClient

from tests.conftest import REPO, NodeSetup, login_admin, page_csrf


def upload(csrf: str, mode: str, *, mapping: bytes | None = None) -> FormData:
    data = FormData()
    data.add_field("_csrf", csrf)
    data.add_field("mode", mode)
    data.add_field("file", (REPO / "docs" / "examples" / "legacy-seizures.csv").read_bytes(),
                   filename="legacy-seizures.csv", content_type="text/csv")
    data.add_field("mapping", mapping if mapping is not None else
                   (REPO / "docs" / "examples" / "legacy-mapping.toml").read_bytes(),
                   filename="legacy-mapping.toml", content_type="application/toml")
    return data


async def finished(client: TestClient, url: str) -> str:
    for _ in range(200):
        text = await (await client.get(url)).text()
        if 'http-equiv="refresh"' not in text:
            return text
        await asyncio.sleep(0.05)
    raise AssertionError("the import did not finish")


async def test_a_dry_run_then_the_real_import(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client, "/seizures/import")
    started = await client.post("/seizures/import", data=upload(csrf, "check"), allow_redirects=False)
    assert started.status == 303
    report = await finished(client, started.headers["Location"])
    assert "would be created" in report
    before = await (await client.get("/api/v1/seizures")).json()
    assert before["total"] == 0  # a dry run writes nothing
    run = re.search(r'action="(/seizures/import/[^"]+/run)"', report)
    assert run, report
    confirmed = await client.post(run.group(1), data={"_csrf": csrf}, allow_redirects=False)
    done = await finished(client, confirmed.headers["Location"])
    assert "Imported" in done
    after = await (await client.get("/api/v1/seizures")).json()
    assert after["total"] > 0
    audit = await (await client.get("/api/v1/audit", params={"action": "seizure.import"})).json()
    assert {e["action"] for e in audit["items"]} == {"seizure.import", "seizure.import_dry_run"}


async def test_a_broken_mapping_is_reported_on_the_form(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client, "/seizures/import")
    response = await client.post("/seizures/import", data=upload(csrf, "check", mapping=b"colour = [unclosed"))
    assert response.status == 422
    assert 'id="f-mapping-error"' in await response.text()
