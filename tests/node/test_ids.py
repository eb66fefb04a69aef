"""Identifiers of new local records sort in the order they were made, and stay valid random UUIDs."""

from __future__ import annotations

import time
import uuid

from node.ids import new_uuid


def test_new_identifiers_are_version_7_increasing_and_distinct() -> None:
    before = time.time_ns() // 1_000_000
    made = [new_uuid() for _ in range(20_000)]  # far more than one millisecond can hold at 4,096 a millisecond
    after = time.time_ns() // 1_000_000
    assert made == sorted(made) and len(set(made)) == len(made)
    assert {u.version for u in made} == {7} and {u.variant for u in made} == {uuid.RFC_4122}
    assert before <= made[0].int >> 80 <= made[-1].int >> 80 <= after + 20_000 // 4096 + 1
    assert len({u.int & ((1 << 62) - 1) for u in made}) == len(made)  # the random part differs each time
