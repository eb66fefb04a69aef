"""The native CSV form of seizure cases: one row per commodity line, the case's fields repeated on each row.

A case is the rows that follow each other with the same ``reference``. Columns are named after the body's
paths (``office.name`` is ``office_name``); a case without commodity lines has one row with empty commodity
cells. Multi-valued cells separate items with ``;`` (``route_transit = ZA;BW``) and escape a literal ``;``,
``:`` or ``\\`` with a backslash; parties read ``kind/role: name`` (``#ref`` after the role when the party
is linked), ports ``LOCODE``, ``LOCODE: name`` or ``name``. The export writes exactly this and the import
reads it back to the same case (see docs/import.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from node.errors import Message
from protocol.text import N_

# (column, body path); the order is the order of the export's columns.
CASE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", "reference"), ("date", "date"), ("time", "time"), ("status", "status"),
    ("offence_type", "offence_type"), ("office_code", "office.code"), ("office_name", "office.name"),
    ("office_place", "office.place"), ("office_locode", "office.locode"), ("office_country", "office.country"),
    ("reporting_officer", "reporting_officer"), ("narrative", "narrative"), ("outcome_types", "outcome.types"),
    ("outcome_note", "outcome.note"), ("handling_code", "handling.code"), ("handling_sharing", "handling.sharing"),
    ("handling_onward", "handling.onward"), ("handling_note", "handling.note"),
    ("detection_method", "detection.method"), ("detection_note", "detection.note"),
    ("conveyance_mode", "conveyance.mode"), ("carrier", "conveyance.carrier"),
    ("conveyance_identifier", "conveyance.identifier"), ("container_numbers", "conveyance.container_numbers"),
    ("transport_document_type", "conveyance.transport_document.type"),
    ("transport_document_number", "conveyance.transport_document.number"),
    ("route_departure", "route.departure"), ("route_transit", "route.transit"),
    ("route_destination", "route.destination"), ("route_ports", "route.ports"),
    ("concealment_method", "concealment.method"), ("concealment_description", "concealment.description"),
    ("parties", "parties"),
)
COMMODITY_COLUMNS: tuple[str, ...] = (
    "category", "drug_type", "species", "cites_appendix", "brand", "weapon_type", "hs_code", "description",
    "quantity", "unit", "value", "currency",
)
COLUMNS: tuple[str, ...] = tuple(c for c, _ in CASE_COLUMNS) + COMMODITY_COLUMNS
CASE_PATHS: dict[str, str] = dict(CASE_COLUMNS)
PATH_COLUMNS: dict[str, str] = {path: column for column, path in CASE_COLUMNS}
LIST_COLUMNS = frozenset({"outcome_types", "container_numbers", "route_transit"})
SEPARATOR = ";"

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_LOCODE = re.compile(r"[A-Za-z]{2}[A-Za-z2-9]{3}")
_TRUE = frozenset({"yes", "true", "1", "y", "oui", "o", "vrai"})
_FALSE = frozenset({"no", "false", "0", "n", "non", "faux", ""})


# -- cells ---------------------------------------------------------------------------------------------------

def neutralise(text: str) -> str:
    """Return a cell a spreadsheet will not run as a formula (CSV injection); ``restore`` undoes it exactly."""
    return "'" + text if _FORMULA.match(text) else text


def restore(text: str) -> str:
    """Undo ``neutralise``: drop the quote the export put before a formula-like cell."""
    return text[1:] if text[:1] == "'" and _FORMULA.match(text) else text


def escape(item: str) -> str:
    """Escape the separator characters of one item of a multi-valued cell."""
    return item.replace("\\", "\\\\").replace(";", "\\;").replace(":", "\\:")


def unescape(item: str) -> str:
    """Undo ``escape``."""
    return re.sub(r"\\(.)", r"\1", item) if "\\" in item else item


def split_items(cell: str, separator: str = SEPARATOR) -> list[str]:
    """Split a multi-valued cell on unescaped separators; items are stripped, empty ones dropped."""
    if not cell:
        return []
    if "\\" not in cell:
        return [part.strip() for part in cell.split(separator) if part.strip()]
    items, current, chars = [], [], iter(cell)
    for ch in chars:
        if ch == "\\":
            current.append(ch + next(chars, ""))
        elif ch == separator:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _split_head(item: str) -> tuple[str, str] | None:
    """Split ``head: rest`` on the first unescaped colon; None when there is none."""
    escaped = False
    for index, ch in enumerate(item):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            return item[:index].strip(), item[index + 1:].strip()
    return None


def format_parties(parties: Iterable[dict[str, str]]) -> str:
    """Return the ``kind/role: name; …`` cell of a case's parties."""
    out = []
    for party in parties:
        ref = party.get("ref")
        head = f"{party.get('kind') or 'person'}/{party.get('role', '')}" + (f"#{escape(ref)}" if ref else "")
        out.append(f"{head}: {escape(party.get('name', ''))}")
    return "; ".join(out)


def parse_parties(cell: str, separator: str = SEPARATOR) -> tuple[list[dict[str, str]], Message | None]:
    """Return the parties of a ``kind/role: name; …`` cell (kind defaults to person), or why it cannot be read."""
    parties: list[dict[str, str]] = []
    for item in split_items(cell, separator):
        parts = _split_head(item)
        if parts is None:
            return parties, Message(N_("Write each party as kind/role: name, e.g. {example}."),
                                    {"example": "person/driver: John Smith"})
        head, name = parts
        head, _, ref = head.partition("#")
        kind, _, role = head.rpartition("/")
        parties.append({"kind": kind.strip().lower() or "person", "role": role.strip().lower(),
                        "name": unescape(name), "ref": unescape(ref.strip())})
    return parties, None


