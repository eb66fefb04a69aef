"""The seizure (offence case) record: its one JSON shape, fixed vocabularies, and normalisation.

The same dict is the API's request and response body (plus metadata: id, revision, timestamps), a row of
the JSON export, and the body of a ``seizure`` record in the exchange. Quantities and values are decimal
strings (no floats anywhere: see docs/protocol.md). Lists that an administration may extend (detection and
concealment methods, units, outcomes, party roles, drug and weapon types, offices) travel as codes checked
here for form only; the node checks local input against its own lists, and keeps codes received from peers.
See docs/records.md for every field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from protocol.records.fields import Checker, RecordInvalid, container_check_digit, is_container_number
from protocol.text import N_

STATUSES = frozenset({"draft", "confirmed", "closed"})
OFFENCE_TYPES = frozenset({
    "smuggling", "misdeclaration_value", "misdeclaration_origin", "misdeclaration_quantity",
    "misdeclaration_description", "ipr_infringement", "undeclared_currency", "prohibited_restricted",
    "cites_violation", "other",
})
CATEGORIES = frozenset({
    "drugs", "precursors", "tobacco", "alcohol", "cites", "ipr", "weapons", "currency", "cultural_goods",
    "revenue_other",
})
MODES = frozenset({
    "sea_container", "sea_other", "air_cargo", "air_passenger", "road", "rail", "postal", "express_courier",
    "pedestrian",
})
TRANSPORT_DOCUMENT_TYPES = frozenset({
    "bill_of_lading", "air_waybill", "road_consignment_note", "rail_consignment_note", "postal_declaration",
    "courier_waybill", "other",
})
CITES_APPENDICES = frozenset({"I", "II", "III"})
HANDLING_CODES = frozenset({"H0", "H1", "H2", "H3"})
SHARING_SCOPES = frozenset({"national", "partners", "region", "international"})
PARTY_KINDS = frozenset({"person", "entity"})

# Letters and digits of any script (``\w`` is ``str.isalnum()`` plus "_"), spaces and - / . _
REFERENCE_RE = re.compile(r"[\w\-/. ]*")

LIMITS = {"commodities": 100, "parties": 100, "transit": 20, "ports": 20, "containers": 50, "outcomes": 10,
          "pictures": 50}


def normalise_seizure(data: Any) -> dict[str, Any]:
    """Return the canonical body of a seizure case, or raise with every invalid field named.

    Raises:
        RecordInvalid: one or more fields are missing or invalid; ``errors`` maps paths to messages.
    """
    c = Checker()
    if not isinstance(data, dict):
        c.fail("", N_("A case must be a JSON object."))
        c.raise_if_any()
    status = c.choice("status", data.get("status") or "draft", STATUSES)
    draft = status == "draft"
    body: dict[str, Any] = {
        "reference": _reference(c, data.get("reference")),
        "date": c.day("date", data.get("date"), required=True),
        "time": c.clock_time("time", data.get("time")),
        "status": status,
        "offence_type": c.choice("offence_type", data.get("offence_type"), OFFENCE_TYPES, required=True),
        "office": _office(c, c.mapping("office", data.get("office"))),
        "reporting_officer": c.text("reporting_officer", data.get("reporting_officer"), limit=200),
        "narrative": c.text("narrative", data.get("narrative"), limit=20_000),
        "outcome": _outcome(c, c.mapping("outcome", data.get("outcome"))),
        "handling": _handling(c, c.mapping("handling", data.get("handling"))),
        "commodities": [_commodity(c, f"commodities.{i}", item) for i, item in
                        enumerate(c.items("commodities", data.get("commodities"), limit=LIMITS["commodities"]))],
        "detection": _detection(c, c.mapping("detection", data.get("detection")), required=not draft),
        "conveyance": _conveyance(c, c.mapping("conveyance", data.get("conveyance"))),
        "route": _route(c, c.mapping("route", data.get("route"))),
        "concealment": _concealment(c, c.mapping("concealment", data.get("concealment"))),
        "parties": [_party(c, f"parties.{i}", item) for i, item in
                    enumerate(c.items("parties", data.get("parties"), limit=LIMITS["parties"]))],
        "pictures": [_picture(c, f"pictures.{i}", item) for i, item in
                     enumerate(c.items("pictures", data.get("pictures"), limit=LIMITS["pictures"]))],
    }
    if not draft and not body["commodities"]:
        c.fail("commodities", N_("Add at least one commodity line (a draft may have none)."))
    unknown = set(data) - set(body) - METADATA
    for name in sorted(unknown):
        c.fail(name, N_("Unknown field."))
    c.raise_if_any()
    return body


# Fields the node adds around the body in API responses and exports; accepted (and ignored) on input.
METADATA = frozenset({"id", "revision", "created_at", "updated_at", "created_by", "updated_by", "origin",
                      "sent_to_global_at"})


def _reference(c: Checker, value: Any) -> str:
    text = c.text("reference", value, limit=64, required=True)
    if not REFERENCE_RE.fullmatch(text):
        c.fail("reference", N_("Use letters, digits, spaces and - / . _ only."))
    return " ".join(text.split())


def _office(c: Checker, data: dict[str, Any]) -> dict[str, str]:
    return {
        "code": c.slug("office.code", data.get("code")),
        "name": c.text("office.name", data.get("name"), limit=200),
        "place": c.text("office.place", data.get("place"), limit=200),
        "locode": c.locode("office.locode", data.get("locode")),
        "country": c.country("office.country", data.get("country")),
    }


def _outcome(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    types = c.items("outcome.types", data.get("types"), limit=LIMITS["outcomes"])
    return {
        "types": sorted({c.slug(f"outcome.types.{i}", t) for i, t in enumerate(types)} - {""}),
        "note": c.text("outcome.note", data.get("note"), limit=2000),
    }


def _handling(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": c.choice("handling.code", data.get("code") or "H1", HANDLING_CODES),
        "sharing": c.choice("handling.sharing", data.get("sharing") or "national", SHARING_SCOPES),
        "onward": c.boolean("handling.onward", data.get("onward")),
        "note": c.text("handling.note", data.get("note"), limit=1000),
    }


def _commodity(c: Checker, path: str, data: Any) -> dict[str, Any]:
    data = c.mapping(path, data)
    category = c.choice(f"{path}.category", data.get("category"), CATEGORIES, required=True)
    line = {
        "category": category,
        "drug_type": c.slug(f"{path}.drug_type", data.get("drug_type")),
        "species": c.text(f"{path}.species", data.get("species"), limit=200),
        "cites_appendix": c.choice(f"{path}.cites_appendix", data.get("cites_appendix"), CITES_APPENDICES),
        "brand": c.text(f"{path}.brand", data.get("brand"), limit=200),
        "weapon_type": c.slug(f"{path}.weapon_type", data.get("weapon_type")),
        "hs_code": c.hs_code(f"{path}.hs_code", data.get("hs_code")),
        "description": c.text(f"{path}.description", data.get("description"), limit=2000),
        "quantity": c.decimal(f"{path}.quantity", data.get("quantity")),
        "unit": c.slug(f"{path}.unit", data.get("unit")),
        "value": c.decimal(f"{path}.value", data.get("value")),
        "currency": c.currency(f"{path}.currency", data.get("currency")),
    }
    if line["quantity"] and not line["unit"]:
        c.fail(f"{path}.unit", N_("Give the unit of the quantity."))
    if line["value"] and not line["currency"]:
        c.fail(f"{path}.currency", N_("Give the currency of the value."))
    if category == "cites" and not line["species"]:
        c.fail(f"{path}.species", N_("Name the species of a CITES seizure."))
    return line


def _detection(c: Checker, data: dict[str, Any], *, required: bool) -> dict[str, str]:
    return {
        "method": c.slug("detection.method", data.get("method"), required=required),
        "note": c.text("detection.note", data.get("note"), limit=2000),
    }


def _conveyance(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    containers = []
    for i, raw in enumerate(c.items("conveyance.container_numbers", data.get("container_numbers"),
                                    limit=LIMITS["containers"])):
        number = raw.replace(" ", "").replace("-", "").upper() if isinstance(raw, str) else ""
        if not is_container_number(number):
            if len(number) == 11 and number[10].isdigit() and number[:10].isalnum() and number[:4].isalpha():
                c.fail(f"conveyance.container_numbers.{i}",
                       N_("The check digit of {number} is wrong: it should be {digit} (ISO 6346)."),
                       number=number, digit=container_check_digit(number[:10]))
            else:
                c.fail(f"conveyance.container_numbers.{i}",
                       N_("Enter a container number: owner code, category letter, six digits and check digit, "
                          "e.g. CSQU3054383."))
            continue
        if number not in containers:
            containers.append(number)
    document = c.mapping("conveyance.transport_document", data.get("transport_document"))
    return {
        "mode": c.choice("conveyance.mode", data.get("mode"), MODES),
        "carrier": c.text("conveyance.carrier", data.get("carrier"), limit=200),
        "identifier": c.text("conveyance.identifier", data.get("identifier"), limit=100),
        "container_numbers": containers,
        "transport_document": {
            "type": c.choice("conveyance.transport_document.type", document.get("type"), TRANSPORT_DOCUMENT_TYPES),
            "number": c.text("conveyance.transport_document.number", document.get("number"), limit=100),
        },
    }


def _route(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
    transit = [c.country(f"route.transit.{i}", code, required=True) for i, code in
               enumerate(c.items("route.transit", data.get("transit"), limit=LIMITS["transit"]))]
    ports = []
    for i, item in enumerate(c.items("route.ports", data.get("ports"), limit=LIMITS["ports"])):
        port = c.mapping(f"route.ports.{i}", item)
        entry = {"locode": c.locode(f"route.ports.{i}.locode", port.get("locode")),
                 "name": c.text(f"route.ports.{i}.name", port.get("name"), limit=200)}
        if not entry["locode"] and not entry["name"]:
            c.fail(f"route.ports.{i}", N_("Give the port's UN/LOCODE or its name."))
        ports.append(entry)
    return {
        "departure": c.country("route.departure", data.get("departure")),
        "transit": [code for code in transit if code],
        "destination": c.country("route.destination", data.get("destination")),
        "ports": ports,
    }


def _concealment(c: Checker, data: dict[str, Any]) -> dict[str, str]:
    return {
        "method": c.slug("concealment.method", data.get("method")),
        "description": c.text("concealment.description", data.get("description"), limit=2000),
    }


def _party(c: Checker, path: str, data: Any) -> dict[str, str]:
    data = c.mapping(path, data)
    kind = c.choice(f"{path}.kind", data.get("kind") or "person", PARTY_KINDS)
    return {
        "kind": kind,
        "role": c.slug(f"{path}.role", data.get("role"), required=True),
        "name": c.text(f"{path}.name", data.get("name"), limit=300, required=True),
        "ref": c.text(f"{path}.ref", data.get("ref"), limit=64),
    }


def _picture(c: Checker, path: str, data: Any) -> dict[str, str]:
    data = c.mapping(path, data)
    digest = data.get("sha256")
    if not isinstance(digest, str) or len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
        c.fail(f"{path}.sha256", N_("A picture is referred to by the SHA-256 of its content."))
        digest = ""
    return {
        "sha256": digest,
        "media_type": c.choice(f"{path}.media_type", data.get("media_type"),
                               {"image/jpeg", "image/png", "image/webp"}, required=True),
        "caption": c.text(f"{path}.caption", data.get("caption"), limit=500),
    }


def countries_on_route(body: dict[str, Any]) -> set[str]:
    """Return every country a case's route touches (departure, transits, destination, ports)."""
    route = body["route"]
    codes = {route["departure"], route["destination"], *route["transit"]}
    codes |= {port["locode"][:2] for port in route["ports"] if port["locode"]}
    return codes - {""}


def validate_seizure_body(body: Mapping[str, Any]) -> None:
    """Check a received seizure body: it must be exactly its own normal form (no extra or unchecked field).

    Raises:
        ValueError: the body breaks a rule, or is not in normal form.
    """
    try:
        normalised = normalise_seizure(dict(body))
    except RecordInvalid as exc:
        raise ValueError(f"seizure body: {exc}") from exc
    if normalised != body:
        raise ValueError("seizure body is not in its normal form")

