"""What differs between persons and entities: shape, matcher, search words, lists, messages.

``PERSONS`` and ``ENTITIES`` describe each kind to the services, which are otherwise shared. Facts for the
matcher, the words of the search index and the name a record is listed under all derive from the body, so
the body stays the single truth.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from node.matching import (
    ENTITY_THRESHOLD,
    PERSON_THRESHOLD,
    EntityFacts,
    IdentityDocument,
    MatchResult,
    PersonFacts,
    TaxId,
    compare_company_name,
    compare_person_name,
    entity_keys,
    person_keys,
    score_entities,
    score_entities_reaching,
    score_persons,
    score_persons_reaching,
)
from node.matching.companies import company_name, word_form
from node.matching.identifiers import document_number
from node.matching.names import basic_tokens, canon_token, fold, skeleton, strip_article
from node.matching.score import (
    DIFFERENT_COUNTRY,
    DIFFERENT_DOB,
    EXACT_COMPANY_NAME,
    EXACT_NAME,
    PRIOR,
    SHARED_NATIONALITY,
    one_digit_apart,
)
from node.refdata.lists import ENTITY_FIELD_LISTS, PERSON_FIELD_LISTS
from protocol.records.entity import entity_name, normalise_entity
from protocol.records.person import normalise_person
from protocol.text import N_
from store.suspect_matches import key_hash
from store.suspects import Kind

Facts = PersonFacts | EntityFacts
MAX_QUERY_WORDS = 8


@dataclass(frozen=True, slots=True)
class KeySets:
    """A record's blocking keys, hashed: those stored for it, those it looks candidates up with, and which of
    those are identifier keys (documents, registrations, tax ids)."""

    stored: frozenset[int]
    lookup: frozenset[int]
    strong: frozenset[int]


@dataclass(frozen=True, slots=True)
class KindRules:
    """How the services treat one kind of record."""

    kind: Kind
    normalise: Callable[[Any], dict[str, Any]]
    field_lists: dict[str, str]
    facts: Callable[[str, dict[str, Any]], Any]
    keys: Callable[[Any], frozenset[str]]
    key_sets: Callable[[Any], KeySets]
    hint: Callable[[dict[str, Any]], str]
    rules_out: Callable[[Any, str], bool]
    score: Callable[[Any, Any], MatchResult]
    score_reaching: Callable[[Any, Any, float], MatchResult | None]  # None: could not reach that score
    compare_name: Callable[[str, str], tuple[float, Any, bool]]
    threshold: float
    name: Callable[[dict[str, Any]], str]
    names: Callable[[dict[str, Any]], list[str]]
    terms: Callable[[dict[str, Any]], str]
    query_forms: Callable[[str], set[str]]
    not_found: str  # messages, marked for the catalogue
    received: str
    created: str  # audit action prefix: person / entity


# -- persons -------------------------------------------------------------------------------------------------

def person_names(body: dict[str, Any]) -> list[str]:
    """Return every name of a person: full name, aliases, then the name in its original script and its
    transliteration."""
    script = body.get("original_script") or {}
    found = [body.get("full_name", ""), *body.get("aliases", []), script.get("name", ""),
             script.get("transliteration", "")]
    return [name for name in dict.fromkeys(found) if name]


def person_facts(record_id: str, body: dict[str, Any]) -> PersonFacts:
    """Return what the matcher compares of a person."""
    script = body.get("original_script") or {}
    born = body.get("date_of_birth") or ""
    return PersonFacts(
        id=record_id,
        names=tuple(n for n in dict.fromkeys([body.get("full_name", ""), *body.get("aliases", [])]) if n),
        original_script_names=tuple(n for n in (script.get("name", ""), script.get("transliteration", "")) if n),
        date_of_birth=date.fromisoformat(born) if len(born) == 10 else None,
        birth_year=int(born) if len(born) == 4 else None,
        sex=body.get("sex") or None,
        nationalities=tuple(body.get("nationalities", [])),
        documents=tuple(IdentityDocument(d["type"], d["number"], d["country"] or None)
                        for d in body.get("documents", [])),
    )


def _person_word_forms(text: str) -> set[str]:
    """Return the index words of one person name: folded, canonical, skeletons, joined neighbours."""
    forms = set(fold(text).split())
    tokens = basic_tokens(text)
    for token in tokens:
        forms.update({token, canon_token(token), skeleton(token), skeleton(strip_article(token))})
    forms.update(skeleton(a + b) for a, b in pairwise(tokens))  # "Al Hassan" meets "Alhassan"
    forms.discard("")
    return forms


def _identifier_forms(values: Iterable[str]) -> set[str]:
    return {number.lower() for number in (document_number(v) for v in values) if len(number) >= 3}


def person_terms(body: dict[str, Any]) -> str:
    """Return the words the search index holds for a person."""
    forms: set[str] = set()
    for name in [*person_names(body), body.get("family_name", ""), body.get("given_names", "")]:
        if name:
            forms |= _person_word_forms(name)
    forms |= _identifier_forms(d["number"] for d in body.get("documents", []))
    forms |= _identifier_forms(body.get("phones", []))
    return " ".join(sorted(forms))


def person_query_forms(word: str) -> set[str]:
    """Return the forms under which one folded query word may appear in a person's index words."""
    forms: set[str] = set()
    for token in basic_tokens(word):
        forms.update({canon_token(token), skeleton(token), skeleton(strip_article(token))})
    return {f for f in forms if len(f) >= 2}


