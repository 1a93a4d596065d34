"""Shared patterns for document numbers, symbols, types and dates (FORMAT.md).

Used by the header parser and the citation extractor, so a number is read one
way everywhere.
"""

from __future__ import annotations

import re

from kehoach.vntext import fold

# Document types: the word printed in front of `số` (folded) and the abbreviation in a symbol
# (folded). Shared by the header parser and the citation extractor (`kehoach.refs.patterns`).
TYPE_WORDS: dict[str, str] = {
    # folded words (single spaces) → display name (sentence case, as FORMAT.md)
    "ke hoach": "Kế hoạch",
    "nghi quyet lien tich": "Nghị quyết liên tịch",
    "nghi quyet": "Nghị quyết",
    "chi thi": "Chỉ thị",
    "ket luan": "Kết luận",
    "quyet dinh": "Quyết định",
    "quy dinh": "Quy định",
    "huong dan": "Hướng dẫn",
    "thong bao ket luan": "Thông báo",  # a Thông báo whose subject is a conclusion (its symbol: TB)
    "thong bao": "Thông báo",
    "bao cao": "Báo cáo",
    "chuong trinh hanh dong": "Chương trình hành động",
    "chuong trinh": "Chương trình",
    "cong van": "Công văn",
    "cong dien": "Công điện",
    "van ban": "Văn bản",
    "nghi dinh": "Nghị định",
    "thong tu lien tich": "Thông tư liên tịch",
    "thong tu": "Thông tư",
    "quy che": "Quy chế",
    "to trinh": "Tờ trình",
    "de an": "Đề án",
    "luat": "Luật",
    "phap lenh": "Pháp lệnh",
}

TYPE_ABBREVIATIONS: dict[str, str | None] = {
    # folded abbreviation → type; None when the abbreviation is ambiguous (QĐ in Party symbols)
    "nq": "Nghị quyết",
    "qd": None,
    "ct": "Chỉ thị",
    "kl": "Kết luận",
    "qc": "Quy chế",
    "hd": "Hướng dẫn",
    "kh": "Kế hoạch",
    "tb": "Thông báo",
    "bc": "Báo cáo",
    "ctr": "Chương trình",
    "ttr": "Tờ trình",
    "cv": "Công văn",
    "cd": "Công điện",
    "nd": "Nghị định",
    "tt": "Thông tư",
    "da": "Đề án",
    "ttlt": "Thông tư liên tịch",
    "nqlt": "Nghị quyết liên tịch",
}
# Type lines that head a document or an annex but are not cited by number.
# `VĂN KIỆN ĐẠI HỘI …`: a congress's document, the term's report (results and directions), a Báo cáo
HEADER_ONLY_TYPES = {"de cuong": "Đề cương", "phuong an": "Phương án", "van kien": "Báo cáo"}
DOC_TYPE_BY_FOLD = TYPE_WORDS | HEADER_ONLY_TYPES


# -- national lines (one grammar of the state's and the Party's names and the motto) ----------

# On folded text (`kehoach.vntext.fold`). The header parser blanks them out of the header
# (`NATIONAL_SPAN`), the region finder finds a header below a web page's chrome by them
# (`NATIONAL_LINE`, which also knows a name broken over two lines by its second half) and the
# closing parser finds an attached document's header by them (`NATIONAL_HEADER_START`).
_STATE_NAME = r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam"  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
_PARTY_NAME = r"dang\s+cong\s+san\s+viet\s+nam"  # ĐẢNG CỘNG SẢN VIỆT NAM
_MOTTO = r"doc\s+lap\s*[-–]\s*tu\s+do\s*[-–]\s*hanh\s+phuc"  # Độc lập - Tự do - Hạnh phúc
# the second half of a name a web page broke over two lines (`CỘNG HÒA XÃ` / `HỘI CHỦ NGHĨA VIỆT NAM`,
# `ĐẢNG CỘNG` / `SẢN VIỆT NAM`), or the whole name, which holds it
_NAME_TAIL = r"chu\s+nghia\s+viet\s+nam|cong\s+san\s+viet\s+nam|^san\s+viet\s+nam$"
NATIONAL_SPAN = re.compile(rf"{_STATE_NAME}|{_MOTTO}\.?|{_PARTY_NAME}")
"""A whole national name or the motto, wherever it stands on a line (searched with `finditer`)."""
NATIONAL_LINE = re.compile(rf"{_NAME_TAIL}|{_MOTTO}")
"""A line naming the state or the Party (its second half, when broken), or the motto (`search`)."""
NATIONAL_HEADER_START = re.compile(rf"^(?:{_STATE_NAME}|{_PARTY_NAME})")
"""A line opening on the state's or the Party's name: a header begins there (`match`)."""


