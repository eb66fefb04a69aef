"""Message shapes of the sync exchange: hello, feed pages and cursors, notify, and error bodies.

Bodies are canonical msgpack maps (``CONTENT_TYPE``); unknown keys in these messages are ignored so that
a newer peer can still say hello (records themselves are strict: protocol/envelope.py). Endpoints, all
authenticated by signed requests (protocol/requests.py) except the card:

    POST /icomm/v1/hello                  Hello -> HelloReply            version negotiation, clocks, heads
    GET  /icomm/v1/feed?after=C&limit=N   -> FeedPage                     records after cursor C
    POST /icomm/v1/notify                 Notify -> 204                   "I have records up to cursor X"
    GET  /icomm/v1/attachments/{sha256}   Range: bytes=S- -> 206 bytes    resumable, by hash
    GET  /icomm/v1/card                   -> the node card (JSON)         convenience only, never trust

A cursor names a position in the SERVING node's feed log: ``<epoch hex>-<position>``. The epoch is a random
16-byte id of that log, replaced whenever the log is rebuilt or restored; a cursor from another epoch or
beyond the head is answered with ``cursor_unknown``, never with records from zero (EXCHANGE-NOTES,
CouchDB lesson). Clients store cursors as opaque text.

API:
    negotiate(ours, theirs) -> int                           raises ProtocolError(NO_COMMON_VERSION)
    Cursor(epoch, position): .text, .parse(text); check_cursor(cursor, *, epoch, head) -> int
    Hello, HelloReply, FeedRequest, FeedPage, Notify, ErrorBody: .to_bytes() / .from_bytes(data)
    check_page(sent, page)                                   client-side: the server must not rewind
Attachment transfers are in protocol/attachments.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crypto import InvalidKey, VerifyKey
from protocol.card import CardError, NodeCard
from protocol.codec import INT_MAX, decode, encode
from protocol.errors import ErrorCode
from protocol.limits import (
    DEFAULT_PAGE_RECORDS,
    MAX_PAGE_BYTES,
    MAX_PAGE_RECORDS,
    MAX_RECORD_BYTES,
    MESSAGE_LIMITS,
    MIN_PAGE_RECORDS,
    PAGE_LIMITS,
    DecodeLimits,
)
from protocol.reasons import ProtocolError, Reason
from protocol.timefmt import from_iso

CONTENT_TYPE = "application/vnd.ncen.icomm+msgpack"
PREFIX = "/icomm/v1"
PATH_HELLO = PREFIX + "/hello"
PATH_FEED = PREFIX + "/feed"
PATH_NOTIFY = PREFIX + "/notify"
PATH_ATTACHMENTS = PREFIX + "/attachments/"  # followed by the SHA-256 in hex
PATH_CARD = PREFIX + "/card"

_CURSOR = re.compile(r"([0-9a-f]{32})-(0|[1-9][0-9]{0,18})")


def _field(problem: str) -> ProtocolError:
    return ProtocolError(Reason.INVALID_FIELD, problem)


def _map(data: bytes, what: str, limits: DecodeLimits = MESSAGE_LIMITS) -> dict[str, Any]:
    value = decode(data, limits)
    if not isinstance(value, dict):
        raise ProtocolError(Reason.MALFORMED, f"{what} must be a map")
    return value


def _int(value: object, name: str, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= INT_MAX:
        raise _field(f"{name}: must be an integer of at least {minimum}")
    return value


def negotiate(ours: Iterable[int], theirs: Iterable[int]) -> int:
    """Return the highest protocol version both sides speak.

    Raises:
        ProtocolError: NO_COMMON_VERSION, naming both lists.
    """
    mine, other = set(ours), set(theirs)
    common = mine & other
    if not common:
        raise ProtocolError(Reason.NO_COMMON_VERSION,
                            f"this node speaks {sorted(mine)}, the peer speaks {sorted(other)[:16]}")
    return max(common)


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in one serving node's feed log."""

    epoch: bytes
    position: int

    def __post_init__(self) -> None:
        if not isinstance(self.epoch, bytes) or len(self.epoch) != 16 or not 0 <= self.position <= INT_MAX:
            raise ProtocolError(Reason.BAD_CURSOR, "a cursor is a 16-byte epoch and a non-negative position")

    @property
    def text(self) -> str:
        """Return the cursor as it travels (URL-safe)."""
        return f"{self.epoch.hex()}-{self.position}"

    @classmethod
    def parse(cls, text: object) -> Cursor:
        """Parse a cursor's text.

        Raises:
            ProtocolError: BAD_CURSOR.
        """
        match = _CURSOR.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ProtocolError(Reason.BAD_CURSOR, "malformed cursor")
        return cls(bytes.fromhex(match.group(1)), int(match.group(2)))


