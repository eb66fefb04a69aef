"""Person-name normalisation: transliteration, folding, particles, spelling variants and consonant skeletons.

A name goes through three layers, each cached because the same names are compared again and again:

- ``fold``: any script to lowercase ASCII words (Unidecode), accents and punctuation gone, "FAMILY, Given"
  turned round; Arabic-script and Hangul text get targeted handling first (see below).
- ``basic_tokens``: titles and Arabic particles dropped, "Abdul…/Abdel…" and the Muhammad family unified.
- ``canon_token`` (Latin comparison) and ``skeleton`` (comparison with consonant-only scripts, and blocking).

Unidecode is weak on two scripts the node meets often. Arabic (and Hebrew) script writes consonants and long
vowels only, so its romanisation is a consonant skeleton such as "mHmd" that no spelling rule turns into
"Mohammed"; such names are compared with Latin names on consonant skeletons instead. Hangul comes out as one
run of Revised Romanisation ("gimminjun"); syllables are split and the common surnames given their usual
spelling ("Kim"). Chinese characters come out as one pinyin syllable per character ("Wang Xiao Ming"), which
the comparison rejoins ("Xiaoming").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

_ABJAD = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_HANGUL = re.compile("[\uac00-\ud7a3]+")
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
# Modern Greek reads eta, upsilon and the digraphs ει, οι as "i", beta as "v", αυ/ευ as "av"/"ev"; Unidecode
# gives the classical values ("Demetres" for Δημήτρης, not "Dimitris").
_GREEK_DIGRAPHS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("ει", "i"), ("οι", "i"), ("μπ", "b"), ("ντ", "d"),
                   ("γγ", "ng"))
_GREEK_LETTERS = str.maketrans({"η": "i", "υ": "i", "β": "v", "χ": "ch"})
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")  # harakat, tatweel
_APOSTROPHES = re.compile("['’‘`´ʼʻ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Arabic letters that a Latin spelling renders as a vowel or not at all: alif and its hamza forms, hamza,
# ayin, alif maqsura, ta marbuta. Waw and ya are long vowels except at the start of a word.
_ARABIC_SILENT = set("اأإآٱءؤئعىة")
_ARABIC_LONG_VOWELS = set("ويی")
_PERSIAN_LETTERS = str.maketrans({"ک": "ك", "ی": "ي"})  # Unidecode reads the Persian kaf as "kh"
# Letters only Persian or Urdu use; their speakers read ض ظ ذ as z (Reza, not Reda).
_PERSIAN_ONLY = set("پچژگکیۀٹڈڑںھے")
_PERSIAN_Z = str.maketrans({"ض": "ز", "ظ": "ز", "ذ": "ز"})

# The common Korean surnames (about 80 % of people) in the spelling passports use, since Unidecode's Revised
# Romanisation ("gim", "bag", "i") matches almost no Latin record.
_KOREAN_SURNAMES = {
    "김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho", "윤": "yoon",
    "장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin", "권": "kwon", "황": "hwang",
    "안": "ahn", "송": "song", "류": "ryu", "유": "yoo", "홍": "hong", "전": "jeon", "고": "ko", "문": "moon",
    "양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo", "남": "nam",
}
# Latin spellings of those surnames that passports and older records also use.
_SURNAME_VARIANTS = {
    "yi": "lee", "rhee": "lee", "ri": "lee", "gim": "kim", "pak": "park", "bak": "park", "choe": "choi",
    "jeong": "jung", "chung": "jung", "cheong": "jung", "gang": "kang", "yun": "yoon", "gwon": "kwon",
    "ryoo": "ryu", "suh": "seo",
}

# Honorifics and titles that records add or drop at will.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mme", "mlle", "dr", "prof", "sir", "chief", "engr", "hon", "alhaji", "alhaja",
    "alhadji", "elhadj", "elhadji", "alhadj", "hadj", "hadji", "haji", "hajji", "hajj", "sheikh", "shaikh",
})
# Arabic articles, dropped wherever they stand.
PARTICLES = frozenset({"al", "el", "ul"})
# Filiation words ("son of", "daughter of"): kept, since "Ben Ali" is also written "Benali", but they weigh little.
FILIATION = frozenset({"bin", "ben", "ibn", "bint", "binti", "ould", "uld", "ag"})
_ARABIC_FILIATION = {"بن": "bin", "ابن": "ibn", "بنت": "bint", "ولد": "ould"}
# Assimilated articles ("as-Sayed", "ar-Rashid", "ad-Din"): dropped when the next word starts with their consonant.
_SUN_ARTICLES = frozenset({"ad", "ar", "as", "ash", "at", "az", "ed", "er", "es", "esh", "et", "ez", "ud", "ur", "us"})
_ABD_PREFIXES = ("abdoul", "abdul", "abdel", "abdal", "abdur", "abder", "abdar", "abdus", "abdes", "abd")
_ABD_ALONE = frozenset({"abd", "abdul", "abdel", "abdal", "abdoul", "abdur", "abder", "abdus", "abdes"})

_JOINED_PREFIXES = ("oluwa", "oluva", "olu", "al", "el")  # "oluva" is "oluwa" after the w -> v rule
_MUHAMMAD = re.compile(r"^m[aeiou]+h+[aeiou]+m+[aeiou]+d+$")
_MUHAMMAD_SHORT = frozenset({"md", "mohd", "muhd", "mhd", "mohamadou", "mouhamadou", "muhammadu"})

# Spelling rules applied in order to a Latin token: transliteration habits of French, English and German
# writers of Arabic, Russian and other names ("Youssef"/"Yusuf", "Khaled"/"Haled", "Tchaikovsky"/"Chaikovsky").
_CANON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"tsch", "ch"), (r"sch", "sh"), (r"tch", "ch"), (r"ph", "f"), (r"kh", "h"), (r"gh", "g"), (r"dh", "d"),
    (r"th", "t"), (r"dj", "j"), (r"ck", "k"), (r"q", "k"), (r"x", "ks"), (r"c(?=[eiy])", "s"), (r"c(?!h)", "k"),
    (r"ou", "u"), (r"oo", "u"), (r"ee", "i"), (r"eo", "u"), (r"y", "i"), (r"w", "v"), (r"(.)\1+", r"\1"),
    (r"(?<=[^aeiou]{1})e$", ""),
))
# Rules for the consonant skeleton, shared by Latin words and romanised Arabic so both meet in the middle.
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"tsch", "sh"), (r"sch", "sh"), (r"ch", "sh"), (r"ph", "f"), (r"kh", "h"), (r"gh", "j"), (r"dh", "d"),
    (r"th", "t"), (r"dj", "j"), (r"g", "j"), (r"q", "k"), (r"ck", "k"), (r"c", "k"), (r"x", "ks"), (r"w", "v"),
    (r"p", "b"), (r"[aeiouy]+", ""), (r"(.)\1+", r"\1"),
))


def has_abjad(text: str) -> bool:
    """Tell whether text contains Arabic or Hebrew letters (scripts that leave short vowels unwritten)."""
    return _ABJAD.search(text) is not None


@lru_cache(maxsize=65536)
def is_latin(text: str) -> bool:
    """Tell whether every letter of text belongs to the Latin script (accented letters included)."""
    return text.isascii() or all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "LATIN") for ch in text)


def _arabic_skeleton_text(text: str) -> str:
    """Rewrite Arabic-script text so that Unidecode yields only the consonants a Latin spelling also shows."""
    words = []
    if _PERSIAN_ONLY.intersection(text):
        text = text.translate(_PERSIAN_Z)
    for word in _ARABIC_MARKS.sub("", text).translate(_PERSIAN_LETTERS).split():
        if word in _ARABIC_FILIATION:
            words.append(_ARABIC_FILIATION[word])
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]  # the article al-, written joined to the noun
        kept = [ch for i, ch in enumerate(word)
                if ch not in _ARABIC_SILENT and (i == 0 or ch not in _ARABIC_LONG_VOWELS)]
        words.append("".join(kept))
    return " ".join(words)


def _modern_greek(text: str) -> str:
    """Rewrite Greek text so that Unidecode gives the modern spelling passports use."""
    text = "".join(ch for ch in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(ch))
    for digraph, latin in _GREEK_DIGRAPHS:
        text = text.replace(digraph, latin)
    return text.translate(_GREEK_LETTERS)


def _hangul_text(match: re.Match[str]) -> str:
    """Romanise one run of Hangul as separate syllables, the first in its usual surname spelling."""
    syllables = list(match.group(0))
    first = _KOREAN_SURNAMES.get(syllables[0]) if len(syllables) >= 2 else None
    romanised = [first or unidecode(syllables[0])] + [unidecode(s) for s in syllables[1:]]
    return " " + " ".join(romanised) + " "


def given_first(text: str) -> str:
    """Return "FAMILY, Given" as "Given FAMILY"; other names unchanged."""
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        if family and given:
            return f"{given} {family}"
    return text


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return text as lowercase ASCII words: transliterated, accents and punctuation gone."""
    text = unicodedata.normalize("NFKC", text).strip()
    if _GREEK.search(text):
        text = _modern_greek(text)
    if has_abjad(text):
        text = _arabic_skeleton_text(text)
    text = _HANGUL.sub(_hangul_text, text)
    ascii_text = _APOSTROPHES.sub("", unidecode(text).casefold())
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def _abd_form(token: str) -> str:
    """Return "abd" + the rest for the "servant of" names (Abdul Rahman, Abderrahmane, Abdelkader)."""
    if token in _ABD_ALONE:
        return "abd"
    for prefix in _ABD_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return "abd" + token[len(prefix):]
    return token


