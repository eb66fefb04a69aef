"""Persons and entities: create, read (audited), update with revisions, delete, and proposals on every write.

One service class serves both kinds (``KindRules`` says what differs). Persons and entities are nominal:
every call needs ``VIEW_NOMINAL`` and every view is written to the audit log. Local input is checked twice,
like a case: the protocol's shape, then this node's lists and clock. Each write is one transaction that
also keeps the search index, the blocking keys, the links and the queue of possible duplicates.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.collector import collector_deferred
from node.errors import Conflict, Message, NotFound, PermissionDenied, Unavailable, ValidationFailed
from node.ids import new_uuid
from node.refdata.service import RefDataService
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from node.services.seizure_terms import changes
from node.services.seizures import NoPublisher, Publisher
from node.services.suspect_checks import Chunk, LocalRules, check_body, check_chunk, check_chunk_packed, unpack
from node.services.suspect_import import SuspectImportReport, write_batch
from node.services.suspect_import import dry_run as preview
from node.services.suspect_kinds import KindRules
from node.services.suspect_links import person_ref_errors
from node.services.suspect_matching import proposals_of
from node.services.suspect_records import Record, Saved, index_links, to_record, write_change, write_new
from node.services.suspect_search import Hit, SearchResult, SuspectFilter, run_search
from protocol.text import N_
from store import suspect_matches as match_repo
from store import suspects as repo
from store.runner import Runner
from store.suspects import Kind, RevisionRow, SuspectRow

log = logging.getLogger(__name__)

MIN_LOOKUP = 2
IMPORT_CHUNK = 10_000  # records per transaction of an import: a chunk's sorted keys share index pages
LEAD_SHARE = 5  # a large import's first chunk is this many times smaller, so that the writer starts sooner
IMPORT_CACHE_KIB = 262_144  # the key index of a million persons is a few hundred MiB: keep it cached while importing
PROCESS_MIN_ITEMS = 2000  # an import this large is checked in worker processes (starting one costs ~1 s)
CHANGES_KEPT_S = 86_400  # the change log needs to reach back only as far as a worker's snapshot: seconds
# Workers check and match chunks side by side; the writer needs a fraction of a core, so two keep two cores busy.
IMPORT_WORKERS = max(1, min(3, os.cpu_count() or 1))


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of records as shown, each with how it was found."""

    items: list[tuple[Record, Hit]]
    result: SearchResult

    @property
    def next_cursor(self) -> str:
        """Return the token of the next page ('' on the last page or for a ranked search)."""
        return self.result.next_cursor


