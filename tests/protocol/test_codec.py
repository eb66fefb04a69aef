"""The canonical msgpack form: exactly one encoding per value, and hostile input refused cheaply."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal
from typing import Any

import msgpack  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.codec import INT_MAX, INT_MIN, decimal_text, decode, encode, parse_decimal
from protocol.limits import ENVELOPE_LIMITS, MESSAGE_LIMITS, DecodeLimits
from protocol.reasons import ProtocolError, Reason

LIMITS = ENVELOPE_LIMITS


def refused(data: bytes, reason: Reason, limits: DecodeLimits = LIMITS) -> ProtocolError:
    with pytest.raises(ProtocolError) as info:
        decode(data, limits)
    assert info.value.reason is reason, info.value
    return info.value


def test_maps_are_sorted_by_utf8_bytes() -> None:
    # "Z" < "a" < "é" (U+00E9) < "中" in UTF-8 byte order, whatever order the dict was built in.
    encoded = encode({"中": 1, "é": 2, "a": 3, "Z": 4})
    assert list(decode(encoded, LIMITS)) == ["Z", "a", "é", "中"]
    assert encoded == encode({"Z": 4, "a": 3, "é": 2, "中": 1})


@pytest.mark.parametrize(("value", "hex_"), [
    (0, "00"), (127, "7f"), (128, "cc80"), (255, "ccff"), (256, "cd0100"), (65536, "ce00010000"),
    (2**32, "cf0000000100000000"), (-1, "ff"), (-32, "e0"), (-33, "d0df"), (-129, "d1ff7f"),
    ("", "a0"), ("a" * 31, "bf" + "61" * 31), ("a" * 32, "d920" + "61" * 32), (b"", "c400"),
    (None, "c0"), (True, "c3"), (False, "c2"), ([], "90"), ({}, "80"),
])
def test_shortest_encodings(value: object, hex_: str) -> None:
    assert encode(value).hex() == hex_
    assert decode(bytes.fromhex(hex_), LIMITS) == value


@pytest.mark.parametrize(("hex_", "what"), [
    ("82a16201a16101", "unsorted keys"),
    ("82a16101a16102", "duplicate keys"),
    ("cc01", "uint8 where fixint suffices"),
    ("cd0001", "uint16 where fixint suffices"),
    ("d0ff", "int8 where negative fixint suffices"),
    ("d000", "int8 for a positive value"),
    ("d90161", "str8 where fixstr suffices"),
    ("da000161", "str16 where fixstr suffices"),
    ("c5000161", "bin16 where bin8 suffices"),
    ("dc000101", "array16 where fixarray suffices"),
    ("de0001a16101", "map16 where fixmap suffices"),
])
def test_non_canonical_encodings_are_refused(hex_: str, what: str) -> None:
    refused(bytes.fromhex(hex_), Reason.NON_CANONICAL)


@pytest.mark.parametrize(("value", "reason"), [
    ({"a": [{"b": 1, "a": 2}]}, Reason.NON_CANONICAL),  # unsorted keys three levels down
    ({"a": {"b": {"c": [0, 1.5]}}}, Reason.FORBIDDEN_TYPE),  # a float four levels down
    ([[], [[2**63]]], Reason.LIMIT_EXCEEDED),  # an unsigned 64-bit value beyond int64, deep
    ({"a": [{b"k": 1}]}, Reason.FORBIDDEN_TYPE),  # a bin map key inside a list
    ({"z": "text", "a": [b"x", None, True]}, Reason.NON_CANONICAL),  # unsorted beside plain leaves
])
def test_defects_deep_inside_are_found(value: object, reason: Reason) -> None:
    refused(msgpack.packb(value, use_bin_type=True), reason)


def test_nesting_is_bounded_in_every_branch() -> None:
    deep: Any = "leaf"
    for _ in range(LIMITS.max_depth):
        deep = [deep]
    shallow = {"a": 1, "b": ["x", {"c": None}]}
    assert decode(encode([shallow, *deep]), LIMITS) == [shallow, *deep]  # depth 12 reached in the last branch
    refused(encode([shallow, deep]), Reason.TOO_DEEP)


def test_detail_names_the_problem() -> None:
    assert "str8" in refused(bytes.fromhex("d90161"), Reason.NON_CANONICAL).detail
    assert "repeated" in refused(bytes.fromhex("82a16101a16102"), Reason.NON_CANONICAL).detail


@pytest.mark.parametrize("value", [1.5, float("nan"), {"a": 0.0}, [1.0]])
def test_floats_are_never_encoded(value: object) -> None:
    with pytest.raises(ProtocolError) as info:
        encode(value)
    assert info.value.reason is Reason.FORBIDDEN_TYPE


@pytest.mark.parametrize("hex_", ["ca3fc00000", "cb3ff8000000000000", "81a161ca00000000"])
def test_floats_are_refused(hex_: str) -> None:
    refused(bytes.fromhex(hex_), Reason.FORBIDDEN_TYPE)


@pytest.mark.parametrize("hex_", ["d40100", "d6ff00000000", "d7ff0000000000000000", "c70c" + "ff" + "00" * 12])
def test_ext_and_timestamps_are_refused(hex_: str) -> None:
    refused(bytes.fromhex(hex_), Reason.FORBIDDEN_TYPE)


@pytest.mark.parametrize("hex_", ["8101a0", "81c401610a", "819000"])
def test_non_str_map_keys_are_refused(hex_: str) -> None:
    refused(bytes.fromhex(hex_), Reason.FORBIDDEN_TYPE)


@pytest.mark.parametrize("value", [{1: "a"}, {b"k": 1}, object(), {1, 2}, bytearray(b"x")])
def test_unsupported_values_are_not_encoded(value: object) -> None:
    with pytest.raises(ProtocolError) as info:
        encode(value)
    assert info.value.reason is Reason.FORBIDDEN_TYPE


def test_integers_are_int64() -> None:
    assert decode(encode(INT_MAX), LIMITS) == INT_MAX
    assert decode(encode(INT_MIN), LIMITS) == INT_MIN
    for value in (INT_MAX + 1, INT_MIN - 1):
        with pytest.raises(ProtocolError) as info:
            encode(value)
        assert info.value.reason is Reason.LIMIT_EXCEEDED
    refused(bytes.fromhex("cf8000000000000000"), Reason.LIMIT_EXCEEDED)


def test_trailing_bytes_are_refused() -> None:
    refused(encode({"a": 1}) + b"\x00", Reason.TRAILING_BYTES)


@pytest.mark.parametrize("hex_", ["", "92", "a5616263", "c4", "cd01", "c1", "a1ff"])
def test_truncated_and_invalid_bytes_are_malformed(hex_: str) -> None:
    refused(bytes.fromhex(hex_), Reason.MALFORMED)


@pytest.mark.parametrize("hex_", ["dbffffffff", "c6ffffffff", "ddffffffff", "dfffffffff"])
def test_huge_length_prefixes_are_refused_without_allocating(hex_: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ProtocolError) as info:
            decode(bytes.fromhex(hex_) + b"\x00" * 16, LIMITS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.reason in (Reason.LIMIT_EXCEEDED, Reason.MALFORMED)
    assert peak < 1024 * 1024  # the prefixes announce up to 4 GiB


def test_lengths_over_the_limits_are_refused() -> None:
    small = DecodeLimits(max_bytes=10_000, max_str_bytes=8, max_bin_bytes=8, max_array_length=4,
                         max_map_length=2, max_depth=4)
    refused(encode("x" * 9), Reason.LIMIT_EXCEEDED, small)
    refused(encode(b"x" * 9), Reason.LIMIT_EXCEEDED, small)
    refused(encode([0] * 5), Reason.LIMIT_EXCEEDED, small)
    refused(encode({"a": 1, "b": 2, "c": 3}), Reason.LIMIT_EXCEEDED, small)
    assert decode(encode({"a": [1, 2, 3, 4], "b": "x" * 8}), small) == {"a": [1, 2, 3, 4], "b": "x" * 8}


def test_oversized_input_is_refused_before_parsing() -> None:
    refused(b"\xc0" * (MESSAGE_LIMITS.max_bytes + 1), Reason.TOO_LARGE, MESSAGE_LIMITS)


def test_nesting_is_bounded() -> None:
    nested: Any = "leaf"
    for _ in range(LIMITS.max_depth):
        nested = [nested]
    assert decode(encode(nested), LIMITS) == nested
    refused(encode([nested]), Reason.TOO_DEEP)


@pytest.mark.parametrize("depth", [100, 1_000, 100_000])
def test_hostile_nesting_never_recurses(depth: int) -> None:
    roomy = DecodeLimits(max_bytes=1 << 20, max_str_bytes=8, max_bin_bytes=8, max_array_length=8,
                         max_map_length=8, max_depth=12)
    refused(b"\x91" * depth + b"\xc0", Reason.TOO_DEEP, roomy)
    refused(b"\x81\xa1a" * depth + b"\xc0", Reason.TOO_DEEP, roomy)


def test_encode_refuses_runaway_nesting() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ProtocolError) as info:
        encode(loop)
    assert info.value.reason is Reason.TOO_DEEP


def test_invalid_utf8_is_refused_both_ways() -> None:
    refused(b"\xa2\xc3\x28", Reason.MALFORMED)
    with pytest.raises(ProtocolError):
        encode("\ud800")


def test_decode_wants_bytes() -> None:
    refused(bytearray(b"\xc0"), Reason.MALFORMED)  # type: ignore[arg-type]


def test_plain_msgpack_output_of_another_library_is_accepted_when_canonical() -> None:
    value = {"a": [1, -5, "x", b"\x00"], "b": {"c": None, "d": True}}
    assert decode(msgpack.packb(value, use_bin_type=True), LIMITS) == value


def test_decimal_text_is_canonical() -> None:
    assert decimal_text(Decimal("12.500")) == "12.5"
    assert decimal_text(Decimal("1E+3")) == "1000"
    assert decimal_text(Decimal("-0.0")) == "0"
    assert decimal_text(7) == "7"
    assert decimal_text(Decimal("0.000001")) == "0.000001"
    with pytest.raises(ValueError, match="finite"):
        decimal_text(Decimal("NaN"))


@pytest.mark.parametrize("text", ["1e3", "01", "1.50", "-0", "+1", ".5", "1.", " 1", "1,5", "", "NaN"])
def test_parse_decimal_refuses_other_spellings(text: str) -> None:
    with pytest.raises(ValueError, match="canonical"):
        parse_decimal(text)


def test_parse_decimal_accepts_canonical_text() -> None:
    assert parse_decimal("-12.05") == Decimal("-12.05")
    assert parse_decimal("0") == 0


values = st.recursive(
    st.none() | st.booleans() | st.integers(INT_MIN, INT_MAX) | st.text(max_size=40) | st.binary(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_round_trip_is_exact(value: object) -> None:
    encoded = encode(value)
    assert decode(encoded, LIMITS) == value
    assert encode(decode(encoded, LIMITS)) == encoded


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_arbitrary_bytes_are_either_canonical_or_refused_cleanly(data: bytes) -> None:
    try:
        value = decode(data, LIMITS)
    except ProtocolError:
        return
    assert encode(value) == data
