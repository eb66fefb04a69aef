"""Match scoring: weigh the evidence that two person or company records are the same, and say why.

Each piece of evidence adds a weight, a log-odds in the Fellegi-Sunter manner: agreement on something rare
(a document number) adds much, agreement on something common (a nationality) little, and a conflict
(two different dates of birth) takes away. The sum, started from a prior that says most candidates from
blocking are not the same, goes through the logistic function to give a score between 0 and 1. The weights
are round numbers set by judgement and checked on the labelled pairs in ``tests/data/matching``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache

from node.matching.companies import company_name
from node.matching.facts import EntityFacts, IdentityDocument, PersonFacts
from node.matching.identifiers import Agreement, country_code, document_number, registration_number, tax_agreement
from node.matching.reasons import MatchResult, Reason, ReasonCode, reason
from node.matching.similarity import PARTIAL_FACTOR, NameComparison, NameKind, best_company_names, best_person_names

PERSON_THRESHOLD = 0.7
ENTITY_THRESHOLD = 0.7

PRIOR = -3.5
SAME_DOCUMENT = 9.0
SAME_DOCUMENT_NUMBER = 5.0
DIFFERENT_DOCUMENT = -4.0
SAME_DOB = 4.5
SAME_DOB_DEFAULT_DAY = 2.5  # 1 January stands in for an unknown day in many registers
SAME_BIRTH_YEAR = 1.5
SWAPPED_DOB = 1.5  # day and month swapped: the commonest slip when records cross borders
MISTYPED_DOB = 0.0  # one digit wrong: as likely a slip as another person born close by
CLOSE_BIRTH_YEAR = -1.5
DIFFERENT_DOB = -7.0
DIFFERENT_SEX = -4.0
SHARED_NATIONALITY = 0.5
DIFFERENT_NATIONALITY = -1.0
SAME_REGISTRATION = 9.0
SAME_REGISTRATION_NUMBER = 5.0
DIFFERENT_REGISTRATION = -5.0
SAME_TAX_ID = 9.0
SAME_TAX_ROOT = 7.0  # one id is the other plus a branch number or a check code
DIFFERENT_TAX_ID = -4.0
DIFFERENT_NUMBER_IN_NAME = -6.0
MISSING_NUMBER_IN_NAME = -2.0
SAME_COUNTRY = 0.5
DIFFERENT_COUNTRY = -2.5
DIFFERENT_LEGAL_FORM = -1.0
SIMILAR_NAME_FLOOR = 0.75  # below this a name pair counts as different
MIN_NUMBER_LENGTH = 4  # shorter document or registration numbers agree too often by chance

# A name that is the same once normalised is good evidence, not proof (many people share a name); through
# consonant skeletons (Arabic script) "the same" is less certain. A merely close name weighs less however
# close it is, because one letter often separates two names (Salem / Saleh, Said / Saad): the curve maps
# similarity to weight, linear between the points. Unlike names are strong evidence against, but capped so
# that a shared document still wins over an alias nobody recorded.
EXACT_NAME = 4.0
EXACT_SKELETON_NAME = 3.0
PARTIAL_NAME = 3.0  # every word of the shorter name, the first included, found unchanged in the longer
NAME_CURVE = ((0.0, -3.5), (0.6, -3.0), (0.75, -1.0), (0.85, 0.8), (0.95, 2.2), (1.0, 2.5))
# Registrars refuse a second company of the same name, so within a country a company name is rarer than a
# person's name; a name that only adds trade words, or an acronym, comes close.
EXACT_COMPANY_NAME = 5.0
PARTIAL_COMPANY_NAME = 4.0
COMPANY_NAME_CURVE = ((0.0, -3.5), (0.6, -3.0), (0.75, -1.0), (0.85, 1.0), (0.95, 2.5), (1.0, 3.0))
_DOC_TYPES = {"p": "passport", "pp": "passport", "passport": "passport", "id": "national_id",
              "idcard": "national_id", "nationalid": "national_id", "cni": "national_id", "nic": "national_id"}


# The most a pair of names can add: an exact name, or the top of the curve.
_MOST_FOR_NAMES = max(EXACT_NAME, EXACT_SKELETON_NAME, PARTIAL_NAME, NAME_CURVE[-1][1])
_BOUND_MARGIN = 0.01  # scores are rounded to four places: never leave out one that would round up to the threshold


def _logit(score: float) -> float:
    return math.log(score / (1.0 - score))


def curve(points: Sequence[tuple[float, float]], x: float) -> float:
    """Return the piecewise-linear function through points at x, flat beyond the ends."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def _result(reasons: list[Reason]) -> MatchResult:
    """Sum the weights from the prior, map them to a score, and order reasons strongest first."""
    total = PRIOR + sum(r.weight for r in reasons)
    score = 1.0 / (1.0 + math.exp(-total))
    return MatchResult(score=round(score, 4), reasons=tuple(sorted(reasons, key=lambda r: -abs(r.weight))))


