"""Sync message shapes: hello and negotiation, cursors that never rewind silently, pages, notify, ranges, errors."""

from __future__ import annotations

import os

import pytest

from crypto import SigningKey
from protocol.attachments import attachment_path, content_range, parse_range, parse_sha256
from protocol.card import NodeCard
from protocol.codec import encode
from protocol.errors import ErrorCode
from protocol.limits import MAX_ATTACHMENT_CHUNK, MAX_PAGE_RECORDS, MAX_RECORD_BYTES
from protocol.reasons import ProtocolError, Reason
from protocol.roles import NodeRole
from protocol.sync import (
    PATH_FEED,
    Cursor,
    ErrorBody,
    FeedPage,
    FeedRequest,
    Hello,
    HelloReply,
    Notify,
    check_cursor,
    check_page,
    negotiate,
)

EPOCH = bytes(range(16))


def card(key: SigningKey, tls: str | None = None) -> NodeCard:
    return NodeCard(name="Namibia Customs", country="NA", role=NodeRole.NATIONAL, url="https://ncen.example.na",
                    public_key=key.public, tls_sha256=tls)


def test_negotiation_picks_the_highest_common_version() -> None:
    assert negotiate([1], [1]) == 1
    assert negotiate([1, 2, 3], [2, 3, 4]) == 3
    with pytest.raises(ProtocolError) as info:
        negotiate([1], [2, 3])
    assert info.value.reason is Reason.NO_COMMON_VERSION
    assert "[1]" in info.value.detail
    assert "[2, 3]" in info.value.detail


def test_hello_round_trip() -> None:
    key = SigningKey.generate()
    hello = Hello(versions=(1,), card=card(key, "ab" * 32), time="2026-03-01T09:00:00.000000Z")
    assert Hello.from_bytes(hello.to_bytes()) == hello
    reply = HelloReply(version=1, versions=(1,), card=card(SigningKey.generate()), time="2026-03-01T09:00:01.000000Z",
                       head=Cursor(EPOCH, 42), seen_seq=17)
    assert HelloReply.from_bytes(reply.to_bytes()) == reply


def test_hello_from_a_newer_peer_is_understood() -> None:
    key = SigningKey.generate()
    body = {"card": {"country": "KE", "name": "Kenya Revenue Authority", "public_key": key.public.raw,
                     "role": "national", "tls_sha256": None, "url": "https://ncen.example.ke"},
            "time": "2026-03-01T09:00:00.000000Z", "versions": [1, 2, 7], "zstd": True}
    hello = Hello.from_bytes(encode(body))
    assert negotiate((1,), hello.versions) == 1


@pytest.mark.parametrize("change", [
    {"versions": []}, {"versions": [0]}, {"versions": "1"}, {"time": "yesterday"},
    {"card": {"public_key": b"\x01" + b"\x00" * 31}}, {"card": None}, {"card": {"country": "Namibia"}},
])
def test_malformed_hello_is_refused(change: dict[str, object]) -> None:
    key = SigningKey.generate()
    body: dict[str, object] = {"card": {"country": "NA", "name": "Namibia", "public_key": key.public.raw,
                                        "role": "national", "tls_sha256": None, "url": "https://x.example"},
                               "time": "2026-03-01T09:00:00.000000Z", "versions": [1]}
    for name, value in change.items():
        if name == "card" and isinstance(value, dict):
            body["card"] = {**body["card"], **value}  # type: ignore[dict-item]
        else:
            body[name] = value
    with pytest.raises(ProtocolError) as info:
        Hello.from_bytes(encode(body))
    assert info.value.reason is Reason.INVALID_FIELD


def test_hello_reply_version_must_be_offered() -> None:
    reply = HelloReply(version=2, versions=(1,), card=card(SigningKey.generate()), time="2026-03-01T09:00:00Z",
                       head=Cursor(EPOCH, 0), seen_seq=0)
    with pytest.raises(ProtocolError):
        HelloReply.from_bytes(reply.to_bytes())


def test_cursor_text_round_trip() -> None:
    cursor = Cursor(EPOCH, 123456)
    assert cursor.text == "000102030405060708090a0b0c0d0e0f-123456"
    assert Cursor.parse(cursor.text) == cursor


@pytest.mark.parametrize("text", ["", "0-1", EPOCH.hex() + "-01", EPOCH.hex() + "--1", EPOCH.hex().upper() + "-1",
                                  EPOCH.hex() + "-1 ", None, 5])
def test_malformed_cursors_are_refused(text: object) -> None:
    with pytest.raises(ProtocolError) as info:
        Cursor.parse(text)
    assert info.value.reason is Reason.BAD_CURSOR


def test_server_refuses_cursors_it_never_issued() -> None:
    assert check_cursor(None, epoch=EPOCH, head=10) == 0
    assert check_cursor(Cursor(EPOCH, 7), epoch=EPOCH, head=10) == 7
    for cursor in (Cursor(os.urandom(16), 7), Cursor(EPOCH, 11)):
        with pytest.raises(ProtocolError) as info:
            check_cursor(cursor, epoch=EPOCH, head=10)
        assert info.value.reason is Reason.CURSOR_UNKNOWN


