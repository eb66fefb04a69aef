"""ISO code checks shared by every record type (ISO 3166-1 alpha-2 countries, ISO 4217 currencies)."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def country_codes() -> frozenset[str]:
    """Return every ISO 3166-1 alpha-2 code."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def currency_codes() -> frozenset[str]:
    """Return every ISO 4217 alphabetic code."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def is_country(code: object) -> bool:
    """Tell whether a value is an ISO 3166-1 alpha-2 code (upper case)."""
    return isinstance(code, str) and code in country_codes()


def is_currency(code: object) -> bool:
    """Tell whether a value is an ISO 4217 code (upper case)."""
    return isinstance(code, str) and code in currency_codes()
