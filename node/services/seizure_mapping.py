"""The mapping file of a legacy CSV import: source columns, formats, defaults and value maps to node codes.

A TOML file (reference and example in docs/import.md) turns each row of another system's export into a
native row (see ``node.services.seizure_csv``): it renames columns, parses dates and decimal commas, fills
defaults and maps messy values ("Airfreight", "AIR") to the node's codes; country names and ISO alpha-3
codes become alpha-2 codes. Every mistake in the file itself is refused up front, naming the key.
"""

from __future__ import annotations

import codecs
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

import pycountry
from babel import Locale

from node.errors import Message, ServiceError
from node.services.seizure_csv import COLUMNS, COMMODITY_COLUMNS, LIST_COLUMNS, SEPARATOR, escape, split_items
from protocol.codes import is_country
from protocol.errors import ErrorCode
from protocol.text import N_

COUNTRY_COLUMNS = frozenset({"office_country", "route_departure", "route_transit", "route_destination"})
DECIMAL_COLUMNS = frozenset({"quantity", "value"})
KEYS = frozenset({"encoding", "delimiter", "list_separator", "date_format", "time_format", "decimal_comma",
                  "reference", "reference_prefix", "truncate_hs", "countries", "columns", "defaults", "values",
                  "parties"})
# Common names no ISO or CLDR list spells this way.
COUNTRY_ALIASES = {"uk": "GB", "great britain": "GB", "england": "GB", "holland": "NL", "ivory coast": "CI",
                   "drc": "CD", "dr congo": "CD", "burma": "MM", "swaziland": "SZ", "east timor": "TL"}


class ImportRefused(ServiceError):
    """The file or its mapping cannot be imported at all; nothing was written."""

    code = ErrorCode.BAD_REQUEST


@dataclass(frozen=True, slots=True)
class Mapping:
    """How to read one legacy CSV layout."""

    columns: dict[str, str]  # source column -> native column
    parties: dict[str, tuple[str, str]] = field(default_factory=dict)  # source column -> (kind, role)
    defaults: dict[str, str] = field(default_factory=dict)  # native column -> value for empty cells
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # native column -> folded value -> code
    date_formats: tuple[str, ...] = ()
    time_formats: tuple[str, ...] = ()
    decimal_comma: bool = False
    encoding: str = "utf-8"
    delimiter: str = ","
    list_separator: str = SEPARATOR
    reference_prefix: str = ""
    truncate_hs: bool = False
    countries: bool = True

    def source_of(self, column: str) -> str:
        """Return the source column a native column is read from (itself when none)."""
        return next((s for s, n in self.columns.items() if n == column), column)


def fold(text: str) -> str:
    """Return text folded for matching: case, accents, curly apostrophes and extra spaces ignored."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(fold(value), country.alpha_2)
    for language in ("en", "fr"):
        for code, name in Locale(language).territories.items():
            if is_country(code):
                index.setdefault(fold(name), code)
    for alias, code in COUNTRY_ALIASES.items():
        index.setdefault(alias, code)
    return index


def country_code(text: str) -> str | None:
    """Return the ISO alpha-2 code of a country given as alpha-2, alpha-3, or its English or French name."""
    return _country_index().get(fold(text).replace(".", "")) or _country_index().get(fold(text))


# -- loading the file ----------------------------------------------------------------------------------------

def _refuse(template: str, **params: object) -> ImportRefused:
    return ImportRefused(template, **params)


def _string(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise _refuse(N_("Key {key} of the mapping file must be text."), key=key)
    return value


def _strings(value: Any, key: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v for v in items):
        raise _refuse(N_("Key {key} of the mapping file must be a format or a list of formats."), key=key)
    return tuple(items)


def _table(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(N_("Key {key} of the mapping file must be a table."), key=key)
    return value


def _native(column: Any, key: str) -> str:
    if column not in COLUMNS:
        raise _refuse(N_("Key {key} of the mapping file names {column}, which is not a native column (see "
                         "docs/import.md)."), key=key, column=str(column))
    return str(column)


def load_mapping(data: bytes | str) -> Mapping:
    """Read and check a mapping file; raise ``ImportRefused`` naming the first wrong key or column."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        raw = tomllib.loads(text)
    except UnicodeDecodeError:
        raise _refuse(N_("The mapping file is not UTF-8 text.")) from None
    except tomllib.TOMLDecodeError as exc:
        raise _refuse(N_("The mapping file is not valid TOML: {error}."), error=str(exc)) from None
    for key in raw:
        if key not in KEYS:
            raise _refuse(N_("Unknown key {key} in the mapping file (see docs/import.md)."), key=key)
    columns: dict[str, str] = {}
    for source, native in _table(raw.get("columns", {}), "columns").items():
        columns[source] = _native(native, f"columns.{source}")
    if "reference" in raw:
        columns[_string(raw["reference"], "reference")] = "reference"
    seen: dict[str, str] = {}
    for source, native in columns.items():
        if native in seen:
            raise _refuse(N_("Native column {column} is mapped from both {first} and {second}."), column=native,
                          first=seen[native], second=source)
        seen[native] = source
    if "reference" not in seen:
        raise _refuse(N_('The mapping file names no column with the case reference (reference = "…").'))
    parties: dict[str, tuple[str, str]] = {}
    for source, role in _table(raw.get("parties", {}), "parties").items():
        kind, _, name = _string(role, f"parties.{source}").strip().lower().rpartition("/")
        if kind not in ("", "person", "entity") or not re.fullmatch(r"[a-z][a-z0-9_]{0,47}", name):
            raise _refuse(N_("Key {key} of the mapping file must read kind/role, e.g. person/driver."),
                          key=f"parties.{source}")
        parties[source] = (kind or "person", name)
    if parties and "parties" in seen:
        raise _refuse(N_("Map parties either with a parties column or with the [parties] table, not both."))
    defaults = {_native(column, f"defaults.{column}"): _string(value, f"defaults.{column}").strip()
                for column, value in _table(raw.get("defaults", {}), "defaults").items()}
    values: dict[str, dict[str, str]] = {}
    for column, table in _table(raw.get("values", {}), "values").items():
        _native(column, f"values.{column}")
        values[column] = {fold(source): _string(code, f"values.{column}.{source}").strip()
                          for source, code in _table(table, f"values.{column}").items()}
    encoding = _string(raw.get("encoding", "utf-8"), "encoding")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise _refuse(N_("Unknown encoding {encoding} in the mapping file."), encoding=encoding) from None
    flags = {}
    for key in ("decimal_comma", "truncate_hs", "countries"):
        flags[key] = raw.get(key, key == "countries")
        if not isinstance(flags[key], bool):
            raise _refuse(N_("Key {key} of the mapping file must be true or false."), key=key)
    single = {}
    for key, default in (("delimiter", ","), ("list_separator", SEPARATOR)):
        single[key] = _string(raw.get(key, default), key)
        if len(single[key]) != 1:
            raise _refuse(N_("Key {key} of the mapping file must be one character."), key=key)
    return Mapping(
        columns=columns, parties=parties, defaults=defaults, values=values,
        date_formats=_strings(raw["date_format"], "date_format") if "date_format" in raw else (),
        time_formats=_strings(raw["time_format"], "time_format") if "time_format" in raw else (),
        encoding=encoding, reference_prefix=_string(raw.get("reference_prefix", ""), "reference_prefix"),
        delimiter=single["delimiter"], list_separator=single["list_separator"], **flags,
    )


