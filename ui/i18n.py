"""Translation catalogues (Babel .po files read at start-up), language choice, and locale-aware formatting."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from gettext import NullTranslations
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from node.languages import DEFAULT_LANGUAGE, LANGUAGES
from protocol.codes import country_codes
from protocol.timefmt import from_iso

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
DOMAIN = "messages"


def _load(language: str) -> NullTranslations:
    """Compile a language's .po file in memory (no build step, so a .mo can never be stale)."""
    po_path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@dataclass(frozen=True, slots=True)
class Translator:
    """Everything language-dependent a page needs."""

    language: str
    translations: NullTranslations
    timezone: ZoneInfo

    def gettext(self, message: str) -> str:
        """Translate a message."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a message with a count."""
        return self.translations.ngettext(singular, plural, n)

    def timestamp(self, value: str | datetime | None, fmt: str = "medium") -> str:
        """Format a timestamp in the node's time zone and the user's language."""
        if not value:
            return ""
        moment = from_iso(value) if isinstance(value, str) else value
        return format_datetime(moment, fmt, tzinfo=self.timezone, locale=self.language)

    def day(self, value: str | datetime | None, fmt: str = "medium") -> str:
        """Format a date in the user's language."""
        if not value:
            return ""
        moment = from_iso(value) if isinstance(value, str) else value
        return format_date(moment.astimezone(self.timezone), fmt, locale=self.language)

    def number(self, value: float | int | None) -> str:
        """Format a number with the language's separators."""
        return "" if value is None else format_decimal(value, locale=self.language)

    def country(self, code: str | None) -> str:
        """Return a country's name in the user's language, or the code when unknown."""
        if not code:
            return ""
        return str(Locale.parse(self.language).territories.get(code, code))

    def countries(self) -> list[tuple[str, str]]:
        """Return (code, name) for every ISO country, sorted by name in this language."""
        names = Locale.parse(self.language).territories
        return sorted(((c, str(names.get(c, c))) for c in country_codes()), key=lambda item: item[1].casefold())


class Catalogues:
    """One translator per supported language, built once when the UI is set up."""

    def __init__(self, timezone: str) -> None:
        zone = ZoneInfo(timezone)
        self._translators = {
            lang: Translator(lang, NullTranslations() if lang == "en" else _load(lang), zone) for lang in LANGUAGES
        }

    def get(self, language: str | None) -> Translator:
        """Return the translator for a language, falling back to the default."""
        return self._translators.get(language or "", self._translators[DEFAULT_LANGUAGE])

    def negotiate(self, accept_language: str, default: str) -> str:
        """Pick the best supported language from an Accept-Language header."""
        best, best_q = default, 0.0
        for part in accept_language.split(","):
            tag, _, params = part.strip().partition(";")
            q = 1.0
            if params.strip().startswith("q="):
                try:
                    q = float(params.strip()[2:])
                except ValueError:
                    q = 0.0
            primary = tag.strip().lower().split("-")[0]
            if primary in self._translators and q > best_q:
                best, best_q = primary, q
        return best
