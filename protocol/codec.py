"""The one canonical msgpack form of the exchange protocol: encode, and strict decode of untrusted bytes.

msgpack has no canonical form of its own (key order, integer widths, str8 against fixstr, timestamps,
duplicate keys), so one value could travel under many encodings and a signature over one would not cover
another. ncen accepts exactly one encoding per value (docs/protocol.md, "Canonical form"):

- maps: keys are str only, sorted by their UTF-8 bytes, no duplicates; values any allowed type;
- integers: in [-2**63, 2**63 - 1], in the shortest msgpack encoding (positive values in the
  positive-fixint/uint family, negative values in the negative-fixint/int family);
- str: UTF-8, in the shortest of fixstr/str8/str16/str32; bin: the shortest of bin8/bin16/bin32;
- arrays and maps: the shortest header; nil, true and false;
- no floats and no ext types (so no msgpack timestamps): quantities and money are canonical decimal
  strings (``decimal_text``), times are ISO 8601 strings (protocol/timefmt.py) or integers.

Decoding refuses anything else: it unpacks under explicit limits, walks the value without recursion,
then requires that re-encoding gives back the very same bytes.

API:
    encode(value) -> bytes
    decode(data, limits) -> object                raises ProtocolError
    decode_checked(data) -> object                bytes that passed ``decode`` before: no checks
    decimal_text(value) -> str, parse_decimal(text) -> Decimal
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import msgpack  # type: ignore[import-untyped, unused-ignore]  # msgpack ships no type information

from protocol.limits import DecodeLimits
from protocol.reasons import ProtocolError, Reason

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
# Values we build ourselves are shallow; this only stops a caller's accidental cycle or runaway nesting.
MAX_ENCODE_DEPTH = 64

_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")


def encode(value: object) -> bytes:
    """Return the canonical msgpack encoding of a value (maps are sorted for you).

    Raises:
        ProtocolError: FORBIDDEN_TYPE for floats, non-str map keys or any other unsupported type;
            LIMIT_EXCEEDED for an integer outside int64; TOO_DEEP beyond MAX_ENCODE_DEPTH.
    """
    return _pack(_canonical_copy(value, 0))


def decode(data: bytes, limits: DecodeLimits) -> Any:
    """Decode untrusted bytes, accepting only the canonical form within the limits.

    Raises:
        ProtocolError: TOO_LARGE, MALFORMED, TRAILING_BYTES, LIMIT_EXCEEDED, TOO_DEEP, FORBIDDEN_TYPE
            or NON_CANONICAL, with a detail for the log.
    """
    if not isinstance(data, bytes):
        raise ProtocolError(Reason.MALFORMED, f"expected bytes, got {type(data).__name__}")
    if len(data) > limits.max_bytes:
        raise ProtocolError(Reason.TOO_LARGE, f"{len(data)} bytes, limit {limits.max_bytes}")
    value = _unpack(data, limits)
    _check_tree(value, limits.max_depth)
    canonical = _pack(value)
    if canonical != data:
        raise ProtocolError(Reason.NON_CANONICAL, _describe_difference(data, canonical))
    return value


def decode_checked(data: bytes) -> Any:
    """Decode bytes that ``decode`` accepted before (here or in a worker process), without checking them again.

    Only for bytes known to have passed ``decode``: untrusted bytes always go through ``decode``.
    """
    return msgpack.unpackb(data, raw=False)


def decimal_text(value: Decimal | int) -> str:
    """Return the canonical decimal string of a finite number: no exponent, no '+', no needless zeros.

    Raises:
        ValueError: the value is not finite.
    """
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError("only finite numbers have a decimal text")
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def parse_decimal(text: str) -> Decimal:
    """Parse a canonical decimal string such as ``12.5`` or ``-3``.

    Raises:
        ValueError: the text is not in canonical decimal form (e.g. ``1e3``, ``01``, ``1.50``, ``-0``).
    """
    if not isinstance(text, str) or not _DECIMAL.fullmatch(text) or text == "-0":
        raise ValueError(f"not a canonical decimal: {text!r}")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes this
        raise ValueError(f"not a decimal: {text!r}") from exc


def _pack(value: object) -> bytes:
    # use_bin_type: bytes -> bin family, str -> str family (with str8); msgpack-python picks the
    # shortest header and integer width, which is exactly our canonical rule.
    packed: bytes = msgpack.packb(value, use_bin_type=True)
    return packed


def _canonical_copy(value: object, depth: int) -> object:
    if depth > MAX_ENCODE_DEPTH:
        raise ProtocolError(Reason.TOO_DEEP, f"nesting deeper than {MAX_ENCODE_DEPTH}")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise ProtocolError(Reason.LIMIT_EXCEEDED, "integer outside the int64 range")
        return int(value)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ProtocolError(Reason.FORBIDDEN_TYPE, "str is not encodable as UTF-8") from exc
        return str.__str__(value)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, list | tuple):
        return [_canonical_copy(item, depth + 1) for item in value]
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise ProtocolError(Reason.FORBIDDEN_TYPE, "map keys must be str")
        # Python orders str by code point, which is the order of their UTF-8 bytes.
        return {str.__str__(key): _canonical_copy(value[key], depth + 1) for key in sorted(value)}
    if isinstance(value, float):
        raise ProtocolError(Reason.FORBIDDEN_TYPE, "floats are not allowed: use a decimal string or an integer")
    raise ProtocolError(Reason.FORBIDDEN_TYPE, f"{type(value).__name__} cannot be encoded")


def _unpack(data: bytes, limits: DecodeLimits) -> Any:
    try:
        return msgpack.unpackb(
            data,
            raw=False,
            use_list=True,
            strict_map_key=True,
            max_str_len=limits.max_str_bytes,
            max_bin_len=limits.max_bin_bytes,
            max_array_len=limits.max_array_length,
            max_map_len=limits.max_map_length,
            max_ext_len=0,  # no ext types at all, and so no msgpack timestamps
        )
    except msgpack.ExtraData as exc:
        raise ProtocolError(Reason.TRAILING_BYTES, "bytes follow the value") from exc
    except msgpack.StackError as exc:
        raise ProtocolError(Reason.TOO_DEEP, "nesting exceeds the decoder stack") from exc
    except msgpack.FormatError as exc:
        raise ProtocolError(Reason.MALFORMED, "reserved or invalid msgpack type byte") from exc
    except UnicodeDecodeError as exc:
        raise ProtocolError(Reason.MALFORMED, "str is not valid UTF-8") from exc
    except ValueError as exc:
        message = str(exc)
        if "max_ext_len" in message:
            raise ProtocolError(Reason.FORBIDDEN_TYPE, "ext types (including timestamps) are not allowed") from exc
        if "exceeds max_" in message:
            raise ProtocolError(Reason.LIMIT_EXCEEDED, message) from exc
        if "not allowed for map key" in message:
            raise ProtocolError(Reason.FORBIDDEN_TYPE, "map keys must be str") from exc
        raise ProtocolError(Reason.MALFORMED, "truncated or invalid msgpack") from exc
    except (TypeError, OverflowError, MemoryError) as exc:
        raise ProtocolError(Reason.MALFORMED, f"invalid msgpack ({type(exc).__name__})") from exc


# Leaf types that need no look of their own; every other value is a container, an int, or refused.
_PLAIN_LEAVES = frozenset({str, bytes, bool, type(None)})
_STR = frozenset({str})


def _check_tree(root: object, max_depth: int) -> None:
    # Iterative on purpose: hostile nesting must not reach Python's recursion limit. The walk goes one level
    # at a time and asks each level for the set of its types (a C loop), so that the many str and bin leaves of
    # a record cost no Python step each; only containers, ints and refused types are looked at one by one. The
    # unpacker builds exact built-in types, so ``type(item)`` is exact (and bool is never taken for int).
    level: list[object] = [root]
    depth = 0
    while level:
        children: list[object] = []
        for value in level:
            if isinstance(value, dict):
                if depth + 1 > max_depth:
                    raise ProtocolError(Reason.TOO_DEEP, f"nesting deeper than {max_depth}")
                keys = list(value)
                # strict_map_key lets bin keys through. Code point order is the order of the UTF-8 bytes (the
                # unpacker refuses surrogates); a repeated key on the wire shrinks the dict, and the comparison
                # with the re-encoding refuses that.
                if not _STR.issuperset(map(type, keys)) or keys != sorted(keys):
                    _refuse_keys(keys)
                children += value.values()
            elif isinstance(value, list):
                if depth + 1 > max_depth:
                    raise ProtocolError(Reason.TOO_DEEP, f"nesting deeper than {max_depth}")
                children += value
            else:
                _check_leaf(value)
        if _PLAIN_LEAVES.issuperset(map(type, children)):
            return
        level = [item for item in children if type(item) not in _PLAIN_LEAVES]
        depth += 1


def _refuse_keys(keys: list[Any]) -> None:
    if not _STR.issuperset(map(type, keys)):
        raise ProtocolError(Reason.FORBIDDEN_TYPE, "map keys must be str")
    for previous, key in itertools.pairwise(keys):
        if key <= previous:
            raise ProtocolError(Reason.NON_CANONICAL, f"map key {key!r} is out of order or repeated")


def _check_leaf(value: object) -> None:
    if isinstance(value, float):
        raise ProtocolError(Reason.FORBIDDEN_TYPE, "floats are not allowed")
    if isinstance(value, int) and not isinstance(value, bool):
        if not INT_MIN <= value <= INT_MAX:
            raise ProtocolError(Reason.LIMIT_EXCEEDED, "integer outside the int64 range")
    elif not (value is None or isinstance(value, bool | str | bytes)):
        raise ProtocolError(Reason.FORBIDDEN_TYPE, f"{type(value).__name__} is not allowed")


def _family(byte: int) -> str:
    if byte <= 0x7F:
        return "positive fixint"
    if byte <= 0x8F:
        return f"fixmap({byte & 0x0F})"
    if byte <= 0x9F:
        return f"fixarray({byte & 0x0F})"
    if byte <= 0xBF:
        return f"fixstr({byte & 0x1F})"
    if byte >= 0xE0:
        return "negative fixint"
    return _NAMED.get(byte, f"0x{byte:02x}")


_NAMED = {
    0xC0: "nil", 0xC2: "false", 0xC3: "true", 0xC4: "bin8", 0xC5: "bin16", 0xC6: "bin32",
    0xCC: "uint8", 0xCD: "uint16", 0xCE: "uint32", 0xCF: "uint64",
    0xD0: "int8", 0xD1: "int16", 0xD2: "int32", 0xD3: "int64",
    0xD9: "str8", 0xDA: "str16", 0xDB: "str32", 0xDC: "array16", 0xDD: "array32", 0xDE: "map16", 0xDF: "map32",
}


def _describe_difference(data: bytes, canonical: bytes) -> str:
    index = next((i for i, (a, b) in enumerate(zip(data, canonical, strict=False)) if a != b),
                 min(len(data), len(canonical)))
    if index >= len(data) or index >= len(canonical):
        return f"encoding differs from the canonical form after byte {index}"
    found, wanted = _family(data[index]), _family(canonical[index])
    hint = " (repeated map keys)" if found.split("(")[0] == wanted.split("(")[0] == "fixmap" else ""
    return f"byte {index}: {found} where the canonical form has {wanted}{hint}"
