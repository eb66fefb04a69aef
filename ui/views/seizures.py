"""Seizure cases in the browser: the filtered list, the case form, the case page and its history."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from node.appkeys import ACTOR, CONFIG, SERVICES
from node.errors import ServiceError, ValidationFailed
from node.refdata.lists import EXTENDABLE, FIXED
from node.runtime import Services
from node.services.permissions import Permission
from node.web.api.seizures import FILTERS, seizure_filter
from node.web.uploads import picture_response, read_uploads
from ui.forms import lookup, unflatten
from ui.i18n import Translator
from ui.render import form_errors, render, see_other, translator
from ui.suspect_forms import NEW, create_new_parties, party_kind, picker_choices, ref_choices

routes = web.RouteTableDef()

CASE = r"/seizures/{case_id:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}"
ADD_ACTIONS = {"add_commodity": "commodities", "add_party": "parties", "add_transit": "route.transit",
               "add_port": "route.ports"}


def _services(request: web.Request) -> Services:
    return request.config_dict[SERVICES]


def options(services: Services, tr: Translator, name: str, *, keep: str = "") -> list[tuple[str, str]]:
    """Return (code, label) pairs of a list for a select; ``keep`` stays listed even if retired."""
    if name in FIXED:
        return [(code, tr.gettext(label)) for code, label in FIXED[name].items()]
    entries = services.refdata.entries(name, include_inactive=True)
    return [(e.code, e.text(tr.language, tr.gettext)) for e in entries if e.active or e.code == keep]


def label_function(services: Services, tr: Translator) -> Any:
    """Return ``label(list, code)`` for templates."""

    def label(name: str, code: str) -> str:
        return services.refdata.label(name, code, tr.language, tr.gettext)

    return label


def _form_context(request: web.Request, values: dict[str, Any], errors: dict[str, str], error: str,
                  **extra: Any) -> dict[str, Any]:
    services, tr = _services(request), translator(request)
    lists = {name: options(services, tr, name) for name in (*FIXED, *EXTENDABLE)}
    found = extra.pop("party_choices", {})
    return {"values": values, "errors": errors, "error": error, "lists": lists, "countries": tr.countries(),
            "lookup": lookup, "label": label_function(services, tr), "new_ref": NEW,
            "party_choices": ref_choices(values.get("parties", []), found), **extra}


def _blank_rows(values: dict[str, Any]) -> dict[str, Any]:
    """Make sure each repeated group ends with one empty row to type into."""
    values.setdefault("commodities", [])
    values["commodities"] = [*values["commodities"], {}] if not values["commodities"] or \
        values["commodities"][-1] else values["commodities"]
    for path in ("parties", "route.transit", "route.ports"):
        group, _, key = path.rpartition(".")
        holder = values.setdefault(group, {}) if group else values
        holder[key] = [*holder.get(key, []), "" if key == "transit" else {}]
    return values


def _posted_case(form_values: dict[str, Any]) -> dict[str, Any]:
    """Shape posted values as a case: split container numbers, keep the other fields as posted."""
    data = dict(form_values)
    conveyance = dict(data.get("conveyance", {}))
    raw = conveyance.get("container_numbers", "")
    if isinstance(raw, str):
        conveyance["container_numbers"] = [n for n in re.split(r"[\s,;]+", raw) if n]
    conveyance["transport_document"] = conveyance.get("transport_document", {})
    data["conveyance"] = conveyance
    handling = dict(data.get("handling", {}))
    handling["onward"] = handling.get("onward") == "on"
    data["handling"] = handling
    data.setdefault("outcome", {}).setdefault("types", [])
    return data


def _editable(values: dict[str, Any]) -> dict[str, Any]:
    """Turn a stored body into form values (container numbers as text)."""
    values = {k: v for k, v in values.items()}
    conveyance = dict(values.get("conveyance", {}))
    conveyance["container_numbers"] = "\n".join(conveyance.get("container_numbers", []))
    values["conveyance"] = conveyance
    return values


# -- the list ----------------------------------------------------------------------------------------------------

@routes.get("/seizures")
async def list_cases(request: web.Request) -> web.Response:
    """Show the filtered, searchable list of cases."""
    actor, services, tr = request[ACTOR], _services(request), translator(request)
    actor.require(Permission.VIEW_RECORDS)
    criteria = seizure_filter(request.query, limit=50)
    errors: dict[str, str] = {}
    page = None
    try:
        page = await services.seizures.search(actor, criteria)
    except ValidationFailed as exc:
        errors, _ = form_errors(exc, tr)
    filters = {name: request.query.get(name, "") for name in FILTERS if name != "cursor"}
    active = {k: v for k, v in filters.items() if v}
    return await render(request, "seizures/list.html", {
        "page": page, "filters": filters, "errors": errors, "countries": tr.countries(),
        "lists": {name: options(services, tr, name) for name in ("status", "category", "mode", "offence_type",
                                                                 "detection_method", "office")},
        "label": label_function(services, tr), "query": urlencode(active), "active": active,
        "next_query": urlencode({**active, "cursor": page.next_cursor}) if page and page.next_cursor else "",
        "first_page": bool(request.query.get("cursor")),
    }, status=422 if errors else 200)


# -- creating and editing ----------------------------------------------------------------------------------------

@routes.get("/seizures/new")
async def new_case(request: web.Request) -> web.Response:
    """Show an empty case form with sensible defaults."""
    request[ACTOR].require(Permission.EDIT_RECORDS)
    services = _services(request)
    today = services.clock.now().date().isoformat()
    values = {"date": today, "status": "draft", "office": {"country": services.identity.identity.country},
              "handling": {"code": "H1", "sharing": "national"}}
    return await render(request, "seizures/form.html",
                        _form_context(request, _blank_rows(values), {}, "", case=None, revision=None))


async def _save(request: web.Request, case_id: str | None) -> web.StreamResponse:
    services, actor, tr = _services(request), request[ACTOR], translator(request)
    form = await request.post()
    posted = unflatten(form)
    action = form.get("action", "save")
    revision = form.get("revision")
    case = await services.seizures.get(actor, case_id) if case_id else None
    if action in ADD_ACTIONS:
        values = posted
        group, _, key = ADD_ACTIONS[action].rpartition(".")
        holder = values.setdefault(group, {}) if group else values
        holder[key] = [*holder.get(key, []), "" if key == "transit" else {}]
        return await render(request, "seizures/form.html",
                            _form_context(request, values, {}, "", case=case, revision=revision))
    if action == "find_parties":
        choices = await picker_choices(services, actor, posted.get("parties", []), party_kind)
        return await render(request, "seizures/form.html", _form_context(
            request, posted, {}, "", case=case, revision=revision, party_choices=choices))
    data = _posted_case(posted)
    try:
        await create_new_parties(services, actor, data, case.body if case else None)
        if case_id is None:
            saved = await services.seizures.create(actor, data)
        else:
            saved = await services.seizures.update(actor, case_id, data,
                                                   int(revision) if isinstance(revision, str) and revision.isdigit()
                                                   else None)
    except ServiceError as exc:
        errors, error = form_errors(exc, tr)
        return await render(request, "seizures/form.html",
                            _form_context(request, _blank_rows(posted), errors, error, case=case, revision=revision),
                            status=422 if isinstance(exc, ValidationFailed) else 409)
    raise see_other(f"/seizures/{saved.uuid}", flash_key="case_saved")


@routes.post("/seizures/new")
async def create_case(request: web.Request) -> web.StreamResponse:
    """Save a new case, or add a row to the form."""
    request[ACTOR].require(Permission.EDIT_RECORDS)
    return await _save(request, None)


@routes.get(CASE + "/edit")
async def edit_case(request: web.Request) -> web.Response:
    """Show the form for an existing case."""
    actor, services = request[ACTOR], _services(request)
    actor.require(Permission.EDIT_RECORDS)
    case = await services.seizures.get(actor, request.match_info["case_id"])
    return await render(request, "seizures/form.html", _form_context(
        request, _blank_rows(_editable(case.body)), {}, "", case=case, revision=case.revision))


@routes.post(CASE + "/edit")
async def update_case(request: web.Request) -> web.StreamResponse:
    """Save changes to a case (refused if someone else saved first)."""
    request[ACTOR].require(Permission.EDIT_RECORDS)
    return await _save(request, request.match_info["case_id"])


@routes.post(CASE + "/delete")
async def delete_case(request: web.Request) -> web.StreamResponse:
    """Delete a case (administrators)."""
    await _services(request).seizures.delete(request[ACTOR], request.match_info["case_id"])
    raise see_other("/seizures", flash_key="case_deleted")


# -- reading -----------------------------------------------------------------------------------------------------

@routes.get(CASE)
async def show_case(request: web.Request) -> web.Response:
    """Show a case (the view is audited)."""
    actor, services, tr = request[ACTOR], _services(request), translator(request)
    case = await services.seizures.get(actor, request.match_info["case_id"])
    return await render(request, "seizures/detail.html", {
        "case": case, "body": case.body, "lookup": lookup, "label": label_function(services, tr),
        "hs_description": lambda code: services.refdata.hs_description(code, tr.gettext),
        "max_upload_mb": request.config_dict[CONFIG].max_upload_mb, "link_parties": True,
    })


@routes.get(CASE + "/history")
async def case_history(request: web.Request) -> web.Response:
    """Show every revision of a case."""
    actor, services = request[ACTOR], _services(request)
    case = await services.seizures.get(actor, request.match_info["case_id"])
    revisions = await services.seizures.history(actor, case.uuid)
    return await render(request, "seizures/history.html", {"case": case, "revisions": revisions})


# -- pictures ----------------------------------------------------------------------------------------------------

@routes.post(CASE + "/pictures")
async def upload_pictures(request: web.Request) -> web.StreamResponse:
    """Add the uploaded pictures to the case's gallery."""
    services, actor = _services(request), request[ACTOR]
    case_id = request.match_info["case_id"]
    uploads, fields = await read_uploads(request, "pictures", request.config_dict[CONFIG].max_upload_bytes)
    await services.pictures.add(actor, case_id, uploads, fields.get("caption", ""))
    raise see_other(f"/seizures/{case_id}", flash_key="pictures_added")


@routes.get(CASE + r"/pictures/{sha256:[0-9a-f]{64}}{variant:(/thumb|/original)?}")
async def picture_file(request: web.Request) -> web.StreamResponse:
    """Serve a picture file to a user allowed to see the case's pictures."""
    variant = request.match_info["variant"].lstrip("/") or "shared"
    path, media = await _services(request).pictures.file(request[ACTOR], request.match_info["case_id"],
                                                         request.match_info["sha256"], variant)
    return picture_response(path, media, variant)


@routes.post(CASE + r"/pictures/{sha256:[0-9a-f]{64}}/remove")
async def remove_picture(request: web.Request) -> web.StreamResponse:
    """Take a picture out of the gallery."""
    case_id = request.match_info["case_id"]
    await _services(request).pictures.remove(request[ACTOR], case_id, request.match_info["sha256"])
    raise see_other(f"/seizures/{case_id}", flash_key="case_saved")
