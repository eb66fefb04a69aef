"""Why two records match or not: stable reason codes, their English templates, and the match result.

Each reason carries a machine code that never changes once released, the parameters that fill its template,
and the weight it added to the match (positive for agreement, negative for conflict). The UI translates a
reason by looking its template up in the catalogue and formatting it with the parameters; the English text
here, marked with ``N_``, is the catalogue's source string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


# The catalogue's marker, the same as protocol.text's: the matcher imports nothing outside node.matching.
def N_(message: str) -> str:
    """Mark a template for the translation catalogue without translating it here."""
    return message


class ReasonCode(StrEnum):
    """What a piece of evidence says about two records."""

    SAME_DOCUMENT = "same_document"
    SAME_DOCUMENT_NUMBER = "same_document_number"
    DIFFERENT_DOCUMENT = "different_document"
    SAME_DOB_SIMILAR_NAME = "same_dob_similar_name"
    SAME_DOB = "same_dob"
    SAME_BIRTH_YEAR = "same_birth_year"
    CLOSE_DOB = "close_dob"
    DIFFERENT_DOB = "different_dob"
    SAME_NAME = "same_name"
    REORDERED_NAME = "reordered_name"
    TRANSLITERATED_NAME = "transliterated_name"
    SIMILAR_NAME = "similar_name"
    PARTIAL_NAME = "partial_name"
    ALIAS_NAME = "alias_name"
    DIFFERENT_NAME = "different_name"
    DIFFERENT_SEX = "different_sex"
    SHARED_NATIONALITY = "shared_nationality"
    DIFFERENT_NATIONALITY = "different_nationality"
    SAME_REGISTRATION = "same_registration"
    SAME_REGISTRATION_NUMBER = "same_registration_number"
    DIFFERENT_REGISTRATION = "different_registration"
    SAME_TAX_ID = "same_tax_id"
    DIFFERENT_TAX_ID = "different_tax_id"
    SAME_COMPANY_NAME = "same_company_name"
    SIMILAR_COMPANY_NAME = "similar_company_name"
    ABBREVIATED_COMPANY_NAME = "abbreviated_company_name"
    TRANSLITERATED_COMPANY_NAME = "transliterated_company_name"
    DIFFERENT_COMPANY_NAME = "different_company_name"
    DIFFERENT_NUMBER_IN_NAME = "different_number_in_name"
    SAME_COUNTRY = "same_country"
    DIFFERENT_COUNTRY = "different_country"
    DIFFERENT_LEGAL_FORM = "different_legal_form"


TEMPLATES: dict[ReasonCode, str] = {
    ReasonCode.SAME_DOCUMENT: N_("Same {type} number {number} issued by {country}"),
    ReasonCode.SAME_DOCUMENT_NUMBER: N_("Same {type} number {number} (issuing country not recorded on both)"),
    ReasonCode.DIFFERENT_DOCUMENT: N_("Different {type} numbers from {country}: {a} and {b}"),
    ReasonCode.SAME_DOB_SIMILAR_NAME: N_("Same date of birth {dob} and similar name"),
    ReasonCode.SAME_DOB: N_("Same date of birth {dob}"),
    ReasonCode.SAME_BIRTH_YEAR: N_("Born the same year, {year}"),
    ReasonCode.CLOSE_DOB: N_("Dates of birth {a} and {b} differ as a typing slip would"),
    ReasonCode.DIFFERENT_DOB: N_("Different dates of birth: {a} and {b}"),
    ReasonCode.SAME_NAME: N_("Same name: {a} / {b}"),
    ReasonCode.REORDERED_NAME: N_("Same name in another order: {a} / {b}"),
    ReasonCode.TRANSLITERATED_NAME: N_("Same name in another script: {a} / {b} (similarity {similarity})"),
    ReasonCode.SIMILAR_NAME: N_("Similar names: {a} / {b} (similarity {similarity})"),
    ReasonCode.PARTIAL_NAME: N_("One name is part of the other: {a} / {b}"),
    ReasonCode.ALIAS_NAME: N_("Names agree through an alias: {a} / {b} (similarity {similarity})"),
    ReasonCode.DIFFERENT_NAME: N_("Names differ: {a} / {b} (similarity {similarity})"),
    ReasonCode.DIFFERENT_SEX: N_("Different sex: {a} and {b}"),
    ReasonCode.SHARED_NATIONALITY: N_("Shared nationality {country}"),
    ReasonCode.DIFFERENT_NATIONALITY: N_("No nationality in common: {a} and {b}"),
    ReasonCode.SAME_REGISTRATION: N_("Same registration number {number} in {jurisdiction}"),
    ReasonCode.SAME_REGISTRATION_NUMBER: N_("Same registration number {number} (jurisdiction not recorded on both)"),
    ReasonCode.DIFFERENT_REGISTRATION: N_("Different registration numbers in {jurisdiction}: {a} and {b}"),
    ReasonCode.SAME_TAX_ID: N_("Same {scheme} {value}"),
    ReasonCode.DIFFERENT_TAX_ID: N_("Different {scheme}: {a} and {b}"),
    ReasonCode.SAME_COMPANY_NAME: N_("Same company name once legal forms are set aside: {a} / {b}"),
    ReasonCode.SIMILAR_COMPANY_NAME: N_("Similar company names: {a} / {b} (similarity {similarity})"),
    ReasonCode.ABBREVIATED_COMPANY_NAME: N_("One company name abbreviates the other: {a} / {b}"),
    ReasonCode.TRANSLITERATED_COMPANY_NAME: N_("Same company name in another script: {a} / {b}"),
    ReasonCode.DIFFERENT_COMPANY_NAME: N_("Company names differ: {a} / {b} (similarity {similarity})"),
    ReasonCode.DIFFERENT_NUMBER_IN_NAME: N_("The names differ in a number: {a} / {b}"),
    ReasonCode.SAME_COUNTRY: N_("Same country {country}"),
    ReasonCode.DIFFERENT_COUNTRY: N_("Different countries: {a} and {b}"),
    ReasonCode.DIFFERENT_LEGAL_FORM: N_("Different legal forms: {a} and {b}"),
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence: its code, the weight it added to the match, and its template's parameters."""

    code: ReasonCode
    weight: float
    params: tuple[tuple[str, str], ...] = ()

    @property
    def template(self) -> str:
        """Return the English template, the translation catalogue's source string."""
        return TEMPLATES[self.code]

    @property
    def supports(self) -> bool:
        """Tell whether this evidence speaks for the match rather than against it."""
        return self.weight > 0

    def text(self) -> str:
        """Return the reason in English with its parameters filled in."""
        return self.template.format(**dict(self.params))


def reason(code: ReasonCode, weight: float, **params: object) -> Reason:
    """Build a reason, its parameters as text in a fixed order."""
    return Reason(code, round(weight, 2), tuple((key, str(value)) for key, value in params.items()))


@dataclass(frozen=True, slots=True)
class MatchResult:
    """How likely two records describe the same person or company, and why."""

    score: float
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        """Return the reason codes in order, strongest evidence first."""
        return tuple(r.code for r in self.reasons)