def format_ports(ports: Iterable[dict[str, str]]) -> str:
    """Return the ``LOCODE: name; …`` cell of a route's ports."""
    out = []
    for port in ports:
        name, locode = escape(port.get("name", "")), port.get("locode", "")
        if locode:
            out.append(f"{locode}: {name}" if name else locode)
        else:
            out.append(f": {name}" if _LOCODE.fullmatch(name) else name)
    return "; ".join(out)


def parse_ports(cell: str, separator: str = SEPARATOR) -> list[dict[str, str]]:
    """Return the ports of a ``LOCODE: name; …`` cell (an item that looks like a UN/LOCODE is one)."""
    ports = []
    for item in split_items(cell, separator):
        parts = _split_head(item)
        if parts is not None:
            ports.append({"locode": parts[0], "name": unescape(parts[1])})
        elif _LOCODE.fullmatch(item):
            ports.append({"locode": item, "name": ""})
        else:
            ports.append({"locode": "", "name": unescape(item)})
    return ports


def parse_boolean(cell: str) -> bool | None:
    """Return a yes/no cell's value (yes, true, 1, oui…; empty is no), or None when it is neither."""
    text = cell.strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


# -- case -> rows --------------------------------------------------------------------------------------------

def _leaf(body: dict[str, Any], path: str) -> Any:
    value: Any = body
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column == "parties":
        return format_parties(value)
    if column == "route_ports":
        return format_ports(value)
    if column == "handling_onward":
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(escape(str(v)) for v in value)
    return str(value)


def case_rows(body: dict[str, Any], columns: Iterable[str] = COLUMNS) -> list[dict[str, str]]:
    """Return the native rows of a case body: one per commodity line, at least one."""
    columns = list(columns)
    case = {c: _cell(c, _leaf(body, CASE_PATHS[c])) for c in columns if c in CASE_PATHS}
    lines = body.get("commodities") or [{}]
    wanted = [c for c in columns if c not in CASE_PATHS]
    return [{**case, **{c: "" if line.get(c) is None else str(line.get(c)) for c in wanted}} for line in lines]


def visible_columns(body: dict[str, Any]) -> list[str]:
    """Return the native columns a (possibly stripped) body has values or room for, in export order."""
    lines = body.get("commodities") or []
    return [c for c, path in CASE_COLUMNS if _leaf(body, path) is not None] + \
           [c for c in COMMODITY_COLUMNS if lines and c in lines[0]]


# -- rows -> case --------------------------------------------------------------------------------------------

def has_commodity(row: dict[str, str]) -> bool:
    """Tell whether a row carries a commodity line (any commodity cell filled)."""
    return any(row.get(c) for c in COMMODITY_COLUMNS)


# column -> (keys of the parent objects, leaf key), for the case's columns
_SLOTS: dict[str, tuple[tuple[str, ...], str]] = {
    column: (tuple(path.split(".")[:-1]), path.split(".")[-1]) for column, path in CASE_COLUMNS}
_COMMODITY = frozenset(COMMODITY_COLUMNS)


def rows_to_case(rows: list[dict[str, str]], *, separator: str = SEPARATOR,
                 numbers: tuple[int, ...] = ()) -> tuple[dict[str, Any], dict[str, Message]]:
    """Return the case body that native rows describe, and errors keyed by body path.

    Case fields come from the first row; a later row may repeat them or leave them empty, not contradict them.
    ``numbers`` are the rows' numbers in the file, used to name a contradicting row. Absent and empty cells
    are the same: the body then lacks the field and normalisation applies its default.
    """
    first = rows[0]
    data: dict[str, Any] = {}
    errors: dict[str, Message] = {}
    for column, cell in first.items():
        slot = _SLOTS.get(column)
        if slot is None or not cell:
            continue
        value: Any = cell
        if column in LIST_COLUMNS:
            value = [unescape(item) for item in split_items(cell, separator)]
        elif column == "parties":
            value, problem = parse_parties(cell, separator)
            if problem:
                errors["parties"] = problem
        elif column == "route_ports":
            value = parse_ports(cell, separator)
        elif column == "handling_onward":
            value = parse_boolean(cell)
            if value is None:
                errors["handling.onward"] = Message(N_("Enter yes or no."))
                continue
        parents, leaf = slot
        node = data
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    for index, row in enumerate(rows[1:], start=1):
        for column, value in row.items():
            if value and value != first.get(column) and column in _SLOTS:
                errors.setdefault(CASE_PATHS[column], Message(
                    N_("Row {row} differs here from the first row of its case; the rows of one case repeat its "
                       "fields or leave them empty."),
                    {"row": numbers[index] if index < len(numbers) else index + 1}))
    lines = []
    for row in rows:
        line = {c: v for c, v in row.items() if v and c in _COMMODITY}
        if line:
            lines.append(line)
    data["commodities"] = lines
    return data, errors


def column_of(path: str) -> tuple[str, int | None]:
    """Return the column a body path is read from, and the commodity line it belongs to (None: the case)."""
    parts = path.split(".")
    if parts[0] == "commodities" and len(parts) >= 3 and parts[1].isdigit():
        return parts[2], int(parts[1])
    while parts:
        column = PATH_COLUMNS.get(".".join(parts))
        if column:
            return column, None
        parts.pop()
    return path, None
