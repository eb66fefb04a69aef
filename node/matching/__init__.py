"""Matching persons and companies across spellings, scripts and records: pure logic, no I/O.

The node fills ``PersonFacts`` / ``EntityFacts`` from its records, stores ``person_keys`` / ``entity_keys``
in an indexed table, fetches the records sharing a key with a new one, and ranks them with
``score_persons`` / ``score_entities``; a result at or above the threshold is proposed to an analyst.
"""

from __future__ import annotations

from node.matching.facts import EntityFacts, IdentityDocument, PersonFacts, TaxId
from node.matching.keys import entity_keys, person_keys
from node.matching.reasons import TEMPLATES, MatchResult, Reason, ReasonCode
from node.matching.score import (
    ENTITY_THRESHOLD,
    PERSON_THRESHOLD,
    score_entities,
    score_entities_reaching,
    score_persons,
    score_persons_reaching,
)
from node.matching.similarity import compare_company_name, compare_person_name

__all__ = [
    "ENTITY_THRESHOLD",
    "PERSON_THRESHOLD",
    "TEMPLATES",
    "EntityFacts",
    "IdentityDocument",
    "MatchResult",
    "PersonFacts",
    "Reason",
    "ReasonCode",
    "TaxId",
    "compare_company_name",
    "compare_person_name",
    "entity_keys",
    "person_keys",
    "score_entities",
    "score_entities_reaching",
    "score_persons",
    "score_persons_reaching",
]
