"""The global CEN receives only non-nominal data; a hub relays records with their origin's signature."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from node.clock import SystemClock
from node.exchange.sharing import ShareRequest
from node.services import seizure_batches
from node.services.seizure_csv import case_rows
from node.services.seizure_import import error_lines, import_seizures
from node.services.seizures import SeizureFilter
from protocol.envelope import decode_record
from protocol.nonnominal import global_record_id
from protocol.records.seizure import normalise_seizure
from tests.node.exchange.conftest import ADMIN, CASE, Node, NodeFactory, pair
from tests.node.seizures.test_import import native_csv

NOMINAL_VALUES = ["Johannes Amupolo", "Kalahari Trading", "Shikongo", "SSZ1234567", "CSQU3054383", "MSC ALINA",
                  "Atlantic Lines", "false compartment", "Scanner image", "cocaine hydrochloride bricks",
                  "welded compartment", "Walvis Bay port", "Container terminal", "NA/WVB/2026/0001"]


def every_byte(node: Node) -> bytes:
    """Return the content of every file of a node's data directory (database, WAL, attachments...)."""
    return b"".join(p.read_bytes() for p in sorted(node.data_dir.rglob("*")) if p.is_file())


async def test_the_global_cen_never_stores_a_nominal_value(network: NodeFactory) -> None:
    a = await network("alpha")
    cen = await network("cen", country="BE", role="global")
    await pair(a, cen)
    case_id = await a.new_case()
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id, ShareRequest(to_global=True))
    results = await cen.sync(a)
    assert results[0].ok and results[0].applied == 1, results
    held = await cen.held(global_record_id(uuid.UUID(case_id)).bytes)
    body = decode_record(held.wire).body
    assert body["commodities"][0]["quantity"] == "52.4" and body["route"]["transit"] == ["ZA"]
    assert body["origin_case"] == uuid.UUID(case_id).bytes
    await cen.services.runner.read(lambda db: db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall())
    dump = every_byte(cen)
    for value in NOMINAL_VALUES:
        assert value.encode() not in dump, value


async def test_the_global_cen_refuses_nominal_records(network: NodeFactory) -> None:
    a = await network("alpha")
    cen = await network("cen", country="BE", role="global")
    await pair(a, cen)
    case_id = await a.new_case()
    # A faulty sender puts the global node in a nominal record's audience: the global node must refuse it.
    from node.clock import now_iso
    from node.exchange import outbox
    from protocol.audience import Audience, Handling
    from protocol.recordtypes import RecordType

    state = a.services.exchange.state
    body = (await a.services.seizures.get(ADMIN, case_id)).body
    cen_key = cen.services.identity.key.public.raw
    await a.services.runner.write(lambda db: outbox.issue(
        db, state.identity.key, state.owner, now_iso(state.clock), record_type=RecordType.SEIZURE,
        record_id=uuid.UUID(case_id), body=body, audience=Audience.of([cen_key]), handling=Handling.AMBER))
    results = await cen.sync(a)
    assert results[0].applied == 0 and results[0].refused == 1
    dump = every_byte(cen)
    assert b"Johannes Amupolo" not in dump


async def test_a_hub_relays_between_its_members_with_signatures_intact(network: NodeFactory) -> None:
    a, hub, b = await network("alpha"), await network("hub", country="ZA", role="hub"), \
        await network("bravo", country="BW")
    await pair(a, hub)
    await pair(b, hub)
    # Bravo and alpha trust each other's keys but only the hub can reach both.
    for this, other in ((a, b), (b, a)):
        peer = await this.services.exchange.peers.add_card(ADMIN, other.card())
        await this.services.exchange.peers.confirm(ADMIN, peer.id, other.services.identity.fingerprint)
    for member in (a, b):
        hub_peer = await hub.peer_id(member)
        await hub.services.exchange.peers.set_groups(ADMIN, hub_peer, ["SADC"], hub_member=True)
    await a.services.exchange.peers.set_groups(ADMIN, await a.peer_id(b), [], hub_member=True)
    from node.exchange.peers import PeerService  # noqa: F401 - the URL is removed below to force the relay
    await a.services.runner.write(lambda db: db.execute("UPDATE peers SET url = '' WHERE owner = ?",
                                                        [b.services.identity.fingerprint]))
    await b.services.runner.write(lambda db: db.execute("UPDATE peers SET url = '' WHERE owner = ?",
                                                        [a.services.identity.fingerprint]))
    case_id = await a.new_case()
    await a.services.exchange.sharing.share_seizure(ADMIN, case_id,
                                                   ShareRequest(peer_ids=(await a.peer_id(b),), handling="amber"))
    await hub.sync(a)
    results = await b.sync(hub)
    assert results[0].applied == 1, results
    at_b = await b.held(uuid.UUID(case_id).bytes)
    at_a = await a.held(uuid.UUID(case_id).bytes)
    assert at_b.wire == at_a.wire  # verbatim: the hub changed no byte
    assert at_b.owner == a.services.identity.fingerprint


async def test_one_seizure_one_report_holds_for_a_bulk_import_checked_in_a_worker_process(
        network: NodeFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = await network("alpha")
    cen = await network("cen", country="BE", role="global")
    await pair(a, cen)
    await a.services.exchange.sharing.set_global_by_default(ADMIN, True)
    # Any file goes through the worker process, so what it sends the writer is what a large import sends.
    monkeypatch.setattr(seizure_batches, "PROCESS_THRESHOLD_BYTES", 0)
    confirmed = {**CASE, "reference": "NA/WVB/2026/0101", "status": "confirmed"}
    draft = {**CASE, "reference": "NA/WVB/2026/0102", "status": "draft"}
    third = {**CASE, "reference": "NA/WVB/2026/0103", "status": "confirmed"}
    head, reference, tail = native_csv(confirmed, draft, third).partition(b"NA/WVB/2026/0103")
    source = tmp_path / "cases.csv"
    source.write_bytes(head + reference + tail.replace(b"52.4", b"heaps", 1))
    with source.open("rb") as handle:
        result = await import_seizures(a.services.seizures, a.services.audit, ADMIN, handle, clock=SystemClock(),
                                       name=source.name)
    assert (result.report.created, result.report.failed) == (2, 1), (result.report, error_lines(result, 10))
    third_row = len(case_rows(normalise_seizure(confirmed))) + len(case_rows(normalise_seizure(draft))) + 1
    assert error_lines(result, 5) == [f"row {third_row}, quantity: Enter a number such as 12.5."]
    page = await a.services.seizures.search(ADMIN, SeizureFilter())
    stored = {case.body["reference"]: case for case in page.items}
    assert stored["NA/WVB/2026/0101"].body["parties"][0]["name"] == "Johannes Amupolo"
    # Alpha tells its peers when records are issued, so the global node may have pulled the report already (pulls from
    # one peer take turns): what counts is that it holds it once this pull is done.
    results = await cen.sync(a)
    assert results[0].ok and results[0].refused == 0, results
    assert await cen.services.runner.read(lambda db: db.execute("SELECT count(*) FROM records").fetchone()[0]) == 1
    held = await cen.held(global_record_id(uuid.UUID(stored["NA/WVB/2026/0101"].uuid)).bytes)
    assert decode_record(held.wire).body["commodities"][0]["quantity"] == "52.4"
