"""A peer that speaks Icomm over real HTTP but says whatever a test tells it to: the node's adversary.

It answers hello, feed, notify and attachment requests like a node would, from a log of wire records the
test fills (signed with its own key, a stolen key, re-encoded, tampered...), and can be told to lie about its
head, serve a hand-made page body, or serve attachment bytes that do not match their hash. It does not check
the requests it receives (it is not the node under test); it keeps them in ``requests``.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from crypto import SigningKey
from protocol.attachments import content_range, parse_range
from protocol.audience import Audience, Handling
from protocol.card import NodeCard
from protocol.envelope import Attachment, Draft, Record, seal_record
from protocol.records.seizure import normalise_seizure
from protocol.recordtypes import RecordType, Scope
from protocol.roles import NodeRole
from protocol.sync import (
    CONTENT_TYPE,
    PATH_ATTACHMENTS,
    PATH_FEED,
    PATH_HELLO,
    PATH_NOTIFY,
    Cursor,
    FeedPage,
    FeedRequest,
    HelloReply,
)
from protocol.timefmt import to_iso
from tests.conftest import FakeClock
from tests.node.exchange.conftest import free_port
from tests.node.seizures.conftest import CASE

BODY: dict[str, Any] = normalise_seizure(CASE)


class HostilePeer:
    """An Icomm server under the test's control, with its own key."""

    def __init__(self, clock: FakeClock, *, name: str = "mallory customs", country: str = "LS",
                 role: NodeRole = NodeRole.NATIONAL, key: SigningKey | None = None) -> None:
        self.clock = clock
        self.key = key or SigningKey.generate()
        self.name, self.country, self.role = name, country, role
        self.epoch = secrets.token_bytes(16)
        self.log: list[bytes] = []  # wire records; the position of log[i] is i + 1
        self.versions: tuple[int, ...] = (1,)
        self.head: int | None = None  # a false head to announce instead of the log's
        self.seen_seq = 0
        self.pages: list[bytes] = []  # hand-made feed answers, served (first in, first out) before the log
        self.attachments: dict[bytes, bytes] = {}
        self.requests: list[tuple[str, str]] = []
        self.seq = 0
        self.port = free_port()
        self._server: TestServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def fingerprint(self) -> str:
        return self.key.public.fingerprint

    def card(self) -> bytes:
        """Return the card a node imports to pair with this peer."""
        card = NodeCard(name=self.name, country=self.country, role=self.role, url=self.url, public_key=self.key.public)
        return json.dumps(card.to_json()).encode()

    async def start(self) -> HostilePeer:
        app = web.Application()
        app.router.add_post(PATH_HELLO, self._hello)
        app.router.add_get(PATH_FEED, self._feed)
        app.router.add_post(PATH_NOTIFY, self._notify)
        app.router.add_get(PATH_ATTACHMENTS + "{sha256}", self._attachment)
        self._server = TestServer(app, port=self.port)
        await self._server.start_server()
        return self

    async def close(self) -> None:
        if self._server is not None:
            await self._server.close()

    # -- what it signs -----------------------------------------------------------------------------------------

    def seal(self, audience: Iterable[bytes], *, record_id: uuid.UUID | None = None, rev: int = 1,
             seq: int | None = None, body: Mapping[str, Any] | None = None, key: SigningKey | None = None,
             record_type: RecordType = RecordType.SEIZURE, handling: Handling = Handling.AMBER,
             scope: Scope = Scope.NOMINAL, attachments: tuple[Attachment, ...] = ()) -> Record:
        """Sign a record (by default the next sequence number, with this peer's key and a valid seizure body)."""
        if seq is None:
            self.seq += 1
            seq = self.seq
        draft = Draft(record_type, record_id or uuid.uuid4(), rev, seq, to_iso(self.clock.now()),
                      Audience.of(sorted(audience)), handling, dict(BODY if body is None else body), scope,
                      attachments)
        return seal_record(key or self.key, draft)

    def publish(self, *wires: bytes) -> None:
        """Append wire records to the log it serves."""
        self.log.extend(wires)

    # -- what it answers ---------------------------------------------------------------------------------------

    async def _hello(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.method, request.path_qs))
        await request.read()
        card = NodeCard(name=self.name, country=self.country, role=self.role, url=self.url, public_key=self.key.public)
        reply = HelloReply(version=max(self.versions), versions=self.versions, card=card,
                           time=to_iso(self.clock.now()), head=Cursor(self.epoch, self._head()), seen_seq=self.seen_seq)
        return web.Response(body=reply.to_bytes(), content_type=CONTENT_TYPE)

    def _head(self) -> int:
        return len(self.log) if self.head is None else self.head

    async def _feed(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.method, request.path_qs))
        if self.pages:
            return web.Response(body=self.pages.pop(0), content_type=CONTENT_TYPE)
        wanted = FeedRequest.from_query(request.query)
        after = wanted.after.position if wanted.after else 0
        records = self.log[after:after + wanted.limit]
        last = after + len(records)
        head = max(self._head(), last)
        page = FeedPage(records=tuple(records), next=Cursor(self.epoch, last), has_more=last < len(self.log),
                        head=Cursor(self.epoch, head))
        return web.Response(body=page.to_bytes(), content_type=CONTENT_TYPE)

    async def _notify(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.method, request.path_qs))
        await request.read()
        return web.Response(status=204)

    async def _attachment(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.method, request.path_qs))
        data = self.attachments.get(bytes.fromhex(request.match_info["sha256"]))
        if data is None:
            return web.Response(status=404)
        start, end = parse_range(request.headers.get("Range"), len(data))
        return web.Response(body=data[start:end], status=206, content_type="application/octet-stream",
                            headers={"Content-Range": content_range(start, end, len(data))})
