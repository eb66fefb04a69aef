"""Seizure cases: rows, filter facets, the contentless full-text index, revisions, and the list query.

The service computes what to index (facets and full-text columns) from a case body; this module only keeps
the tables consistent with it. Every function runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from store import suspect_links

FTS_COLUMNS = ("reference", "goods", "narrative", "names")
COUNT_CAP = 1_000
# Rows of the driving facet's index a count examines before it extrapolates: a filter combining a large facet
# with rarer ones would otherwise test every case of the large facet (tens of thousands at a million cases).
COUNT_BUDGET = 5_000
MIN_SAMPLE = 10  # matches among those rows below which a count is made exactly


@dataclass(frozen=True, slots=True)
class IndexTerms:
    """What a case contributes to the indexes: facet strings, the text of each full-text column, and the
    (kind, ref, role) of every party linked to a person or entity record."""

    facets: frozenset[str]
    text: tuple[str, str, str, str]
    parties: frozenset[tuple[str, str, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class SeizureRow:
    """A stored case."""

    id: int
    uuid: str
    reference: str
    date: str
    status: str
    revision: int
    body: dict[str, Any] = field(repr=False)
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    deleted_at: str | None


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """One entry of a case's history."""

    revision: int
    at: str
    username: str
    action: str
    changes: dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class SeizureQuery:
    """A filtered, sorted page of cases; all criteria are ANDed."""

    facets: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    text: str = ""  # an FTS5 expression built by the service from user words (never raw user input)
    sort: str = "date_desc"  # date_desc | date_asc | reference | updated_desc
    limit: int = 50
    after: tuple[str, int] | None = None  # keyset cursor: (sort value, id) of the last row of the previous page


@dataclass(frozen=True, slots=True)
class SeizurePage:
    """A page of cases and whether more follow."""

    rows: list[SeizureRow]
    has_more: bool


_COLUMNS = "s.id, s.uuid, s.reference, s.date, s.status, s.revision, s.body, s.created_at, s.created_by, " \
           "s.updated_at, s.updated_by, s.deleted_at"


def _row(row: Sequence[Any]) -> SeizureRow:
    return SeizureRow(id=row[0], uuid=row[1], reference=row[2], date=row[3], status=row[4], revision=row[5],
                      body=json.loads(row[6]), created_at=row[7], created_by=row[8], updated_at=row[9],
                      updated_by=row[10], deleted_at=row[11])


def get_by_uuid(db: Database, uuid: str) -> SeizureRow | None:
    """Return the case with this identifier (deleted ones included), or None."""
    row = db.execute(f"SELECT {_COLUMNS} FROM seizures s WHERE s.uuid = ?", [uuid]).fetchone()  # noqa: S608
    return _row(row) if row else None


