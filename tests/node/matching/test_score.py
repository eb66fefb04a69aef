"""Scoring: the reasons given, their weights' signs, thresholds, and which candidates may be left unscored."""

from __future__ import annotations

from datetime import date

import pytest

from node.matching import (
    ENTITY_THRESHOLD,
    PERSON_THRESHOLD,
    TEMPLATES,
    EntityFacts,
    IdentityDocument,
    PersonFacts,
    ReasonCode,
    TaxId,
    score_entities,
    score_persons,
    score_persons_reaching,
)
from tests.node.matching.labelled import Pair

DOB = date(1978, 3, 2)


def person(*person_names: str, **fields: object) -> PersonFacts:
    """Build a person with an arbitrary id."""
    return PersonFacts("x", tuple(person_names), **fields)  # type: ignore[arg-type]


def company(*company_names: str, **fields: object) -> EntityFacts:
    """Build a company with an arbitrary id."""
    return EntityFacts("x", tuple(company_names), **fields)  # type: ignore[arg-type]


def test_every_reason_code_has_a_template() -> None:
    assert set(TEMPLATES) == set(ReasonCode)


def test_same_document_is_near_certain_whatever_the_names() -> None:
    passport = (IdentityDocument("passport", "P01234567", "SD"),)
    result = score_persons(person("Abu Omar", documents=passport), person("Ibrahim Salih", documents=passport))
    assert result.codes[0] is ReasonCode.SAME_DOCUMENT
    assert result.score >= 0.85  # the unlike names lower it a little: an alias or a borrowed passport
    assert result.reasons[0].text() == "Same passport number P01234567 issued by SD"


def test_same_dob_and_similar_name_is_strong() -> None:
    result = score_persons(person("Mohammed Al-Hassan", date_of_birth=DOB),
                           person("Muhammad Alhasan", date_of_birth=DOB))
    assert {ReasonCode.SAME_DOB_SIMILAR_NAME, ReasonCode.SAME_NAME} <= set(result.codes)
    assert result.score >= 0.95


def test_transliterated_and_reordered_names_say_so() -> None:
    cyrillic = score_persons(person("Владимир Петров", date_of_birth=DOB),
                             person("Vladimir Petrov", date_of_birth=DOB))
    assert ReasonCode.TRANSLITERATED_NAME in cyrillic.codes and cyrillic.score >= PERSON_THRESHOLD
    reordered = score_persons(person("Petrov Vladimir", date_of_birth=DOB),
                              person("Vladimir Petrov", date_of_birth=DOB))
    assert ReasonCode.REORDERED_NAME in reordered.codes


def test_a_name_alone_is_not_enough() -> None:
    assert score_persons(person("Mohamed Ali"), person("Mohamed Ali")).score < PERSON_THRESHOLD


def test_conflicting_dates_of_birth_outweigh_a_common_name() -> None:
    result = score_persons(person("Mohamed Ali", date_of_birth=DOB),
                           person("Mohamed Ali", date_of_birth=date(1985, 7, 9)))
    assert ReasonCode.DIFFERENT_DOB in result.codes and result.score < 0.1
    reason = next(r for r in result.reasons if r.code is ReasonCode.DIFFERENT_DOB)
    assert not reason.supports and dict(reason.params) == {"a": "1978-03-02", "b": "1985-07-09"}


def test_a_swapped_day_and_month_still_supports() -> None:
    result = score_persons(person("Yusuf Bello Danjuma", date_of_birth=date(1985, 3, 7), nationalities=("NG",)),
                           person("Yusuf Bello Danjuma", date_of_birth=date(1985, 7, 3), nationalities=("NG",)))
    assert ReasonCode.CLOSE_DOB in result.codes and result.score >= PERSON_THRESHOLD


def test_conflicting_documents_and_sex_count_against() -> None:
    a = person("Zhang Wei", documents=(IdentityDocument("passport", "E12345678", "CN"),), sex="M")
    b = person("Zhang Wei", documents=(IdentityDocument("PASSPORT", "E87654321", "cn"),), sex="F")
    result = score_persons(a, b)
    assert {ReasonCode.DIFFERENT_DOCUMENT, ReasonCode.DIFFERENT_SEX} <= set(result.codes)
    assert result.score < 0.05


