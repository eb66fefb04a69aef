"""Serving this node's feed to a peer: the records it may receive after its cursor, in log order."""

from __future__ import annotations

from sqlite_utils import Database

from protocol.limits import MAX_PAGE_BYTES
from protocol.sync import Cursor, FeedPage, check_cursor
from store import records as records_repo


def serve_page(db: Database, *, epoch: bytes, keys: list[bytes], relay_keys: list[bytes],
               after: Cursor | None, limit: int) -> FeedPage:
    """Return one page for a peer; a cursor of another epoch or beyond the head is refused, never reset.

    Raises ``ProtocolError(CURSOR_UNKNOWN)`` for such a cursor.
    """
    head = records_repo.feed_head(db)
    position = check_cursor(after, epoch=epoch, head=head)
    page = records_repo.feed_for(db, after=position, limit=limit, keys=keys, relay_keys=relay_keys,
                                 max_bytes=MAX_PAGE_BYTES - 64 * 1024)
    return FeedPage(records=tuple(page.wires), next=Cursor(epoch, page.last_position), has_more=page.has_more,
                    head=Cursor(epoch, head))
