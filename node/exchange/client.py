"""Calling a peer: signed requests, the peer's TLS certificate pinned, bounded answers and timeouts.

Plain HTTP is refused unless the peer is on loopback (docs/protocol.md section 2): between machines only
HTTPS with the certificate whose SHA-256 the peer's card carries is accepted, whatever CA signed it.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import aiohttp
from yarl import URL

from crypto import SigningKey
from node.clock import Clock
from protocol.attachments import attachment_path, range_header
from protocol.limits import MAX_ATTACHMENT_CHUNK, MAX_PAGE_BYTES, MAX_REQUEST_BODY_BYTES
from protocol.reasons import ProtocolError
from protocol.requests import sign_request
from protocol.sync import (
    CONTENT_TYPE,
    PATH_HELLO,
    PATH_NOTIFY,
    ErrorBody,
    FeedPage,
    FeedRequest,
    Hello,
    HelloReply,
    Notify,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

TIMEOUT = aiohttp.ClientTimeout(total=120, sock_connect=15, sock_read=60)


class PeerError(Exception):
    """A peer answered with an error body: its reason and (for logs only) its detail."""

    def __init__(self, status: int, body: ErrorBody | None, text: str = "") -> None:
        self.status = status
        self.body = body
        self.reason = body.reason if body else f"http_{status}"
        self.retry_after = body.retry_after if body else None
        super().__init__(f"peer answered {status} {self.reason}: {(body.detail if body else text)[:200]}")


class PeerUnreachable(Exception):
    """The peer could not be reached, or its answer was cut, oversized or not what the protocol says."""


def is_loopback(url: str) -> bool:
    """Tell whether a URL's host is a loopback address."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class PeerAddress:
    """Where and how to reach a peer: its base URL, the fingerprint it is addressed by, its TLS pin."""

    url: str
    fingerprint: str
    tls_sha256: str


class PeerClient:
    """Signed requests to one peer, with one shared HTTP session."""

    def __init__(self, session: aiohttp.ClientSession, key: SigningKey, clock: Clock, peer: PeerAddress) -> None:
        self._session = session
        self._key = key
        self._clock = clock
        self._peer = peer
        scheme = urlsplit(peer.url).scheme
        if scheme == "https":
            if len(peer.tls_sha256) != 64:
                raise PeerUnreachable("the peer's card has no TLS certificate fingerprint to pin")
            self._ssl: aiohttp.Fingerprint | bool = aiohttp.Fingerprint(bytes.fromhex(peer.tls_sha256))
        elif scheme == "http" and is_loopback(peer.url):
            self._ssl = False
        else:
            raise PeerUnreachable("plain HTTP is allowed only on loopback: the peer must publish an https:// URL")

    async def _call(self, method: str, target: str, body: bytes = b"", *, limit: int,
                    extra: dict[str, str] | None = None) -> tuple[int, bytes, Mapping[str, str]]:
        headers = sign_request(self._key, method=method, target=target, body=body,
                               destination=self._peer.fingerprint, now=self._clock.now())
        if body:
            headers["Content-Type"] = CONTENT_TYPE
        headers.update(extra or {})
        url = URL(self._peer.url.rstrip("/") + target, encoded=True)
        try:
            async with self._session.request(method, url, data=body or None, headers=headers, ssl=self._ssl,
                                             timeout=TIMEOUT, allow_redirects=False) as response:
                data = await _read_bounded(response, limit)
                if response.status >= 400:
                    try:
                        error = ErrorBody.from_bytes(data)
                    except ProtocolError:
                        error = None
                    raise PeerError(response.status, error, data[:200].decode("utf-8", "replace"))
                return response.status, data, response.headers
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PeerUnreachable(f"{type(exc).__name__}: {exc}") from exc

    async def hello(self, hello: Hello) -> HelloReply:
        """Introduce ourselves and negotiate the version."""
        _, data, _ = await self._call("POST", PATH_HELLO, hello.to_bytes(), limit=MAX_REQUEST_BODY_BYTES)
        return _parsed(HelloReply.from_bytes, data)

    async def feed(self, request: FeedRequest) -> FeedPage:
        """Fetch one page of the peer's feed."""
        _, data, _ = await self._call("GET", request.target, limit=MAX_PAGE_BYTES)
        return _parsed(FeedPage.from_bytes, data)

    async def notify(self, notify: Notify) -> None:
        """Tell the peer we have new records."""
        await self._call("POST", PATH_NOTIFY, notify.to_bytes(), limit=MAX_REQUEST_BODY_BYTES)

    async def attachment_chunk(self, sha256: bytes, start: int) -> tuple[bytes, int]:
        """Fetch bytes of an attachment from ``start``; return them and the file's total size."""
        _, data, headers = await self._call("GET", attachment_path(sha256), limit=MAX_ATTACHMENT_CHUNK,
                                            extra={"Range": range_header(start)})
        total = headers.get("Content-Range", "").rpartition("/")[2]
        if not total.isdigit():
            raise PeerUnreachable("the attachment answer has no Content-Range")
        return data, int(total)


async def _read_bounded(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """Read a whole answer, refusing one larger than ``limit`` bytes before holding more than that."""
    # StreamReader.read(n) returns what has arrived so far, not n bytes: a large page comes in many pieces.
    if response.content_length is not None and response.content_length > limit:
        raise PeerUnreachable(f"the answer is larger than {limit} bytes")
    data = bytearray()
    async for chunk in response.content.iter_any():
        data += chunk
        if len(data) > limit:
            raise PeerUnreachable(f"the answer is larger than {limit} bytes")
    return bytes(data)


def _parsed(parse: Callable[[bytes], T], data: bytes) -> T:
    try:
        return parse(data)
    except ProtocolError as exc:
        raise PeerUnreachable(f"the peer's answer breaks the protocol: {exc.reason.value}") from exc
