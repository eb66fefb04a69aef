"""Why the exchange protocol refused something: a reason code per failure, and the one exception carrying it.

``ErrorCode`` (protocol/errors.py) is coarse and maps to an HTTP status; ``Reason`` is the precise, stable,
machine-readable cause that peers put in error bodies and operators read in logs. Every ``Reason`` maps to
exactly one ``ErrorCode`` here, so the node's error middleware needs no protocol knowledge. Reason values
are part of the wire protocol (docs/protocol.md, "Error codes"): add new ones, never rename.

API:
    Reason                      the enum of reason codes
    ProtocolError(reason, detail)  the exception every protocol function raises; ``.code`` gives the ErrorCode
    REASON_ERROR_CODE           Reason -> ErrorCode
"""

from __future__ import annotations

from enum import StrEnum

from protocol.errors import ErrorCode


class Reason(StrEnum):
    """A precise, stable cause of refusal, sent to peers and written to logs."""

    # Canonical msgpack (protocol/codec.py).
    TOO_LARGE = "too_large"
    MALFORMED = "malformed"
    TRAILING_BYTES = "trailing_bytes"
    LIMIT_EXCEEDED = "limit_exceeded"
    TOO_DEEP = "too_deep"
    FORBIDDEN_TYPE = "forbidden_type"
    NON_CANONICAL = "non_canonical"
    # Signed records (protocol/envelope.py and friends).
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_RECORD_TYPE = "unknown_record_type"
    INVALID_FIELD = "invalid_field"
    INVALID_BODY = "invalid_body"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    KEY_REVOKED = "key_revoked"
    KEY_ROTATED = "key_rotated"
    NOT_IN_AUDIENCE = "not_in_audience"
    NOMINAL_DATA = "nominal_data"
    # Signed requests (protocol/requests.py).
    MISSING_HEADER = "missing_header"
    MALFORMED_HEADER = "malformed_header"
    WRONG_DESTINATION = "wrong_destination"
    CLOCK_SKEW = "clock_skew"
    EXPIRED = "expired"
    REPLAYED = "replayed"
    DIGEST_MISMATCH = "digest_mismatch"
    # The sync exchange (protocol/sync.py).
    NO_COMMON_VERSION = "no_common_version"
    BAD_CURSOR = "bad_cursor"
    CURSOR_UNKNOWN = "cursor_unknown"
    BAD_RANGE = "bad_range"


REASON_ERROR_CODE: dict[Reason, ErrorCode] = {
    Reason.TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
    Reason.MALFORMED: ErrorCode.BAD_REQUEST,
    Reason.TRAILING_BYTES: ErrorCode.BAD_REQUEST,
    Reason.LIMIT_EXCEEDED: ErrorCode.PAYLOAD_TOO_LARGE,
    Reason.TOO_DEEP: ErrorCode.BAD_REQUEST,
    Reason.FORBIDDEN_TYPE: ErrorCode.BAD_REQUEST,
    Reason.NON_CANONICAL: ErrorCode.BAD_REQUEST,
    Reason.UNSUPPORTED_VERSION: ErrorCode.BAD_REQUEST,
    Reason.UNKNOWN_RECORD_TYPE: ErrorCode.VALIDATION_FAILED,
    Reason.INVALID_FIELD: ErrorCode.VALIDATION_FAILED,
    Reason.INVALID_BODY: ErrorCode.VALIDATION_FAILED,
    Reason.UNKNOWN_KEY: ErrorCode.UNAUTHENTICATED,
    Reason.BAD_SIGNATURE: ErrorCode.UNAUTHENTICATED,
    Reason.KEY_REVOKED: ErrorCode.UNAUTHENTICATED,
    Reason.KEY_ROTATED: ErrorCode.UNAUTHENTICATED,
    Reason.NOT_IN_AUDIENCE: ErrorCode.FORBIDDEN,
    Reason.NOMINAL_DATA: ErrorCode.FORBIDDEN,
    Reason.MISSING_HEADER: ErrorCode.UNAUTHENTICATED,
    Reason.MALFORMED_HEADER: ErrorCode.UNAUTHENTICATED,
    Reason.WRONG_DESTINATION: ErrorCode.UNAUTHENTICATED,
    Reason.CLOCK_SKEW: ErrorCode.UNAUTHENTICATED,
    Reason.EXPIRED: ErrorCode.UNAUTHENTICATED,
    Reason.REPLAYED: ErrorCode.UNAUTHENTICATED,
    Reason.DIGEST_MISMATCH: ErrorCode.BAD_REQUEST,
    Reason.NO_COMMON_VERSION: ErrorCode.BAD_REQUEST,
    Reason.BAD_CURSOR: ErrorCode.BAD_REQUEST,
    Reason.CURSOR_UNKNOWN: ErrorCode.CONFLICT,
    Reason.BAD_RANGE: ErrorCode.BAD_REQUEST,
}


class ProtocolError(ValueError):
    """Untrusted input was refused; ``reason`` says why, ``detail`` is English for the log only."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail

    @property
    def code(self) -> ErrorCode:
        """Return the coarse error code (and so the HTTP status) for this reason."""
        return REASON_ERROR_CODE[self.reason]
