"""The names in seizure cases: persons by nationality, companies by country, and the officers of the home country.

``NameMaker`` draws them from the tables in ``tools/seizure_tables.py`` with the generator's random stream, and
remembers a few persons and the companies of each country so that they turn up again in later cases;
``is_company`` tells a company's name from a person's.
"""

from __future__ import annotations

from random import Random

from tools.seizure_tables import (
    ACTIVITIES,
    COMPANY_FORMS,
    COMPANY_WORDS,
    CULTURE_OF,
    GENERIC_COMPANY_WORDS,
    NAMES,
    OFFICER_RANKS,
)

_VIETNAMESE_ASCII = str.maketrans("ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáãèéìíòóõùúýĩũ",
                                  "AaAaDdEeOoOoUuaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyyaaaeeiiooouuyiu")


def _latin(name: str) -> str:
    """Drop the bracketed original script of a name part."""
    return name.split(" [")[0]


def _script(name: str) -> str:
    return name.split(" [")[1].rstrip("]") if " [" in name else ""


def is_company(name: str) -> bool:
    """Tell whether a name is a company's: it ends in a company form."""
    return any(name.endswith(form) for forms in COMPANY_FORMS.values() for form in forms) or name.endswith(" Ltd")


class NameMaker:
    """Make the names of one series of cases from its random stream; ``home`` is the administration's country."""

    def __init__(self, rng: Random, home: str) -> None:
        self.rng = rng
        self.home = home
        self.companies: dict[str, list[str]] = {}
        self.repeat_people: dict[str, list[str]] = {}  # by culture: people who turn up in several cases

    def person(self, nationality: str, *, with_script: float = 0.4) -> str:
        """Return a new person's name in the style of a nationality, sometimes with its original script."""
        culture = CULTURE_OF.get(nationality, "british")
        firsts, lasts = NAMES[culture]
        first, last = self.rng.choice(firsts), self.rng.choice(lasts)
        if culture == "lusophone" and self.rng.random() < 0.5:
            last = f"{last} {self.rng.choice(lasts)}"
        if culture in ("chinese", "vietnamese"):
            latin = f"{_latin(last)} {_latin(first)}"
            script = f"{_script(last)}{_script(first)}"
        else:
            latin = f"{_latin(first)} {_latin(last)}"
            script = f"{_script(first)} {_script(last)}".strip()
        if culture == "vietnamese" and self.rng.random() < 0.4:
            latin = latin.translate(_VIETNAMESE_ASCII)
        if not (_script(first) and _script(last)):
            script = ""  # a name is written in its own script only when both parts have one
        return f"{latin} ({script})" if script and self.rng.random() < with_script else latin

    def someone(self, nationality: str) -> str:
        """Return a person's name, sometimes one who already appeared in another case."""
        known = self.repeat_people.setdefault(CULTURE_OF.get(nationality, "british"), [])
        if known and self.rng.random() < 0.06:
            return self.rng.choice(known)
        name = self.person(nationality)
        if self.rng.random() < 0.02 and len(known) < 2000:
            known.append(name)
        return name

    def company(self, country: str) -> str:
        """Return a company of a country: a new one while the country has few, then mostly one already seen."""
        pool = self.companies.setdefault(country, [])
        if len(pool) < 60 or self.rng.random() < 0.05:
            words = COMPANY_WORDS.get(country)
            if words is None:
                culture = CULTURE_OF.get(country, "british")
                words = GENERIC_COMPANY_WORDS + tuple(_latin(s) for s in NAMES[culture][1][:6])
            form = self.rng.choice(COMPANY_FORMS.get(country, ("Ltd",)))
            name = f"{self.rng.choice(words)} {self.rng.choice(ACTIVITIES)} {form}"
            if name not in pool:
                pool.append(name)
            return name
        return self.rng.choice(pool)

    def officer(self) -> str:
        """Return a customs officer of the home country: rank, initial and surname."""
        firsts, lasts = NAMES[CULTURE_OF.get(self.home, "british")]
        return f"{self.rng.choice(OFFICER_RANKS)} {_latin(self.rng.choice(firsts))[0]}. " \
               f"{_latin(self.rng.choice(lasts))}"
