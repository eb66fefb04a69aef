"""Nested form fields: ``commodities-0-quantity`` in an HTML form is ``commodities[0].quantity`` in a case.

One naming rule serves both ways: form values become the JSON shape the services check, and a service's
field error on ``commodities.0.quantity`` lands next to the input named ``commodities-0-quantity``.
"""

from __future__ import annotations

from typing import Any

from multidict import MultiDictProxy

SEPARATOR = "-"
LIST_FIELDS = frozenset({"outcome-types", "types"})  # checkbox groups: every checked value


def unflatten(form: MultiDictProxy[Any]) -> dict[str, Any]:
    """Build nested dicts and lists from dash-separated form names; empty repeated rows are dropped."""
    root: dict[str, Any] = {}
    for name in set(form.keys()):
        if name.startswith("_") or name in ("action", "revision"):
            continue
        values = [v for v in form.getall(name) if isinstance(v, str)]
        value: Any = values if name in LIST_FIELDS else (values[0] if values else "")
        _put(root, name.split(SEPARATOR), value)
    return _compact(root)


def _put(node: dict[str, Any], parts: list[str], value: Any) -> None:
    # A crafted form may send both "persons" and "persons-0-name": the group wins, in whichever order they come.
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    if not isinstance(node.get(parts[-1]), dict):
        node[parts[-1]] = value


def _compact(node: Any) -> Any:
    """Turn dicts keyed by digits into lists (in index order) and drop rows where nothing was entered."""
    if not isinstance(node, dict):
        return node.strip() if isinstance(node, str) else node
    items = {k: _compact(v) for k, v in node.items()}
    if items and all(k.isdigit() for k in items):
        rows = [items[k] for k in sorted(items, key=int)]
        return [row for row in rows if _filled(row)]
    return items


def _filled(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_filled(v) for k, v in value.items() if k != "kind")
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return bool(value)


def field_name(path: str) -> str:
    """Return the form name of a service field path."""
    return path.replace(".", SEPARATOR)


def lookup(data: Any, path: str, default: Any = "") -> Any:
    """Return the value at a dotted path (``commodities.0.unit``), or ``default`` when absent."""
    node = data
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return default
    return node
