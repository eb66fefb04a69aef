"""Records examined in worker processes give the same findings as in this one, and nothing needs the workers."""

from __future__ import annotations

import io
import os
import uuid

import msgpack
import pytest

from crypto import SigningKey
from node.exchange import examiners
from node.exchange.examiners import EXAMINER_NICENESS, ExaminerPool, examine_batch
from protocol.audience import Audience, Handling
from protocol.codec import encode
from protocol.envelope import Draft, Examined, examine_here, open_records, seal_record
from protocol.keyring import TrustedKey
from protocol.reasons import Reason
from protocol.records import record_bodies
from protocol.recordtypes import RecordType

CREATED_AT = "2026-03-01T09:00:00.000000Z"
BODIES = record_bodies()


@pytest.fixture
def origin() -> SigningKey:
    return SigningKey.generate()


def wires(origin: SigningKey, count: int = 6) -> list[bytes]:
    """Records of every outcome: good ones, a forged signature, an invalid body, bytes that do not parse."""
    audience = Audience.of([SigningKey.generate().public.raw])
    out: list[bytes] = []
    for seq in range(1, count + 1):
        record = seal_record(origin, Draft(RecordType.TOMBSTONE, uuid.uuid4(), 2, seq, CREATED_AT, audience,
                                           Handling.AMBER, {"record_type": "seizure"}))
        out.append(record.wire if seq % 3 else encode([1, record.envelope, bytes(64)]))
    bad_body = seal_record(origin, Draft(RecordType.SEIZURE, uuid.uuid4(), 1, count + 1, CREATED_AT, audience,
                                         Handling.AMBER, {"reference": "no date"}), bodies=None)
    stranger = seal_record(SigningKey.generate(), Draft(RecordType.TOMBSTONE, uuid.uuid4(), 2, 1, CREATED_AT,
                                                        audience, Handling.AMBER, {"record_type": "seizure"}))
    return [*out, bad_body.wire, stranger.wire, b"\x93\x01"]


def summary(found: Examined) -> tuple[object, ...]:
    """What a finding says (errors compare by identity, records by value)."""
    refusal, content = found.refusal, found.content
    return (refusal and (refusal.reason, refusal.detail), found.signed, content and (content.reason, content.detail),
            found.record)


def outcomes(results: list[object]) -> list[object]:
    return [getattr(r, "reason", None) or r for r in results]


def test_a_finding_survives_the_pipe(origin: SigningKey) -> None:
    keys = {origin.public.raw: origin.public}
    batch = wires(origin)
    for wire, found in zip(batch, examine_here(keys.get, bodies=BODIES)(batch)(), strict=True):
        assert summary(Examined.from_plain(found.to_plain(), wire)) == summary(found)
    with pytest.raises(ValueError, match="not a finding"):
        Examined.from_plain(["", "", True, "", "", None], b"")  # accepted, yet no record
    with pytest.raises(ValueError, match="not a finding"):
        Examined.from_plain(["no_such_reason", "x", None, "", "", None], b"")


def test_the_worker_function_finds_what_this_process_finds(origin: SigningKey) -> None:
    batch = wires(origin)
    keys = {origin.public.raw: origin.public}
    here = examine_here(keys.get, bodies=BODIES)(batch)()
    there = [Examined.from_plain(plain, wire)
             for plain, wire in zip(examine_batch([False, [origin.public.raw], batch]), batch, strict=True)]
    assert [summary(f) for f in there] == [summary(f) for f in here]
    assert [(f.refusal is None, f.signed, f.content is None) for f in there] == [
        (True, True, True), (True, True, True), (True, False, True),
        (True, True, True), (True, True, True), (True, False, True),
        (True, True, False),  # the seizure without a date: signed, its body refused
        (True, None, True),  # a key the parent does not trust: not checked at all
        (False, None, True)]
    assert there[6].content is not None and there[6].content.reason is Reason.INVALID_BODY
    # A global node refuses every nominal record, in the worker as here.
    found = Examined.from_plain(examine_batch([True, [origin.public.raw], batch[:1]])[0], batch[0])
    assert found.content is not None and found.content.reason is Reason.NOMINAL_DATA


