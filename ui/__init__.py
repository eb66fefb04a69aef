"""The server-rendered web UI. Handlers parse the request, call one service, render a template."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from node.appkeys import CONFIG, ERROR_PAGE
from ui.i18n import Catalogues
from ui.render import CATALOGUES, error_page
from ui.views import account, admin, auth, exchange, home, inbox, refdata, seizure_import, seizures, sharing, suspects

HERE = Path(__file__).parent


def setup(app: web.Application) -> None:
    """Register templates, catalogues, static files and the UI routes on the node's application."""
    aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=jinja2.select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    app[CATALOGUES] = Catalogues(app[CONFIG].timezone)
    app[ERROR_PAGE] = error_page
    app.router.add_static("/static", HERE / "static", name="static", append_version=True)
    app.router.add_get("/favicon.ico", _favicon)
    for module in (auth, account, home, seizure_import, seizures, sharing, suspects, exchange, inbox, admin, refdata):
        app.router.add_routes(module.routes)


async def _favicon(request: web.Request) -> web.StreamResponse:
    raise web.HTTPMovedPermanently(str(request.app.router["static"].url_for(filename="favicon.svg")))
