"""Searching persons and entities the way the matcher compares them, and the plain keyset-paged list.

A search takes the records whose index words agree with every word typed (as a prefix, or through the
word's spelling variants and consonant skeleton), then, if that finds few, those that agree with any word;
it ranks them with the matcher's own name comparison (``compare_person_name`` / ``compare_company_name``),
so "Muhammad Alhasan" finds "Mohammed Al-Hassan" and "Jose Maria Garcia" finds "GARCIA, José María". A
query that is a document, registration, tax or phone number puts the record holding it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from node.errors import Message, ValidationFailed
from node.matching.identifiers import document_number
from node.services.cursors import decode_cursor, encode_cursor
from node.services.suspect_kinds import KindRules, search_expression
from protocol.text import N_
from store import suspect_matches as match_repo
from store import suspects as repo
from store.suspects import ListQuery, SuspectRow

SEARCH_POOL = 400  # hits read from the index per pass, then ranked; a common name has more, equally good
LOOSE_FLOOR = 0.6  # a record that agrees with only some of the words typed must be this alike to be shown
MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class SuspectFilter:
    """The list's criteria as users give them."""

    text: str = ""
    watch_listed: bool = False
    sort: str = "updated_desc"  # without search words: updated_desc | name
    limit: int = 50
    cursor: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """A record found, with how alike its closest name is to the words typed (1.0 without search words)."""

    row: SuspectRow
    similarity: float
    matched_name: str
    exact: bool


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of records."""

    hits: list[Hit]
    next_cursor: str
    total: int
    total_is_capped: bool
    ranked: bool  # True: ordered by likeness to the search words, one page only


def _identifiers(body: dict[str, Any]) -> set[str]:
    values = [d.get("number", "") for d in body.get("documents", [])]
    values += [(body.get("registration") or {}).get("number", "")]
    values += [t.get("value", "") for t in body.get("tax_ids", [])] + list(body.get("phones", []))
    return {document_number(v) for v in values if v}


def ranked_search(db: Database, rules: KindRules, text: str, limit: int, *,
                  watch_listed: bool = False) -> tuple[list[Hit], int]:
    """Return the records most like the words typed (only those on the watch list with ``watch_listed``), best
    first, and how many were found."""
    strict, words = search_expression(rules, text, every_word=True)
    if not words:
        return [], 0
    ids = {i: True for i in repo.search_ids(db, rules.kind, strict, SEARCH_POOL, watch_listed=watch_listed)}
    if len(ids) < limit and len(words) > 1:
        loose, _ = search_expression(rules, text, every_word=False)
        for i in repo.search_ids(db, rules.kind, loose, SEARCH_POOL, watch_listed=watch_listed):
            ids.setdefault(i, False)
    rows = repo.get_by_ids(db, rules.kind, ids)
    absorbed = [r.id for r in rows.values() if r.merged_into is not None]
    roots = {i: i for i in rows} | match_repo.roots(db, rules.kind, absorbed)
    root_rows = rows | repo.get_by_ids(db, rules.kind, set(roots.values()) - set(rows))
    number = document_number(text)
    best: dict[int, Hit] = {}
    for record_id, every in ids.items():
        member, root = rows.get(record_id), root_rows.get(roots.get(record_id, record_id))
        if member is None or root is None or root.deleted_at or member.deleted_at:
            continue
        hit = _likeness(rules, text, number, member, root)
        if (every or hit.similarity >= LOOSE_FLOOR) and (root.id not in best or hit.similarity >
                                                         best[root.id].similarity):
            best[root.id] = hit
    hits = sorted((h for h in best.values() if h.row.body["watch_list"]["listed"] or not watch_listed),
                  key=lambda h: (-h.exact, -h.similarity, h.row.name.casefold(), h.row.id))
    return hits[:limit], len(hits)


def _likeness(rules: KindRules, text: str, number: str, member: SuspectRow, root: SuspectRow) -> Hit:
    """Return how alike the words typed are to a record's names (or identifiers)."""
    if len(number) >= 4 and number in _identifiers(member.body) | _identifiers(root.body):
        return Hit(root, 1.0, "", True)
    best = Hit(root, 0.0, root.name, False)
    for name in dict.fromkeys([*rules.names(root.body), *rules.names(member.body)]):
        similarity, _, exact = rules.compare_name(text, name)
        if (exact, similarity) > (best.exact, best.similarity):
            best = Hit(root, 1.0 if exact else similarity, name, exact)
    return best


def run_search(db: Database, rules: KindRules, criteria: SuspectFilter) -> SearchResult:
    """Return one page: ranked by likeness when there are search words, else the keyset-paged list."""
    limit = max(1, min(criteria.limit, MAX_PAGE))
    if criteria.text.strip():
        hits, found = ranked_search(db, rules, criteria.text, limit, watch_listed=criteria.watch_listed)
        return SearchResult(hits, "", len(hits), found > limit, True)
    if criteria.sort not in ("updated_desc", "name"):
        raise ValidationFailed({"sort": Message(N_("Choose a value from the list."))})
    query = ListQuery(sort=criteria.sort, watch_listed=criteria.watch_listed, limit=limit,
                      after=decode_cursor(criteria.cursor, criteria.sort))
    rows, more = repo.list_page(db, rules.kind, query)
    next_cursor = encode_cursor(query.sort, repo.sort_key(rows[-1], query.sort), rows[-1].id) if more and rows \
        else ""
    total = repo.count_live(db, rules.kind, watch_listed=criteria.watch_listed)
    return SearchResult([Hit(r, 1.0, r.name, False) for r in rows], next_cursor, total, total >= repo.COUNT_CAP, False)
