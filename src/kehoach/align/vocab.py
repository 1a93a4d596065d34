"""Level vocabulary: names of levels, bodies and audiences that a lower plan swaps in.

A district plan rewrites `Ban Tổ chức Trung ương` as `Ban Tổ chức Huyện ủy` and
`toàn Đảng, toàn dân` as `cán bộ, đảng viên`. Before comparing, such phrases are
replaced by one class token, so a level substitution counts as adaptation, not as
difference.

Phrases are matched on lower-cased words *with* their marks (one tone placement),
because folding merges words that must stay apart here: `tỉnh` (province) with
`tình hình` and `tinh thần`, `xã` (commune) with `xã hội`. Everything else is
compared on the folded form.
"""

from __future__ import annotations

import re
import unicodedata

from kehoach.vntext import fold, unify_tone

LEVEL = "@cap"
"""Class token for a level or a body of a level (Trung ương, Tỉnh ủy, Huyện ủy, huyện …)."""
AUDIENCE = "@dt"
"""Class token for the audience of a level (toàn Đảng, toàn dân … / cán bộ, đảng viên …)."""

LEVELS = ("central", "province", "district", "grassroots")
"""The levels of a plan's issuer, top down (plus `bloc` and `any` for phrases of no one level)."""

# The one table of level words, for both sides of the cascade: the aligner treats every phrase
# here as one class (a swap between them is adaptation, not difference), and a draft one level
# down (`kehoach.draft.levels`) writes the first phrase of the target level's cell in place of a
# phrase of the source level's cell, row by row (what the aligner reports as `adapted` with the
# substitution `Trung ương → Huyện ủy`). Written as printed; compared lower-cased, with marks.
# A row with one level only (Bộ Chính trị …) has no counterpart below: a draft keeps it.
SWAPS: dict[str, dict[str, tuple[str, ...]]] = {
    "body": {
        "central": (
            "Trung ương",
            "Ban Chấp hành Trung ương Đảng",
            "Ban Chấp hành Trung ương",
            "Trung ương Đảng",
        ),
        "province": ("Tỉnh ủy", "Thành ủy"),
        "district": ("Huyện ủy", "Thị ủy", "Quận ủy"),
        "grassroots": ("Đảng ủy cơ sở", "Đảng ủy xã", "Chi bộ"),
    },
    "place": {
        "central": ("cả nước", "toàn quốc"),
        "province": ("tỉnh",),
        "district": ("huyện", "thị xã"),
        "grassroots": ("xã",),
    },
    "committee": {
        "central": ("Chính phủ",),
        "province": ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        "district": ("UBND huyện", "Ủy ban nhân dân huyện"),
        "grassroots": ("UBND xã", "Ủy ban nhân dân xã"),
    },
    "leadership": {"central": ("Bộ Chính trị", "Ban Bí thư", "Quốc hội")},
    "bloc": {
        "bloc": (
            "Đảng ủy Khối các cơ quan tỉnh",
            "Đảng ủy Khối doanh nghiệp tỉnh",
            "Đảng ủy Khối",
            "trong Khối",
        )
    },
    "any": {"any": ("Đảng ủy", "cấp ủy", "HĐND", "cơ quan, đơn vị", "địa phương, đơn vị")},
}

# Bare words too ambiguous to be a class for the aligner (`xã hội`, `khối đại đoàn kết`); a draft
# still swaps them where its frame says they name a place (`toàn xã`, `cấp xã`).
NOT_ALONE = frozenset({"xã"})

_LEVEL_PHRASES = "\n".join(
    f"{level}: " + " | ".join(kept)
    for row in SWAPS.values()
    for level, phrases in row.items()
    if (kept := [p for p in phrases if p.lower() not in NOT_ALONE])
)

_AUDIENCE_PHRASES = """
all: toàn đảng toàn dân và toàn quân | toàn đảng toàn dân toàn quân | toàn đảng toàn dân
all: toàn đảng | toàn dân | toàn quân
members: cán bộ đảng viên và nhân dân | cán bộ đảng viên công chức viên chức | cán bộ đảng viên
members: cán bộ đoàn viên | cán bộ hội viên đoàn viên
people: nhân dân
"""

_WORD = re.compile(r"\w+", re.UNICODE)


