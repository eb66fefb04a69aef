"""One place that turns errors into responses: JSON for the API, a translated page for people."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from node.appkeys import ERROR_PAGE
from node.errors import Message, RateLimited, ServiceError, ValidationFailed
from protocol.errors import HTTP_STATUS, ErrorCode
from protocol.text import N_

log = logging.getLogger(__name__)

_STATUS_CODES = {status: code for code, status in HTTP_STATUS.items()}
_GENERIC = {
    400: N_("The request could not be understood."),
    401: N_("Please sign in."),
    403: N_("You are not allowed to do this."),
    404: N_("This page does not exist."),
    405: N_("This action is not available here."),
    413: N_("What you sent is too large."),
    415: N_("This type of content is not accepted here."),
    429: N_("Too many requests. Try again later."),
    500: N_("Something went wrong on the server. The administrator can find the details in the log."),
    503: N_("The service is temporarily unavailable."),
}


def is_api(request: web.Request) -> bool:
    """Tell whether a request is for the JSON API (errors as JSON, never a redirect)."""
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields: dict[str, str] | None = None,
               headers: dict[str, str] | None = None) -> web.Response:
    """Return the API's error body: ``{"error": {"code", "message", "fields"?}}``."""
    body: dict[str, object] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return web.json_response({"error": body}, status=status, headers=headers)


async def error_response(request: web.Request, status: int, code: ErrorCode | str, message: Message,
                         fields: dict[str, Message] | None = None,
                         headers: dict[str, str] | None = None) -> web.StreamResponse:
    """Answer an error in the request's medium."""
    if is_api(request) or ERROR_PAGE not in request.config_dict:
        return json_error(status, str(code), message.render(),
                          {k: v.render() for k, v in (fields or {}).items()}, headers)
    response = await request.config_dict[ERROR_PAGE](request, status, message)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


async def service_error_response(request: web.Request, exc: ServiceError) -> web.StreamResponse:
    """Answer a ``ServiceError`` with its code's status."""
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    fields = exc.fields if isinstance(exc, ValidationFailed) else None
    return await error_response(request, HTTP_STATUS[exc.code], exc.code, exc.message, fields, headers)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Map service errors and HTTP errors to clear answers; log unexpected ones with their traceback."""
    try:
        return await handler(request)
    except ServiceError as exc:
        return await service_error_response(request, exc)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _STATUS_CODES.get(exc.status, ErrorCode.BAD_REQUEST)
        template = _GENERIC.get(exc.status, _GENERIC[400])
        headers = {k: v for k, v in exc.headers.items() if k in ("Allow", "Retry-After", "WWW-Authenticate")}
        return await error_response(request, exc.status, code, Message(template), headers=headers)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return await error_response(request, 500, ErrorCode.INTERNAL, Message(_GENERIC[500]))
