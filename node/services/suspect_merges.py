"""Match decisions: proposals for a record or for bare facts, merges and their undo, "not the same" marks.

A merge never rewrites a body: the absorbed record keeps its content and history and points at the record
that absorbed it (``merged_into``); lists, searches, links and matching then treat the group as one record.
Undoing a merge clears the pointer. "Not the same" marks a pair that is never proposed again. Each
decision is one transaction with its audit entry; only roles with ``MERGE_SUSPECTS`` take them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.errors import Conflict, Message, NotFound, ValidationFailed
from node.matching import EntityFacts, PersonFacts
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from node.services.seizures import NoPublisher, Publisher
from node.services.suspect_kinds import ENTITIES, PERSONS, RULES, Facts, KindRules
from node.services.suspect_matching import (
    Proposal,
    facts_of_group,
    find_matches,
    proposals_of,
    reason_json,
    store_proposals,
)
from protocol.text import N_
from store import suspect_matches as match_repo
from store import suspects as repo
from store.records import HitRow
from store.runner import Runner
from store.suspects import Kind, SuspectRow

log = logging.getLogger(__name__)

QUEUE_PAGE = 50
LOOKALIKES = 5  # local records highlighted beside a received person or entity, best first


@dataclass(frozen=True, slots=True)
class MergeView:
    """One merge of a record's group, for its history."""

    id: int
    survivor: tuple[str, str]  # (identifier, name)
    absorbed: tuple[str, str]
    score: float | None
    at: str
    username: str
    undone_at: str | None
    undone_by: str | None


