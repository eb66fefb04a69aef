"""``/api/v1/audit``: search and export the audit log (administrators)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import asdict

from aiohttp import web

from node.web.api.common import BadRequest, actor, query_int, services
from protocol.text import N_
from protocol.timefmt import from_iso, to_iso
from store.audit import AuditFilter

routes = web.RouteTableDef()

CSV_COLUMNS = ("id", "at", "username", "action", "object_type", "object_id", "detail", "ip")


def audit_filter(query: Mapping[str, str]) -> AuditFilter:
    """Build an audit filter from query parameters (``since``/``until`` as ISO dates or timestamps)."""
    bounds = {}
    for name in ("since", "until"):
        raw = query.get(name, "").strip()
        if raw:
            try:
                bounds[name] = to_iso(from_iso(raw))
            except ValueError:
                raise BadRequest(N_("{name} must be a date such as 2026-01-31 or an ISO timestamp."),
                                 name=name) from None
    return AuditFilter(username=query.get("user", "").strip(), action=query.get("action", "").strip(),
                       object_type=query.get("object_type", "").strip(),
                       object_id=query.get("object_id", "").strip(), **bounds)


@routes.get("/audit")
async def search(request: web.Request) -> web.Response:
    """Return a page of audit entries, newest first."""
    page = await services(request).audit.search(
        actor(request), audit_filter(request.query), limit=query_int(request, "limit", 50, minimum=1, maximum=200),
        offset=query_int(request, "offset", 0))
    return web.json_response({"items": [asdict(e) for e in page.entries], "total": page.total,
                              "offset": page.offset, "limit": page.limit})


async def stream_csv(request: web.Request, criteria: AuditFilter) -> web.StreamResponse:
    """Stream the matching entries as CSV, oldest first, chunk by chunk."""
    chunks = services(request).audit.export_chunks(actor(request), criteria)
    first = await anext(chunks, None)  # permission is checked before any byte is sent
    response = web.StreamResponse(headers={"Content-Type": "text/csv; charset=utf-8",
                                           "Content-Disposition": 'attachment; filename="ncen-audit.csv"'})
    await response.prepare(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    chunk = first
    while chunk is not None:
        for entry in chunk:
            writer.writerow([_cell(getattr(entry, c)) for c in CSV_COLUMNS])
        await response.write(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
        chunk = await anext(chunks, None)
    if buffer.getvalue():
        await response.write(buffer.getvalue().encode("utf-8"))
    await response.write_eof()
    return response


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: neutralise it (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@routes.get("/audit.csv")
async def export(request: web.Request) -> web.StreamResponse:
    """Export matching audit entries as CSV."""
    return await stream_csv(request, audit_filter(request.query))
