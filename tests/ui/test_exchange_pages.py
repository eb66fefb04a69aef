"""The Exchange pages with real nodes on loopback: pairing, sharing, the inbox, evidence, the dashboard, roles."""

from __future__ import annotations

import hashlib
import html
import re
import uuid
from typing import Any

from node.exchange.discovery import Candidate, StaticDiscovery
from node.exchange.inbound import receive
from node.exchange.sharing import ShareRequest
from node.services.pictures import Upload
from protocol.audience import Audience, Handling
from protocol.envelope import Draft, decode_record, seal_record
from protocol.recordtypes import RecordType
from store.records import HitRow
from tests.node.exchange.conftest import ADMIN, Node, NodeFactory, pair
from tests.node.media.pictures import encode, quadrants
from tests.ui.exchange_support import sign_in
from ui.exchange_text import sync_failure

NAMES = ("Johannes Amupolo", "Kalahari Trading", "SSZ1234567", "CSQU3054383", "MSC ALINA", "welded compartment")


async def text_of(node: Node, path: str, status: int = 200) -> str:
    response = await node.client.get(path)
    body = await response.text()
    assert response.status == status, (path, response.status, body[:2000])
    return html.unescape(body)


async def post(node: Node, path: str, data: dict[str, Any], status: int = 303) -> Any:
    response = await node.client.post(path, data=data, allow_redirects=False)
    assert response.status == status, (path, response.status, (await response.text())[:2000])
    return response


async def peer_status(node: Node, other: Node) -> str:
    return next(s.peer.status for s in await node.services.exchange.peers.statuses(ADMIN)
                if s.peer.owner == other.services.identity.fingerprint)


