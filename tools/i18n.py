"""Update the translation catalogues from the code, and report what is left to translate.

    python -m tools.i18n update   # merge new messages into ui/translations/*/LC_MESSAGES/messages.po
    python -m tools.i18n check    # exit 1 when a catalogue lacks or leaves untranslated any message
"""

from __future__ import annotations

import sys

from babel.messages.pofile import write_po

from node.languages import LANGUAGES
from ui.catalogue import coverage, extract, po_path, read_catalogue


def update() -> None:
    """Merge the extracted messages into each language's catalogue (obsolete ones are dropped)."""
    template = extract()
    for language in LANGUAGES:
        if language == "en":
            continue
        path = po_path(language)
        if path.exists():
            catalogue = read_catalogue(language)
            catalogue.update(template, no_fuzzy_matching=True)
        else:
            from babel.messages.catalog import Catalog

            catalogue = Catalog(locale=language, domain="messages", project="ncen", charset="utf-8")
            catalogue.update(template, no_fuzzy_matching=True)
            path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=120, omit_header=False, sort_output=False, ignore_obsolete=True,
                     include_previous=False)
        print(f"{language}: {path}")


def check() -> int:
    """Print what each catalogue lacks; return 1 if anything does."""
    failed = 0
    for language in LANGUAGES:
        if language == "en":
            continue
        result = coverage(language)
        for title, items in (("missing", result.missing), ("untranslated", result.untranslated),
                             ("placeholder mismatch", result.placeholder_mismatch)):
            for item in items:
                print(f"{language}: {title}: {item!r}")
                failed = 1
    return failed


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    else:
        sys.exit(check())
