"""Administration: users, the audit log, node identity and settings."""

from __future__ import annotations

from aiohttp import web

from node.appkeys import ACTOR, CONFIG, SERVICES
from node.config import describe
from node.errors import ServiceError
from node.languages import LANGUAGES
from node.services.permissions import Permission, Role
from node.web.api.audit import audit_filter, stream_csv
from protocol.text import N_
from ui.render import form_errors, render, see_other, translator
from ui.views.forms import form_data

routes = web.RouteTableDef()

ROLE_LABELS = {
    Role.ADMINISTRATOR: N_("Administrator"), Role.ANALYST: N_("Analyst"), Role.INVESTIGATOR: N_("Investigator"),
    Role.OFFICER: N_("Officer"), Role.READONLY: N_("Read-only"),
}
AUDIT_PAGE = 50


def _user_id(request: web.Request) -> int:
    return int(request.match_info["user_id"])


@routes.get("/admin")
async def index(request: web.Request) -> web.Response:
    """Show the administration entry points."""
    request[ACTOR].require(Permission.MANAGE_USERS)
    return await render(request, "admin/index.html", {})


@routes.get("/admin/users")
async def users(request: web.Request) -> web.Response:
    """List accounts."""
    accounts = await request.config_dict[SERVICES].users.list_users(request[ACTOR])
    return await render(request, "admin/users.html", {"users": accounts, "role_labels": ROLE_LABELS})


def _new_user_page_values(values: dict[str, str], errors: dict[str, str], error: str) -> dict[str, object]:
    return {"values": values, "errors": errors, "error": error, "role_labels": ROLE_LABELS, "languages": LANGUAGES}


@routes.get("/admin/users/new")
async def new_user_form(request: web.Request) -> web.Response:
    """Show the new-user form."""
    request[ACTOR].require(Permission.MANAGE_USERS)
    values = {"role": Role.OFFICER, "language": request.config_dict[CONFIG].language}
    return await render(request, "admin/user_new.html", _new_user_page_values(values, {}, ""))


@routes.post("/admin/users/new")
async def create_user(request: web.Request) -> web.Response:
    """Create the account and show its one-time password once."""
    form = await form_data(request)
    try:
        created = await request.config_dict[SERVICES].users.create_user(
            request[ACTOR], username=form.get("username", ""), role=form.get("role", ""),
            display_name=form.get("display_name", ""), email=form.get("email", ""),
            language=form.get("language", "en"))
    except ServiceError as exc:
        errors, error = form_errors(exc, translator(request))
        return await render(request, "admin/user_new.html", _new_user_page_values(form, errors, error), status=422)
    return await render(request, "admin/user_created.html", {"user": created.user, "password": created.password})


async def _user_page(request: web.Request, *, errors: dict[str, str] | None = None, error: str = "",
                     values: dict[str, str] | None = None, secret: str = "", secret_kind: str = "",
                     status: int = 200) -> web.Response:
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    user = await services.users.get_user(actor, _user_id(request))
    actor.require(Permission.MANAGE_USERS)
    tokens = await services.auth.list_tokens(actor, user.id)
    shown = values or {"role": user.role, "display_name": user.display_name, "email": user.email,
                       "language": user.language}
    return await render(request, "admin/user_edit.html", {
        "user": user, "values": shown, "errors": errors or {}, "error": error, "tokens": tokens,
        "role_labels": ROLE_LABELS, "languages": LANGUAGES, "secret": secret, "secret_kind": secret_kind,
    }, status=status)


@routes.get(r"/admin/users/{user_id:\d+}")
async def edit_user_form(request: web.Request) -> web.Response:
    """Show one account with its actions."""
    return await _user_page(request)


@routes.post(r"/admin/users/{user_id:\d+}")
async def save_user(request: web.Request) -> web.StreamResponse:
    """Save role, names, e-mail and language."""
    form = await form_data(request)
    try:
        await request.config_dict[SERVICES].users.update_user(
            request[ACTOR], _user_id(request), role=form.get("role", ""), display_name=form.get("display_name", ""),
            email=form.get("email", ""), language=form.get("language", ""))
    except ServiceError as exc:
        errors, error = form_errors(exc, translator(request))
        return await _user_page(request, errors=errors, error=error, values=form, status=422)
    raise see_other(f"/admin/users/{_user_id(request)}", flash_key="user_saved")


@routes.post(r"/admin/users/{user_id:\d+}/disable")
async def disable_user(request: web.Request) -> web.StreamResponse:
    """Disable an account."""
    await request.config_dict[SERVICES].users.set_disabled(request[ACTOR], _user_id(request), True)
    raise see_other(f"/admin/users/{_user_id(request)}", flash_key="user_disabled")


