"""The record types of the exchange, and the scope that tells nominal records from non-nominal ones.

A record type is a closed list per protocol version: a receiver refuses a type it does not know
(``unknown_record_type``) rather than storing something it cannot check. Adding a type is a protocol change
(docs/protocol.md, "Record types").

API:
    RecordType      the enum of record types
    Scope           NOMINAL (national peers only) or NON_NOMINAL (may go to the global CEN)
    parse_record_type(value) -> RecordType      raises ProtocolError(UNKNOWN_RECORD_TYPE)
"""

from __future__ import annotations

from enum import StrEnum

from protocol.reasons import ProtocolError, Reason


class RecordType(StrEnum):
    """What a record is; the body's shape depends on it."""

    SEIZURE = "seizure"
    PERSON = "person"
    ENTITY = "entity"
    INVESTIGATION_REQUEST = "investigation_request"
    INVESTIGATION_REPLY = "investigation_reply"
    MESSAGE = "message"
    FORUM_POST = "forum_post"
    LIBRARY_ITEM = "library_item"
    LINK = "link"
    KEY_ROTATION = "key_rotation"
    KEY_REVOCATION = "key_revocation"
    TOMBSTONE = "tombstone"


# Types that manage the exchange itself rather than carry case data; they may reach every peer.
LIFECYCLE_TYPES = frozenset({RecordType.KEY_ROTATION, RecordType.KEY_REVOCATION, RecordType.TOMBSTONE})


class Scope(StrEnum):
    """Whether a record may carry nominal data (national peers) or only allow-listed fields (global CEN)."""

    NOMINAL = "nominal"
    NON_NOMINAL = "non_nominal"


def parse_record_type(value: object) -> RecordType:
    """Return the record type named by a wire value.

    Raises:
        ProtocolError: UNKNOWN_RECORD_TYPE when the value names no type of this protocol version.
    """
    if isinstance(value, str):
        try:
            return RecordType(value)
        except ValueError:
            pass
    raise ProtocolError(Reason.UNKNOWN_RECORD_TYPE, f"unknown record type {str(value)[:40]!r}")
