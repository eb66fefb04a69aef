"""Reference data at run time: built-in lists merged with an administration's own entries, and HS checks."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from node.clock import Clock
from node.errors import Conflict, Invalid, Message
from node.refdata.hs import CHAPTERS, builtin_headings
from node.refdata.lists import EXTENDABLE, FIXED
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from node.services.seizure_check import CodeLists
from protocol.records.fields import SLUG_RE
from protocol.text import N_
from store import refdata as repo
from store.refdata import HsCode, RefItem
from store.runner import Runner

MAX_HS_FILE_ROWS = 50_000


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One code of a list as users see it: built-in (label translated) or added (labels per language)."""

    code: str
    label: str  # English label; for built-in entries a catalogue message id
    label_fr: str  # French label of an added entry ('' for built-in ones, which the catalogue translates)
    builtin: bool
    active: bool
    extra: dict[str, Any]

    def text(self, language: str, gettext: Callable[[str], str]) -> str:
        """Return the label in a language."""
        if self.builtin:
            return gettext(self.label)
        return self.label_fr if language == "fr" and self.label_fr else self.label


@dataclass(frozen=True, slots=True)
class HsImportResult:
    """What an HS import did."""

    codes: int
    chapters: int
    headings: int
    subheadings: int


class RefDataService:
    """Holds the lists and nomenclature in memory (they are small) and reloads them after each change."""

    def __init__(self, runner: Runner, clock: Clock) -> None:
        self._runner = runner
        self._clock = clock
        self._lists: dict[str, list[ListEntry]] = {}
        self._hs: dict[str, HsCode] = {}
        self._headings = builtin_headings()
        self.lists = CodeLists({}, frozenset(), self._headings)  # a snapshot for checking input, replaced on load

    async def load(self) -> None:
        """Read the administration's entries and the imported nomenclature."""
        items = await self._runner.read(repo.list_items)
        self._hs = await self._runner.read(repo.hs_codes)
        lists: dict[str, list[ListEntry]] = {}
        stored = {(i.list, i.code): i for i in items}
        for name, builtin in EXTENDABLE.items():
            entries = []
            for code, label in builtin.items():
                override = stored.pop((name, code), None)
                entries.append(ListEntry(code, label, "", True, override.active if override else True,
                                         override.extra if override else {}))
            for (list_name, _), item in sorted(stored.items()):
                if list_name == name:
                    entries.append(ListEntry(item.code, item.label_en, item.label_fr, False, item.active, item.extra))
            lists[name] = entries
        self._lists = lists
        active = {name: frozenset(e.code for e in entries if e.active) for name, entries in lists.items()}
        self.lists = CodeLists(active, frozenset(self._hs), self._headings)

    # -- reading ---------------------------------------------------------------------------------------------

    def entries(self, name: str, *, include_inactive: bool = False) -> list[ListEntry]:
        """Return an extendable list's entries."""
        return [e for e in self._lists.get(name, []) if include_inactive or e.active]

    def fixed(self, name: str) -> dict[str, str]:
        """Return a fixed list as code -> English label (a catalogue message id)."""
        return FIXED[name]

    def label(self, name: str, code: str, language: str, gettext: Callable[[str], str]) -> str:
        """Return the label of a code in any list; an unknown code (e.g. from a peer) is shown as is."""
        if not code:
            return ""
        if name in FIXED:
            return gettext(FIXED[name][code]) if code in FIXED[name] else code
        for entry in self._lists.get(name, []):
            if entry.code == code:
                return entry.text(language, gettext)
        return code

    def is_active(self, name: str, code: str) -> bool:
        """Tell whether a code may be chosen for new input."""
        return self.lists.is_active(name, code)

    @property
    def has_full_nomenclature(self) -> bool:
        """Tell whether a full HS nomenclature was imported."""
        return bool(self._hs)

    def hs_problem(self, code: str) -> Message | None:
        """Return why an HS code is not in the nomenclature the node holds, or None when it is."""
        return self.lists.hs_problem(code)

    def hs_description(self, code: str, gettext: Callable[[str], str]) -> str:
        """Return the description of an HS code as far as the node knows it."""
        if code in self._hs:
            return self._hs[code].description
        return gettext(CHAPTERS[code[:2]]) if code[:2] in CHAPTERS else ""

    # -- changing ----------------------------------------------------------------------------------------------

    async def put_entry(self, actor: Actor, name: str, code: str, label_en: str, label_fr: str, *,
                        active: bool = True, extra: dict[str, Any] | None = None) -> None:
        """Add an entry to an extendable list, or change or retire one."""
        actor.require(Permission.MANAGE_REFDATA)
        invalid = Invalid()
        if name not in EXTENDABLE:
            invalid.add("list", N_("This list cannot be extended."))
        if not SLUG_RE.match(code):
            invalid.add("code", N_("Use lower-case letters, digits and _ (starting with a letter), e.g. {example}."),
                        example="sniffer_dog")
        builtin = code in EXTENDABLE.get(name, {})
        if not builtin and not label_en.strip():
            invalid.add("label_en", N_("Enter the English label."))
        if len(label_en) > 200 or len(label_fr) > 200:
            invalid.add("label_en", N_("Use at most {n} characters."), n=200)
        invalid.raise_if_any()
        item = RefItem(name, code, label_en.strip(), label_fr.strip(), active, extra or {})

        def apply(db: Database) -> None:
            repo.put_item(db, item)
            write_entry(db, self._clock, actor, "refdata.put", "ref_list", f"{name}:{code}",
                        f"{label_en.strip() or code} ({'active' if active else 'retired'})")

        await self._runner.write(apply)
        await self.load()

    async def import_hs(self, actor: Actor | None, data: bytes, *, source: str = "") -> HsImportResult:
        """Replace the nomenclature with a CSV (columns ``hscode, description, parent, level``), all or nothing."""
        if actor is not None:
            actor.require(Permission.MANAGE_REFDATA)
        codes = parse_hs_csv(data)
        result = HsImportResult(len(codes), sum(c.level == 2 for c in codes), sum(c.level == 4 for c in codes),
                                sum(c.level == 6 for c in codes))

        def apply(db: Database) -> None:
            repo.replace_hs_codes(db, codes)
            write_entry(db, self._clock, actor, "refdata.import_hs", "hs_codes", "",
                        f"{result.codes} codes from {source or 'an upload'}", username="cli")

        await self._runner.write(apply)
        await self.load()
        return result


