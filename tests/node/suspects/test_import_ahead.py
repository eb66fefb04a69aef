"""Matching an import ahead of the writer: the proposals are those of matching each record when it is written.

A worker matches a chunk against a snapshot; whatever changes between that snapshot and the write (the
previous chunk, another user's edit, a merge, a deletion, a record created meanwhile) must be judged as it is
when the record is written, as if the writer had matched it there and then.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import signal
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from node.errors import Unavailable
from node.runtime import Services, open_services
from node.services import suspects as suspect_service
from node.services.actor import command_line_actor
from node.services.seizures import NoPublisher
from node.services.suspect_ahead import Ahead
from node.services.suspect_checks import check_chunk
from node.services.suspect_import import Checked, SuspectImportReport, write_batch
from node.services.suspect_kinds import PERSONS
from store import suspect_matches as match_repo
from tests.conftest import FakeClock, make_node

ACTOR = command_line_actor()
GIVEN = ["Mohammed", "Amadou", "Fatima", "Ngozi", "Ivan", "Aisha", "Joseph"]
FAMILY = ["Al-Hassan", "Diallo", "Okeke", "Petrov", "Traore", "Mensah", "Garcia"]
SPELLINGS = {"Mohammed": "Muhammad", "Al-Hassan": "Alhasan", "Diallo": "Dialo", "Okeke": "Okekeh",
             "Petrov": "Petroff", "Traore": "Traoré", "Mensah": "Mensa", "Garcia": "García", "Ngozi": "Ngozie",
             "Aisha": "Aicha", "Fatima": "Fatimah", "Ivan": "Iwan", "Amadou": "Ahmadou", "Joseph": "Josef"}


def register(seed: int = 7) -> list[dict[str, Any]]:
    """Return persons with few names and dates, and for many of them a second record written another way."""
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    for n in range(70):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        born = (date(1970, 1, 1) + timedelta(days=rng.randrange(400))).isoformat()
        person = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "full_name": f"{given} {family}",
                  "date_of_birth": born, "sex": "F" if given in ("Fatima", "Ngozi", "Aisha") else "M"}
        if n % 3 == 0:
            person["documents"] = [{"type": "passport", "number": f"P{rng.randrange(10**7):07d}", "country": "NG"}]
        people.append(person)
        if rng.random() < 0.6:  # the same person again: respelt, reordered, or with the year only
            other = {**person, "id": str(uuid.UUID(int=rng.getrandbits(128), version=4))}
            variant = rng.randrange(3)
            if variant == 0:
                other["full_name"] = f"{SPELLINGS[given]} {SPELLINGS[family]}"
            elif variant == 1:
                other["full_name"] = f"{family.upper()}, {given}"
            else:
                other["date_of_birth"] = born[:4]
            people.append(other)
    rng.shuffle(people)
    return people


@pytest.fixture
async def services(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Services]:
    async with open_services(make_node(tmp_path / "node", clock).config, clock) as opened:
        yield opened


async def proposals(services: Services) -> set[tuple[str, str, float]]:
    """Return the queue of possible duplicates as (record, candidate, score), by identifiers."""
    def read(db: Database) -> set[tuple[str, str, float]]:
        rows = db.execute("SELECT r.uuid, c.uuid, p.score FROM person_proposals p JOIN persons r ON r.id = p.record_id "
                          "JOIN persons c ON c.id = p.candidate_id").fetchall()
        return {(a, b, round(score, 9)) for a, b, score in rows}
    return await services.runner.read(read)


async def test_an_import_in_chunks_proposes_what_matching_each_record_on_its_own_does(
        tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    people = register()
    monkeypatch.setattr(suspect_service, "IMPORT_CHUNK", 6)  # many chunks, each matched before the last is stored
    async with open_services(make_node(tmp_path / "chunked", clock).config, clock) as chunked:
        report = await chunked.persons.import_batch(ACTOR, people)
        found = await proposals(chunked)
    async with open_services(make_node(tmp_path / "one", clock).config, clock) as one_by_one:
        for person in people:  # each import sees every earlier record committed
            await one_by_one.persons.import_batch(ACTOR, [person])
        expected = await proposals(one_by_one)
    assert report.created == len(people) and report.failed == 0
    assert len(expected) >= 30  # the register has duplicates enough for the comparison to mean something
    assert found == expected


async def test_worker_processes_propose_what_the_writer_alone_does_and_name_bad_items_by_position(
        tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    people = register()
    bad = {1, 9, 23, len(people) - 1}  # in the short first chunk, the next ones and the last
    monkeypatch.setattr(suspect_service, "IMPORT_CHUNK", 10)
    monkeypatch.setattr(suspect_service, "PROCESS_MIN_ITEMS", 20)  # checked and matched in worker processes
    async with open_services(make_node(tmp_path / "workers", clock).config, clock) as workers:
        sent = [{**person, "sex": "?"} if index in bad else person for index, person in enumerate(people)]
        report = await workers.persons.import_batch(ACTOR, sent)
        found = await proposals(workers)
    monkeypatch.setattr(suspect_service, "PROCESS_MIN_ITEMS", 10**9)
    async with open_services(make_node(tmp_path / "writer", clock).config, clock) as writer:
        await writer.persons.import_batch(ACTOR, [person for index, person in enumerate(people) if index not in bad])
        expected = await proposals(writer)
    assert sorted(index for index, _, _ in report.errors) == sorted(bad)
    assert report.created == len(people) - len(bad)
    assert len(expected) >= 30 and found == expected


async def test_updating_a_record_within_the_import_is_seen_by_later_items(services: Services,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    stored = await services.persons.create(ACTOR, {"full_name": "Ivan Petrov", "date_of_birth": "1970-03-04"})
    monkeypatch.setattr(suspect_service, "IMPORT_CHUNK", 3)  # the update and the later item in one chunk
    first, third = str(uuid.uuid4()), str(uuid.uuid4())
    items = [{"id": first, "full_name": "Amadou Diallo", "date_of_birth": "1981-01-02"},
             {"id": stored.record.uuid, "full_name": "Amadou Diallo", "date_of_birth": "1981-01-02"},  # now alike
             {"id": third, "full_name": "Ahmadou Dialo", "date_of_birth": "1981-01-02"}]
    report = await services.persons.import_batch(ACTOR, items)
    assert (report.created, report.updated) == (2, 1)
    assert {candidate for record, candidate, _ in report.proposals if record == third} == {first, stored.record.uuid}


# -- what changes between the worker's snapshot and the write -----------------------------------------------------

async def ahead_of(services: Services, items: list[dict[str, Any]]) -> tuple[list[Checked], Ahead]:
    """Check and match items against the database as it is now, as an import's worker does."""
    run = partial(check_chunk, services.persons._local_rules(), items, 0, services.runner.path)
    checked, failures, ahead = await asyncio.get_running_loop().run_in_executor(None, run)
    assert failures.failed == 0 and ahead is not None
    return checked, ahead