def check_cursor(cursor: Cursor | None, *, epoch: bytes, head: int) -> int:
    """Return the position to serve after (0 for no cursor), refusing a cursor this log never issued.

    Raises:
        ProtocolError: CURSOR_UNKNOWN when the cursor is from another epoch or beyond the head.
    """
    if cursor is None:
        return 0
    if cursor.epoch != epoch:
        raise ProtocolError(Reason.CURSOR_UNKNOWN, "this node's feed log was rebuilt: resynchronise explicitly")
    if cursor.position > head:
        raise ProtocolError(Reason.CURSOR_UNKNOWN, f"cursor {cursor.position} is beyond this log's head {head}")
    return cursor.position


def _card_to_wire(card: NodeCard) -> dict[str, object]:
    return {"country": card.country, "name": card.name, "public_key": card.public_key.raw, "role": card.role.value,
            "tls_sha256": card.tls_sha256, "url": card.url}


def _card_from_wire(value: object) -> NodeCard:
    if not isinstance(value, dict):
        raise _field("card: must be a map")
    try:
        key = VerifyKey(value.get("public_key"))  # type: ignore[arg-type]
        return NodeCard.from_json({"ncen_card": 1, "name": value.get("name"), "country": value.get("country"),
                                   "role": value.get("role"), "url": value.get("url"), "public_key": key.hex,
                                   "tls_sha256": value.get("tls_sha256")})
    except (CardError, InvalidKey) as exc:
        raise _field(f"card: {exc}") from exc


