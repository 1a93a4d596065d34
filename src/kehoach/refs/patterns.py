"""Vocabulary and regular expressions of citations, matched on folded text.

Every pattern here runs on `kehoach.vntext.fold(text)` (lower case, no marks,
`đ`→`d`; same length as the text), so `Kế hoạch`, `KẾ HOẠCH`, `Huyện uỷ` and
`Huyện ủy` all match alike and a match's span is also a span of the text.
Whitespace between tokens is `\\s+`/`\\s*`, newlines included, so residual line
wraps (`26-\\nKH/BTGTW`, `Nghị \\nquyết`) and stray spaces (`39 -KH/ĐUK`,
`ngày 13 /6/2022`) do not break a citation.
"""

from __future__ import annotations

import re

from kehoach import patterns as _G
from kehoach.patterns import ROMAN as _PRINTED_ROMAN
from kehoach.patterns import TYPE_ABBREVIATIONS as TYPE_ABBREVIATIONS  # shared with the header parser
from kehoach.patterns import TYPE_WORDS as TYPE_WORDS

# -- document types ------------------------------------------------------------

STATE_QD = "Quyết định"  # QĐ in a state symbol (`1234/QĐ-UBND`) is always a decision

# words (folded) that may begin a type word, joined into one alternation, longest first
_TYPE_ALT = "|".join(sorted((w.replace(" ", r"\s+") for w in TYPE_WORDS), key=len, reverse=True))
TYPE_WORD = rf"(?<![\w/])(?P<type>{_TYPE_ALT})(?!\w)"

# -- numbers and symbols -------------------------------------------------------

_TOKEN = r"[a-z][a-z0-9]{0,15}"
# the number grammar itself lives in `kehoach.patterns` (one grammar for header and citations)
PARTY_NUMSYM, STATE_NUMSYM, NUMSYM = _G.PARTY_NUMSYM, _G.STATE_NUMSYM, _G.NUMSYM

# a blank number in a draft: `số      -KH/HU`, `số …/KH-UBND`, `số: ......-KH/TU`
BLANK_PARTY = rf"-\s*(?P<b_ptype>[a-z]{{1,5}})\s*/\s*(?P<b_piss>{_TOKEN}(?:-{_TOKEN}){{0,2}})(?![\w/])"
# (`QĐ-UBND`, and `QĐ.UB` as some provinces print it)
BLANK_STATE = (
    rf"/\s*(?P<b_stype>[a-z]{{1,6}})\s*(?P<b_ssep>[-.])\s*(?P<b_siss>{_TOKEN}(?:-{_TOKEN}){{0,3}})(?![\w/])"
)
BLANK_NUMSYM = rf"(?:[._…]+\s*)?(?:{BLANK_PARTY}|{BLANK_STATE})"

SO = r"so\s*:?\s*"  # `số`, `Số:`

# -- dates ---------------------------------------------------------------------

DATE_NUMERIC = r"(?P<d_day>\d{1,2})\s*(?P<d_sep>[/.-])\s*(?P<d_month>\d{1,2})\s*(?P=d_sep)\s*(?P<d_year>(?:19|20)\d\d)(?!\d)"
DATE_WORDS = (
    r"(?:ngay\s+(?P<w_day>\d{1,2})\s+)?thang\s+(?P<w_month>\d{1,2})\s+nam\s+(?P<w_year>(?:19|20)\d\d)(?!\d)"
)
DATE_MONTH = r"(?:[._…]+\s*)?/\s*(?P<m_month>\d{1,2})\s*/\s*(?P<m_year>(?:19|20)\d\d)(?!\d)"
DATE = rf"(?:{DATE_NUMERIC}|{DATE_WORDS}|{DATE_MONTH})"
# what may stand between a number and its date: `, ngày`, `ngày`, `ban hành ngày`
DATE_LEAD = r"\s*,?\s*(?:ban\s+hanh\s+)?(?:ngay\s*)?"

# -- issuing bodies and terms --------------------------------------------------

OF = r"\s*,?\s*cua\s+"
ROMAN = _PRINTED_ROMAN.lower()  # the same numeral grammar, folded

