"""The person record (a suspect): its one JSON shape and normalisation.

The same dict is the API's request and response body (plus metadata: id, revision, origin, timestamps) and
the body of a ``person`` record in the exchange, which only ever travels between national peers (persons
are nominal: they have no non-nominal form). Names are kept as written, in any script; the node compares
them across spellings and scripts (node/matching). Identity-document types are codes from a list an
administration may extend, checked here for form only. See docs/records.md for every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from protocol.records import parts
from protocol.records.fields import Checker, RecordInvalid
from protocol.records.parts import LIMITS
from protocol.text import N_

SEXES = frozenset({"F", "M", "X"})  # as in ICAO 9303 travel documents: female, male, unspecified

# Fields the node adds around the body in API responses; accepted (and ignored) on input.
METADATA = frozenset({"id", "revision", "created_at", "updated_at", "created_by", "updated_by", "origin",
                      "deleted_at", "merged_into"})


def normalise_person(data: Any) -> dict[str, Any]:
    """Return the canonical body of a person, or raise with every invalid field named.

    Raises:
        RecordInvalid: one or more fields are missing or invalid; ``errors`` maps paths to messages.
    """
    c = Checker()
    if not isinstance(data, dict):
        c.fail("", N_("A person must be a JSON object."))
        c.raise_if_any()
    family = _name(c, "family_name", data.get("family_name"), limit=200)
    given = _name(c, "given_names", data.get("given_names"), limit=200)
    full = _name(c, "full_name", data.get("full_name"), limit=300) or " ".join(p for p in (given, family) if p)
    script = c.mapping("original_script", data.get("original_script"))
    sex = data.get("sex")
    body: dict[str, Any] = {
        "full_name": full,
        "family_name": family,
        "given_names": given,
        "original_script": {
            "name": _name(c, "original_script.name", script.get("name"), limit=300),
            "transliteration": _name(c, "original_script.transliteration", script.get("transliteration"),
                                     limit=300),
        },
        "aliases": parts.names(c, "aliases", data.get("aliases"), limit=LIMITS["aliases"]),
        "sex": c.choice("sex", sex.strip().upper() if isinstance(sex, str) else sex, SEXES),
        "date_of_birth": _birth(c, data.get("date_of_birth")),
        "place_of_birth": _place(c, c.mapping("place_of_birth", data.get("place_of_birth"))),
        "nationalities": parts.countries(c, "nationalities", data.get("nationalities"),
                                         limit=LIMITS["nationalities"]),
        "documents": [_document(c, f"documents.{i}", item) for i, item in
                      enumerate(c.items("documents", data.get("documents"), limit=LIMITS["documents"]))],
        "addresses": parts.addresses(c, data.get("addresses")),
        "phones": parts.phones(c, data.get("phones")),
        "emails": parts.emails(c, data.get("emails")),
        "occupation": c.text("occupation", data.get("occupation"), limit=200),
        "physical_description": c.text("physical_description", data.get("physical_description"), limit=2000),
        "pictures": parts.pictures(c, data.get("pictures")),
        "notes": c.text("notes", data.get("notes"), limit=20_000),
        "watch_list": parts.watch_list(c, data.get("watch_list")),
        "source": parts.source(c, data.get("source")),
    }
    if not full and not body["original_script"]["name"] and not {"full_name", "family_name", "given_names"} & set(
            c.errors):
        c.fail("full_name", N_("Give the person's name: the full name, or the family and given names."))
    if body["original_script"]["transliteration"] and not body["original_script"]["name"]:
        c.fail("original_script.name", N_("Give the name in its original script too, or leave both empty."))
    parts.refuse_unknown(c, data, body, METADATA)
    c.raise_if_any()
    return body


def _name(c: Checker, path: str, value: Any, *, limit: int) -> str:
    """Return a name with runs of spaces made one."""
    return " ".join(c.text(path, value, limit=limit).split())


def _birth(c: Checker, value: Any) -> str:
    """Return a date of birth as YYYY-MM-DD, or the year alone as YYYY when only that is known."""
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = value.strip() if isinstance(value, str) else ""
    try:
        if len(text) == 4 and text.isdigit():
            year = int(text)
        elif len(text) == 10:
            year = date.fromisoformat(text).year
        else:
            raise ValueError(text)
    except ValueError:
        c.fail("date_of_birth", N_("Enter the date of birth as YYYY-MM-DD, or the year alone as YYYY."))
        return ""
    if year < parts.MIN_BIRTH_YEAR:
        c.fail("date_of_birth", N_("Enter a year of birth after {year}."), year=parts.MIN_BIRTH_YEAR)
        return ""
    return text


def _place(c: Checker, data: dict[str, Any]) -> dict[str, str]:
    return {
        "place": c.text("place_of_birth.place", data.get("place"), limit=200),
        "country": c.country("place_of_birth.country", data.get("country")),
    }


def _document(c: Checker, path: str, data: Any) -> dict[str, str]:
    """Return an identity document: type, number as written, issuing country, expiry."""
    data = c.mapping(path, data)
    number = " ".join(c.text(f"{path}.number", data.get("number"), limit=64, required=True).split())
    return {
        "type": c.slug(f"{path}.type", data.get("type"), required=True),
        "number": number,
        "country": c.country(f"{path}.country", data.get("country")),
        "expiry": c.day(f"{path}.expiry", data.get("expiry")),
    }


def year_of_birth(body: dict[str, Any]) -> int | None:
    """Return the birth year a person body records (from the full date or the year alone), or None."""
    text = body.get("date_of_birth") or ""
    return int(text[:4]) if text[:4].isdigit() else None


def validate_person_body(body: Mapping[str, Any]) -> None:
    """Check a received person body: it must be exactly its own normal form (no extra or unchecked field).

    Raises:
        ValueError: the body breaks a rule, or is not in normal form.
    """
    try:
        normalised = normalise_person(dict(body))
    except RecordInvalid as exc:
        raise ValueError(f"person body: {exc}") from exc
    if normalised != body:
        raise ValueError("person body is not in its normal form")
