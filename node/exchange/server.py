"""The Icomm endpoints this node serves to its peers, under /icomm/v1/ (docs/protocol.md section 14).

Every endpoint but the card needs a signed request from a paired peer; the nonce is recorded in the same
store transaction that checks it, so a replay is refused even across restarts. Errors are answered with the
protocol's error body; the detail is for the peer's logs, never shown to its users as it is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web
from sqlite_utils import Database

from node.appkeys import SERVICES
from node.exchange.feed import serve_page
from node.exchange.inbound import relay_keys_for_hub
from node.exchange.ratelimit import RateLimited
from node.runtime import Services
from protocol.attachments import content_range, parse_range, parse_sha256
from protocol.errors import HTTP_STATUS, ErrorCode
from protocol.limits import MAX_REQUEST_BODY_BYTES
from protocol.reasons import ProtocolError, Reason
from protocol.requests import VerifiedRequest, verify_request
from protocol.sync import (
    CONTENT_TYPE,
    PATH_ATTACHMENTS,
    PATH_CARD,
    PATH_FEED,
    PATH_HELLO,
    PATH_NOTIFY,
    Cursor,
    ErrorBody,
    FeedPage,
    FeedRequest,
    Hello,
    HelloReply,
    Notify,
    negotiate,
)
from protocol.timefmt import to_iso
from protocol.version import PROTOCOL_VERSIONS
from store import exchange_state as state_repo
from store import peers as peers_repo
from store import records as records_repo
from store.peers import PeerRow

log = logging.getLogger(__name__)

routes = web.RouteTableDef()
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error_response(error: ProtocolError, retry_after: int | None = None) -> web.Response:
    """Answer a protocol error with its body and status."""
    status = HTTP_STATUS.get(error.code, 400)
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return web.Response(body=ErrorBody.of(error, retry_after).to_bytes(), status=status, content_type=CONTENT_TYPE,
                        headers=headers)


def icomm(handler: Handler) -> Handler:
    """Turn refusals into error bodies and log why, once per request."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ProtocolError as exc:
            log.info("icomm %s %s refused: %s (%s)", request.method, request.path, exc.reason.value, exc.detail)
            return error_response(exc)
        except RateLimited as exc:
            log.info("icomm %s %s refused: rate_limited (retry after %d s)", request.method, request.path,
                     exc.retry_after)
            return node_error(ErrorCode.RATE_LIMITED, "too many requests: slow down", exc.retry_after)

    return wrapped


async def _body(request: web.Request) -> bytes:
    declared = request.content_length
    if declared is not None and declared > MAX_REQUEST_BODY_BYTES:
        raise ProtocolError(Reason.TOO_LARGE, f"request body of {declared} bytes, limit {MAX_REQUEST_BODY_BYTES}")
    # request.content.read(n) returns what has arrived so far: read to the end, never beyond the limit, and
    # within a time limit so that a body sent a byte at a time cannot hold the connection.
    timeout = request.config_dict[SERVICES].exchange.body_timeout
    data = bytearray()
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.content.iter_any():
                data += chunk
                if len(data) > MAX_REQUEST_BODY_BYTES:
                    raise ProtocolError(Reason.TOO_LARGE, f"request body larger than {MAX_REQUEST_BODY_BYTES} bytes")
    except TimeoutError:
        raise ProtocolError(Reason.MALFORMED, f"the request body did not arrive within {timeout:g} s") from None
    return bytes(data)


async def authenticate(request: web.Request, body: bytes) -> tuple[PeerRow, VerifiedRequest]:
    """Check a request's signature, time, destination and nonce; return the paired peer that sent it."""
    services: Services = request.config_dict[SERVICES]
    exchange = services.exchange
    state = exchange.state
    now: datetime = services.clock.now()

    # A peer that has not pulled our key rotation yet still addresses us by an earlier (unrevoked) key.
    addressed = request.headers.get("Ncen-Destination", "")
    destination = addressed if addressed in state.own_fingerprints() else services.identity.fingerprint

    def check(db: Database) -> VerifiedRequest:
        return verify_request(
            request.headers, method=request.method, target=request.raw_path, body=body,
            destination=destination, keys=state.keyring.lookup, now=now,
            seen_nonce=lambda key, nonce, until: not state_repo.use_nonce(db, key, nonce, until, int(now.timestamp())))

    try:
        verified = await services.runner.write(check)
    except ProtocolError as exc:
        # The peer may have been paired by another process since the keyring was loaded (``ncen peer add`` run
        # while the node serves): look again, once; nothing was recorded for a request refused at this step.
        if exc.reason is not Reason.UNKNOWN_KEY or not await state.refresh_keys():
            raise
        verified = await services.runner.write(check)
    known = state.keyring.known(verified.key.raw)
    if known is None or known.peer_id is None:
        raise ProtocolError(Reason.UNKNOWN_KEY, "the signing key is not a paired peer's")
    exchange.limiter.take(verified.key.raw)
    peer = await services.runner.read(peers_repo.get_peer, known.peer_id)
    if peer is None or peer.status != "paired":
        raise ProtocolError(Reason.UNKNOWN_KEY, "the signing key is not a paired peer's")
    return peer, verified