def test_feed_request_query() -> None:
    request = FeedRequest(after=Cursor(EPOCH, 5), limit=100)
    assert request.target == f"{PATH_FEED}?after={EPOCH.hex()}-5&limit=100"
    assert FeedRequest.from_query({"after": f"{EPOCH.hex()}-5", "limit": "100"}) == request
    assert FeedRequest.from_query({}) == FeedRequest()
    assert FeedRequest.from_query({"limit": "100000"}).limit == MAX_PAGE_RECORDS
    for bad in ("0", "-1", "ten", "1.5", "\u0661"):
        with pytest.raises(ProtocolError):
            FeedRequest.from_query({"limit": bad})


def test_feed_page_round_trip_keeps_records_verbatim() -> None:
    records = (b"\x93\x01\xc4\x01\x80\xc4\x40" + bytes(64), os.urandom(300))
    page = FeedPage(records=records, next=Cursor(EPOCH, 9), has_more=True, head=Cursor(EPOCH, 20))
    assert FeedPage.from_bytes(page.to_bytes()) == page


def test_feed_page_limits() -> None:
    with pytest.raises(ProtocolError) as info:
        FeedPage(records=(b"x",) * (MAX_PAGE_RECORDS + 1), next=Cursor(EPOCH, 1), has_more=False,
                 head=Cursor(EPOCH, 1)).to_bytes()
    assert info.value.reason is Reason.TOO_LARGE
    with pytest.raises(ProtocolError):
        FeedPage(records=(b"x" * (MAX_RECORD_BYTES + 1),), next=Cursor(EPOCH, 1), has_more=False,
                 head=Cursor(EPOCH, 1)).to_bytes()


@pytest.mark.parametrize("body", [
    {"has_more": False, "head": f"{EPOCH.hex()}-1", "next": f"{EPOCH.hex()}-2", "records": []},
    {"has_more": 0, "head": f"{EPOCH.hex()}-1", "next": f"{EPOCH.hex()}-1", "records": []},
    {"has_more": False, "head": f"{EPOCH.hex()}-1", "next": f"{EPOCH.hex()}-1", "records": ["text"]},
    {"has_more": False, "head": "x", "next": f"{EPOCH.hex()}-1", "records": []},
])
def test_malformed_pages_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ProtocolError):
        FeedPage.from_bytes(encode(body))


def test_client_notices_a_server_that_rewinds_or_changes_log() -> None:
    sent = Cursor(EPOCH, 50)
    check_page(sent, FeedPage(records=(), next=Cursor(EPOCH, 50), has_more=False, head=Cursor(EPOCH, 50)))
    check_page(None, FeedPage(records=(), next=Cursor(EPOCH, 0), has_more=False, head=Cursor(EPOCH, 0)))
    for page in (FeedPage(records=(), next=Cursor(EPOCH, 10), has_more=True, head=Cursor(EPOCH, 60)),
                 FeedPage(records=(), next=Cursor(os.urandom(16), 60), has_more=False, head=Cursor(EPOCH, 60))):
        with pytest.raises(ProtocolError) as info:
            check_page(sent, page)
        assert info.value.reason is Reason.CURSOR_UNKNOWN


def test_notify_round_trip() -> None:
    notify = Notify(head=Cursor(EPOCH, 77))
    assert Notify.from_bytes(notify.to_bytes()) == notify
    with pytest.raises(ProtocolError):
        Notify.from_bytes(encode({"head": 77}))


def test_attachment_paths_and_hashes() -> None:
    digest = bytes(range(32))
    assert attachment_path(digest) == "/icomm/v1/attachments/" + digest.hex()
    assert parse_sha256(digest.hex()) == digest
    for bad in (digest.hex().upper(), digest.hex()[:-1], "../../etc/passwd", ""):
        with pytest.raises(ProtocolError):
            parse_sha256(bad)


def test_ranges_resume_and_are_chunked() -> None:
    size = 10 * 1024 * 1024
    assert parse_range(None, size) == (0, MAX_ATTACHMENT_CHUNK)
    assert parse_range("bytes=5000000-", size) == (5_000_000, 5_000_000 + MAX_ATTACHMENT_CHUNK)
    assert parse_range("bytes=100-199", size) == (100, 200)
    assert parse_range("bytes=100-999999999", 1000) == (100, 1000)
    assert parse_range(None, 0) == (0, 0)
    assert content_range(100, 200, 1000) == "bytes 100-199/1000"
    assert content_range(0, 0, 0) == "bytes */0"


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5-3", "bytes=-500", "bytes=0-1,5-6", "items=0-1",
                                    "bytes=01-", "bytes=a-b"])
def test_bad_ranges_are_refused(header: str) -> None:
    with pytest.raises(ProtocolError) as info:
        parse_range(header, 1000)
    assert info.value.reason is Reason.BAD_RANGE


def test_error_body_round_trip_and_unknown_reasons() -> None:
    error = ProtocolError(Reason.CLOCK_SKEW, "signed 7200 s behind this node's clock")
    body = ErrorBody.of(error)
    assert body.code == ErrorCode.UNAUTHENTICATED
    parsed = ErrorBody.from_bytes(body.to_bytes())
    assert parsed == body
    assert parsed.known_reason is Reason.CLOCK_SKEW
    assert parsed.known_code is ErrorCode.UNAUTHENTICATED
    newer = ErrorBody.from_bytes(encode({"code": "teapot", "reason": "from_the_future", "detail": ""}))
    assert newer.known_reason is None
    assert newer.known_code is None
    with pytest.raises(ProtocolError):
        ErrorBody.from_bytes(encode({"code": 1, "reason": "x"}))
