"""Company-name normalisation: legal forms, abbreviations, generic trade words, numbers and acronyms.

"ACME Trading Co., Ltd." and "Acme Trading Company Limited" are the same name once the legal form is set
aside; "Ets Diallo & Fils" and "Etablissements Diallo et Fils" once abbreviations and "&" are spelled out.
Trade words such as "Trading" or "Logistics" stay in the name (two companies often differ only there) but
weigh less than distinctive words; numbers ("ACME Trading 1" / "ACME Trading 2") must agree exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from node.matching.names import canon_token, fold

# Legal forms, written as folded words, and the family each belongs to. Removed only from either end of a
# name (possibly several: "Trading Co Ltd"), never from its middle, where they are part of the name.
LEGAL_FORMS: dict[tuple[str, ...], str] = {}
for _family, _spellings in {
    "ltd": ("ltd", "limited", "pty ltd", "pty", "pvt ltd", "pvt", "private limited", "pte ltd", "pte",
            "sdn bhd", "bhd", "you xian gong si", "youxian gongsi", "co ltd", "pt", "tbk"),
    "llc": ("llc", "l l c", "ooo", "tov", "fz llc", "fzllc", "fze", "fzco", "fzc"),
    "plc": ("plc", "p l c", "public limited company"),
    "inc": ("inc", "incorporated", "corp", "corporation"),
    "co": ("co", "company", "gong si", "ms", "messrs"),  # M/s, Messrs: "the firm of", South Asia
    "sarl": ("sarl", "s a r l", "sarlu", "sarlau", "s a r l u", "eurl", "e u r l", "suarl", "sprl", "s p r l", "srl",
             "s r l", "sl", "s l", "ltda", "gmbh", "g m b h", "bv", "b v", "sp z o o", "doo", "d o o", "sro",
             "s r o", "kft", "lda", "limitada", "ou", "bvba"),
    "sa": ("sa", "s a", "sas", "s a s", "sasu", "sau", "spa", "s p a", "ag", "nv", "n v", "as", "a s", "ab",
           "oy", "aps", "sac", "s a c", "jsc", "ojsc", "cjsc", "pjsc", "ao", "zao", "oao", "pao", "kk", "sa de cv",
           "zrt"),
    "llp": ("llp", "l l p", "lp", "kg", "gmbh co kg", "ohg", "snc", "scs"),
    "gie": ("gie", "g i e"),
}.items():
    for _spelling in _spellings:
        LEGAL_FORMS[tuple(_spelling.split())] = _family
_LONGEST_FORM = max(len(words) for words in LEGAL_FORMS)

# Abbreviations spelled out, so that "Intl" meets "International" and "Ets" meets "Etablissements".
ABBREVIATIONS = {
    "intl": "international", "int": "international", "natl": "national", "mfg": "manufacturing",
    "bros": "brothers", "svc": "services", "svcs": "services", "serv": "services", "ind": "industries",
    "inds": "industries", "ent": "enterprises", "ents": "enterprises", "ets": "etablissements",
    "etabs": "etablissements", "ste": "societe", "soc": "societe", "gen": "general", "genl": "general",
    "dev": "development", "grp": "group", "hldg": "holding", "hldgs": "holding", "holdings": "holding",
    "mgmt": "management", "assoc": "associates", "transp": "transport", "transports": "transport",
    "imp": "import", "exp": "export", "impex": "import export", "tech": "technology", "techs": "technology",
    "technologies": "technology", "logistic": "logistics", "comm": "commercial", "cial": "commercial",
    "distr": "distribution", "dist": "distribution", "mktg": "marketing", "eng": "engineering",
    "engg": "engineering", "tr": "trading", "trdg": "trading", "exim": "export import", "st": "saint",
    "ctr": "center", "centre": "center", "cie": "compagnie", "est": "establishment", "estab": "establishment",
    "agri": "agriculture", "pharma": "pharmaceuticals",
    # French, Spanish and Portuguese trade words, so that "Logistique" weighs as little as "Logistics"
    "logistique": "logistics", "logistica": "logistics", "internationale": "international",
    "internacional": "international", "generale": "general", "negoce": "trading", "commerciale": "commercial",
    "comercial": "commercial", "industrie": "industries", "industrias": "industries", "entreprise": "enterprises",
    "entreprises": "enterprises", "empresa": "enterprises", "groupe": "group", "grupo": "group",
    "transporte": "transport", "transportes": "transport", "services": "services", "servicios": "services",
    "servicos": "services", "importadora": "import", "exportadora": "export", "compania": "compagnie",
    "companhia": "compagnie", "societa": "societe", "sociedad": "societe", "sociedade": "societe",
}
AND_WORDS = frozenset({"and", "et", "und", "y", "e", "n"})
STOPWORDS = frozenset({"the", "of", "de", "du", "des", "la", "le", "les", "del", "di", "da", "for", "l", "d"})
def _singular(word: str) -> str:
    """Return a plural English word in the singular (industries, services), other words unchanged."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def word_form(word: str) -> str:
    """Return the form in which a folded word of a company name is compared."""
    return canon_token(_singular(word))