_CODE_RE = re.compile(r"^\d{2}(\d{2}){0,2}$")


def parse_hs_csv(data: bytes) -> list[HsCode]:
    """Parse and check an HS nomenclature CSV; raise ``Conflict`` naming the first bad row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Conflict(N_("The file is not UTF-8 text.")) from None
    reader = csv.DictReader(io.StringIO(text))
    needed = {"hscode", "description", "parent", "level"}
    if not reader.fieldnames or not needed <= set(reader.fieldnames):
        raise Conflict(N_("The CSV needs the columns {columns}."), columns="hscode, description, parent, level")
    codes: dict[str, HsCode] = {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_HS_FILE_ROWS:
            raise Conflict(N_("The file has more than {n} rows."), n=MAX_HS_FILE_ROWS)
        code = (row["hscode"] or "").strip()
        level = (row["level"] or "").strip()
        if code == "TOTAL" or not level.isdigit() or int(level) not in (2, 4, 6):
            continue  # totals and the odd 5-digit aggregate some sources carry are not HS codes
        if not _CODE_RE.match(code) or len(code) != int(level):
            raise Conflict(N_("Row {row}: {code} is not an HS code of level {level}."), row=number, code=code,
                           level=level)
        parent = (row["parent"] or "").strip()
        if int(level) > 2 and parent != code[: int(level) - 2]:
            raise Conflict(N_("Row {row}: the parent of {code} should be {parent}."), row=number, code=code,
                           parent=code[: int(level) - 2])
        codes[code] = HsCode(code, int(level), (row["description"] or "").strip()[:1000], parent)
    if not any(c.level == 6 for c in codes.values()):
        raise Conflict(N_("The file holds no 6-digit HS subheadings."))
    orphans = [c.code for c in codes.values() if c.level > 2 and c.parent not in codes]
    if orphans:
        raise Conflict(N_("Code {code} has no parent in the file."), code=orphans[0])
    return list(codes.values())
