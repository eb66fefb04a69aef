"""``/api/v1/seizures.csv``, ``/api/v1/seizures.json`` and ``/api/v1/seizures/import``: bulk export and import."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from node.services.permissions import Permission
from node.services.seizure_export import export_seizures
from node.services.seizure_import import SERVED_BATCH_SIZE, import_seizures
from node.services.seizure_mapping import load_mapping
from node.web.api.common import BadRequest, actor, services
from node.web.api.seizures import seizure_filter
from protocol.text import N_

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


async def _export(request: web.Request, fmt: str) -> web.StreamResponse:
    svc = services(request)
    response = web.StreamResponse(headers={
        "Content-Type": CONTENT_TYPES[fmt],
        "Content-Disposition": f'attachment; filename="ncen-seizures.{fmt}"'})

    async def start() -> None:
        await response.prepare(request)

    try:
        await export_seizures(svc.seizures, svc.audit, actor(request), seizure_filter(request.query), fmt,
                              start=start, write=response.write)
    except Exception:
        if not response.prepared:
            raise  # nothing sent yet: the error middleware answers
        # Half a file has been sent: cut the connection so that the client sees a failed download.
        log.exception("export of seizures failed after it started")
        if request.transport is not None:
            request.transport.close()
        return response
    await response.write_eof()
    return response


@routes.get("/seizures.csv")
async def export_csv(request: web.Request) -> web.StreamResponse:
    """Export a filtered list as native CSV (the list's query parameters), streamed."""
    return await _export(request, "csv")


@routes.get("/seizures.json")
async def export_json(request: web.Request) -> web.StreamResponse:
    """Export a filtered list as a JSON array of cases, streamed."""
    return await _export(request, "json")


def _flag(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on")


@routes.post("/seizures/import")
async def import_csv(request: web.Request) -> web.Response:
    """Import a CSV file of cases (multipart: ``file``, optional ``mapping`` and ``dry_run``)."""
    who, svc = actor(request), services(request)
    who.require(Permission.IMPORT_RECORDS)  # before the upload is read
    if request.content_type != "multipart/form-data":
        raise BadRequest(N_("Send the file as multipart/form-data, in a field named {name}."), name="file")
    form = await request.post()
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        raise BadRequest(N_("Send the file as multipart/form-data, in a field named {name}."), name="file")
    raw_mapping = form.get("mapping")
    mapping = None
    if isinstance(raw_mapping, web.FileField):
        mapping = load_mapping(raw_mapping.file.read())
    elif isinstance(raw_mapping, str) and raw_mapping.strip():
        mapping = load_mapping(raw_mapping)
    result = await import_seizures(svc.seizures, svc.audit, who, upload.file, clock=svc.clock,
                                   name=upload.filename or "upload.csv", mapping=mapping,
                                   dry_run=_flag(form.get("dry_run")), batch_size=SERVED_BATCH_SIZE)
    report = result.report
    body: dict[str, Any] = {
        "dry_run": result.dry_run, "rows": result.rows, "cases": result.cases, "created": report.created,
        "updated": report.updated, "unchanged": report.unchanged, "failed": report.failed,
        "errors": [{"rows": list(rows), "field": column, "message": message.render()}
                   for rows, column, message in report.errors],
    }
    return web.json_response(body)
