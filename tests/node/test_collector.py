"""Bulk writes pause the cycle collector, still collect now and then, and always switch it back on."""

from __future__ import annotations

import gc
import weakref

import pytest

from node.collector import collector_deferred


class Node:
    """An object that can be part of a reference cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


def make_cycle() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def failing_import() -> None:
    with collector_deferred(every=5):
        assert not gc.isenabled()
        with collector_deferred(every=5):
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer bulk write still runs
        raise RuntimeError("the import failed")


def test_the_collector_is_paused_nested_and_switched_back_on_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        failing_import()
    assert gc.isenabled()


def test_cycles_made_during_a_bulk_write_are_collected_every_few_steps() -> None:
    with collector_deferred(every=3) as step:
        cycle = make_cycle()
        step()
        step()
        assert cycle() is not None  # not collected automatically while paused
        step()  # the third step collects
        assert cycle() is None