# -- entities ------------------------------------------------------------------------------------------------

def entity_names(body: dict[str, Any]) -> list[str]:
    """Return the legal name then the trading names of an entity."""
    return [name for name in dict.fromkeys([body.get("legal_name", ""), *body.get("trading_names", [])]) if name]


def entity_home(body: dict[str, Any]) -> str:
    """Return the country an entity belongs to: its jurisdiction, else the country of its first address."""
    registration = body.get("registration") or {}
    countries = [a["country"] for a in body.get("addresses", []) if a.get("country")]
    return str(registration.get("jurisdiction") or next(iter(countries), ""))


def entity_facts(record_id: str, body: dict[str, Any]) -> EntityFacts:
    """Return what the matcher compares of an entity."""
    registration = body.get("registration") or {}
    countries = [a["country"] for a in body.get("addresses", []) if a.get("country")]
    return EntityFacts(
        id=record_id,
        names=tuple(entity_names(body)),
        registration_number=registration.get("number") or None,
        jurisdiction=registration.get("jurisdiction") or None,
        tax_ids=tuple(TaxId(t["scheme"], t["value"]) for t in body.get("tax_ids", [])),
        country=next(iter(countries), None),
    )


def entity_terms(body: dict[str, Any]) -> str:
    """Return the words the search index holds for an entity."""
    forms: set[str] = set()
    for name in entity_names(body):
        normal = company_name(name)
        forms |= set(fold(name).split()) | set(normal.tokens) | set(normal.acronyms)
        if normal.initialism:
            forms.add(normal.initialism)
    registration = body.get("registration") or {}
    forms |= _identifier_forms([registration.get("number", ""), *(t["value"] for t in body.get("tax_ids", []))])
    forms |= _identifier_forms(body.get("phones", []))
    forms.discard("")
    return " ".join(sorted(forms))


def entity_query_forms(word: str) -> set[str]:
    """Return the forms under which one folded query word may appear in an entity's index words."""
    return {f for f in {word_form(word), *company_name(word).tokens} if len(f) >= 2}


# Name keys of companies (docs/matching.md): stored per country as well, since two companies of different
# countries never reach the threshold on their names alone (checked against the weights below).
COMPANY_NAME_KEYS = ("co:", "co2:", "coj:", "acr:", "cog:")
IDENTIFIER_KEYS = ("doc:", "docno:", "reg:", "regno:", "tax:")
_THRESHOLD_LOGIT = {name: math.log(t / (1 - t)) for name, t in (("person", PERSON_THRESHOLD),
                                                                  ("entity", ENTITY_THRESHOLD))}
# Two dates of birth that differ other than as a typing slip weigh DIFFERENT_DOB; nothing but a shared document
# (which comes through an identifier key) makes up for that. Two companies of different countries weigh
# DIFFERENT_COUNTRY; nothing but a shared identifier makes up for that. The shortcuts rest on these sums.
if _THRESHOLD_LOGIT["person"] <= PRIOR + DIFFERENT_DOB + EXACT_NAME + SHARED_NATIONALITY or \
        _THRESHOLD_LOGIT["entity"] <= PRIOR + EXACT_COMPANY_NAME + DIFFERENT_COUNTRY:
    raise RuntimeError("the matcher's weights no longer allow ruling candidates out before scoring")


def births_conflict(a: PersonFacts, dob: date | None, year: int | None) -> bool:
    """Tell whether a person's birth conflicts with another date or year beyond a slip (as the scorer judges)."""
    if a.date_of_birth and dob:
        x, y = a.date_of_birth, dob
        return x != y and (x.year, x.month, x.day) != (y.year, y.day, y.month) and not one_digit_apart(x, y)
    other = dob.year if dob else year
    return a.year_of_birth is not None and other is not None and abs(a.year_of_birth - other) >= 2


def person_rules_out(facts: PersonFacts, born: str) -> bool:
    """Tell whether a candidate met through a name key, born as its hint says, can be left unscored."""
    try:
        dob = date.fromisoformat(born) if len(born) == 10 else None
    except ValueError:
        return False
    return births_conflict(facts, dob, int(born) if len(born) == 4 and born.isdigit() else None)


def entity_rules_out(facts: EntityFacts, home: str) -> bool:
    """Tell whether a candidate met through a name key, at home in another country, can be left unscored."""
    own = (facts.home or "").strip().upper()
    return bool(own and home and home != own)