# -- outline labels (one grammar for the line joiner in `normalize` and the outline builder) ---

ROMAN = r"(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
"""A Roman numeral in capitals (I … XLIX); `refs.patterns` uses its folded form, `ROMAN.lower()`."""
_ORDINAL_WORD = r"(?:thứ\s+)?(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+\w+)?)"
# the keywords open on a capital (`Chương I`, `CHƯƠNG 2`): `chương 84 và 85 …` at a line's start is a
# hard wrap inside a sentence (HS chapters), not a chapter
LIST_MARKER = re.compile(
    rf"""^(?:
        (?P<part>P(?i:hần)\s+(?:(?i:{_ORDINAL_WORD})|{ROMAN}|\d{{1,2}})(?!\w))\s*[.:\-–]?\s*  # Phần thứ nhất, PHẦN I
      | (?P<chapter>C(?i:hương)\s+(?:{ROMAN}|\d{{1,2}})(?!\w))\s*[.:\-–]?\s*               # Chương I, CHƯƠNG 2
      | (?P<division>M(?i:ục)\s+(?:\d{{1,2}}|{ROMAN})(?!\w))\s*[.:\-–]?\s*                # Mục 1 (inside a Chương)
      | (?P<article>Đ(?i:iều)\s+\d{{1,3}}[a-z]?)\s*[.:]\s*                                  # Điều 1.  Điều 2:
      | (?P<roman>{ROMAN})\s*[.\-–]\s+(?=\S)                 # I.  II-  (Roman section)
      | (?P<capital>[A-HJKMNO-UWYZĐ])\.\s+(?=[A-ZĐÀ-Ỹ])       # A. B. (a heading above or below I.)
      | (?P<num>\d{{1,2}}(?:\s?\.\s?\d{{1,2}}){{0,3}})\s*(?:[.)](?!\d)\s*|[-–]\s+)(?=[^\s)/])  # 1. 1.1. 1.1- 2.10.
      | (?P<num2>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})\s+(?=[^\s)/])    # 1.1 Text (no final dot; not `1.16 )/`)
      | (?P<letter>[a-zđ])\s*(?:\)|\.(?=\s+[A-ZĐÀ-Ỹ]))\s*(?=\S)   # a)  b)  a. Text (point as `a.`)
      | (?P<bullet>[-–—•·])\s*(?=\S)                         # - bullet
      | (?P<plus>\+)\s*(?=\S)                                # + bullet
    )""",
    re.VERBOSE,
)
_MARKER_KEYWORD_INITIALS = frozenset("pcmđPCMĐ")  # phần, chương, mục, điều (any case)
LOWER_MARKER_INITIALS = frozenset("abcdefghijklmnopqrstuvwxyzđ")  # `a)`, `b. Text`
_UPPER_MARKER_INITIALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")  # `I.`, `A. Text`
_BULLET_INITIALS = frozenset("-–—•·+")


def may_open_list_marker(line: str) -> bool:
    """False when `LIST_MARKER` cannot match `line` (a cheap test by its first characters; True
    leaves the answer to the pattern): every branch opens on a keyword (`Phần`, `Chương`, `Mục`,
    `Điều`, any case), a Roman numeral, a capital and `.`, a digit, a letter and `)` or `.` (blanks
    between allowed), a bullet or `+`."""
    first = line[:1]
    if first in LOWER_MARKER_INITIALS:
        second = line[1:2]
        if second == ")" or second == "." or second.isspace():
            return True
        return first in _MARKER_KEYWORD_INITIALS and _opens_on_keyword(line)
    if first in _UPPER_MARKER_INITIALS:
        if first in "IVXL" or line[1:2] == ".":
            return True
        return first in _MARKER_KEYWORD_INITIALS and _opens_on_keyword(line)
    return first in _BULLET_INITIALS or first.isdigit() or first.isdecimal()


