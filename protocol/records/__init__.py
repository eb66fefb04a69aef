"""Record bodies: the one JSON shape of each record type, shared by the API, exports and the exchange."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from protocol.bodies import BodyRegistry, BodyValidator
from protocol.records.entity import normalise_entity
from protocol.records.fields import RecordInvalid
from protocol.records.person import normalise_person
from protocol.records.seizure import validate_seizure_body
from protocol.recordtypes import RecordType


def normal_form_validator(name: str, normalise: Callable[[Any], dict[str, Any]]) -> BodyValidator:
    """Return a validator accepting a received body only when it is exactly its own normal form.

    A body that normalises to something else carries an unchecked field or a value the sender did not
    normalise: it is refused rather than silently changed, so every node holds the bytes that were signed.
    """

    def validate(body: Mapping[str, Any]) -> None:
        try:
            normalised = normalise(dict(body))
        except RecordInvalid as exc:
            raise ValueError(f"{name} body: {exc}") from exc
        if normalised != body:
            raise ValueError(f"{name} body is not in its normal form")

    return validate


def record_bodies() -> BodyRegistry:
    """Return a registry with the body validator of every record type this implementation defines.

    Passed explicitly to ``seal_record``/``open_record``/``decode_record`` by the node, so that which rules
    apply never depends on which modules happen to have been imported. Persons and entities are nominal
    only: they have no non-nominal form and never go to a global node.
    """
    bodies = BodyRegistry()
    bodies.register(RecordType.SEIZURE, validate_seizure_body)
    bodies.register(RecordType.PERSON, normal_form_validator("person", normalise_person))
    bodies.register(RecordType.ENTITY, normal_form_validator("entity", normalise_entity))
    return bodies
