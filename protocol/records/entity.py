"""The entity record (a business entity): its one JSON shape and normalisation.

The same dict is the API's request and response body (plus metadata) and the body of an ``entity`` record
in the exchange. A company's records are treated as nominal (a sole trader is a person, and directors and
owners are named), so an entity never travels to the global CEN. ``persons[]`` links the people behind the
company by the ids of their person records, with their role and their name as written, so a receiver that
does not hold the person record still knows whom it names. Legal forms, entity types, tax-id schemes and
link roles are codes from lists an administration may extend. See docs/records.md for every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from protocol.records import parts
from protocol.records.fields import Checker, RecordInvalid
from protocol.records.parts import LIMITS
from protocol.text import N_

METADATA = frozenset({"id", "revision", "created_at", "updated_at", "created_by", "updated_by", "origin",
                      "deleted_at", "merged_into"})


def normalise_entity(data: Any) -> dict[str, Any]:
    """Return the canonical body of a business entity, or raise with every invalid field named.

    Raises:
        RecordInvalid: one or more fields are missing or invalid; ``errors`` maps paths to messages.
    """
    c = Checker()
    if not isinstance(data, dict):
        c.fail("", N_("An entity must be a JSON object."))
        c.raise_if_any()
    registration = c.mapping("registration", data.get("registration"))
    types = c.items("types", data.get("types"), limit=LIMITS["types"])
    body: dict[str, Any] = {
        "legal_name": " ".join(c.text("legal_name", data.get("legal_name"), limit=300).split()),
        "trading_names": parts.names(c, "trading_names", data.get("trading_names"), limit=LIMITS["trading_names"]),
        "legal_form": c.slug("legal_form", data.get("legal_form")),
        "registration": {
            "number": " ".join(c.text("registration.number", registration.get("number"), limit=64).split()),
            "jurisdiction": c.country("registration.jurisdiction", registration.get("jurisdiction")),
        },
        "tax_ids": [_tax_id(c, f"tax_ids.{i}", item) for i, item in
                    enumerate(c.items("tax_ids", data.get("tax_ids"), limit=LIMITS["tax_ids"]))],
        "types": list(dict.fromkeys(code for code in (c.slug(f"types.{i}", t, required=True)
                                                      for i, t in enumerate(types)) if code)),
        "addresses": parts.addresses(c, data.get("addresses")),
        "phones": parts.phones(c, data.get("phones")),
        "emails": parts.emails(c, data.get("emails")),
        "website": _website(c, data.get("website")),
        "persons": [_person_link(c, f"persons.{i}", item) for i, item in
                    enumerate(c.items("persons", data.get("persons"), limit=LIMITS["persons"]))],
        "pictures": parts.pictures(c, data.get("pictures")),
        "notes": c.text("notes", data.get("notes"), limit=20_000),
        "watch_list": parts.watch_list(c, data.get("watch_list")),
        "source": parts.source(c, data.get("source")),
    }
    if not body["legal_name"] and not body["trading_names"] and "legal_name" not in c.errors:
        c.fail("legal_name", N_("Give the entity's legal name or at least one trading name."))
    if body["registration"]["jurisdiction"] and not body["registration"]["number"]:
        c.fail("registration.number", N_("Give the registration number, or leave the jurisdiction empty."))
    seen: set[tuple[str, str]] = set()
    for i, link in enumerate(body["persons"]):
        key = (link["ref"] or link["name"].casefold(), link["role"])
        if key in seen:
            c.fail(f"persons.{i}", N_("This person is already listed with this role."))
        seen.add(key)
    parts.refuse_unknown(c, data, body, METADATA)
    c.raise_if_any()
    return body


def _tax_id(c: Checker, path: str, data: Any) -> dict[str, str]:
    """Return a tax or trader identifier: its scheme (TIN, EORI, VAT…), value as written, issuing country."""
    data = c.mapping(path, data)
    return {
        "scheme": c.slug(f"{path}.scheme", data.get("scheme"), required=True),
        "value": " ".join(c.text(f"{path}.value", data.get("value"), limit=64, required=True).split()),
        "country": c.country(f"{path}.country", data.get("country")),
    }


def _website(c: Checker, value: Any) -> str:
    text = c.text("website", value, limit=200)
    if text and (" " in text or "." not in text):
        c.fail("website", N_("Enter a web address such as www.example.com."))
    return text


def _person_link(c: Checker, path: str, data: Any) -> dict[str, str]:
    """Return a person linked to the entity: the person record's id, the role, and the name as written."""
    data = c.mapping(path, data)
    return {
        "ref": c.text(f"{path}.ref", data.get("ref"), limit=64),
        "role": c.slug(f"{path}.role", data.get("role"), required=True),
        "name": " ".join(c.text(f"{path}.name", data.get("name"), limit=300, required=True).split()),
    }


def entity_name(body: dict[str, Any]) -> str:
    """Return the name an entity is shown under: its legal name, else its first trading name."""
    return str(body.get("legal_name") or next(iter(body.get("trading_names") or []), ""))


def validate_entity_body(body: Mapping[str, Any]) -> None:
    """Check a received entity body: it must be exactly its own normal form (no extra or unchecked field).

    Raises:
        ValueError: the body breaks a rule, or is not in normal form.
    """
    try:
        normalised = normalise_entity(dict(body))
    except RecordInvalid as exc:
        raise ValueError(f"entity body: {exc}") from exc
    if normalised != body:
        raise ValueError("entity body is not in its normal form")
