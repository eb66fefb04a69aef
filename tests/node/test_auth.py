"""Signing in and out, the sign-in throttle, sessions, CSRF, API tokens and roles — over real HTTP."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.conftest import FakeClock, NodeSetup, api_token, csrf_from, login, login_admin, page_csrf


async def create_user(client: TestClient, role: str, username: str, password: str = "a-good-long-password") -> int:
    csrf = await page_csrf(client)
    response = await client.post("/api/v1/users", json={"username": username, "role": role, "password": password},
                                 headers={"X-CSRF-Token": csrf})
    assert response.status == 201, await response.text()
    return (await response.json())["id"]


async def test_every_page_and_api_route_needs_a_signed_in_user(client: TestClient) -> None:
    for path in ("/", "/admin/users", "/admin/audit", "/account", "/seizures"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"].startswith("/login?next=")
    for path in ("/api/v1/me", "/api/v1/users", "/api/v1/audit", "/api/v1/openapi.json", "/api/v1/node"):
        response = await client.get(path)
        assert response.status == 401
        assert (await response.json())["error"]["code"] == "unauthenticated"
    assert (await client.get("/healthz")).status == 200
    assert (await client.get("/login")).status == 200


async def test_sign_in_and_out(client: TestClient, node_setup: NodeSetup) -> None:
    response = await login(client, "admin", node_setup.admin_password)
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.cookies["ncen_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    home = await client.get("/")
    assert home.status == 200 and "Namibia Customs" in await home.text()
    csrf = csrf_from(await home.text())
    out = await client.post("/logout", data={"_csrf": csrf}, allow_redirects=False)
    assert out.status == 303 and out.headers["Location"] == "/login"
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_wrong_password_gives_one_message_whatever_went_wrong(client: TestClient,
                                                                     node_setup: NodeSetup) -> None:
    wrong = await login(client, "admin", "not-the-password")
    unknown = await login(client, "nobody", "whatever-password")
    assert wrong.status == unknown.status == 401
    assert "The user name or password is not correct." in await wrong.text()
    assert "The user name or password is not correct." in await unknown.text()
    assert 'value="nobody"' in await unknown.text()  # what the user typed is kept


async def test_repeated_failures_lock_the_account_until_the_window_passes(
        client: TestClient, node_setup: NodeSetup, clock: FakeClock) -> None:
    for _ in range(5):
        assert (await login(client, "admin", "guess-guess-guess")).status == 401
    locked = await login(client, "admin", node_setup.admin_password)
    assert locked.status == 429
    assert "Too many failed sign-in attempts" in await locked.text()
    clock.advance(15 * 60 + 1)
    assert (await login(client, "admin", node_setup.admin_password)).status == 303
    audit = await (await client.get("/api/v1/audit", params={"action": "login."})).json()
    actions = [e["action"] for e in audit["items"]]
    assert actions.count("login.failure") == 5 and "login.throttled" in actions and "login.success" in actions


async def test_sessions_expire_after_idle_time(client: TestClient, node_setup: NodeSetup, clock: FakeClock) -> None:
    await login_admin(client, node_setup)
    assert (await client.get("/", allow_redirects=False)).status == 200
    clock.advance(8 * 3600 + 60)
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_state_changes_without_the_csrf_token_are_refused(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    no_token = await client.post("/admin/users/new", data={"username": "eve", "role": "administrator"})
    assert no_token.status == 403 and "This form has expired" in await no_token.text()
    wrong = await client.post("/admin/users/new", data={"username": "eve", "role": "administrator",
                                                        "_csrf": "forged"})
    assert wrong.status == 403
    other_site = await client.post("/admin/users/new", data={"username": "eve", "role": "administrator",
                                                             "_csrf": csrf},
                                   headers={"Origin": "https://evil.example"})
    assert other_site.status == 403
    api = await client.post("/api/v1/users", json={"username": "eve", "role": "administrator"})
    assert api.status == 403
    users = await (await client.get("/api/v1/users")).json()
    assert [u["username"] for u in users["items"]] == ["admin"]
    login_without_cookie = await client.post("/login", data={"username": "admin", "password": "x", "_csrf": "y"})
    assert login_without_cookie.status == 403


async def test_api_tokens_authenticate_api_calls_only(client: TestClient, node_setup: NodeSetup) -> None:
    token = await api_token(client, node_setup)
    client.session.cookie_jar.clear()
    auth = {"Authorization": f"Bearer {token}"}
    me = await client.get("/api/v1/me", headers=auth)
    assert me.status == 200 and (await me.json())["username"] == "admin"
    created = await client.post("/api/v1/users", json={"username": "bot", "role": "readonly"}, headers=auth)
    assert created.status == 201 and "one_time_password" in await created.json()
    page = await client.get("/admin/users", headers=auth, allow_redirects=False)
    assert page.status == 401  # a token is for programs, not for the web pages
    bad = await client.get("/api/v1/me", headers={"Authorization": "Bearer ncen_forged"})
    assert bad.status == 401 and bad.headers["WWW-Authenticate"].startswith("Bearer")


async def test_revoked_tokens_and_disabled_users_are_refused(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    user_id = await create_user(client, "analyst", "jean")
    csrf = await page_csrf(client)
    token = (await (await client.post(f"/api/v1/users/{user_id}/tokens", json={},
                                      headers={"X-CSRF-Token": csrf})).json())["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/me", headers=auth)).status == 200
    tokens = await (await client.get(f"/api/v1/users/{user_id}/tokens")).json()
    token_id = tokens["items"][0]["id"]
    revoked = await client.delete(f"/api/v1/users/{user_id}/tokens/{token_id}", headers={"X-CSRF-Token": csrf})
    assert revoked.status == 204
    assert (await client.get("/api/v1/me", headers=auth)).status == 401

    second = (await (await client.post(f"/api/v1/users/{user_id}/tokens", json={},
                                       headers={"X-CSRF-Token": csrf})).json())["token"]
    await client.patch(f"/api/v1/users/{user_id}", json={"disabled": True}, headers={"X-CSRF-Token": csrf})
    assert (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"})).status == 401


async def test_an_officer_cannot_open_user_administration(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    await create_user(client, "officer", "amina")
    client.session.cookie_jar.clear()
    assert (await login(client, "amina", "a-good-long-password")).status == 303
    for path in ("/admin/users", "/admin/audit", "/admin/node", "/admin"):
        response = await client.get(path)
        assert response.status == 403, path
        assert "You are not allowed" in await response.text() or "Your role does not allow" in await response.text()
    assert (await client.get("/api/v1/users")).status == 403
    assert (await client.get("/api/v1/audit")).status == 403
    csrf = await page_csrf(client)
    escalate = await client.patch("/api/v1/users/2", json={"role": "administrator"}, headers={"X-CSRF-Token": csrf})
    assert escalate.status == 403
    me = await (await client.get("/api/v1/me")).json()
    assert me["role"] == "officer"
    home = await (await client.get("/")).text()
    assert 'href="/admin"' not in home and 'href="/seizures"' in home


async def test_a_one_time_password_must_be_changed_first(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    created = await client.post("/api/v1/users", json={"username": "lina", "role": "investigator"},
                                headers={"X-CSRF-Token": csrf})
    one_time = (await created.json())["one_time_password"]
    client.session.cookie_jar.clear()
    response = await login(client, "lina", one_time)
    assert response.headers["Location"] == "/account/password"
    assert (await client.get("/", allow_redirects=False)).headers["Location"] == "/account/password"
    page = await client.get("/account/password")
    csrf = csrf_from(await page.text())
    short = await client.post("/account/password", data={"_csrf": csrf, "current_password": one_time,
                                                         "new_password": "short", "confirm_password": "short"})
    assert short.status == 422 and "Use at least 10 characters." in await short.text()
    done = await client.post("/account/password", allow_redirects=False, data={
        "_csrf": csrf, "current_password": one_time, "new_password": "lina-new-password",
        "confirm_password": "lina-new-password"})
    assert done.status == 303
    assert (await client.get("/", allow_redirects=False)).status == 200
    client.session.cookie_jar.clear()
    assert (await login(client, "lina", one_time)).status == 401
    assert (await login(client, "lina", "lina-new-password")).status == 303