def _doc_type(value: str) -> str:
    """Return a document type in one spelling."""
    compact = re.sub(r"[^a-z]", "", value.casefold())
    return _DOC_TYPES.get(compact, compact)


def _document_reasons(docs_a: Sequence[IdentityDocument], docs_b: Sequence[IdentityDocument]) -> Iterator[Reason]:
    """Yield agreement on a document number, or else a conflict between documents of one type and country."""
    best: Reason | None = None
    conflict: Reason | None = None
    for doc_a in docs_a:
        for doc_b in docs_b:
            number_a, number_b = document_number(doc_a.number), document_number(doc_b.number)
            country_a, country_b = country_code(doc_a.country), country_code(doc_b.country)
            kind = _doc_type(doc_a.type) or _doc_type(doc_b.type)
            if number_a == number_b and len(number_a) >= MIN_NUMBER_LENGTH:
                if country_a and country_b and country_a == country_b:
                    found = reason(ReasonCode.SAME_DOCUMENT, SAME_DOCUMENT, type=kind, number=doc_a.number,
                                   country=country_a)
                elif not (country_a and country_b):
                    found = reason(ReasonCode.SAME_DOCUMENT_NUMBER, SAME_DOCUMENT_NUMBER, type=kind,
                                   number=doc_a.number)
                else:
                    continue  # the same digits from two countries are two documents
                if best is None or found.weight > best.weight:
                    best = found
            elif (country_a and country_a == country_b and _doc_type(doc_a.type) == _doc_type(doc_b.type)
                    and number_a and number_b and number_a != number_b and conflict is None):
                conflict = reason(ReasonCode.DIFFERENT_DOCUMENT, DIFFERENT_DOCUMENT, type=kind, country=country_a,
                                  a=doc_a.number, b=doc_b.number)
    if best is not None:
        yield best
    elif conflict is not None:
        yield conflict


@lru_cache(maxsize=65536)
def one_digit_apart(a: date, b: date) -> bool:
    """Tell whether two dates differ in one digit, as a typing slip would."""
    return sum(x != y for x, y in zip(a.isoformat(), b.isoformat(), strict=True)) == 1


def _birth_reasons(a: PersonFacts, b: PersonFacts, names_alike: bool) -> Iterator[Reason]:
    """Yield the agreement or conflict between two persons' dates or years of birth."""
    if a.date_of_birth and b.date_of_birth:
        dob_a, dob_b = a.date_of_birth, b.date_of_birth
        if dob_a == dob_b:
            weight = SAME_DOB_DEFAULT_DAY if (dob_a.month, dob_a.day) == (1, 1) else SAME_DOB
            code = ReasonCode.SAME_DOB_SIMILAR_NAME if names_alike else ReasonCode.SAME_DOB
            yield reason(code, weight, dob=dob_a.isoformat())
        elif (dob_a.year, dob_a.month, dob_a.day) == (dob_b.year, dob_b.day, dob_b.month):
            yield reason(ReasonCode.CLOSE_DOB, SWAPPED_DOB, a=dob_a.isoformat(), b=dob_b.isoformat())
        elif one_digit_apart(dob_a, dob_b):
            yield reason(ReasonCode.CLOSE_DOB, MISTYPED_DOB, a=dob_a.isoformat(), b=dob_b.isoformat())
        else:
            yield reason(ReasonCode.DIFFERENT_DOB, DIFFERENT_DOB, a=dob_a.isoformat(), b=dob_b.isoformat())
        return
    year_a, year_b = a.year_of_birth, b.year_of_birth
    if year_a is None or year_b is None:
        return
    if year_a == year_b:
        yield reason(ReasonCode.SAME_BIRTH_YEAR, SAME_BIRTH_YEAR, year=year_a)
    elif abs(year_a - year_b) == 1:  # a year given alone is often an estimate
        yield reason(ReasonCode.CLOSE_DOB, CLOSE_BIRTH_YEAR, a=year_a, b=year_b)
    else:
        yield reason(ReasonCode.DIFFERENT_DOB, DIFFERENT_DOB, a=year_a, b=year_b)