def chunk_starts(total: int, size: int, *, lead: bool) -> list[int]:
    """Return where each chunk of an import of ``total`` items starts, ``size`` items apart.

    With ``lead``, the first chunk is a fifth of the others: the writer can start only once the first chunk is
    checked and matched, and the workers, each handed a chunk at once, share the cores while they match them.
    """
    step = max(1, size // LEAD_SHARE) if lead else size
    return [0, *range(step, total, size)] if total > 0 else []


class SuspectService:
    """The rules of the person or the entity database."""

    def __init__(self, runner: Runner, clock: Clock, refdata: RefDataService, rules: KindRules,
                 publisher: Publisher | None = None) -> None:
        self._runner = runner
        self._publisher: Publisher = publisher or NoPublisher()
        self._clock = clock
        self._refdata = refdata
        self.rules = rules
        self._workers: ProcessPoolExecutor | None = None  # started by the first large import

    @property
    def kind(self) -> Kind:
        """Return the kind of record this service keeps."""
        return self.rules.kind

    def _require(self, actor: Actor, permission: Permission | None = None) -> None:
        actor.require(Permission.VIEW_NOMINAL)  # persons and entities are personal data, whatever the action
        if permission is not None:
            actor.require(permission)

    # -- checking input ----------------------------------------------------------------------------------------

    def check(self, data: Any, previous: dict[str, Any] | None = None) -> dict[str, Any]:
        """Return the normalised body of local input, or raise ``ValidationFailed`` naming every bad field."""
        return check_body(self.rules, data, previous, self._refdata.is_active, self._latest())

    def _latest(self) -> str:
        return (self._clock.now() + timedelta(days=1)).date().isoformat()

    def _local_rules(self) -> LocalRules:
        """Return the snapshot of this node's lists that a worker process checks imports with."""
        active = {name: frozenset(e.code for e in self._refdata.entries(name))
                  for name in set(self.rules.field_lists.values())}
        return LocalRules(self.kind, active, self._latest())

    def close(self) -> None:
        """Stop the import worker process, if one was started."""
        if self._workers is not None:
            self._workers.shutdown(wait=True, cancel_futures=True)
            self._workers = None

    # -- writing -----------------------------------------------------------------------------------------------

    async def create(self, actor: Actor, data: Any) -> Saved:
        """Record a new person or entity and propose the existing records that are probably the same."""
        self._require(actor, Permission.EDIT_RECORDS)
        body = self.check(data)
        body["pictures"] = []  # pictures are added to an existing record, by upload
        record_uuid = str(new_uuid())
        rules = self.rules

        def apply(db: Database) -> Saved:
            if errors := person_ref_errors(db, body):
                raise ValidationFailed(errors)
            at = now_iso(self._clock)
            _, found = write_new(db, rules, record_uuid=record_uuid, body=body, at=at, by=actor.username,
                                 action="create")
            write_entry(db, self._clock, actor, f"{rules.created}.create", rules.kind, record_uuid, rules.name(body))
            row = repo.get_by_uuid(db, rules.kind, record_uuid)
            assert row is not None
            return Saved(to_record(db, rules.kind, row), proposals_of(db, rules.kind, found))

        return await self._runner.write(apply)

    async def update(self, actor: Actor, record_uuid: str, data: Any, expected_revision: int | None) -> Saved:
        """Change a record; refuse when someone else changed it since ``expected_revision``."""
        self._require(actor, Permission.EDIT_RECORDS)
        current = await self._live(record_uuid)
        self._own(current)
        body = self.check(data, current.body)
        body["pictures"] = current.body["pictures"]  # pictures change through their own actions
        rules = self.rules
        published = 0

        def apply(db: Database) -> Saved:
            nonlocal published
            row = self._live_in(db, record_uuid)
            if expected_revision is not None and row.revision != expected_revision:
                raise Conflict(N_("Someone else changed this record (now revision {revision}) while you were "
                                  "editing it. Reload it and apply your change again."), revision=row.revision)
            if errors := person_ref_errors(db, body):
                raise ValidationFailed(errors)
            diff = changes(row.body, body)
            if not diff:
                return Saved(to_record(db, rules.kind, row), [])
            found = write_change(db, rules, row, body=body, diff=diff, at=now_iso(self._clock), by=actor.username,
                                 action="update")
            write_entry(db, self._clock, actor, f"{rules.created}.update", rules.kind, record_uuid,
                        f"{rules.name(body)}: {', '.join(sorted(diff))[:500]}")
            published = self._publisher.republish(db, rules.kind.value, record_uuid, body, row.id)
            updated = repo.get_by_uuid(db, rules.kind, record_uuid)
            assert updated is not None
            return Saved(to_record(db, rules.kind, updated), proposals_of(db, rules.kind, found))

        saved = await self._runner.write(apply)
        if published:
            self._publisher.published()
        return saved

    async def delete(self, actor: Actor, record_uuid: str, expected_revision: int | None = None) -> None:
        """Remove a record, and the records merged into it, from lists, search and matching; content and history
        are kept. A record merged into another is deleted with that one (or taken out of it first)."""
        self._require(actor, Permission.DELETE_RECORDS)
        rules = self.rules
        published = 0

        def apply(db: Database) -> None:
            nonlocal published
            row = self._live_in(db, record_uuid)
            self._own(row)
            if expected_revision is not None and row.revision != expected_revision:
                raise Conflict(N_("Someone else changed this record (now revision {revision}) while you were "
                                  "editing it. Reload it and apply your change again."), revision=row.revision)
            if row.merged_into is not None:
                raise Conflict(N_("This record is merged into another: delete that one, which deletes this one "
                                  "with it, or undo the merge first."))
            at = now_iso(self._clock)
            group = repo.get_by_ids(db, rules.kind, match_repo.cluster(db, rules.kind, row.id)).values()
            members = [m for m in group if not m.deleted_at]
            for member in members:
                repo.mark_deleted(db, rules.kind, member, at=at, by=actor.username)
                match_repo.drop_keys(db, rules.kind, member.id)
                match_repo.replace_proposals(db, rules.kind, member.id, [], at)
                index_links(db, rules, member.id, {"persons": []})  # a deleted entity names nobody any more
            merged = f" and {len(members) - 1} merged into it" if len(members) > 1 else ""
            write_entry(db, self._clock, actor, f"{rules.created}.delete", rules.kind, record_uuid, row.name + merged)
            # Records merged into this one were withdrawn from peers at their merge.
            published = self._publisher.republish(db, rules.kind.value, record_uuid, None, row.id)

        await self._runner.write(apply)
        if published:
            self._publisher.published()

    # -- reading -----------------------------------------------------------------------------------------------

    def _live_in(self, db: Database, record_uuid: str) -> SuspectRow:
        row = repo.get_by_uuid(db, self.kind, record_uuid)
        if row is None or row.deleted_at:
            raise NotFound(self.rules.not_found)
        return row

    def _own(self, row: SuspectRow) -> None:
        if row.origin:
            raise PermissionDenied(self.rules.received, origin=row.origin)

    async def _live(self, record_uuid: str) -> SuspectRow:
        return await self._runner.read(self._live_in, record_uuid)

    async def get(self, actor: Actor, record_uuid: str, *, audit: bool = True) -> Record:
        """Return a record and record that this user viewed it."""
        self._require(actor)

        def fetch(db: Database) -> Record:
            return to_record(db, self.kind, self._live_in(db, record_uuid))

        record = await self._runner.read(fetch)
        if audit:
            await self._runner.write(write_entry, self._clock, actor, f"{self.rules.created}.view", self.kind,
                                     record_uuid, record.name)
        return record

    async def history(self, actor: Actor, record_uuid: str) -> list[RevisionRow]:
        """Return what changed in each revision (the view is audited)."""
        self._require(actor)

        def fetch(db: Database) -> list[RevisionRow]:
            return repo.list_revisions(db, self.kind, self._live_in(db, record_uuid).id)

        revisions = await self._runner.read(fetch)
        await self._runner.write(write_entry, self._clock, actor, f"{self.rules.created}.history", self.kind,
                                 record_uuid, "")
        return revisions

    async def search(self, actor: Actor, criteria: SuspectFilter) -> SearchPage:
        """Return one page of the list, ranked by likeness to the search words when there are some (audited)."""
        self._require(actor)
        found = await self._runner.read(run_search, self.rules, criteria)

        def finish(db: Database) -> SearchPage:
            words = criteria.text.strip()
            action = f"{self.rules.created}.search" if words else f"{self.rules.created}.list"
            detail = f"{words[:200]} ({found.total} found)" if words else \
                f"{'watch list, ' if criteria.watch_listed else ''}{criteria.sort}, {len(found.hits)} shown"
            write_entry(db, self._clock, actor, action, self.kind, "", detail)
            return SearchPage([(to_record(db, self.kind, h.row), h) for h in found.hits], found)

        return await self._runner.write(finish)

    async def lookup(self, actor: Actor, text: str, *, limit: int = 8) -> SearchPage:
        """Return the records most like a few words typed (the party picker's search as you type)."""
        if len(text.strip()) < MIN_LOOKUP:
            raise ValidationFailed({"q": Message(N_("Type at least {n} letters."), {"n": MIN_LOOKUP})})
        return await self.search(actor, SuspectFilter(text=text, limit=limit))

    async def import_batch(self, actor: Actor, items: list[Any], *, dry_run: bool = False,
                           first: int = 0) -> SuspectImportReport:
        """Create or update records, matching each against the database, in transactions of ``IMPORT_CHUNK``.

        A large import is checked, prepared and matched in worker processes, a chunk each, against a snapshot of
        the database while the writer stores the previous chunk; the writer brings what they found up to date
        with what changed since (node/services/suspect_ahead.py) and stays the single thread that writes.
        """
        self._require(actor, Permission.IMPORT_RECORDS)
        report = SuspectImportReport()
        loop = asyncio.get_running_loop()
        rules, local = self.rules, self._local_rules()
        if len(items) >= PROCESS_MIN_ITEMS and self._workers is None:
            self._workers = ProcessPoolExecutor(max_workers=IMPORT_WORKERS,
                                                mp_context=multiprocessing.get_context("spawn"))
        executor = self._workers if len(items) >= PROCESS_MIN_ITEMS else None
        depth = IMPORT_WORKERS if executor is not None else 1
        # A batch smaller than a chunk per worker (an API request) is shared out among the workers all the same.
        size = min(IMPORT_CHUNK, max(1, -(-len(items) // depth)))
        starts = chunk_starts(len(items), size, lead=executor is not None)
        chunks = [items[start:end] for start, end in zip(starts, [*starts[1:], len(items)], strict=True)]

        store = None if dry_run else self._runner.path
        keep = executor is not None

        def check(index: int) -> asyncio.Future[bytes | Chunk]:
            work = check_chunk_packed if executor is not None else check_chunk
            return loop.run_in_executor(executor, partial(work, local, chunks[index], first + starts[index], store,
                                                          keep=keep))

        at = now_iso(self._clock)

        def apply(db: Database, result: bytes | Chunk) -> int:
            # Each chunk commits on its own, so each carries its own audit entry.
            checked, failures, ahead = unpack(result)
            report.add(failures)
            before = (report.created, report.updated, report.matched)
            published = write_batch(db, rules, checked, report, at=at, by=actor.username, publisher=self._publisher,
                                    ahead=ahead)
            created, updated, matched = (now - then for now, then in
                                         zip((report.created, report.updated, report.matched), before, strict=True))
            write_entry(db, self._clock, actor, f"{rules.created}.import", rules.kind, "",
                        f"{created} created, {updated} updated, {matched} with possible duplicates")
            return published

        if not dry_run:
            await self._runner.write(match_repo.prune_changes, keep_s=CHANGES_KEPT_S)
            await self._runner.widen_cache(IMPORT_CACHE_KIB)

        def look(db: Database, result: bytes | Chunk) -> None:
            checked, failures, _ = unpack(result)
            report.add(failures)
            preview(db, rules, checked, report)

        pending: deque[asyncio.Future[bytes | Chunk]] = deque()
        done = 0
        try:
            pending.extend(check(index) for index in range(min(depth, len(chunks))))
            with collector_deferred(every=1) as collect:
                for index in range(len(chunks)):
                    result = await pending.popleft()  # unpacked in the writer, off the event loop
                    if index + depth < len(chunks):
                        pending.append(check(index + depth))
                    if dry_run:
                        await self._runner.read(look, result)
                    elif await self._runner.write(apply, result):
                        self._publisher.published()
                    done += len(chunks[index])
                    collect()
        except BrokenProcessPool as exc:  # killed, or out of memory: the next import starts new workers
            log.warning("an import worker process ended unexpectedly", exc_info=True)
            if self._workers is executor and executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
                self._workers = None
            raise Unavailable(N_("The import stopped because a worker process ended unexpectedly, after {done} of "
                                 "{total} records; send the others again."), done=done, total=len(items)) from exc
        finally:
            for future in pending:  # an import that failed part-way leaves no work running for it
                future.cancel()
            if not dry_run:
                await self._runner.narrow_cache()
        return report
