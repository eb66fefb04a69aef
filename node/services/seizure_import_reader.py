"""Reading a CSV file of seizure cases: decode, map a legacy layout, group a case's rows, keep row numbers.

The file is read row by row (a million rows never sit in memory): with a mapping file each row is first turned
into a native row (``node.services.seizure_mapping``), then consecutive rows with the same reference become one
case (``node.services.seizure_csv``). Errors keep the source row (1 = the first row after the header) and the
column as the file names it.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from node.errors import Message
from node.services.seizure_csv import CASE_PATHS, COLUMNS, column_of, has_commodity, restore, rows_to_case
from node.services.seizure_mapping import ImportRefused, Mapping, missing_columns, row_mapper
from node.services.seizures import ImportItem
from protocol.text import N_

BATCH_SIZE = 1000
SCAN_CHUNK = 1 << 20


@dataclass(slots=True)
class Pending:
    """A case read from the file, before it is written."""

    rows: tuple[int, ...]
    line_rows: tuple[int, ...]  # the row of each commodity line
    item: ImportItem


class CaseReader:
    """Reads cases from a CSV file object (binary), in the native format or through a mapping."""

    def __init__(self, source: IO[bytes], mapping: Mapping | None = None) -> None:
        self._mapping = mapping
        encoding = mapping.encoding if mapping else "utf-8"
        self.bytes_total = _check_encoding(source, encoding)
        self._binary = source
        self._text: io.TextIOWrapper | None = io.TextIOWrapper(
            source, encoding="utf-8-sig" if _is_utf8(encoding) else encoding, newline="")
        self._rows = csv.reader(self._text, delimiter=mapping.delimiter if mapping else ",")
        self.rows_read = 0
        self._seen: set[int] = set()  # hashes of the references met, to catch a case split in two places
        try:
            self._start(mapping)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Let go of the file object without closing it: it belongs to the caller."""
        if self._text is not None:
            self._text.detach()
            self._text = None

    def _start(self, mapping: Mapping | None) -> None:
        header = self._next_cells()
        if header is None or not any(h.strip() for h in header):
            raise ImportRefused(N_("The file is empty."))
        header = [h.strip() for h in header]
        self.rows_read = 0
        duplicates = sorted({h for h in header if header.count(h) > 1 and h})
        if duplicates:
            raise ImportRefused(N_("The header names column {column} twice."), column=duplicates[0])
        if mapping is None:
            unknown = [h for h in header if h not in COLUMNS]
            if unknown:
                raise ImportRefused(N_("Unknown column {column}: without a mapping file the file must have the "
                                       "native columns (see docs/import.md)."), column=unknown[0])
            if "reference" not in header:
                raise ImportRefused(N_("The file has no reference column."))
            names = header
            self._map: Callable[[list[str]], tuple[dict[str, str], dict[str, Message]]] = \
                lambda cells: ({n: restore(c.strip()) if c[0] == "'" else c.strip()
                                for n, c in zip(names, cells, strict=False) if c}, {})
        else:
            missing = missing_columns(mapping, header)
            if missing:
                raise ImportRefused(N_("The file has no column {column}, which the mapping file names."),
                                    column=missing[0])
            self._map = row_mapper(mapping, header)
        self._width = len(header)
        self._carry: tuple[int, dict[str, str], dict[str, Message]] | None = None
        if not self._fill_carry():
            raise ImportRefused(N_("The file has a header but no rows."))

    @property
    def bytes_read(self) -> int:
        """Return how far into the file reading has gone (read-ahead included)."""
        try:
            return self._binary.tell()
        except (OSError, ValueError):
            return 0

    def _next_cells(self) -> list[str] | None:
        try:
            cells = next(self._rows, None)
        except UnicodeDecodeError:
            raise ImportRefused(N_("The file is not {encoding} text near row {row}."),
                                encoding=self._mapping.encoding if self._mapping else "UTF-8",
                                row=self.rows_read + 1) from None
        except csv.Error as exc:
            raise ImportRefused(N_("Row {row} cannot be read as CSV: {error}."), row=self.rows_read + 1,
                                error=str(exc)) from None
        if cells is not None:
            self.rows_read += 1
        return cells

    def _fill_carry(self) -> bool:
        """Read the next non-blank row into the carry; False at the end of the file."""
        while True:
            cells = self._next_cells()
            if cells is None:
                self._carry = None
                return False
            if any(cells):
                row, errors = self._map(cells)
                if len(cells) > self._width:
                    errors[""] = Message(N_("This row has {cells} cells; the header has {columns}."),
                                         {"cells": len(cells), "columns": self._width})
                self._carry = (self.rows_read, row, errors)
                return True

    def next_batch(self, size: int = BATCH_SIZE) -> list[Pending]:
        """Return up to ``size`` cases (an empty list at the end of the file)."""
        batch: list[Pending] = []
        while self._carry is not None and len(batch) < size:
            number, row, errors = self._carry
            key = _key(row.get("reference", ""))
            numbers, rows, row_errors = [number], [row], [errors]
            while self._fill_carry():
                assert self._carry is not None
                if not key or _key(self._carry[1].get("reference", "")) != key:
                    break
                numbers.append(self._carry[0])
                rows.append(self._carry[1])
                row_errors.append(self._carry[2])
            batch.append(self._case(key, tuple(numbers), rows, row_errors))
        return batch

    def _case(self, key: str, numbers: tuple[int, ...], rows: list[dict[str, str]],
              row_errors: list[dict[str, Message]]) -> Pending:
        sep = self._mapping.list_separator if self._mapping else ";"
        data, found = rows_to_case(rows, separator=sep, numbers=numbers)
        lines = [has_commodity(row) for row in rows]
        line_rows = tuple(n for n, is_line in zip(numbers, lines, strict=True) if is_line)
        errors: dict[str, Message] = {}
        line = 0
        for is_line, problems in zip(lines, row_errors, strict=True):
            for column, message in problems.items():
                errors.setdefault(f"commodities.{line}.{column}" if column not in CASE_PATHS and column else
                                  CASE_PATHS.get(column, column), message)
            line += is_line
        for path, message in found.items():
            errors.setdefault(path, message)
        if key:
            digest = hash(key)
            if digest in self._seen:
                errors["reference"] = Message(N_("Rows of this case already appeared earlier in the file; the rows "
                                                 "of one case must follow each other."))
            self._seen.add(digest)
        return Pending(numbers, line_rows, ImportItem(numbers, data, errors))


