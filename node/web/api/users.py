"""``/api/v1/users`` and ``/api/v1/me``: accounts, passwords and tokens."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from node.web.api.common import BadRequest, actor, field_str, path_int, read_json, services
from protocol.text import N_
from store.tokens import TokenRow
from store.users import UserRow

routes = web.RouteTableDef()


def user_json(user: UserRow) -> dict[str, Any]:
    """Return a user without any secret."""
    return {
        "id": user.id, "username": user.username, "display_name": user.display_name, "email": user.email,
        "role": user.role, "language": user.language, "disabled": user.disabled,
        "must_change_password": user.must_change_password, "created_at": user.created_at,
        "updated_at": user.updated_at, "last_login_at": user.last_login_at,
    }


def token_json(token: TokenRow) -> dict[str, Any]:
    """Return a token's metadata."""
    return {"id": token.id, "label": token.label, "created_at": token.created_at,
            "last_used_at": token.last_used_at, "revoked_at": token.revoked_at}


@routes.get("/me")
async def me(request: web.Request) -> web.Response:
    """Return the authenticated user."""
    who = actor(request)
    if who.user_id is None:
        raise web.HTTPNotFound()
    return web.json_response(user_json(await services(request).users.get_user(who, who.user_id)))


@routes.get("/users")
async def list_users(request: web.Request) -> web.Response:
    """List accounts."""
    users = await services(request).users.list_users(actor(request))
    return web.json_response({"items": [user_json(u) for u in users]})


@routes.post("/users")
async def create_user(request: web.Request) -> web.Response:
    """Create an account; a generated one-time password is returned once."""
    data = await read_json(request)
    created = await services(request).users.create_user(
        actor(request), username=field_str(data, "username", required=True) or "",
        role=field_str(data, "role", required=True) or "", password=field_str(data, "password"),
        display_name=field_str(data, "display_name", default="") or "",
        email=field_str(data, "email", default="") or "",
        language=field_str(data, "language", default="en") or "en")
    body = user_json(created.user)
    if created.password:
        body["one_time_password"] = created.password
    return web.json_response(body, status=201, headers={"Location": f"/api/v1/users/{created.user.id}"})


@routes.get(r"/users/{user_id:\d+}")
async def get_user(request: web.Request) -> web.Response:
    """Return one account."""
    user = await services(request).users.get_user(actor(request), path_int(request, "user_id"))
    return web.json_response(user_json(user))


@routes.patch(r"/users/{user_id:\d+}")
async def update_user(request: web.Request) -> web.Response:
    """Change role, display name, e-mail, language or disabled state."""
    data = await read_json(request)
    who, svc, user_id = actor(request), services(request), path_int(request, "user_id")
    unknown = set(data) - {"role", "display_name", "email", "language", "disabled"}
    if unknown:
        raise BadRequest(N_("Unknown fields: {names}."), names=", ".join(sorted(unknown)))
    if "disabled" in data and not isinstance(data["disabled"], bool):
        raise BadRequest(N_("Field {name} must be true or false."), name="disabled")
    user = await svc.users.update_user(
        who, user_id, role=field_str(data, "role"), display_name=field_str(data, "display_name"),
        email=field_str(data, "email"), language=field_str(data, "language"))
    if "disabled" in data:
        user = await svc.users.set_disabled(who, user_id, data["disabled"])
    return web.json_response(user_json(user))


@routes.post(r"/users/{user_id:\d+}/password")
async def reset_password(request: web.Request) -> web.Response:
    """Set a user's password, or generate a one-time one when none is given."""
    data = await read_json(request)
    generated = await services(request).users.reset_password(actor(request), path_int(request, "user_id"),
                                                             field_str(data, "password"))
    return web.json_response({"one_time_password": generated} if generated else {"ok": True})


@routes.get(r"/users/{user_id:\d+}/tokens")
async def list_tokens(request: web.Request) -> web.Response:
    """List a user's API tokens (metadata only)."""
    tokens = await services(request).auth.list_tokens(actor(request), path_int(request, "user_id"))
    return web.json_response({"items": [token_json(t) for t in tokens]})


@routes.post(r"/users/{user_id:\d+}/tokens")
async def issue_token(request: web.Request) -> web.Response:
    """Issue a new API token; it is shown in this response only."""
    data = await read_json(request)
    token = await services(request).auth.issue_token(actor(request), path_int(request, "user_id"),
                                                     field_str(data, "label", default="") or "")
    return web.json_response({"token": token}, status=201)


@routes.delete(r"/users/{user_id:\d+}/tokens/{token_id:\d+}")
async def revoke_token(request: web.Request) -> web.Response:
    """Revoke one API token."""
    await services(request).auth.revoke_token(actor(request), path_int(request, "user_id"),
                                              path_int(request, "token_id"))
    return web.Response(status=204)
