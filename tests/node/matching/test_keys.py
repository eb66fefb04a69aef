"""Blocking keys: every labelled match shares one, and lookups in a large register stay small."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from statistics import mean
from typing import Any

import pytest

from node.matching import EntityFacts, IdentityDocument, PersonFacts, TaxId, entity_keys, person_keys
from tests.node.matching import population
from tests.node.matching.labelled import Pair


def _missed(pairs: Sequence[Pair[Any]], keys: Callable[[Any], frozenset[str]]) -> list[str]:
    """Return the labelled matches whose records share no key."""
    return [f"{p.id} {p.kind}" for p in pairs if p.match and not keys(p.a) & keys(p.b)]


def test_every_labelled_person_match_shares_a_key(persons: list[Pair[PersonFacts]]) -> None:
    assert _missed(persons, person_keys) == []  # blocking recall 1.0


def test_every_labelled_company_match_shares_a_key(entities: list[Pair[EntityFacts]]) -> None:
    assert _missed(entities, entity_keys) == []  # blocking recall 1.0


def test_person_keys_by_kind() -> None:
    person = PersonFacts(id="1", names=("Mohammed Al-Hassan",), date_of_birth=date(1978, 3, 2),
                         documents=(IdentityDocument("passport", "P 0123-4567", "sd"),))
    keys = person_keys(person)
    assert {"doc:SD:P01234567", "docno:P01234567", "dob:1978:02-03:mhmd", "yob:1978:hsn+mhmd"} <= keys
    assert not any(k.startswith("name:") for k in keys)  # two words are too common to be a key alone
    swapped = PersonFacts(id="2", names=("Muhammad Hasan",), date_of_birth=date(1978, 2, 3))
    assert "dob:1978:02-03:mhmd" in person_keys(swapped)  # day and month swapped still meet


def test_arabic_script_and_latin_share_keys() -> None:
    arabic = PersonFacts(id="1", names=("محمد الحسن",), date_of_birth=date(1978, 3, 2))
    latin = PersonFacts(id="2", names=("Mohammed Al-Hassan",), date_of_birth=date(1978, 3, 2))
    assert person_keys(arabic) & person_keys(latin)


def test_a_person_with_nothing_but_a_short_name_has_no_key() -> None:
    assert person_keys(PersonFacts(id="1", names=("Mohamed Ali",))) == frozenset()


def test_entity_keys_by_kind() -> None:
    company = EntityFacts(id="1", names=("Mediterranean Shipping Company S.A.",), registration_number="CHE-123.456",
                          jurisdiction="CH", tax_ids=(TaxId("VAT", "CHE123456789"),))
    keys = entity_keys(company)
    assert {"reg:CH:CHE123456", "regno:CHE123456", "tax:CHE123456789", "acr:msc", "co:medit"} <= keys
    assert entity_keys(EntityFacts(id="2", names=("Acme Trading Ltd",))) == {"co:akm", "coj:akm"}
    assert "acr:acme" in entity_keys(EntityFacts(id="2", names=("ACME Trading Ltd",)))  # capitals: initials?
    assert entity_keys(EntityFacts(id="3", names=("General Trading Company",))) == {"cog:general|trading"}


def _candidates(records: Sequence[Any], keys: Callable[[Any], frozenset[str]], lookups: int) -> list[int]:
    """Index records by key and return, for the first records, how many others share a key with each."""
    index: dict[str, set[str]] = defaultdict(set)
    by_id = {}
    for record in records:
        by_id[record.id] = keys(record)
        for key in by_id[record.id]:
            index[key].add(record.id)
    counts = []
    for record in records[:lookups]:
        found: set[str] = set().union(*(index[k] for k in by_id[record.id]))
        counts.append(len(found - {record.id}))
    return sorted(counts)


@pytest.mark.parametrize(("make", "keys", "size", "target"), [
    (population.persons, person_keys, 20_000, 1_000_000),
    (population.entities, entity_keys, 20_000, 200_000),
])
def test_lookups_stay_small_in_a_skewed_register(make: Callable[[int], Sequence[Any]],
                                                  keys: Callable[[Any], frozenset[str]], size: int,
                                                  target: int) -> None:
    counts = _candidates(make(size), keys, 1000)
    scale = target / size  # candidates grow in proportion to the register
    p95 = counts[int(0.95 * len(counts))] * scale
    assert mean(counts) * scale <= 300, (mean(counts), p95)
    assert p95 <= 1000, (mean(counts), p95)
