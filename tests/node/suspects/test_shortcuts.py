"""The node's shortcuts around the matcher lose no match: the date-of-birth rule-out and company name keys
stored per country, checked on the labelled pairs (and the weights that justify them, at import)."""

from __future__ import annotations

from node.matching import ENTITY_THRESHOLD, PERSON_THRESHOLD, score_entities, score_persons
from node.services.suspect_kinds import entity_key_sets, person_key_sets
from node.services.suspect_matching import dates_rule_out
from tests.node.matching.labelled import entity_pairs, person_pairs


def test_the_date_of_birth_rule_out_never_drops_a_pair_the_matcher_would_propose() -> None:
    ruled_out = 0
    for pair in person_pairs():
        if dates_rule_out(pair.a, pair.b) or dates_rule_out(pair.b, pair.a):
            ruled_out += 1
            assert score_persons(pair.a, pair.b).score < PERSON_THRESHOLD, pair.id
            assert not pair.match or score_persons(pair.a, pair.b).score < PERSON_THRESHOLD, pair.id
    assert ruled_out >= 30  # the hard negatives with different dates of birth are skipped without scoring


def test_every_labelled_match_meets_through_the_stored_keys() -> None:
    for pairs, key_sets, score, threshold in ((person_pairs(), person_key_sets, score_persons, PERSON_THRESHOLD),
                                              (entity_pairs(), entity_key_sets, score_entities, ENTITY_THRESHOLD)):
        for pair in pairs:
            if score(pair.a, pair.b).score < threshold:
                continue
            a, b = key_sets(pair.a), key_sets(pair.b)
            assert a.lookup & b.stored and b.lookup & a.stored, pair.id


def test_company_name_keys_stay_within_a_country_unless_one_side_has_none() -> None:
    from node.matching import EntityFacts

    here = entity_key_sets(EntityFacts(id="a", names=("Sahel Logistics SARL",), country="SN"))
    there = entity_key_sets(EntityFacts(id="b", names=("Sahel Logistics SARL",), country="ML"))
    nowhere = entity_key_sets(EntityFacts(id="c", names=("Sahel Logistics",)))
    assert not here.lookup & there.stored
    assert here.lookup & nowhere.stored and nowhere.lookup & here.stored and nowhere.lookup & there.stored
