"""Checking local input for a seizure case: the protocol's shape, then this node's code lists and HS codes.

Pure and picklable (``CodeLists`` is a snapshot of the node's lists), so a bulk import can check cases in a
worker process while the node writes the previous batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from node.errors import Invalid, Message, ValidationFailed
from node.refdata.hs import CHAPTERS
from node.services.seizure_terms import index_terms
from protocol.records.fields import RecordInvalid
from protocol.records.seizure import normalise_seizure
from protocol.text import N_
from store.seizures import IndexTerms, dump_body


@dataclass(frozen=True, slots=True)
class CodeLists:
    """What local input is checked against: the codes in use per list, and the HS codes the node holds."""

    active: Mapping[str, frozenset[str]]
    hs: frozenset[str]  # the imported nomenclature; empty when none was imported
    headings: frozenset[str]  # the built-in HS headings

    def is_active(self, name: str, code: str) -> bool:
        """Tell whether a code may be chosen for new input."""
        return code in self.active.get(name, frozenset())

    def hs_problem(self, code: str) -> Message | None:
        """Return why an HS code is not in the nomenclature the node holds, or None when it is."""
        if not code:
            return None
        if self.hs:
            if code in self.hs:
                return None
            return Message(N_("HS code {code} is not in the HS nomenclature this node holds."), {"code": code})
        if code[:2] not in CHAPTERS:
            return Message(N_("There is no HS chapter {chapter}."), {"chapter": code[:2]})
        if len(code) >= 4 and code[:4] not in self.headings:
            return Message(N_("There is no HS heading {heading}."), {"heading": code[:4]})
        return None


def record_errors(exc: RecordInvalid) -> ValidationFailed:
    """Turn the protocol's field errors into the node's validation error."""
    return ValidationFailed({path or "body": Message(e.template, e.params) for path, e in exc.errors.items()})


def check_case(data: Any, lists: CodeLists, *, latest: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the normal form of a case typed or imported here, or raise ``ValidationFailed`` naming every bad field.

    ``latest`` is the last acceptable date (tomorrow, to allow for time zones). The node's own checks run even
    when the shape is wrong, so a user sees every problem at once.
    """
    invalid = Invalid()
    try:
        body = normalise_seizure(data)
    except RecordInvalid as exc:
        invalid.fields.update(record_errors(exc).fields)
        if isinstance(data, dict):
            check_codes(invalid, data, lists, previous)
        invalid.raise_if_any()
        raise AssertionError("unreachable") from exc
    if body["date"] > latest:
        invalid.add("date", N_("The date is in the future."))
    check_codes(invalid, body, lists, previous)
    invalid.raise_if_any()
    return body


def check_codes(invalid: Invalid, data: dict[str, Any], lists: CodeLists, previous: dict[str, Any] | None) -> None:
    """Check codes against the node's lists and HS nomenclature (tolerating a malformed ``data``)."""
    before = {(path, value) for path, _, value in local_codes(previous)} if previous else set()
    for path, list_name, value in local_codes(data):
        if list_name == "hs":
            code = value.replace(".", "").replace(" ", "")
            problem = lists.hs_problem(code) if code.isdigit() and len(code) in (2, 4, 6) else None
            if problem is not None:
                invalid.add(path, problem.template, **problem.params)
        elif (path, value) not in before and not lists.is_active(list_name, value):
            # A code already on the case stays valid even if the list retired it since.
            invalid.add(path, N_("Choose a value from the list."))


def local_codes(data: Any) -> Iterator[tuple[str, str, str]]:
    """Yield (path, list, code) for every field checked against this node's lists ("hs" for HS codes)."""
    if not isinstance(data, dict):
        return

    def part(name: str) -> dict[str, Any]:
        value = data.get(name)
        return value if isinstance(value, dict) else {}

    def rows(name: str) -> list[tuple[int, dict[str, Any]]]:
        value = data.get(name)
        return [(i, row) for i, row in enumerate(value) if isinstance(row, dict)] if isinstance(value, list) else []

    for path, value, list_name in (("office.code", part("office").get("code"), "office"),
                                   ("detection.method", part("detection").get("method"), "detection_method"),
                                   ("concealment.method", part("concealment").get("method"), "concealment_method")):
        if isinstance(value, str) and value:
            yield path, list_name, value
    types = part("outcome").get("types")
    for code in types if isinstance(types, list) else []:
        if isinstance(code, str) and code:
            yield "outcome.types", "outcome", code
    for index, line in rows("commodities"):
        for key, list_name in (("unit", "unit"), ("drug_type", "drug_type"), ("weapon_type", "weapon_type"),
                               ("hs_code", "hs")):
            value = line.get(key)
            if isinstance(value, str) and value:
                yield f"commodities.{index}.{key}", list_name, value
    for index, party in rows("parties"):
        role = party.get("role")
        if isinstance(role, str) and role:
            yield f"parties.{index}.role", "party_role", role


class CheckedCase:
    """A case that passed the checks: its normal form, the text the store keeps, and its index terms.

    A bulk import checks cases in a worker process and sends them to the writer; pickled, a case travels as
    its stored text and terms (flat strings, quick to send), and the writer decodes the body only when it
    needs it (to update an existing case, or to share a new one).
    """

    __slots__ = ("_body", "date", "reference", "rows", "status", "stored", "terms")

    def __init__(self, rows: tuple[int, ...], stored: str, terms: IndexTerms, body: dict[str, Any] | None = None,
                 *, reference: str = "", date: str = "", status: str = "") -> None:
        self.rows, self.stored, self.terms, self._body = rows, stored, terms, body
        if body is not None:
            reference, date, status = body["reference"], body["date"], body["status"]
        self.reference, self.date, self.status = reference, date, status

    @classmethod
    def of(cls, rows: tuple[int, ...], body: dict[str, Any]) -> CheckedCase:
        """Return the checked form of a normalised body."""
        return cls(rows, dump_body(body), index_terms(body), body)

    @property
    def body(self) -> dict[str, Any]:
        """The case's normal form (a fresh copy of the stored text's, after pickling)."""
        if self._body is None:
            self._body = json.loads(self.stored)
        return self._body

    def __reduce__(self) -> tuple[Any, ...]:
        terms = self.terms
        return _rebuild, (self.rows, self.stored, tuple(terms.facets), terms.text, tuple(terms.parties),
                          self.reference, self.date, self.status)


def _rebuild(rows: tuple[int, ...], stored: str, facets: tuple[str, ...], text: tuple[str, str, str, str],
             parties: tuple[tuple[str, str, str], ...], reference: str, date: str, status: str) -> CheckedCase:
    return CheckedCase(rows, stored, IndexTerms(frozenset(facets), text, frozenset(parties)),
                       reference=reference, date=date, status=status)


@dataclass(slots=True)
class CheckedBatch:
    """An import batch after checking: the good cases, and the failures with their field errors."""

    checked: list[CheckedCase]
    failed: list[tuple[tuple[int, ...], dict[str, Message]]]


def check_batch(items: Iterable[tuple[tuple[int, ...], Any, Mapping[str, Message]]], lists: CodeLists, *,
                latest: str) -> CheckedBatch:
    """Check import items given as (rows, data, errors found while reading); CPU only, any thread or process."""
    batch = CheckedBatch([], [])
    for rows, data, read_errors in items:
        try:
            body = check_case(data, lists, latest=latest)
        except ValidationFailed as exc:
            batch.failed.append((rows, {**exc.fields, **read_errors}))
            continue
        if read_errors:
            batch.failed.append((rows, dict(read_errors)))
            continue
        batch.checked.append(CheckedCase.of(rows, body))
    return batch
