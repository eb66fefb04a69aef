"""``/api/v1/node``: this node's identity and card."""

from __future__ import annotations

from aiohttp import web

from node import __version__
from node.web.api.common import actor, field_str, read_json, services

routes = web.RouteTableDef()


def _identity_json(request: web.Request) -> dict[str, object]:
    svc = services(request)
    identity = svc.identity.identity
    return {"name": identity.name, "country": identity.country, "role": identity.role.value,
            "url": svc.identity.url, "public_key": svc.identity.key.public.hex,
            "fingerprint": svc.identity.fingerprint, "version": __version__, "created_at": identity.created_at}


@routes.get("/node")
async def get_node(request: web.Request) -> web.Response:
    """Return the node's identity."""
    return web.json_response(_identity_json(request))


@routes.patch("/node")
async def update_node(request: web.Request) -> web.Response:
    """Change the administration's name or country (administrators)."""
    data = await read_json(request)
    svc = services(request)
    current = svc.identity.identity
    await svc.identity.update(actor(request), name=field_str(data, "name", default=current.name) or "",
                              country=field_str(data, "country", default=current.country) or "")
    return web.json_response(_identity_json(request))


@routes.get("/node/card")
async def get_card(request: web.Request) -> web.Response:
    """Return the card another administration imports to pair with this node."""
    return web.json_response(services(request).identity.card().to_json())
