"""Laying out a record's network for a server-drawn SVG: the record in the middle, what it touches around it.

Nodes directly linked to the record (its cases and companies) sit on an inner ring, in a stable order; the
others (people and companies met through them) on an outer ring, each next to the first inner node it is
linked to, so that lines stay short. No script is needed to draw or follow it: each node is a link.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

INNER, OUTER = 200.0, 380.0
MARGIN = 110.0
MAX_LABEL = 26


@dataclass(frozen=True, slots=True)
class PlacedNode:
    """A node with its position, ready to draw."""

    key: str
    kind: str  # person | entity | case
    label: str
    title: str  # the full label, shown on hover
    url: str | None
    x: float
    y: float
    center: bool
    linked: bool  # False: a name on a case that no record in the database stands for


@dataclass(frozen=True, slots=True)
class PlacedEdge:
    """A line between two placed nodes, with the roles it stands for."""

    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclass(frozen=True, slots=True)
class Layout:
    """A drawable network and the SVG view box that holds it."""

    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    view_box: str
    truncated: bool


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"


def layout(network: dict[str, Any], role_label: Any = str) -> Layout:
    """Place the nodes of a network (``LinkService`` shape) on two rings around its centre."""
    nodes = {n["id"]: n for n in network["nodes"]}
    center = next((key for key, n in nodes.items() if n.get("center")), None)
    neighbours: dict[str, list[str]] = {key: [] for key in nodes}
    for edge in network["edges"]:
        neighbours[edge["source"]].append(edge["target"])
        neighbours[edge["target"]].append(edge["source"])
    order = {"case": 0, "entity": 1, "person": 2}
    inner = sorted((k for k in neighbours.get(center, []) if k in nodes),
                   key=lambda k: (order.get(nodes[k]["kind"], 3), nodes[k].get("date", ""), nodes[k]["label"]))
    positions: dict[str, tuple[float, float]] = {center: (0.0, 0.0)} if center else {}
    angles: dict[str, float] = {}
    for i, key in enumerate(inner):
        angle = 2 * math.pi * i / max(len(inner), 1) - math.pi / 2
        angles[key] = angle
        positions[key] = (INNER * math.cos(angle), INNER * math.sin(angle))
    outer = [k for k in nodes if k not in positions]
    groups: dict[str, list[str]] = {}
    for key in outer:
        parent = next((n for n in neighbours[key] if n in angles), "")
        groups.setdefault(parent, []).append(key)
    spread = 2 * math.pi / max(len(outer), 1)
    for parent, members in groups.items():
        base = angles.get(parent, 0.0)
        for j, key in enumerate(members):
            angle = base + (j - (len(members) - 1) / 2) * spread
            positions[key] = (OUTER * math.cos(angle), OUTER * math.sin(angle))
    placed = [PlacedNode(key, n["kind"], _short(n["label"]), n["label"], n.get("url"), round(positions[key][0], 1),
                         round(positions[key][1], 1), bool(n.get("center")), n.get("linked", True))
              for key, n in nodes.items()]
    edges = [PlacedEdge(*positions[e["source"]], *positions[e["target"]],
                        ", ".join(role_label(r) for r in e["roles"]))
             for e in network["edges"] if e["source"] in positions and e["target"] in positions]
    xs = [p.x for p in placed] or [0.0]
    ys = [p.y for p in placed] or [0.0]
    left, top = min(xs) - MARGIN, min(ys) - MARGIN / 2
    width, height = max(xs) - min(xs) + 2 * MARGIN, max(ys) - min(ys) + MARGIN
    return Layout(placed, edges, f"{left:.0f} {top:.0f} {width:.0f} {height:.0f}", bool(network.get("truncated")))
