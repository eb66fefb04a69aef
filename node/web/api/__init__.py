"""The JSON API, mounted at ``/api/v1`` as a sub-application."""

from __future__ import annotations

from aiohttp import web

from node.web.api import audit, exchange, node, openapi, seizure_io, seizures, suspects, users


def create_api_app() -> web.Application:
    """Return the API sub-application (middleware comes from the parent app)."""
    api = web.Application()
    for module in (users, audit, node, seizures, seizure_io, suspects, exchange, openapi):
        api.router.add_routes(module.routes)
    return api
