"""Audience: absolute, expanded by the origin, never containing the global CEN for nominal records."""

from __future__ import annotations

import pytest

from crypto import SigningKey
from protocol.audience import ALL_PAIRED_LABEL, Audience, Handling, parse_handling, require_recipient, resolve_audience
from protocol.reasons import ProtocolError, Reason


def keys(count: int) -> list[bytes]:
    return [SigningKey.generate().public.raw for _ in range(count)]


def test_groups_and_all_paired_are_expanded_to_explicit_recipients() -> None:
    me, namibia, botswana, kenya, global_node = keys(5)
    audience = resolve_audience(origin=me, nodes=[namibia], groups={"ESA": [botswana, kenya, me]})
    assert audience.nodes == tuple(sorted([namibia, botswana, kenya]))
    assert audience.groups == ("ESA",)
    everyone = resolve_audience(origin=me, all_paired=[namibia, botswana, global_node], global_nodes=[global_node])
    assert everyone.nodes == tuple(sorted([namibia, botswana]))
    assert everyone.groups == (ALL_PAIRED_LABEL,)


def test_global_cen_cannot_be_named_in_a_nominal_audience() -> None:
    me, namibia, global_node = keys(3)
    with pytest.raises(ProtocolError) as info:
        resolve_audience(origin=me, nodes=[namibia, global_node], global_nodes=[global_node])
    assert info.value.reason is Reason.NOMINAL_DATA


def test_global_cen_reached_through_a_group_is_left_out() -> None:
    me, namibia, global_node = keys(3)
    audience = resolve_audience(origin=me, groups={"ESA": [namibia, global_node]}, global_nodes=[global_node])
    assert audience.nodes == (namibia,)


def test_nothing_is_shared_by_default() -> None:
    (me,) = keys(1)
    with pytest.raises(ProtocolError) as info:
        resolve_audience(origin=me)
    assert info.value.reason is Reason.INVALID_FIELD
    with pytest.raises(ProtocolError):
        resolve_audience(origin=me, nodes=[me])


def test_audience_has_one_canonical_form() -> None:
    a, b = sorted(keys(2))
    assert Audience.of([b, a, b], ["W", "ESA", "W"]) == Audience(nodes=(a, b), groups=("ESA", "W"))
    for bad in ((b, a), (a, a)):
        with pytest.raises(ProtocolError):
            Audience(nodes=bad)
    with pytest.raises(ProtocolError):
        Audience(nodes=(a,), groups=("W", "ESA"))


@pytest.mark.parametrize("wire", [
    None, [], {"nodes": []}, {"groups": [], "nodes": []}, {"groups": [], "nodes": [b"x" * 31]},
    {"groups": [""], "nodes": [b"x" * 32]}, {"groups": ["a\nb"], "nodes": [b"x" * 32]},
    {"groups": ["x" * 65], "nodes": [b"x" * 32]}, {"groups": [], "nodes": b"x" * 32},
    {"groups": [], "nodes": [b"x" * 32], "hubs": []},
])
def test_malformed_wire_audiences_are_refused(wire: object) -> None:
    with pytest.raises(ProtocolError) as info:
        Audience.from_wire(wire)
    assert info.value.reason is Reason.INVALID_FIELD


def test_wire_round_trip() -> None:
    audience = Audience.of(keys(3), ["ESA"])
    assert Audience.from_wire(audience.to_wire()) == audience


def test_receiver_outside_the_audience_refuses() -> None:
    inside, outside, rotated_from = keys(3)
    audience = Audience.of([inside, rotated_from])
    require_recipient(audience, [inside])
    require_recipient(audience, [SigningKey.generate().public.raw, rotated_from])  # a node that rotated its key
    with pytest.raises(ProtocolError) as info:
        require_recipient(audience, [outside])
    assert info.value.reason is Reason.NOT_IN_AUDIENCE


def test_handling_codes() -> None:
    assert parse_handling("amber+strict") is Handling.AMBER_STRICT
    for bad in ("AMBER", "white", None, 1):
        with pytest.raises(ProtocolError):
            parse_handling(bad)
