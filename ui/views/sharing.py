"""Sharing a case, person or entity: the audience and handling code a user chooses, and what receivers get."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from crypto import fingerprint
from node.appkeys import ACTOR, SERVICES
from node.errors import ServiceError, ValidationFailed
from node.exchange.sharing import SEIZURE, ShareRequest, preview_global, shared_suspect_body
from node.runtime import Services
from node.services.permissions import Permission
from node.services.suspect_kinds import Kind
from node.web.api.exchange import plain
from ui.exchange_text import DEFAULT_HANDLING, HANDLING
from ui.forms import lookup
from ui.render import form_errors, render, see_other, translator
from ui.suspect_forms import service_for
from ui.views.seizures import CASE, label_function
from ui.views.suspects import RECORD, TEXTS, bound

routes = web.RouteTableDef()


def _services(request: web.Request) -> Services:
    return request.config_dict[SERVICES]


def posted_request(form: MultiDictProxy[Any]) -> ShareRequest:
    """Build a ShareRequest from the share form: only what the user ticked."""
    peer_ids = tuple(int(v) for v in form.getall("peer_ids", []) if isinstance(v, str) and v.isdigit())
    groups = tuple(v for v in form.getall("groups", []) if isinstance(v, str) and v)
    handling = form.get("handling", "")
    return ShareRequest(peer_ids, groups, form.get("all_paired") == "on", form.get("to_global") == "on",
                        handling if isinstance(handling, str) else "")


async def _page(request: web.Request, chosen: ShareRequest, *, errors: dict[str, str] | None = None,
                error: str = "", status: int = 200) -> web.Response:
    actor, services, tr = request[ACTOR], _services(request), translator(request)
    actor.require(Permission.SHARE_RECORDS)
    case = await services.seizures.get(actor, request.match_info["case_id"])
    statuses = await services.exchange.peers.statuses(actor)
    paired = [s.peer for s in statuses if s.peer.status == "paired"]
    national = [p for p in paired if p.role != "global"]
    shares = await services.exchange.sharing.shares_of(SEIZURE, case.uuid)
    names = {p.owner: p.name for p in paired}
    preview = plain(preview_global(case.body, case.uuid))
    return await render(request, "seizures/share.html", {
        "case": case, "body": case.body, "peers": national, "groups": sorted({g for p in national for g in p.groups}),
        "has_global": any(p.role == "global" for p in paired), "handling_codes": HANDLING, "chosen": chosen,
        "shares": shares, "recipient_names": lambda share: sorted(names.get(fingerprint(k), fingerprint(k))
                                                                  for k in share.audience),
        "preview": preview, "preview_json": json.dumps(preview, indent=2, ensure_ascii=False),
        "label": label_function(services, tr), "lookup": lookup,
        "hs_description": lambda code: services.refdata.hs_description(code, tr.gettext),
        "errors": errors or {}, "error": error,
    }, status=status)


@routes.get(CASE + "/share")
async def share_form(request: web.Request) -> web.Response:
    """Show the share form with nothing chosen: nothing is shared by default."""
    return await _page(request, ShareRequest(handling=DEFAULT_HANDLING))


@routes.post(CASE + "/share")
async def share(request: web.Request) -> web.StreamResponse:
    """Share the case with what the user chose, then go back to the case."""
    chosen = posted_request(await request.post())
    case_id = request.match_info["case_id"]
    try:
        await _services(request).exchange.sharing.share_seizure(request[ACTOR], case_id, chosen)
    except ServiceError as exc:
        errors, error = form_errors(exc, translator(request))
        return await _page(request, chosen, errors=errors, error=error,
                           status=422 if isinstance(exc, ValidationFailed) else 409)
    raise see_other(f"/seizures/{case_id}", flash_key="case_shared")


# -- persons and entities ---------------------------------------------------------------------------------------

async def _suspect_page(request: web.Request, kind: Kind, chosen: ShareRequest, *,
                        errors: dict[str, str] | None = None, error: str = "", status: int = 200) -> web.Response:
    actor, services, tr = request[ACTOR], _services(request), translator(request)
    actor.require(Permission.SHARE_RECORDS)
    record = await service_for(services, kind).get(actor, request.match_info["record_id"])
    statuses = await services.exchange.peers.statuses(actor)
    national = [s.peer for s in statuses if s.peer.status == "paired" and s.peer.role != "global"]
    shares = await services.exchange.sharing.shares_of(kind.value, record.uuid)
    names = {s.peer.owner: s.peer.name for s in statuses}
    preview = shared_suspect_body(kind.value, record.body)
    return await render(request, "suspects/share.html", {
        "kind": str(kind), "plural": kind.table, "texts": TEXTS[kind], "record": record, "body": preview,
        "peers": national, "groups": sorted({g for p in national for g in p.groups}), "handling_codes": HANDLING,
        "chosen": chosen, "shares": shares,
        "recipient_names": lambda share: sorted(names.get(fingerprint(k), fingerprint(k)) for k in share.audience),
        "preview_json": json.dumps(plain(preview), indent=2, ensure_ascii=False),
        "label": label_function(services, tr), "lookup": lookup, "countries": tr.countries(),
        "errors": errors or {}, "error": error,
    }, status=status)


async def suspect_share_form(request: web.Request, kind: Kind) -> web.Response:
    """Show the share form of a person or entity with nothing chosen."""
    return await _suspect_page(request, kind, ShareRequest(handling=DEFAULT_HANDLING))


async def suspect_share(request: web.Request, kind: Kind) -> web.StreamResponse:
    """Share a person or entity with the administrations chosen, then go back to the record."""
    chosen = posted_request(await request.post())
    record_id = request.match_info["record_id"]
    try:
        await _services(request).exchange.sharing.share(request[ACTOR], kind.value, record_id, chosen)
    except ServiceError as exc:
        errors, error = form_errors(exc, translator(request))
        return await _suspect_page(request, kind, chosen, errors=errors, error=error,
                                   status=422 if isinstance(exc, ValidationFailed) else 409)
    raise see_other(f"/{kind.table}/{record_id}", flash_key="record_shared")


for _kind in Kind:
    routes.get(f"/{_kind.table}/{RECORD}/share")(bound(suspect_share_form, _kind))
    routes.post(f"/{_kind.table}/{RECORD}/share")(bound(suspect_share, _kind))