def _key(reference: str) -> str:
    return " ".join(reference.split()).lower()


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name == "utf-8"


def _check_encoding(source: IO[bytes], encoding: str) -> int:
    """Refuse a file that is not in its encoding before anything is read; return its size (0 if unknown)."""
    try:
        start = source.tell()
    except (OSError, ValueError, AttributeError):
        return 0
    decoder = codecs.getincrementaldecoder(encoding)()
    lines, size = 1, 0
    try:
        while chunk := source.read(SCAN_CHUNK):
            decoder.decode(chunk)
            lines += chunk.count(b"\n")
            size += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        line = lines + chunk[:exc.start].count(b"\n")
        if _is_utf8(encoding):
            raise ImportRefused(N_("The file is not UTF-8 text (line {line}). Save it as UTF-8, or give its "
                                   "encoding in the mapping file, e.g. encoding = \"cp1252\"."), line=line) from None
        raise ImportRefused(N_("The file is not {encoding} text (line {line})."), encoding=encoding,
                            line=line) from None
    source.seek(start)
    return size


def locate(rows: tuple[int, ...], line_rows: tuple[int, ...], path: str,
           mapping: Mapping | None) -> tuple[tuple[int, ...], str]:
    """Return the source rows (of a case's ``rows``, its commodity lines at ``line_rows``) and the column an error
    on a body path points at."""
    column, line = column_of(path)
    found = rows if line is None else (line_rows[line],) if line < len(line_rows) else rows
    return found, mapping.source_of(column) if mapping else column
