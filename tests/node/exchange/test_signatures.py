"""Signatures checked in a worker process give the same verdicts as in this one, and nothing needs the worker."""

from __future__ import annotations

import io
import uuid

import msgpack
import pytest

from crypto import SigningKey
from node.exchange import signatures
from node.exchange.signatures import SignatureWorker, verify_signatures
from protocol.audience import Audience, Handling
from protocol.envelope import Draft, SignedEnvelope, check_signatures_here, seal_record
from protocol.recordtypes import RecordType

CREATED_AT = "2026-03-01T09:00:00.000000Z"


def batch(count: int = 6) -> list[SignedEnvelope]:
    """Signed envelopes, every third with a signature that does not verify."""
    key = SigningKey.generate()
    audience = Audience.of([SigningKey.generate().public.raw])
    items: list[SignedEnvelope] = []
    for seq in range(1, count + 1):
        record = seal_record(key, Draft(RecordType.TOMBSTONE, uuid.uuid4(), 2, seq, CREATED_AT, audience,
                                        Handling.AMBER, {"record_type": "seizure"}))
        signature = record.signature if seq % 3 else bytes(64)
        items.append((key.public, record.envelope, signature))
    return items


def test_the_worker_function_agrees_with_checking_here() -> None:
    items = batch()
    expected = list(check_signatures_here(items)())
    assert expected == [True, True, False, True, True, False]
    assert verify_signatures([(key.raw, envelope, signature) for key, envelope, signature in items]) == expected


def started(monkeypatch: pytest.MonkeyPatch) -> SignatureWorker:
    """Return a worker whose process is up (as if this machine had a second core)."""
    monkeypatch.setattr(signatures, "spare_core", lambda: True)
    worker = SignatureWorker()
    worker.start()
    assert worker._ready is not None
    worker._ready.result(timeout=60)  # until then, batches are checked here
    return worker


def test_a_worker_process_checks_and_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    worker = started(monkeypatch)
    process = worker._process
    assert process is not None
    try:
        items = batch()
        assert list(worker.check(items)()) == list(check_signatures_here(items)())
        assert list(worker.check(items[:2])()) == [True, True]
    finally:
        worker.stop()
    assert worker._process is None and process.returncode == 0


def test_one_core_checks_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signatures, "spare_core", lambda: False)
    worker = SignatureWorker()
    worker.start()
    assert worker._process is None
    items = batch(3)
    assert list(worker.check(items)()) == [True, True, False]
    worker.stop()


def test_a_dead_worker_is_replaced_by_checking_here(monkeypatch: pytest.MonkeyPatch) -> None:
    worker = started(monkeypatch)
    try:
        assert worker._process is not None
        worker._process.kill()
        worker._process.wait()
        items = batch(3)
        assert list(worker.check(items)()) == [True, True, False]
        assert worker._process is None  # forgotten: the next batches are checked here
        assert list(worker.check(items)()) == [True, True, False]
    finally:
        worker.close()


def test_the_worker_ends_when_its_input_closes() -> None:
    requests, answers = io.BytesIO(), io.BytesIO()
    items = batch(3)
    for part in (items, items[:1]):
        data = msgpack.packb([(key.raw, envelope, signature) for key, envelope, signature in part], use_bin_type=True)
        requests.write(len(data).to_bytes(4, "big") + data)
    requests.seek(0)
    signatures.serve(requests, answers)
    answers.seek(0)
    unpacker = [signatures._receive(answers) for _ in range(3)]
    assert unpacker == ["ready", [True, True, False], [True]]
