"""Finding likely duplicates of persons and entities from blocking keys, scoring them with the matcher.

``find_matches`` runs inside a read or a write transaction: it fetches the records that share a blocking
key with the given facts (skipping over-full keys), maps absorbed records to the record that absorbed them,
leaves out pairs an analyst said are not the same, scores each candidate against each set of facts, and
keeps those at or above the kind's threshold, best first. It never scans the table.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from node.matching import MatchResult, PersonFacts, Reason
from node.matching.identifiers import document_number
from node.services.suspect_kinds import PERSONS, Facts, KeySets, KindRules, births_conflict
from store import suspect_matches as match_repo
from store import suspects as repo
from store.suspects import Kind, SuspectRow

# A key shared by more records than this is skipped: reading it would cost more than it finds (docs/matching.md).
STOP_KEY = 1000
MAX_PROPOSALS = 20

@dataclass(frozen=True, slots=True)
class Found:
    """A record (the root of its merge group) that probably is the same, and the member that matched."""

    record_id: int
    member_id: int
    result: MatchResult


def reason_json(reason: Reason) -> dict[str, Any]:
    """Return a reason as stored and sent: code, weight, English template and its parameters."""
    return {"code": str(reason.code), "weight": reason.weight, "template": reason.template,
            "params": dict(reason.params)}


def dates_rule_out(a: PersonFacts, b: PersonFacts) -> bool:
    """Tell whether two persons' births conflict beyond a slip and no document number is shared."""
    if not births_conflict(a, b.date_of_birth, b.year_of_birth):
        return False
    numbers = {document_number(d.number) for d in a.documents}
    return not any(document_number(d.number) in numbers for d in b.documents)


def _could_match(rules: KindRules, a: Facts, b: Facts) -> bool:
    if rules is PERSONS and isinstance(a, PersonFacts) and isinstance(b, PersonFacts):
        return not dates_rule_out(a, b)
    return True


def find_matches(db: Database, rules: KindRules, facts: Sequence[Facts], *, own: Sequence[int] = (),
                 keys: KeySets | None = None, limit: int = MAX_PROPOSALS, stop: int = STOP_KEY,
                 pending: dict[int, set[int]] | None = None) -> list[Found]:
    """Return the records likely to be the same as any of ``facts`` (one record or a merge group's members).

    ``own`` are the row ids of the record itself and of the records merged with it, never proposed; ``keys``
    are the (single) facts' hashed keys when the caller has them already; ``pending`` holds the keys of records
    written in this transaction but not stored yet (a bulk import's chunk).
    """
    key_sets = [keys] if keys is not None else [rules.key_sets(item) for item in facts]
    lookup = frozenset().union(*(k.lookup for k in key_sets))
    per_key, _ = match_repo.candidates(db, rules.kind, lookup, stop=stop)
    ids = worth_reading(rules, facts, key_sets, join(per_key, lookup, pending or {}, stop), set(own),
                        lambda others: repo.hints(db, rules.kind, others))
    rows = repo.get_by_ids(db, rules.kind, ids)
    results = score_all(rules, facts, ((row.id, rules.facts(row.uuid, row.body)) for row in rows.values()
                                       if not row.deleted_at))
    return choose(db, rules, results, own=own, rows=rows, limit=limit)


def join(per_key: dict[int, set[int]], lookup: frozenset[int], more: Mapping[int, Collection[int]],
         stop: int) -> dict[int, set[int]]:
    """Add the holders in ``more`` of the keys looked up to those stored, keeping the rule on over-full keys."""
    for key in lookup & more.keys():
        merged = per_key.get(key, set()) | set(more[key])
        if len(merged) <= stop:
            per_key[key] = merged
    return per_key


def worth_reading(rules: KindRules, facts: Sequence[Facts], key_sets: Sequence[KeySets],
                  per_key: Mapping[int, Collection[int]], excluded: set[int],
                  hints: Callable[[set[int]], Mapping[int, str]]) -> set[int]:
    """Return the candidates to read and score among the holders of the keys looked up.

    Records met only through name and date keys are first judged on their hint (a date of birth, a home
    country), without reading their bodies; those sharing an identifier are always read.
    """
    strong = frozenset().union(*(k.strong for k in key_sets))
    identified = set().union(*(per_key.get(key, ()) for key in strong)) - excluded
    others = set().union(*per_key.values()) - identified - excluded
    kept = {i for i, hint in hints(others).items() if not all(rules.rules_out(item, hint) for item in facts)}
    return identified | kept