def _opens_on_keyword(line: str) -> bool:
    """`line` opens on `phần`, `chương`, `mục` or `điều` in any case (`PHẦN`, `Chương`)."""
    if line[1:2] not in _KEYWORD_SECONDS:
        return False  # most words opening on p, c, m, đ: no slice lowered
    return line[:4].lower() in ("phần", "điều") or line[:3].lower() == "mục" or line[:6].lower() == "chương"


_KEYWORD_SECONDS = frozenset("hHụỤiI")  # the second letter of phần, chương, mục, điều in either case


LEGAL_GROUPS = ("part", "chapter", "division", "article")
# `Mẫu số 08 - Phụ lục I (Ban hành kèm theo …)`, `MẪU SỐ 01`: a form attached to the document, a
# blank template of another document (its numbering is not an outline, its `ban hành kèm theo`
# names the document that made the form, not this one)
FORM_TITLE = re.compile(r"^(?i:mẫu)\s+(?i:số)\s*\d{1,3}[a-zA-Z]?(?:/[\w.\-]+)?\b(?!.{200})")


def year_of(date: str | None) -> str | None:
    """`2025` from `2025-11-20`, `2025-11` or `2025`; None without a date."""
    return date[:4] if date and date[:4].isdigit() else None


# -- numbers and symbols ------------------------------------------------------------------

# One grammar of document numbers, matched on folded text (`kehoach.vntext.fold`: lower case, no
# marks, same length), so the header parser and the citation extractor read a number alike; the
# parts are then read from the printed text, where a symbol part must be printed in capitals.
# Party style `39-KH/ĐUK` (number-type/issuer), state style `125/KH-UBND`, `30/2020/NĐ-CP`,
# `197/2025/QH15` (a year and a symbol with no issuer), long joint symbols
# `102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN`, numbers with a letter (`30c/NQ-CP`), numbers of a series
# with a year (`66.4/2025/NQ-CP`, the Government's special resolutions of 2025).
_TOKEN = r"[a-z][a-z0-9]{0,15}(?:&[a-z][a-z0-9]{0,9})?"  # `KH&CN`, `VB&TDTHPL`: `&` joins two parts of one
PARTY_NUMSYM = (
    r"(?P<p_num>\d{1,4})\s*-\s*(?P<p_type>[a-z]{1,5})\s*/\s*"
    rf"(?P<p_iss>{_TOKEN}(?:-{_TOKEN}){{0,3}})(?![\w/])"
)
# older symbols join parts with a dot (`1330/QĐ-CT.UB`, `101/QĐ.BQL-TC`, `11/1998/QĐ-TC.CCVC`)
STATE_NUMSYM = (
    r"(?P<s_num>\d{1,5}(?:\.\d{1,2}(?=\s*/\s*(?:19|20)\d\d\s*/))?[a-z]?)"  # `66.4/2025/NQ-CP`: a series' part
    r"(?:\s*/\s*(?P<s_year>(?:19|20)\d\d))?\s*/\s*(?P<s_type>[a-z]{1,8}\d{0,2})"
    # (`4814/CCTKV.05-TTKT3`: a tax office's number part, then its team)
    rf"(?:(?:\s*-\s*|\.)(?P<s_iss>(?:{_TOKEN}|\d{{1,3}}(?=-[a-z]))(?:[-.]{_TOKEN}){{0,5}}))?(?![\w/])"
)
NUMSYM = rf"(?<![\w/.-])(?:{PARTY_NUMSYM}|{STATE_NUMSYM})"
NUMSYM_RE = re.compile(NUMSYM)


# a state symbol naming only the Government or the Prime Minister (`Nghị quyết số 38/CP`, `77/CP`):
# the numbering of the 1990s, a whole symbol without year or type
_ISSUER_ONLY = frozenset({"cp", "ttg"})


