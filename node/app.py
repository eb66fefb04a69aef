"""The composition root: ``create_app`` builds the whole node and its lifespan; nothing else wires services."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine
from datetime import timedelta
from typing import Any

from aiohttp import web

import ui
from node.appkeys import CLOCK, CONFIG, DISCOVERY, SERVICES
from node.clock import Clock, SystemClock
from node.config import Config
from node.exchange.discovery import Candidate, Discovery, StaticDiscovery, ZeroconfDiscovery
from node.exchange.server import routes as icomm_routes
from node.logs import current_node
from node.runtime import Services, open_services
from node.services.pictures import MAX_FILES_PER_UPLOAD
from node.web.api import create_api_app
from node.web.errors import error_middleware
from node.web.health import healthz
from node.web.security import auth_middleware, csrf_middleware, node_context_middleware, security_headers
from protocol.timefmt import to_iso
from store import sessions as session_repo

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL = timedelta(minutes=10)
# Room for form fields and multipart framing around the largest allowed upload.
BODY_OVERHEAD = 1024 * 1024


def create_app(config: Config, *, clock: Clock | None = None, discovery: Discovery | None = None) -> web.Application:
    """Build the node's web application; the store, keys and services open in its lifespan."""
    app = web.Application(
        middlewares=[error_middleware, node_context_middleware, auth_middleware, csrf_middleware],
        client_max_size=config.max_upload_bytes * MAX_FILES_PER_UPLOAD + BODY_OVERHEAD,
    )
    app[CONFIG] = config
    app[CLOCK] = clock or SystemClock()
    app[DISCOVERY] = discovery or (ZeroconfDiscovery() if config.uses_discovery else StaticDiscovery())
    app.cleanup_ctx.append(_lifespan)
    app.on_response_prepare.append(security_headers)
    app.router.add_get("/healthz", healthz)
    app.router.add_routes(icomm_routes)
    app.add_subapp("/api/v1", create_api_app())
    ui.setup(app)
    return app


async def _lifespan(app: web.Application) -> AsyncIterator[None]:
    config, clock = app[CONFIG], app[CLOCK]
    async with open_services(config, clock) as services:
        app[SERVICES] = services
        current_node.set(services.identity.fingerprint[:9])
        log.info("node %s (%s) open on %s", services.identity.identity.name, services.identity.fingerprint,
                 config.data_dir)
        discovery = app[DISCOVERY]
        services.exchange.discovery = discovery
        await _announce(services, discovery)
        tasks = [_background("housekeeping", _housekeeping(services)),
                 _background("sync", services.exchange.sync.run())]
        try:
            yield
        finally:
            await discovery.stop()
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            log.info("node %s closed", services.identity.fingerprint)


def _background(name: str, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Start a named background task for the node's lifetime."""
    return asyncio.get_running_loop().create_task(work, name=f"ncen-{name}")


async def _announce(services: Services, discovery: Discovery) -> None:
    """Announce this node on the local network once it has a country (a card needs one)."""
    identity = services.identity
    if not identity.identity.country:
        return
    card = identity.card()
    await discovery.start(Candidate(card.name, card.fingerprint, card.country, card.role.value, card.url),
                          services.config.port)


async def _housekeeping(services: Services) -> None:
    """Remove expired sessions periodically; failures are logged and retried next round."""
    while True:
        await asyncio.sleep(HOUSEKEEPING_INTERVAL.total_seconds())
        try:
            removed = await services.runner.write(session_repo.delete_expired_sessions, to_iso(services.clock.now()))
            if removed:
                log.debug("removed %d expired sessions", removed)
        except Exception:
            log.exception("housekeeping failed")