@routes.post(r"/admin/users/{user_id:\d+}/enable")
async def enable_user(request: web.Request) -> web.StreamResponse:
    """Enable an account again."""
    await request.config_dict[SERVICES].users.set_disabled(request[ACTOR], _user_id(request), False)
    raise see_other(f"/admin/users/{_user_id(request)}", flash_key="user_enabled")


@routes.post(r"/admin/users/{user_id:\d+}/password")
async def reset_password(request: web.Request) -> web.Response:
    """Generate a one-time password and show it once."""
    password = await request.config_dict[SERVICES].users.reset_password(request[ACTOR], _user_id(request))
    return await _user_page(request, secret=password or "", secret_kind="password")  # noqa: S106 - names what is shown


@routes.post(r"/admin/users/{user_id:\d+}/tokens")
async def issue_token(request: web.Request) -> web.Response:
    """Issue an API token for the user and show it once."""
    form = await form_data(request)
    token = await request.config_dict[SERVICES].auth.issue_token(request[ACTOR], _user_id(request),
                                                                 form.get("label", ""))
    return await _user_page(request, secret=token, secret_kind="token")  # noqa: S106


@routes.post(r"/admin/users/{user_id:\d+}/tokens/{token_id:\d+}/revoke")
async def revoke_token(request: web.Request) -> web.StreamResponse:
    """Revoke one of the user's tokens."""
    await request.config_dict[SERVICES].auth.revoke_token(request[ACTOR], _user_id(request),
                                                          int(request.match_info["token_id"]))
    raise see_other(f"/admin/users/{_user_id(request)}", flash_key="token_revoked")


@routes.get("/admin/audit")
async def audit(request: web.Request) -> web.Response:
    """Search the audit log."""
    criteria = audit_filter(request.query)
    try:
        page_number = max(1, int(request.query.get("page", "1")))
    except ValueError:
        page_number = 1
    page = await request.config_dict[SERVICES].audit.search(request[ACTOR], criteria, limit=AUDIT_PAGE,
                                                            offset=(page_number - 1) * AUDIT_PAGE)
    query = {k: v for k, v in request.query.items() if k != "page" and v}
    return await render(request, "admin/audit.html", {
        "page": page, "page_number": page_number, "pages": max(1, -(-page.total // AUDIT_PAGE)),
        "filters": {k: request.query.get(k, "") for k in ("user", "action", "object_type", "object_id", "since",
                                                          "until")},
        "query": query,
    })


@routes.get("/admin/audit.csv")
async def audit_csv(request: web.Request) -> web.StreamResponse:
    """Export the filtered audit log as CSV."""
    return await stream_csv(request, audit_filter(request.query))


async def _node_page(request: web.Request, *, values: dict[str, str] | None = None,
                     errors: dict[str, str] | None = None, error: str = "", status: int = 200) -> web.Response:
    services, actor = request.config_dict[SERVICES], request[ACTOR]
    actor.require(Permission.MANAGE_NODE)
    identity = services.identity.identity
    card = services.identity.card().to_json() if identity.country else None
    tr = translator(request)
    return await render(request, "admin/node.html", {
        "values": values or {"name": identity.name, "country": identity.country},
        "errors": errors or {}, "error": error, "identity": identity, "fingerprint": services.identity.fingerprint,
        "public_key": services.identity.key.public.hex, "node_url": services.identity.url, "card": card,
        "settings": describe(request.config_dict[CONFIG]), "countries": tr.countries(),
    }, status=status)


@routes.get("/admin/node")
async def node_settings(request: web.Request) -> web.Response:
    """Show the node's identity, card and effective settings."""
    return await _node_page(request)


@routes.post("/admin/node")
async def save_node(request: web.Request) -> web.StreamResponse:
    """Change the administration's name and country."""
    form = await form_data(request)
    try:
        await request.config_dict[SERVICES].identity.update(request[ACTOR], name=form.get("name", ""),
                                                            country=form.get("country", ""))
    except ServiceError as exc:
        errors, error = form_errors(exc, translator(request))
        return await _node_page(request, values=form, errors=errors, error=error, status=422)
    raise see_other("/admin/node", flash_key="node_saved")


@routes.get("/admin/node/card.json")
async def download_card(request: web.Request) -> web.Response:
    """Download the node card as a file."""
    request[ACTOR].require(Permission.MANAGE_NODE)
    card = request.config_dict[SERVICES].identity.card()
    return web.json_response(card.to_json(), headers={
        "Content-Disposition": f'attachment; filename="ncen-card-{card.country.lower()}.json"'})