async def test_pairing_needs_the_fingerprint_read_out_of_band(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    csrf = await sign_in(a, "administrator")
    assert "does not exchange with any administration" in await text_of(a, "/exchange")

    broken = await post(a, "/exchange/peers", {"_csrf": csrf, "card": '{"ncen_card": 1, "name": "x"}'}, 422)
    assert 'id="f-card-error"' in await broken.text()

    added = await post(a, "/exchange/peers", {"_csrf": csrf, "card": b.card().decode()})
    confirm_url = added.headers["Location"]
    assert re.fullmatch(r"/exchange/peers/\d+/confirm", confirm_url)
    page = await text_of(a, confirm_url)
    fingerprint = b.services.identity.fingerprint
    assert "bravo customs" in page and fingerprint in page and "South Africa" in page and b.url in page
    assert a.services.identity.fingerprint in page  # read this node's own to the other side

    wrong = fingerprint[:-1] + ("A" if fingerprint[-1] != "A" else "B")
    refused = await post(a, confirm_url, {"_csrf": csrf, "fingerprint": wrong}, 422)
    text = html.unescape(await refused.text())
    assert 'id="f-fingerprint-error"' in text and f'value="{wrong}"' in text
    assert await peer_status(a, b) == "pending"
    assert a.services.exchange.state.keyring.lookup(b.services.identity.key.public.raw) is None

    typed = fingerprint.replace("-", " ").lower()  # as written down over the telephone
    paired = await post(a, confirm_url, {"_csrf": csrf, "fingerprint": typed})
    assert await peer_status(a, b) == "paired"
    peer_page = await text_of(a, paired.headers["Location"])
    assert "now paired" in peer_page and "Sync now" in peer_page


async def test_a_share_through_the_page_reaches_the_peer_and_the_inbox_shows_it(network: NodeFactory) -> None:
    a, b, cen = await network("alpha"), await network("bravo", country="ZA"), \
        await network("cen", country="BE", role="global")
    await pair(a, b)
    await pair(a, cen)
    case_id = await a.new_case()
    b_id = await a.peer_id(b)
    csrf = await sign_in(a, "analyst")
    assert f"/seizures/{case_id}/share" in await text_of(a, f"/seizures/{case_id}")

    form = await text_of(a, f"/seizures/{case_id}/share")
    assert f'name="peer_ids" value="{b_id}"' in form and "cen customs" not in form.split('id="preview"')[0]
    assert " checked" not in form.replace('value="amber" aria-describedby="h-3" checked', "")  # nothing chosen
    assert 'name="to_global"' in form
    preview = form.split('id="preview"')[1].split("Already shared")[0]
    assert "52.4 kg" in preview and "Brazil → South Africa → Namibia" in preview and "False compartment" in preview
    assert f'"origin_case": "{case_id}"' in preview  # the exact JSON too
    for name in NAMES:
        assert name not in preview, name

    nothing = await post(a, f"/seizures/{case_id}/share", {"_csrf": csrf, "handling": "amber"}, 422)
    assert "nothing is shared by default" in await nothing.text()
    shared = await post(a, f"/seizures/{case_id}/share", {"_csrf": csrf, "peer_ids": str(b_id),
                                                          "handling": "amber+strict"})
    assert shared.headers["Location"] == f"/seizures/{case_id}"
    assert "has been shared" in await text_of(a, f"/seizures/{case_id}")
    assert "bravo customs" in (await text_of(a, f"/seizures/{case_id}/share")).split("Already shared")[1]

    results = await b.sync(a)  # the notification may have woken bravo's own sync task first: either way it is there
    assert results[0].ok and (await b.held(uuid.UUID(case_id).bytes)).rev == 1, results
    await cen.sync(a)
    assert await cen.held(uuid.UUID(case_id).bytes) is None  # the global CEN was not chosen

    await sign_in(b, "investigator")
    listed = await text_of(b, "/exchange/inbox")
    assert "NA/WVB/2026/0001" in listed and "alpha customs" in listed and "New" in listed
    shown = await text_of(b, f"/exchange/inbox/{case_id}")
    assert "Johannes Amupolo" in shown and "Brazil → South Africa → Namibia" in shown
    assert "TLP:AMBER+STRICT" in shown and "The receiving administration only." in shown
    assert "alpha customs" in shown and "Revision" in shown and "read-only" in shown
    assert "Seen" in await text_of(b, "/exchange/inbox")
    assert "Nothing received matches" in await text_of(b, "/exchange/inbox?unseen=1")
    views = await b.services.runner.read(lambda db: db.execute(
        "SELECT username, object_id FROM audit_log WHERE action = 'exchange.record.view'").fetchall())
    assert [row[1] for row in views] == [case_id] and views[0][0].startswith("investigator-")
    lists = await b.services.runner.read(lambda db: db.execute(
        "SELECT detail FROM audit_log WHERE action = 'exchange.inbox.list' ORDER BY id").fetchall())
    assert [row[0] for row in lists] == ["1 shown of 1", "1 shown of 1", "new only, 0 shown of 0"]


async def test_roles_keep_pairing_evidence_inbox_and_sharing_to_those_allowed(network: NodeFactory) -> None:
    a = await network("alpha")
    case_id = await a.new_case()
    csrf = await sign_in(a, "officer")
    page = await text_of(a, "/exchange")
    assert "Add an administration" not in page and "Sync now" not in page
    await post(a, "/exchange/peers", {"_csrf": csrf, "card": "{}"}, 403)
    await text_of(a, "/exchange/evidence", 403)
    await text_of(a, f"/seizures/{case_id}/share", 403)
    await post(a, f"/seizures/{case_id}/share", {"_csrf": csrf, "all_paired": "on"}, 403)
    assert f"/seizures/{case_id}/share" not in await text_of(a, f"/seizures/{case_id}")
    await post(a, "/exchange/settings", {"_csrf": csrf, "global_by_default": "on"}, 403)

    await sign_in(a, "readonly")
    await text_of(a, "/exchange/inbox", 403)
    assert "From other administrations" not in await text_of(a, "/")
    await text_of(a, "/exchange")  # the list of administrations is not personal data


async def test_dashboard_counts_new_records_look_alikes_and_evidence(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    local_person = str(uuid.uuid4())

    async def look_alike(body: Any) -> list[HitRow]:
        return [HitRow(b"", "person", local_person, 0.93, '["name_same", "dob_same"]')]

    b.services.exchange.inbox.matchers[RecordType.SEIZURE] = look_alike
    case_id = await a.new_case()
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, await _to(a, b))
    await b.sync(a)

    # The origin signs a second, different revision 1 of the same record: kept as evidence, not applied.
    held = decode_record((await a.held(uuid.UUID(case_id).bytes)).wire)
    other = seal_record(a.services.identity.key, Draft(
        held.record_type, held.record_id, held.rev, held.seq + 100, held.created_at,
        Audience.of([b.services.identity.key.public.raw]), Handling.AMBER, {**held.body, "narrative": "changed"},
        held.scope, ()))
    outcome = await receive(b.services.exchange.state, peer_id=await b.peer_id(a), wires=[other.wire])
    assert len(outcome.evidence) == 1

    await sign_in(b, "administrator")
    home = await text_of(b, "/")
    assert re.search(r'href="/exchange/inbox\?unseen=1" class="attention"><strong>1</strong> new record', home)
    assert re.search(r'href="/exchange/inbox\?hits=1" class="attention"><strong>1</strong> received record', home)
    assert re.search(r'href="/exchange/evidence" class="attention"><strong>1</strong> record kept', home)
    hits = await text_of(b, "/exchange/inbox?hits=1")
    assert 'class="unseen hit"' in hits and "Resembles 1 local record" in hits
    shown = await text_of(b, f"/exchange/inbox/{case_id}")
    assert f"/persons/{local_person}" in shown and "name_same" in shown
    evidence = await text_of(b, "/exchange/evidence")
    assert "Equivocation" in evidence and "alpha customs" in evidence and case_id in evidence

    await sign_in(b, "investigator")
    home = await text_of(b, "/")
    assert "new record" in home and "kept as evidence" not in home


async def _to(a: Node, b: Node) -> Any:
    from node.exchange.sharing import ShareRequest

    return ShareRequest(peer_ids=(await a.peer_id(b),))


async def test_peer_page_groups_sync_errors_candidates_settings_and_removal(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    b_id = await a.peer_id(b)
    a.services.exchange.discovery = StaticDiscovery([Candidate("Lookalike customs", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF",
                                                               "ZM", "national", "http://127.0.0.1:9")])
    csrf = await sign_in(a, "administrator")
    page = await text_of(a, "/exchange")
    assert "Lookalike customs" in page and "Not trusted" in page and "Zambia" in page

    bad = await post(a, f"/exchange/peers/{b_id}/groups", {"_csrf": csrf, "groups": "ESA, no!"}, 422)
    text = html.unescape(await bad.text())
    assert 'id="f-groups-error"' in text and 'value="ESA, no!"' in text
    await post(a, f"/exchange/peers/{b_id}/groups", {"_csrf": csrf, "groups": "ESA, SADC"})
    assert "ESA, SADC" in await text_of(a, "/exchange")

    ok = await post(a, f"/exchange/peers/{b_id}/sync", {"_csrf": csrf, "next": "/exchange"})
    assert ok.headers["Location"] == "/exchange"
    assert "Synchronisation finished" in await text_of(a, "/exchange")
    port = b.client.server.port
    await a.services.runner.write(lambda db: db.execute("UPDATE peers SET url = 'http://127.0.0.1:9' WHERE id = ?",
                                                        [b_id]))
    await post(a, f"/exchange/peers/{b_id}/sync", {"_csrf": csrf, "next": "//elsewhere.example"})
    page = await text_of(a, "/exchange")
    assert "did not succeed" in page and "could not be reached" in page and "<code>unreachable</code>" in page
    assert "ClientConnectorError" not in page and "Connect call failed" not in page and str(port) not in page

    await post(a, "/exchange/settings", {"_csrf": csrf, "global_by_default": "on"})
    assert await a.services.exchange.sharing.global_by_default()
    await post(a, f"/exchange/peers/{b_id}/remove", {"_csrf": csrf})
    assert "bravo customs" not in (await text_of(a, "/exchange")).split("Add an administration")[0]


def test_a_peers_own_words_never_reach_the_page() -> None:
    sentence, code = sync_failure("peer answered 403 not_in_audience: <b>call +264 555 0100 now</b>")
    assert code == "not_in_audience" and "refused" in sentence and "call" not in sentence
    assert sync_failure("peer answered 418 made_up_reason: hello")[1] == "http_418"
    assert sync_failure("the peer's answer breaks the protocol: malformed")[1] == "malformed"
    assert sync_failure("ClientConnectorError: Cannot connect to host 10.0.0.1:443")[1] == "unreachable"
    assert sync_failure("") == ("", "")


async def test_pictures_of_a_received_case_show_once_their_files_arrive(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    case_id = await a.new_case()
    picture = encode(quadrants(), "PNG")
    await a.services.pictures.add(ADMIN, case_id, [Upload("container.png", picture)], "Welded floor")
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(peer_ids=(await a.peer_id(b),)))
    (attachment,) = decode_record((await a.held(uuid.UUID(case_id).bytes)).wire).attachments
    sha = attachment.sha256.hex()
    assert (await b.sync(a))[0].ok

    await sign_in(b, "investigator")
    page = await text_of(b, f"/exchange/inbox/{case_id}")
    url = f"/exchange/inbox/{case_id}/attachments/{sha}"
    assert f'src="{url}"' in page and "Welded floor" in page
    served = await b.client.get(url)
    assert served.status == 200 and served.headers["Content-Type"] == "image/png"
    assert hashlib.sha256(await served.read()).hexdigest() == sha

    assert (await b.client.get(f"/exchange/inbox/{case_id}/attachments/{'0' * 64}")).status == 404
    assert (await b.client.get(f"/exchange/inbox/{uuid.uuid4()}/attachments/{sha}")).status == 404
    await sign_in(b, "readonly")  # no personal data: neither the record nor its pictures
    assert (await b.client.get(url)).status == 403
