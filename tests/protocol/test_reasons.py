"""Reason codes are stable wire values, each mapped to one coarse error code."""

from __future__ import annotations

import re

from protocol.errors import HTTP_STATUS, ErrorCode
from protocol.reasons import REASON_ERROR_CODE, ProtocolError, Reason


def test_every_reason_maps_to_an_error_code_with_a_status() -> None:
    assert set(REASON_ERROR_CODE) == set(Reason)
    for code in REASON_ERROR_CODE.values():
        assert code in HTTP_STATUS


def test_reason_values_are_snake_case_and_unique() -> None:
    values = [reason.value for reason in Reason]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", value) for value in values)


def test_protocol_error_carries_reason_detail_and_code() -> None:
    error = ProtocolError(Reason.TOO_LARGE, "300000 bytes")
    assert isinstance(error, ValueError)
    assert error.code is ErrorCode.PAYLOAD_TOO_LARGE
    assert str(error) == "too_large: 300000 bytes"