def _versions(value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or len(value) > 32:
        raise _field("versions: must be a non-empty array of at most 32 integers")
    return tuple(_int(item, "versions", 1) for item in value)


def _time(value: object) -> str:
    try:
        if isinstance(value, str) and len(value) <= 40:
            from_iso(value)
            return value
    except ValueError:
        pass
    raise _field("time: must be an ISO 8601 timestamp")


@dataclass(frozen=True, slots=True)
class Hello:
    """The requester introduces itself: versions it speaks, its card, and its clock."""

    versions: tuple[int, ...]
    card: NodeCard
    time: str

    def to_bytes(self) -> bytes:
        """Return the canonical body."""
        return encode({"card": _card_to_wire(self.card), "time": self.time, "versions": list(self.versions)})

    @classmethod
    def from_bytes(cls, data: bytes) -> Hello:
        """Parse a hello body.

        Raises:
            ProtocolError: a codec reason, or INVALID_FIELD.
        """
        value = _map(data, "hello")
        return cls(versions=_versions(value.get("versions")), card=_card_from_wire(value.get("card")),
                   time=_time(value.get("time")))


@dataclass(frozen=True, slots=True)
class HelloReply:
    """The server answers: the chosen version, its card and clock, its feed head, and what it holds of ours.

    ``seen_seq`` is the highest origin sequence number the server holds from the requester (0 for none):
    a node restored from a backup starts numbering above the highest value its peers report.
    """

    version: int
    versions: tuple[int, ...]
    card: NodeCard
    time: str
    head: Cursor
    seen_seq: int

    def to_bytes(self) -> bytes:
        """Return the canonical body."""
        return encode({"card": _card_to_wire(self.card), "head": self.head.text, "seen_seq": self.seen_seq,
                       "time": self.time, "version": self.version, "versions": list(self.versions)})

    @classmethod
    def from_bytes(cls, data: bytes) -> HelloReply:
        """Parse a hello reply body.

        Raises:
            ProtocolError: a codec reason, INVALID_FIELD or BAD_CURSOR.
        """
        value = _map(data, "hello reply")
        versions = _versions(value.get("versions"))
        version = _int(value.get("version"), "version", 1)
        if version not in versions:
            raise _field("version: must be one of versions")
        return cls(version=version, versions=versions, card=_card_from_wire(value.get("card")),
                   time=_time(value.get("time")), head=Cursor.parse(value.get("head")),
                   seen_seq=_int(value.get("seen_seq"), "seen_seq"))


@dataclass(frozen=True, slots=True)
class FeedRequest:
    """Ask for records after a cursor (None: from the start of the log)."""

    after: Cursor | None = None
    limit: int = DEFAULT_PAGE_RECORDS

    def to_query(self) -> str:
        """Return the query string, keys in a fixed order so the signed target is predictable."""
        prefix = f"after={self.after.text}&" if self.after is not None else ""
        return f"{prefix}limit={self.limit}"

    @property
    def target(self) -> str:
        """Return the request target (path and query) to sign and send."""
        return f"{PATH_FEED}?{self.to_query()}"

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> FeedRequest:
        """Parse the query; a limit above MAX_PAGE_RECORDS is lowered to it.

        Raises:
            ProtocolError: BAD_CURSOR, or INVALID_FIELD for a limit that is not a positive integer.
        """
        after = Cursor.parse(query["after"]) if query.get("after") else None
        raw = query.get("limit", str(DEFAULT_PAGE_RECORDS))
        if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or int(raw) < MIN_PAGE_RECORDS:
            raise _field(f"limit: must be an integer of at least {MIN_PAGE_RECORDS}")
        return cls(after=after, limit=min(int(raw), MAX_PAGE_RECORDS))


@dataclass(frozen=True, slots=True)
class FeedPage:
    """Records (verbatim wire bytes, in log order), where to continue, whether more follow, and the head."""

    records: tuple[bytes, ...]
    next: Cursor
    has_more: bool
    head: Cursor

    def to_bytes(self) -> bytes:
        """Return the canonical body.

        Raises:
            ProtocolError: TOO_LARGE when the page exceeds MAX_PAGE_RECORDS or MAX_PAGE_BYTES.
        """
        _check_page_size(self.records)
        return encode({"has_more": self.has_more, "head": self.head.text, "next": self.next.text,
                       "records": list(self.records)})

    @classmethod
    def from_bytes(cls, data: bytes) -> FeedPage:
        """Parse a feed page; the records inside are checked one by one with ``open_record`` afterwards.

        Raises:
            ProtocolError: a codec reason, TOO_LARGE, INVALID_FIELD or BAD_CURSOR.
        """
        value = _map(data, "feed page", PAGE_LIMITS)
        records, has_more = value.get("records"), value.get("has_more")
        if not isinstance(records, list) or not all(isinstance(item, bytes) for item in records):
            raise _field("records: must be an array of bin")
        if not isinstance(has_more, bool):
            raise _field("has_more: must be a boolean")
        _check_page_size(records)
        page = cls(records=tuple(records), next=Cursor.parse(value.get("next")), has_more=has_more,
                   head=Cursor.parse(value.get("head")))
        if page.next.epoch != page.head.epoch or page.next.position > page.head.position:
            raise ProtocolError(Reason.BAD_CURSOR, "next must not be beyond head")
        return page


def _check_page_size(records: Iterable[bytes]) -> None:
    items = list(records)
    if len(items) > MAX_PAGE_RECORDS:
        raise ProtocolError(Reason.TOO_LARGE, f"{len(items)} records in one page, limit {MAX_PAGE_RECORDS}")
    if any(len(item) > MAX_RECORD_BYTES for item in items) or sum(map(len, items)) > MAX_PAGE_BYTES:
        raise ProtocolError(Reason.TOO_LARGE, "page or record larger than the limits")


def check_page(sent: Cursor | None, page: FeedPage) -> None:
    """Check, on the client, that a page continues from the cursor sent and never goes back.

    Raises:
        ProtocolError: CURSOR_UNKNOWN when the server changed epoch or rewound.
    """
    if sent is None:
        return
    if page.next.epoch != sent.epoch:
        raise ProtocolError(Reason.CURSOR_UNKNOWN, "the peer's feed log changed epoch: resynchronise explicitly")
    if page.next.position < sent.position:
        raise ProtocolError(Reason.CURSOR_UNKNOWN, "the peer's cursor went backwards")


@dataclass(frozen=True, slots=True)
class Notify:
    """The sender has records up to ``head`` in its feed: the receiver schedules a pull (and trusts no more)."""

    head: Cursor

    def to_bytes(self) -> bytes:
        """Return the canonical body."""
        return encode({"head": self.head.text})

    @classmethod
    def from_bytes(cls, data: bytes) -> Notify:
        """Parse a notify body.

        Raises:
            ProtocolError: a codec reason or BAD_CURSOR.
        """
        return cls(head=Cursor.parse(_map(data, "notify").get("head")))


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """An error answer: coarse code, precise reason, English detail for logs (never shown to users as is)."""

    code: str
    reason: str
    detail: str = ""
    retry_after: int | None = None

    @classmethod
    def of(cls, error: ProtocolError, retry_after: int | None = None) -> ErrorBody:
        """Describe a protocol refusal."""
        return cls(code=error.code.value, reason=error.reason.value, detail=error.detail[:500],
                   retry_after=retry_after)

    def to_bytes(self) -> bytes:
        """Return the canonical body."""
        return encode({"code": self.code, "detail": self.detail, "reason": self.reason,
                       "retry_after": self.retry_after})

    @classmethod
    def from_bytes(cls, data: bytes) -> ErrorBody:
        """Parse a peer's error body; codes and reasons unknown to this version are kept as text.

        Raises:
            ProtocolError: a codec reason or INVALID_FIELD.
        """
        value = _map(data, "error")
        code, reason, detail = value.get("code"), value.get("reason"), value.get("detail", "")
        retry = value.get("retry_after")
        if not all(isinstance(item, str) and len(item) <= 500 for item in (code, reason, detail)):
            raise _field("code, reason and detail must be text")
        return cls(code=str(code), reason=str(reason), detail=str(detail),
                   retry_after=None if retry is None else _int(retry, "retry_after"))

    @property
    def known_reason(self) -> Reason | None:
        """Return the reason when this version knows it."""
        return Reason(self.reason) if self.reason in {item.value for item in Reason} else None

    @property
    def known_code(self) -> ErrorCode | None:
        """Return the error code when this version knows it."""
        return ErrorCode(self.code) if self.code in {item.value for item in ErrorCode} else None
