"""Find every citation occurrence (a `Mention`) in a text, with its parts.

Matching runs on the folded text (see `patterns`), values are read from the
text itself, so a number symbol keeps its printed letters (`39-KH/ĐUK`) and an
issuing body its printed spelling (`Ban Thường vụ Huyện uỷ`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from kehoach.refs import patterns as P
from kehoach.vntext import fold, fold_aligned

MentionKind = str  # "numbered" | "named" | "incomplete" | "partial"


@dataclass
class Mention:
    """One place where a document is cited, with the parts printed there."""

    kind: MentionKind
    start: int
    end: int
    doc_type: str | None = None
    type_from_word: bool = False
    ambiguous: bool = False
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = None
    state_year: str | None = None
    date: str | None = None
    issuer: str | None = None
    term: str | None = None
    title: str | None = None
    named_key: str | None = None
    header: bool = False  # the document's own number in its header (`Số 39-KH/ĐUK`)


def squash(text: str) -> str:
    """Collapse whitespace (line wraps included) to single spaces."""
    return " ".join(text.split())


# -- parts ---------------------------------------------------------------------


def _type_name(folded_words: str) -> str:
    return P.TYPE_WORDS[" ".join(folded_words.split())]


def _is_symbol_part(orig: str) -> bool:
    """A symbol part as printed: starts upper case, mostly capitals (`KH`, `ĐUK`, `CTr`, `ThU`)."""
    letters = [c for c in orig if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    upper = sum(c.isupper() for c in letters)
    return upper * 2 >= len(letters)


def _iso_date(m: re.Match[str]) -> str | None:
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


def _roman_ok(orig: str) -> bool:
    return orig.isupper()


_TERM_HEAD = re.compile(r"\s*,?\s*(?P<paren>\()?\s*khoa\s+")
_ROMANS = re.compile(r"[IVXL]{1,6}(?:\s*(?:,|và|-)\s*[IVXL]{1,6})*(?!\w)")


def _term(text: str, folded: str, pos: int) -> tuple[str | None, int]:
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


_WORD = re.compile(r"\S+")


def _issuer(text: str, folded: str, pos: int) -> tuple[str | None, int]:
    """The issuing body after `của` at `pos` (`của Ban Thường vụ Tỉnh ủy về …`), and where it ends."""
    m = P.PATTERNS["of"].match(folded, pos)
    if not m:
        return None, pos
    words: list[tuple[int, int]] = []
    scan = m.end()
    limit = min(len(text), scan + 200)
    prev_f = ""
    for wm in _WORD.finditer(text, scan, limit):
        token = wm.group(0)
        core = token.rstrip(",.;:)”\"'’")
        stop_after = core != token
        if not core or core[0] in "(“\"'‘":
            break
        f = folded[wm.start() : wm.start() + len(core)]
        nxt = folded[wm.end() : wm.end() + 8].split()
        if f in P.ISSUER_STOP_ANY_CASE or (f == "khoa" and nxt and re.fullmatch(r"\(?[ivxl]+\W*", nxt[0])):
            break
        if not core[0].isupper():
            if f in P.ISSUER_STOP or (nxt and (f, nxt[0]) in P.ISSUER_STOP_PAIRS):
                break
            if core.isdigit():
                if prev_f not in {"uong", "dao", "tw"} or len(core) > 2:
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


def _date_at(text: str, folded: str, pos: int) -> tuple[str | None, int]:
    m = P.PATTERNS["date"].match(folded, pos)
    if not m:
        return None, pos
    iso = _iso_date(m)
    return (iso, m.end()) if iso else (None, pos)


def _tail(text: str, folded: str, pos: int, mention: Mention) -> int:
    """Read what may follow a citation: date, `của` issuer, term, a date after the issuer."""
    if mention.date is None:
        mention.date, pos = _date_at(text, folded, pos)
    mention.issuer, pos = _issuer(text, folded, pos)
    mention.term, pos = _term(text, folded, pos)
    if mention.date is None:
        mention.date, pos = _date_at(text, folded, pos)
    return pos


# -- the matchers --------------------------------------------------------------


_HEADER_SO = re.compile(r"(?<!\w)Số\s*:?\s*$")  # `Số 39-KH/ĐUK`, `Số: 125/KH-UBND` (capital S, no type word)


def _symbol_type(abbr_folded: str, state: bool) -> tuple[str | None, bool]:
    """Type named by a symbol abbreviation, and whether it is ambiguous (Party `QĐ`)."""
    if abbr_folded == "qd":
        return (P.STATE_QD, False) if state else (None, True)
    return P.TYPE_ABBREVIATIONS.get(abbr_folded), False


def _numbered(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    g = m.groupdict()
    state = g.get("s_num") is not None
    if state:
        num, year = g["s_num"], g.get("s_year")
        t_orig = text[m.start("s_type") : m.end("s_type")]
        i_orig = text[m.start("s_iss") : m.end("s_iss")]
        abbr = g["s_type"]
        number = f"{num}/{year}" if year else num
        symbol = f"{t_orig}-{i_orig}"
        number_symbol = f"{number}/{symbol}"
    else:
        num, year = g["p_num"], None
        t_orig = text[m.start("p_type") : m.end("p_type")]
        i_orig = text[m.start("p_iss") : m.end("p_iss")]
        abbr = g["p_type"]
        number = num
        symbol = f"{t_orig}/{i_orig}"
        number_symbol = f"{number}-{symbol}"
    if not (_is_symbol_part(t_orig) and all(_is_symbol_part(p) for p in i_orig.split("-"))):
        return None
    mention = Mention(
        "numbered", m.start(), m.end(), number=number, symbol=symbol, number_symbol=number_symbol
    )
    mention.state_year = year
    if g.get("type"):
        mention.doc_type, mention.type_from_word = _type_name(g["type"]), True
    else:
        mention.doc_type, mention.ambiguous = _symbol_type(abbr, state)
        mention.header = bool(_HEADER_SO.search(text, max(0, m.start() - 12), m.start()))
    if g.get("d_year") or g.get("w_year") or g.get("m_year"):
        mention.date = _iso_date(m)
        if mention.date is None:  # an impossible date: read the citation without it
            mention.end = m.end("s_iss") if state else m.end("p_iss")
    mention.end = _tail(text, folded, mention.end, mention)
    return mention


def _blank(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    g = m.groupdict()
    if g.get("b_ptype"):
        t_orig, i_orig = (
            text[m.start("b_ptype") : m.end("b_ptype")],
            text[m.start("b_piss") : m.end("b_piss")],
        )
        symbol = f"{t_orig}/{i_orig}"
    else:
        t_orig, i_orig = (
            text[m.start("b_stype") : m.end("b_stype")],
            text[m.start("b_siss") : m.end("b_siss")],
        )
        symbol = f"{t_orig}-{i_orig}"
    if not (_is_symbol_part(t_orig) and all(_is_symbol_part(p) for p in i_orig.split("-"))):
        return None
    mention = Mention("incomplete", m.start(), m.end(), symbol=symbol, doc_type=_type_name(g["type"]))
    mention.type_from_word = True
    if g.get("d_year") or g.get("w_year") or g.get("m_year"):
        mention.date = _iso_date(m)
    mention.end = _tail(text, folded, mention.end, mention)
    return mention


def _partial(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """`Chỉ thị 05`, `Nghị quyết số 35 của …`: type and number, no symbol."""
    orig_type = text[m.start("type") : m.end("type")]
    if not orig_type[:1].isupper():
        return None
    mention = Mention(
        "partial", m.start(), m.end("bare"), number=m.group("bare"), doc_type=_type_name(m["type"])
    )
    mention.type_from_word = True
    mention.end = _tail(text, folded, mention.end, mention)
    return mention


def _slug(folded_words: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", folded_words))


def _named(text: str, folded: str, m: re.Match[str], which: str) -> Mention | None:
    g = m.groupdict()
    mention = Mention("named", m.start(), m.end(), doc_type="Nghị quyết")
    if which == "congress":
        roman = text[m.start("nat_roman") : m.end("nat_roman")]
        if not _roman_ok(roman):
            return None
        mention.named_key = f"named:nq-dai-hoi-{roman.lower()}"
    elif which == "local":
        roman = text[m.start("loc_roman") : m.end("loc_roman")]
        if not _roman_ok(roman):
            return None
        mention.named_key = f"named:nq-dai-hoi-dang-bo-{_slug(g['unit'])}-{roman.lower()}"
    else:
        raw = g.get("num") or g.get("ord1") or g.get("ord2")
        if not raw:
            return None
        n = int(raw) if raw.isdigit() else P.ORDINALS[" ".join(raw.split())]
        mention.term, end = _term(text, folded, m.end())
        mention.end = end
        key = f"named:nq-tw-{n}"
        if mention.term:
            key += "-" + _slug(fold(mention.term))
        mention.named_key = key
    if which != "plenum":
        mention.term, mention.end = _term(text, folded, mention.end)
    title = squash(text[mention.start : mention.end])
    mention.title = title[:1].upper() + title[1:]
    return mention


_BEFORE_ANCHOR = frozenset(" \n:o")  # what ends a type word and `\s+` or `số`, `số:` before an anchor


def find_anchors(folded: str) -> dict[str, list[int]]:
    """Where numbered, partial and blank citations may be: the start of each kind's anchor."""
    out: dict[str, list[int]] = {"numbered": [], "partial": [], "blank": []}
    # one byte per character (a non-ASCII one becomes `?`), so offsets stay those of `folded`
    digits = folded.encode("ascii", "replace").translate(P.DIGITS_AS_ZERO)
    for m in P.DIGIT_ANCHOR_RE.finditer(digits):
        out[m.lastgroup or "numbered"].append(m.start())
    out["blank"] = [m.start() for m in P.PATTERNS["blank_anchor"].finditer(folded)]
    return out


