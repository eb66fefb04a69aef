"""Load the labelled pairs of tests/data/matching and measure the matcher on them."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from node.matching import EntityFacts, IdentityDocument, MatchResult, PersonFacts, TaxId

T = TypeVar("T")
DATA = Path(__file__).resolve().parents[2] / "data" / "matching"


@dataclass(frozen=True, slots=True)
class Pair(Generic[T]):
    """One labelled pair of records."""

    id: str
    kind: str
    match: bool
    split: str  # "development" (the rules were shaped on it) or "holdout" (written after, never tuned on)
    region: str
    a: T
    b: T


def _person(raw: dict[str, Any]) -> PersonFacts:
    """Build the facts of one person from its JSON form."""
    return PersonFacts(
        id=raw["id"], names=tuple(raw["names"]), original_script_names=tuple(raw["original_script_names"]),
        date_of_birth=date.fromisoformat(raw["date_of_birth"]) if raw["date_of_birth"] else None,
        birth_year=raw["birth_year"], sex=raw["sex"], nationalities=tuple(raw["nationalities"]),
        documents=tuple(IdentityDocument(d["type"], d["number"], d["country"]) for d in raw["documents"]),
    )


def _entity(raw: dict[str, Any]) -> EntityFacts:
    """Build the facts of one company from its JSON form."""
    return EntityFacts(
        id=raw["id"], names=tuple(raw["names"]), registration_number=raw["registration_number"],
        jurisdiction=raw["jurisdiction"], tax_ids=tuple(TaxId(t["scheme"], t["value"]) for t in raw["tax_ids"]),
        country=raw["country"],
    )


def _load(file_name: str, build: Callable[[dict[str, Any]], T]) -> list[Pair[T]]:
    """Load one file of pairs."""
    raw = json.loads((DATA / file_name).read_text(encoding="utf-8"))
    return [Pair(p["id"], p["kind"], p["label"] == "match", p["split"], p["region"], build(p["a"]), build(p["b"]))
            for p in raw]


def person_pairs() -> list[Pair[PersonFacts]]:
    """Return the labelled person pairs."""
    return _load("person_pairs.json", _person)


def entity_pairs() -> list[Pair[EntityFacts]]:
    """Return the labelled company pairs."""
    return _load("entity_pairs.json", _entity)


@dataclass(frozen=True, slots=True)
class Quality:
    """Precision and recall at a threshold, and the pairs that were wrong."""

    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int
    errors: tuple[tuple[str, str, bool, MatchResult], ...]

    def report(self, title: str, pairs: Iterable[Pair[Any]]) -> str:
        """Return a table of results per kind and the wrong pairs with their reasons."""
        by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        wrong = {pair_id for pair_id, _, _, _ in self.errors}
        for pair in pairs:
            by_kind[pair.kind][0] += 1
            by_kind[pair.kind][1] += pair.id not in wrong
        lines = [f"{title}: precision {self.precision:.3f}, recall {self.recall:.3f} "
                 f"(TP {self.true_positives}, FP {self.false_positives}, FN {self.false_negatives})"]
        lines += [f"  {kind:45} {right:3}/{total:3} right" for kind, (total, right) in sorted(by_kind.items())]
        for pair_id, kind, expected, result in self.errors:
            label = "missed match" if expected else "false match"
            lines.append(f"  {label}: {pair_id} {kind} score {result.score:.3f}")
            lines += [f"      {r.weight:+6.2f} {r.text()}" for r in result.reasons]
        return "\n".join(lines)


def measure(pairs: Iterable[Pair[T]], score: Callable[[T, T], MatchResult], threshold: float) -> Quality:
    """Score every pair and count agreements with the labels at a threshold."""
    tp = fp = fn = 0
    errors = []
    for pair in pairs:
        result = score(pair.a, pair.b)
        predicted = result.score >= threshold
        tp += predicted and pair.match
        fp += predicted and not pair.match
        fn += pair.match and not predicted
        if predicted != pair.match:
            errors.append((pair.id, pair.kind, pair.match, result))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return Quality(precision, recall, tp, fp, fn, tuple(errors))
