"""Pictures of a case: uploaded together, sniffed, capped, stripped for sharing, served only to those allowed."""

from __future__ import annotations

import io
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from PIL import Image

from tests.conftest import NodeSetup, login, login_admin, page_csrf
from tests.node.media.pictures import encode, identifying_exif, png_bomb, quadrants


@pytest.fixture(scope="module")
def images() -> dict[str, bytes]:
    """Test pictures, made once and outside the event loop (making them is slow on purpose for some)."""
    return {"photo": encode(quadrants(640, 480), "JPEG", exif=identifying_exif()), "png": encode(quadrants(), "PNG"),
            "drawing": encode(quadrants(300, 200), "PNG"), "gif": encode(quadrants(), "GIF"),
            "bomb": png_bomb(30_000, 30_000)}


def form(*files: tuple[str, bytes, str], caption: str = "") -> FormData:
    data = FormData()
    for name, content, media in files:
        data.add_field("pictures", io.BytesIO(content), filename=name, content_type=media)
    if caption:
        data.add_field("caption", caption)
    return data


async def new_case(client: TestClient, auth: dict[str, str], case_data: dict[str, Any]) -> str:
    response = await client.post("/api/v1/seizures", json=case_data, headers=auth)
    return (await response.json())["id"]


async def test_pictures_uploaded_together_become_one_revision(client: TestClient, admin_auth: dict[str, str],
                                                             case_data: dict[str, Any],
                                                             images: dict[str, bytes]) -> None:
    case_id = await new_case(client, admin_auth, case_data)
    photo, drawing = images["photo"], images["drawing"]
    response = await client.post(f"/api/v1/seizures/{case_id}/pictures", headers=admin_auth,
                                 data=form(("scan.jpg", photo, "image/jpeg"), ("sketch.png", drawing, "image/png"),
                                           caption="false wall"))
    assert response.status == 201, await response.text()
    result = await response.json()
    assert result["added"] == 2 and result["case"]["revision"] == 2
    pictures = result["case"]["pictures"]
    assert [p["media_type"] for p in pictures] == ["image/jpeg", "image/png"]
    assert {p["caption"] for p in pictures} == {"false wall"}

    url = f"/api/v1/seizures/{case_id}/pictures/{pictures[0]['sha256']}"
    shared = await (await client.get(url, headers=admin_auth)).read()
    original = await (await client.get(url, params={"variant": "original"}, headers=admin_auth)).read()
    thumb = await (await client.get(url, params={"variant": "thumb"}, headers=admin_auth)).read()
    assert original == photo
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the original keeps its GPS data
    assert not Image.open(io.BytesIO(shared)).getexif()  # the copy that may be shared keeps nothing
    assert b"Exif" not in shared
    assert max(Image.open(io.BytesIO(thumb)).size) <= 320
    viewed = await (await client.get("/api/v1/audit", params={"action": "seizure.pictures.view"},
                                     headers=admin_auth)).json()  # full-size views, not the page's thumbnails
    assert sorted(e["detail"] for e in viewed["items"]) == [f"original {pictures[0]['sha256']}",
                                                            f"shared {pictures[0]['sha256']}"]
    history = (await (await client.get(f"/api/v1/seizures/{case_id}/history", headers=admin_auth)).json())["items"]
    assert "pictures.0.sha256" in history[0]["changes"]


async def test_a_bad_file_refuses_the_whole_upload_naming_it(client: TestClient, admin_auth: dict[str, str],
                                                            case_data: dict[str, Any],
                                                            images: dict[str, bytes]) -> None:
    case_id = await new_case(client, admin_auth, case_data)
    good, gif = images["png"], images["gif"]
    cases = [
        (("notes.jpg", b"these are not pixels, just text renamed", "image/jpeg"), 415, "notes.jpg: This file is not"),
        (("anim.png", gif, "image/png"), 415, "found: GIF"),
        (("bomb.png", images["bomb"], "image/png"), 413, "too many pixels"),
    ]
    for bad, status, message in cases:
        response = await client.post(f"/api/v1/seizures/{case_id}/pictures", headers=admin_auth,
                                     data=form(("fine.png", good, "image/png"), bad))
        body = await response.json()
        assert response.status in (status, 422), body
        assert message in body["error"]["message"]
    case = await (await client.get(f"/api/v1/seizures/{case_id}", headers=admin_auth)).json()
    assert case["pictures"] == [] and case["revision"] == 1


async def test_the_upload_size_cap(client: TestClient, admin_auth: dict[str, str], case_data: dict[str, Any],
                                   node_setup: NodeSetup) -> None:
    case_id = await new_case(client, admin_auth, case_data)
    too_big = b"\xff\xd8\xff" + b"\x00" * (node_setup.config.max_upload_bytes + 10)
    response = await client.post(f"/api/v1/seizures/{case_id}/pictures", headers=admin_auth,
                                 data=form(("huge.jpg", too_big, "image/jpeg")))
    assert response.status == 413
    assert "huge.jpg: this file is larger than 20 MB" in (await response.json())["error"]["message"]


async def test_pictures_are_served_only_to_users_allowed_to_see_them(
        client: TestClient, node_setup: NodeSetup, case_data: dict[str, Any], images: dict[str, bytes]) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    headers = {"X-CSRF-Token": csrf}
    first = await new_case(client, headers, case_data)
    other = await new_case(client, headers, {**case_data, "reference": "OTHER-1"})
    added = await client.post(f"/api/v1/seizures/{first}/pictures", headers=headers,
                              data=form(("a.png", images["png"], "image/png")))
    sha = (await added.json())["case"]["pictures"][0]["sha256"]
    assert (await client.get(f"/seizures/{first}/pictures/{sha}/thumb")).status == 200
    assert (await client.get(f"/seizures/{other}/pictures/{sha}")).status == 404  # not a picture of that case
    await client.post("/api/v1/users", json={"username": "ro", "role": "readonly", "password": "a-long-password-1"},
                      headers=headers)
    client.session.cookie_jar.clear()
    assert (await client.get(f"/seizures/{first}/pictures/{sha}", allow_redirects=False)).status == 303
    await login(client, "ro", "a-long-password-1")
    assert (await client.get(f"/seizures/{first}/pictures/{sha}")).status == 403
    assert (await client.get(f"/api/v1/seizures/{first}/pictures/{sha}")).status == 403


async def test_the_gallery_on_the_case_page(client: TestClient, node_setup: NodeSetup,
                                            case_data: dict[str, Any], images: dict[str, bytes]) -> None:
    await login_admin(client, node_setup)
    csrf = await page_csrf(client)
    case_id = await new_case(client, {"X-CSRF-Token": csrf}, case_data)
    data = form(("x.png", images["png"], "image/png"), caption="behind the front wall")
    data.add_field("_csrf", csrf)
    uploaded = await client.post(f"/seizures/{case_id}/pictures", data=data, allow_redirects=False)
    assert uploaded.status == 303
    page = await (await client.get(f"/seizures/{case_id}")).text()
    assert "behind the front wall" in page and f"/seizures/{case_id}/pictures/" in page
