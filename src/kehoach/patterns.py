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
    "thong bao ket luan": "Thông báo kết luận",
    "thong bao": "Thông báo",
    "bao cao": "Báo cáo",
    "chuong trinh hanh dong": "Chương trình hành động",
    "chuong trinh": "Chương trình",
    "cong van": "Công văn",
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
    "nd": "Nghị định",
    "tt": "Thông tư",
    "da": "Đề án",
    "ttlt": "Thông tư liên tịch",
    "nqlt": "Nghị quyết liên tịch",
}
# Type lines that head a document or an annex but are not cited by number.
HEADER_ONLY_TYPES = {"de cuong": "Đề cương", "phuong an": "Phương án"}
DOC_TYPE_BY_FOLD = TYPE_WORDS | HEADER_ONLY_TYPES


# -- outline labels (one grammar for the line joiner in `normalize` and the outline builder) ---

ROMAN = r"(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
"""A Roman numeral in capitals (I … XLIX); `refs.patterns` uses its folded form, `ROMAN.lower()`."""
_ORDINAL_WORD = r"(?:thứ\s+)?(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+\w+)?)"
LIST_MARKER = re.compile(
    rf"""^(?:
        (?P<part>(?i:phần)\s+(?:(?i:{_ORDINAL_WORD})|{ROMAN}|\d{{1,2}})(?!\w))\s*[.:\-–]?\s*  # Phần thứ nhất, PHẦN I
      | (?P<chapter>(?i:chương)\s+(?:{ROMAN}|\d{{1,2}})(?!\w))\s*[.:\-–]?\s*               # Chương I, CHƯƠNG 2
      | (?P<division>(?i:mục)\s+(?:\d{{1,2}}|{ROMAN})(?!\w))\s*[.:\-–]?\s*                # Mục 1 (inside a Chương)
      | (?P<article>(?i:điều)\s+\d{{1,3}}[a-z]?)\s*[.:]\s*                                  # Điều 1.  Điều 2:
      | (?P<roman>{ROMAN})\s*[.\-–]\s+(?=\S)                 # I.  II-  (Roman section)
      | (?P<num>\d{{1,2}}(?:\s?\.\s?\d{{1,2}}){{0,3}})\s*(?:[.)](?!\d)\s*|[-–]\s+)(?=\S)  # 1. 1.1. 1.1- 2.10.
      | (?P<num2>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})\s+(?=\S)    # 1.1 Text (no final dot)
      | (?P<letter>[a-zđ])\s*\)\s*(?=\S)                     # a)  b)
      | (?P<bullet>[-–—•·])\s*(?=\S)                         # - bullet
      | (?P<plus>\+)\s*(?=\S)                                # + bullet
    )""",
    re.VERBOSE,
)
LEGAL_GROUPS = ("part", "chapter", "division", "article")


def year_of(date: str | None) -> str | None:
    """`2025` from `2025-11-20`, `2025-11` or `2025`; None without a date."""
    return date[:4] if date and date[:4].isdigit() else None


# -- numbers and symbols ------------------------------------------------------------------

_SYM = r"[A-ZĐ][A-Za-zĐđ]{0,5}"
_ISSUER = r"[A-ZĐ][A-ZĐa-zđ0-9]{0,12}(?:-[A-ZĐ][A-ZĐa-zđ0-9]{0,12}){0,3}"
PARTY_NUMBER = re.compile(rf"(?<![\w/])(?P<number>\d{{1,4}})-(?P<type>{_SYM})/(?P<issuer>{_ISSUER})(?![\w])")
STATE_NUMBER = re.compile(
    rf"(?<![\w/-])(?P<number>\d{{1,5}}(?:/(?P<year>(?:19|20)\d\d))?)/(?P<type>{_SYM})-(?P<issuer>{_ISSUER})(?![\w])"
)
BLANK_NUMBER = re.compile(rf"(?<![\w/])-(?P<type>{_SYM})/(?P<issuer>{_ISSUER})(?![\w])")

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
    state style the other way round (`125/KH-UBND`).
    """
    found = []
    for pattern, after_number, in_symbol in ((PARTY_NUMBER, "-", "/"), (STATE_NUMBER, "/", "-")):
        m = pattern.search(text)
        if m:
            symbol = f"{m['type']}{in_symbol}{m['issuer']}"
            found.append((m.start(), m["number"], symbol, f"{m['number']}{after_number}{symbol}", m["type"]))
    if not found:
        return None
    _start, number, symbol, number_symbol, abbr = min(found)
    return {"number": number, "symbol": symbol, "number_symbol": number_symbol, "type_abbr": abbr}


def doc_type_from_abbr(abbr: str | None) -> str | None:
    """`KH` → `Kế hoạch`; None for unknown or ambiguous (`QĐ`)."""
    if not abbr:
        return None
    return TYPE_ABBREVIATIONS.get(fold(abbr))
