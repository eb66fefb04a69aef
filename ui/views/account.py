"""The signed-in user's own account: password, language, API tokens."""

from __future__ import annotations

from aiohttp import web

from node.appkeys import ACTOR, SERVICES, SESSION
from node.errors import ServiceError
from node.languages import LANGUAGES
from node.services.users import UserRow
from node.web.security import PASSWORD_PATH, client_ip, set_session_cookie
from ui.render import form_errors, render, see_other, translator
from ui.views.forms import form_data

routes = web.RouteTableDef()


@routes.get(PASSWORD_PATH)
async def password_form(request: web.Request) -> web.Response:
    """Show the change-password form (forced after a one-time password)."""
    return await render(request, "account/password.html", {"errors": {}, "error": "",
                                                           "forced": request[SESSION].must_change_password})


@routes.post(PASSWORD_PATH)
async def change_password(request: web.Request) -> web.StreamResponse:
    """Change the password, then start a fresh session (all others end)."""
    form = await form_data(request)
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    try:
        await services.users.change_own_password(actor, form.get("current_password", ""),
                                                 form.get("new_password", ""), form.get("confirm_password", ""))
    except ServiceError as exc:
        errors, error = form_errors(exc, translator(request))
        return await render(request, "account/password.html",
                            {"errors": errors, "error": error, "forced": request[SESSION].must_change_password},
                            status=422)
    user = await services.users.get_user(actor, actor.user_id or 0)
    session = await services.auth.start_session(user, client_ip(request))
    response = see_other("/", flash_key="password_changed")
    set_session_cookie(request, response, session.token)
    raise response


async def _account_page(request: web.Request, user: UserRow, *, new_token: str = "",
                        status: int = 200) -> web.Response:
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    tokens = await services.auth.list_tokens(actor, user.id)
    return await render(request, "account/index.html", {
        "user": user, "languages": LANGUAGES, "tokens": tokens, "new_token": new_token}, status=status)


@routes.get("/account")
async def account(request: web.Request) -> web.Response:
    """Show the user's preferences and API tokens."""
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    return await _account_page(request, await services.users.get_user(actor, actor.user_id or 0))


@routes.post("/account")
async def save_preferences(request: web.Request) -> web.StreamResponse:
    """Save the interface language."""
    form = await form_data(request)
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    await services.users.set_own_language(actor, form.get("language", ""))
    raise see_other("/account", flash_key="preferences_saved")


@routes.post("/account/tokens")
async def create_token(request: web.Request) -> web.Response:
    """Issue an API token for oneself and show it once."""
    form = await form_data(request)
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    token = await services.auth.issue_token(actor, actor.user_id or 0, form.get("label", ""))
    return await _account_page(request, await services.users.get_user(actor, actor.user_id or 0), new_token=token)


@routes.post(r"/account/tokens/{token_id:\d+}/revoke")
async def revoke_token(request: web.Request) -> web.StreamResponse:
    """Revoke one of one's own tokens."""
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    await services.auth.revoke_token(actor, actor.user_id or 0, int(request.match_info["token_id"]))
    raise see_other("/account", flash_key="token_revoked")
