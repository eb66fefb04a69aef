"""Body validation per record type: a registry that record-body modules plug their validators into.

The envelope layer knows a body only as a map. The shape of a seizure, person or entity body is defined in
``protocol/records/``, which registers a validator per record type (and, if it wishes, a stricter one for
the non-nominal copy) when it is imported::

    from protocol.bodies import register_body_validator
    register_body_validator(RecordType.SEIZURE, validate_seizure_body)

A validator takes the decoded body map and raises ``ValueError`` (or ``ProtocolError``) when it is wrong;
``ValueError`` becomes ``ProtocolError(INVALID_BODY)``. Lifecycle types (tombstone, key rotation, key
revocation) are validated here and cannot be replaced. A non-nominal body is always checked against the
allow-list first (protocol/nonnominal.py). Types with no validator are accepted as any canonical map; the
node asserts at start-up that ``DEFAULT_BODIES.registered()`` covers what it stores.

API:
    BodyValidator = Callable[[Mapping[str, object]], None]
    BodyRegistry: .register(record_type, validator, scope=Scope.NOMINAL), .check(record_type, scope, body),
                  .registered(scope=Scope.NOMINAL) -> frozenset[RecordType]
    DEFAULT_BODIES, register_body_validator(record_type, validator, scope=Scope.NOMINAL)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from protocol.lifecycle import validate_revocation, validate_rotation, validate_tombstone
from protocol.nonnominal import check_non_nominal
from protocol.reasons import ProtocolError, Reason
from protocol.recordtypes import LIFECYCLE_TYPES, RecordType, Scope

BodyValidator = Callable[[Mapping[str, object]], None]

_BUILT_IN: dict[RecordType, BodyValidator] = {
    RecordType.TOMBSTONE: validate_tombstone,
    RecordType.KEY_ROTATION: validate_rotation,
    RecordType.KEY_REVOCATION: validate_revocation,
}


class BodyRegistry:
    """Validators per (record type, scope); lifecycle types come built in."""

    __slots__ = ("_validators",)

    def __init__(self) -> None:
        self._validators: dict[tuple[RecordType, Scope], BodyValidator] = {}

    def register(self, record_type: RecordType, validator: BodyValidator, scope: Scope = Scope.NOMINAL) -> None:
        """Add the validator for a record type's bodies in one scope.

        Raises:
            ValueError: the type is a lifecycle type, or already has a validator for that scope.
        """
        if record_type in LIFECYCLE_TYPES:
            raise ValueError(f"{record_type.value} bodies are validated by the protocol itself")
        if (record_type, scope) in self._validators:
            raise ValueError(f"{record_type.value} ({scope.value}) already has a body validator")
        self._validators[(record_type, scope)] = validator

    def registered(self, scope: Scope = Scope.NOMINAL) -> frozenset[RecordType]:
        """Return the record types whose bodies are validated in a scope (lifecycle types included)."""
        own = {rtype for rtype, rscope in self._validators if rscope is scope}
        return frozenset(own | set(_BUILT_IN))

    def check(self, record_type: RecordType, scope: Scope, body: Mapping[str, object]) -> None:
        """Validate a body for its record type and scope.

        Raises:
            ProtocolError: NOMINAL_DATA for a non-nominal body outside the allow-list; INVALID_BODY when a
                validator refuses the body.
        """
        if scope is Scope.NON_NOMINAL:
            check_non_nominal(record_type, body)
        validator = _BUILT_IN.get(record_type) or self._validators.get((record_type, scope))
        if validator is None:
            return
        try:
            validator(body)
        except ProtocolError:
            raise
        except ValueError as exc:
            raise ProtocolError(Reason.INVALID_BODY, f"{record_type.value}: {exc}") from exc


# Filled by protocol/records/ at import time; the node imports that package before opening records.
DEFAULT_BODIES = BodyRegistry()


def register_body_validator(record_type: RecordType, validator: BodyValidator,
                            scope: Scope = Scope.NOMINAL) -> None:
    """Add a validator to the default registry used when no registry is passed explicitly.

    Raises:
        ValueError: the type is a lifecycle type, or already has a validator for that scope.
    """
    DEFAULT_BODIES.register(record_type, validator, scope)