def _unify(token: str) -> str:
    """Return one spelling for names written many ways: the Muhammad family, common Korean surnames."""
    if token in _MUHAMMAD_SHORT:
        return "muhammad"
    probe = token.replace("ou", "u")
    if _MUHAMMAD.match(probe):
        return "muhammad"
    return _SURNAME_VARIANTS.get(token, _abd_form(token))


@lru_cache(maxsize=65536)
def basic_tokens(text: str) -> tuple[str, ...]:
    """Return the words of a person's name, folded, without titles or particles, common forms unified."""
    words = fold(given_first(text)).split()
    if has_abjad(text):  # already reduced to consonants, articles gone: "mr" here is Omar, not Mister
        return tuple(words)
    kept: list[str] = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in TITLES or word in PARTICLES:
            continue
        if word in _SUN_ARTICLES and i > 0 and following[:1] == word[1:2]:
            continue
        kept.append(_unify(word))
    if not kept:
        return tuple(words)
    return tuple(kept)


@lru_cache(maxsize=65536)
def canon_token(token: str) -> str:
    """Return a token in one spelling for common transliteration variants (ou/u, kh/h, ph/f, y/i, doubles)."""
    if token.isdigit() or len(token) <= 1:
        return token
    for pattern, replacement in _CANON_RULES:
        token = pattern.sub(replacement, token)
    return token


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Return a token's consonant skeleton, the form in which Arabic-script and Latin spellings agree."""
    if token.isdigit():
        return token
    for pattern, replacement in _SKELETON_RULES:
        token = pattern.sub(replacement, token)
    return token


@lru_cache(maxsize=65536)
def strip_article(token: str) -> str:
    """Return a token without a prefix that spellings join or drop at will, else the token itself."""
    # The Arabic article written joined ("Alhassan", "Elamrani") and the Yoruba "Oluwa-"/"Olu-" ("Oluwaseun", known as
    # "Seun") are such prefixes; the bare form is only an alternative the comparison may try.
    for prefix in _JOINED_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 4:
            return token[len(prefix):]
    return token

