"""Fixtures for the matcher's tests: the labelled pairs, loaded once."""

from __future__ import annotations

import pytest

from node.matching import EntityFacts, PersonFacts
from tests.node.matching.labelled import Pair, entity_pairs, person_pairs


@pytest.fixture(scope="session")
def persons() -> list[Pair[PersonFacts]]:
    """Return the labelled person pairs."""
    return person_pairs()


@pytest.fixture(scope="session")
def entities() -> list[Pair[EntityFacts]]:
    """Return the labelled company pairs."""
    return entity_pairs()