def started(workers: int = 2) -> ExaminerPool:
    """Return a pool of that many processes, up (whatever the number of cores of this machine)."""
    pool = ExaminerPool(workers=workers)
    pool.start()
    assert len(pool._workers) == workers
    for worker in pool._workers:
        worker.ready.result(timeout=60)  # until then, batches are examined here
    return pool


def decisions(origin: SigningKey, batch: list[bytes], pool: ExaminerPool | None) -> list[object]:
    trusted = {origin.public.raw: TrustedKey(origin.public, last_seq=5)}
    examine = None if pool is None else pool.examiner({origin.public.raw: origin.public}, bodies=BODIES,
                                                      non_nominal_only=False)
    return outcomes(open_records(batch, keys=trusted.get, bodies=BODIES, examine_batch=examine))


def test_worker_processes_decide_as_this_process_and_stop(origin: SigningKey) -> None:
    pool = started()
    processes = [worker.process for worker in pool._workers]
    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert {os.getpriority(os.PRIO_PROCESS, p.pid) for p in processes} == {min(19, own + EXAMINER_NICENESS)}
    batch = wires(origin)
    try:
        expected = decisions(origin, batch, None)
        assert [e if isinstance(e, Reason) else "ok" for e in expected] == [
            "ok", "ok", Reason.BAD_SIGNATURE, "ok", "ok", Reason.BAD_SIGNATURE,
            Reason.KEY_ROTATED,  # sequence 7, after the key's cut-off at 5: refused before its body
            Reason.UNKNOWN_KEY, Reason.MALFORMED]
        assert decisions(origin, batch, pool) == expected
        assert decisions(origin, batch[:1], pool) == expected[:1]  # fewer records than workers
    finally:
        pool.stop()
    assert pool._workers == [] and all(process.returncode == 0 for process in processes)


def test_one_worker_per_core_and_none_on_one_core(monkeypatch: pytest.MonkeyPatch, origin: SigningKey) -> None:
    monkeypatch.setattr(examiners, "usable_cores", lambda: 3)
    pool = ExaminerPool()
    pool.start()
    assert len(pool._workers) == 3
    pool.close()
    monkeypatch.setattr(examiners, "usable_cores", lambda: 1)
    pool = ExaminerPool()
    pool.start()
    assert pool._workers == []
    batch = wires(origin)
    assert decisions(origin, batch, pool) == decisions(origin, batch, None)
    pool.stop()


def test_a_dead_worker_is_replaced_by_examining_here(origin: SigningKey) -> None:
    pool = started(workers=1)
    try:
        dead = pool._workers[0].process
        dead.kill()
        dead.wait()
        batch = wires(origin)
        expected = decisions(origin, batch, None)
        assert decisions(origin, batch, pool) == expected
        assert pool._workers == []  # forgotten: the next batches are examined here
        assert decisions(origin, batch, pool) == expected
    finally:
        pool.close()


def test_the_worker_ends_when_its_input_closes(origin: SigningKey) -> None:
    requests, answers = io.BytesIO(), io.BytesIO()
    batch = wires(origin, 3)
    for part in (batch[:3], batch[:1]):
        data = msgpack.packb([False, [origin.public.raw], part], use_bin_type=True)
        requests.write(len(data).to_bytes(4, "big") + data)
    requests.seek(0)
    examiners.serve(requests, answers)
    answers.seek(0)
    replies = [examiners._receive(answers) for _ in range(3)]
    assert replies[0] == "ready"
    assert [plain[2] for plain in replies[1]] == [True, True, False] and [plain[2] for plain in replies[2]] == [True]
