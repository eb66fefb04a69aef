"""``/api/v1/exchange`` and ``/api/v1/seizures/{id}/share`` between real nodes on loopback."""

from __future__ import annotations

import json
import uuid

from node.exchange.discovery import Candidate, StaticDiscovery
from tests.node.exchange.conftest import NodeFactory, pair
from tests.ui.exchange_support import bearer


async def test_pairing_through_the_api(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    admin = await bearer(a, "administrator")
    api = a.client
    assert (await (await api.get("/api/v1/exchange/peers", headers=admin)).json()) == {"items": []}

    added = await api.post("/api/v1/exchange/peers", headers=admin, json=json.loads(b.card()))
    peer = await added.json()
    assert added.status == 201 and peer["status"] == "pending"
    assert peer["fingerprint"] == b.services.identity.fingerprint
    again = await api.post("/api/v1/exchange/peers", headers=admin, json=json.loads(b.card()))
    assert again.status == 409

    wrong = await api.post(f"/api/v1/exchange/peers/{peer['id']}/confirm", headers=admin,
                           json={"fingerprint": "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"})
    assert wrong.status == 422 and "fingerprint" in (await wrong.json())["error"]["fields"]
    confirmed = await api.post(f"/api/v1/exchange/peers/{peer['id']}/confirm", headers=admin,
                               json={"fingerprint": b.services.identity.fingerprint})
    assert confirmed.status == 200 and (await confirmed.json())["status"] == "paired"

    groups = await api.put(f"/api/v1/exchange/peers/{peer['id']}/groups", headers=admin,
                           json={"groups": ["ESA", "SADC"], "hub_member": False})
    assert groups.status == 204
    bad_groups = await api.put(f"/api/v1/exchange/peers/{peer['id']}/groups", headers=admin, json={"groups": "ESA"})
    assert bad_groups.status == 400
    listed = (await (await api.get("/api/v1/exchange/peers", headers=admin)).json())["items"]
    assert listed[0]["groups"] == ["ESA", "SADC"] and listed[0]["backlog_in"] == 0
    assert listed[0]["last_error_reason"] == "" and "last_error" not in listed[0]

    officer = await bearer(a, "officer")
    assert (await api.post("/api/v1/exchange/peers", headers=officer, json=json.loads(b.card()))).status == 403
    assert (await api.post(f"/api/v1/exchange/peers/{peer['id']}/sync", headers=officer)).status == 403
    assert (await api.get("/api/v1/exchange/evidence", headers=officer)).status == 403

    a.services.exchange.discovery = StaticDiscovery([Candidate("Elsewhere", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "ZM",
                                                               "national", "http://127.0.0.1:9")])
    candidates = await (await api.get("/api/v1/exchange/candidates", headers=officer)).json()
    assert candidates["items"][0]["name"] == "Elsewhere" and candidates["items"][0]["trusted"] is False

    assert (await api.delete(f"/api/v1/exchange/peers/{peer['id']}", headers=admin)).status == 204
    assert (await (await api.get("/api/v1/exchange/peers", headers=admin)).json()) == {"items": []}


async def test_share_sync_inbox_and_settings_through_the_api(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    case_id = await a.new_case()
    analyst = await bearer(a, "analyst")
    b_id = await a.peer_id(b)

    preview = await (await a.client.get(f"/api/v1/seizures/{case_id}/share", headers=analyst)).json()
    assert preview["shares"] == [] and preview["global_preview"]["origin_case"] == case_id
    assert "Johannes Amupolo" not in json.dumps(preview) and "parties" not in preview["global_preview"]

    share = f"/api/v1/seizures/{case_id}/share"
    assert (await a.client.post(share, headers=analyst, json={"peer_ids": "1"})).status == 400
    nothing = await a.client.post(share, headers=analyst, json={})
    assert nothing.status == 422 and "audience" in (await nothing.json())["error"]["fields"]
    no_global = await a.client.post(share, headers=analyst, json={"to_global": True})
    assert no_global.status == 409
    done = await a.client.post(share, headers=analyst, json={"peer_ids": [b_id], "handling": "green"})
    assert done.status == 200 and await done.json() == {"recipients": 1, "to_global": False}
    shares = (await (await a.client.get(share, headers=analyst)).json())["shares"]
    assert shares[0]["scope"] == "nominal" and shares[0]["handling"] == "green" and shares[0]["recipients"] == 1

    b_admin = await bearer(b, "administrator")
    synced = await b.client.post(f"/api/v1/exchange/peers/{await b.peer_id(a)}/sync", headers=b_admin)
    assert synced.status == 200 and (await synced.json())["ok"] is True
    inbox = await (await b.client.get("/api/v1/exchange/inbox?unseen=1&type=seizure", headers=b_admin)).json()
    assert inbox["total"] == 1 and inbox["items"][0]["id"] == case_id and "body" not in inbox["items"][0]
    one = await (await b.client.get(f"/api/v1/exchange/inbox/{case_id}", headers=b_admin)).json()
    assert one["body"]["parties"][0]["name"] == "Johannes Amupolo" and one["handling"] == "green"
    assert one["origin"] == "alpha customs" and one["revision"] == 1
    assert (await (await b.client.get("/api/v1/exchange/inbox?unseen=1", headers=b_admin)).json())["total"] == 0
    readonly = await bearer(b, "readonly")
    assert (await b.client.get("/api/v1/exchange/inbox", headers=readonly)).status == 403
    assert (await b.client.get(f"/api/v1/exchange/inbox/{uuid.uuid4()}", headers=b_admin)).status == 404
    assert (await (await b.client.get("/api/v1/exchange/evidence", headers=b_admin)).json()) == {"items": []}

    settings = "/api/v1/exchange/settings"
    assert await (await a.client.get(settings, headers=await bearer(a, "administrator"))).json() == \
        {"global_by_default": False}
    assert (await a.client.put(settings, headers=analyst, json={"global_by_default": True})).status == 403
    changed = await a.client.put(settings, headers=await bearer(a, "administrator"), json={"global_by_default": True})
    assert changed.status == 200 and await a.services.exchange.sharing.global_by_default()
