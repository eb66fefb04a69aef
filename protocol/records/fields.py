"""Checking the fields of a record body: each check records a field error under the field's path.

Errors are English templates marked for translation with ``N_`` and filled in by the caller, so the same
validation serves the API (English), the web forms (the user's language) and records received from peers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from protocol.codes import is_country, is_currency
from protocol.text import N_

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # any control character but tab and newlines
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
LOCODE_RE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
HS_RE = re.compile(r"^(\d{2}|\d{4}|\d{6})$")
CONTAINER_RE = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")
MAX_DECIMAL_DIGITS = 18
# A decimal already in its normal form (no sign, exponent, separator or needless zero) of at most 18 characters
# (and so at most MAX_DECIMAL_DIGITS digits): normalising it gives it back unchanged.
NORMAL_DECIMAL_RE = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?")


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field: a translatable template and its parameters."""

    template: str
    params: dict[str, object] = field(default_factory=dict)


class RecordInvalid(ValueError):
    """A record body has invalid fields; ``errors`` maps each field path to its first error."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        self.errors = errors
        summary = "; ".join(f"{path}: {err.template.format(**err.params)}" for path, err in errors.items())
        super().__init__(summary)


class Checker:
    """Collects field errors while a body is normalised."""

    def __init__(self) -> None:
        self.errors: dict[str, FieldError] = {}

    def fail(self, path: str, template: str, **params: object) -> None:
        """Record an error for a field (the first one per field is kept)."""
        self.errors.setdefault(path, FieldError(template, params))

    def raise_if_any(self) -> None:
        """Raise ``RecordInvalid`` when any error was recorded.

        Raises:
            RecordInvalid: at least one field is invalid.
        """
        if self.errors:
            raise RecordInvalid(dict(self.errors))

    # -- scalar fields -------------------------------------------------------------------------------------------

    def text(self, path: str, value: Any, *, limit: int, required: bool = False) -> str:
        """Return stripped text (empty when absent), checking type, length and control characters."""
        if value is None or value == "":
            if required:
                self.fail(path, N_("This field is required."))
            return ""
        if not isinstance(value, str):
            self.fail(path, N_("Enter text."))
            return ""
        text = value.strip()
        if required and not text:
            self.fail(path, N_("This field is required."))
        if len(text) > limit:
            self.fail(path, N_("Use at most {n} characters."), n=limit)
            return text[:limit]
        if CONTROL_RE.search(text):
            self.fail(path, N_("Remove the control characters from this text."))
        return text

    def choice(self, path: str, value: Any, allowed: frozenset[str] | set[str], *, required: bool = False) -> str:
        """Return a code from a closed list."""
        if value is None or value == "":
            if required:
                self.fail(path, N_("Choose a value from the list."))
            return ""
        if not isinstance(value, str) or value not in allowed:
            self.fail(path, N_("Choose a value from the list."))
            return ""
        return value

    def slug(self, path: str, value: Any, *, required: bool = False) -> str:
        """Return a code from a list an administration may extend (checked against the list by the node)."""
        if value is None or value == "":
            if required:
                self.fail(path, N_("Choose a value from the list."))
            return ""
        if not isinstance(value, str) or not SLUG_RE.match(value):
            self.fail(path, N_("Choose a value from the list."))
            return ""
        return value

    def country(self, path: str, value: Any, *, required: bool = False) -> str:
        """Return an ISO 3166-1 alpha-2 country code."""
        if value is None or value == "":
            if required:
                self.fail(path, N_("Choose a country."))
            return ""
        code = value.strip().upper() if isinstance(value, str) else ""
        if not is_country(code):
            self.fail(path, N_("Choose a country from the list (ISO 3166 two-letter code)."))
            return ""
        return code

    def currency(self, path: str, value: Any) -> str:
        """Return an ISO 4217 currency code."""
        if value is None or value == "":
            return ""
        code = value.strip().upper() if isinstance(value, str) else ""
        if not is_currency(code):
            self.fail(path, N_("Enter an ISO 4217 currency code such as USD, EUR or NAD."))
            return ""
        return code

    def locode(self, path: str, value: Any) -> str:
        """Return a UN/LOCODE (country code + 3 characters, e.g. NAWVB), spaces removed."""
        if value is None or value == "":
            return ""
        code = value.replace(" ", "").strip().upper() if isinstance(value, str) else ""
        if not LOCODE_RE.match(code) or not is_country(code[:2]):
            self.fail(path, N_("Enter a UN/LOCODE: a country code and three letters or digits, e.g. NAWVB."))
            return ""
        return code

    def hs_code(self, path: str, value: Any) -> str:
        """Return an HS code of 2, 4 or 6 digits (dots and spaces removed)."""
        if value is None or value == "":
            return ""
        code = re.sub(r"[.\s]", "", value) if isinstance(value, str) else str(value) if isinstance(value, int) else ""
        if not HS_RE.match(code):
            self.fail(path, N_("Enter an HS code of 2, 4 or 6 digits, e.g. 2403 or 240311."))
            return ""
        return code

    def decimal(self, path: str, value: Any, *, required: bool = False) -> str:
        """Return a non-negative decimal as a canonical string (no exponent, no trailing zeros)."""
        if value is None or value == "":
            if required:
                self.fail(path, N_("This field is required."))
            return ""
        if type(value) is str and len(value) <= MAX_DECIMAL_DIGITS and NORMAL_DECIMAL_RE.fullmatch(value):
            return value  # the common case, and every received body: already normal
        if isinstance(value, bool) or not isinstance(value, int | str | float):
            self.fail(path, N_("Enter a number such as 12.5."))
            return ""
        try:
            number = Decimal(str(value).strip().replace(",", ".") if isinstance(value, str) else str(value))
        except InvalidOperation:
            self.fail(path, N_("Enter a number such as 12.5."))
            return ""
        if not number.is_finite() or number < 0:
            self.fail(path, N_("Enter a number of zero or more."))
            return ""
        digits = len(number.as_tuple().digits)
        if digits > MAX_DECIMAL_DIGITS:
            self.fail(path, N_("This number has too many digits."))
            return ""
        text = format(number.normalize(), "f")
        return text

    def day(self, path: str, value: Any, *, required: bool = False) -> str:
        """Return an ISO date (YYYY-MM-DD)."""
        if value is None or value == "":
            if required:
                self.fail(path, N_("Enter a date."))
            return ""
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError(value)
            return date.fromisoformat(value).isoformat()
        except ValueError:
            self.fail(path, N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."))
            return ""

    def clock_time(self, path: str, value: Any) -> str:
        """Return a time of day as HH:MM."""
        if value is None or value == "":
            return ""
        try:
            if not isinstance(value, str) or len(value) not in (5, 8):
                raise ValueError(value)
            moment = time.fromisoformat(value)
            return value if len(value) == 5 else moment.strftime("%H:%M")  # HH:MM is given back as it is
        except ValueError:
            self.fail(path, N_("Enter a time as HH:MM, e.g. 14:30."))
            return ""

    def boolean(self, path: str, value: Any, default: bool = False) -> bool:
        """Return a boolean."""
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(path, N_("Choose yes or no."))
            return default
        return value

    def items(self, path: str, value: Any, *, limit: int) -> list[Any]:
        """Return a list (absent means empty), refusing other types and overlong lists."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, N_("Enter a list."))
            return []
        if len(value) > limit:
            self.fail(path, N_("Enter at most {n} items."), n=limit)
            return value[:limit]
        return value

    def mapping(self, path: str, value: Any) -> dict[str, Any]:
        """Return an object (absent means empty)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, N_("Enter an object."))
            return {}
        return value


def container_check_digit(prefix: str) -> int:
    """Return the ISO 6346 check digit of the first ten characters of a container number."""
    values: dict[str, int] = {}
    number = 10
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if number % 11 == 0:
            number += 1  # ISO 6346 skips multiples of 11
        values[letter] = number
        number += 1
    total = sum((values[c] if c.isalpha() else int(c)) << i for i, c in enumerate(prefix))
    return total % 11 % 10


def is_container_number(text: str) -> bool:
    """Tell whether a container number is well-formed and its check digit right (e.g. CSQU3054383)."""
    return bool(CONTAINER_RE.match(text)) and container_check_digit(text[:10]) == int(text[10])
