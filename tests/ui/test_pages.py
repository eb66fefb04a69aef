"""The web pages: each renders for those allowed, forms keep what was typed, French throughout."""

from __future__ import annotations

import html
import re

from aiohttp.test_utils import TestClient

from tests.conftest import NodeSetup, csrf_from, login, login_admin, page_csrf


async def test_administrator_pages_render(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    for path, marker in (("/", "Namibia Customs"), ("/admin", "Audit log"), ("/admin/users", "New user"),
                         ("/admin/users/new", "Create user"), ("/admin/users/1", "API tokens"),
                         ("/admin/audit", "Export CSV"), ("/admin/node", "Fingerprint"), ("/account", "Preferences"),
                         ("/account/password", "Current password"), ("/seizures", "No case matches"),
                         ("/forum", "not available")):
        response = await client.get(path)
        assert response.status == 200, path
        text = await response.text()
        assert marker in text, path
        assert "<html lang=\"en\">" in text
    assert (await client.get("/nowhere")).status == 404


async def test_pages_use_only_assets_served_by_the_node(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    page = await (await client.get("/")).text()
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', page):
        assert url.startswith(("/", "#")), f"external asset {url}"
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert (await client.get(url)).status == 200
    response = await client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


async def test_new_user_form_keeps_what_was_typed_and_shows_errors_next_to_fields(
        client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client, "/admin/users/new")
    response = await client.post("/admin/users/new", data={
        "_csrf": csrf, "username": "bad name!", "display_name": "Amina Kahuure", "email": "amina@", "role": "officer",
        "language": "fr"})
    text = await response.text()
    assert response.status == 422
    assert 'value="Amina Kahuure"' in text and 'value="bad name!"' in text
    assert 'id="f-username-error"' in text and 'id="f-email-error"' in text and 'aria-invalid="true"' in text
    ok = await client.post("/admin/users/new", data={"_csrf": csrf, "username": "amina", "role": "officer",
                                                     "language": "fr"})
    assert ok.status == 200 and "one-time password" in (await ok.text())


async def test_pages_in_french_for_a_user_who_chose_french(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    await client.post("/api/v1/users", json={"username": "aminata", "role": "administrator",
                                             "password": "mot-de-passe-long", "language": "fr"},
                      headers={"X-CSRF-Token": csrf})
    client.session.cookie_jar.clear()
    await login(client, "aminata", "mot-de-passe-long")
    home = await (await client.get("/")).text()
    assert '<html lang="fr">' in home
    assert "Saisies" in home and "Se déconnecter" in home and "Bienvenue, aminata." in home
    users = await (await client.get("/admin/users")).text()
    assert "Nouvel utilisateur" in users and "Administrateur" in users
    missing = await client.get("/nowhere")
    assert missing.status == 404 and "Cette page n'existe pas." in html.unescape(await missing.text())
    csrf = csrf_from(users)
    bad = await client.post("/admin/users/new", data={"_csrf": csrf, "username": "x", "role": "officer"})
    assert "Utilisez de 2 à 64 lettres" in html.unescape(await bad.text())


async def test_login_page_follows_the_browser_language_and_the_chosen_one(client: TestClient) -> None:
    french = await client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert "Se connecter" in await french.text()
    english = await client.get("/login", headers={"Accept-Language": "de-DE,en;q=0.8"})
    assert "Sign in" in await english.text()
    chosen = await client.get("/login?lang=fr&next=/admin", headers={"Accept-Language": "en"})
    assert chosen.status == 200 and "Se connecter" in await chosen.text()


async def test_changing_ones_language_applies_at_once(client: TestClient, node_setup: NodeSetup) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    response = await client.post("/account", data={"_csrf": csrf, "language": "fr"})
    assert response.status == 200 and "Vos préférences ont été enregistrées." in await response.text()
    refused = await client.post("/account", data={"_csrf": csrf, "language": "xx"})
    assert refused.status == 422


async def test_unsafe_next_targets_are_ignored(client: TestClient, node_setup: NodeSetup) -> None:
    page = await client.get("/login?next=//evil.example/")
    csrf = csrf_from(await page.text())
    response = await client.post("/login", allow_redirects=False, data={
        "username": "admin", "password": node_setup.admin_password, "_csrf": csrf, "next": "//evil.example/"})
    assert response.headers["Location"] == "/"