# Trade words: kept, but a name that differs only in them differs little.
GENERIC_WORDS = frozenset(word_form(word) for word in (
    "trading", "trade", "traders", "general", "international", "global", "group", "holding", "import",
    "export", "logistics", "services", "enterprises", "industries", "commercial", "commerce", "shipping",
    "transport", "freight", "forwarding", "distribution", "investment", "investments", "development",
    "management", "solutions", "technology", "consulting", "etablissements", "societe", "compagnie",
    "brothers", "sons", "fils", "freres", "partners", "associates", "agency", "agencies", "worldwide",
    "company", "corporation", "establishment", "business", "ventures", "supplies", "supply", "marketing",
    "manufacturing", "products", "goods", "cargo", "express", "overseas", "world", "center", "national", "new",
))
GENERIC_WEIGHT = 0.4


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A company name ready to compare: its words, the numbers in it, its legal form and its acronyms."""

    text: str
    tokens: tuple[str, ...]
    numbers: frozenset[str]
    legal_form: str | None
    acronyms: frozenset[str]  # initials of the words, as letters: "msc"
    initialism: str | None = None  # the name itself when written as initials: "MSC", "A.B.C."

    @property
    def distinctive(self) -> tuple[str, ...]:
        """Return the words that are neither numbers nor generic trade words."""
        return tuple(t for t in self.tokens if t not in GENERIC_WORDS and not t.isdigit())


def _join_initials(words: list[str]) -> list[str]:
    """Join runs of single letters ("a b c" from "A.B.C.") into one word."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha() and word not in AND_WORDS:
            run.append(word)
            continue
        if len(run) >= 2:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return joined


def _strip_legal_forms(words: list[str]) -> tuple[list[str], list[str]]:
    """Remove legal forms from both ends; return the remaining words and the forms' families, outermost first."""
    families: list[str] = []
    changed = True
    while changed and words:
        changed = False
        for size in range(min(_LONGEST_FORM, len(words) - 1), 0, -1):
            if (family := LEGAL_FORMS.get(tuple(words[-size:]))) is not None:
                words, changed = words[:-size], True
                families.append(family)
                break
            if (family := LEGAL_FORMS.get(tuple(words[:size]))) is not None:
                words, changed = words[size:], True
                families.append(family)
                break
        while words and words[-1] in AND_WORDS:  # "Smith & Co" leaves a dangling "and"
            words = words[:-1]
    return words, families


def _initials(words: list[str]) -> str:
    """Return the first letters of words, skipping "and"-words and numbers."""
    return "".join(w[0] for w in words if w not in AND_WORDS and not w.isdigit())


@lru_cache(maxsize=65536)
def company_name(text: str) -> CompanyName:
    """Normalise a company name: fold, spell out abbreviations, set the legal form aside, canonicalise words."""
    raw = text.replace("&", " and ").replace("+", " and ")
    words = _join_initials(fold(raw).split())
    expanded: list[str] = []
    for word in words:
        expanded.extend(ABBREVIATIONS.get(word, word).split())
    core, families = _strip_legal_forms(expanded)
    if not core:
        core, families = expanded, []
    core = [w for w in core if w not in STOPWORDS] or core
    legal_form = next((f for f in families if f != "co"), "co" if families else None)
    acronyms: set[str] = set()
    if len(core) >= 2:
        acronyms.add(_initials(core))
        if "co" in families or "inc" in families:  # "MSC": Mediterranean Shipping Company
            acronyms.add(_initials(core) + "c")
    tokens = tuple(word_form(w) for w in core if w not in AND_WORDS) or tuple(core)
    numbers = frozenset(t for t in tokens if t.isdigit())
    written_short = {fold(w) for w in re.split(r"[\s&+,]+", raw) if w.isupper() and 2 <= len(fold(w)) <= 5}
    written_short |= {w for w in words if w not in fold(raw).split()}  # joined initials, "A.B.C."
    distinctive = [w for w in core if word_form(w) not in GENERIC_WORDS and not w.isdigit()]
    initialism = distinctive[0] if len(distinctive) == 1 and distinctive[0] in written_short else None
    return CompanyName(text=text, tokens=tokens, numbers=numbers, legal_form=legal_form,
                       acronyms=frozenset(a for a in acronyms if len(a) >= 3), initialism=initialism)


def token_weight(token: str) -> float:
    """Return how much a word of a company name counts: generic trade words less than distinctive ones."""
    return GENERIC_WEIGHT if token in GENERIC_WORDS else 1.0