async def uuid_of(services: Services, record_id: int) -> str:
    def read(db: Database) -> str:
        return str(db.execute("SELECT uuid FROM persons WHERE id = ?", [record_id]).fetchone()[0])
    return await services.runner.read(read)


async def write(services: Services, checked: list[Checked], ahead: Ahead) -> list[tuple[str, str, float]]:
    """Write checked items with what the worker found; return the proposals."""
    report = SuspectImportReport()
    await services.runner.write(write_batch, PERSONS, checked, report, at="2026-12-03T10:00:00Z", by="test",
                                publisher=NoPublisher(), ahead=ahead)
    return report.proposals


NEW = {"full_name": "Ngozi Okeke", "date_of_birth": "1985-07-01", "sex": "F"}


async def test_a_record_edited_after_the_snapshot_is_judged_as_it_is_now(services: Services) -> None:
    was_other = await services.persons.create(ACTOR, {"full_name": "Fatima Traore", "date_of_birth": "1985-07-01"})
    was_same = await services.persons.create(ACTOR, {**NEW, "full_name": "Ngozie Okeke"})
    checked, ahead = await ahead_of(services, [NEW])
    assert {await uuid_of(services, r) for r in ahead.found[0] or {}} == {was_same.record.uuid}
    await services.persons.update(ACTOR, was_other.record.uuid, {**NEW, "full_name": "Ngozi Okekeh"}, None)
    await services.persons.update(ACTOR, was_same.record.uuid, {**NEW, "full_name": "Aisha Garcia"}, None)
    found = await write(services, checked, ahead)
    assert {candidate for _, candidate, _ in found} == {was_other.record.uuid}


