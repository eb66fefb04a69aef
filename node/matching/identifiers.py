"""Identifier normalisation: document, registration and tax numbers as typed by many hands, and country codes."""

from __future__ import annotations

import re
from enum import Enum

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
MIN_ROOT = 7  # a tax id that extends another must extend a number long enough not to be a coincidence
MAX_SUFFIX = 6  # branch numbers and check codes added to a root id are short


class Agreement(Enum):
    """How two identifiers relate."""

    SAME = "same"
    ROOT = "root"  # one is the other plus a branch number or check code
    DIFFERENT = "different"


def document_number(value: str) -> str:
    """Return a document or registration number without spaces, dashes or case, O and I read as 0 and 1."""
    # Letters O and I are read as digits because handwritten and OCR'd passport numbers confuse them far more often than
    # two real numbers differ only there; an all-digit number loses its leading zeros, which spreadsheets drop on
    # import.
    compact = _NON_ALNUM.sub("", unidecode(value)).upper()
    compact = compact.replace("O", "0").replace("I", "1")
    if compact.isdigit():
        compact = compact.lstrip("0") or "0"
    return compact


def registration_number(value: str, jurisdiction: str | None) -> str:
    """Return a company registration number normalised, without a leading code of its own jurisdiction."""
    number = document_number(value)
    code = (jurisdiction or "").strip().upper()
    rest = number[len(code):]
    if code and number.startswith(code) and len(rest) >= 4 and rest[0].isdigit():
        number = rest.lstrip("0") or "0" if rest.isdigit() else rest
    return number


def tax_agreement(a: str, b: str) -> Agreement:
    """Tell whether two tax ids are the same, one the root of the other, or different."""
    value_a, value_b = document_number(a).lstrip("0"), document_number(b).lstrip("0")
    if value_a == value_b:
        return Agreement.SAME
    short, long = sorted((value_a, value_b), key=len)
    if len(short) >= MIN_ROOT and long.startswith(short) and len(long) - len(short) <= MAX_SUFFIX:
        return Agreement.ROOT
    return Agreement.DIFFERENT


def country_code(value: str | None) -> str | None:
    """Return an ISO country code in upper case, or None when empty."""
    if not value or not value.strip():
        return None
    return value.strip().upper()
