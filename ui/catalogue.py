"""Extracting the messages to translate from the code and templates, and checking a catalogue covers them.

Used by ``tools/i18n.py`` (update the .po files) and by the test that keeps the French catalogue complete.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ui.i18n import DOMAIN, TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parent.parent
# Every package whose strings a user can see: services' messages (marked N_), protocol codes, the UI.
SOURCES = ("node", "protocol", "ui")
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS_MAP = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                        "lstrip_blocks": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract() -> Catalog:
    """Return a template catalogue of every translatable message in the sources."""
    catalog = Catalog(project="ncen", domain=DOMAIN, charset="utf-8")
    for package in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / package, METHOD_MAP, OPTIONS_MAP, keywords=KEYWORDS, strip_comment_tags=True,
        ):
            catalog.add(message, None, [(f"{package}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    """Return the .po file of a language."""
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    """Read a language's catalogue."""
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


@dataclass(frozen=True, slots=True)
class Coverage:
    """How completely a catalogue translates the extracted messages."""

    missing: list[str]  # in the code, not in the catalogue
    untranslated: list[str]  # in the catalogue without a translation, or fuzzy
    placeholder_mismatch: list[str]  # translation's {placeholders} differ from the original's


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def coverage(language: str) -> Coverage:
    """Compare a language's catalogue with the messages the code uses."""
    template = extract()
    catalogue = read_catalogue(language)
    missing, untranslated, mismatched = [], [], []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if found is None:
            missing.append(key)
        elif found.fuzzy or not found.string or (isinstance(found.string, tuple) and not all(found.string)):
            untranslated.append(key)
        else:
            originals = [message.id] if isinstance(message.id, str) else list(message.id)
            translations = [found.string] if isinstance(found.string, str) else list(found.string)
            try:
                if any(_placeholders(t) - set().union(*(_placeholders(o) for o in originals)) for t in translations):
                    mismatched.append(key)
            except ValueError:
                mismatched.append(key)
    return Coverage(missing, untranslated, mismatched)
