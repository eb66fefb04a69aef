"""The global CEN's allow-list: senders strip, the global receiver refuses anything else."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import SigningKey
from protocol.codec import encode
from protocol.nonnominal import (
    ALLOW_LISTS,
    check_non_nominal,
    global_record_id,
    non_nominal_body,
    strip_to_allow_list,
)
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import RecordType
from tests.protocol.conftest import seizure_body

# Values that must never reach the global CEN, whatever field they hide in.
NOMINAL_VALUES = ["John Doe", "P1234567", "1980-04-01", "12 Main Street, Windhoek", "+264 81 123 4567",
                  "MSCU1234565", "N 1234 W", "spare tyre", "X-ray showed blocks", "NA-WVB-2026-0042", "wvb",
                  "Walvis Bay Port", "12 bricks", "scanner lane 2"]


def nominal_seizure() -> dict[str, Any]:
    body = seizure_body()
    body["parties"].append({"role": "consignee", "company": "Acme Trading CC", "registration": "CC/2019/12345"})
    body["conveyance"]["transport_document"] = {"type": "bill_of_lading", "number": "MAEU123456789"}
    body["pictures"] = [{"sha256": b"\x00" * 32, "caption": "John Doe at the border"}]
    return body


def test_strip_keeps_only_allow_listed_fields() -> None:
    stripped = strip_to_allow_list(RecordType.SEIZURE, nominal_seizure())
    assert stripped == {
        "date": "2026-02-27",
        "status": "confirmed",
        "offence_type": "smuggling",
        "office": {"country": "NA", "locode": "NAWVB"},
        "commodities": [{"category": "drugs", "drug_type": "cocaine", "hs_code": "293979", "quantity": "12.5",
                         "unit": "kg", "value": "450000", "currency": "USD"}],
        "detection": {"method": "xray"},
        "conveyance": {"mode": "road"},
        "route": {"departure": "BR", "transit": ["ZA"], "destination": "NA", "ports": [{"locode": "NAWVB"}]},
        "concealment": {"method": "false_compartment"},
    }
    check_non_nominal(RecordType.SEIZURE, stripped)
    encoded = encode(stripped)
    for value in [*NOMINAL_VALUES, "Acme", "CC/2019", "MAEU123456789"]:
        assert value.encode() not in encoded, value


@pytest.mark.parametrize(("path", "value"), [
    ("narrative", "Driver John Doe"),
    ("parties", [{"name": "John Doe"}]),
    ("reference", "NA-WVB-2026-0042"),
    ("office", {"country": "NA", "name": "Walvis Bay Port"}),
    ("conveyance", {"mode": "road", "container": "MSCU1234565"}),
    ("conveyance", {"mode": "road", "vehicle_id": "N 1234 W"}),
    ("commodities", [{"category": "drugs", "description": "12 bricks"}]),
    ("concealment", {"method": "in_cargo", "text": "spare tyre"}),
    ("pictures", [{"sha256": b"\x00" * 32}]),
    ("passport", "P1234567"),
])
def test_checker_refuses_any_field_outside_the_list(path: str, value: object) -> None:
    body = {"status": "confirmed", path: value}
    with pytest.raises(ProtocolError) as info:
        check_non_nominal(RecordType.SEIZURE, body)
    assert info.value.reason is Reason.NOMINAL_DATA
    assert "John" not in info.value.detail  # the path is named, never the value


@pytest.mark.parametrize(("body", "why"), [
    ({"office": {"country": "Namibia"}}, "country must be a code"),
    ({"office": {"country": "John Doe"}}, "a name smuggled into a country"),
    ({"date": "2026-02-27T10:00:00Z"}, "date only"),
    ({"date": "1980-04-31"}, "not a date"),
    ({"offence_type": "John Doe"}, "codes have no spaces"),
    ({"offence_type": "x" * 65}, "codes are short"),
    ({"commodities": [{"quantity": 12.5}]}, "no floats"),
    ({"commodities": [{"quantity": "12,5"}]}, "canonical decimals"),
    ({"commodities": [{"brand": "line one\nline two"}]}, "labels are one line"),
    ({"commodities": [{"brand": "x" * 81}]}, "labels are short"),
    ({"commodities": [{"hs_code": "2939.79"}]}, "hs code digits"),
    ({"commodities": {"category": "drugs"}}, "commodities is an array"),
    ({"route": {"transit": "ZA"}}, "transit is an array"),
    ({"route": {"ports": ["Walvis Bay"]}}, "ports are UN/LOCODEs"),
    ({"office": "NA"}, "office is a map"),
    ({"conveyance": {"mode": {"name": "John"}}}, "leaves are scalars"),
    ({"origin_case": "5f1c"}, "origin_case is 16 bytes"),
])
def test_checker_refuses_values_of_the_wrong_kind(body: dict[str, object], why: str) -> None:
    with pytest.raises(ProtocolError) as info:
        check_non_nominal(RecordType.SEIZURE, body)
    assert info.value.reason is Reason.NOMINAL_DATA, why


def test_strip_drops_values_of_the_wrong_kind() -> None:
    body = {"office": {"country": "John Doe", "locode": "NAWVB"}, "commodities": [{"quantity": 1.5}, {}],
            "route": {"transit": ["ZA", "Johannesburg"]}}
    assert strip_to_allow_list(RecordType.SEIZURE, body) == {
        "office": {"locode": "NAWVB"}, "commodities": [{}, {}], "route": {"transit": ["ZA"]}}


def test_empty_values_are_allowed() -> None:
    check_non_nominal(RecordType.SEIZURE, {"office": {"country": "", "locode": None}, "commodities": [{}]})


def test_global_body_names_the_national_case() -> None:
    national = uuid.uuid4()
    body = non_nominal_body(RecordType.SEIZURE, nominal_seizure(), national)
    assert body["origin_case"] == national.bytes
    check_non_nominal(RecordType.SEIZURE, body)
    assert global_record_id(national) == global_record_id(uuid.UUID(bytes=national.bytes))
    assert global_record_id(national) != national


@pytest.mark.parametrize("record_type", [RecordType.PERSON, RecordType.ENTITY, RecordType.MESSAGE,
                                         RecordType.INVESTIGATION_REQUEST, RecordType.FORUM_POST])
def test_types_without_a_non_nominal_form_never_go_global(record_type: RecordType) -> None:
    for function in (strip_to_allow_list, check_non_nominal):
        with pytest.raises(ProtocolError) as info:
            function(record_type, {})
        assert info.value.reason is Reason.NOMINAL_DATA
    with pytest.raises(ProtocolError):
        non_nominal_body(record_type, {}, uuid.uuid4())


def test_lifecycle_records_may_reach_the_global_cen() -> None:
    check_non_nominal(RecordType.TOMBSTONE, {"record_type": "seizure"})
    key = SigningKey.generate().public.raw
    check_non_nominal(RecordType.KEY_REVOCATION, {"key": key, "after_seq": 3, "reason": "compromised"})
    check_non_nominal(RecordType.KEY_ROTATION, {"new_key": key, "proof": b"\x00" * 64})
    with pytest.raises(ProtocolError):
        check_non_nominal(RecordType.TOMBSTONE, {"record_type": "seizure", "why": "John Doe asked"})


def test_allow_list_has_no_obviously_nominal_paths() -> None:
    words = ("name", "birth", "dob", "passport", "document", "address", "phone", "email", "photo", "picture",
             "container", "vehicle", "narrative", "description", "note", "text", "registration", "parties")
    for paths in ALLOW_LISTS.values():
        for path in paths:
            for segment in path.replace("[]", "").split("."):
                assert segment != "reference", path
                assert not any(word in segment for word in words), path


json_like = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=20) | st.binary(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["office", "country", "commodities", "category", "route", "transit", "name", "status",
                         "quantity", "ports", "narrative", "detection", "method"]), children, max_size=4),
    max_leaves=25,
)


@given(st.dictionaries(st.text(max_size=12) | st.sampled_from(["office", "route", "commodities"]), json_like,
                       max_size=6))
def test_stripped_bodies_always_pass_the_check(body: dict[str, Any]) -> None:
    check_non_nominal(RecordType.SEIZURE, strip_to_allow_list(RecordType.SEIZURE, body))
