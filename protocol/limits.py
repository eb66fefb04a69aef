"""Every size, count and time bound of the exchange protocol, in one place.

These numbers are part of the specification (docs/protocol.md, "Limits"): a peer that sends more is refused,
whatever its intent. Decoding limits are applied *before* a value is built, so a hostile length prefix or
nesting never costs more than the bytes actually received.

API:
    DecodeLimits                bounds for one canonical-msgpack decode
    RECORD_LIMITS, ENVELOPE_LIMITS, MESSAGE_LIMITS, PAGE_LIMITS   the decode limits used on the wire
    MAX_* constants             batch, record, attachment, request and audience bounds
"""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB

# A wire record: [version, envelope, signature]. Pictures and documents travel as attachments, never inline.
MAX_RECORD_BYTES = 256 * KIB
# Nesting allowed in an envelope: envelope -> body -> commodities -> line -> value is depth 5; keep headroom.
MAX_RECORD_DEPTH = 12

# Feed pages: bounded in count and bytes (Matrix bounds transactions at 50 events; our records are smaller).
DEFAULT_PAGE_RECORDS = 200
MIN_PAGE_RECORDS = 1
MAX_PAGE_RECORDS = 500
MAX_PAGE_BYTES = 16 * MIB

# Attachments: fetched by SHA-256, in ranges, so an interrupted transfer resumes where it stopped.
MAX_ATTACHMENT_BYTES = 64 * MIB
MAX_ATTACHMENT_CHUNK = 4 * MIB
MAX_ATTACHMENTS_PER_RECORD = 64
MAX_MEDIA_TYPE_LENGTH = 100

# Request bodies sent to a peer (hello, notify): small; records are pulled, never pushed.
MAX_REQUEST_BODY_BYTES = 64 * KIB

# Audience of one record.
MAX_AUDIENCE_NODES = 1024
MAX_AUDIENCE_GROUPS = 32
MAX_GROUP_LABEL_LENGTH = 64

# Signed requests: clock tolerance either side, and the longest validity a signer may ask for.
REQUEST_WINDOW_SECONDS = 300
DEFAULT_REQUEST_VALIDITY_SECONDS = 300
MAX_REQUEST_VALIDITY_SECONDS = 600


@dataclass(frozen=True, slots=True)
class DecodeLimits:
    """Bounds for one decode: total bytes, each str/bin/array/map length, and nesting depth."""

    max_bytes: int
    max_str_bytes: int
    max_bin_bytes: int
    max_array_length: int
    max_map_length: int
    max_depth: int


# The outer wire record holds one envelope as bin.
RECORD_LIMITS = DecodeLimits(
    max_bytes=MAX_RECORD_BYTES, max_str_bytes=16, max_bin_bytes=MAX_RECORD_BYTES,
    max_array_length=3, max_map_length=0, max_depth=1,
)
# The signed envelope and its body.
ENVELOPE_LIMITS = DecodeLimits(
    max_bytes=MAX_RECORD_BYTES, max_str_bytes=64 * KIB, max_bin_bytes=64 * KIB,
    max_array_length=MAX_AUDIENCE_NODES, max_map_length=512, max_depth=MAX_RECORD_DEPTH,
)
# Hello, notify and error bodies.
MESSAGE_LIMITS = DecodeLimits(
    max_bytes=MAX_REQUEST_BODY_BYTES, max_str_bytes=4 * KIB, max_bin_bytes=4 * KIB,
    max_array_length=64, max_map_length=64, max_depth=4,
)
# A feed page: up to MAX_PAGE_RECORDS wire records as bin.
PAGE_LIMITS = DecodeLimits(
    max_bytes=MAX_PAGE_BYTES + 4 * KIB, max_str_bytes=4 * KIB, max_bin_bytes=MAX_RECORD_BYTES,
    max_array_length=MAX_PAGE_RECORDS, max_map_length=16, max_depth=2,
)
