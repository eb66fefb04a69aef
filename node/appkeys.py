"""Typed keys under which the composition root stores shared objects on the application and requests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from node.clock import Clock
from node.config import Config
from node.errors import Message
from node.exchange.discovery import Discovery
from node.runtime import Services
from node.services.actor import Actor
from node.services.auth import SessionInfo

CONFIG = web.AppKey("ncen.config", Config)
CLOCK = web.AppKey("ncen.clock", Clock)
SERVICES = web.AppKey("ncen.services", Services)
DISCOVERY = web.AppKey("ncen.discovery", Discovery)

# (request, HTTP status, message) -> an HTML error page; registered by the UI, used for non-API paths.
ErrorPageRenderer = Callable[[web.Request, int, Message], Awaitable[web.StreamResponse]]
ERROR_PAGE = web.AppKey[ErrorPageRenderer]("ncen.error_page")

ACTOR = web.RequestKey("ncen.actor", Actor)
SESSION = web.RequestKey("ncen.session", SessionInfo)
SESSION_TOKEN = web.RequestKey("ncen.session_token", str)