_PERSON_NAME_CODES = {
    NameKind.SAME: ReasonCode.SAME_NAME,
    NameKind.REORDERED: ReasonCode.REORDERED_NAME,
    NameKind.TRANSLITERATED: ReasonCode.TRANSLITERATED_NAME,
    NameKind.PARTIAL: ReasonCode.PARTIAL_NAME,
    NameKind.SIMILAR: ReasonCode.SIMILAR_NAME,
    NameKind.ACRONYM: ReasonCode.SIMILAR_NAME,
}


def _person_name_reason(found: NameComparison) -> Reason:
    """Turn the best name agreement into a reason weighted by its similarity."""
    if found.exact:
        weight = EXACT_NAME if found.similarity >= 1.0 else EXACT_SKELETON_NAME
    elif found.kind is NameKind.PARTIAL and found.similarity >= PARTIAL_FACTOR:
        weight = PARTIAL_NAME
    else:
        weight = curve(NAME_CURVE, found.similarity)
    if found.similarity < SIMILAR_NAME_FLOOR:
        code = ReasonCode.DIFFERENT_NAME
    elif found.alias:
        code = ReasonCode.ALIAS_NAME
    else:
        code = _PERSON_NAME_CODES[found.kind]
    return reason(code, weight, a=found.a_name, b=found.b_name, similarity=f"{found.similarity:.2f}")


def score_persons(a: PersonFacts, b: PersonFacts) -> MatchResult:
    """Score how likely two person records describe the same person, with the reasons."""
    result = _score_persons(a, b, -math.inf)
    assert result is not None
    return result


def score_persons_reaching(a: PersonFacts, b: PersonFacts, score: float) -> MatchResult | None:
    """Score two persons as ``score_persons`` does, or return None when their names, however alike, could not
    bring the score to ``score`` (comparing names is most of the work, and most candidates are far off)."""
    return _score_persons(a, b, _logit(score) - _BOUND_MARGIN)


def _score_persons(a: PersonFacts, b: PersonFacts, needed: float) -> MatchResult | None:
    documents = list(_document_reasons(a.documents, b.documents))
    births = list(_birth_reasons(a, b, names_alike=False))
    others = list(_nationality_reasons(a.nationalities, b.nationalities))
    if a.sex and b.sex and a.sex.upper() != b.sex.upper():
        others.insert(0, reason(ReasonCode.DIFFERENT_SEX, DIFFERENT_SEX, a=a.sex, b=b.sex))
    if PRIOR + sum(r.weight for r in (*documents, *births, *others)) + _MOST_FOR_NAMES < needed:
        return None
    reasons = documents
    found = best_person_names(a.all_names, len(a.names), b.all_names, len(b.names))
    names_alike = found is not None and found.similarity >= SIMILAR_NAME_FLOOR
    if found is not None:
        reasons.append(_person_name_reason(found))
    reasons.extend(_birth_reasons(a, b, names_alike) if names_alike else births)
    return _result(reasons + others)


def _nationality_reasons(a: Sequence[str], b: Sequence[str]) -> Iterator[Reason]:
    """Yield a shared nationality, or the lack of one when both persons have some recorded."""
    codes_a = {c for c in (country_code(x) for x in a) if c}
    codes_b = {c for c in (country_code(x) for x in b) if c}
    if not codes_a or not codes_b:
        return
    if shared := sorted(codes_a & codes_b):
        yield reason(ReasonCode.SHARED_NATIONALITY, SHARED_NATIONALITY, country=", ".join(shared))
    else:
        yield reason(ReasonCode.DIFFERENT_NATIONALITY, DIFFERENT_NATIONALITY, a=", ".join(sorted(codes_a)),
                     b=", ".join(sorted(codes_b)))


def _registration_reasons(a: EntityFacts, b: EntityFacts) -> Iterator[Reason]:
    """Yield agreement or conflict between two companies' registration numbers."""
    if not a.registration_number or not b.registration_number:
        return
    place_a, place_b = country_code(a.jurisdiction), country_code(b.jurisdiction)
    number_a = registration_number(a.registration_number, place_a or place_b)
    number_b = registration_number(b.registration_number, place_b or place_a)
    if number_a == number_b and len(number_a) >= MIN_NUMBER_LENGTH:
        if place_a and place_a == place_b:
            yield reason(ReasonCode.SAME_REGISTRATION, SAME_REGISTRATION, number=a.registration_number,
                         jurisdiction=place_a)
        elif not (place_a and place_b):
            yield reason(ReasonCode.SAME_REGISTRATION_NUMBER, SAME_REGISTRATION_NUMBER,
                         number=a.registration_number)
    elif number_a != number_b and place_a and place_a == place_b:
        yield reason(ReasonCode.DIFFERENT_REGISTRATION, DIFFERENT_REGISTRATION, jurisdiction=place_a,
                     a=a.registration_number, b=b.registration_number)


