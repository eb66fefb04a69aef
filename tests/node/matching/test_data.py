"""The labelled set itself: size, balance, coverage, documentation, and agreement with its source script."""

from __future__ import annotations

import re
import runpy
from collections import Counter
from typing import Any

from node.matching import EntityFacts, PersonFacts
from tests.node.matching.labelled import DATA, Pair

ISSUE_KINDS = {
    "spelling_variant", "word_order", "accents", "hyphenation", "transliteration_cyrillic",
    "transliteration_arabic", "transliteration_chinese", "family_comma_given", "alias",
    "same_document_different_name_spelling", "dob_year_only", "hard_negative_common_name_different_dob",
    "hard_negative_relative", "hard_negative_different_document", "company_legal_form", "company_punctuation",
    "company_abbreviation", "hard_negative_company_number", "hard_negative_similar_company",
}
REGIONS = {"west_africa", "central_africa", "east_africa", "southern_africa", "maghreb", "middle_east",
           "south_asia", "east_asia", "southeast_asia", "latin_america", "europe"}


def test_the_set_is_large_balanced_and_covers_every_kind(persons: list[Pair[PersonFacts]],
                                                         entities: list[Pair[EntityFacts]]) -> None:
    pairs: list[Pair[Any]] = [*persons, *entities]
    assert len(pairs) >= 300
    assert sum(not p.match for p in pairs) * 3 >= len(pairs)  # at least a third hard negatives
    kinds = Counter(p.kind for p in pairs)
    assert set(kinds) >= ISSUE_KINDS
    assert all(kinds[k] >= 5 for k in ISSUE_KINDS), kinds
    assert all(p.match != p.kind.startswith("hard_negative") for p in pairs)
    assert {p.region for p in pairs} >= REGIONS
    assert len({p.id for p in pairs}) == len(pairs)


def test_the_readme_explains_every_kind(persons: list[Pair[PersonFacts]], entities: list[Pair[EntityFacts]]) -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", readme, flags=re.MULTILINE))
    kinds = {p.kind for p in persons} | {p.kind for p in entities}
    assert kinds == documented


def test_the_json_is_what_the_source_script_writes() -> None:
    build = runpy.run_path(str(DATA / "build_pairs.py"))
    for name, text in build["render"]().items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"run tests/data/matching/build_pairs.py ({name})"