def _split(keys: frozenset[str]) -> frozenset[int]:
    return frozenset(key_hash(key) for key in keys if key.startswith(IDENTIFIER_KEYS))


def person_key_sets(facts: PersonFacts) -> KeySets:
    """Return a person's hashed blocking keys (stored and looked up alike)."""
    keys = person_keys(facts)
    hashed = frozenset(key_hash(key) for key in keys)
    return KeySets(hashed, hashed, _split(keys))


def entity_key_sets(facts: EntityFacts) -> KeySets:
    """Return an entity's hashed keys: name keys also per home country, looked up within the home country."""
    home = (facts.home or "").strip().upper()
    stored: set[str] = set()
    lookup: set[str] = set()
    for key in entity_keys(facts):
        if key.startswith("co2:") and any(len(part) == 1 for part in key[4:].split("+")):
            # A pair with a one-letter word (an initial, or "CC" read as "k") is as common as the other word
            # alone: in a Namibian register nearly every close corporation would share it. The whole-name
            # ("coj:") and single-word ("co:") keys still bring such names together.
            continue
        if not key.startswith(COMPANY_NAME_KEYS):
            stored.add(key)
            lookup.add(key)
            continue
        # Every record holds the key plain and tagged with its country ("" when unknown): a record with a home
        # looks in its own country and among records without one; a record without a home looks everywhere.
        stored |= {key, f"{key}@{home}"}
        lookup |= {f"{key}@{home}", f"{key}@"} if home else {key}
    return KeySets(frozenset(map(key_hash, stored)), frozenset(map(key_hash, lookup)), _split(frozenset(lookup)))


# -- both ----------------------------------------------------------------------------------------------------

PERSONS = KindRules(
    kind=Kind.PERSON, normalise=normalise_person, field_lists=PERSON_FIELD_LISTS, facts=person_facts,
    keys=person_keys, key_sets=person_key_sets, hint=lambda body: str(body.get("date_of_birth", "")),
    rules_out=person_rules_out, score=score_persons, score_reaching=score_persons_reaching,
    compare_name=compare_person_name,
    threshold=PERSON_THRESHOLD,
    name=lambda body: str(body.get("full_name") or (body.get("original_script") or {}).get("name", "")),
    names=person_names, terms=person_terms, query_forms=person_query_forms,
    not_found=N_("There is no such person."),
    received=N_("This person was received from {origin}; only that administration can change it."),
    created="person",
)
ENTITIES = KindRules(
    kind=Kind.ENTITY, normalise=normalise_entity, field_lists=ENTITY_FIELD_LISTS, facts=entity_facts,
    keys=entity_keys, key_sets=entity_key_sets, hint=lambda body: entity_home(body),
    rules_out=entity_rules_out, score=score_entities, score_reaching=score_entities_reaching,
    compare_name=compare_company_name,
    threshold=ENTITY_THRESHOLD,
    name=entity_name, names=entity_names, terms=entity_terms, query_forms=entity_query_forms,
    not_found=N_("There is no such entity."),
    received=N_("This entity was received from {origin}; only that administration can change it."),
    created="entity",
)
RULES = {Kind.PERSON: PERSONS, Kind.ENTITY: ENTITIES}


# A phone number typed in groups: "+264 81 555 0142", "(264) 81-555-0142", "081 555 0142".
_DIGIT_GROUPS = re.compile(r"(?<![\w+(])[+(]?\d+(?:[ .()/-]+\d+)+")


def _glued(match: re.Match[str]) -> str:
    """Join the groups of a phone number: after a + or (, or when no group has more than four digits (two
    document numbers typed side by side stay two words)."""
    text = match.group()
    groups = re.findall(r"\d+", text)
    digits = "".join(groups)
    phone = text[0] in "+(" or max(map(len, groups)) <= 4
    return digits if phone and len(digits) >= 6 else text


def search_expression(rules: KindRules, text: str, *, every_word: bool) -> tuple[str, list[str]]:
    """Return a safe FTS5 expression for a user's words, and the folded words.

    Each word matches as a prefix of an index word (search as you type) or through its normalised forms
    (spelling variants, skeletons); ``every_word`` requires all words, else any. A phone number typed in groups
    is one word: numbers are indexed whole.
    """
    words = [w for w in fold(_DIGIT_GROUPS.sub(_glued, text)).split() if w][:MAX_QUERY_WORDS]
    groups = []
    for word in words:
        forms = sorted(rules.query_forms(word) - {word})
        options = [f'"{word}"*'] + [f'"{form}"' for form in forms]
        number = document_number(word).lower()
        if number != word and len(number) >= 3:
            options.append(f'"{number}"*')
        groups.append("(" + " OR ".join(options) + ")")
    return (" AND " if every_word else " OR ").join(groups), words
