"""Identifier normalisation: documents, registrations and tax ids as typed by many hands."""

from __future__ import annotations

import pytest

from node.matching.identifiers import Agreement, document_number, registration_number, tax_agreement


@pytest.mark.parametrize(("typed", "expected"), [
    ("P 0123-4567", "P01234567"), ("p01234567", "P01234567"), ("75 1234567", "751234567"),
    ("023456789", "23456789"), ("XO012345", "X0012345"), ("AI123", "A1123"), ("  ", ""),
])
def test_document_numbers_lose_spaces_dashes_case_and_leading_zeros(typed: str, expected: str) -> None:
    assert document_number(typed) == expected


def test_registration_numbers_lose_their_own_country_prefix() -> None:
    assert registration_number("TZ-98765", "TZ") == registration_number("98765", "TZ") == "98765"
    assert registration_number("RC 123456", "NG") == "RC123456"
    assert registration_number("TZ-98765", None) == "TZ98765"


def test_tax_ids_agree_exactly_or_by_root() -> None:
    assert tax_agreement("FR 123 456 789 01234", "FR12345678901234") is Agreement.SAME
    assert tax_agreement("005432198", "005432198 2G3") is Agreement.ROOT
    assert tax_agreement("1234", "12345") is Agreement.DIFFERENT  # too short to be a root
    assert tax_agreement("C0001234567", "C0009876543") is Agreement.DIFFERENT
