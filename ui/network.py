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
MIN_WIDTH, MIN_HEIGHT = 760.0, 420.0  # a small network is still drawn wide, as a tablet's screen is
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
    """A line between two placed nodes (bent away from the centre when it does not touch it), with its roles."""

    path: str
    label_x: float
    label_y: float
    label: str


def _edge(a: tuple[float, float], b: tuple[float, float], label: str) -> PlacedEdge:
    """Return a straight edge from the centre, or one bent outwards between two other nodes."""
    (x1, y1), (x2, y2) = a, b
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    if (x1, y1) == (0.0, 0.0) or (x2, y2) == (0.0, 0.0):
        return PlacedEdge(f"M {x1} {y1} L {x2} {y2}", round(mx, 1), round(my - 4, 1), label)
    # Bend the curve away from the centre, so that a line between two neighbours never crosses the record.
    length = math.hypot(mx, my)
    if length < 1:
        nx, ny = -(y2 - y1), x2 - x1
        length, mx, my = math.hypot(nx, ny) or 1.0, nx, ny
        cx, cy = mx / length * INNER * 0.8, my / length * INNER * 0.8
    else:
        cx, cy = mx + mx / length * INNER * 0.5, my + my / length * INNER * 0.5
    lx, ly = (x1 + 2 * cx + x2) / 4, (y1 + 2 * cy + y2) / 4  # the curve's middle
    return PlacedEdge(f"M {x1} {y1} Q {round(cx, 1)} {round(cy, 1)} {x2} {y2}", round(lx, 1), round(ly - 4, 1),
                      label)


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
    inner = sorted((k for k in neighbours.get(center or "", []) if k in nodes),
                   key=lambda k: (order.get(nodes[k]["kind"], 3), nodes[k].get("date", ""), nodes[k]["label"]))
    positions: dict[str, tuple[float, float]] = {center: (0.0, 0.0)} if center else {}
    angles: dict[str, float] = {}
    for i, key in enumerate(inner):
        angle = math.pi + 2 * math.pi * i / max(len(inner), 1)  # from the left, so two neighbours sit side by side
        angles[key] = angle
        positions[key] = (round(INNER * math.cos(angle), 1), round(INNER * math.sin(angle), 1))
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
            positions[key] = (round(OUTER * math.cos(angle), 1), round(OUTER * math.sin(angle), 1))
    placed = [PlacedNode(key, n["kind"], _short(n["label"]), n["label"], n.get("url"), positions[key][0],
                         positions[key][1], bool(n.get("center")), n.get("linked", True))
              for key, n in nodes.items()]
    edges = [_edge(positions[e["source"]], positions[e["target"]], ", ".join(role_label(r) for r in e["roles"]))
             for e in network["edges"] if e["source"] in positions and e["target"] in positions]
    xs = [p.x for p in placed] or [0.0]
    ys = [p.y for p in placed] or [0.0]
    width = max(max(xs) - min(xs) + 2 * MARGIN, MIN_WIDTH)
    height = max(max(ys) - min(ys) + MARGIN, MIN_HEIGHT)
    left = (min(xs) + max(xs)) / 2 - width / 2
    top = (min(ys) + max(ys)) / 2 - height / 2
    return Layout(placed, edges, f"{left:.0f} {top:.0f} {width:.0f} {height:.0f}", bool(network.get("truncated")))
