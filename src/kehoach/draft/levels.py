"""Level vocabulary of a draft: which words change when a plan moves one level down.

The words come from the one table the aligner uses too (`kehoach.align.vocab.SWAPS`: what it
counts as an adapted pair, e.g. `Trung ương → Huyện ủy`): a phrase of the parent's level is
replaced by the first phrase of the draft's level in the same row (body, committee), a place
word only in the frames that name a place (`toàn tỉnh` → `toàn huyện`, `cấp tỉnh`, `Đảng bộ
tỉnh`). Central names are kept except where a lower body has the same office (`Ban Tổ chức
Trung ương` → `Ban Tổ chức Tỉnh ủy`: `Nghị quyết Trung ương 4` stays). The units below the
parent (`các huyện ủy, thành ủy`) become the units below the draft's issuer (`các chi, đảng bộ
cơ sở`). Substitution is done on whole words, in the case printed (`TỈNH ỦY` → `HUYỆN ỦY`),
both tone placements (`uỷ`/`ủy`).
"""

from __future__ import annotations

import re

from kehoach.align.vocab import LEVELS, SWAPS
from kehoach.vntext import fold

__all__ = ["LEVELS", "level_of_document", "level_of_issuer", "party_symbol", "substitute", "units_below"]

BODY = {level: phrases[0] for level, phrases in SWAPS["body"].items()}
PLACE = {level: phrases[0] for level, phrases in SWAPS["place"].items()}
# The groups of units under a body of each level, as a plan addresses them: what a draft writes
# when the tracking registry does not know the issuer's units (`Tracker.units_below`).
BELOW_PARTY = {
    "central": ["Các tỉnh ủy, thành ủy trực thuộc Trung ương"],
    "province": [
        "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
        "Các ban xây dựng Đảng Tỉnh ủy",
    ],
    "district": ["Các chi, đảng bộ cơ sở trực thuộc Huyện ủy", "Các ban xây dựng Đảng Huyện ủy"],
    "grassroots": ["Các chi bộ trực thuộc"],
}
BELOW_STATE = {
    "central": ["Các bộ, ngành", "UBND các tỉnh, thành phố"],
    "province": ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"],
    "district": ["Các phòng, ban, ngành huyện", "UBND các xã, thị trấn"],
    "grassroots": ["Các ban, ngành, đoàn thể xã"],
}
# the units below a parent's level as a parent names them (they become the units below the draft's)
BELOW_NAMES = {
    "central": r"các tỉnh ủy, thành ủy(?:, đảng ủy trực thuộc Trung ương)?",
    "province": r"các huyện ủy, thị ủy, thành ủy(?:, đảng ủy trực thuộc Tỉnh ủy)?|các huyện, thị ủy, thành ủy"
    r"|các huyện ủy, thành ủy(?:, đảng ủy trực thuộc)?",
    "district": r"các chi, đảng bộ cơ sở(?: trực thuộc)?|các đảng ủy, chi bộ cơ sở",
}
_SYMBOL_LEVEL = {"TW": "central", "BTGTW": "central", "BTCTW": "central", "TU": "province", "ThU": "province",
                 "ĐUK": "province", "HU": "district", "ĐU": "grassroots", "CP": "central"}  # fmt: skip


def level_of_issuer(name: str) -> str:
    """central | province | district | grassroots, from a body's name (province when it says nothing)."""
    f = fold(name)
    if re.search(r"trung uong|chinh phu|bo chinh tri|ban bi thu", f):
        return "central"
    if re.search(r"\b(huyen|quan|thi xa)\b|huyen uy|quan uy|thi uy", f):
        return "district"
    if re.search(r"\b(xa|phuong|thi tran)\b|chi bo|co so", f):
        return "grassroots"
    return "province"


def level_of_document(doc) -> str:
    """The level of a parsed plan: from its symbol's issuer part, else from its issuer's name."""
    if doc.symbol:
        tail = doc.symbol.replace("-", "/").split("/")[-1]
        if tail in _SYMBOL_LEVEL:
            return _SYMBOL_LEVEL[tail]
    return level_of_issuer(" ".join(x for x in (doc.issuer, doc.issuer_parent) if x))


def party_symbol(issuer: str) -> str:
    """`KH/HU` for a Huyện ủy, `KH/TU` for a Tỉnh ủy, `KH/ĐUK` for a bloc committee …"""
    f = fold(issuer)
    for pattern, abbr in (
        (r"dang uy khoi", "ĐUK"),
        (r"huyen uy", "HU"),
        (r"thi uy", "ThU"),
        (r"thanh uy", "ThU"),
        (r"tinh uy", "TU"),
        (r"quan uy", "QU"),
        (r"dang uy", "ĐU"),
    ):
        if re.search(pattern, f):
            return f"KH/{abbr}"
    return "KH/ĐU"


def units_below(level: str, system: str) -> list[str]:
    """The groups of units under a body of `level`, as a plan addresses them."""
    return list((BELOW_PARTY if system == "party" else BELOW_STATE)[level])


def _case_like(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _sub(text: str, pattern: str, repl: str) -> str:
    rx = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
    return rx.sub(lambda m: _case_like(m.group(0), repl), text)


def _tone_free(phrase: str) -> str:
    """A pattern matching `ủy` and `uỷ` (and `Ủy`/`Uỷ`) alike."""
    return phrase.replace("ủy", "(?:ủy|uỷ)").replace("Ủy", "(?:Ủy|Uỷ)")


def _any_of(phrases: tuple[str, ...]) -> str:
    """A pattern of any of `phrases` (longest first), tone placement free."""
    return "|".join(_tone_free(re.escape(p)) for p in sorted(phrases, key=len, reverse=True))


def substitute(text: str, frm: str, to: str) -> str:
    """`text` of a plan at level `frm` rewritten for a plan at level `to` (no change if equal)."""
    if frm == to or not text:
        return text
    if frm in BELOW_NAMES:
        text = _sub(text, _tone_free(BELOW_NAMES[frm]), units_below(to, "party")[0].lower())
    if frm == "central":
        # `Ban Tổ chức Trung ương` → `Ban Tổ chức Tỉnh ủy`; a named resolution keeps its name
        text = re.sub(
            rf"\b(Ban (?:Tổ chức|Tuyên giáo|Dân vận|Nội chính|Kinh tế|Tuyên giáo và Dân vận)) (?:{_any_of(SWAPS['body']['central'])})(?!\w)",
            lambda m: f"{m.group(1)} {BODY[to]}",
            text,
        )
        text = _sub(text, _any_of(SWAPS["place"]["central"]), f"toàn {PLACE[to]}")
        return text
    # the level's own body only: a `Thành ủy` under a province is a unit below, not the province
    text = _sub(text, _tone_free(re.escape(BODY[frm])), BODY[to])
    text = _sub(text, _any_of(SWAPS["committee"][frm]), SWAPS["committee"][to][0])
    for frame in ("toàn", "cấp", "Đảng bộ"):
        text = _sub(text, f"{frame} (?:{_any_of(SWAPS['place'][frm])})", f"{frame} {PLACE[to]}")
    return text