def _lower_marked(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("ƣ", "ư").replace("Ƣ", "Ư")
    return unify_tone(text.lower())


def marked_words(text: str) -> list[str]:
    """Lower-cased word tokens with marks kept (NFC, one tone placement, `ƣ` → `ư`)."""
    return _WORD.findall(_lower_marked(text))


def _parse(block: str, token: str) -> dict[tuple[str, ...], tuple[str, str]]:
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for line in block.strip().splitlines():
        level, _, phrases = line.partition(":")
        for phrase in phrases.split("|"):
            out[tuple(marked_words(phrase))] = (token, f"{token}:{level.strip()}")
    return out


PHRASES: dict[tuple[str, ...], tuple[str, str]] = {
    **_parse(_LEVEL_PHRASES, LEVEL),
    **_parse(_AUDIENCE_PHRASES, AUDIENCE),
}
"""Phrase (as marked words) → (class token, level label such as `@cap:district`)."""

_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
for _phrase, _value in sorted(PHRASES.items(), key=lambda kv: -len(kv[0])):
    _BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _value))


_SEP = "\n_kehoachsep_\n"
"""Joins texts for batch tokenizing; ASCII lower case, so lower-casing and folding keep it as is."""


def tokenize_many(texts: list[str]) -> list[tuple[list[str], list[str], list[bool], list[str], list[str]]]:
    """`tokenize` for many texts at once, plus the words as printed (`display_words`).

    One normalization, lower-casing and folding pass over all texts joined by a separator,
    then cut back: much cheaper than one pass per unit.
    """
    if not texts:
        return []
    big = unicodedata.normalize("NFC", _SEP.join(texts)).replace("ƣ", "ư").replace("Ƣ", "Ư")
    low = unify_tone(big.lower())
    pieces = [x.split(_SEP) for x in (low, fold(low), big)]
    if any(len(piece) != len(texts) for piece in pieces):  # a text held the separator: go one by one
        return [(*tokenize(t), display_words(t)) for t in texts]
    findall = _WORD.findall
    out = []
    for low_text, folded_text, shown_text in zip(*pieces, strict=True):
        marked, folded, shown = findall(low_text), findall(folded_text), findall(shown_text)
        if len(folded) != len(marked):
            folded = [fold(w) for w in marked]
        mapped, is_level, levels = _map_levels(marked, folded)
        out.append((folded, mapped, is_level, levels, shown if len(shown) == len(folded) else folded))
    return out


def tokenize(text: str) -> tuple[list[str], list[str], list[bool], list[str]]:
    """Words of `text` for comparison.

    Returns (folded words, mapped words, level flags, levels): the folded words one
    per input word; the mapped words with level and audience phrases replaced by a
    class token; for each folded word whether it belongs to such a phrase; and the
    level labels of those phrases in order (`@cap:central`, `@dt:members` …).
    """
    low = _lower_marked(text)
    marked = _WORD.findall(low)
    folded = _WORD.findall(fold(low))  # folding keeps letters letters: same word boundaries
    if len(folded) != len(marked):  # defensive: never expected on NFC text
        folded = [fold(w) for w in marked]
    return (folded, *_map_levels(marked, folded))


def _map_levels(marked: list[str], folded: list[str]) -> tuple[list[str], list[bool], list[str]]:
    """Mapped words, level flags and level labels (see `tokenize`)."""
    is_level = [False] * len(marked)
    levels: list[str] = []
    starts = [i for i, w in enumerate(marked) if w in _BY_FIRST]
    if not starts:
        return list(folded), is_level, levels
    mapped: list[str] = []
    pos = 0
    for i in starts:
        if i < pos:
            continue
        for phrase, (token, label) in _BY_FIRST[marked[i]]:
            k = len(phrase)
            if tuple(marked[i : i + k]) == phrase:
                mapped.extend(folded[pos:i])
                mapped.append(token)
                levels.append(label)
                is_level[i : i + k] = [True] * k
                pos = i + k
                break
    mapped.extend(folded[pos:])
    return mapped, is_level, levels


def display_words(text: str) -> list[str]:
    """Word tokens as printed (NFC, `ƣ` → `ư`), one per word of `tokenize`."""
    return _WORD.findall(unicodedata.normalize("NFC", text).replace("ƣ", "ư").replace("Ƣ", "Ư"))