def score_all(rules: KindRules, facts: Sequence[Facts], candidates: Iterable[tuple[int, Facts]]
              ) -> dict[int, MatchResult]:
    """Score each candidate against each of ``facts``; return the best result of those at the threshold."""
    results: dict[int, MatchResult] = {}
    for record_id, other in candidates:
        for item in facts:
            if not _could_match(rules, item, other):
                continue
            result = rules.score_reaching(item, other, rules.threshold)
            if result is not None and result.score >= rules.threshold and (
                    record_id not in results or result.score > results[record_id].score):
                results[record_id] = result
    return results


def choose(db: Database, rules: KindRules, results: Mapping[int, MatchResult], *, own: Sequence[int] = (),
           rows: Mapping[int, SuspectRow] | None = None, limit: int = MAX_PROPOSALS) -> list[Found]:
    """Return the proposals among scored candidates: live ones, each merge group once under its root, best first.

    ``rows`` are the candidates' rows when the caller has read them already (in this transaction).
    """
    if rows is None:
        rows = repo.get_by_ids(db, rules.kind, results)
    live = [rows[i] for i in results if i in rows and not rows[i].deleted_at]
    absorbed = [r.id for r in live if r.merged_into is not None]
    roots = {r.id: r.id for r in live} | match_repo.roots(db, rules.kind, absorbed)
    excluded = set(own)
    distinct = match_repo.distinct_from(db, rules.kind, excluded) if excluded else set()
    best: dict[int, Found] = {}
    for row in live:
        root, result = roots[row.id], results[row.id]
        if root in excluded or root in distinct or row.id in distinct:
            continue
        if root not in best or result.score > best[root].result.score:
            best[root] = Found(root, row.id, result)
    return sorted(best.values(), key=lambda f: (-f.result.score, f.record_id))[:limit]


def facts_of_group(db: Database, rules: KindRules, root: SuspectRow) -> tuple[list[Facts], list[int]]:
    """Return the facts of a record and of every record merged into it, and their row ids."""
    members = match_repo.cluster(db, rules.kind, root.id)
    rows = repo.get_by_ids(db, rules.kind, members)
    live = [rows[i] for i in members if i in rows and not rows[i].deleted_at]
    return [rules.facts(r.uuid, r.body) for r in live], members


def store_proposals(db: Database, kind: Kind, record_id: int, found: list[Found], at: str, *,
                    replace: bool) -> None:
    """Keep what the matcher found for a record in the queue of possible duplicates."""
    entries = [(f.record_id, f.result.score, [reason_json(r) for r in f.result.reasons]) for f in found]
    if not entries and not replace:
        return
    if replace:
        match_repo.replace_proposals(db, kind, record_id, entries, at)
    else:
        match_repo.add_proposals(db, kind, record_id, entries, at)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A record that is probably the same, with the score and the reasons (strongest first)."""

    uuid: str
    name: str
    score: float
    reasons: tuple[Reason, ...]
    matched_uuid: str  # the member of the record's merge group that matched (usually the record itself)

    def to_json(self) -> dict[str, Any]:
        """Return the API shape; each reason has its code, weight, English text, template and parameters."""
        return {"id": self.uuid, "name": self.name, "score": self.score,
                **({"matched_record": self.matched_uuid} if self.matched_uuid != self.uuid else {}),
                "reasons": [{**reason_json(r), "text": r.text()} for r in self.reasons]}


def proposals_of(db: Database, kind: Kind, found: list[Found]) -> list[Proposal]:
    """Return found matches as shown: identifiers and names of the records."""
    rows = repo.get_by_ids(db, kind, [f.record_id for f in found] + [f.member_id for f in found])
    return [Proposal(rows[f.record_id].uuid, rows[f.record_id].name, f.result.score, f.result.reasons,
                     rows[f.member_id].uuid) for f in found]
