"""Name similarity: align the words of two names, allowing reordering, joined or split words and variants.

Two names are compared word by word. Each word of one name is paired with at most one word of the other, or
with two or three adjacent words run together ("Xiaoming" / "Xiao Ming", "Alhassan" / "Al Hassan",
"Abdulrahman" / "Abdul Rahman"), greedily from the most similar pair down. The similarity is the share of both
names' weight (letters, or letters times a word's weight for companies) that found a partner, each pair
counted by how alike its two sides are. Word order is free but noted, so that a reason can say "reordered".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import Indel

from node.matching.companies import GENERIC_WORDS, company_name, token_weight
from node.matching.names import FILIATION, basic_tokens, canon_token, fold, has_abjad, is_latin, skeleton, strip_article

TokenSim = Callable[[str, str], float]
MAX_SPAN = 3
WORD_FLOOR = 0.7
INITIAL_SIM = 0.7
ARTICLE_FLOOR = 0.9
PARTIAL_FACTOR = 0.92  # a name that is the other minus some words is close, never the same
SKELETON_CAP = 0.94  # consonant skeletons lose vowels: never quite "the same name"


class NameKind(StrEnum):
    """How the best pair of names relate."""

    SAME = "same"
    REORDERED = "reordered"
    TRANSLITERATED = "transliterated"
    SIMILAR = "similar"
    PARTIAL = "partial"
    ACRONYM = "acronym"


@dataclass(frozen=True, slots=True)
class Alignment:
    """The outcome of aligning two word lists."""

    similarity: float
    coverage: float
    reordered: bool
    first_words_paired: bool
    exact: bool  # every word paired with its equal
    pairs_exact: bool  # every pair made is of equals, though some words may be left over
    unpaired_a: tuple[str, ...] = ()
    unpaired_b: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The best agreement found between two records' names, with the names that gave it."""

    similarity: float
    kind: NameKind
    exact: bool  # every word found its equal once normalised (variants unified, words joined or reordered)
    a_name: str
    b_name: str
    alias: bool = False


_FILIATION_FORMS = FILIATION | {skeleton(word) for word in FILIATION} | {canon_token(word) for word in FILIATION}


def _person_weight(token: str) -> float:
    """Weigh a person's name word by its letters; "bin", "ould" and the like weigh one letter."""
    return 1.0 if token in _FILIATION_FORMS else float(len(token))


def _company_weight(token: str) -> float:
    """Weigh a company name word by its letters, trade words less."""
    return len(token) * token_weight(token)


def person_word_sim(x: str, y: str) -> float:
    """Return how alike two canonical words of a person's name are, initials and joined articles allowed."""
    if x == y:
        return 1.0
    if len(x) == 1 or len(y) == 1:
        return INITIAL_SIM if x[0] == y[0] else 0.0
    sim = Indel.normalized_similarity(x, y)
    bare_x, bare_y = strip_article(x), strip_article(y)
    if (bare_x, bare_y) != (x, y) and sim < 1.0:
        bare = Indel.normalized_similarity(bare_x, bare_y)
        if bare >= ARTICLE_FLOOR:  # only a near-identical rest: "Alberto" is not "Roberto"
            sim = max(sim, bare)
    return sim


def skeleton_sim(x: str, y: str) -> float:
    """Return how alike two consonant skeletons are; one-letter skeletons must be equal."""
    if x == y:
        return 1.0
    if min(len(x), len(y)) <= 1:
        return 0.0
    return Indel.normalized_similarity(x, y)


def company_word_sim(x: str, y: str) -> float:
    """Return how alike two words of a company name are; numbers must be equal."""
    if x == y:
        return 1.0
    if x.isdigit() or y.isdigit() or min(len(x), len(y)) <= 2:
        return 0.0
    return Indel.normalized_similarity(x, y)


def align(a: Sequence[str], b: Sequence[str], word_sim: TokenSim,
          weight: Callable[[str], float] = _person_weight) -> Alignment:
    """Pair the words of two names greedily, most alike first, joining adjacent words where that fits better."""
    candidates: list[tuple[float, int, int, int, int, int]] = []
    spans_a = [(i, j, "".join(a[i:j])) for i in range(len(a)) for j in range(i + 1, min(i + MAX_SPAN, len(a)) + 1)]
    spans_b = [(i, j, "".join(b[i:j])) for i in range(len(b)) for j in range(i + 1, min(i + MAX_SPAN, len(b)) + 1)]
    for ia, ja, text_a in spans_a:
        for ib, jb, text_b in spans_b:
            if ja - ia > 1 and jb - ib > 1:
                continue
            if (ja - ia > 1 or jb - ib > 1) and abs(len(text_a) - len(text_b)) > 3:
                continue  # a run of joined words can only match a word of like length
            sim = word_sim(text_a, text_b)
            if sim >= WORD_FLOOR:
                candidates.append((sim, (ja - ia) + (jb - ib), ia, ja, ib, jb))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[4]))
    used_a = [False] * len(a)
    used_b = [False] * len(b)
    matched = 0.0
    matched_a = 0.0
    matched_b = 0.0
    pairs: list[tuple[int, int]] = []
    pairs_exact = True
    for sim, _, ia, ja, ib, jb in candidates:
        if any(used_a[ia:ja]) or any(used_b[ib:jb]):
            continue
        used_a[ia:ja] = [True] * (ja - ia)
        used_b[ib:jb] = [True] * (jb - ib)
        weight_a = sum(weight(t) for t in a[ia:ja])
        weight_b = sum(weight(t) for t in b[ib:jb])
        matched += sim * (weight_a + weight_b)
        matched_a += sim * weight_a
        matched_b += sim * weight_b
        pairs.append((ia, ib))
        pairs_exact = pairs_exact and sim == 1.0
    total_a = sum(weight(t) for t in a) or 1.0
    total_b = sum(weight(t) for t in b) or 1.0
    similarity = matched / (total_a + total_b)
    coverage = matched_b / total_b if total_b < total_a else matched_a / total_a
    pairs.sort()
    reordered = any(later[1] < earlier[1] for earlier, later in itertools.pairwise(pairs))
    return Alignment(similarity=min(similarity, 1.0), coverage=min(coverage, 1.0), reordered=reordered,
                     first_words_paired=(0, 0) in pairs, exact=pairs_exact and all(used_a) and all(used_b),
                     pairs_exact=pairs_exact and bool(pairs),
                     unpaired_a=tuple(t for t, used in zip(a, used_a, strict=True) if not used),
                     unpaired_b=tuple(t for t, used in zip(b, used_b, strict=True) if not used))


