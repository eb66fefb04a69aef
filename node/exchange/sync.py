"""Pulling from peers: hello, feed pages committed with their cursor, attachments by range; and notifying.

Pull-based and resumable (docs/protocol.md section 14): whatever breaks — the link, the peer, this node —
the next round starts from the last committed cursor and the partial attachment file. A background task
pulls from each peer when woken (a notification, a local change, a user's "sync now") and at least every
``interval`` seconds, backing off after failures; tests and scripts call ``sync_once`` instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import aiohttp
from sqlite_utils import Database

from crypto import SigningKey, VerifyKey
from node.clock import now_iso
from node.collector import collector_deferred
from node.exchange.client import PeerAddress, PeerClient, PeerError, PeerUnreachable
from node.exchange.examiners import ExaminerPool
from node.exchange.inbound import apply_records, reexamine_quarantine, relay_keys_for_hub, verify_records
from node.exchange.receive import Checked, PageOutcome
from node.exchange.state import ExchangeState
from node.media.attachments import AttachmentStore
from protocol.envelope import Record
from protocol.limits import MAX_PAGE_RECORDS
from protocol.reasons import ProtocolError, Reason
from protocol.sync import Cursor, FeedPage, FeedRequest, Hello, Notify, check_page
from protocol.timefmt import from_iso
from protocol.version import PROTOCOL_VERSIONS
from store import exchange_state as state_repo
from store import peers as peers_repo
from store import records as records_repo
from store.peers import PeerRow

log = logging.getLogger(__name__)

# Records asked for per page: the most a server gives (its byte cap still applies). Fewer, larger pages keep the
# examiner processes busy between pages; three pages at most are held at once (fetched, examined, applied).
PULL_PAGE_RECORDS = MAX_PAGE_RECORDS

HELLO_EVERY = timedelta(hours=24)
MAX_BACKOFF = 1800.0
MAX_PAGES_PER_ROUND = 10_000
COLLECT_EVERY_PAGES = 10  # pages between two runs of the cycle collector during a pull (node/collector.py)


@dataclass(slots=True)
class SyncResult:
    """What one round with one peer did."""

    peer_id: int
    ok: bool = False
    pages: int = 0
    applied: int = 0
    duplicates: int = 0
    refused: int = 0
    evidence: int = 0
    attachments: int = 0
    error: str = ""


class SyncService:
    """Pulls from paired peers and tells them when this node has something new."""

    def __init__(self, state: ExchangeState, attachments: AttachmentStore, *, interval: float = 300.0,
                 signing_keys: Callable[[], list[SigningKey]] | None = None,
                 on_received: Callable[[list[Record]], Awaitable[object]] | None = None) -> None:
        self._state = state
        self._on_received = on_received
        self._signing_keys = signing_keys or (lambda: [state.identity.key])
        self._attachments = attachments
        self._interval = interval
        self._session: aiohttp.ClientSession | None = None
        self._locks: dict[int, asyncio.Lock] = {}
        self._woken: set[int] = set()
        self._event = asyncio.Event()
        self._said_hello: dict[int, tuple[float, SigningKey]] = {}  # peer -> (when, the key it accepted)
        self._backoff: dict[int, tuple[float, float]] = {}  # peer -> (not before, delay)
        self._warned: set[int] = set()
        self._examiners = ExaminerPool()
        self.last_results: dict[int, SyncResult] = {}

    async def start(self) -> None:
        """Open the HTTP client session."""
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit_per_host=2))

    async def close(self) -> None:
        """Close the HTTP client session."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        await asyncio.get_running_loop().run_in_executor(None, self._examiners.close)

    # -- scheduling --------------------------------------------------------------------------------------------

    def wake(self, peer_id: int | None = None, *, head: str = "") -> None:
        """Ask for a pull soon from one peer (or all); repeated wake-ups coalesce into one round."""
        if peer_id is None:
            self._woken.add(-1)
        else:
            self._woken.add(peer_id)
        self._event.set()

    async def run(self) -> None:
        """Pull whenever woken and at least every interval, until cancelled."""
        loop = asyncio.get_running_loop()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), timeout=self._interval)
            self._event.clear()
            woken, self._woken = self._woken, set()
            peers = await self._pullable()
            for peer in peers:
                if -1 not in woken and peer.id not in woken and not self._due(peer):
                    continue
                not_before, _ = self._backoff.get(peer.id, (0.0, 0.0))
                if loop.time() < not_before and peer.id not in woken:
                    continue
                await self.sync_peer(peer)

    def _due(self, peer: PeerRow) -> bool:
        if not peer.last_attempt_at:
            return True
        elapsed = (self._state.clock.now() - from_iso(peer.last_attempt_at)).total_seconds()
        return elapsed >= self._interval

    async def _pullable(self) -> list[PeerRow]:
        peers = await self._state.runner.read(peers_repo.list_peers)
        return [p for p in peers if p.status == "paired" and p.url]

    # -- one round ---------------------------------------------------------------------------------------------

    async def sync_once(self, peer_id: int | None = None) -> list[SyncResult]:
        """Pull from one peer or every paired peer now; return what each round did."""
        peers = [p for p in await self._pullable() if peer_id is None or p.id == peer_id]
        return [await self.sync_peer(peer) for peer in peers]

    def forget_hellos(self) -> None:
        """Say hello again to every peer (after this node's key changed)."""
        self._said_hello.clear()

    def _client(self, peer: PeerRow, key: SigningKey | None = None) -> PeerClient:
        if self._session is None:
            raise PeerUnreachable("the exchange is not started")
        keys = self._state.keyring.peer_keys(peer.id)
        current = [k for k in keys if (known := self._state.keyring.known(k)) and known.trusted.last_seq is None]
        address_key = current[0] if current else (keys[0] if keys else b"")
        fingerprint = VerifyKey(address_key).fingerprint if address_key else peer.owner
        return PeerClient(self._session, key or self._state.identity.key, self._state.clock,
                          PeerAddress(peer.url, fingerprint, peer.tls_sha256))

    async def sync_peer(self, peer: PeerRow) -> SyncResult:
        """Say hello if due, pull every page after our cursor, then fetch missing attachments."""
        lock = self._locks.setdefault(peer.id, asyncio.Lock())
        async with lock:
            result = SyncResult(peer.id)
            at = now_iso(self._state.clock)
            try:
                # Trust may have changed in another process (``ncen peer add`` while the node serves).
                if await self._state.refresh_keys():
                    await reexamine_quarantine(self._state)
                client = await self._introduce(peer)
                fresh: PeerRow | None = await self._state.runner.read(peers_repo.get_peer, peer.id)
                peer = fresh or peer
                with collector_deferred(every=COLLECT_EVERY_PAGES) as collect:
                    await self._pull(client, peer, result, collect)
                result.attachments = await self._fetch_attachments(client, peer)
                result.ok = True
            except (PeerError, PeerUnreachable) as exc:
                result.error = str(exc)
                self._failed(peer, exc)
            except Exception as exc:
                # A failure on this side (a write refused, the disk full): the page's transaction rolled back, so
                # the round failed cleanly; the background loop must survive it and the next round retry.
                log.exception("sync with %s failed on this node", peer.name)
                result.error = f"this node failed: {type(exc).__name__}: {exc}"
                self._failed(peer, exc)
            await self._state.runner.write(_record_attempt, peer.id, at, result.ok, result.error)
            if result.ok:
                self._backoff.pop(peer.id, None)
                self._warned.discard(peer.id)
            self.last_results[peer.id] = result
            return result

    def _failed(self, peer: PeerRow, exc: Exception) -> None:
        loop = asyncio.get_running_loop()
        _, delay = self._backoff.get(peer.id, (0.0, 15.0))
        if isinstance(exc, PeerError) and exc.retry_after:
            delay = max(delay, min(float(exc.retry_after), MAX_BACKOFF))  # the peer asked us to slow down
        self._backoff[peer.id] = (loop.time() + delay, min(delay * 2, MAX_BACKOFF))
        if isinstance(exc, PeerError) and exc.reason == Reason.CURSOR_UNKNOWN.value:
            log.error("peer %s no longer knows our cursor: resynchronising from the beginning", peer.name)
        elif peer.id in self._warned:
            log.debug("sync with %s failed again: %s", peer.name, exc)  # repeated failures: warn once, then debug
        else:
            self._warned.add(peer.id)
            log.warning("sync with %s failed: %s", peer.name, exc)
        self._said_hello.pop(peer.id, None)

    async def _introduce(self, peer: PeerRow) -> PeerClient:
        """Return a client signing with a key the peer trusts: the current one, or a retired one until the peer
        has pulled the rotation record."""
        loop = asyncio.get_running_loop()
        said = self._said_hello.get(peer.id)
        if said is not None and loop.time() - said[0] < HELLO_EVERY.total_seconds():
            return self._client(peer, said[1])
        keys = self._signing_keys()
        for index, key in enumerate(keys):
            client = self._client(peer, key)
            try:
                await self._hello(client, peer, key)
                return client
            except PeerError as exc:
                retry = exc.reason in (Reason.UNKNOWN_KEY.value, Reason.KEY_ROTATED.value)
                if not retry or index == len(keys) - 1:
                    raise
        raise PeerUnreachable("no key to sign with")

    async def _hello(self, client: PeerClient, peer: PeerRow, key: SigningKey) -> None:
        loop = asyncio.get_running_loop()
        state = self._state
        reply = await client.hello(Hello(versions=PROTOCOL_VERSIONS, card=state.identity.card(key=key),
                                         time=now_iso(state.clock)))
        if reply.version not in PROTOCOL_VERSIONS:
            # Nothing is pulled from a peer that would speak a version this node does not know.
            raise PeerUnreachable(f"no_common_version: the peer chose version {reply.version} of "
                                  f"{list(reply.versions)[:16]}, this node speaks {list(PROTOCOL_VERSIONS)}")
        # An unknown key in the reply is a rotation we have not pulled yet, or the wrong node at that URL: either
        # way nothing in the reply is taken over; the records pulled next are verified one by one anyway.
        vouched = reply.card.public_key.raw in state.keyring.peer_keys(peer.id)
        offset = (from_iso(reply.time) - state.clock.now()).total_seconds()
        if abs(offset) > 60:
            log.warning("the clock of %s differs from ours by %d s: requests fail beyond 300 s", peer.name, offset)

        def update(db: Database) -> None:
            peers_repo.update_peer(db, peer.id, their_head=reply.head.text)
            if vouched:
                peers_repo.update_peer(db, peer.id, url=reply.card.url, name=reply.card.name, acked_seq=reply.seen_seq,
                                       tls_sha256=reply.card.tls_sha256 or peer.tls_sha256)
                # A node restored from a backup never reuses a sequence number a peer already holds.
                state_repo.raise_floor(db, state_repo.SEQ, reply.seen_seq)

        await state.runner.write(update)
        self._said_hello[peer.id] = (loop.time(), key)

    async def _pull(self, client: PeerClient, peer: PeerRow, result: SyncResult, collect: Callable[[], None]) -> None:
        """Pull every page after our cursor, each applied and committed with its cursor in one transaction.

        One page ahead: page N+1 is verified while page N is applied, and N+2 is asked for as soon as N is
        committed (while N+1 is still being verified), so the cursor sent to the peer is never more than one page
        ahead of what is stored here.
        If applying N changed trust (a rotation, a revocation), N+1 is verified again with the new keys.
        ``collect`` is called once per page (the cycle collector's turn, node/collector.py).
        """
        state = self._state
        cursor = Cursor.parse(peer.cursor) if peer.cursor else None
        relay_for = await state.runner.read(relay_keys_for_hub) if state.role.value == "hub" else []
        fetching: asyncio.Task[FeedPage] | None = self._fetch(client, cursor)
        applying: asyncio.Task[PageOutcome] | None = None
        verifying: asyncio.Future[list[Checked]] | None = None
        # A pull of more than one page: records are examined by worker processes as well. When the peer's hello
        # already showed a backlog, they start now, while the first page is on its way.
        backlog = expects_backlog(cursor, peer.their_head)
        if backlog:
            await asyncio.get_running_loop().run_in_executor(None, self._examiners.start)
        try:
            for _ in range(MAX_PAGES_PER_ROUND):
                if fetching is None:
                    break
                collect()
                try:
                    page = await fetching
                except PeerError as exc:
                    if exc.reason != Reason.CURSOR_UNKNOWN.value or cursor is None:
                        raise
                    if applying is not None:  # the page before is ours all the same: commit it first
                        outcome, applying = await applying, None
                        await self._count(result, outcome)
                    # Never guess: the peer's log changed (restore, rebuild). Start again from the beginning,
                    # knowing that the revision rule makes the records already held harmless duplicates.
                    log.error("peer %s refused our cursor (%s): resynchronising from the beginning", peer.name,
                              exc.reason)
                    await state.runner.write(peers_repo.update_peer, peer.id, cursor="")
                    cursor = None
                    fetching = self._fetch(client, cursor)
                    continue
                check_page(cursor, page)
                if page.has_more and not backlog:
                    backlog = True
                    await asyncio.get_running_loop().run_in_executor(None, self._examiners.start)
                verifying = asyncio.ensure_future(verify_records(state, page.records, examiners=self._examiners))
                rotated = False
                if applying is not None:  # the page before is applied while this one is verified
                    outcome, applying = await applying, None
                    await self._count(result, outcome)
                    rotated = outcome.rotations > 0
                # Everything before this page is committed: ask for the next one while this one is verified and
                # applied, so that the next page is there as soon as this one's records are examined.
                cursor = page.next
                fetching = self._fetch(client, cursor) if page.has_more else None
                checked, verifying = await verifying, None
                if rotated:  # verified with the keys trusted before that page
                    checked = await verify_records(state, page.records, examiners=self._examiners)
                applying = asyncio.create_task(
                    apply_records(state, checked, peer_id=peer.id, relay_for=relay_for,
                                  commit=functools.partial(_commit_cursor, peer_id=peer.id, page=page)),
                    name=f"ncen-apply-page-{peer.id}")
            if applying is not None:
                outcome, applying = await applying, None
                await self._count(result, outcome)
        finally:
            if verifying is not None:  # the round failed: the page being verified will not be applied
                with contextlib.suppress(Exception):
                    await verifying
            if fetching is not None:  # the round failed: the page asked for is not needed
                fetching.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await fetching
            if applying is not None:  # the round failed meanwhile: the page being applied is whole all the same
                try:
                    await self._count(result, await applying)
                except Exception:
                    log.debug("applying a page failed as well", exc_info=True)
            if backlog:
                await asyncio.get_running_loop().run_in_executor(None, self._examiners.stop)

    def _fetch(self, client: PeerClient, cursor: Cursor | None) -> asyncio.Task[FeedPage]:
        return asyncio.create_task(client.feed(FeedRequest(after=cursor, limit=PULL_PAGE_RECORDS)),
                                   name="ncen-fetch-page")

    async def _count(self, result: SyncResult, outcome: PageOutcome) -> None:
        """Add a committed page to the round's result, and follow it up (files it released, the inbox)."""
        result.pages += 1
        result.applied += len(outcome.applied)
        result.duplicates += outcome.duplicates + outcome.stale
        result.refused += len(outcome.refused) + outcome.quarantined
        result.evidence += len(outcome.evidence)
        if outcome.released:
            await asyncio.get_running_loop().run_in_executor(None, self._delete_files, outcome.released)
        if outcome.applied and self._on_received is not None:
            await self._on_received(outcome.applied)

    def _delete_files(self, shas: list[bytes]) -> None:
        """Remove received files that a committed page left unreferenced (a deleted record's pictures)."""
        for sha in shas:
            self._attachments.delete(sha.hex())
            (self._attachments.root.parent / "incoming" / f"{sha.hex()}.part").unlink(missing_ok=True)

    async def _fetch_attachments(self, client: PeerClient, peer: PeerRow) -> int:
        missing = await self._state.runner.read(records_repo.missing_attachments, peer.id)
        fetched = 0
        loop = asyncio.get_running_loop()
        for sha, size in missing:
            if await loop.run_in_executor(None, self._attachments.exists, sha.hex()):
                await self._state.runner.write(records_repo.mark_attachment_present, sha)
                continue
            incoming = self._attachments.root.parent / "incoming"  # survives restarts: downloads resume
            incoming.mkdir(mode=0o700, exist_ok=True)
            partial = incoming / f"{sha.hex()}.part"
            offset = partial.stat().st_size if partial.exists() else 0
            while offset < size:
                chunk, total = await client.attachment_chunk(sha, offset)
                if total != size or not chunk:
                    raise PeerUnreachable("the attachment's size differs from the record's reference")
                await loop.run_in_executor(None, _append, partial, chunk)
                offset += len(chunk)
            data = await loop.run_in_executor(None, partial.read_bytes) if size else b""
            if len(data) != size or hashlib.sha256(data).digest() != sha:
                partial.unlink(missing_ok=True)
                raise PeerUnreachable("an attachment does not match its SHA-256: discarded")
            await loop.run_in_executor(None, self._attachments.put, data)
            partial.unlink(missing_ok=True)
            await self._state.runner.write(records_repo.mark_attachment_present, sha)
            fetched += 1
        return fetched

    async def notify_peers(self) -> None:
        """Tell every reachable peer that our feed has grown (failures only delay their next pull)."""
        state = self._state
        head = await state.runner.read(records_repo.feed_head)
        for peer in await self._pullable():
            try:
                await self._client(peer).notify(Notify(head=Cursor(state.epoch, head)))
            except (PeerError, PeerUnreachable) as exc:
                log.debug("could not notify %s: %s", peer.name, exc)


def expects_backlog(cursor: Cursor | None, their_head: str) -> bool:
    """Tell whether the head a peer gave in its hello lies more than a page beyond our cursor in its log."""
    try:
        head = Cursor.parse(their_head)
    except ProtocolError:
        return False
    start = cursor.position if cursor is not None and cursor.epoch == head.epoch else 0
    return head.position - start > PULL_PAGE_RECORDS


def _commit_cursor(db: Database, outcome: PageOutcome, *, peer_id: int, page: FeedPage) -> None:
    """Store the peer's new cursor in the page's transaction."""
    peers_repo.update_peer(db, peer_id, cursor=page.next.text, their_head=page.head.text)


def _append(path: Path, chunk: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(chunk)


def _record_attempt(db: Database, peer_id: int, at: str, ok: bool, error: str) -> None:
    changes: dict[str, object] = {"last_attempt_at": at}
    if ok:
        changes.update(last_success_at=at, failures=0, last_error="")
    else:
        peer = peers_repo.get_peer(db, peer_id)
        changes.update(failures=(peer.failures if peer else 0) + 1, last_error=error[:300])
    peers_repo.update_peer(db, peer_id, **changes)
