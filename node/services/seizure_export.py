"""Exporting a filtered list of cases as CSV (the native import format) or JSON, page by page, audited.

Pages come from ``SeizureService.search`` with its keyset cursor, so an export of a million cases holds one
page in memory and each page is one short index scan. A user who may not see personal data gets what the
search returns for them (the non-nominal fields only), and the CSV leaves the other columns out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import asdict, replace
from functools import cache
from typing import Any

from node.services.actor import Actor
from node.services.audit import AuditService
from node.services.permissions import Permission
from node.services.seizure_csv import (
    CASE_COLUMNS,
    COLUMNS,
    COMMODITY_COLUMNS,
    LIST_COLUMNS,
    case_rows,
    neutralise,
    visible_columns,
)
from node.services.seizures import MAX_PAGE, Case, SeizureFilter, SeizureService, non_nominal_view

FORMATS = ("csv", "json")


@cache
def non_nominal_columns() -> tuple[str, ...]:
    """Return the native columns a user without access to personal data receives."""
    examples = {"route_transit": ["NA"], "container_numbers": ["CSQU3054383"], "outcome_types": ["penalty"],
                "route_ports": [{"locode": "NAWVB", "name": "x"}],
                "parties": [{"kind": "person", "role": "driver", "name": "x", "ref": ""}]}
    template: dict[str, Any] = {}
    for column, path in CASE_COLUMNS:
        node = template
        *parents, leaf = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = examples.get(column, [] if column in LIST_COLUMNS else "")
    template["commodities"] = [dict.fromkeys(COMMODITY_COLUMNS, "")]
    return tuple(visible_columns(non_nominal_view(template)))


async def pages(service: SeizureService, actor: Actor, criteria: SeizureFilter) -> AsyncGenerator[list[Case], None]:
    """Yield every case of a filtered list, a page at a time, from its first page."""
    criteria = replace(criteria, limit=MAX_PAGE, cursor="")
    while True:
        page = await service.search(actor, criteria, with_total=False)
        if page.items:
            yield page.items
        if not page.next_cursor:
            return
        criteria = replace(criteria, cursor=page.next_cursor)


def describe(criteria: SeizureFilter) -> str:
    """Return a filter as ``name=value, …`` for the audit log (``all`` when it has none)."""
    skip = {"limit", "cursor"}
    defaults = asdict(SeizureFilter())
    return ", ".join(f"{k}={v}" for k, v in asdict(criteria).items() if k not in skip and v != defaults[k]) \
        or "all"


class CsvEncoder:
    """Turns pages of cases into CSV bytes with a header row; cells neutralised against formula injection."""

    def __init__(self, nominal: bool) -> None:
        self.columns = COLUMNS if nominal else non_nominal_columns()
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def start(self) -> bytes:
        """Return the header row."""
        self._writer.writerow(self.columns)
        return self._take()

    def page(self, cases: list[Case]) -> bytes:
        """Return the rows of a page of cases."""
        for case in cases:
            for row in case_rows(case.body, self.columns):
                self._writer.writerow([neutralise(row[c]) for c in self.columns])
        return self._take()

    def end(self) -> bytes:
        """Return what closes the document (nothing for CSV)."""
        return b""

    def _take(self) -> bytes:
        data = self._buffer.getvalue().encode("utf-8")
        self._buffer.seek(0)
        self._buffer.truncate()
        return data


class JsonEncoder:
    """Turns pages of cases into one JSON array of case objects (the API's shape)."""

    def __init__(self) -> None:
        self._first = True

    def start(self) -> bytes:
        """Return the opening of the array."""
        return b"["

    def page(self, cases: list[Case]) -> bytes:
        """Return a page of cases as array elements."""
        parts = [json.dumps(case.to_json(), ensure_ascii=False) for case in cases]
        text = ("" if self._first else ",\n") + ",\n".join(parts)
        self._first = False
        return text.encode("utf-8")

    def end(self) -> bytes:
        """Return the end of the array."""
        return b"]\n"


async def export_seizures(service: SeizureService, audit: AuditService, actor: Actor, criteria: SeizureFilter,
                          fmt: str, *, start: Callable[[], Awaitable[None]],
                          write: Callable[[bytes], Awaitable[None]]) -> int:
    """Write a filtered list as CSV or JSON through ``write``; return how many cases were exported.

    The first page is read (checking the filter and the actor's permission) before ``start`` is called, so a
    refusal is an error response rather than a broken download. The export is audited even if cut short.
    """
    encoder = CsvEncoder(actor.can(Permission.VIEW_NOMINAL)) if fmt == "csv" else JsonEncoder()
    source = pages(service, actor, criteria)
    first = await anext(source, None)
    count = 0
    try:
        await start()
        await write(encoder.start())
        page = first
        while page is not None:
            await write(encoder.page(page))
            count += len(page)
            page = await anext(source, None)
        await write(encoder.end())
    finally:
        await source.aclose()
        await audit.record(actor, "seizure.export", "seizure", "",
                           f"{fmt}, {count} cases, filter: {describe(criteria)}")
    return count