@dataclass(frozen=True, slots=True)
class Decisions:
    """The merges and "not the same" marks around a record."""

    merges: list[MergeView]
    distinct: list[tuple[str, str, str, str]]  # (other identifier, other name, when, by whom)


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A stored proposal between two live records."""

    record: tuple[str, str]
    candidate: tuple[str, str]
    score: float
    reasons: list[dict[str, Any]]
    found_at: str


def _root(db: Database, rules: KindRules, record_uuid: str) -> SuspectRow:
    """Return the live record that holds this one (itself unless a merge absorbed it)."""
    row = repo.get_by_uuid(db, rules.kind, record_uuid)
    if row is None or row.deleted_at:
        raise NotFound(rules.not_found)
    if row.merged_into is None:
        return row
    root_id = match_repo.roots(db, rules.kind, [row.id])[row.id]
    return repo.get_by_ids(db, rules.kind, [root_id])[root_id]


class MatchingService:
    """Proposes matches and records the analysts' decisions about them."""

    def __init__(self, runner: Runner, clock: Clock, publisher: Publisher | None = None) -> None:
        self._runner = runner
        self._clock = clock
        self._publisher: Publisher = publisher or NoPublisher()

    # -- proposals ---------------------------------------------------------------------------------------------

    async def _propose(self, rules: KindRules, facts: Facts, limit: int) -> list[Proposal]:
        def run(db: Database) -> list[Proposal]:
            return proposals_of(db, rules.kind, find_matches(db, rules, [facts], limit=limit))

        return await self._runner.read(run)

    async def propose_person_matches(self, facts: PersonFacts, *, limit: int = 20) -> list[Proposal]:
        """Return the stored persons probably the same as these facts (e.g. of a record just received)."""
        return await self._propose(PERSONS, facts, limit)

    async def propose_entity_matches(self, facts: EntityFacts, *, limit: int = 20) -> list[Proposal]:
        """Return the stored entities probably the same as these facts."""
        return await self._propose(ENTITIES, facts, limit)

    async def lookalikes(self, kind: Kind, body: Mapping[str, Any]) -> list[HitRow]:
        """Return the local records probably the same as a person or entity received from another node.

        The inbox highlights them; each hit's reasons are stored as JSON (code, weight, template, parameters)
        so that the page can show them in the reader's language.
        """
        rules = RULES[Kind(kind)]
        try:
            facts = rules.facts("received", dict(body))
        except (ValueError, TypeError, AttributeError):  # a body this node's matcher cannot read: no hits
            log.warning("could not match a received %s", kind, exc_info=True)
            return []
        proposals = await self._propose(rules, facts, LOOKALIKES)
        return [HitRow(b"", rules.kind.value, p.uuid, p.score,
                       json.dumps({"name": p.name, "reasons": [reason_json(r) for r in p.reasons]}, ensure_ascii=False))
                for p in proposals]

    async def matches(self, actor: Actor, kind: Kind, record_uuid: str, *, audit: bool = True) -> list[Proposal]:
        """Return the records probably the same as a record's merge group (the view is audited)."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        rules = RULES[kind]

        def run(db: Database) -> list[Proposal]:
            root = _root(db, rules, record_uuid)
            facts, members = facts_of_group(db, rules, root)
            return proposals_of(db, kind, find_matches(db, rules, facts, own=members))

        found = await self._runner.read(run)
        if audit:
            await self._runner.write(write_entry, self._clock, actor, f"{kind}.matches", kind, record_uuid,
                                     f"{len(found)} proposed")
        return found

    async def queue(self, actor: Actor, kind: Kind, *, limit: int = QUEUE_PAGE) -> list[QueueItem]:
        """Return the newest possible duplicates found when records were written (the view is audited)."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)

        def run(db: Database) -> list[QueueItem]:
            found = match_repo.list_proposals(db, kind, limit=limit)
            rows = repo.get_by_ids(db, kind, [p.record_id for p in found] + [p.candidate_id for p in found])
            return [QueueItem((rows[p.record_id].uuid, rows[p.record_id].name),
                              (rows[p.candidate_id].uuid, rows[p.candidate_id].name), p.score, p.reasons, p.found_at)
                    for p in found]

        items = await self._runner.read(run)
        await self._runner.write(write_entry, self._clock, actor, f"{kind}.duplicates", kind, "",
                                 f"{len(items)} shown")
        return items

    async def decisions(self, actor: Actor, kind: Kind, record_uuid: str) -> Decisions:
        """Return the merges and "not the same" marks of a record's group (shown on its page)."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        rules = RULES[kind]

        def run(db: Database) -> Decisions:
            root = _root(db, rules, record_uuid)
            members = match_repo.cluster(db, kind, root.id)
            own = repo.get_by_uuid(db, kind, record_uuid)
            merges = match_repo.list_merges(db, kind, {*members, own.id if own else root.id})
            marks = match_repo.list_distinct(db, kind, members)
            rows = repo.get_by_ids(db, kind, {m.survivor_id for m in merges} | {m.absorbed_id for m in merges}
                                   | {other for _, other, _, _ in marks})
            views = [MergeView(m.id, (rows[m.survivor_id].uuid, rows[m.survivor_id].name),
                               (rows[m.absorbed_id].uuid, rows[m.absorbed_id].name), m.score, m.at, m.username,
                               m.undone_at, m.undone_by) for m in merges]
            return Decisions(views, [(rows[o].uuid, rows[o].name, at, by) for _, o, at, by in marks])

        return await self._runner.read(run)

    # -- decisions ---------------------------------------------------------------------------------------------

    async def merge(self, actor: Actor, kind: Kind, survivor_uuid: str, absorbed_uuid: str) -> None:
        """Merge one record into another; the absorbed record is kept and the merge can be undone."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        actor.require(Permission.MERGE_SUSPECTS)
        rules = RULES[kind]
        published = 0

        def apply(db: Database) -> None:
            nonlocal published
            survivor, absorbed = _pair(db, rules, survivor_uuid, absorbed_uuid)
            if survivor.merged_into is not None or absorbed.merged_into is not None:
                raise Conflict(N_("One of these records is already merged into another; open that one instead."))
            group_a = match_repo.cluster(db, kind, survivor.id)
            group_b = match_repo.cluster(db, kind, absorbed.id)
            if match_repo.distinct_from(db, kind, group_a) & set(group_b):
                raise Conflict(N_("These records are marked as not the same; remove that mark before merging."))
            score = rules.score(rules.facts(survivor.uuid, survivor.body), rules.facts(absorbed.uuid, absorbed.body))
            at = now_iso(self._clock)
            match_repo.set_merged_into(db, kind, absorbed.id, survivor.id)
            match_repo.add_merge(db, kind, survivor_id=survivor.id, absorbed_id=absorbed.id, score=score.score, at=at,
                                 by=actor.username)
            match_repo.drop_pair(db, kind, group_a, group_b)
            write_entry(db, self._clock, actor, f"{kind}.merge", kind, survivor.uuid,
                        f"absorbed {absorbed.uuid} ({absorbed.name}) into {survivor.name}, score {score.score:.2f}")
            # The absorbed record is no longer a record of its own: whoever received it is told it is gone.
            published = self._publisher.republish(db, kind.value, absorbed.uuid, None, absorbed.id)

        await self._runner.write(apply)
        if published:
            self._publisher.published()

    async def unmerge(self, actor: Actor, kind: Kind, absorbed_uuid: str) -> str:
        """Undo the merge holding a record absorbed; return the identifier of the record it was merged into."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        actor.require(Permission.MERGE_SUSPECTS)
        rules = RULES[kind]

        def apply(db: Database) -> str:
            absorbed = repo.get_by_uuid(db, kind, absorbed_uuid)
            if absorbed is None or absorbed.deleted_at:
                raise NotFound(rules.not_found)
            merge = match_repo.active_merge(db, kind, absorbed.id)
            if absorbed.merged_into is None or merge is None:
                raise Conflict(N_("This record is not merged into another."))
            survivor = repo.get_by_ids(db, kind, [merge.survivor_id])[merge.survivor_id]
            at = now_iso(self._clock)
            match_repo.set_merged_into(db, kind, absorbed.id, None)
            match_repo.mark_merge_undone(db, kind, merge.id, at=at, by=actor.username)
            # The pair becomes a proposal again, as it was before the merge.
            facts, members = facts_of_group(db, rules, absorbed)
            store_proposals(db, kind, absorbed.id, find_matches(db, rules, facts, own=members), at, replace=True)
            write_entry(db, self._clock, actor, f"{kind}.unmerge", kind, survivor.uuid,
                        f"took {absorbed.uuid} ({absorbed.name}) out of {survivor.name}")
            return survivor.uuid

        return await self._runner.write(apply)

    async def not_the_same(self, actor: Actor, kind: Kind, a_uuid: str, b_uuid: str) -> None:
        """Record that two records are not the same, so that they are never proposed again."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        actor.require(Permission.MERGE_SUSPECTS)
        rules = RULES[kind]

        def apply(db: Database) -> None:
            a, b = _pair(db, rules, a_uuid, b_uuid)
            roots = match_repo.roots(db, kind, [a.id, b.id])
            if roots[a.id] == roots[b.id]:
                raise Conflict(N_("These records are merged; undo the merge first."))
            if match_repo.mark_distinct(db, kind, a.id, b.id, at=now_iso(self._clock), by=actor.username):
                match_repo.drop_pair(db, kind, match_repo.cluster(db, kind, roots[a.id]),
                                     match_repo.cluster(db, kind, roots[b.id]))
                write_entry(db, self._clock, actor, f"{kind}.distinct", kind, a.uuid,
                            f"not the same as {b.uuid} ({b.name})")

        await self._runner.write(apply)

    async def undo_not_the_same(self, actor: Actor, kind: Kind, a_uuid: str, b_uuid: str) -> None:
        """Withdraw a "not the same" mark."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        actor.require(Permission.MERGE_SUSPECTS)
        rules = RULES[kind]

        def apply(db: Database) -> None:
            a, b = _pair(db, rules, a_uuid, b_uuid)
            if not match_repo.unmark_distinct(db, kind, a.id, b.id):
                raise NotFound(N_("These records are not marked as not the same."))
            write_entry(db, self._clock, actor, f"{kind}.distinct.undo", kind, a.uuid, f"withdrawn for {b.uuid}")

        await self._runner.write(apply)


def _pair(db: Database, rules: KindRules, a_uuid: str, b_uuid: str) -> tuple[SuspectRow, SuspectRow]:
    """Return two live, different records, or raise naming the problem."""
    if a_uuid == b_uuid:
        raise ValidationFailed({"other": Message(N_("Choose another record than this one."))})
    rows = repo.get_by_uuids(db, rules.kind, [a_uuid, b_uuid])
    if any(uuid not in rows or rows[uuid].deleted_at for uuid in (a_uuid, b_uuid)):
        raise NotFound(rules.not_found)
    return rows[a_uuid], rows[b_uuid]
