"""Seizure cases: create, read (audited), update with revisions, delete, list and search, export.

Local input is checked twice: the protocol's shape (the same rules as for records received from peers),
then this node's own data (its HS nomenclature, its code lists, its clock). Users whose role does not allow
personal data see a case as the global CEN would: only the non-nominal fields, plus the reference.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol, TypeVar

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.errors import Conflict, Invalid, Message, NotFound, ValidationFailed
from node.ids import new_uuid
from node.refdata.service import RefDataService
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.cursors import decode_cursor, encode_cursor
from node.services.permissions import Permission
from node.services.seizure_check import CheckedBatch, CheckedCase, CodeLists, check_batch, check_case, record_errors  # noqa: F401
from node.services.seizure_terms import changes, facet, flatten, index_terms
from node.services.suspect_links import party_ref_errors
from protocol.codes import is_country
from protocol.nonnominal import strip_to_allow_list
from protocol.records.seizure import CATEGORIES, MODES, OFFENCE_TYPES, STATUSES
from protocol.recordtypes import RecordType
from protocol.text import N_
from store import seizures as repo
from store.runner import Runner
from store.seizures import RevisionRow, SeizureQuery, SeizureRow

MAX_PAGE = 200
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Case:
    """A case as one user may see it."""

    uuid: str
    revision: int
    body: dict[str, Any] = field(repr=False)
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None
    nominal: bool  # False: the body holds only non-nominal fields (the user may not see personal data)

    def to_json(self) -> dict[str, Any]:
        """Return the API shape: metadata plus the body's fields."""
        return {"id": self.uuid, "revision": self.revision, "created_at": self.created_at,
                "created_by": self.created_by, "updated_at": self.updated_at, "updated_by": self.updated_by,
                **({"deleted_at": self.deleted_at} if self.deleted_at else {}), **self.body}


@dataclass(frozen=True, slots=True)
class SeizureFilter:
    """The list's criteria as users give them; empty means any."""

    date_from: str = ""
    date_to: str = ""
    status: str = ""
    offence_type: str = ""
    category: str = ""
    hs: str = ""
    detection: str = ""
    mode: str = ""
    country: str = ""
    office: str = ""
    text: str = ""
    sort: str = "date_desc"
    limit: int = 50
    cursor: str = ""


@dataclass(frozen=True, slots=True)
class CasePage:
    """A page of the list."""

    items: list[Case]
    next_cursor: str
    total: int | None  # None on the pages after the first: the count is made once
    total_is_capped: bool
    total_is_estimated: bool = False  # extrapolated from the newest cases of a large category


def _case(row: SeizureRow, nominal: bool) -> Case:
    body = row.body if nominal else non_nominal_view(row.body)
    return Case(row.uuid, row.revision, body, row.created_at, row.created_by, row.updated_at, row.updated_by,
                row.deleted_at, nominal)


def non_nominal_view(body: dict[str, Any]) -> dict[str, Any]:
    """Return what a user without access to personal data may see of a case: the global CEN's allow-list."""
    return {"reference": body["reference"], **strip_to_allow_list(RecordType.SEIZURE, body)}


# Words nearly every narrative holds: requiring them narrows nothing, but makes the index read its longest lists.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of", "on", "or", "the",
    "to", "was", "were", "with",
    "au", "aux", "d", "dans", "de", "des", "du", "en", "est", "et", "l", "la", "le", "les", "par", "pour", "sur", "un",
    "une",
})


def fts_expression(text: str, *, nominal: bool) -> str:
    """Return a safe FTS5 query for a user's words: each word quoted, ``word*`` as a prefix, all required.

    Common English and French words ("of", "de"...) are left out when other words remain.
    """
    terms = []
    for word in text.split()[:12]:
        prefix = word.endswith("*")
        word = word.rstrip("*").replace('"', "")
        if word:
            stop = not prefix and word.lower() in STOP_WORDS
            terms.append((f'"{word}"' + ("*" if prefix and len(word) >= 2 else ""), stop))
    if not terms:
        return ""
    if not all(stop for _, stop in terms):
        terms = [(term, stop) for term, stop in terms if not stop]
    expression = " ".join(term for term, _ in terms)
    # Without access to personal data, names and free text are not searchable either.
    return expression if nominal else "{reference goods} : (" + expression + ")"


