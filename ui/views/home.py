"""The dashboard and the areas that later releases fill."""

from __future__ import annotations

from aiohttp import web

from node.appkeys import ACTOR, SERVICES
from node.errors import PermissionDenied
from node.services.permissions import Permission
from protocol.text import N_
from ui.nav import AREAS
from ui.render import render

routes = web.RouteTableDef()


@routes.get("/")
async def dashboard(request: web.Request) -> web.Response:
    """Show the areas the user may open and what needs attention."""
    actor = request[ACTOR]
    counts = None
    if actor.can(Permission.VIEW_NOMINAL) or actor.can(Permission.MANAGE_PEERS):
        counts = await request.config_dict[SERVICES].exchange.inbox.counts()
    return await render(request, "home.html", {"exchange_counts": counts})


async def planned_area(request: web.Request) -> web.Response:
    """Show an area whose pages are not in this release yet, to users allowed to open it."""
    key = request.match_info["area"]
    area = next((a for a in AREAS if a.key == key and not a.ready), None)
    if area is None:
        raise web.HTTPNotFound()
    if not request[ACTOR].can(area.permission):
        raise PermissionDenied(N_("Your role does not allow this action."))
    return await render(request, "planned.html", {"area": area})


routes.get("/{area:" + "|".join(a.key for a in AREAS if not a.ready) + "}")(planned_area)