def test_relatives_do_not_match() -> None:
    twins = score_persons(person("Chidi Okeke", date_of_birth=DOB), person("Chika Okeke", date_of_birth=DOB))
    assert ReasonCode.DIFFERENT_NAME in twins.codes and twins.score < PERSON_THRESHOLD
    son_and_father = score_persons(person("Ahmed Mohamed Ali"), person("Mohamed Ali Hassan"))
    assert son_and_father.score < 0.1


def test_aliases_count_and_are_named() -> None:
    result = score_persons(person("Abdullahi Mohamed Yusuf", "Abu Hafs", date_of_birth=DOB),
                           person("Abu Hafs", date_of_birth=DOB))
    assert ReasonCode.ALIAS_NAME in result.codes and result.score >= PERSON_THRESHOLD


def test_same_registration_or_tax_id_is_near_certain() -> None:
    renamed = score_entities(company("Sahara Petroleum Ltd", registration_number="RC 123456", jurisdiction="NG"),
                             company("Sahara Energy Resources Ltd", registration_number="RC-123456", jurisdiction="NG"))
    assert renamed.codes[0] is ReasonCode.SAME_REGISTRATION and renamed.score >= 0.9
    eori = (TaxId("EORI", "FR12345678901234"),)
    taxed = score_entities(company("Transports Martin SARL", tax_ids=eori), company("Martin Transports", tax_ids=eori))
    assert taxed.codes[0] is ReasonCode.SAME_TAX_ID and taxed.score >= 0.9


def test_company_names_without_legal_forms_match() -> None:
    result = score_entities(company("Kilimanjaro Freight Ltd", country="TZ"),
                            company("Kilimanjaro Freight Limited", country="TZ"))
    assert ReasonCode.SAME_COMPANY_NAME in result.codes and result.score >= ENTITY_THRESHOLD


@pytest.mark.parametrize(("a", "b", "code"), [
    ("ACME Trading 1 Ltd", "ACME Trading 2 Ltd", ReasonCode.DIFFERENT_NUMBER_IN_NAME),
    ("Sahara Logistics SARL", "Sahel Logistics SARL", ReasonCode.DIFFERENT_COMPANY_NAME),
])
def test_near_company_names_do_not_match(a: str, b: str, code: ReasonCode) -> None:
    result = score_entities(company(a, country="ML"), company(b, country="ML"))
    assert code in result.codes and result.score < ENTITY_THRESHOLD


def test_other_countries_and_registrations_count_against() -> None:
    abroad = score_entities(company("Al Noor Trading LLC", country="AE"), company("Al Noor Trading LLC", country="OM"))
    assert ReasonCode.DIFFERENT_COUNTRY in abroad.codes and abroad.score < ENTITY_THRESHOLD
    registered = score_entities(company("Global Trading LLC", registration_number="123456", jurisdiction="AE"),
                                company("Global Trading LLC", registration_number="678901", jurisdiction="AE"))
    assert ReasonCode.DIFFERENT_REGISTRATION in registered.codes and registered.score < 0.1


def test_reasons_come_strongest_first_and_scores_stay_in_range(persons: list[Pair[PersonFacts]]) -> None:
    for pair in persons:
        result = score_persons(pair.a, pair.b)
        assert 0.0 <= result.score <= 1.0
        weights = [abs(r.weight) for r in result.reasons]
        assert weights == sorted(weights, reverse=True)
        for r in result.reasons:
            r.text()  # every template fills from its parameters


def test_far_candidates_are_left_out_only_when_their_names_could_not_save_them(
        persons: list[Pair[PersonFacts]]) -> None:
    records = [record for pair in persons for record in (pair.a, pair.b)]
    pairs = [(a, b) for i, a in enumerate(records) for b in records[i:i + 15]]
    left_out = 0
    for threshold in (0.5, PERSON_THRESHOLD, 0.9):
        for a, b in pairs:
            full = score_persons(a, b)
            early = score_persons_reaching(a, b, threshold)
            if early is None:
                assert full.score < threshold, (a, b, full)
                left_out += 1
            else:
                assert early == full
    assert left_out > len(pairs) / 10  # the shortcut is taken, or it saves nothing