@lru_cache(maxsize=65536)
def compare_person_name(a: str, b: str) -> tuple[float, NameKind, bool]:
    """Compare two person names as written, in any script; return the similarity, how they relate, exactness."""
    tokens_a, tokens_b = basic_tokens(a), basic_tokens(b)
    if not tokens_a or not tokens_b:
        return 0.0, NameKind.SIMILAR, False
    transliterated = is_latin(a) != is_latin(b)
    if has_abjad(a) or has_abjad(b):
        found = align([skeleton(t) for t in tokens_a], [skeleton(t) for t in tokens_b], skeleton_sim)
        cap = SKELETON_CAP
    else:
        found = align([canon_token(t) for t in tokens_a], [canon_token(t) for t in tokens_b], person_word_sim)
        cap = 1.0
    # "bin", "ould" and the like come and go: a name that differs only by them is the same name
    leftover = found.unpaired_a + found.unpaired_b
    exact = found.exact or (found.pairs_exact and all(t in _FILIATION_FORMS for t in leftover))
    similarity, kind = (1.0 if exact else found.similarity), NameKind.SIMILAR
    shorter = min(len(tokens_a), len(tokens_b))
    if shorter >= 2 and found.first_words_paired and PARTIAL_FACTOR * found.coverage > similarity:
        similarity, kind = PARTIAL_FACTOR * found.coverage, NameKind.PARTIAL
    elif exact:
        kind = NameKind.REORDERED if found.reordered else NameKind.SAME
    elif found.reordered:
        kind = NameKind.REORDERED
    if transliterated:
        kind = NameKind.TRANSLITERATED
    return min(similarity, cap), kind, exact


def best_person_names(a_names: Sequence[str], a_aliases_from: int, b_names: Sequence[str],
                      b_aliases_from: int) -> NameComparison | None:
    """Return the best-agreeing pair of names of two persons; names from index ``*_aliases_from`` are aliases."""
    best: NameComparison | None = None
    for i, name_a in enumerate(a_names):
        for j, name_b in enumerate(b_names):
            similarity, kind, exact = compare_person_name(name_a, name_b)
            alias = 1 <= i < a_aliases_from or 1 <= j < b_aliases_from
            if best is None or (exact, similarity, not alias) > (best.exact, best.similarity, not best.alias):
                best = NameComparison(similarity, kind, exact, name_a, name_b, alias)
    return best


@lru_cache(maxsize=65536)
def compare_company_name(a: str, b: str) -> tuple[float, NameKind, bool]:
    """Compare two company names as written; return the similarity, how they relate, and exactness."""
    name_a, name_b = company_name(a), company_name(b)
    for short, full in ((name_a, name_b), (name_b, name_a)):
        if len(short.tokens) == 1 and short.tokens[0] not in full.tokens and (
                short.initialism in full.acronyms or fold(short.text).replace(" ", "") in full.acronyms):
            return PARTIAL_FACTOR, NameKind.ACRONYM, False
    found = align(name_a.tokens, name_b.tokens, company_word_sim, _company_weight)
    similarity, kind = found.similarity, NameKind.SIMILAR
    extra = found.unpaired_a or found.unpaired_b
    if extra and not (found.unpaired_a and found.unpaired_b) and all(t in GENERIC_WORDS for t in extra) \
            and name_a.distinctive and name_b.distinctive:
        # One name adds trade words to the other ("ACME" / "ACME Trading"): close, not the same.
        similarity, kind = max(similarity, PARTIAL_FACTOR), NameKind.PARTIAL
    if found.exact:
        kind = NameKind.REORDERED if found.reordered else NameKind.SAME
    elif found.reordered:
        kind = NameKind.REORDERED
    if is_latin(a) != is_latin(b):
        kind = NameKind.TRANSLITERATED
    return similarity, kind, found.exact


def best_company_names(a_names: Sequence[str], b_names: Sequence[str]) -> NameComparison | None:
    """Return the best-agreeing pair of names of two companies (legal or trading names)."""
    best: NameComparison | None = None
    for i, name_a in enumerate(a_names):
        for j, name_b in enumerate(b_names):
            similarity, kind, exact = compare_company_name(name_a, name_b)
            alias = i > 0 or j > 0
            if best is None or (exact, similarity, not alias) > (best.exact, best.similarity, not best.alias):
                best = NameComparison(similarity, kind, exact, name_a, name_b, alias)
    return best
