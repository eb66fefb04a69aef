"""Attachments on the wire: fetched by SHA-256, in byte ranges, so an interrupted transfer resumes.

A record lists its attachments by SHA-256, size and media type (protocol/envelope.py). The receiver fetches
``GET /icomm/v1/attachments/<sha256 hex>`` with ``Range: bytes=S-`` (S = bytes already held); the server
answers 206 with at most MAX_ATTACHMENT_CHUNK bytes and ``Content-Range``. The receiver checks size and
hash before the file enters its store (docs/protocol.md, "Attachments").

API:
    attachment_path(sha256) -> str, parse_sha256(text) -> bytes
    range_header(start) -> str, parse_range(header, size) -> (start, end), content_range(start, end, size) -> str
"""

from __future__ import annotations

import re

from protocol.limits import MAX_ATTACHMENT_CHUNK
from protocol.reasons import ProtocolError, Reason
from protocol.sync import PATH_ATTACHMENTS

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_RANGE = re.compile(r"bytes=(0|[1-9][0-9]{0,18})-((?:0|[1-9][0-9]{0,18})?)")

def attachment_path(sha256: bytes) -> str:
    """Return the path that serves an attachment."""
    return PATH_ATTACHMENTS + sha256.hex()


def parse_sha256(text: str) -> bytes:
    """Parse the hash in an attachment path.

    Raises:
        ProtocolError: INVALID_FIELD unless it is 64 lowercase hex digits.
    """
    if not _SHA256_HEX.fullmatch(text):
        raise ProtocolError(Reason.INVALID_FIELD, "attachment hash must be 64 lowercase hexadecimal digits")
    return bytes.fromhex(text)


def range_header(start: int) -> str:
    """Return the Range header asking for an attachment from ``start`` (the server picks the chunk size)."""
    return f"bytes={start}-"


def parse_range(header: str | None, size: int) -> tuple[int, int]:
    """Return the [start, end) bytes to send for a Range header, at most MAX_ATTACHMENT_CHUNK of them.

    Only ``bytes=S-`` and ``bytes=S-E`` (one range) are accepted; no header means from 0.

    Raises:
        ProtocolError: BAD_RANGE for another form, or a start beyond the end of the file.
    """
    start, last = 0, size - 1
    if header is not None:
        match = _RANGE.fullmatch(header.strip())
        if match is None:
            raise ProtocolError(Reason.BAD_RANGE, "only one range of the form bytes=START- or bytes=START-END")
        start = int(match.group(1))
        if match.group(2):
            last = min(last, int(match.group(2)))
        if last < start and not (size == 0 and start == 0):
            raise ProtocolError(Reason.BAD_RANGE, f"range starts at {start}, the file has {size} bytes")
    end = min(last + 1, start + MAX_ATTACHMENT_CHUNK)
    return start, max(end, start)


def content_range(start: int, end: int, size: int) -> str:
    """Return the Content-Range header of a partial answer covering [start, end)."""
    if end <= start:
        return f"bytes */{size}"
    return f"bytes {start}-{end - 1}/{size}"

