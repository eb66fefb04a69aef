"""How a large import is cut into chunks: every item once, in order, the first chunk short."""

from __future__ import annotations

import pytest

from node.services.suspects import LEAD_SHARE, chunk_starts


@pytest.mark.parametrize(("total", "size"), [(50_000, 10_000), (20_000, 6_667), (7, 3), (10_000, 10_000), (2, 10)])
def test_chunks_cover_every_item_once_and_the_first_is_short(total: int, size: int) -> None:
    starts = chunk_starts(total, size, lead=True)
    ends = [*starts[1:], total]
    lengths = [end - start for start, end in zip(starts, ends, strict=True)]
    assert starts[0] == 0 and sum(lengths) == total and all(length > 0 for length in lengths)
    assert lengths[0] == min(total, max(1, size // LEAD_SHARE))
    assert all(length <= size for length in lengths)


def test_without_a_lead_chunks_are_even_and_an_empty_import_has_none() -> None:
    assert chunk_starts(25, 10, lead=False) == [0, 10, 20]
    assert chunk_starts(0, 10, lead=True) == []
