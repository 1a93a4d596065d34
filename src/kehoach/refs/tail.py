"""What may follow a citation's number or name, read from the printed text: its date, the
issuing body after `của`, a term (`khóa XII`); shared by every grammar of citations."""

from __future__ import annotations

import re

from kehoach.refs import patterns as P
from kehoach.refs.mention import Mention, squash


def iso_date(m: re.Match[str]) -> str | None:
    """ISO date (or YYYY-MM for a month-only date) from a DATE match; None when impossible."""
    g = m.groupdict()
    if g.get("d_year"):
        day, month, year = int(g["d_day"]), int(g["d_month"]), int(g["d_year"])
    elif g.get("w_year"):
        day, month, year = int(g["w_day"] or 0), int(g["w_month"]), int(g["w_year"])
    elif g.get("m_year"):
        day, month, year = 0, int(g["m_month"]), int(g["m_year"])
    else:
        return None
    if not 1 <= month <= 12 or day > 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"


_TERM_HEAD = re.compile(r"\s*,?\s*(?P<paren>\()?\s*khoa\s+")
_ROMANS = re.compile(r"[IVXL]{1,6}(?:\s*(?:,|và|-)\s*[IVXL]{1,6})*(?!\w)")


def read_term(text: str, folded: str, pos: int) -> tuple[str | None, int]:
    """A term (`khóa XII`, `(khóa XI, XII)`) starting at `pos`, and where it ends."""
    head = _TERM_HEAD.match(folded, pos)
    if not head:
        return None, pos
    romans = _ROMANS.match(text, head.end())  # upper-case numerals only: `khóa V, vị` is `khóa V`
    if not romans:
        return None, pos
    end = romans.end()
    if head.group("paren"):
        close = re.compile(r"\s*\)").match(text, end)
        if not close:
            return None, pos
        end = close.end()
    return "khóa " + ", ".join(re.findall(r"[IVXL]+", romans.group(0))), end


WORD = re.compile(r"\S+")  # a printed word with its marks: what lies between blanks


def word_after(text: str, end: int) -> re.Match[str] | None:
    """The printed word starting one character after `end` (the end of a word and one blank)."""
    return WORD.match(text, end + 1) if end + 1 < len(text) else None


# a type word followed by `số` or a number starts another citation (`Sở Kế hoạch và Đầu tư` does not)
# stop words that are the second syllable of a word of a body's name (`Sở Kế hoạch và Đầu tư`)
_NAME_PAIRS = frozenset({("dau", "tu"), ("thu", "tuc")})
# the parts after `và` in the names of ministries and departments (`Bộ Khoa học và Công nghệ`, `Sở Kế
# hoạch và Đầu tư`, `Bộ Lao động - Thương binh và Xã hội`), folded
_SECOND_PARTS = frozenset(
    [
        "dao tao",
        "moi truong",
        "du lich",
        "xa hoi",
        "dau tu",
        "cong nghe",
        "phat trien",
        "truyen thong",
        "thong tin",
        "the thao",
        "tien luong",
        "khoang san",
    ]
)
_CITATION_START = re.compile(rf"{P.TYPE_WORD}\s+(?:so\b|\d)")


def read_issuer(text: str, folded: str, pos: int) -> tuple[str | None, int]:
    """The issuing body after `của` at `pos` (`của Ban Thường vụ Tỉnh ủy về …`), and where it ends."""
    m = P.PATTERNS["of"].match(folded, pos)
    if not m:
        return None, pos
    words: list[tuple[int, int]] = []
    scan = m.end()
    limit = min(len(text), scan + 200)
    prev_f = ""
    for wm in WORD.finditer(text, scan, limit):
        token = wm.group(0)
        core = token.rstrip(",.;:)”\"'’")
        stop_after = core != token
        if not core or core[0] in "(“\"'‘":
            break
        f = folded[wm.start() : wm.start() + len(core)]
        nxt = folded[wm.end() : wm.end() + 8].split()
        if f in ("kinh", "noi") and nxt and nxt[0].startswith(("gui", "nhan")):
            break  # `… của UBND tỉnh` / `Kính gửi: …`, `Nơi nhận:`: the next block, not the body's name
        if f in P.ISSUER_STOP_ANY_CASE or (f == "khoa" and nxt and re.fullmatch(r"\(?[ivxl]+\W*", nxt[0])):
            break
        if words and _CITATION_START.match(folded, wm.start()):
            break  # `… Nhân công Kế hoạch số 10-KH/TW`: the next citation, not the body's name
        if not core[0].isupper() and (prev_f, f) not in _NAME_PAIRS:
            if f in P.ISSUER_STOP or (nxt and (f, nxt[0]) in P.ISSUER_STOP_PAIRS):
                break
            if core.isdigit():
                if prev_f not in {"uong", "dao", "tw"} or len(core) > 2:
                    break
            elif f == "va":
                # `Sở Giáo dục và Đào tạo` goes on; `UBND tỉnh và Sở Tài chính`, `… và Kế hoạch số` end
                after = word_after(text, wm.end())
                nf = folded[after.start() : after.end()] if after else ""
                then = word_after(text, after.end()) if after else None
                if (
                    not after
                    or not then
                    or not after.group(0)[:1].isupper()  # `và Đào tạo`, `và Môi trường`: a capital …
                    or not then.group(0)[:1].islower()  # … then lower case
                    or len(words) < 2
                    or folded[words[0][0] : words[0][1]] not in ("so", "bo")  # ministries, departments
                    # the second part of a ministry's name (`Bộ Nội vụ và Hồ công …`: the sentence goes on)
                    or f"{nf} {folded[then.start() : then.end()].rstrip(',.;:')}" not in _SECOND_PARTS
                ):
                    break
            elif f not in P.ISSUER_LOWER:
                break
        elif not words and not core[0].isalpha():
            break
        words.append((wm.start(), wm.start() + len(core)))
        prev_f = f
        if stop_after or len(words) >= P.ISSUER_MAX_WORDS:
            break
    while words and folded[words[-1][0] : words[-1][1]] in {"cac", "co", "va"}:
        words.pop()
    if not words or not text[words[0][0]].isupper():
        return None, pos
    return squash(text[words[0][0] : words[-1][1]]), words[-1][1]


def read_date(text: str, folded: str, pos: int) -> tuple[str | None, int]:
    """An ISO date starting at `pos` (`ngày 13/6/2022`, `ngày 5 tháng 6 năm 2022`), and where it ends."""
    m = P.PATTERNS["date"].match(folded, pos)
    if not m:
        return None, pos
    iso = iso_date(m)
    return (iso, m.end()) if iso else (None, pos)


def read_tail(text: str, folded: str, pos: int, mention: Mention) -> int:
    """Read what may follow a citation: date, `của` issuer, term, a date after the issuer."""
    if mention.date is None:
        mention.date, pos = read_date(text, folded, pos)
    mention.issuer, pos = read_issuer(text, folded, pos)
    mention.term, pos = read_term(text, folded, pos)
    if mention.date is None:
        mention.date, pos = read_date(text, folded, pos)
    return pos
