"""The facts the matcher compares: what the node extracts from a person or company record before matching.

The matcher never sees records, rows or requests, only these frozen values; the services fill them from
whatever the store holds (names in every script, documents, identifiers) and keep the ids to map results back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


class IdentityDocument(NamedTuple):
    """One identity document: its type (passport, national_id…), number as written, and issuing country."""

    type: str
    number: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What identifies a person: names as written (full name first, then aliases) and stable attributes."""

    id: str
    names: tuple[str, ...] = ()
    original_script_names: tuple[str, ...] = ()
    date_of_birth: date | None = None
    birth_year: int | None = None
    sex: str | None = None
    nationalities: tuple[str, ...] = ()
    documents: tuple[IdentityDocument, ...] = ()

    @property
    def year_of_birth(self) -> int | None:
        """Return the birth year from the full date when known, else the year recorded alone."""
        return self.date_of_birth.year if self.date_of_birth else self.birth_year

    @property
    def all_names(self) -> tuple[str, ...]:
        """Return the Latin-script names followed by the original-script names."""
        return self.names + self.original_script_names


class TaxId(NamedTuple):
    """A tax or trader identifier: its scheme (TIN, EORI, VAT, NIF…) and value as written."""

    scheme: str
    value: str


@dataclass(frozen=True, slots=True)
class EntityFacts:
    """What identifies a company: legal and trading names, registration and tax identifiers, country."""

    id: str
    names: tuple[str, ...] = ()
    registration_number: str | None = None
    jurisdiction: str | None = None
    tax_ids: tuple[TaxId, ...] = ()
    country: str | None = None

    @property
    def home(self) -> str | None:
        """Return the country the company belongs to: its jurisdiction, else its recorded country."""
        return self.jurisdiction or self.country
