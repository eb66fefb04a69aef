"""Helpers every API handler uses: the actor, JSON bodies, query integers."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from node.appkeys import ACTOR, SERVICES
from node.errors import ServiceError
from node.runtime import Services
from node.services.actor import Actor
from protocol.errors import ErrorCode
from protocol.text import N_

MAX_JSON_BYTES = 1024 * 1024


class BadRequest(ServiceError):
    """The request body or query is malformed."""

    code = ErrorCode.BAD_REQUEST


def actor(request: web.Request) -> Actor:
    """Return the authenticated actor (the auth middleware guarantees one on API routes)."""
    return request[ACTOR]


def services(request: web.Request) -> Services:
    """Return the node's services."""
    return request.config_dict[SERVICES]


async def read_json(request: web.Request) -> dict[str, Any]:
    """Return the request's JSON object body, or raise ``BadRequest`` saying what is wrong."""
    if request.content_type != "application/json":
        raise BadRequest(N_("Send the body as application/json."))
    raw = await request.read()
    if len(raw) > MAX_JSON_BYTES:
        raise BadRequest(N_("The JSON body is larger than {n} bytes."), n=MAX_JSON_BYTES)
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(N_("The body is not valid JSON: {error}"), error=str(exc)) from None
    if not isinstance(data, dict):
        raise BadRequest(N_("The JSON body must be an object."))
    return data


def query_int(request: web.Request, name: str, default: int, *, minimum: int = 0, maximum: int = 10**9) -> int:
    """Return an integer query parameter within bounds, or raise ``BadRequest`` naming it."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(N_("Query parameter {name} must be a whole number."), name=name) from None
    if not minimum <= value <= maximum:
        raise BadRequest(N_("Query parameter {name} must be between {low} and {high}."), name=name, low=minimum,
                         high=maximum)
    return value


def field_str(data: dict[str, Any], name: str, *, required: bool = False, default: str | None = None) -> str | None:
    """Return a string field of a JSON body, or raise ``BadRequest`` when it has another type."""
    value = data.get(name, default)
    if value is None:
        if required:
            raise BadRequest(N_("Field {name} is required."), name=name)
        return None
    if not isinstance(value, str):
        raise BadRequest(N_("Field {name} must be a string."), name=name)
    return value


def path_int(request: web.Request, name: str) -> int:
    """Return an integer path parameter (routes constrain it to digits)."""
    return int(request.match_info[name])
