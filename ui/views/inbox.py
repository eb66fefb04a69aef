"""The inbox: records received from other administrations, listed and shown read-only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from node.appkeys import ACTOR, SERVICES
from node.exchange.inbox import InboxItem, hit_details
from node.runtime import Services
from node.services.permissions import Permission
from node.web.api.exchange import RECORD_ID, inbox_filter, plain
from ui.exchange_text import HANDLING_BY_CODE, RECORD_TYPES, SCOPES
from ui.forms import lookup
from ui.reasons import reason_text
from ui.render import render, translator
from ui.views.seizures import label_function

routes = web.RouteTableDef()

PAGE = 50
FILTERS = ("peer_id", "type", "unseen", "hits")


def _services(request: web.Request) -> Services:
    return request.config_dict[SERVICES]


def summary(item: InboxItem) -> str:
    """Return the words that name a received record in the list (a case reference, a name)."""
    body = item.body
    if item.record_type == "seizure":
        return " · ".join(str(v) for v in (body.get("reference", ""), body.get("date", "")) if v)
    if item.record_type == "person":
        return str(body.get("full_name") or " ".join(str(body.get(k, "")) for k in ("given_names", "family_name")))
    if item.record_type == "entity":
        return str(body.get("legal_name", ""))
    return ""


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Return (path, text) rows of a received body, for the generic read-only view."""
    if isinstance(value, Mapping):
        rows: list[tuple[str, str]] = []
        for key, item in value.items():
            rows.extend(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return rows
    if isinstance(value, list | tuple):
        if not value:
            return [(prefix, "")]
        return [row for i, item in enumerate(value, 1) for row in flatten(item, f"{prefix} {i}")]
    shown = plain(value)
    return [(prefix, "" if shown is None else str(shown))]


@routes.get("/exchange/inbox")
async def inbox(request: web.Request) -> web.Response:
    """List received records, newest first, filtered by administration, type, new and look-alikes."""
    actor, services = request[ACTOR], _services(request)
    try:
        page = max(1, int(request.query.get("page", "1")))
    except ValueError:
        page = 1
    items, total = await services.exchange.inbox.list(actor, inbox_filter(request.query), limit=PAGE,
                                                      offset=(page - 1) * PAGE)
    peers = await services.exchange.peers.statuses(actor)
    filters = {name: request.query.get(name, "") for name in FILTERS}
    active = {k: v for k, v in filters.items() if v}
    return await render(request, "exchange/inbox.html", {
        "items": items, "total": total, "page": page, "pages": max(1, -(-total // PAGE)), "filters": filters,
        "query": urlencode(active), "peers": [s.peer for s in peers], "record_types": RECORD_TYPES,
        "handling": HANDLING_BY_CODE, "summary": summary,
    })


@routes.get(f"/exchange/inbox/{RECORD_ID}")
async def record(request: web.Request) -> web.Response:
    """Show one received record read-only with its origin, revision and handling; the view is audited."""
    actor, services, tr = request[ACTOR], _services(request), translator(request)
    item = await services.exchange.inbox.get(actor, request.match_info["record_id"])
    nominal = item.scope == "nominal" and actor.can(Permission.VIEW_NOMINAL)
    label = label_function(services, tr)
    return await render(request, "exchange/record.html", {
        "item": item, "body": item.body, "handling": HANDLING_BY_CODE.get(item.handling),
        "record_types": RECORD_TYPES, "scopes": SCOPES, "rows": flatten(item.body),
        "hit_name": lambda hit: hit_details(hit)[0],
        "reasons": lambda hit: [reason_text(tr, label, r.code, r.template, r.params) for r in hit_details(hit)[1]],
        "label": label, "lookup": lookup, "nominal": nominal,
        "hs_description": lambda code: services.refdata.hs_description(code, tr.gettext),
        "origin_case": plain(item.body.get("origin_case")) if item.scope == "non_nominal" else "",
    })


SHOWN_MEDIA = frozenset({"image/jpeg", "image/png", "image/webp"})


@routes.get(f"/exchange/inbox/{RECORD_ID}" + r"/attachments/{sha256:[0-9a-f]{64}}")
async def attachment(request: web.Request) -> web.StreamResponse:
    """Serve a picture that came with a received record, once its file has arrived."""
    services = _services(request)
    digest, media = await services.exchange.inbox.attachment(request[ACTOR], request.match_info["record_id"],
                                                             request.match_info["sha256"])
    path = services.pictures.attachments.path(digest.hex())
    headers = {"Content-Type": media, "Cache-Control": "private, max-age=3600"}
    if media not in SHOWN_MEDIA:  # the sender names the type: anything but a picture is only downloaded
        headers = {"Content-Type": "application/octet-stream", "Content-Disposition": "attachment",
                   "Cache-Control": "private, max-age=3600"}
    return web.FileResponse(path, headers=headers)
