"""What the global CEN may receive: an explicit allow-list of body fields per record type.

The global CEN peer gets a separate record that the origin builds from its national record by keeping only
allow-listed fields (``non_nominal_body``) and signs itself; relays never redact. The global node checks
every non-nominal record it receives (``check_non_nominal``) and refuses one carrying any field outside the
list, so nominal data cannot reach it through a buggy or hostile sender either (EXCHANGE-NOTES, failure 12).

A path names a body field: ``office.country`` is key ``country`` in the map at key ``office``;
``commodities[].category`` is key ``category`` in each map of the array at ``commodities``;
``route.transit[]`` is each element of the array at ``route.transit``. Each allowed leaf has a kind
(country code, date, decimal...) so free text cannot be smuggled through an allowed field: a value of the
wrong kind is refused by the checker and dropped by the stripper. ``nil`` and ``""`` (no value) are
accepted at any leaf.

To change what the global CEN receives, edit ``ALLOW_LISTS`` below (and docs/protocol.md, "Non-nominal
records"); nothing else encodes the list.

API:
    ALLOW_LISTS                                  RecordType -> {path: Kind}
    strip_to_allow_list(record_type, body) -> dict          sender side; raises ProtocolError(NOMINAL_DATA)
    non_nominal_body(record_type, body, origin_case) -> dict  strip, then name the national case
    check_non_nominal(record_type, body)                      receiver side; raises ProtocolError(NOMINAL_DATA)
    global_record_id(national_id) -> UUID                     a stable id for the global copy of a case
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum
from typing import Any

from protocol.codec import parse_decimal
from protocol.codes import is_country, is_currency
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import RecordType


class Kind(Enum):
    """The kind of value an allow-listed leaf may hold."""

    CODE = "code"  # a list value such as "smuggling", "kg", "sea_container": no spaces, at most 64 characters
    LABEL = "label"  # a brand or a species name: one line, at most 80 characters
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    CURRENCY = "currency"  # ISO 4217
    LOCODE = "locode"  # UN/LOCODE, 5 characters
    HS_CODE = "hs_code"  # 2, 4, 6, 8 or 10 digits
    DECIMAL = "decimal"  # canonical decimal string or integer
    DATE = "date"  # YYYY-MM-DD, no time of day
    INTEGER = "integer"
    RECORD_ID = "record_id"  # 16-byte UUID
    PUBLIC_KEY = "public_key"  # 32 bytes
    SIGNATURE = "signature"  # 64 bytes


_SEIZURE: dict[str, Kind] = {
    "date": Kind.DATE,
    "offence_type": Kind.CODE,
    "status": Kind.CODE,
    "office.country": Kind.COUNTRY,
    "office.locode": Kind.LOCODE,
    "commodities[].category": Kind.CODE,
    "commodities[].hs_code": Kind.HS_CODE,
    "commodities[].quantity": Kind.DECIMAL,
    "commodities[].unit": Kind.CODE,
    "commodities[].value": Kind.DECIMAL,
    "commodities[].currency": Kind.CURRENCY,
    "commodities[].species": Kind.LABEL,
    "commodities[].cites_appendix": Kind.CODE,
    "commodities[].drug_type": Kind.CODE,
    "commodities[].brand": Kind.LABEL,
    "commodities[].weapon_type": Kind.CODE,
    "detection.method": Kind.CODE,
    "conveyance.mode": Kind.CODE,
    "route.departure": Kind.COUNTRY,
    "route.transit[]": Kind.COUNTRY,
    "route.destination": Kind.COUNTRY,
    "route.ports[].locode": Kind.LOCODE,
    "concealment.method": Kind.CODE,
    "origin_case": Kind.RECORD_ID,
}

# THE list. Record types absent from it have no non-nominal form and never reach the global CEN.
ALLOW_LISTS: Mapping[RecordType, Mapping[str, Kind]] = {
    RecordType.SEIZURE: _SEIZURE,
    RecordType.TOMBSTONE: {"record_type": Kind.CODE},
    RecordType.KEY_ROTATION: {"new_key": Kind.PUBLIC_KEY, "proof": Kind.SIGNATURE},
    RecordType.KEY_REVOCATION: {"key": Kind.PUBLIC_KEY, "after_seq": Kind.INTEGER, "reason": Kind.CODE},
}

# Namespace of the UUIDv5 that names the global copy of a national record (docs/protocol.md).
GLOBAL_RECORD_NAMESPACE = uuid.UUID("b235ffdd-727c-4a2f-a71f-29ef1e0f26aa")

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+/-]{0,63}")
_LABEL = re.compile(r"[^\W_][\w .,'&+/()-]{0,79}")
_LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
_HS_CODE = re.compile(r"[0-9]{2}(?:[0-9]{2}){0,4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_empty(value: object) -> bool:
    return value is None or value == ""


def _is_decimal(value: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    try:
        parse_decimal(value)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _sized_bytes(size: int) -> Callable[[object], bool]:
    return lambda value: isinstance(value, bytes) and len(value) == size


_KIND_CHECKS: dict[Kind, Callable[[object], bool]] = {
    Kind.CODE: _matches(_CODE),
    Kind.LABEL: _matches(_LABEL),
    Kind.COUNTRY: is_country,
    Kind.CURRENCY: is_currency,
    Kind.LOCODE: _matches(_LOCODE),
    Kind.HS_CODE: _matches(_HS_CODE),
    Kind.DECIMAL: _is_decimal,
    Kind.DATE: _is_date,
    Kind.INTEGER: lambda value: isinstance(value, int) and not isinstance(value, bool),
    Kind.RECORD_ID: _sized_bytes(16),
    Kind.PUBLIC_KEY: _sized_bytes(32),
    Kind.SIGNATURE: _sized_bytes(64),
}

# A shape tree: a Kind (scalar leaf), a dict (map of named children) or a one-element list (array of).
_Shape = Any


def _shape_of(paths: Mapping[str, Kind]) -> dict[str, _Shape]:
    root: dict[str, _Shape] = {}
    for path, kind in paths.items():
        node: _Shape = root
        segments = path.split(".")
        for position, segment in enumerate(segments):
            last = position == len(segments) - 1
            name, is_array = (segment[:-2], True) if segment.endswith("[]") else (segment, False)
            child: _Shape = kind if last else node.get(name, [{}] if is_array else {})
            if is_array and last:
                child = [kind]
            node[name] = child
            node = child[0] if is_array else child
    return root


_SHAPES: dict[RecordType, dict[str, _Shape]] = {rtype: _shape_of(paths) for rtype, paths in ALLOW_LISTS.items()}


def _shape_for(record_type: RecordType) -> dict[str, _Shape]:
    shape = _SHAPES.get(record_type)
    if shape is None:
        raise ProtocolError(Reason.NOMINAL_DATA, f"{record_type.value} records have no non-nominal form")
    return shape


def check_non_nominal(record_type: RecordType, body: Mapping[str, object]) -> None:
    """Refuse a body that carries anything outside the record type's allow-list.

    Raises:
        ProtocolError: NOMINAL_DATA naming the first offending path (never its value).
    """
    stack: list[tuple[object, _Shape, str]] = [(body, _shape_for(record_type), "")]
    while stack:
        value, shape, path = stack.pop()
        if isinstance(shape, Kind):
            if not _is_empty(value) and not _KIND_CHECKS[shape](value):
                raise ProtocolError(Reason.NOMINAL_DATA, f"{path}: not a {shape.value}")
        elif isinstance(shape, list):
            if not isinstance(value, list):
                raise ProtocolError(Reason.NOMINAL_DATA, f"{path}: must be an array")
            stack.extend((item, shape[0], f"{path}[]") for item in value)
        else:
            if not isinstance(value, Mapping):
                raise ProtocolError(Reason.NOMINAL_DATA, f"{path or 'body'}: must be a map")
            for key, item in value.items():
                child_path = f"{path}.{key}" if path else str(key)
                if key not in shape:
                    raise ProtocolError(Reason.NOMINAL_DATA, f"{child_path[:120]}: field not allowed")
                stack.append((item, shape[key], child_path))


_DROP = object()


def _strip(value: object, shape: _Shape, in_array: bool) -> object:
    if isinstance(shape, Kind):
        return value if _is_empty(value) or _KIND_CHECKS[shape](value) else _DROP
    if isinstance(shape, list):
        if not isinstance(value, list):
            return _DROP
        kept = [item for item in (_strip(element, shape[0], True) for element in value) if item is not _DROP]
        return kept or _DROP
    if not isinstance(value, Mapping):
        return _DROP
    result = {}
    for key, child in shape.items():
        if key in value:
            stripped = _strip(value[key], child, False)
            if stripped is not _DROP:
                result[key] = stripped
    # An empty map inside an array keeps its place (the count of commodity lines is not nominal).
    return result if result or in_array else _DROP


def strip_to_allow_list(record_type: RecordType, body: Mapping[str, object]) -> dict[str, object]:
    """Return a copy of a body keeping only allow-listed fields whose values have the expected kind.

    Raises:
        ProtocolError: NOMINAL_DATA when the record type has no non-nominal form.
    """
    stripped = _strip(body, _shape_for(record_type), False)
    return {} if stripped is _DROP else dict(stripped)  # type: ignore[call-overload]


def non_nominal_body(record_type: RecordType, body: Mapping[str, object], origin_case: uuid.UUID) -> dict[str, object]:
    """Build the body of the global CEN's copy: the allow-listed fields plus the national record's id.

    Raises:
        ProtocolError: NOMINAL_DATA when the record type has no non-nominal form or no origin_case field.
    """
    if "origin_case" not in ALLOW_LISTS.get(record_type, {}):
        raise ProtocolError(Reason.NOMINAL_DATA, f"{record_type.value} records have no global copy")
    stripped = strip_to_allow_list(record_type, body)
    stripped["origin_case"] = origin_case.bytes
    return stripped


def global_record_id(national_id: uuid.UUID) -> uuid.UUID:
    """Return the id of the global copy of a national record, the same for every revision."""
    return uuid.uuid5(GLOBAL_RECORD_NAMESPACE, national_id.hex)
