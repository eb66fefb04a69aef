"""Blocking keys: short strings two records share when they might be the same, so candidates come from an index.

The node stores each record's keys in an indexed table; for a new record it fetches the records that share
any key and scores only those. A key must therefore be shared by every true match (recall, checked on the
labelled pairs) and by few others (selectivity: with a million persons a key should lead to tens or hundreds
of records, not thousands). Each kind of key below says which matches it catches and why it stays selective.

Words enter keys as consonant skeletons (``names.skeleton``), the one form in which "Mohammed", "Muhammad"
and "محمد" agree; a skeleton is coarse, so it is always combined with something rarer (a date of birth, a
birth year and a second word, or the whole name).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations, pairwise

from node.matching.companies import company_name
from node.matching.facts import EntityFacts, PersonFacts
from node.matching.identifiers import country_code, document_number, registration_number
from node.matching.names import FILIATION, basic_tokens, canon_token, skeleton, strip_article

MIN_DOCUMENT_NUMBER = 4  # shorter numbers are not identifiers
MIN_BARE_NUMBER = 6  # a number without its country must be long to stay rare
MIN_NAME_KEY_WORDS = 3  # a whole-name key of two words ("Mohamed Ali") would return thousands
PREFIX = 4  # company words enter pair keys by their first letters, so a typo late in a word still meets


def _word_forms(text: str) -> set[str]:
    """Return the skeletons of a name's words, of adjacent words run together, and without joined articles."""
    tokens = basic_tokens(text)
    forms: set[str] = set()
    units = [t for t in tokens if t not in FILIATION] + [a + b for a, b in pairwise(tokens)]
    for unit in units:
        for variant in {unit, strip_article(unit)}:
            forms.add(skeleton(variant) or canon_token(variant))
    forms.discard("")
    return forms


def _document_keys(person: PersonFacts) -> Iterable[str]:
    """Yield ``doc:<country>:<number>`` and, for long numbers, ``docno:<number>``."""
    # A document number and its issuing country identify one document: the most selective key there is. The bare number
    # also finds records whose country was left out or mistyped.
    for document in person.documents:
        number = document_number(document.number)
        if len(number) < MIN_DOCUMENT_NUMBER:
            continue
        if country := country_code(document.country):
            yield f"doc:{country}:{number}"
        if len(number) >= MIN_BARE_NUMBER:
            yield f"docno:{number}"


def _birth_keys(person: PersonFacts, forms: set[str]) -> Iterable[str]:
    """Yield ``dob:<year>:<day/month>:<word>`` and ``yob:<year>:<word>+<word>``."""
    # A full date of birth shared with one name word: a date holds about 50 of a million people, one word of the name
    # narrows that to a handful; day and month enter in sorted order so a swap still meets. A birth year holds about
    # 18,000, so it is paired with two words of the name; this is the key that finds records that give the year alone.
    dob = person.date_of_birth
    if dob is not None:
        low, high = sorted((dob.month, dob.day))
        for form in forms:
            yield f"dob:{dob.year}:{low:02d}-{high:02d}:{form}"
    year = person.year_of_birth
    if year is not None:
        for first, second in combinations(sorted(forms), 2):
            yield f"yob:{year}:{first}+{second}"


def _name_keys(text: str) -> Iterable[str]:
    """Yield ``name:<words>`` for names of three words or more, the words' skeletons in sorted order."""
    # Such a name is rare on its own, and this key finds a match when neither record has a date of birth or a document.
    # Two-word names are too common ("Mohamed Ali", "Zhang Wei") to be keys by themselves.
    tokens = [t for t in basic_tokens(text) if t not in FILIATION]
    if len(tokens) >= MIN_NAME_KEY_WORDS:
        yield "name:" + "|".join(sorted(skeleton(t) or canon_token(t) for t in tokens))


def person_keys(person: PersonFacts) -> frozenset[str]:
    """Return the blocking keys of a person record."""
    keys = set(_document_keys(person))
    for text in person.all_names:
        forms = _word_forms(text)
        keys.update(_birth_keys(person, forms))
        keys.update(_name_keys(text))
    return frozenset(keys)


def _company_name_keys(text: str) -> Iterable[str]:
    """Yield the name keys of one company name."""
    # ``co:<word>`` for a name with one distinctive word ("ACME" in "ACME Trading Ltd"), by its first letters;
    # ``co2:<word>+<word>`` for each pair of distinctive words, by their first letters; ``coj:<words>`` for all of them
    # run together, whole ("Tristar" / "Tri-Star"); ``acr:<letters>`` for a name written as initials and for the
    # initials of a longer one ("MSC" / "Mediterranean Shipping Company"); ``cog:<words>`` for a name made only of trade
    # words ("General Trading Company"), whole. Legal forms and trade words never make a key alone: "Trading" or "Ltd"
    # would lead to most of the register.
    name = company_name(text)
    distinctive = name.distinctive
    if not distinctive:
        if name.tokens:
            yield "cog:" + "|".join(sorted(name.tokens))
        return
    if len(distinctive) == 1:
        yield f"co:{distinctive[0][:PREFIX + 1]}"
    for first, second in combinations(sorted({w[:PREFIX] for w in distinctive}), 2):
        yield f"co2:{first}+{second}"
    yield f"coj:{''.join(distinctive)}"
    if name.initialism:
        yield f"acr:{name.initialism}"
    for acronym in name.acronyms:
        yield f"acr:{acronym}"


def entity_keys(entity: EntityFacts) -> frozenset[str]:
    """Return the blocking keys of a company record."""
    # ``reg:<jurisdiction>:<number>`` and, for long numbers, ``regno:<number>``: a registration number is unique in its
    # register. ``tax:<value>``: a tax or trader id is unique whatever scheme a record files it under (TIN, NIF, VAT,
    # EORI carry the same digits). Then the name keys of every legal or trading name.
    keys: set[str] = set()
    if entity.registration_number:
        number = registration_number(entity.registration_number, entity.jurisdiction)
        if len(number) >= MIN_DOCUMENT_NUMBER:
            if jurisdiction := country_code(entity.jurisdiction):
                keys.add(f"reg:{jurisdiction}:{number}")
            if len(number) >= MIN_BARE_NUMBER:
                keys.add(f"regno:{number}")
    for tax in entity.tax_ids:
        value = document_number(tax.value)
        if len(value) >= MIN_DOCUMENT_NUMBER:
            keys.add(f"tax:{value}")
    for text in entity.names:
        keys.update(_company_name_keys(text))
    return frozenset(keys)