def get_by_references(db: Database, references: Iterable[str]) -> dict[str, SeizureRow]:
    """Return the cases with these references, keyed by lower-cased reference."""
    refs = list(dict.fromkeys(references))
    found: dict[str, SeizureRow] = {}
    for start in range(0, len(refs), 500):
        chunk = refs[start:start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {_COLUMNS} FROM seizures s WHERE s.reference IN ({marks})"  # noqa: S608 - placeholders only
        for row in db.execute(sql, chunk).fetchall():
            case = _row(row)
            found[case.reference.lower()] = case
    return found


def _index(db: Database, seizure_id: int, date: str, terms: IndexTerms, counts: Counter[str]) -> None:
    db.conn.executemany("INSERT INTO seizure_facets (facet, date, seizure_id) VALUES (?, ?, ?)",
                        [(facet, date, seizure_id) for facet in terms.facets])
    db.conn.execute("INSERT INTO seizures_fts (rowid, reference, goods, narrative, names) VALUES (?, ?, ?, ?, ?)",
                    [seizure_id, *terms.text])
    suspect_links.put_case_parties(db, seizure_id, terms.parties)
    counts.update(terms.facets)


def _unindex(db: Database, seizure_id: int, date: str, terms: IndexTerms, counts: Counter[str]) -> None:
    # The facets a case had are those of its old body, on its old date.
    db.conn.executemany("DELETE FROM seizure_facets WHERE facet = ? AND date = ? AND seizure_id = ?",
                        [(facet, date, seizure_id) for facet in terms.facets])
    # A contentless FTS5 table forgets a row only when told the exact values it indexed.
    db.conn.execute("INSERT INTO seizures_fts (seizures_fts, rowid, reference, goods, narrative, names) "
                    "VALUES ('delete', ?, ?, ?, ?, ?)", [seizure_id, *terms.text])
    suspect_links.drop_case_parties(db, seizure_id)
    counts.subtract(terms.facets)


def apply_counts(db: Database, counts: Counter[str]) -> None:
    """Add per-facet case count changes collected during a transaction."""
    changes = [(facet, delta) for facet, delta in counts.items() if delta]
    db.conn.executemany(
        "INSERT INTO seizure_facet_counts (facet, cases) VALUES (?, ?) "
        "ON CONFLICT(facet) DO UPDATE SET cases = cases + excluded.cases", changes)


def optimize_search(db: Database) -> None:
    """Merge the full-text index into one segment (after a large import: searches read one list per word)."""
    db.conn.execute("INSERT INTO seizures_fts (seizures_fts) VALUES ('optimize')")


def insert(db: Database, *, uuid: str, body: dict[str, Any], terms: IndexTerms, at: str, by: str, action: str,
           counts: Counter[str]) -> int:
    """Store a new case at revision 1 with its indexes and first history entry; return its row id."""
    cursor = db.conn.execute(
        "INSERT INTO seizures (uuid, reference, date, status, revision, body, created_at, created_by, updated_at,"
        " updated_by) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
        [uuid, body["reference"], body["date"], body["status"], dump_body(body), at, by, at, by])
    seizure_id = int(cursor.lastrowid or 0)
    _index(db, seizure_id, body["date"], terms, counts)
    db.conn.execute("INSERT INTO seizure_revisions (seizure_id, revision, at, username, action, changes)"
                    " VALUES (?, 1, ?, ?, ?, '{}')", [seizure_id, at, by, action])
    return seizure_id


@dataclass(frozen=True, slots=True)
class NewCase:
    """A case for ``insert_many``: its identifier, the columns it is found by, its body already as stored text
    (``dump_body``), and its index terms."""

    uuid: str
    reference: str
    date: str
    status: str
    stored: str
    terms: IndexTerms


def insert_many(db: Database, cases: Sequence[NewCase], *, at: str, by: str, action: str,
                counts: Counter[str]) -> list[int]:
    """Store many new cases at once (the bulk import path): one statement per table, not per case."""
    first = int(db.conn.execute("SELECT coalesce(max(id), 0) FROM seizures").fetchone()[0]) + 1
    ids = range(first, first + len(cases))
    db.conn.executemany(
        "INSERT INTO seizures (id, uuid, reference, date, status, revision, body, created_at, created_by, updated_at,"
        " updated_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
        [(seizure_id, case.uuid, case.reference, case.date, case.status, case.stored, at, by, at, by)
         for seizure_id, case in zip(ids, cases, strict=True)])
    db.conn.executemany("INSERT INTO seizure_facets (facet, date, seizure_id) VALUES (?, ?, ?)",
                        [(facet, case.date, seizure_id)
                         for seizure_id, case in zip(ids, cases, strict=True) for facet in case.terms.facets])
    db.conn.executemany("INSERT INTO seizures_fts (rowid, reference, goods, narrative, names) VALUES (?, ?, ?, ?, ?)",
                        [(seizure_id, *case.terms.text) for seizure_id, case in zip(ids, cases, strict=True)])
    db.conn.executemany("INSERT INTO seizure_revisions (seizure_id, revision, at, username, action, changes)"
                        " VALUES (?, 1, ?, ?, ?, '{}')", [(seizure_id, at, by, action) for seizure_id in ids])
    for seizure_id, case in zip(ids, cases, strict=True):
        if case.terms.parties:
            suspect_links.put_case_parties(db, seizure_id, case.terms.parties)
        counts.update(case.terms.facets)
    return list(ids)


def dump_body(body: dict[str, Any]) -> str:
    """Return a case body as the text the store keeps."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def update(db: Database, current: SeizureRow, *, body: dict[str, Any], old_terms: IndexTerms, terms: IndexTerms,
           changes: dict[str, list[Any]], at: str, by: str, action: str, counts: Counter[str]) -> int:
    """Store a new revision of a case, re-index it and record what changed; return the new revision."""
    revision = current.revision + 1
    db.conn.execute(
        "UPDATE seizures SET reference = ?, date = ?, status = ?, revision = ?, body = ?, updated_at = ?,"
        " updated_by = ? WHERE id = ?",
        [body["reference"], body["date"], body["status"], revision, dump_body(body), at, by, current.id])
    _unindex(db, current.id, current.date, old_terms, counts)
    _index(db, current.id, body["date"], terms, counts)
    db.conn.execute("INSERT INTO seizure_revisions (seizure_id, revision, at, username, action, changes)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [current.id, revision, at, by, action, json.dumps(changes, ensure_ascii=False)])
    return revision


def mark_deleted(db: Database, current: SeizureRow, *, old_terms: IndexTerms, at: str, by: str,
                 counts: Counter[str]) -> int:
    """Remove a case from lists and search, keeping its content and history; return the new revision."""
    revision = current.revision + 1
    db.conn.execute("UPDATE seizures SET revision = ?, deleted_at = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                    [revision, at, at, by, current.id])
    _unindex(db, current.id, current.date, old_terms, counts)
    db.conn.execute("INSERT INTO seizure_revisions (seizure_id, revision, at, username, action, changes)"
                    " VALUES (?, ?, ?, ?, 'delete', '{}')", [current.id, revision, at, by])
    return revision


def list_revisions(db: Database, seizure_id: int) -> list[RevisionRow]:
    """Return a case's history, newest first."""
    rows = db.execute("SELECT revision, at, username, action, changes FROM seizure_revisions WHERE seizure_id = ?"
                      " ORDER BY revision DESC", [seizure_id]).fetchall()
    return [RevisionRow(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


# -- the list query --------------------------------------------------------------------------------------------

_SORTS = {
    # sort name: (value expression on s, direction)
    "date_desc": ("s.date", "DESC"),
    "date_asc": ("s.date", "ASC"),
    "reference": ("s.reference", "ASC"),
    "updated_desc": ("s.updated_at", "DESC"),
}


def facet_counts(db: Database, facets: Iterable[str]) -> dict[str, int]:
    """Return how many live cases carry each facet."""
    facets = list(facets)
    if not facets:
        return {}
    marks = ",".join("?" * len(facets))
    rows = db.execute(f"SELECT facet, cases FROM seizure_facet_counts WHERE facet IN ({marks})",  # noqa: S608
                      facets).fetchall()
    found = {facet: cases for facet, cases in rows}
    return {facet: found.get(facet, 0) for facet in facets}


# Below this many full-text matches, drive the query from the matches and sort them; above, walk a date-ordered
# index and use the matches only as a filter, so a common word never sorts hundreds of thousands of rows.
RARE_TEXT = 2000
_FTS = "IN (SELECT rowid FROM seizures_fts WHERE seizures_fts MATCH ?)"


def text_matches(db: Database, text: str, cap: int = RARE_TEXT) -> int:
    """Return how many cases match a full-text expression, stopping at ``cap``."""
    sql = "SELECT count(*) FROM (SELECT 1 FROM seizures_fts WHERE seizures_fts MATCH ? LIMIT ?)"
    return int(db.conn.execute(sql, [text, cap]).fetchone()[0])


@dataclass(frozen=True, slots=True)
class Count:
    """How many cases a list holds: exact, capped ("more than"), or extrapolated ("about")."""

    value: int
    capped: bool = False
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class _Plan:
    body: str  # FROM … WHERE …
    params: list[Any]
    order: str
    driver: str = ""  # the facet whose index drives the query, if one does
    budgeted: bool = False  # the driver's rows are limited to a budget (a count)


def _plan(db: Database, query: SeizureQuery, *, counting: bool = False, budget: int | None = None) -> _Plan:
    """Return the FROM … WHERE …, parameters and ORDER BY of a query; ``counting`` leaves out what only pages need.

    Plans, by what is cheapest: a rare text drives the query (few rows to sort); else the rarest facet's
    (facet, date, id) index is walked in date order; else the (date, id) index of the cases. Deleted cases
    have no facets and no full-text entry, so only the last plan needs to skip them. With ``budget`` (a count
    only), a driving facet's index is read for at most that many rows, newest first.
    """
    sort_value, direction = _SORTS[query.sort]
    params: list[Any] = []
    source_params: list[Any] = []
    clauses: list[str] = []
    driver, budgeted = "", False
    facets = list(dict.fromkeys(query.facets))
    by_date = query.sort in ("date_desc", "date_asc")
    rare_text = bool(query.text) and text_matches(db, query.text) < RARE_TEXT
    if rare_text:
        source = "seizures s"
        clauses.append(f"s.id {_FTS}")
        params.append(query.text)
        case, date_col, id_col = "s.id", "s.date", "s.id"
    elif facets and by_date:
        counts = facet_counts(db, facets)
        driver = min(facets, key=lambda f: counts[f])
        facets.remove(driver)
        source = "seizure_facets f"
        if not counting:
            source += " JOIN seizures s ON s.id = f.seizure_id"
        if counting and budget is not None and counts[driver] > budget:
            budgeted = True
            source, source_params = _budgeted_driver(driver, query, budget)
        else:
            clauses.append("f.facet = ?")
            params.append(driver)
        case, date_col, id_col = "f.seizure_id", "f.date", "f.seizure_id"
        sort_value = "f.date"
    else:
        source = "seizures s INDEXED BY seizures_by_date" if by_date else "seizures s"
        clauses.append("s.deleted_at IS NULL")
        case, date_col, id_col = "s.id", "s.date", "s.id"
    if query.text and not rare_text:
        clauses.append(f"{case} {_FTS}")
        params.append(query.text)
    for facet in facets:
        # Probed by the table's key (facet, date, case): as the driving rows come in date order, so do the probes,
        # which then read the few pages of that facet's date range rather than one page per row.
        clauses.append(f"EXISTS (SELECT 1 FROM seizure_facets g"  # noqa: S608
                       f" WHERE g.facet = ? AND g.date = {date_col} AND g.seizure_id = {case})")
        params.append(facet)
    if query.date_from:
        clauses.append(f"{date_col} >= ?")
        params.append(query.date_from)
    if query.date_to:
        clauses.append(f"{date_col} <= ?")
        params.append(query.date_to)
    if query.after is not None and not counting:
        op = "<" if direction == "DESC" else ">"
        clauses.append(f"({sort_value}, {id_col}) {op} (?, ?)")
        params += [query.after[0], query.after[1]]
    where = " AND ".join(clauses) or "1"
    return _Plan(f"FROM {source} WHERE {where}", source_params + params,
                 f"{sort_value} {direction}, {id_col} {direction}", driver, budgeted)


def _in_period(query: SeizureQuery) -> tuple[str, list[Any]]:
    """Return the conditions on a facet row's ``date`` for the query's period, and their parameters."""
    sql, params = "", []
    if query.date_from:
        sql += " AND date >= ?"
        params.append(query.date_from)
    if query.date_to:
        sql += " AND date <= ?"
        params.append(query.date_to)
    return sql, params


def _budgeted_driver(driver: str, query: SeizureQuery, budget: int) -> tuple[str, list[Any]]:
    """Return the newest ``budget`` rows of a facet within the query's dates, as a FROM source named ``f``."""
    dates, params = _in_period(query)
    return (f"(SELECT seizure_id, date FROM seizure_facets WHERE facet = ?{dates}"  # noqa: S608
            f" ORDER BY facet DESC, date DESC, seizure_id DESC LIMIT {int(budget):d}) f"), [driver, *params]


def _facet_rows(db: Database, facet: str, query: SeizureQuery) -> int:
    """Return how many live cases carry a facet within the query's dates (from the index alone)."""
    if not query.date_from and not query.date_to:
        return facet_counts(db, [facet])[facet]
    dates, params = _in_period(query)
    sql = f"SELECT count(*) FROM seizure_facets WHERE facet = ?{dates}"  # noqa: S608
    return int(db.execute(sql, [facet, *params]).fetchone()[0])


def search(db: Database, query: SeizureQuery) -> SeizurePage:
    """Return one page of live cases matching the query, in the requested order."""
    plan = _plan(db, query)
    sql = f"SELECT {_COLUMNS} {plan.body} ORDER BY {plan.order} LIMIT ?"
    rows = db.execute(sql, [*plan.params, query.limit + 1]).fetchall()
    return SeizurePage([_row(r) for r in rows[:query.limit]], len(rows) > query.limit)


def count(db: Database, query: SeizureQuery, cap: int = COUNT_CAP, budget: int = COUNT_BUDGET,
          min_sample: int = MIN_SAMPLE) -> Count:
    """Return how many live cases match: exact up to ``cap`` (then "more than"), or extrapolated ("about").

    Text alone is counted in the full-text index (deleted cases are not in it). A query driven by a large
    facet examines its ``budget`` newest rows; when fewer than ``cap`` of them match, the count is that share
    of the facet's rows in the period.
    """
    if query.text and not query.facets and not query.date_from and not query.date_to:
        found = text_matches(db, query.text, cap)
        return Count(found, capped=found >= cap)
    plan = _plan(db, query, counting=True, budget=budget)
    sql = f"SELECT count(*) FROM (SELECT 1 {plan.body} LIMIT ?)"  # noqa: S608 - clauses are fixed text
    found = int(db.execute(sql, [*plan.params, cap]).fetchone()[0])
    if found >= cap:
        return Count(cap, capped=True)
    if not plan.budgeted:
        return Count(found)
    rows = _facet_rows(db, plan.driver, query)
    if rows <= budget:  # the budget covered the whole period: the count is exact
        return Count(found)
    if found < min_sample:  # too few to extrapolate from: count them all
        return count(db, query, cap, budget=rows)
    return Count(round(found * rows / budget), estimated=True)


def sort_key(row: SeizureRow, sort: str) -> str:
    """Return the value a keyset cursor records for a row under a sort."""
    return {"date_desc": row.date, "date_asc": row.date, "reference": row.reference,
            "updated_desc": row.updated_at}[sort]
