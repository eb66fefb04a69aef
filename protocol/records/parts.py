"""Parts that person and entity records share: addresses, contacts, pictures, watch list, source and evaluation.

Each function checks one part of a body with a ``Checker`` and returns it in canonical form, so that the
person and entity shapes (and their error messages) agree wherever they hold the same kind of data.
"""

from __future__ import annotations

import re
from typing import Any

from protocol.records.fields import Checker
from protocol.text import N_

# The 4x4 grading of intelligence: how reliable the source is, and how far the information is confirmed.
RELIABILITY = frozenset({"A", "B", "C", "X"})  # always, mostly, not, not assessed
ASSESSMENT = frozenset({"1", "2", "3", "4"})  # known directly, known indirectly and corroborated, not, cannot judge
PICTURE_KINDS = frozenset({"photo", "document"})
MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,38}[0-9]$")
EMAIL_RE = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\".]{2,}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MIN_BIRTH_YEAR = 1880  # older dates are typing slips; the node also refuses dates in the future

LIMITS = {"aliases": 20, "nationalities": 10, "documents": 20, "addresses": 20, "phones": 20, "emails": 20,
          "pictures": 50, "trading_names": 20, "tax_ids": 20, "types": 10, "persons": 100}


def address(c: Checker, path: str, data: Any) -> dict[str, str]:
    """Return one postal address; a row needs at least its street, city or country."""
    data = c.mapping(path, data)
    entry = {
        "street": c.text(f"{path}.street", data.get("street"), limit=300),
        "city": c.text(f"{path}.city", data.get("city"), limit=200),
        "postcode": c.text(f"{path}.postcode", data.get("postcode"), limit=20),
        "country": c.country(f"{path}.country", data.get("country")),
    }
    if not any(entry.values()) and not any(key.startswith(f"{path}.") for key in c.errors):
        c.fail(path, N_("Give at least the street, the city or the country of this address."))
    return entry


def addresses(c: Checker, data: Any) -> list[dict[str, str]]:
    """Return the ``addresses`` list."""
    return [address(c, f"addresses.{i}", item)
            for i, item in enumerate(c.items("addresses", data, limit=LIMITS["addresses"]))]


def phones(c: Checker, data: Any) -> list[str]:
    """Return phone numbers as written (digits, spaces, + ( ) . / -), without duplicates."""
    found: list[str] = []
    for i, raw in enumerate(c.items("phones", data, limit=LIMITS["phones"])):
        text = " ".join(c.text(f"phones.{i}", raw, limit=40, required=True).split())
        if text and (not PHONE_RE.match(text) or sum(ch.isdigit() for ch in text) < 4):
            c.fail(f"phones.{i}", N_("Enter a phone number with its country code, e.g. +264 61 209 2111."))
        elif text and text not in found:
            found.append(text)
    return found


def emails(c: Checker, data: Any) -> list[str]:
    """Return e-mail addresses (the domain in lower case), without duplicates."""
    found: list[str] = []
    for i, raw in enumerate(c.items("emails", data, limit=LIMITS["emails"])):
        text = c.text(f"emails.{i}", raw, limit=254, required=True)
        if text and not EMAIL_RE.match(text):
            c.fail(f"emails.{i}", N_("Enter an e-mail address such as name@example.org."))
            continue
        if text:
            local, _, domain = text.rpartition("@")
            text = f"{local}@{domain.lower()}"
            if text not in found:
                found.append(text)
    return found


def countries(c: Checker, path: str, data: Any, *, limit: int) -> list[str]:
    """Return a list of distinct country codes."""
    codes = [c.country(f"{path}.{i}", code, required=True) for i, code in enumerate(c.items(path, data, limit=limit))]
    return list(dict.fromkeys(code for code in codes if code))


def names(c: Checker, path: str, data: Any, *, limit: int) -> list[str]:
    """Return a list of distinct names (aliases, trading names), blank entries dropped."""
    found: list[str] = []
    for i, raw in enumerate(c.items(path, data, limit=limit)):
        text = " ".join(c.text(f"{path}.{i}", raw, limit=300).split())
        if text and text.casefold() not in {n.casefold() for n in found}:
            found.append(text)
    return found


def watch_list(c: Checker, data: Any) -> dict[str, Any]:
    """Return the watch-list flag and its reason (required when the flag is set)."""
    data = c.mapping("watch_list", data)
    listed = c.boolean("watch_list.listed", data.get("listed"))
    reason = c.text("watch_list.reason", data.get("reason"), limit=1000)
    if listed and not reason:
        c.fail("watch_list.reason", N_("Say why this record is on the watch list."))
    return {"listed": listed, "reason": reason}


def source(c: Checker, data: Any) -> dict[str, str]:
    """Return where the information comes from and its 4x4 evaluation."""
    data = c.mapping("source", data)
    reliability = data.get("reliability")
    assessment = data.get("assessment")
    if isinstance(assessment, int) and not isinstance(assessment, bool):
        assessment = str(assessment)
    return {
        "description": c.text("source.description", data.get("description"), limit=1000),
        "reliability": c.choice("source.reliability",
                                reliability.upper() if isinstance(reliability, str) else reliability, RELIABILITY),
        "assessment": c.choice("source.assessment", assessment, ASSESSMENT),
    }


def picture(c: Checker, path: str, data: Any) -> dict[str, str]:
    """Return one picture reference: the content hash of its shareable copy, type, caption, date and kind."""
    data = c.mapping(path, data)
    digest = data.get("sha256")
    if not isinstance(digest, str) or not SHA256_RE.match(digest):
        c.fail(f"{path}.sha256", N_("A picture is referred to by the SHA-256 of its content."))
        digest = ""
    return {
        "sha256": digest,
        "media_type": c.choice(f"{path}.media_type", data.get("media_type"), MEDIA_TYPES, required=True),
        "caption": c.text(f"{path}.caption", data.get("caption"), limit=500),
        "taken_on": c.day(f"{path}.taken_on", data.get("taken_on")),
        "kind": c.choice(f"{path}.kind", data.get("kind") or "photo", PICTURE_KINDS),
    }


def pictures(c: Checker, data: Any) -> list[dict[str, str]]:
    """Return the ``pictures`` list."""
    return [picture(c, f"pictures.{i}", item)
            for i, item in enumerate(c.items("pictures", data, limit=LIMITS["pictures"]))]


def refuse_unknown(c: Checker, data: dict[str, Any], body: dict[str, Any], metadata: frozenset[str]) -> None:
    """Record an error for every top-level field that is neither in the body nor metadata."""
    for name in sorted(set(data) - set(body) - metadata):
        c.fail(name, N_("Unknown field."))
