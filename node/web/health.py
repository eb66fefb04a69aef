"""``GET /healthz``: open to anyone, says whether the node and its database are well."""

from __future__ import annotations

import logging

from aiohttp import web

from node import __version__
from node.appkeys import SERVICES
from store.migrations import schema_version

log = logging.getLogger(__name__)


async def healthz(request: web.Request) -> web.Response:
    """Return version, role, fingerprint and database status as JSON (503 when the database fails)."""
    services = request.config_dict[SERVICES]

    try:
        version = await services.runner.read(schema_version)
        database = {"status": "ok", "schema_version": version}
    except Exception as exc:  # any failure of the store is a health finding, not a crash
        log.warning("health check: database unavailable: %s", exc)
        database = {"status": "unavailable"}
    ok = database["status"] == "ok"
    return web.json_response({
        "status": "ok" if ok else "degraded",
        "version": __version__,
        "role": services.identity.identity.role.value,
        "fingerprint": services.identity.fingerprint,
        "database": database,
    }, status=200 if ok else 503)
