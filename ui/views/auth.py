"""Sign in and sign out."""

from __future__ import annotations

from aiohttp import web

from node.appkeys import ACTOR, SERVICES, SESSION_TOKEN
from node.errors import RateLimited, ServiceError
from node.web.security import (
    LOGIN_PATH,
    PASSWORD_PATH,
    clear_session_cookie,
    client_ip,
    login_csrf_token,
    set_login_csrf_cookie,
    set_session_cookie,
)
from ui.render import LANGUAGE_COOKIE, render, see_other, translator
from ui.views.forms import form_data, safe_next

routes = web.RouteTableDef()


@routes.get(LOGIN_PATH)
async def login_form(request: web.Request) -> web.StreamResponse:
    """Show the sign-in form (or go home when already signed in)."""
    if ACTOR in request:
        raise web.HTTPSeeOther("/")
    language = request.query.get("lang")
    if language in ("en", "fr"):
        response = see_other(f"{LOGIN_PATH}?next={request.query.get('next', '/')}")
        response.set_cookie(LANGUAGE_COOKIE, language, samesite="Lax", path="/", max_age=365 * 24 * 3600)
        raise response
    return await _login_page(request, username="", error="", next_path=safe_next(request.query.get("next")))


async def _login_page(request: web.Request, *, username: str, error: str, next_path: str,
                      status: int = 200) -> web.Response:
    token, is_new = login_csrf_token(request)
    response = await render(request, "login.html", {"username": username, "error": error, "next": next_path,
                                                    "login_csrf": token}, status=status)
    if is_new:
        set_login_csrf_cookie(request, response, token)
    return response


@routes.post(LOGIN_PATH)
async def login(request: web.Request) -> web.StreamResponse:
    """Check credentials, start a session, and go where the user was heading."""
    form = await form_data(request)
    username, next_path = form.get("username", ""), safe_next(form.get("next"))
    services = request.config_dict[SERVICES]
    try:
        session = await services.auth.login(username, form.get("password", ""), client_ip(request))
    except ServiceError as exc:
        status = 429 if isinstance(exc, RateLimited) else 401
        return await _login_page(request, username=username, error=exc.message.render(translator(request).gettext),
                                 next_path=next_path, status=status)
    target = PASSWORD_PATH if session.user.must_change_password else next_path
    response = see_other(target)
    set_session_cookie(request, response, session.token)
    raise response


@routes.post("/logout")
async def logout(request: web.Request) -> web.StreamResponse:
    """End the session."""
    services = request.config_dict[SERVICES]
    await services.auth.logout(request[SESSION_TOKEN], request[ACTOR])
    response = see_other(LOGIN_PATH, flash_key="signed_out")
    clear_session_cookie(response)
    raise response