def _tax_reasons(a: EntityFacts, b: EntityFacts) -> Iterator[Reason]:
    """Yield a shared tax or trader id, or else a conflict between two ids of the same scheme and country."""
    conflict: Reason | None = None
    same_home = not (a.home and b.home) or country_code(a.home) == country_code(b.home)
    for tax_a in a.tax_ids:
        for tax_b in b.tax_ids:
            agreement = tax_agreement(tax_a.value, tax_b.value)
            if agreement is Agreement.SAME and len(document_number(tax_a.value)) >= MIN_NUMBER_LENGTH:
                yield reason(ReasonCode.SAME_TAX_ID, SAME_TAX_ID, scheme=tax_a.scheme, value=tax_a.value)
                return
            if agreement is Agreement.ROOT:
                yield reason(ReasonCode.SAME_TAX_ID, SAME_TAX_ROOT, scheme=tax_a.scheme, value=tax_a.value)
                return
            if (agreement is Agreement.DIFFERENT and tax_a.scheme.casefold() == tax_b.scheme.casefold() and same_home
                    and conflict is None):
                conflict = reason(ReasonCode.DIFFERENT_TAX_ID, DIFFERENT_TAX_ID, scheme=tax_a.scheme,
                                  a=tax_a.value, b=tax_b.value)
    if conflict is not None:
        yield conflict


_COMPANY_NAME_CODES = {
    NameKind.SAME: ReasonCode.SAME_COMPANY_NAME,
    NameKind.REORDERED: ReasonCode.SAME_COMPANY_NAME,
    NameKind.TRANSLITERATED: ReasonCode.TRANSLITERATED_COMPANY_NAME,
    NameKind.PARTIAL: ReasonCode.SIMILAR_COMPANY_NAME,
    NameKind.SIMILAR: ReasonCode.SIMILAR_COMPANY_NAME,
    NameKind.ACRONYM: ReasonCode.ABBREVIATED_COMPANY_NAME,
}


def _company_name_reasons(a: EntityFacts, b: EntityFacts) -> Iterator[Reason]:
    """Yield the best name agreement, a number that differs, and a legal form that differs."""
    found = best_company_names(a.names, b.names)
    if found is None:
        return
    params = {"a": found.a_name, "b": found.b_name, "similarity": f"{found.similarity:.2f}"}
    name_a, name_b = company_name(found.a_name), company_name(found.b_name)
    if name_a.numbers != name_b.numbers:  # "ACME Trading 1" is not "ACME Trading 2", nor quite "ACME Trading"
        weight = DIFFERENT_NUMBER_IN_NAME if name_a.numbers and name_b.numbers else MISSING_NUMBER_IN_NAME
        yield reason(ReasonCode.DIFFERENT_NUMBER_IN_NAME, weight, a=found.a_name, b=found.b_name)
    code = (ReasonCode.DIFFERENT_COMPANY_NAME if found.similarity < SIMILAR_NAME_FLOOR
            else _COMPANY_NAME_CODES[found.kind])
    if found.exact:
        weight = EXACT_COMPANY_NAME
    elif found.kind in (NameKind.PARTIAL, NameKind.ACRONYM):
        weight = PARTIAL_COMPANY_NAME
    else:
        weight = curve(COMPANY_NAME_CURVE, found.similarity)
    yield reason(code, weight, **params)
    forms = {name_a.legal_form, name_b.legal_form}
    if None not in forms and "co" not in forms and len(forms) == 2:
        yield reason(ReasonCode.DIFFERENT_LEGAL_FORM, DIFFERENT_LEGAL_FORM, a=name_a.legal_form, b=name_b.legal_form)


def score_entities_reaching(a: EntityFacts, b: EntityFacts, score: float) -> MatchResult | None:
    """Score two companies as ``score_entities`` does (the same call as ``score_persons_reaching``; a company's
    name weighs more than its other evidence, so none is left out early)."""
    del score
    return score_entities(a, b)


def score_entities(a: EntityFacts, b: EntityFacts) -> MatchResult:
    """Score how likely two company records describe the same company, with the reasons."""
    reasons = [*_registration_reasons(a, b), *_tax_reasons(a, b), *_company_name_reasons(a, b)]
    home_a, home_b = country_code(a.home), country_code(b.home)
    if home_a and home_b:
        if home_a == home_b:
            reasons.append(reason(ReasonCode.SAME_COUNTRY, SAME_COUNTRY, country=home_a))
        else:
            reasons.append(reason(ReasonCode.DIFFERENT_COUNTRY, DIFFERENT_COUNTRY, a=home_a, b=home_b))
    return _result(reasons)
