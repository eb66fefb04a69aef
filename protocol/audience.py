"""Who may receive a record (an absolute list of node keys) and how it may be handled (a TLP 2.0 code).

The audience is absolute (EXCHANGE-NOTES, MISP lesson): the origin expands named groups (e.g. a WCO region
such as "ESA") and "all paired administrations" into explicit recipient keys when the user shares, and signs
that list. Group labels stay in the record for display only and never widen it. A relay forwards the record
unchanged, so the audience every hop sees is the one the origin signed. The global CEN is never in a nominal
record's audience: it gets a separate non-nominal record (protocol/nonnominal.py).

API:
    Handling                       TLP 2.0 handling codes: red, amber+strict, amber, green, clear
    Audience(nodes, groups=())     sorted unique 32-byte node keys; .includes(key), .to_wire(), .from_wire(v)
    resolve_audience(*, origin, nodes, groups, all_paired, global_nodes) -> Audience   (the sharing side)
    require_recipient(audience, keys)           raises ProtocolError(NOT_IN_AUDIENCE) (the receiving side)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from crypto import PUBLIC_KEY_SIZE, fingerprint
from protocol.limits import MAX_AUDIENCE_GROUPS, MAX_AUDIENCE_NODES, MAX_GROUP_LABEL_LENGTH
from protocol.reasons import ProtocolError, Reason

ALL_PAIRED_LABEL = "all_paired"


class Handling(StrEnum):
    """How recipients may use and pass on a record (FIRST Traffic Light Protocol 2.0)."""

    RED = "red"  # named recipients only, for their eyes; not passed on
    AMBER_STRICT = "amber+strict"  # the receiving administration only
    AMBER = "amber"  # the receiving administration and its national enforcement partners, need to know
    GREEN = "green"  # the enforcement community, not public
    CLEAR = "clear"  # no restriction


def parse_handling(value: object) -> Handling:
    """Return the handling code named by a wire value.

    Raises:
        ProtocolError: INVALID_FIELD when the value is not a handling code.
    """
    if isinstance(value, str):
        try:
            return Handling(value)
        except ValueError:
            pass
    raise ProtocolError(Reason.INVALID_FIELD, f"handling: unknown code {str(value)[:40]!r}")


@dataclass(frozen=True, slots=True)
class Audience:
    """The explicit recipients of a record, plus display-only group labels; one encoding per audience."""

    nodes: tuple[bytes, ...]
    groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Check the audience is well formed and in its canonical (sorted, unique) order.

        Raises:
            ProtocolError: INVALID_FIELD naming what is wrong.
        """
        if not self.nodes:
            raise ProtocolError(Reason.INVALID_FIELD, "audience.nodes: at least one recipient is required")
        if len(self.nodes) > MAX_AUDIENCE_NODES:
            raise ProtocolError(Reason.INVALID_FIELD, f"audience.nodes: more than {MAX_AUDIENCE_NODES}")
        if not all(isinstance(node, bytes) and len(node) == PUBLIC_KEY_SIZE for node in self.nodes):
            raise ProtocolError(Reason.INVALID_FIELD, "audience.nodes: each must be a 32-byte public key")
        if list(self.nodes) != sorted(set(self.nodes)):
            raise ProtocolError(Reason.INVALID_FIELD, "audience.nodes: must be sorted and unique")
        if len(self.groups) > MAX_AUDIENCE_GROUPS:
            raise ProtocolError(Reason.INVALID_FIELD, f"audience.groups: more than {MAX_AUDIENCE_GROUPS}")
        for label in self.groups:
            if not isinstance(label, str) or not 0 < len(label) <= MAX_GROUP_LABEL_LENGTH or not label.isprintable():
                raise ProtocolError(Reason.INVALID_FIELD, "audience.groups: labels are 1-64 printable characters")
        if list(self.groups) != sorted(set(self.groups)):
            raise ProtocolError(Reason.INVALID_FIELD, "audience.groups: must be sorted and unique")

    @classmethod
    def of(cls, nodes: Iterable[bytes], groups: Iterable[str] = ()) -> Audience:
        """Build an audience from keys and labels in any order, with duplicates removed.

        Raises:
            ProtocolError: INVALID_FIELD when a key or label is malformed or the audience is empty.
        """
        return cls(nodes=tuple(sorted(set(nodes))), groups=tuple(sorted(set(groups))))

    def includes(self, key: bytes) -> bool:
        """Tell whether a node key is one of the recipients."""
        return key in self.nodes

    def to_wire(self) -> dict[str, object]:
        """Return the audience as it appears in the envelope."""
        return {"groups": list(self.groups), "nodes": list(self.nodes)}

    @classmethod
    def from_wire(cls, value: object) -> Audience:
        """Parse the envelope's audience map.

        Raises:
            ProtocolError: INVALID_FIELD when the map is malformed or not in canonical order.
        """
        if not isinstance(value, dict) or set(value) != {"groups", "nodes"}:
            raise ProtocolError(Reason.INVALID_FIELD, "audience: must be a map of exactly groups and nodes")
        nodes, groups = value["nodes"], value["groups"]
        if not isinstance(nodes, list) or not isinstance(groups, list):
            raise ProtocolError(Reason.INVALID_FIELD, "audience: groups and nodes must be arrays")
        return cls(nodes=tuple(nodes), groups=tuple(groups))


def resolve_audience(*, origin: bytes, nodes: Iterable[bytes] = (), groups: Mapping[str, Iterable[bytes]] | None = None,
                     all_paired: Iterable[bytes] | None = None, global_nodes: Collection[bytes] = ()) -> Audience:
    """Expand what a user chose when sharing into the absolute audience the origin signs.

    ``nodes`` are administrations named one by one; ``groups`` maps each chosen group label to its members
    as the origin knows them now; ``all_paired`` lists every paired administration when the user chose
    "all". The origin itself and global nodes reached through a group or "all" are left out.

    Raises:
        ProtocolError: NOMINAL_DATA when a global node is named explicitly (it only ever receives the
            separate non-nominal record); INVALID_FIELD when nobody is left.
    """
    globals_ = frozenset(global_nodes)
    chosen = set(nodes)
    named_global = chosen & globals_
    if named_global:
        names = ", ".join(fingerprint(key) for key in sorted(named_global))
        raise ProtocolError(Reason.NOMINAL_DATA, f"the global CEN ({names}) receives only the non-nominal record")
    labels: set[str] = set()
    for label, members in (groups or {}).items():
        labels.add(label)
        chosen.update(members)
    if all_paired is not None:
        labels.add(ALL_PAIRED_LABEL)
        chosen.update(all_paired)
    chosen -= globals_
    chosen.discard(origin)
    return Audience.of(chosen, labels)


def require_recipient(audience: Audience, keys: Collection[bytes]) -> None:
    """Check that one of a node's keys (its current key and any it rotated from) is in the audience.

    Raises:
        ProtocolError: NOT_IN_AUDIENCE.
    """
    if not any(audience.includes(key) for key in keys):
        raise ProtocolError(Reason.NOT_IN_AUDIENCE, "this node is not in the record's audience")
