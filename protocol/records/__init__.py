"""Record bodies: the one JSON shape of each record type, shared by the API, exports and the exchange."""

from __future__ import annotations

from protocol.bodies import BodyRegistry
from protocol.records.seizure import validate_seizure_body
from protocol.recordtypes import RecordType


def record_bodies() -> BodyRegistry:
    """Return a registry with the body validator of every record type this implementation defines.

    Passed explicitly to ``seal_record``/``open_record``/``decode_record`` by the node, so that which rules
    apply never depends on which modules happen to have been imported.
    """
    bodies = BodyRegistry()
    bodies.register(RecordType.SEIZURE, validate_seizure_body)
    return bodies
