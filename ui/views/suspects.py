"""Persons and entities in the browser: list and search, form, record page, history, photos, match decisions.

The same handlers serve both kinds, registered once per kind; the forms and the facts shown differ by
template. Every page needs a role that may see personal data; the services audit every view and search.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from node.appkeys import ACTOR, CONFIG, SERVICES
from node.errors import Message, ServiceError, ValidationFailed
from node.runtime import Services
from node.services.permissions import Permission
from node.services.suspect_kinds import Kind
from node.web.api.suspects import suspect_filter
from node.web.uploads import picture_response, read_uploads
from protocol.text import N_
from ui.forms import lookup, unflatten
from ui.i18n import Translator
from ui.network import layout
from ui.reasons import reason_text
from ui.render import form_errors, render, see_other, translator
from ui.suspect_forms import (
    GROUPS,
    NEW,
    Choices,
    create_new_records,
    picker_choices,
    posted_record,
    ref_choices,
    service_for,
    with_blank_rows,
)
from ui.views.seizures import label_function, options

routes = web.RouteTableDef()

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
RECORD = "{record_id:" + UUID + "}"
LISTS = ("sex", "identity_document_type", "legal_form", "entity_type", "tax_id_scheme", "link_role", "reliability",
         "assessment", "picture_kind")
TEXTS: dict[Kind, dict[str, str]] = {
    Kind.PERSON: {"title": N_("Persons"), "one": N_("Person"), "new": N_("New person"), "edit": N_("Edit person"),
                  "empty": N_("No person matches these words."), "none": N_("No person recorded yet."),
                  "search": N_("Names in any script, aliases, document or phone numbers…"),
                  "delete": N_("Delete this person? The record, and any merged into it, disappear from lists, "
                               "searches and matching; their history is kept.")},
    Kind.ENTITY: {"title": N_("Entities"), "one": N_("Entity"), "new": N_("New entity"), "edit": N_("Edit entity"),
                  "empty": N_("No entity matches these words."), "none": N_("No entity recorded yet."),
                  "search": N_("Legal or trading names, registration or tax numbers…"),
                  "delete": N_("Delete this entity? The record, and any merged into it, disappear from lists, "
                               "searches and matching; their history is kept.")},
}
SAFE_BACK = re.compile(r"^/(persons|entities)/" + UUID + "$")


def _services(request: web.Request) -> Services:
    return request.config_dict[SERVICES]


def _can_see(request: web.Request) -> None:
    request[ACTOR].require(Permission.VIEW_NOMINAL)  # every page of these areas shows personal data


def _base(request: web.Request, kind: Kind) -> dict[str, Any]:
    """Return what every page of the area uses."""
    services, tr = _services(request), translator(request)
    return {"kind": str(kind), "plural": kind.table, "texts": TEXTS[kind], "countries": tr.countries(),
            "lookup": lookup, "label": label_function(services, tr), "role_label": _role_label(services, tr)}


def _role_label(services: Services, tr: Translator) -> Any:
    """Return ``role(code)``: a role on a case, else a role in a company."""
    label = label_function(services, tr)

    def role(code: str) -> str:
        found = label("party_role", code)
        return found if found != code else label("link_role", code)

    return role


def _form_context(request: web.Request, kind: Kind, values: dict[str, Any], errors: dict[str, str], error: str,
                  record: Any, revision: Any, choices: Choices | None = None) -> dict[str, Any]:
    services, tr = _services(request), translator(request)
    people = values.get("persons", []) if kind is Kind.ENTITY else []
    return {**_base(request, kind), "values": values, "errors": errors, "error": error, "record": record,
            "revision": revision, "lists": {name: options(services, tr, name) for name in LISTS},
            "choices": ref_choices(people, choices or {}), "new_ref": NEW}


async def _form(request: web.Request, kind: Kind, values: dict[str, Any], *, record: Any = None,
                revision: Any = None, errors: dict[str, str] | None = None, error: str = "",
                choices: Choices | None = None, status: int = 200, add: str = "") -> web.Response:
    return await render(request, f"{kind.table}/form.html", _form_context(
        request, kind, with_blank_rows(kind, values, add=add), errors or {}, error, record, revision, choices),
        status=status)


# -- list and search --------------------------------------------------------------------------------------------

async def list_records(request: web.Request, kind: Kind) -> web.Response:
    """Show the list, or the records most like the words searched."""
    _can_see(request)
    tr = translator(request)
    criteria = suspect_filter(request.query, limit=50)
    errors: dict[str, str] = {}
    page = None
    try:
        page = await service_for(_services(request), kind).search(request[ACTOR], criteria)
    except ValidationFailed as exc:
        errors, _ = form_errors(exc, tr)
    filters = {name: request.query.get(name, "") for name in ("q", "watch_list", "sort")}
    active = {k: v for k, v in filters.items() if v}
    return await render(request, "suspects/list.html", {
        **_base(request, kind), "page": page, "filters": filters, "errors": errors, "active": active,
        "next_query": urlencode({**active, "cursor": page.next_cursor}) if page and page.next_cursor else "",
        "first_page": bool(request.query.get("cursor"))}, status=422 if errors else 200)


async def duplicates(request: web.Request, kind: Kind) -> web.Response:
    """Show the newest possible duplicates the matcher found."""
    _can_see(request)
    items = await _services(request).matching.queue(request[ACTOR], kind, limit=100)
    return await render(request, "suspects/duplicates.html", {**_base(request, kind), "items": items})


# -- form -------------------------------------------------------------------------------------------------------

async def new_record(request: web.Request, kind: Kind) -> web.Response:
    """Show an empty form."""
    _can_see(request)
    request[ACTOR].require(Permission.EDIT_RECORDS)
    return await _form(request, kind, {})


async def edit_record(request: web.Request, kind: Kind) -> web.Response:
    """Show the form of an existing record."""
    _can_see(request)
    request[ACTOR].require(Permission.EDIT_RECORDS)
    record = await service_for(_services(request), kind).get(request[ACTOR], request.match_info["record_id"])
    return await _form(request, kind, dict(record.body), record=record, revision=record.revision)


async def save_record(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Save a new or changed record, add a row to the form, or look up the persons it names."""
    _can_see(request)
    actor, services, tr = request[ACTOR], _services(request), translator(request)
    actor.require(Permission.EDIT_RECORDS)
    record_id = request.match_info.get("record_id")
    service = service_for(services, kind)
    form = await request.post()
    posted = unflatten(form)
    action = str(form.get("action", "save"))
    revision = form.get("revision")
    record = await service.get(actor, record_id, audit=False) if record_id else None
    if action.startswith("add:") and action[4:] in GROUPS[kind]:
        return await _form(request, kind, posted, add=action[4:], record=record, revision=revision)
    rows = posted.get("persons") if kind is Kind.ENTITY else None
    people: list[dict[str, Any]] = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
    if action == "find_links":
        choices = await picker_choices(services, actor, people, lambda _: Kind.PERSON)
        return await _form(request, kind, posted, choices=choices, record=record, revision=revision)
    data = posted_record(posted)
    try:
        if any(row.get("ref") == NEW for row in people):
            # Check everything else first, so that no person is created for a form that cannot be saved.
            service.check({**data, "persons": [{**row, "ref": ""} if row.get("ref") == NEW else row
                                               for row in people]})
            problems = await create_new_records(services, actor, people, lambda _: Kind.PERSON)
            if problems:
                raise ValidationFailed({f"persons.{i}.name": message for i, message in problems.items()})
            data["persons"] = people
        if record_id is None:
            saved = await service.create(actor, data)
        else:
            expected = int(revision) if isinstance(revision, str) and revision.isdigit() else None
            saved = await service.update(actor, record_id, data, expected)
    except ServiceError as exc:
        errors, error = form_errors(exc, tr)
        return await _form(request, kind, posted, errors=errors, error=error, record=record, revision=revision,
                           status=422 if isinstance(exc, ValidationFailed) else 409)
    flash = "suspect_saved_matches" if saved.proposals else "suspect_saved"
    raise see_other(f"/{kind.table}/{saved.record.uuid}", flash_key=flash)