# lower-case (folded) words allowed inside an issuing body's name (`Ban Thường vụ Tỉnh ủy`)
_ISSUER_LOWER_WORDS = """vu uy hanh uong tri giao chuc thu nhan dan ban tinh huyen xa pho thi quan phuong tran phu
    nghi cac co khoi dang tra van phong tuong hoi doan quoc su nghiep truc thuoc thuong dao bi
    noi chinh tuyen to kiem mat lien lao dong thanh nien nu bo te cuu chien binh hop tac tac ninh
    cong an su tu phap nong dan vien truyen hinh quoc hoi
    duc tai nguyen moi truong xay dung hoa the thao du lich ke hoach dau khoa hoc nghe thong
    y lao binh ngoai nghiep phat trien thon phong ngan hang nuoc thanh tra kinh tc nganh kiem toan
    chuyen doi so dien luc giam sat hai quan thue bao hiem trung gia dinh tre em sinh vien
    ky thuat ha tang quy hoach cong thuong dan toc ton quan ly tao binh xa soat che ty khu vuc bac"""
ISSUER_LOWER = frozenset(_ISSUER_LOWER_WORDS.split())
# words that always end an issuing body (`của Tỉnh ủy thực hiện …`, `của Bộ Chính trị về …`)
_ISSUER_STOP_WORDS = (
    "ve thuc tiep khoa nhiem ngay theo gan da de voi trong tai nam la nham den cho do cua so tu"
)
ISSUER_STOP = frozenset(_ISSUER_STOP_WORDS.split())
# stop words that end an issuing body even when capitalized (`… Bộ Chính trị Về việc …`)
_ANY_CASE_WORDS = "ve ngay thuc tiep nhiem theo gan nham"
ISSUER_STOP_ANY_CASE = frozenset(_ANY_CASE_WORDS.split())
ISSUER_STOP_PAIRS = frozenset({("ban", "hanh"), ("quy", "dinh")})  # `của Ủy ban …` goes on, `… ban hành` ends
ISSUER_MAX_WORDS = 10

# -- named citations (no number) ----------------------------------------------

# starts with the literal, the lookbehind after it: the regex engine then skips ahead to each `nghi`
NQ = r"nghi(?<!\wnghi)\s+quyet\s+"
# Nghị quyết Đại hội [đại biểu] [Đảng] [toàn quốc] [lần thứ] XIII [của Đảng]
NAMED_CONGRESS = (
    rf"{NQ}dai\s+hoi\s+(?:dai\s+bieu\s+)?(?:dang\s+(?!bo\b)(?:cong\s+san\s+viet\s+nam\s+)?)?"
    rf"(?:toan\s+quoc\s+)?(?:lan\s+thu\s+)?(?P<nat_roman>{ROMAN})(?!\w)(?:\s+cua\s+dang(?!\s+bo\b)(?!\w))?"
)
# Nghị quyết Đại hội [đại biểu] Đảng bộ <unit> lần thứ XI
NAMED_LOCAL = (
    rf"{NQ}dai\s+hoi\s+(?:dai\s+bieu\s+)?dang\s+bo\s+(?P<unit>(?:[a-z.]+\s+){{1,6}}?)"
    rf"(?:nhiem\s+ky\s+\S+\s+)?lan\s+thu\s+(?P<loc_roman>{ROMAN})(?!\w)"
)
ORDINALS = {
    "nhat": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
    "muoi ba": 13,
    "muoi bon": 14,
    "muoi lam": 15,
}
_ORD_ALT = "|".join(sorted((k.replace(" ", r"\s+") for k in ORDINALS), key=len, reverse=True))
# Nghị quyết [Hội nghị] [lần thứ tư] [Ban Chấp hành] Trung ương 4 [(khóa XI, XII)],
# Nghị quyết [Hội nghị] [Ban Chấp hành] Trung ương [Đảng] lần thứ 8 (tried first: `Trung ương` alone
# would end the other form before `lần thứ`)
NAMED_PLENUM = (
    rf"{NQ}(?:hoi\s+nghi\s+)?(?:(?:ban\s+chap\s+hanh\s+)?(?:trung\s+uong|tw)(?:\s+dang)?\s+lan\s+thu\s+"
    rf"(?P<ord2>{_ORD_ALT}|\d{{1,2}})"
    rf"|(?:lan\s+thu\s+(?P<ord1>{_ORD_ALT}|\d{{1,2}})\s+)?"
    rf"(?:ban\s+chap\s+hanh\s+)?(?:trung\s+uong|tw)(?:\s*(?P<num>\d{{1,2}})(?!\d))?)"
    rf"(?=\s|\(|,|$)"
)
# Nghị quyết Đại hội [đại biểu] [toàn quốc] Đoàn TNCS Hồ Chí Minh … lần thứ XII: a congress of a mass
# organisation (Đoàn, Hội, Công đoàn, Mặt trận), named up to its `lần thứ`, never across another citation
_ORG_HEADS = r"(?:cong\s+doan|doan|hoi|mat\s+tran|cdgd|lien\s+doan|lien\s+hiep)"
NAMED_ORG = (
    rf"{NQ}dai\s+hoi\s+(?:dai\s+bieu\s+)?(?:toan\s+quoc\s+)?(?P<org>{_ORG_HEADS}\s(?:(?!nghi\s+quyet|lan\s+thu)[^;]){{1,110}}?)"
    rf"\s*,?\s+(?:nhiem\s+ky\s+\S+\s+)?lan\s+thu\s+(?P<org_roman>{ROMAN})(?!\w)"
)
# after `Nghị quyết Đại hội XIV`: the organisation whose congress it was (`Công đoàn Giáo dục Việt Nam`)
ORG_AFTER = re.compile(rf"\s+(?={_ORG_HEADS}\s)")

