"""Company-name normalisation: legal forms, abbreviations, trade words, numbers and acronyms."""

from __future__ import annotations

import pytest

from node.matching.companies import company_name
from node.matching.similarity import NameKind, compare_company_name


@pytest.mark.parametrize(("a", "b"), [
    ("ACME Trading Co., Ltd.", "Acme Trading Company Limited"),
    ("Sahel Import Export SARL", "Sahel Import-Export S.A.R.L."),
    ("Hamburg Süd Logistik GmbH", "Hamburg Sud Logistik"),
    ("ООО «Ромашка»", "Romashka LLC"),
    ("Karachi Textile Mills (Pvt.) Ltd.", "Karachi Textile Mills Private Limited"),
    ("Ets Diallo & Fils", "Etablissements Diallo et Fils SARL"),
    ("A.B.C. Trading", "ABC Trading"),
    ("Zambezi Intl Freight Ltd", "Zambezi International Freight Limited"),
    ("M/s Ravi Enterprises", "Ravi Enterprises"),
])
def test_legal_forms_punctuation_and_abbreviations_fall_away(a: str, b: str) -> None:
    assert company_name(a).tokens == company_name(b).tokens
    assert compare_company_name(a, b)[2]


def test_legal_forms_are_recorded_by_family() -> None:
    assert company_name("X Ltd").legal_form == company_name("X Limited").legal_form == "ltd"
    assert company_name("ООО Икс").legal_form == company_name("X LLC").legal_form == "llc"
    assert company_name("Société X SA").legal_form == "sa"
    assert company_name("Trading Company").tokens == ("trading",)
    assert company_name("Limited").tokens == ("limited",)  # never empty a name


def test_legal_forms_only_leave_from_the_ends() -> None:
    assert "kompani" in company_name("The Shell Company of Nigeria Ltd").tokens


def test_trade_words_stay_in_the_name() -> None:
    assert company_name("ACME Trading Ltd").tokens == ("akm", "trading")
    assert company_name("ACME Trading Ltd").distinctive == ("akm",)


def test_numbers_are_kept_apart() -> None:
    assert company_name("ACME Trading 1 Ltd").numbers == frozenset({"1"})
    assert company_name("Zenith Carriers No. 5").numbers == frozenset({"5"})


def test_acronyms_meet_the_full_name() -> None:
    assert compare_company_name("MSC", "Mediterranean Shipping Company S.A.")[1] is NameKind.ACRONYM
    assert compare_company_name("KPC", "Kenya Pipeline Company Ltd")[1] is NameKind.ACRONYM


def test_added_trade_words_are_partial_but_swapped_ones_differ() -> None:
    assert compare_company_name("Golden Star Trading LLC", "Golden Star General Trading LLC")[1] is NameKind.PARTIAL
    assert compare_company_name("Golden Star Trading", "Golden Star Logistics")[0] < 0.8
    assert compare_company_name("Sahara Logistics", "Sahel Logistics")[0] < 0.6
