"""Checking person and entity input against this node's rules, in the service or in a worker process.

``check_body`` is the whole check of local input: the protocol's shape, then this node's lists and clock.
The service calls it with its live lists; a bulk import calls ``check_chunk`` in worker processes with a
snapshot of the lists (``LocalRules``), so that checking, preparing and matching the next records runs on
the other cores while the single writer thread stores the previous ones.
"""

from __future__ import annotations

import copyreg
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from node.collector import collector_deferred
from node.errors import Invalid
from node.matching import EntityFacts, MatchResult, PersonFacts, Reason
from node.services.seizure_terms import flatten
from node.services.seizures import record_errors
from node.services.suspect_ahead import Ahead, match_ahead
from node.services.suspect_import import Checked, SuspectImportReport, check_items, incoming
from node.services.suspect_kinds import RULES, KeySets, KindRules
from node.services.suspect_records import Prepared
from protocol.records.fields import RecordInvalid
from protocol.text import N_
from store.runner import connect, run_read
from store.suspects import Kind, Written

# A reader's page cache is emptied whenever the writer has committed since its last read: a worker reads the
# database through a memory map instead, from the pages the operating system caches anyway (SQLite caps the map
# at its build's limit, 2 GiB in common builds; pages beyond it are read as usual).
READ_AHEAD_MMAP = 1 << 31
_READERS: dict[Path, Database] = {}  # a worker process's connection, kept from one chunk to the next


def _by_fields(value: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle a slotted dataclass as its constructor and fields (the default walks ``fields()`` for each object)."""
    return type(value), tuple(getattr(value, name) for name in value.__slots__)



@dataclass(frozen=True, slots=True)
class LocalRules:
    """What a worker process needs to check input as the node would: the active codes and today's date."""

    kind: Kind
    active: dict[str, frozenset[str]]
    latest: str  # the latest acceptable date (tomorrow, as the node's clock gives it)

    def is_active(self, name: str, code: str) -> bool:
        """Tell whether a code may be chosen for new input."""
        return code in self.active.get(name, frozenset())


def check_body(rules: KindRules, data: Any, previous: dict[str, Any] | None, is_active: Callable[[str, str], bool],
               latest: str) -> dict[str, Any]:
    """Return the normalised body of local input, or raise ``ValidationFailed`` naming every bad field."""
    invalid = Invalid()
    body = None
    try:
        body = rules.normalise(data)
    except RecordInvalid as exc:
        invalid.fields.update(record_errors(exc).fields)
    if isinstance(data, dict):
        _check_local(rules, invalid, body or data, previous, is_active, latest)
    invalid.raise_if_any()
    assert body is not None
    return body


def _check_local(rules: KindRules, invalid: Invalid, data: dict[str, Any], previous: dict[str, Any] | None,
                 is_active: Callable[[str, str], bool], latest: str) -> None:
    """Check codes against the lists and dates against the clock (tolerating a malformed ``data``)."""
    born = data.get("date_of_birth")
    if isinstance(born, str) and born[:4].isdigit() and born > latest[:len(born)]:
        invalid.add("date_of_birth", N_("The date of birth is in the future."))
    before = flatten(previous) if previous else {}
    for path, value in flatten(data).items():
        pattern = _pattern(path)
        if pattern == "pictures.*.taken_on" and isinstance(value, str) and value > latest:
            invalid.add(path, N_("The date is in the future."))
        list_name = rules.field_lists.get(pattern)
        if not list_name or not value or before.get(path) == value:
            continue  # a code already on the record stays valid even if the list retired it since
        for code in value if isinstance(value, list) else [value]:
            if isinstance(code, str) and not is_active(list_name, code):
                invalid.add(path, N_("Choose a value from the list."))


Chunk = tuple[list[Checked], SuspectImportReport, Ahead | None]  # what a chunk's check gives the writer


@lru_cache(maxsize=4096)
def _pattern(path: str) -> str:
    """Return a leaf's path with its list positions as ``*`` ("documents.0.country" -> "documents.*.country")."""
    return ".".join("*" if part.isdigit() else part for part in path.split("."))


def check_chunk(local: LocalRules, items: list[Any], first: int, store: Path | None = None, *, keep: bool = False,
                ) -> Chunk:
    """Check and prepare a chunk of imported items.

    With ``store`` (the database file), also match the chunk's new records against a snapshot of it, ahead
    of the writer; ``keep`` keeps the connection open for the next chunk (in a worker process).
    """
    with collector_deferred(every=1) as collect:  # a chunk makes millions of objects, none in a cycle
        chunk = _check(local, items, first, store, keep=keep)
        collect()
    return chunk


def check_chunk_packed(local: LocalRules, items: list[Any], first: int, store: Path | None, *, keep: bool,
                       ) -> bytes:
    """Run ``check_chunk`` in an import's worker process and return its result pickled, for ``unpack``.

    Pickled here while the cycle collector is still paused: pickled on its way out by the process pool, the
    chunk's objects set off collections over the worker's whole heap, a tenth of the worker's time. The
    collector then runs once they are freed, over the little that is left.
    """
    with collector_deferred(every=1) as collect:
        packed = pickle.dumps(_check(local, items, first, store, keep=keep), protocol=pickle.HIGHEST_PROTOCOL)
        collect()
    return packed


def unpack(result: bytes | Chunk) -> Chunk:
    """Return a chunk's check as ``check_chunk`` gave it, unpickling what a worker process packed."""
    if not isinstance(result, bytes):
        return result
    with collector_deferred(every=1):
        chunk: Chunk = pickle.loads(result)  # noqa: S301 - made by this node's own worker process
    return chunk


def _check(local: LocalRules, items: list[Any], first: int, store: Path | None, *, keep: bool) -> Chunk:
    rules = RULES[local.kind]
    checked, report = check_items(lambda item: check_body(rules, item, None, local.is_active, local.latest),
                                  rules, items, first)
    return checked, report, None if store is None else _match(rules, store, checked, keep=keep)


def _match(rules: KindRules, store: Path, checked: list[Checked], *, keep: bool) -> Ahead:
    db = _READERS.get(store) or connect(store, read_only=True)
    try:
        if keep and store not in _READERS:
            db.conn.execute(f"PRAGMA mmap_size = {READ_AHEAD_MMAP:d}")
            _READERS[store] = db
        return run_read(db, match_ahead, rules, [incoming(c) for c in checked])
    finally:
        if store not in _READERS:
            db.conn.close()


# What crosses between the service and its import workers, tens of thousands of objects a chunk.
for _sent in (LocalRules, Checked, Prepared, KeySets, Written, PersonFacts, EntityFacts, MatchResult, Reason, Ahead):
    copyreg.pickle(_sent, _by_fields)