# programmes, projects, regulations and master plans cited by name (`refs.programmes`)
PROGRAMME_TYPES = {
    "chuong trinh": "Chương trình",
    "de an": "Đề án",
    "quy che": "Quy chế",
    "quy hoach": "Quy hoạch",
    "chien luoc": "Chiến lược",
}

# -- relation triggers ---------------------------------------------------------

TRIGGER = re.compile(r"(?<!\w)(?P<word>thuc\s+hien|can\s+cu|theo|trien\s+khai|thi\s+hanh)(?!\w)")


# Anchors: cheap patterns that start with a digit or a literal, so the regex engine skips
# ahead fast (a pattern that starts with a lookbehind, a word alternation or even `\d{1,5}`
# rather than `\d\d{0,4}` is tried at every position, which was most of the citation step's
# time). Each full pattern is then tried only where its anchor is, with the type word looked
# for just before it.
# Numbered and partial anchors, found in one scan over the folded text as bytes with every
# digit written `0`: the scan then jumps from `0` to `0` (a literal) instead of testing `\d` at
# every character. Years are not checked here (`0000`); the full pattern checks them.
NUMBER_ANCHOR = rb"0{0,4}(?:\.0{1,2})?[a-z]?(?:\s*/\s*0000)?\s*[-/]\s*[a-z]"  # after a first digit (`66.4/…`)
PARTIAL_ANCHOR = rb"0{0,3}(?![0/-])(?=\s*(?:[,.;:)]|cua\b|ngay\b|ve\b|va\b|$))"  # after a first digit
DIGIT_ANCHOR = rb"0(?:" + NUMBER_ANCHOR + rb"(?P<numbered>)|" + PARTIAL_ANCHOR + rb"(?P<partial>))"
DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
DIGIT_ANCHOR_RE = re.compile(DIGIT_ANCHOR)
BLANK_ANCHOR = r"so\s*:?\s*(?:[._…]+\s*)?[-/]\s*[a-z]"
# how far before its anchor a full match may start (type word, `số:`, blanks)
ANCHOR_BACK = 48


def compile_all() -> dict[str, re.Pattern[str]]:
    """The compiled patterns the extractor runs (one place, compiled once)."""
    numbered = (
        rf"(?:{TYPE_WORD}\s*(?:{SO})?)?{NUMSYM}"
        rf"(?:{DATE_LEAD}{DATE})?"
    )
    blank = rf"{TYPE_WORD}\s*{SO}{BLANK_NUMSYM}(?:{DATE_LEAD}{DATE})?"
    partial = (
        rf"{TYPE_WORD}\s+(?:{SO})?(?P<bare>\d{{1,4}})(?![\d/-])(?=\s*(?:[,.;:)]|cua\b|ngay\b|ve\b|va\b|$))"
    )
    return {
        "numbered": re.compile(numbered),
        "numbered_before": re.compile(rf"{TYPE_WORD}\s*(?:{SO})?\Z"),
        "blank": re.compile(blank),
        "blank_anchor": re.compile(BLANK_ANCHOR),
        "blank_before": re.compile(rf"{TYPE_WORD}\s*\Z"),
        "partial": re.compile(partial),
        "partial_before": re.compile(rf"{TYPE_WORD}\s+(?:{SO})?\Z"),
        "congress": re.compile(NAMED_CONGRESS),
        "local": re.compile(NAMED_LOCAL),
        "plenum": re.compile(NAMED_PLENUM),
        "org": re.compile(NAMED_ORG),
        "date": re.compile(rf"{DATE_LEAD}{DATE}"),
        "of": re.compile(OF),
    }


PATTERNS = compile_all()
