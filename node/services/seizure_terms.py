"""What a case body contributes to the search indexes and links, and what changed between two revisions."""

from __future__ import annotations

from typing import Any

from protocol.records.seizure import countries_on_route
from store.seizures import IndexTerms

# Facet prefixes: one filter of the list each. Values are codes, so a facet never holds free text.
FACETS = {
    "status": "st", "offence_type": "ot", "office": "off", "detection": "det", "mode": "mode",
    "category": "cat", "drug_type": "drug", "hs": "hs", "country": "cty", "concealment": "conc",
}


def facet(name: str, value: str) -> str:
    """Return the facet string of a filter value, e.g. ``facet("country", "NG") == "cty:NG"``."""
    return f"{FACETS[name]}:{value}"


def index_terms(body: dict[str, Any]) -> IndexTerms:
    """Return the facets and full-text columns of a case body."""
    facets = {facet("status", body["status"]), facet("offence_type", body["offence_type"])}
    single = (("office", body["office"]["code"]), ("detection", body["detection"]["method"]),
              ("mode", body["conveyance"]["mode"]), ("concealment", body["concealment"]["method"]))
    facets.update(facet(name, value) for name, value in single if value)
    goods, names = [], []
    for line in body["commodities"]:
        facets.add(facet("category", line["category"]))
        if line["drug_type"]:
            facets.add(facet("drug_type", line["drug_type"]))
        code = line["hs_code"]
        facets.update(facet("hs", code[:n]) for n in (2, 4, 6) if len(code) >= n)
        goods += [line["description"], line["species"], line["brand"], line["drug_type"], line["weapon_type"]]
    facets.update(facet("country", code) for code in countries_on_route(body))
    conveyance = body["conveyance"]
    goods += [body["concealment"]["description"], body["office"]["name"], body["office"]["place"]]
    names += [party["name"] for party in body["parties"]]
    names += [body["reporting_officer"], conveyance["carrier"], conveyance["identifier"],
              conveyance["transport_document"]["number"], *conveyance["container_numbers"]]
    narrative = [body["narrative"], body["detection"]["note"], body["outcome"]["note"], body["handling"]["note"]]
    parties = frozenset((party["kind"], party["ref"], party["role"]) for party in body["parties"] if party["ref"])
    return IndexTerms(frozenset(facets), (body["reference"], _join(goods), _join(narrative), _join(names)), parties)


def _join(parts: list[str]) -> str:
    return "\n".join(p for p in parts if p)


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Return the leaves of a body as ``{"commodities.0.quantity": "12.5", ...}``."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}.{index}"))
        return out
    return {prefix: value}


def changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{path: [old, new]}`` for every leaf that differs (absent leaves read as empty)."""
    before, after = flatten(old), flatten(new)
    diff = {}
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path, ""), after.get(path, "")
        if a != b:
            diff[path] = [a, b]
    return diff
