"""Authentication, CSRF and response-header middleware: every route needs a signed-in user unless listed here."""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import quote, urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler

from node.appkeys import ACTOR, SERVICES, SESSION, SESSION_TOKEN
from node.errors import Message
from node.logs import current_node
from node.web.errors import error_response, is_api
from protocol.errors import ErrorCode
from protocol.text import N_

log = logging.getLogger(__name__)

SESSION_COOKIE = "ncen_session"
LOGIN_CSRF_COOKIE = "ncen_login_csrf"
CSRF_FIELD = "_csrf"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_PATH = "/login"
PASSWORD_PATH = "/account/password"  # noqa: S105 - a URL path
PUBLIC_PATHS = frozenset({LOGIN_PATH, "/healthz", "/favicon.ico"})
# Icomm endpoints authenticate each request by its signature (node/exchange/server.py), not by a sign-in.
PUBLIC_PREFIXES = ("/static/", "/icomm/")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# While a user must replace a one-time password, only these pages are open to them.
PASSWORD_CHANGE_PATHS = frozenset({PASSWORD_PATH, "/logout"})


def is_public(path: str) -> bool:
    """Tell whether a path is served without signing in."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def client_ip(request: web.Request) -> str:
    """Return the peer address (proxies are not trusted to rewrite it)."""
    return request.remote or ""


def is_secure(request: web.Request) -> bool:
    """Tell whether the browser reached us over TLS (cookies then get the Secure flag)."""
    return request.secure


def set_session_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    """Attach the session cookie: HttpOnly, SameSite=Lax, Secure on TLS, no Max-Age (ends with the browser)."""
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Lax", secure=is_secure(request), path="/")


def clear_session_cookie(response: web.StreamResponse) -> None:
    """Remove the session cookie."""
    response.del_cookie(SESSION_COOKIE, path="/")


def login_csrf_token(request: web.Request) -> tuple[str, bool]:
    """Return the sign-in form's double-submit token and whether it is new (then set it with the cookie)."""
    token = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if len(token) >= 20:
        return token, False
    return secrets.token_urlsafe(24), True


def set_login_csrf_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    """Attach the sign-in form's double-submit cookie."""
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="Strict", secure=is_secure(request),
                        path=LOGIN_PATH)


@web.middleware
async def node_context_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Tag every log record of this request with the node's fingerprint."""
    services = request.config_dict.get(SERVICES)
    if services is not None:
        current_node.set(services.identity.fingerprint[:9])
    return await handler(request)


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Resolve the session cookie or bearer token; refuse or redirect anonymous requests to private routes."""
    services = request.config_dict[SERVICES]
    ip = client_ip(request)
    authorization = request.headers.get("Authorization", "")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        actor = None
        if scheme.lower() == "bearer" and is_api(request):
            actor = await services.auth.resolve_bearer(token.strip(), ip)
        if actor is None:
            # A wrong credential is refused even on public paths: the client meant to authenticate.
            return await error_response(request, 401, ErrorCode.UNAUTHENTICATED,
                                        Message(N_("The API token is not valid.")),
                                        headers={"WWW-Authenticate": 'Bearer realm="ncen"'})
        request[ACTOR] = actor
        return await handler(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        info = await services.auth.resolve_session(cookie, ip)
        if info is not None:
            request[ACTOR] = info.actor
            request[SESSION] = info
            request[SESSION_TOKEN] = cookie
            if (info.must_change_password and not is_api(request) and not is_public(request.path)
                    and request.path not in PASSWORD_CHANGE_PATHS):
                raise web.HTTPSeeOther(PASSWORD_PATH)
            return await handler(request)
    if is_public(request.path):
        return await handler(request)
    if is_api(request):
        return await error_response(request, 401, ErrorCode.UNAUTHENTICATED,
                                    Message(N_("Sign in or send an API token (Authorization: Bearer).")),
                                    headers={"WWW-Authenticate": 'Bearer realm="ncen"'})
    target = request.rel_url.path_qs if request.method == "GET" else "/"
    response = web.HTTPSeeOther(f"{LOGIN_PATH}?next={quote(target, safe='/')}")
    if cookie:
        clear_session_cookie(response)
    raise response


def _same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return origin is None  # an opaque origin ("null") is never ours
    return urlsplit(origin).netloc.lower() == (request.host or "").lower()


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse state changes from a browser session that lack the session's CSRF token or come from elsewhere."""
    if request.method in SAFE_METHODS:
        return await handler(request)
    session = request.get(SESSION)
    if request.path == LOGIN_PATH:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    elif session is not None:
        expected = session.csrf_token
    else:
        return await handler(request)  # bearer token or public: no ambient credential to abuse
    supplied = request.headers.get(CSRF_HEADER, "")
    if not supplied and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        value = form.get(CSRF_FIELD, "")
        supplied = value if isinstance(value, str) else ""
    if not expected or not _same_origin(request) or not hmac.compare_digest(supplied.encode(), expected.encode()):
        log.warning("refused %s %s: missing or wrong CSRF token", request.method, request.path)
        return await error_response(
            request, 403, ErrorCode.FORBIDDEN,
            Message(N_("This form has expired or did not come from this site. Go back, reload the page "
                       "and try again.")))
    return await handler(request)


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Add headers that keep pages from being framed, sniffed, cached or fed third-party content."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if not request.path.startswith("/static/"):
        # Pages may carry personal data: never keep them in a shared computer's cache.
        headers.setdefault("Cache-Control", "no-store")
