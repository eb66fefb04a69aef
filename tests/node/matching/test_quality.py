"""Measured quality: precision and recall at the default thresholds over the labelled pairs.

Run ``/work/venv/bin/pytest tests/node/matching/test_quality.py -q -s`` to print the figures and the
per-kind tables that docs/matching.md quotes: all pairs, then the development pairs (the rules were shaped
on them) and the holdout pairs (written after, never tuned on) apart. On failure the same tables and every
wrong pair, with its reasons, appear in the assertion message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from node.matching import ENTITY_THRESHOLD, PERSON_THRESHOLD, EntityFacts, PersonFacts, score_entities, score_persons
from tests.node.matching.labelled import Pair, measure

MIN_PRECISION = 0.95
MIN_RECALL = 0.90


def _check(title: str, pairs: list[Pair[Any]], score: Callable[[Any, Any], Any], threshold: float) -> None:
    """Measure all pairs and each split, print the reports, and hold the whole set to the targets."""
    quality = measure(pairs, score, threshold)
    reports = [quality.report(f"{title} at threshold {threshold}", pairs)]
    for split in ("development", "holdout"):
        part = [p for p in pairs if p.split == split]
        reports.append(measure(part, score, threshold).report(f"{title}, {split} pairs only", part))
    report = "\n".join(reports)
    print("\n" + report)
    assert quality.precision >= MIN_PRECISION and quality.recall >= MIN_RECALL, report


def test_person_matching_quality(persons: list[Pair[PersonFacts]]) -> None:
    _check("persons", persons, score_persons, PERSON_THRESHOLD)


def test_entity_matching_quality(entities: list[Pair[EntityFacts]]) -> None:
    _check("entities", entities, score_entities, ENTITY_THRESHOLD)
