"""Administration of reference data: the code lists an administration extends, and the HS nomenclature."""

from __future__ import annotations

from aiohttp import web

from node.appkeys import ACTOR, SERVICES
from node.errors import ServiceError
from node.refdata.lists import EXTENDABLE
from node.services.permissions import Permission
from protocol.text import N_
from ui.render import form_errors, render, see_other, translator
from ui.views.forms import form_data

routes = web.RouteTableDef()

LIST_TITLES = {
    "office": N_("Offices"), "detection_method": N_("Detection methods"),
    "concealment_method": N_("Concealment methods"), "unit": N_("Units"), "outcome": N_("Outcomes"),
    "party_role": N_("Roles of persons and companies"), "drug_type": N_("Drug types"),
    "weapon_type": N_("Weapon types"), "identity_document_type": N_("Identity document types"),
    "legal_form": N_("Legal forms"), "entity_type": N_("Entity types"),
    "tax_id_scheme": N_("Tax and trader identifiers"),
    "link_role": N_("Roles of persons in entities"),
}


async def _lists_page(request: web.Request, *, values: dict[str, str] | None = None,
                      errors: dict[str, str] | None = None, error: str = "", status: int = 200) -> web.Response:
    services, tr = request.config_dict[SERVICES], translator(request)
    request[ACTOR].require(Permission.MANAGE_REFDATA)
    lists = {name: services.refdata.entries(name, include_inactive=True) for name in EXTENDABLE}
    return await render(request, "admin/lists.html", {
        "lists": lists, "titles": LIST_TITLES, "values": values or {}, "errors": errors or {}, "error": error,
        "hs_full": services.refdata.has_full_nomenclature, "list_options": [
            (name, tr.gettext(LIST_TITLES[name])) for name in EXTENDABLE]}, status=status)


@routes.get("/admin/lists")
async def lists(request: web.Request) -> web.Response:
    """Show every extendable list and the state of the HS nomenclature."""
    return await _lists_page(request)


@routes.post("/admin/lists")
async def add_entry(request: web.Request) -> web.StreamResponse:
    """Add an entry to a list (or change the labels of an added one)."""
    form = await form_data(request)
    try:
        await request.config_dict[SERVICES].refdata.put_entry(
            request[ACTOR], form.get("list", ""), form.get("code", "").strip(), form.get("label_en", ""),
            form.get("label_fr", ""))
    except ServiceError as exc:
        errors, error = form_errors(exc, translator(request))
        return await _lists_page(request, values=form, errors=errors, error=error, status=422)
    raise see_other("/admin/lists", flash_key="list_saved")


@routes.post("/admin/lists/{name}/{code}/toggle")
async def toggle_entry(request: web.Request) -> web.StreamResponse:
    """Retire an entry (no longer offered for new input) or bring it back."""
    services = request.config_dict[SERVICES]
    name, code = request.match_info["name"], request.match_info["code"]
    entry = next((e for e in services.refdata.entries(name, include_inactive=True) if e.code == code), None)
    if entry is None:
        raise web.HTTPNotFound()
    await services.refdata.put_entry(request[ACTOR], name, code, "" if entry.builtin else entry.label,
                                     entry.label_fr, active=not entry.active, extra=entry.extra)
    raise see_other("/admin/lists", flash_key="list_saved")


@routes.post("/admin/hs")
async def import_hs(request: web.Request) -> web.StreamResponse:
    """Load a full HS nomenclature from an uploaded CSV file."""
    request[ACTOR].require(Permission.MANAGE_REFDATA)
    posted = await request.post()
    upload = posted.get("file")
    try:
        if not isinstance(upload, web.FileField):
            raise web.HTTPBadRequest()
        await request.config_dict[SERVICES].refdata.import_hs(request[ACTOR], upload.file.read(),
                                                              source=upload.filename or "")
    except ServiceError as exc:
        _, error = form_errors(exc, translator(request))
        return await _lists_page(request, error=error, status=422)
    raise see_other("/admin/lists", flash_key="hs_imported")
