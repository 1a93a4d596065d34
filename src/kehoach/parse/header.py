"""Header block: superior body, issuing body, number and symbol, place and date; type and title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.normalize import is_caps
from kehoach.parse.paragraphs import Para
from kehoach.patterns import BLANK_NUMBER, DOC_TYPE_BY_FOLD, WORD_DATE, iso_date, parse_number_symbol
from kehoach.vntext import display_case, fold

NATIONAL_LINES = (
    "dang cong san viet nam",
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "doc lap - tu do - hanh phuc.",
    "doan tncs ho chi minh",
    "mat tran to quoc viet nam",
)
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^\W\d][^,]{0,40}?),\s*(?P<date>ngày.*)$", re.IGNORECASE)
_PLACE_WORDS = ("tinh ", "huyen ", "xa ", "thanh pho ", "thi xa ", "quan ", "phuong ", "thi tran ")
_RULE = re.compile(r"^[-–_=*.\s]{3,}$")


@dataclass
class Header:
    """What the header block says; `None` where it says nothing."""

    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = None
    number_blank: bool = False
    place: str | None = None
    date: str | None = None
    national_line: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def doc_type_of(text: str) -> str | None:
    """`KẾ HOẠCH` → `Kế hoạch` when the paragraph is exactly a document-type line."""
    if not is_caps(text):
        return None
    return DOC_TYPE_BY_FOLD.get(fold(text.strip(" .:")))


def find_type_line(paras: list[Para], limit: int = 20) -> int | None:
    """Index of the document-type paragraph (`KẾ HOẠCH`) near the top, if any."""
    for p in paras[:limit]:
        if doc_type_of(p.text):
            return p.index
    return None


def parse_header(paras: list[Para]) -> Header:
    """Read the header paragraphs (everything above the document-type line)."""
    h = Header()
    bodies: list[Para] = []
    for p in paras:
        text = p.text.strip()
        f = fold(text)
        if _RULE.match(text) or text == "*":
            continue
        if f in NATIONAL_LINES or f.startswith("doc lap"):
            h.national_line = h.national_line or text
            continue
        if _NUMBER_LINE.match(text):
            ns = parse_number_symbol(text)
            if ns:
                h.number, h.symbol, h.number_symbol = ns["number"], ns["symbol"], ns["number_symbol"]
                h.spans["number_symbol"] = (p.start, p.end)
            elif BLANK_NUMBER.search(text):
                h.number_blank = True
            continue
        m = _PLACE_DATE.match(text)
        if m and WORD_DATE.search(m.group("date")):
            d = WORD_DATE.search(m.group("date"))
            assert d is not None
            h.place = m.group("place").strip()
            h.date = iso_date(d.group(1), d.group(2), d.group(3))
            h.spans["place"] = h.spans["date"] = (p.start, p.end)
            continue
        if is_caps(text):
            bodies.append(p)
    # "ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG": the second line names the place of the same body
    while len(bodies) >= 2 and fold(bodies[-1].text).startswith(_PLACE_WORDS):
        last = bodies.pop()
        prev = bodies.pop()
        bodies.append(Para(prev.index, f"{prev.text.strip()} {last.text.strip()}", prev.start, last.end))
    if len(bodies) >= 2:
        h.issuer_parent = display_case(bodies[-2].text.strip())
        h.spans["issuer_parent"] = (bodies[-2].start, bodies[-2].end)
    if bodies:
        h.issuer = display_case(bodies[-1].text.strip())
        h.spans["issuer"] = (bodies[-1].start, bodies[-1].end)
    return h


def split_title(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """Split the paragraphs after the type line into (title, rest).

    The title runs to a rule (`-----`) when one follows within a few paragraphs,
    else it is the first paragraph.
    """
    for i, p in enumerate(paras[:6]):
        if _RULE.match(p.text.strip()):
            return paras[:i], paras[i + 1 :]
    return paras[:1], paras[1:]