@dataclass(frozen=True, slots=True)
class ImportItem:
    """One case assembled from import rows: where it came from, and its data or why it could not be read."""

    rows: tuple[int, ...]  # source row numbers (1 = first data row), for error reports
    data: dict[str, Any] | None
    errors: dict[str, Message] = field(default_factory=dict)


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[tuple[int, ...], str, Message]] = field(default_factory=list)  # (rows, field, message)

    def add(self, other: ImportReport, *, max_errors: int = 1000) -> None:
        """Merge another batch's report into this one."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.errors += other.errors[: max(0, max_errors - len(self.errors))]


class Publisher(Protocol):
    """Keeps shared copies of local records in step with them (the exchange's ShareService)."""

    def republish(self, db: Database, local_type: str, local_id: str, body: dict[str, Any] | None,
                  row_id: int) -> int:
        """Re-issue the shared copies of a changed object inside the caller's transaction; return how many."""
        ...

    def shares_new(self, db: Database, local_type: str, status: str) -> bool:
        """Tell whether a new object of this type and status is shared as soon as it exists (by default)."""
        ...

    def published(self) -> None:
        """Learn, after the commit, that records were issued."""
        ...


class NoPublisher:
    """A node without an exchange (command-line tools): nothing is shared."""

    def republish(self, db: Database, local_type: str, local_id: str, body: dict[str, Any] | None,
                  row_id: int) -> int:
        """Do nothing."""
        return 0

    def shares_new(self, db: Database, local_type: str, status: str) -> bool:
        """Nothing is shared."""
        return False

    def published(self) -> None:
        """Do nothing."""


class SeizureService:
    """The rules of the national seizure database."""

    def __init__(self, runner: Runner, clock: Clock, refdata: RefDataService,
                 publisher: Publisher | None = None) -> None:
        self._runner = runner
        self._clock = clock
        self._refdata = refdata
        self._publisher: Publisher = publisher or NoPublisher()

    # -- checking input ----------------------------------------------------------------------------------------

    def check(self, data: Any, previous: dict[str, Any] | None = None) -> dict[str, Any]:
        """Return the normalised body of local input, or raise ``ValidationFailed`` naming every bad field."""
        return check_case(data, self._refdata.lists, latest=self.latest_date(), previous=previous)

    def lists_snapshot(self) -> CodeLists:
        """Return the code lists input is checked against now (a picklable snapshot)."""
        return self._refdata.lists

    def latest_date(self) -> str:
        """Return the last date a case may have (tomorrow: the node and its users may be in other time zones)."""
        return (self._clock.now() + timedelta(days=1)).date().isoformat()

    # -- writing -----------------------------------------------------------------------------------------------

    async def create(self, actor: Actor, data: Any) -> Case:
        """Record a new case."""
        actor.require(Permission.EDIT_RECORDS)
        body = self.check(data)
        body["pictures"] = []  # pictures are added to an existing case, by upload
        case_id = str(new_uuid())

        def apply(db: Database) -> tuple[SeizureRow, int]:
            if repo.get_by_references(db, [body["reference"]]):
                raise ValidationFailed({"reference": Message(N_("Another case already has this reference."))})
            if errors := party_ref_errors(db, body):  # a party's record must exist
                raise ValidationFailed(errors)
            counts: Counter[str] = Counter()
            seizure_id = repo.insert(db, uuid=case_id, body=body, terms=index_terms(body), at=now_iso(self._clock),
                                     by=actor.username, action="create", counts=counts)
            repo.apply_counts(db, counts)
            write_entry(db, self._clock, actor, "seizure.create", "seizure", case_id, body["reference"])
            published = self._publisher.republish(db, "seizure", case_id, body, seizure_id)
            row = repo.get_by_uuid(db, case_id)
            assert row is not None
            return row, published

        return _case(await self._after(*await self._runner.write(apply)), True)

    async def update(self, actor: Actor, case_id: str, data: Any, expected_revision: int | None) -> Case:
        """Change a case; refuse when someone else changed it since ``expected_revision``."""
        actor.require(Permission.EDIT_RECORDS)
        current = await self._live(case_id)
        body = self.check(data, current.body)
        body["pictures"] = current.body["pictures"]  # pictures change through their own actions

        def apply(db: Database) -> tuple[SeizureRow, int]:
            row = repo.get_by_uuid(db, case_id)
            if row is None or row.deleted_at:
                raise NotFound(N_("There is no such case."))
            if expected_revision is not None and row.revision != expected_revision:
                raise Conflict(N_("Someone else changed this case (now revision {revision}) while you were "
                                  "editing it. Reload it and apply your change again."), revision=row.revision)
            other = repo.get_by_references(db, [body["reference"]]).get(body["reference"].lower())
            if other is not None and other.uuid != case_id:
                raise ValidationFailed({"reference": Message(N_("Another case already has this reference."))})
            if errors := party_ref_errors(db, body, row.body):  # links already on the case stay valid
                raise ValidationFailed(errors)
            diff = changes(row.body, body)
            if not diff:
                return row, 0
            counts: Counter[str] = Counter()
            repo.update(db, row, body=body, old_terms=index_terms(row.body), terms=index_terms(body), changes=diff,
                        at=now_iso(self._clock), by=actor.username, action="update", counts=counts)
            repo.apply_counts(db, counts)
            write_entry(db, self._clock, actor, "seizure.update", "seizure", case_id,
                        f"{body['reference']}: {', '.join(sorted(diff))[:500]}")
            published = self._publisher.republish(db, "seizure", case_id, body, row.id)
            updated = repo.get_by_uuid(db, case_id)
            assert updated is not None
            return updated, published

        return _case(await self._after(*await self._runner.write(apply)), True)

    async def delete(self, actor: Actor, case_id: str, expected_revision: int | None = None) -> None:
        """Remove a case from lists and search; its content and history are kept."""
        actor.require(Permission.DELETE_RECORDS)

        def apply(db: Database) -> tuple[None, int]:
            row = repo.get_by_uuid(db, case_id)
            if row is None or row.deleted_at:
                raise NotFound(N_("There is no such case."))
            if expected_revision is not None and row.revision != expected_revision:
                raise Conflict(N_("Someone else changed this case (now revision {revision}) while you were "
                                  "editing it. Reload it and apply your change again."), revision=row.revision)
            counts: Counter[str] = Counter()
            repo.mark_deleted(db, row, old_terms=index_terms(row.body), at=now_iso(self._clock),
                              by=actor.username, counts=counts)
            repo.apply_counts(db, counts)
            write_entry(db, self._clock, actor, "seizure.delete", "seizure", case_id, row.reference)
            return None, self._publisher.republish(db, "seizure", case_id, None, row.id)

        await self._after(*await self._runner.write(apply))

    async def _after(self, result: T, published: int) -> T:
        """Tell the exchange about records issued by the transaction that just committed."""
        if published:
            self._publisher.published()
        return result

    # -- reading -----------------------------------------------------------------------------------------------

    async def _live(self, case_id: str) -> SeizureRow:
        row = await self._runner.read(repo.get_by_uuid, case_id)
        if row is None or row.deleted_at:
            raise NotFound(N_("There is no such case."))
        return row

    async def get(self, actor: Actor, case_id: str) -> Case:
        """Return a case and record that this user viewed it."""
        actor.require(Permission.VIEW_RECORDS)
        row = await self._live(case_id)
        nominal = actor.can(Permission.VIEW_NOMINAL)
        await self._runner.write(write_entry, self._clock, actor, "seizure.view", "seizure", case_id,
                                 row.reference if nominal else f"{row.reference} (non-nominal)")
        return _case(row, nominal)

    async def history(self, actor: Actor, case_id: str) -> list[RevisionRow]:
        """Return what changed in each revision (personal data only for those allowed to see it)."""
        actor.require(Permission.VIEW_RECORDS)
        row = await self._live(case_id)
        revisions = await self._runner.read(repo.list_revisions, row.id)
        if actor.can(Permission.VIEW_NOMINAL):
            return revisions
        visible = set(flatten(non_nominal_view(row.body))) | {"reference"}
        return [RevisionRow(r.revision, r.at, r.username, r.action,
                            {p: v for p, v in r.changes.items() if p in visible}) for r in revisions]

    def query(self, actor: Actor, criteria: SeizureFilter) -> SeizureQuery:
        """Check a filter and turn it into a store query."""
        invalid = Invalid()
        facets = []
        for name, value, allowed in (("status", criteria.status, STATUSES),
                                     ("offence_type", criteria.offence_type, OFFENCE_TYPES),
                                     ("category", criteria.category, CATEGORIES), ("mode", criteria.mode, MODES)):
            if value and value not in allowed:
                invalid.add(name, N_("Choose a value from the list."))
            elif value:
                facets.append(facet(name, value))
        for name, value in (("detection", criteria.detection), ("office", criteria.office)):
            if value:
                facets.append(facet(name, value))
        if criteria.hs:
            hs = criteria.hs.replace(".", "").strip()
            if not hs.isdigit() or len(hs) not in (2, 4, 6):
                invalid.add("hs", N_("Enter an HS code of 2, 4 or 6 digits, e.g. 2403 or 240311."))
            else:
                facets.append(facet("hs", hs))
        if criteria.country:
            if not is_country(criteria.country.upper()):
                invalid.add("country", N_("Choose a country from the list (ISO 3166 two-letter code)."))
            else:
                facets.append(facet("country", criteria.country.upper()))
        for name, value in (("date_from", criteria.date_from), ("date_to", criteria.date_to)):
            if value and (len(value) != 10 or not value[:4].isdigit() or value[4] != "-" or value[7] != "-"):
                invalid.add(name, N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."))
        if criteria.sort not in ("date_desc", "date_asc", "reference", "updated_desc"):
            invalid.add("sort", N_("Choose a value from the list."))
        invalid.raise_if_any()
        return SeizureQuery(
            facets=tuple(facets), date_from=criteria.date_from, date_to=criteria.date_to,
            text=fts_expression(criteria.text, nominal=actor.can(Permission.VIEW_NOMINAL)),
            sort=criteria.sort, limit=max(1, min(criteria.limit, MAX_PAGE)),
            after=decode_cursor(criteria.cursor, criteria.sort),
        )

    async def search(self, actor: Actor, criteria: SeizureFilter, *, with_total: bool = True) -> CasePage:
        """Return one page of the filtered list."""
        actor.require(Permission.VIEW_RECORDS)
        query = self.query(actor, criteria)
        nominal = actor.can(Permission.VIEW_NOMINAL)

        def run(db: Database) -> tuple[repo.SeizurePage, repo.Count | None]:
            page = repo.search(db, query)
            # The total is counted for the first page only: following pages keep the figure already shown.
            total = repo.count(db, query) if with_total and query.after is None else None
            return page, total

        page, total = await self._runner.read(run)
        next_cursor = ""
        if page.has_more and page.rows:
            last = page.rows[-1]
            next_cursor = encode_cursor(query.sort, repo.sort_key(last, query.sort), last.id)
        return CasePage([_case(r, nominal) for r in page.rows], next_cursor, total.value if total else None,
                        bool(total and total.capped), bool(total and total.estimated))


    def prepare_batch(self, items: list[ImportItem]) -> CheckedBatch:
        """Check a batch (CPU only, no store access: run it in an executor, even beside a write)."""
        return check_batch(((item.rows, item.data, item.errors) for item in items), self._refdata.lists,
                           latest=self.latest_date())

    async def import_batch(self, actor: Actor, items: list[ImportItem], *, dry_run: bool) -> ImportReport:
        """Create or update a batch of cases in one transaction: same reference updates, never duplicates.

        A row that fails validation is reported and skipped; the others in the batch are still written.
        """
        actor.require(Permission.IMPORT_RECORDS)
        prepared = await asyncio.get_running_loop().run_in_executor(None, self.prepare_batch, items)
        return await self.write_batch(actor, prepared, dry_run=dry_run)

    async def optimize_search(self) -> None:
        """Compact the full-text index after a large import (a few seconds per million cases, on the writer)."""
        await self._runner.write(repo.optimize_search)

    async def write_batch(self, actor: Actor, prepared: CheckedBatch, *, dry_run: bool) -> ImportReport:
        """Write a checked batch in one transaction (or, in a dry run, only report what it would do)."""
        actor.require(Permission.IMPORT_RECORDS)
        report = ImportReport(failed=len(prepared.failed),
                              errors=[(rows, path, msg) for rows, errors in prepared.failed
                                      for path, msg in errors.items()])
        checked = prepared.checked
        published = 0

        def apply(db: Database) -> ImportReport:
            nonlocal published
            existing = repo.get_by_references(db, [case.reference for case in checked])
            counts: Counter[str] = Counter()
            at = now_iso(self._clock)
            seen: set[str] = set()
            created: list[tuple[str, CheckedCase]] = []  # (new identifier, case)
            for case in checked:
                key = case.reference.lower()
                if key in seen:
                    report.failed += 1
                    report.errors.append((case.rows, "reference",
                                          Message(N_("This reference appears twice in the file; rows of one case must "
                                                     "follow each other."))))
                    continue
                seen.add(key)
                current = existing.get(key)
                if current is None:
                    report.created += 1
                    created.append((str(new_uuid()), case))
                    continue
                if current.deleted_at:
                    report.failed += 1
                    report.errors.append((case.rows, "reference",
                                          Message(N_("A case with this reference was deleted; it is not re-created "
                                                     "by an import."))))
                    continue
                body = case.body
                body["pictures"] = current.body["pictures"]
                diff = changes(current.body, body)
                if not diff:
                    report.unchanged += 1
                    continue
                report.updated += 1
                if not dry_run:
                    repo.update(db, current, body=body, old_terms=index_terms(current.body), terms=index_terms(body),
                                changes=diff, at=at, by=actor.username, action="import", counts=counts)
                    published += self._publisher.republish(db, "seizure", current.uuid, body, current.id)
            if not dry_run and created:
                ids = repo.insert_many(db, [repo.NewCase(case_id, c.reference, c.date, c.status, c.stored, c.terms)
                                            for case_id, c in created], at=at, by=actor.username, action="import",
                                       counts=counts)
                # A new case has no shared copies yet; only one the node shares by default is published now.
                shared = {status for status in {c.status for _, c in created}
                          if self._publisher.shares_new(db, "seizure", status)}
                for seizure_id, (case_id, case) in zip(ids, created, strict=True):
                    if case.status in shared:
                        published += self._publisher.republish(db, "seizure", case_id, case.body, seizure_id)
            if not dry_run:
                repo.apply_counts(db, counts)
            return report

        if dry_run:
            return await self._runner.read(apply)
        result = await self._runner.write(apply)
        if published:
            self._publisher.published()
        return result
