"""Importing seizure cases from the browser: upload, dry run, progress, report, then the real import."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from aiohttp import web

from node.appkeys import ACTOR, SERVICES
from node.errors import Invalid, ServiceError
from node.services.permissions import Permission
from node.services.seizure_mapping import load_mapping
from protocol.text import N_
from ui.render import form_errors, render, see_other, translator

routes = web.RouteTableDef()

JOB = r"/seizures/import/{job_id:[A-Za-z0-9_-]{16}}"


async def _form(request: web.Request, *, errors: dict[str, str] | None = None, error: str = "",
                status: int = 200) -> web.Response:
    return await render(request, "seizures/import.html", {"errors": errors or {}, "error": error}, status=status)


@routes.get("/seizures/import")
async def import_form(request: web.Request) -> web.Response:
    """Show the upload form."""
    request[ACTOR].require(Permission.IMPORT_RECORDS)
    return await _form(request)


@routes.post("/seizures/import")
async def start_import(request: web.Request) -> web.StreamResponse:
    """Save the upload, check the mapping, and start the import (a dry run unless asked otherwise)."""
    actor, services, tr = request[ACTOR], request.config_dict[SERVICES], translator(request)
    actor.require(Permission.IMPORT_RECORDS)
    posted = await request.post()
    upload, raw_mapping = posted.get("file"), posted.get("mapping")
    invalid = Invalid()
    if not isinstance(upload, web.FileField) or not upload.filename:
        invalid.add("file", N_("Choose the CSV file to import."))
    mapping = None
    try:
        if isinstance(raw_mapping, web.FileField) and raw_mapping.filename:
            mapping = load_mapping(raw_mapping.file.read())
    except ServiceError as exc:
        invalid.add("mapping", exc.message.template, **exc.message.params)
    if invalid:
        errors, error = form_errors(invalid_error(invalid), tr)
        return await _form(request, errors=errors, error=error, status=422)
    assert isinstance(upload, web.FileField)
    target = services.imports.spool_path()
    await asyncio.get_running_loop().run_in_executor(None, _save, upload.file, target)
    job = services.imports.start(actor, target, name=Path(upload.filename or "upload.csv").name, mapping=mapping,
                                 dry_run=posted.get("mode") != "import")
    raise see_other(f"/seizures/import/{job.id}")


def invalid_error(invalid: Invalid) -> ServiceError:
    """Return the error an ``Invalid`` collector would raise."""
    try:
        invalid.raise_if_any()
    except ServiceError as exc:
        return exc
    raise AssertionError("no error collected")


def _save(source: object, target: Path) -> None:
    with target.open("wb") as handle:
        shutil.copyfileobj(source, handle, 1 << 20)  # type: ignore[arg-type,type-var]
    target.chmod(0o600)


@routes.get(JOB)
async def import_status(request: web.Request) -> web.Response:
    """Show an import's progress (the page refreshes itself) or its report."""
    job = request.config_dict[SERVICES].imports.get(request[ACTOR], request.match_info["job_id"])
    tr = translator(request)
    failure = job.failure.render(tr.gettext) if job.failure else ""
    progress = job.progress
    percent = int(100 * progress.bytes_read / progress.bytes_total) if progress and progress.bytes_total else None
    return await render(request, "seizures/import_job.html", {
        "job": job, "failure": failure, "progress": progress, "percent": percent,
        "report": job.result.report if job.result else None, "result": job.result})


@routes.post(JOB + "/run")
async def confirm_import(request: web.Request) -> web.StreamResponse:
    """Import for real the file a dry run has just checked."""
    job = request.config_dict[SERVICES].imports.confirm(request[ACTOR], request.match_info["job_id"])
    raise see_other(f"/seizures/import/{job.id}")