def anchored_matches(
    folded: str, kind: str, anchors: list[int], prefix_optional: bool = False
) -> Iterator[re.Match[str]]:
    """The matches `P.PATTERNS[kind].finditer(folded)` finds, found from the kind's anchors.

    Every match of these patterns is a type word (and `số`) right before an anchor (a number,
    a blank `số …-KH/HU`): the anchor is found by a fast pattern, the type word by a short
    search that must end at the anchor, and the full pattern is then matched from there.
    """
    full, before = P.PATTERNS[kind], P.PATTERNS[f"{kind}_before"]
    last = 0
    for q in anchors:
        if q < last or (not prefix_optional and folded[q - 1 : q] not in _BEFORE_ANCHOR):
            continue
        prefix = before.search(folded, max(last, q - P.ANCHOR_BACK), q)
        if prefix is None and not prefix_optional:
            continue
        m = full.match(folded, prefix.start() if prefix else q)
        if m is None and prefix is not None and prefix_optional:
            m = full.match(folded, q)
        if m is not None and m.end() > q:
            last = m.end()
            yield m


def find_mentions(text: str) -> list[Mention]:
    """Every citation occurrence in `text`, in text order (header numbers included, flagged)."""
    folded = fold_aligned(text)
    taken_starts: list[int] = []  # disjoint spans taken so far, kept sorted
    taken_ends: list[int] = []
    out: list[Mention] = []

    def free(start: int, end: int) -> bool:
        i = bisect_right(taken_starts, start)
        if i and taken_ends[i - 1] > start:
            return False
        return not (i < len(taken_starts) and taken_starts[i] < end)

    def add(mention: Mention | None) -> None:
        if mention and free(mention.start, mention.end):
            i = bisect_right(taken_starts, mention.start)
            taken_starts.insert(i, mention.start)
            taken_ends.insert(i, mention.end)
            out.append(mention)

    anchors = find_anchors(folded)
    for m in anchored_matches(folded, "numbered", anchors["numbered"], prefix_optional=True):
        add(_numbered(text, folded, m))
    for m in anchored_matches(folded, "blank", anchors["blank"]):
        add(_blank(text, folded, m))
    for which in ("local", "congress", "plenum"):
        for m in P.PATTERNS[which].finditer(folded):
            add(_named(text, folded, m, which))
    for m in anchored_matches(folded, "partial", anchors["partial"]):
        add(_partial(text, folded, m))
    out.sort(key=lambda x: x.start)
    return out
