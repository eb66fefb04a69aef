"""Fixtures for the protocol tests: fresh keys per test, drafts, and key lookups."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import settings

from crypto import SigningKey
from protocol.audience import Audience, Handling
from protocol.envelope import Draft
from protocol.keyring import KeyLookup, TrustedKey
from protocol.recordtypes import RecordType

# No example database: property tests must not write a .hypothesis/ directory into the checkout.
settings.register_profile("ncen-protocol", database=None, deadline=None)
settings.load_profile("ncen-protocol")

CREATED_AT = "2026-03-01T09:00:00.000000Z"

MakeDraft = Callable[..., Draft]


def seizure_body() -> dict[str, Any]:
    """Return a plausible nominal seizure body (names and documents included)."""
    return {
        "reference": "NA-WVB-2026-0042",
        "date": "2026-02-27",
        "status": "confirmed",
        "offence_type": "smuggling",
        "narrative": "Driver John Doe declared machine parts; X-ray showed blocks in the spare tyre.",
        "office": {"country": "NA", "locode": "NAWVB", "name": "Walvis Bay Port", "code": "wvb"},
        "commodities": [{"category": "drugs", "drug_type": "cocaine", "hs_code": "293979", "quantity": "12.5",
                         "unit": "kg", "value": "450000", "currency": "USD", "description": "12 bricks"}],
        "detection": {"method": "xray", "note": "scanner lane 2"},
        "conveyance": {"mode": "road", "vehicle_id": "N 1234 W", "container": "MSCU1234565"},
        "route": {"departure": "BR", "transit": ["ZA"], "destination": "NA",
                  "ports": [{"locode": "NAWVB", "name": "Walvis Bay"}]},
        "concealment": {"method": "false_compartment", "text": "spare tyre"},
        "parties": [{"role": "driver", "name": "John Doe", "passport": "P1234567", "dob": "1980-04-01",
                     "address": "12 Main Street, Windhoek", "phone": "+264 81 123 4567"}],
    }


@pytest.fixture
def origin() -> SigningKey:
    """Return the origin node's key."""
    return SigningKey.generate()


@pytest.fixture
def recipient() -> SigningKey:
    """Return a recipient node's key."""
    return SigningKey.generate()


@pytest.fixture
def make_draft(recipient: SigningKey) -> MakeDraft:
    """Return a factory of seizure drafts addressed to ``recipient``; keyword arguments override fields."""
    def make(**overrides: Any) -> Draft:
        draft = Draft(record_type=RecordType.SEIZURE, record_id=uuid.uuid4(), rev=1, seq=1, created_at=CREATED_AT,
                      audience=Audience.of([recipient.public.raw]), handling=Handling.AMBER, body=seizure_body())
        return replace(draft, **overrides)
    return make


def trusting(*keys: SigningKey | TrustedKey) -> KeyLookup:
    """Return a key lookup that trusts exactly these keys."""
    table: dict[bytes, TrustedKey] = {}
    for key in keys:
        trusted = key if isinstance(key, TrustedKey) else TrustedKey(key.public)
        table[trusted.key.raw] = trusted
    return table.get
