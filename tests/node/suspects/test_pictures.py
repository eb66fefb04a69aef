"""Photos and scanned documents of persons and entities: the case pictures' upload rules, the day they were taken,
who may see them, and the audit of each full-size view."""

from __future__ import annotations

import io
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from PIL import Image

from tests.node.media.pictures import encode, identifying_exif, png_bomb, quadrants
from tests.node.suspects.conftest import post


@pytest.fixture(scope="module")
def photo() -> bytes:
    return encode(quadrants(640, 480), "JPEG", exif=identifying_exif())


def form(*files: tuple[str, bytes, str], **fields: str) -> FormData:
    data = FormData()
    for name, content, media in files:
        data.add_field("pictures", io.BytesIO(content), filename=name, content_type=media)
    for name, value in fields.items():
        data.add_field(name, value)
    return data


async def audit(client: TestClient, auth: dict[str, str], action: str) -> list[dict[str, Any]]:
    found = await (await client.get("/api/v1/audit", params={"action": action}, headers=auth)).json()
    return list(found["items"])


async def test_a_dated_photo_joins_the_gallery_and_the_record_stays_valid_to_share_and_edit(
        client: TestClient, admin_auth: dict[str, str], person_data: dict[str, Any], photo: bytes) -> None:
    person = await post(client, admin_auth, "persons", person_data)
    url = f"/api/v1/persons/{person['id']}"
    added = await client.post(f"{url}/pictures", headers=admin_auth,
                              data=form(("arrest.jpg", photo, "image/jpeg"), caption="At the arrest",
                                        taken_on="20250301", kind="photo"))
    assert added.status == 201, await added.text()
    record = (await added.json())["record"]
    [picture] = record["pictures"]
    assert (picture["caption"], picture["taken_on"], picture["kind"]) == ("At the arrest", "2025-03-01", "photo")
    assert record["revision"] == 2

    # The record as stored is valid: the share preview shows it, and sending it back unchanged is accepted.
    shares = await client.get(f"{url}/share", headers=admin_auth)
    assert shares.status == 200, await shares.text()
    assert (await shares.json())["preview"]["pictures"][0]["taken_on"] == "2025-03-01"
    body = {k: v for k, v in record.items() if k not in ("id", "revision", "created_at", "created_by",
                                                         "updated_at", "updated_by", "origin")}
    again = await client.put(url, json=body, headers={**admin_auth, "If-Match": '"2"'})
    assert again.status == 200, await again.text()

    shared = await (await client.get(f"{url}/pictures/{picture['sha256']}", headers=admin_auth)).read()
    original = await client.get(f"{url}/pictures/{picture['sha256']}", params={"variant": "original"},
                                headers=admin_auth)
    assert await original.read() == photo
    assert not Image.open(io.BytesIO(shared)).getexif()  # the copy that may be shared keeps no EXIF or GPS


@pytest.mark.parametrize(("taken_on", "message"), [("2025-02-30", "Enter a date as YYYY-MM-DD"),
                                                   ("yesterday", "Enter a date as YYYY-MM-DD"),
                                                   ("2999-01-01", "The date is in the future.")])
async def test_a_bad_day_refuses_the_upload_and_changes_nothing(
        client: TestClient, admin_auth: dict[str, str], person_data: dict[str, Any], photo: bytes, taken_on: str,
        message: str) -> None:
    person = await post(client, admin_auth, "persons", person_data)
    url = f"/api/v1/persons/{person['id']}"
    refused = await client.post(f"{url}/pictures", headers=admin_auth,
                                data=form(("a.jpg", photo, "image/jpeg"), taken_on=taken_on))
    assert refused.status == 422
    assert message in (await refused.json())["error"]["message"]
    record = await (await client.get(url, headers=admin_auth)).json()
    assert record["pictures"] == [] and record["revision"] == 1


@pytest.mark.parametrize(("upload", "message"), [
    (("passport.jpg", b"a text file renamed", "image/jpeg"), "passport.jpg: This file is not"),
    (("bomb.png", png_bomb(30_000, 30_000), "image/png"), "bomb.png: This picture has too many pixels"),
])
async def test_entity_documents_follow_the_case_picture_rules(
        client: TestClient, admin_auth: dict[str, str], entity_data: dict[str, Any], photo: bytes,
        upload: tuple[str, bytes, str], message: str) -> None:
    entity = await post(client, admin_auth, "entities", entity_data)
    url = f"/api/v1/entities/{entity['id']}"
    refused = await client.post(f"{url}/pictures", headers=admin_auth,
                                data=form(("fine.jpg", photo, "image/jpeg"), upload, kind="document"))
    assert refused.status == 422  # each bad file named, with its problem
    assert message in (await refused.json())["error"]["message"]
    assert (await (await client.get(url, headers=admin_auth)).json())["pictures"] == []


async def test_full_size_views_are_audited_and_only_allowed_roles_see_pictures(
        client: TestClient, role_auth: dict[str, dict[str, str]], person_data: dict[str, Any], photo: bytes) -> None:
    admin = role_auth["administrator"]
    person = await post(client, admin, "persons", person_data)
    url = f"/api/v1/persons/{person['id']}"
    added = await client.post(f"{url}/pictures", headers=admin, data=form(("a.jpg", photo, "image/jpeg")))
    sha = (await added.json())["record"]["pictures"][0]["sha256"]
    picture = f"{url}/pictures/{sha}"

    thumb = await client.get(picture, params={"variant": "thumb"}, headers=role_auth["analyst"])
    assert thumb.status == 200 and thumb.headers["Cache-Control"] == "private, max-age=3600"
    assert await audit(client, admin, "person.pictures.view") == []  # thumbnails show on the audited page
    full = await client.get(picture, headers=role_auth["analyst"])
    assert full.status == 200 and full.headers["Cache-Control"] == "no-store"  # each opening asks, and is audited
    assert (await client.get(picture, params={"variant": "original"}, headers=role_auth["investigator"])).status \
        == 200
    viewed = await audit(client, admin, "person.pictures.view")
    assert sorted((e["username"], e["object_id"], e["detail"]) for e in viewed) == [
        ("analyst", person["id"], f"shared {sha}"), ("investigator", person["id"], f"original {sha}")]

    for variant in ("thumb", "shared", "original"):
        refused = await client.get(picture, params={"variant": variant}, headers=role_auth["readonly"])
        assert refused.status == 403
    assert len(await audit(client, admin, "person.pictures.view")) == 2