@routes.post(PATH_HELLO)
@icomm
async def hello(request: web.Request) -> web.StreamResponse:
    """Negotiate the version, exchange cards and clocks, report the feed head and what we hold of theirs."""
    body = await _body(request)
    peer, verified = await authenticate(request, body)
    services: Services = request.config_dict[SERVICES]
    message = Hello.from_bytes(body)
    if message.card.public_key.raw != verified.key.raw:
        raise ProtocolError(Reason.INVALID_FIELD, "the hello's card is not the signing key's")
    version = negotiate(PROTOCOL_VERSIONS, message.versions)
    await services.exchange.peers_seen_hello(peer, message)
    head, seen = await services.runner.read(_head_and_seen, peer.owner)
    reply = HelloReply(version=version, versions=PROTOCOL_VERSIONS, card=services.identity.card(),
                       time=to_iso(services.clock.now()), head=Cursor(services.exchange.state.epoch, head),
                       seen_seq=seen)
    return web.Response(body=reply.to_bytes(), content_type=CONTENT_TYPE)


def _head_and_seen(db: Database, owner: str) -> tuple[int, int]:
    return records_repo.feed_head(db), records_repo.highest_seq(db, owner)


@routes.get(PATH_FEED)
@icomm
async def feed(request: web.Request) -> web.StreamResponse:
    """Serve the records after the peer's cursor that it may receive."""
    peer, _ = await authenticate(request, await _body(request))
    services: Services = request.config_dict[SERVICES]
    state = services.exchange.state
    wanted = FeedRequest.from_query(request.query)
    keys = state.keyring.peer_keys(peer.id)

    def page(db: Database) -> FeedPage:
        relay = relay_keys_for_hub(db) if peer.role == "hub" else []
        return serve_page(db, epoch=state.epoch, keys=keys, relay_keys=relay, after=wanted.after, limit=wanted.limit)

    result = await services.runner.read(page)
    if wanted.after is not None and wanted.after.position > peer.acked_position:
        # The cursor a peer sends is what it has stored, or at most the one page it is committing (a pull asks for
        # the next page meanwhile): our outgoing backlog is measured from it.
        await services.runner.write(peers_repo.update_peer, peer.id, acked_position=wanted.after.position)
    return web.Response(body=result.to_bytes(), content_type=CONTENT_TYPE)


@routes.post(PATH_NOTIFY)
@icomm
async def notify(request: web.Request) -> web.StreamResponse:
    """Schedule a pull from the peer; nothing in the notification is trusted beyond that."""
    body = await _body(request)
    peer, _ = await authenticate(request, body)
    message = Notify.from_bytes(body)
    services: Services = request.config_dict[SERVICES]
    services.exchange.sync.wake(peer.id, head=message.head.text)
    return web.Response(status=204)


@routes.get(PATH_ATTACHMENTS + "{sha256}")
@icomm
async def attachment(request: web.Request) -> web.StreamResponse:
    """Serve part of an attachment to a peer entitled to a record that refers to it."""
    peer, _ = await authenticate(request, await _body(request))
    services: Services = request.config_dict[SERVICES]
    sha = parse_sha256(request.match_info["sha256"])
    keys = services.exchange.state.keyring.peer_keys(peer.id)
    store = services.pictures.attachments
    entitled = await services.runner.read(records_repo.record_for_attachment, sha, keys)
    if not entitled or not store.exists(sha.hex()):
        return node_error(ErrorCode.NOT_FOUND, "no such attachment for this peer")
    size = store.size(sha.hex())
    start, end = parse_range(request.headers.get("Range"), size)
    data = store.read_range(sha.hex(), start, end)
    return web.Response(body=data, status=206, content_type="application/octet-stream",
                        headers={"Content-Range": content_range(start, end, size)})


def node_error(code: ErrorCode, detail: str, retry_after: int | None = None) -> web.Response:
    """Answer an error that comes from the node rather than from the protocol's checks."""
    body = ErrorBody(code=code.value, reason=code.value, detail=detail, retry_after=retry_after)
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return web.Response(body=body.to_bytes(), status=HTTP_STATUS[code], content_type=CONTENT_TYPE, headers=headers)


@routes.get(PATH_CARD)
async def card(request: web.Request) -> web.StreamResponse:
    """Return this node's card (a convenience: a card is trusted only after out-of-band confirmation)."""
    services: Services = request.config_dict[SERVICES]
    return web.json_response(services.identity.card().to_json())
