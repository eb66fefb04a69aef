"""Page links of keyset-paged lists: an opaque token naming the sort and the last row shown."""

from __future__ import annotations

import base64
import contextlib
import json

from node.errors import Message, ValidationFailed
from protocol.text import N_

MAX_TOKEN = 4096  # a sort value is at most a 300-character name, escaped: 2,400 characters once encoded


def encode_cursor(sort: str, value: str, row_id: int) -> str:
    """Return the token of the page after the row with this sort ``value`` and ``row_id``."""
    return base64.urlsafe_b64encode(json.dumps([sort, value, row_id]).encode()).decode().rstrip("=")


def decode_cursor(token: str, sort: str) -> tuple[str, int] | None:
    """Return the (sort value, row id) a token records, None for no token.

    Raises:
        ValidationFailed: the token was not made by ``encode_cursor`` for this sort (edited, or from another list).
    """
    if not token:
        return None
    raw = None
    if len(token) <= MAX_TOKEN:
        with contextlib.suppress(ValueError, RecursionError):  # base64, UTF-8 and JSON errors; nesting too deep
            raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    if not (isinstance(raw, list) and len(raw) == 3 and raw[0] == sort and isinstance(raw[1], str)
            and type(raw[2]) is int and 0 < raw[2] < 2**63):
        raise ValidationFailed({"cursor": Message(N_("This page link is no longer valid; start from the first "
                                                      "page."))})
    return raw[1], raw[2]
