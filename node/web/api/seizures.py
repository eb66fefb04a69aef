"""``/api/v1/seizures``: the national seizure database."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

from node.appkeys import CONFIG
from node.services.seizures import SeizureFilter
from node.web.api.common import BadRequest, actor, query_int, read_json, services
from node.web.uploads import picture_response, read_uploads
from protocol.text import N_

routes = web.RouteTableDef()

CASE_ID = r"{case_id:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}"
FILTERS = ("date_from", "date_to", "status", "offence_type", "category", "hs", "detection", "mode", "country",
           "office", "q", "sort", "cursor")


def seizure_filter(query: Mapping[str, str], *, limit: int = 50) -> SeizureFilter:
    """Build the list filter from query parameters."""
    values = {name: query.get(name, "").strip() for name in FILTERS}
    return SeizureFilter(
        date_from=values["date_from"], date_to=values["date_to"], status=values["status"],
        offence_type=values["offence_type"], category=values["category"], hs=values["hs"],
        detection=values["detection"], mode=values["mode"], country=values["country"], office=values["office"],
        text=values["q"], sort=values["sort"] or "date_desc", limit=limit, cursor=values["cursor"])


def expected_revision(request: web.Request, data: dict[str, object] | None = None) -> int | None:
    """Return the revision the client based its change on (``If-Match`` or the body's ``revision``)."""
    raw: object = request.headers.get("If-Match", "").strip('"W/ ')
    if not raw and data is not None:
        raw = data.get("revision")
    if raw in (None, ""):
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    raise BadRequest(N_("The revision must be a whole number."))


@routes.get("/seizures")
async def list_seizures(request: web.Request) -> web.Response:
    """List cases with filters, full-text search, sorting and cursor pagination."""
    criteria = seizure_filter(request.query, limit=query_int(request, "limit", 50, minimum=1, maximum=200))
    page = await services(request).seizures.search(actor(request), criteria)
    return web.json_response({"items": [case.to_json() for case in page.items], "next_cursor": page.next_cursor,
                              "total": page.total, "total_is_capped": page.total_is_capped,
                              "total_is_estimated": page.total_is_estimated})


@routes.post("/seizures")
async def create_seizure(request: web.Request) -> web.Response:
    """Record a new case."""
    case = await services(request).seizures.create(actor(request), await read_json(request))
    return web.json_response(case.to_json(), status=201, headers={"Location": f"/api/v1/seizures/{case.uuid}",
                                                                  "ETag": f'"{case.revision}"'})


@routes.get(f"/seizures/{CASE_ID}")
async def get_seizure(request: web.Request) -> web.Response:
    """Return one case (the view is audited)."""
    case = await services(request).seizures.get(actor(request), request.match_info["case_id"])
    return web.json_response(case.to_json(), headers={"ETag": f'"{case.revision}"'})


@routes.put(f"/seizures/{CASE_ID}")
async def update_seizure(request: web.Request) -> web.Response:
    """Replace a case's content; send the revision you edited (``If-Match`` or ``revision``)."""
    data = await read_json(request)
    case = await services(request).seizures.update(actor(request), request.match_info["case_id"], data,
                                                   expected_revision(request, data))
    return web.json_response(case.to_json(), headers={"ETag": f'"{case.revision}"'})


@routes.delete(f"/seizures/{CASE_ID}")
async def delete_seizure(request: web.Request) -> web.Response:
    """Delete a case (kept in its history)."""
    await services(request).seizures.delete(actor(request), request.match_info["case_id"],
                                            expected_revision(request))
    return web.Response(status=204)


@routes.get(f"/seizures/{CASE_ID}/history")
async def seizure_history(request: web.Request) -> web.Response:
    """Return every revision of a case: who, when, what changed."""
    revisions = await services(request).seizures.history(actor(request), request.match_info["case_id"])
    return web.json_response({"items": [{"revision": r.revision, "at": r.at, "user": r.username,
                                         "action": r.action, "changes": r.changes} for r in revisions]})


PICTURE = CASE_ID + r"/pictures/{sha256:[0-9a-f]{64}}"


@routes.post(f"/seizures/{CASE_ID}/pictures")
async def add_pictures(request: web.Request) -> web.Response:
    """Add pictures to a case (multipart field ``pictures``, repeated; optional ``caption``)."""
    svc = services(request)
    uploads, fields = await read_uploads(request, "pictures", request.config_dict[CONFIG].max_upload_bytes)
    added = await svc.pictures.add(actor(request), request.match_info["case_id"], uploads, fields.get("caption", ""))
    case = await svc.seizures.get(actor(request), request.match_info["case_id"])
    return web.json_response({"added": added, "case": case.to_json()}, status=201)


@routes.get(f"/seizures/{PICTURE}")
async def get_picture(request: web.Request) -> web.StreamResponse:
    """Return a picture: the shared copy, or ``?variant=thumb`` / ``?variant=original``."""
    variant = request.query.get("variant", "shared")
    if variant not in ("shared", "thumb", "original"):
        raise BadRequest(N_("variant must be shared, thumb or original."))
    path, media = await services(request).pictures.file(actor(request), request.match_info["case_id"],
                                                        request.match_info["sha256"], variant)
    return picture_response(path, media, variant)


@routes.delete(f"/seizures/{PICTURE}")
async def remove_picture(request: web.Request) -> web.Response:
    """Take a picture out of a case's gallery."""
    await services(request).pictures.remove(actor(request), request.match_info["case_id"],
                                            request.match_info["sha256"])
    return web.Response(status=204)
