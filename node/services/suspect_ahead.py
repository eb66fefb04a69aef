"""Matching a bulk import's chunk ahead of the writer, and bringing what was found up to date when it is written.

An import's worker (a process for a large import) checks a chunk and matches its new records against a
read snapshot of the database and against the chunk's earlier records, while the single writer thread
stores the previous chunk. By the time the writer comes to this chunk, some records have changed since the
snapshot: the previous chunk, and whatever other users, the exchange or another process wrote meanwhile.
``Fresh`` names them (higher row ids, and the change log of migration 9): what the worker found for them is
dropped, and they are scored again here, as they are now. Merges and deletions are judged as they are now by
``choose``. So a proposal is what matching the record in the writer would have given, with the writer doing
only the small part of the work.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from node.matching import MatchResult
from node.services.suspect_kinds import Facts, KeySets, KindRules
from node.services.suspect_matching import STOP_KEY, Found, choose, join, score_all, worth_reading
from store import suspect_matches as match_repo
from store import suspects as repo

MAX_AGE_S = 3600.0  # a snapshot older than this is not trusted (the change log keeps a day)


@dataclass(frozen=True, slots=True)
class Incoming:
    """A record of the chunk as the worker sees it: identifier, facts, keys and hint."""

    uuid: str
    facts: Facts
    keys: KeySets
    hint: str


@dataclass(frozen=True, slots=True)
class Ahead:
    """What a worker found for a chunk, and the snapshot it looked at.

    ``found[i]`` is None for an item the worker left to the writer (a record that exists, a repeated
    identifier); otherwise the candidates at the threshold, by row id, or by ``-(j + 1)`` for the chunk's
    own earlier item ``j``.
    """

    last_id: int
    last_seq: int
    taken: float  # time.time() of the snapshot
    found: list[dict[int, MatchResult] | None]


def local_ref(index: int) -> int:
    """Return how a result names the chunk's item ``index`` (negative: not a row id)."""
    return -(index + 1)


def match_ahead(db: Database, rules: KindRules, items: Sequence[Incoming], *, stop: int = STOP_KEY) -> Ahead:
    """Match the chunk's new records against the snapshot ``db`` is reading and against each other."""
    last_id, last_seq, taken = match_repo.last_id(db, rules.kind), match_repo.last_change(db), time.time()
    existing = repo.get_by_uuids(db, rules.kind, [item.uuid for item in items])
    by_key: dict[int, set[int]] = {}  # the chunk's earlier records, by key
    local: dict[int, Incoming] = {}
    seen: set[str] = set()
    found: list[dict[int, MatchResult] | None] = []
    for index, item in enumerate(items):
        if item.uuid in existing or item.uuid in seen:
            found.append(None)
            seen.add(item.uuid)
            continue
        seen.add(item.uuid)
        lookup = item.keys.lookup
        per_key, _ = match_repo.candidates(db, rules.kind, lookup, stop=stop)
        ids = worth_reading(rules, [item.facts], [item.keys], join(per_key, lookup, by_key, stop), set(),
                            lambda others: _hints(db, rules, others, local))
        rows = repo.get_by_ids(db, rules.kind, [i for i in ids if i > 0])
        candidates = [(r.id, rules.facts(r.uuid, r.body)) for r in rows.values() if not r.deleted_at]
        candidates += [(i, local[i].facts) for i in ids if i < 0]
        found.append(score_all(rules, [item.facts], candidates))
        ref = local_ref(index)
        local[ref] = item
        for key in item.keys.stored:
            by_key.setdefault(key, set()).add(ref)
    return Ahead(last_id, last_seq, taken, found)


def _hints(db: Database, rules: KindRules, ids: set[int], local: Mapping[int, Incoming]) -> dict[int, str]:
    stored = repo.hints(db, rules.kind, [i for i in ids if i > 0])
    return stored | {i: local[i].hint for i in ids if i < 0}


class Fresh:
    """The records created or changed since a worker's snapshot, by key, to be scored as they are now."""

    def __init__(self, db: Database, rules: KindRules, ahead: Ahead, *, stop: int = STOP_KEY) -> None:
        self._rules = rules
        self._stop = stop
        self._ahead = ahead.found
        self.ids = match_repo.changed_since(db, rules.kind, ahead.last_id, ahead.last_seq)
        self._by_key: dict[int, set[int]] = {}
        self._keys: dict[int, set[int]] = {}
        for key, record_id in match_repo.keys_of(db, rules.kind, self.ids):
            self._by_key.setdefault(key, set()).add(record_id)
            self._keys.setdefault(record_id, set()).add(key)
        self._facts: dict[int, Facts | None] = {}  # read once per chunk; None for a deleted record

    @staticmethod
    def usable(db: Database, ahead: Ahead) -> bool:
        """Tell whether the change log still holds everything logged since the snapshot."""
        if time.time() - ahead.taken > MAX_AGE_S:
            return False
        if match_repo.last_change(db) == ahead.last_seq:
            return True
        oldest = match_repo.oldest_change(db)
        return oldest is not None and oldest <= ahead.last_seq + 1

    def changed(self, db: Database, record_id: int) -> None:
        """Note a record this chunk changed: it is scored with its new keys and body from now on."""
        keys = {key for key, _ in match_repo.keys_of(db, self._rules.kind, [record_id])}
        for key in self._keys.pop(record_id, set()):
            self._by_key[key].discard(record_id)
        for key in keys:
            self._by_key.setdefault(key, set()).add(record_id)
        self._keys[record_id] = keys
        self.ids.add(record_id)
        self._facts.pop(record_id, None)

    def found(self, db: Database, position: int, item: Incoming, rows: Mapping[int, int]) -> list[Found] | None:
        """Return the proposals for the chunk's new record at ``position``: the worker's results brought up to date.

        None when the worker left the item to the writer. ``rows`` maps the chunk's items the writer created so far
        to their row ids.
        """
        ahead = self._ahead[position]
        if ahead is None:
            return None
        results: dict[int, MatchResult] = {}
        for ref, result in ahead.items():
            record_id = rows.get(-ref - 1) if ref < 0 else ref
            if record_id is not None and (ref < 0 or record_id not in self.ids):
                results[record_id] = result
        per_key = join({}, item.keys.lookup, self._by_key, self._stop)
        wanted = worth_reading(self._rules, [item.facts], [item.keys], per_key, set(),
                               lambda others: repo.hints(db, self._rules.kind, others))
        self._read(db, wanted)
        results.update(score_all(self._rules, [item.facts],
                                 ((i, f) for i in wanted if (f := self._facts[i]) is not None)))
        return choose(db, self._rules, results) if results else []

    def _read(self, db: Database, ids: set[int]) -> None:
        missing = ids - self._facts.keys()
        if not missing:
            return
        rows = repo.get_by_ids(db, self._rules.kind, missing)
        for record_id in missing:
            row = rows.get(record_id)
            self._facts[record_id] = None if row is None or row.deleted_at else self._rules.facts(row.uuid,
                                                                                                   row.body)