def is_symbol_part(printed: str) -> bool:
    """A symbol part as printed: starts upper case, mostly capitals (`KH`, `ĐUK`, `CTr`, `ThU`, `QH15`)."""
    letters = [c for c in printed if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    upper = sum(c.isupper() for c in letters)
    return upper * 2 >= len(letters)


def _issuer_part(part: str) -> bool:
    """A part of a symbol's issuer: printed as one (`UBND`, `TTKT3`), or an office's number (`05` of
    `CCTKV.05-TTKT3`)."""
    return is_symbol_part(part) or (part.isdigit() and len(part) <= 3)


def read_numsym(text: str, m: re.Match[str]) -> dict[str, str | None] | None:
    """Number, symbol, `number_symbol`, year and type abbreviation of a `NUMSYM` match (on the fold of
    `text`), read from the printed text; None when the symbol is not printed as one (`24/kế-hoạch`)
    or a state symbol has neither issuer nor year (`24/KH`)."""
    g = m.groupdict()
    if g.get("s_num") is not None:
        if g.get("s_iss") is None and g.get("s_year") is None and g["s_type"] not in _ISSUER_ONLY:
            return None
        t_orig = text[m.start("s_type") : m.end("s_type")]
        i_orig = text[m.start("s_iss") : m.end("s_iss")] if g.get("s_iss") else ""
        joiner = text[m.end("s_type") : m.start("s_iss")].strip() or "-" if i_orig else ""
        if "." in i_orig and not all(_issuer_part(p) for p in re.split(r"[-.]", i_orig)):
            i_orig = i_orig.split(".")[0]  # `NĐ-CP.Căn cứ`: a sentence glued on, not a symbol part
        num = text[m.start("s_num") : m.end("s_num")]
        if not num[-1].isascii():
            return None  # `0Í/TB-BGH`: a handwritten number misread by OCR; a printed suffix is `30c`, `12A`
        number = f"{num}/{g['s_year']}" if g.get("s_year") else num
        symbol = f"{t_orig}{joiner}{i_orig}" if i_orig else t_orig
        ns = f"{number}/{symbol}"
        abbr, year, state = g["s_type"], g.get("s_year"), True
    else:
        t_orig = text[m.start("p_type") : m.end("p_type")]
        i_orig = text[m.start("p_iss") : m.end("p_iss")]
        number = g["p_num"]
        symbol = f"{t_orig}/{i_orig}"
        ns = f"{number}-{symbol}"
        abbr, year, state = g["p_type"], None, False
    if not (is_symbol_part(t_orig) and all(_issuer_part(p) for p in re.split(r"[-.]", i_orig) if i_orig)):
        return None
    return {
        "number": number,
        "symbol": symbol,
        "number_symbol": ns,
        "type_abbr": abbr,
        "year": year,
        "state": "1" if state else None,
    }


WORD_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
NUM_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s?[/\-.]\s?(\d{1,2})\s?[/\-.]\s?((?:19|20)\d\d)(?!\d)")
MONTH_DATE = re.compile(r"(?<![\d/])/\s?(\d{1,2})\s?/\s?((?:19|20)\d\d)(?!\d)")


def iso_date(day: int | str | None, month: int | str | None, year: int | str) -> str | None:
    """ISO date (or `YYYY-MM` / `YYYY` when parts are missing); None when impossible."""
    try:
        y = int(year)
        m = int(month) if month not in (None, "") else None
        d = int(day) if day not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if not 1900 <= y <= 2100:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    if not 1 <= d <= 31:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first date printed in `text` (words, numeric, or month-only) and its span."""
    best: tuple[str, tuple[int, int]] | None = None
    for pattern, kind in ((WORD_DATE, "word"), (NUM_DATE, "num"), (MONTH_DATE, "month")):
        m = pattern.search(text)
        if not m:
            continue
        if kind == "month":
            value = iso_date(None, m.group(1), m.group(2))
        else:
            value = iso_date(m.group(1), m.group(2), m.group(3))
        if value and (best is None or m.start() < best[1][0]):
            best = (value, m.span())
    return best


def parse_number_symbol(text: str) -> dict[str, str | None] | None:
    """Number, symbol and canonical `number_symbol` of the first document number in `text`.

    Party style joins number and symbol with `-` and type and issuer with `/` (`39-KH/ĐUK`);
    state style the other way round (`125/KH-UBND`). Stray spaces are read through
    (`Số 38 - HD/BTCTW` → `38-HD/BTCTW`).
    """
    folded = fold(text)
    for m in NUMSYM_RE.finditer(folded):
        found = read_numsym(text, m)
        if found:
            return found
    return None


def doc_type_from_abbr(abbr: str | None) -> str | None:
    """`KH` → `Kế hoạch`; None for unknown or ambiguous (`QĐ`)."""
    if not abbr:
        return None
    return TYPE_ABBREVIATIONS.get(fold(abbr))