# -- applying it to a row ------------------------------------------------------------------------------------

RowMapper = Callable[[list[str]], tuple[dict[str, str], dict[str, Message]]]


def _decimal(text: str, comma: bool) -> str:
    text = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    return text.replace(".", "").replace(",", ".") if comma else text.replace(",", "")


def _when(text: str, formats: tuple[str, ...]) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)  # a calendar date: no time zone involved
        except ValueError:
            continue
    return None


def _example(formats: tuple[str, ...]) -> str:
    return datetime(2026, 3, 1, 14, 30).strftime(formats[0])


def row_mapper(mapping: Mapping, header: list[str]) -> RowMapper:
    """Return a function turning one source row into a native row and its errors (keyed by native column)."""
    index = {name: i for i, name in enumerate(header)}
    plan = [(index[source], native) for source, native in mapping.columns.items()]
    party_plan = [(index[source], kind, role) for source, (kind, role) in mapping.parties.items()]
    sep = mapping.list_separator

    def code(column: str, value: str) -> str:
        table = mapping.values.get(column)
        if table:
            mapped = table.get(fold(value))
            if mapped is not None:
                return mapped
        if column in COUNTRY_COLUMNS and mapping.countries:
            return country_code(value) or value
        return value

    def apply(cells: list[str]) -> tuple[dict[str, str], dict[str, Message]]:
        row: dict[str, str] = {}
        errors: dict[str, Message] = {}
        width = len(cells)
        for position, column in plan:
            value = cells[position].strip() if position < width else ""
            if not value:
                continue
            if column in LIST_COLUMNS:
                items = [code(column, item) for item in split_items(value, sep)]
                value = ";".join(escape(item) for item in items if item)
            elif column == "date" and mapping.date_formats:
                when = _when(value, (*mapping.date_formats, "%Y-%m-%d"))
                if when is None:
                    errors["date"] = Message(N_("Enter a date as {format}, e.g. {example}."),
                                             {"format": mapping.date_formats[0],
                                              "example": _example(mapping.date_formats)})
                else:
                    value = when.date().isoformat()
                    if any(d in mapping.date_formats[0] for d in ("%H", "%I")) and "time" not in row:
                        row["time"] = when.strftime("%H:%M")
            elif column == "time" and mapping.time_formats:
                when = _when(value, (*mapping.time_formats, "%H:%M"))
                if when is None:
                    errors["time"] = Message(N_("Enter a time as {format}, e.g. {example}."),
                                             {"format": mapping.time_formats[0],
                                              "example": _example(mapping.time_formats)})
                else:
                    value = when.strftime("%H:%M")
            elif column in DECIMAL_COLUMNS:
                value = _decimal(code(column, value), mapping.decimal_comma)
            elif column == "hs_code" and mapping.truncate_hs:
                digits = re.sub(r"[.\s]", "", value)
                value = digits[:6] if digits.isdigit() and len(digits) > 6 else value
            elif column == "reference":
                value = mapping.reference_prefix + value
            elif column != "parties":
                value = code(column, value)
            row[column] = value
        if party_plan:
            parties = []
            for position, kind, role in party_plan:
                cell = cells[position].strip() if position < width else ""
                parties += [f"{kind}/{role}: {escape(name)}" for name in split_items(cell, sep)]
            if parties:
                row["parties"] = "; ".join(parties)
        for column, value in mapping.defaults.items():
            if not row.get(column):
                row[column] = value
        return row, errors

    return apply


def missing_columns(mapping: Mapping, header: list[str]) -> list[str]:
    """Return the source columns the mapping names that the file's header lacks."""
    present = set(header)
    return [c for c in (*mapping.columns, *mapping.parties) if c not in present]


def is_commodity_column(column: str) -> bool:
    """Tell whether a native column belongs to a commodity line."""
    return column in COMMODITY_COLUMNS
