"""A matcher's reason as a reader sees it: the template in their language, codes shown as list labels."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ui.i18n import Translator

Label = Callable[[str, str], str]

# Parameters that hold a code of a reference list, whatever the reason.
LISTED = {"type": "identity_document_type", "scheme": "tax_id_scheme"}
# Reasons whose two values ``a`` and ``b`` are codes of a list, or countries.
COMPARED = {"different_sex": "sex", "different_legal_form": "legal_form"}
COUNTRIES = frozenset({"different_country", "different_nationality"})
COUNTRY_PARAMS = ("country", "jurisdiction")


def reason_text(tr: Translator, label: Label, code: str, template: str, params: Mapping[str, str]) -> str:
    """Return a reason in the reader's language, with list codes and country codes replaced by their names."""
    shown = dict(params)
    for key, list_name in LISTED.items():
        if shown.get(key):
            shown[key] = label(list_name, shown[key])
    if code in COMPARED:
        for key in ("a", "b"):
            if shown.get(key):
                shown[key] = label(COMPARED[code], shown[key])
    countries = [*COUNTRY_PARAMS, *(("a", "b") if code in COUNTRIES else ())]
    for key in countries:
        if shown.get(key):
            shown[key] = ", ".join(tr.country(part.strip()) for part in shown[key].split(","))
    try:
        return tr.gettext(template).format(**shown)
    except (KeyError, IndexError, ValueError):  # a translation naming a parameter the template lacks
        return template.format(**shown)