async def delete_record(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Delete a record (administrators)."""
    _can_see(request)
    await service_for(_services(request), kind).delete(request[ACTOR], request.match_info["record_id"])
    raise see_other(f"/{kind.table}", flash_key="suspect_deleted")


# -- the record's page ------------------------------------------------------------------------------------------

async def show_record(request: web.Request, kind: Kind) -> web.Response:
    """Show a record with its links, network, timeline, photos and possible duplicates (the view is audited)."""
    _can_see(request)
    actor, services, tr = request[ACTOR], _services(request), translator(request)
    record_id = request.match_info["record_id"]
    record = await service_for(services, kind).get(actor, record_id)
    links = await services.links.links(actor, kind, record_id, audit=False)
    matches = [] if record.merged_into else await services.matching.matches(actor, kind, record_id, audit=False)
    decisions = await services.matching.decisions(actor, kind, record_id)
    absorbed = [m for m in decisions.merges if m.survivor[0] == record_id and not m.undone_at]
    merged = [await service_for(services, kind).get(actor, m.absorbed[0], audit=False) for m in absorbed]
    survivor = next((m for m in decisions.merges if m.absorbed[0] == record_id and not m.undone_at), None)
    base = _base(request, kind)
    return await render(request, "suspects/detail.html", {
        **base, "record": record, "body": record.body, "links": links, "matches": matches,
        "decisions": decisions, "merged": list(zip(absorbed, merged, strict=True)), "survivor": survivor,
        "network": layout(links.network, base["role_label"]), "timeline": sorted(links.cases, key=lambda c: c.date),
        "reason_text": lambda r: reason_text(tr, base["label"], str(r.code), r.template, dict(r.params)),
        "max_upload_mb": request.config_dict[CONFIG].max_upload_mb, "today": services.clock.now().date().isoformat(),
    })


async def history(request: web.Request, kind: Kind) -> web.Response:
    """Show every revision of a record, and the merges and marks around it."""
    _can_see(request)
    actor, services = request[ACTOR], _services(request)
    record_id = request.match_info["record_id"]
    record = await service_for(services, kind).get(actor, record_id, audit=False)
    revisions = await service_for(services, kind).history(actor, record_id)
    decisions = await services.matching.decisions(actor, kind, record_id)
    return await render(request, "suspects/history.html", {**_base(request, kind), "record": record,
                                                           "revisions": revisions, "decisions": decisions})


# -- decisions --------------------------------------------------------------------------------------------------

async def _other_id(request: web.Request) -> str:
    form = await request.post()
    other = form.get("other", "")
    if not isinstance(other, str) or not re.fullmatch(UUID, other):
        raise ValidationFailed({"other": Message(N_("Choose another record than this one."))})
    return other


async def merge(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Absorb the chosen record into this one."""
    _can_see(request)
    record_id = request.match_info["record_id"]
    await _services(request).matching.merge(request[ACTOR], kind, record_id, await _other_id(request))
    raise see_other(f"/{kind.table}/{record_id}", flash_key="suspect_merged")


async def unmerge(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Undo the merge that absorbed this record; go back to the page the button was on."""
    _can_see(request)
    record_id = request.match_info["record_id"]
    form = await request.post()
    back = form.get("back", "")
    await _services(request).matching.unmerge(request[ACTOR], kind, record_id)
    target = back if isinstance(back, str) and SAFE_BACK.match(back) else f"/{kind.table}/{record_id}"
    raise see_other(target, flash_key="suspect_unmerged")


async def not_the_same(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Mark the chosen record as not the same as this one."""
    _can_see(request)
    record_id = request.match_info["record_id"]
    await _services(request).matching.not_the_same(request[ACTOR], kind, record_id, await _other_id(request))
    raise see_other(f"/{kind.table}/{record_id}", flash_key="suspect_distinct")


async def same_again(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Withdraw a "not the same" mark."""
    _can_see(request)
    record_id = request.match_info["record_id"]
    await _services(request).matching.undo_not_the_same(request[ACTOR], kind, record_id,
                                                        request.match_info["other_id"])
    raise see_other(f"/{kind.table}/{record_id}", flash_key="suspect_distinct_undone")


# -- pictures ---------------------------------------------------------------------------------------------------

async def upload_pictures(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Add the uploaded photos or documents to the record's gallery."""
    _can_see(request)
    request[ACTOR].require(Permission.EDIT_RECORDS)  # before the upload is read
    record_id = request.match_info["record_id"]
    uploads, fields = await read_uploads(request, "pictures", request.config_dict[CONFIG].max_upload_bytes)
    await _services(request).suspect_pictures.add(request[ACTOR], kind, record_id, uploads,
                                                  caption=fields.get("caption", ""),
                                                  taken_on=fields.get("taken_on", ""),
                                                  picture_kind=fields.get("kind", "photo") or "photo")
    raise see_other(f"/{kind.table}/{record_id}", flash_key="suspect_pictures_added")


async def picture_file(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Serve a picture file to a user allowed to see personal data."""
    variant = request.match_info["variant"].lstrip("/") or "shared"
    path, media = await _services(request).suspect_pictures.file(request[ACTOR], kind, request.match_info["record_id"],
                                                                 request.match_info["sha256"], variant)
    return picture_response(path, media, variant)


async def remove_picture(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Take a picture out of the gallery."""
    record_id = request.match_info["record_id"]
    await _services(request).suspect_pictures.remove(request[ACTOR], kind, record_id, request.match_info["sha256"])
    raise see_other(f"/{kind.table}/{record_id}", flash_key="suspect_saved")


def _register(kind: Kind) -> None:
    base = f"/{kind.table}"
    for method, path, handler in (
            ("GET", base, list_records), ("GET", f"{base}/duplicates", duplicates), ("GET", f"{base}/new", new_record),
            ("POST", f"{base}/new", save_record), ("GET", f"{base}/{RECORD}", show_record),
            ("GET", f"{base}/{RECORD}/edit", edit_record), ("POST", f"{base}/{RECORD}/edit", save_record),
            ("POST", f"{base}/{RECORD}/delete", delete_record), ("GET", f"{base}/{RECORD}/history", history),
            ("POST", f"{base}/{RECORD}/merge", merge), ("POST", f"{base}/{RECORD}/unmerge", unmerge),
            ("POST", f"{base}/{RECORD}/not-the-same", not_the_same),
            ("POST", f"{base}/{RECORD}/not-the-same/{{other_id:{UUID}}}/undo", same_again),
            ("POST", f"{base}/{RECORD}/pictures", upload_pictures),
            ("GET", f"{base}/{RECORD}/pictures/{{sha256:[0-9a-f]{{64}}}}{{variant:(/thumb|/original)?}}",
             picture_file),
            ("POST", f"{base}/{RECORD}/pictures/{{sha256:[0-9a-f]{{64}}}}/remove", remove_picture)):
        routes.route(method, path)(bound(handler, kind))


def bound(handler: Any, kind: Kind) -> Any:
    """Return a route handler serving one kind of record with a handler written for both."""

    async def view(request: web.Request) -> web.StreamResponse:
        return await handler(request, kind)

    view.__doc__ = handler.__doc__
    return view


for _kind in Kind:
    _register(_kind)