async def test_a_record_created_deleted_or_merged_after_the_snapshot(services: Services) -> None:
    deleted = await services.persons.create(ACTOR, {**NEW, "full_name": "Ngozi Okekeh"})
    absorbed = await services.persons.create(ACTOR, {**NEW, "full_name": "OKEKE, Ngozi"})
    survivor = await services.persons.create(ACTOR, {"full_name": "Ngozi A. Okeke", "date_of_birth": "1985-01-07"})
    checked, ahead = await ahead_of(services, [NEW])
    created = await services.persons.create(ACTOR, {**NEW, "full_name": "Ngozie Okeke"})
    await services.persons.delete(ACTOR, deleted.record.uuid)
    await services.matching.merge(ACTOR, PERSONS.kind, survivor.record.uuid, absorbed.record.uuid)
    found = await write(services, checked, ahead)
    assert {candidate for _, candidate, _ in found} == {created.record.uuid, survivor.record.uuid}


async def test_when_the_change_log_was_pruned_past_the_snapshot_the_writer_matches_itself(services: Services) -> None:
    other = await services.persons.create(ACTOR, {"full_name": "Fatima Traore", "date_of_birth": "1985-07-01"})
    checked, ahead = await ahead_of(services, [NEW])
    assert ahead.found[0] == {}
    await services.persons.update(ACTOR, other.record.uuid, {**NEW, "full_name": "Ngozi Okekeh"}, None)
    assert await services.runner.write(match_repo.prune_changes, keep_s=-60) >= 1  # every entry, even this one
    found = await write(services, checked, ahead)
    assert {candidate for _, candidate, _ in found} == {other.record.uuid}


# -- a worker process that dies ------------------------------------------------------------------------------------

def people(count: int, start: int) -> list[dict[str, Any]]:
    """Return ``count`` distinct persons, the same ones for the same ``start``."""
    return [{"full_name": f"Amina Test{n:05d}", "date_of_birth": (date(1950, 1, 1) + timedelta(days=n)).isoformat()}
            for n in range(start, start + count)]


async def count_persons(services: Services) -> int:
    return int(await services.runner.read(lambda db: db.execute("SELECT count(*) FROM persons").fetchone()[0]))


async def test_an_import_whose_worker_died_fails_clearly_and_the_next_starts_new_workers(services: Services) -> None:
    size = suspect_service.PROCESS_MIN_ITEMS
    assert (await services.persons.import_batch(ACTOR, people(size, 0))).created == size  # workers now wait
    for worker in multiprocessing.active_children():  # as the out-of-memory killer would
        os.kill(worker.pid or 0, signal.SIGKILL)
        worker.join(10)

    with pytest.raises(Unavailable, match=f"worker process ended unexpectedly, after 0 of {size} records"):
        await services.persons.import_batch(ACTOR, people(size, size))
    assert await count_persons(services) == size  # nothing half-written

    again = await services.persons.import_batch(ACTOR, people(size, size))
    assert (again.created, again.failed) == (size, 0)
    assert await count_persons(services) == 2 * size
