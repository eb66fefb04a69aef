"""The body rules a node applies to received records: each type's exact normal form, nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from protocol.reasons import ProtocolError, Reason
from protocol.records import record_bodies
from protocol.records.entity import normalise_entity
from protocol.records.fields import RecordInvalid
from protocol.records.person import normalise_person
from protocol.records.seizure import normalise_seizure
from protocol.recordtypes import RecordType, Scope

PERSON = normalise_person({"family_name": "Amupolo", "given_names": "Johannes", "date_of_birth": "1980-02-03",
                           "nationalities": ["NA"], "aliases": ["J. Amupolo"]})
ENTITY = normalise_entity({"legal_name": "Kalahari Trading (Pty) Ltd",
                           "registration": {"number": "2001/1234", "jurisdiction": "NA"}})


def reason(record_type: RecordType, scope: Scope, body: dict[str, Any]) -> Reason:
    with pytest.raises(ProtocolError) as caught:
        record_bodies().check(record_type, scope, body)
    return caught.value.reason


def test_persons_and_entities_in_normal_form_are_accepted() -> None:
    bodies = record_bodies()
    assert {RecordType.SEIZURE, RecordType.PERSON, RecordType.ENTITY} <= bodies.registered()
    bodies.check(RecordType.PERSON, Scope.NOMINAL, PERSON)
    bodies.check(RecordType.ENTITY, Scope.NOMINAL, ENTITY)


@pytest.mark.parametrize(("record_type", "body"), [
    (RecordType.PERSON, dict(PERSON, informant="X")),  # a field no rule checks
    (RecordType.PERSON, dict(PERSON, date_of_birth="3 Feb 1980")),  # a value in no accepted form
    (RecordType.PERSON, dict(PERSON, family_name="  Amupolo ")),  # valid, but not as the sender must normalise it
    (RecordType.ENTITY, dict(ENTITY, legal_name="")),  # no name at all
    (RecordType.ENTITY, {k: v for k, v in ENTITY.items() if k != "tax_ids"}),  # a field missing
])
def test_bodies_breaking_a_rule_or_not_in_normal_form_are_refused(record_type: RecordType,
                                                                  body: dict[str, Any]) -> None:
    assert reason(record_type, Scope.NOMINAL, body) is Reason.INVALID_BODY


def test_persons_and_entities_have_no_non_nominal_form() -> None:
    assert reason(RecordType.PERSON, Scope.NON_NOMINAL, PERSON) is Reason.NOMINAL_DATA
    assert reason(RecordType.ENTITY, Scope.NON_NOMINAL, ENTITY) is Reason.NOMINAL_DATA


def case(**fields: Any) -> dict[str, Any]:
    return normalise_seizure({"reference": "NA-2026/0001", "date": "2026-03-01", "offence_type": "smuggling",
                              **fields})


@pytest.mark.parametrize(("reference", "valid"), [
    ("NA-2026/0001", True), ("WVB 2026.7_a", True), ("ВИН-12", True), ("قضية٣", True), ("Ⅻ-1", True),
    ("REF#1", False), ("A+B", False), ("NA:1", False),
])
def test_a_case_reference_takes_letters_and_digits_of_any_script_and_four_marks(reference: str,
                                                                                 valid: bool) -> None:
    if valid:
        assert case(reference=reference)["reference"] == reference
    else:
        with pytest.raises(RecordInvalid, match="reference"):
            case(reference=reference)


@pytest.mark.parametrize(("given", "stored"), [
    ("12.5", "12.5"), ("100", "100"), ("0", "0"), ("0.000001", "0.000001"),
    ("123456789012345678", "123456789012345678"), ("12.50", "12.5"), ("012", "12"), ("1e3", "1000"),
    ("12,5", "12.5"), (" 7 ", "7"), (3, "3"), ("1E-7", "0.0000001"),
])
def test_quantities_are_stored_in_one_decimal_form(given: object, stored: str) -> None:
    line = {"category": "drugs", "quantity": given, "unit": "kg"}
    assert case(commodities=[line])["commodities"][0]["quantity"] == stored


@pytest.mark.parametrize(("given", "stored"), [("14:30", "14:30"), ("14:30:59", "14:30"), ("00:00", "00:00")])
def test_times_are_stored_as_hours_and_minutes(given: str, stored: str) -> None:
    assert case(time=given)["time"] == stored
    with pytest.raises(RecordInvalid, match="time"):
        case(time="24:00")
