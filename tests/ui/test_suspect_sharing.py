"""Sharing persons and entities: exactly the chosen audience, without local-only fields, never the global CEN;
changes and pictures follow, a merge deletes the copy, and the receiver sees its own look-alikes with reasons."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from node.errors import ValidationFailed
from node.exchange.sharing import ShareRequest
from node.services.pictures import Upload
from protocol.envelope import decode_record
from store.records import InboxFilter
from tests.node.exchange.conftest import ADMIN, Node, NodeFactory, pair
from tests.node.media.pictures import encode, quadrants
from tests.node.suspects.conftest import ENTITY, PERSON
from tests.ui.exchange_support import sign_in
from tests.ui.test_exchange_pages import post, text_of

SECRETS = ("Informant report 2026/14", "Suspected courier for a tobacco smuggling network",
           "Seen at Walvis Bay port several times in 2025.")


async def _person(node: Node, **changes: Any) -> str:
    saved = await node.services.persons.create(ADMIN, {**copy.deepcopy(PERSON), **changes})
    return saved.record.uuid


async def _to(a: Node, *peers: Node) -> ShareRequest:
    return ShareRequest(peer_ids=tuple([await a.peer_id(p) for p in peers]), handling="amber")


async def test_a_shared_person_reaches_only_its_audience_without_local_fields_and_follows_changes(
        network: NodeFactory) -> None:
    a, b, c = await network("alpha"), await network("bravo", country="ZA"), await network("charlie", country="BW")
    cen = await network("cen", country="BE", role="global")
    for other in (b, c, cen):
        await pair(a, other)
    person = await _person(a)
    record_id = uuid.UUID(person).bytes

    with pytest.raises(ValidationFailed) as refused:
        await a.services.exchange.sharing.share(ADMIN, "person", person, ShareRequest(to_global=True))
    assert "to_global" in refused.value.fields
    await a.services.exchange.sharing.share(ADMIN, "person", person, await _to(a, b))

    assert (await b.sync(a))[0].ok  # the notification may have woken bravo's own sync first: either way it is there
    held = await b.held(record_id)
    body = decode_record(held.wire).body
    assert body["full_name"] == "Mohammed Al-Hassan" and body["documents"][0]["number"] == "P04567812"
    for secret in SECRETS:
        assert secret.encode() not in held.wire, secret
    await c.sync(a)
    await cen.sync(a)
    assert await c.held(record_id) is None and await cen.held(record_id) is None

    current = await a.services.persons.get(ADMIN, person)
    changed = {**current.body, "occupation": "Bus driver", "notes": "Internal: do not share this line"}
    await a.services.persons.update(ADMIN, person, changed, current.revision)
    jpeg = encode(quadrants(), "JPEG")
    await a.services.suspect_pictures.add(ADMIN, "person", person, [Upload("face.jpg", jpeg)], caption="Arrest")
    await b.sync(a)
    held = await b.held(record_id)
    body = decode_record(held.wire).body
    assert held.rev == 3 and body["occupation"] == "Bus driver" and b"do not share" not in held.wire
    [picture] = body["pictures"]
    assert picture["caption"] == "Arrest"
    assert [a.sha256.hex() for a in decode_record(held.wire).attachments] == [picture["sha256"]]


async def test_a_merged_away_person_is_deleted_on_receivers_and_can_be_shared_again_after_the_undo(
        network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    survivor = await _person(a)
    absorbed = await _person(a, full_name="Mohamed Alhassan", family_name="Alhassan", given_names="Mohamed")
    await a.services.exchange.sharing.share(ADMIN, "person", absorbed, await _to(a, b))
    await b.sync(a)
    assert (await b.held(uuid.UUID(absorbed).bytes)).type == "person"

    await a.services.matching.merge(ADMIN, "person", survivor, absorbed)
    await b.sync(a)
    assert (await b.held(uuid.UUID(absorbed).bytes)).type == "tombstone"
    assert not await a.services.exchange.sharing.shares_of("person", absorbed)

    await a.services.matching.unmerge(ADMIN, "person", absorbed)
    await a.services.exchange.sharing.share(ADMIN, "person", absorbed, await _to(a, b))
    [share] = await a.services.exchange.sharing.shares_of("person", absorbed)
    assert share.record_id != uuid.UUID(absorbed).bytes  # deletion is final: the copy comes back under a new id
    await b.sync(a)
    assert decode_record((await b.held(share.record_id)).wire).body["full_name"] == "Mohamed Alhassan"


async def test_a_received_person_is_highlighted_beside_the_receivers_own_record_with_reasons(
        network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    theirs = await _person(a)
    ours = await _person(b, full_name="Muhammad Alhasan", family_name="Alhasan", given_names="Muhammad",
                         original_script={"name": "", "transliteration": ""}, aliases=[])
    unrelated = await a.services.entities.create(ADMIN, {**copy.deepcopy(ENTITY), "legal_name": "Zambezi Logistics",
                                                         "trading_names": [], "registration": {}, "tax_ids": []})
    for kind, record in (("person", theirs), ("entity", unrelated.record.uuid)):
        await a.services.exchange.sharing.share(ADMIN, kind, record, await _to(a, b))
    await b.sync(a)

    items, total = await b.services.exchange.inbox.list(ADMIN, InboxFilter(with_hits_only=True))
    assert total == 1 and items[0].record_id == theirs
    [hit] = items[0].hits
    assert (hit.local_type, hit.local_id) == ("person", ours) and hit.score >= 0.8

    csrf = await sign_in(b, "investigator")
    shown = await text_of(b, f"/exchange/inbox/{theirs}")
    section = shown.split('id="hits-title"')[1].split("</section>")[0]
    assert f'href="/persons/{ours}"' in section and "Muhammad Alhasan" in section
    assert "P04567812" in section and "Sudan" in section  # the reasons name the passport and its country
    assert " passport " not in section  # a list label, not the raw code
    assert (await b.client.post("/account", data={"_csrf": csrf, "language": "fr"})).status == 200
    french = (await text_of(b, f"/exchange/inbox/{theirs}")).split('id="hits-title"')[1].split("</section>")[0]
    assert "P04567812" in french and "Soudan" in french and "Passeport" in french


async def test_the_share_page_of_a_person_previews_the_copy_and_needs_the_right_role(network: NodeFactory) -> None:
    a, b = await network("alpha"), await network("bravo", country="ZA")
    await pair(a, b)
    person = await _person(a)
    b_id = await a.peer_id(b)

    await sign_in(a, "officer")
    await text_of(a, f"/persons/{person}/share", 403)
    csrf = await sign_in(a, "analyst")
    assert f"/persons/{person}/share" in await text_of(a, f"/persons/{person}")
    form = await text_of(a, f"/persons/{person}/share")
    assert f'name="peer_ids" value="{b_id}"' in form and 'name="to_global"' not in form
    preview = form.split('id="preview"')[1].split("Already shared")[0]
    assert "Mohammed Al-Hassan" in preview and "P04567812" in preview
    for secret in SECRETS:
        assert secret not in preview, secret

    nothing = await post(a, f"/persons/{person}/share", {"_csrf": csrf, "handling": "amber"}, 422)
    assert "nothing is shared by default" in await nothing.text()
    shared = await post(a, f"/persons/{person}/share", {"_csrf": csrf, "peer_ids": str(b_id), "handling": "red"})
    assert shared.headers["Location"] == f"/persons/{person}"
    assert "bravo customs" in (await text_of(a, f"/persons/{person}/share")).split("Already shared")[1]
    await b.sync(a)
    assert (await b.held(uuid.UUID(person).bytes)).type == "person"

    company = (await a.services.entities.create(ADMIN, copy.deepcopy(ENTITY))).record.uuid
    form = await text_of(a, f"/entities/{company}/share")
    preview = form.split('id="preview"')[1].split("Already shared")[0]
    assert "Kalahari Trading CC" in preview and "CC/2011/04567" in preview
    assert "Consignee on several container seizures." not in preview and "Company register extract" not in preview
    assert "This record is not shared." in form
