"""Header block: superior body, issuing body, number and symbol, place and date; type and title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.normalize import is_caps
from kehoach.parse.outline import marker_of
from kehoach.parse.paragraphs import Para
from kehoach.patterns import (
    DOC_TYPE_BY_FOLD,
    NATIONAL_LINE,
    NATIONAL_SPAN,
    NUMSYM_RE,
    iso_date,
    parse_number_symbol,
)
from kehoach.vntext import display_case, fold, is_proper_name, mend_name_marks

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
    subject: str | None = None  # `V/v …` of an official letter (its title)
    marked: bool = False  # the lines print a header's marks (`_marked`), not only capitals
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


# an older type line names the body that issues it: `QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ`,
# `CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ`
_TYPE_OF_BODY = re.compile(r"^(?P<type>[a-z ]{3,30}?) cua (?=\w)")


def doc_type_of(text: str) -> str | None:
    """`KẾ HOẠCH` → `Kế hoạch` when the paragraph is exactly a document-type line (or the type
    followed by `CỦA` and the issuing body, as older documents print it)."""
    if not is_caps(text):
        return None
    folded = fold(text.strip(" .:"))
    found = DOC_TYPE_BY_FOLD.get(folded)
    if found is None and len(text) <= 120:
        m = _TYPE_OF_BODY.match(folded)
        if m and starts_body(folded[m.end() :]):
            found = DOC_TYPE_BY_FOLD.get(m["type"])
    return found


_TYPE_LEAD = re.compile(
    r"^(?P<type>"
    + "|".join(sorted((w.replace(" ", r"\s+") for w in DOC_TYPE_BY_FOLD), key=len, reverse=True))
    + r")\s+"
)


def type_lead(text: str) -> tuple[str, str] | None:
    """`Báo cáo Tình hình thực hiện …` (a first line without header): (type, title), else None."""
    folded = fold(text)
    m = _TYPE_LEAD.match(folded)
    if not m or len(text) > 300 or text.rstrip().endswith((".", ";", ":")):
        return None
    title = text[m.end() :].strip()
    if not text[:1].isupper() or not title[:1].isupper():
        return None
    return DOC_TYPE_BY_FOLD[" ".join(m["type"].split())], title


def find_type_line(paras: list[Para], limit: int = 20) -> int | None:
    """Index of the document-type paragraph (`KẾ HOẠCH`) near the top, if any."""
    for p in paras[:limit]:
        if doc_type_of(p.text):
            return p.index
    return None


def is_national_line(text: str) -> bool:
    """The line names the state or the Party as a header prints it (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA …`)."""
    return bool(NATIONAL_LINE.search(fold(text).strip(" *")))


# the national lines and the draft mark (`DỰ THẢO`), set aside before the issuing bodies are read
_NATIONAL = re.compile(rf"{NATIONAL_SPAN.pattern}|\bdu\s+thao\b")
# the Youth Union prints its name where a Party document prints the Party's (FORMAT.md, mass
# organisations): a line of its own, in the right-hand column
_YOUTH_UNION_LINE = re.compile(r"(?m)^[ \t*]*doan\s+tncs\s+ho\s+chi\s+minh[ \t*]*$")


def _youth_union_motto(folded: str) -> tuple[int, int] | None:
    """Span of the `ĐOÀN TNCS HỒ CHÍ MINH` line that stands where the national line would, in a
    header without one; printed twice, the other belongs to the issuer's cell (`ĐẠI HỘI ĐẠI BIỂU` /
    `ĐOÀN TNCS HỒ CHÍ MINH` / `TRƯỜNG …`), so the last is the motto."""
    found = list(_YOUTH_UNION_LINE.finditer(folded))
    return found[-1].span() if found else None


# `Số: 141/KH-UBND`, `Số 38 - HD/BTCTW`, `Số:` on its own line with the number on the next
_SO = re.compile(r"(?<![\w/])so\s*:?\s*")
_BLANK_AFTER_SO = re.compile(
    r"[\s._…]*(?P<sep>[-/–])\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,5})\s*[./\-–]\s*(?P<iss>[A-ZĐ][\w.\-–]{0,30})"
)
# a number written by hand in the printed slot, read by OCR as a few odd characters
# (`Số: /ZÓc Là /UBND- KSTTHC`, `số: ÄÂ3/KH-DCT`): the printed symbol after it, the number unknown
_ILLEGIBLE_NUMBER = re.compile(
    r"\s*(?P<junk>[^\s/][^\n]{0,11}?|/[^\s/][^\n]{0,10}?)\s*/\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,5})\s*[-–]\s*"
    r"(?P<iss>[A-ZĐ][\w.\-–]{0,30})"
)
# `Bắc Ninh, ngày 20 tháng 11 năm 2025`, day or month left blank in drafts (`ngày    tháng 11 năm 2025`);
# a day written by hand and read by OCR as a short odd token (`ngày đỗ tháng 6`) is unknown too
_HEADER_DATE = re.compile(
    # (`ngày22tháng 01`: OCR lost the spaces around a day)
    r",?\s*ngay\s*(?:(?P<d>\d{1,2})(?=[\s._…/]|thang)|\S{1,4}(?=\s))?[\s._…/]*thang\s*(?P<m>\d{1,2})?[\s._…/]*"
    r"nam\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)
# the place printed at the end of a longer line: `Thành phố Hồ Chí Minh`, `TP. Cần Thơ`, else two words
# (`… trên địa bàn Thành phố` / `Hà Nội, ngày …`: the subject's last words are no part of the place)
_PLACE_TAIL = re.compile(
    r"(?:(?<!địa bàn )(?:Thành\s+phố|TP\.|Tp\.)\s*)?[A-ZĐÀ-Ỹ][^\W\d]*\s+[A-ZĐÀ-Ỹ][^\W\d]*$"
)
_LAST_WORD = re.compile(r"(?<=\s)[A-ZĐÀ-Ỹ][^\W\d]*$")  # a capitalised word ending a line
# `V/v` or `Về việc` (a letter's subject; above the type line nothing else says `về việc`)
_VV = re.compile(r"(?<!\w)v/v\s*:?\s*|(?:^|(?<=\s))ve\s+viec\s*:?\s*")
# `Về tăng cường …` under the number: a letter's subject printed with `Về` instead of `V/v` (nothing but
# blanks between them, the number and the place and date set aside already)
_VE = re.compile(r"\s*ve\s+(?!viec\b)(?=\w)")
_BLANKS = re.compile(r"\s*")
_KINH_GUI_START = re.compile(r"kinh\s+gui\b")
_GREETING_TAIL = re.compile(r"\s*[:;,]?\s*(?:\S+\s+)?gửi\s*:.*$", re.IGNORECASE)
_NOT_BODY = frozenset({"khan", "mat", "hoa toc", "thuong khan", "toi mat", "tuyet mat"})
# words (folded) that open the name of a body; a header line without one goes on the line above
_BODY_HEADS = (
    "uy ban",
    "ubnd",
    "hdnd",
    "bql ",  # Ban quản lý
    "hoi dong",
    "bo ",
    "ban ",
    "so ",
    "trung tam",
    "truong ",
    "cong doan",
    "hoi ",
    "doan ",
    "dang uy",
    "dang bo",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "thi uy",
    "chi bo",
    "phong ",
    "van phong",
    "cuc ",
    "tong ",
    "vien ",
    "mat tran",
    "chinh phu",
    "quoc hoi",
    "thu tuong",
    "toa an",
    "kho bac",
    "cong an",
    "bo chi huy",
    "cong ty",
    "tap doan",
    "dai hoc",
    "hoc vien",
    "chi cuc",
    "chi hoi",
    "lien doan",
    "lien hiep",
    "thuong truc",
    "khoa ",
    "tcty",
    "ttg",
    "bch ",
    "ban chap hanh",
    "bo chinh tri",
    "ban bi thu",
    "chu tich",
    "nha ",
    "benh vien",
    "ngan hang",
    "thue ",  # `THUẾ TỈNH VĨNH LONG` (the tax offices since 2025)
    "hai quan",
    "bao hiem xa hoi",
    "bhxh",
    "vien kiem sat",
    "kiem toan",
    "thanh tra",
    "dai hoi",  # `ĐẠI HỘI ĐẠI BIỂU …`: a congress issues its documents
)


_CONGRESS_TERM = re.compile(r"\b(?:lan\s+thu|nhiem\s+ky|khoa)\b")


def _open_congress(folded: str) -> bool:
    """`ĐẠI HỘI ĐẠI BIỂU` whose name has not yet said which congress (`LẦN THỨ XXII, NHIỆM KỲ …`):
    the lines under it (`ĐOÀN TNCS HỒ CHÍ MINH`, `TRƯỜNG ĐH …`) name whose congress it is."""
    return folded.startswith("dai hoi") and not _CONGRESS_TERM.search(folded)


def starts_body(folded: str) -> bool:
    """The folded words open the name of a body (`uy ban …`, `bo …`, `ban …`, `so …`)."""
    return folded.startswith(_BODY_HEADS) or folded in ("bo", "ban", "hoi", "doan")


_FIRST_DIGIT = re.compile(r"\d")


def _number(text: str, h: Header, span: tuple[int, int]) -> bool:
    """Read `text` (what follows `Số:`) as the document's number; True when it is one."""
    head = text.lstrip()[:80]
    ns = parse_number_symbol(head)
    digit = _FIRST_DIGIT.search(head)
    # nothing but blanks before the number (`Số:  256 /2004/QĐ-UB` prints it with a space inside)
    if ns and digit and not head[: digit.start()].strip(" :._…"):
        h.number, h.symbol, h.number_symbol = ns["number"], ns["symbol"], ns["number_symbol"]
        h.spans["number_symbol"] = span
        return True
    m = _BLANK_AFTER_SO.match(text)
    if m:
        h.number_blank = True
        joiner = "/" if m["sep"] == "-" or m["sep"] == "–" else "-"
        iss = m["iss"].rstrip(".–-")
        printed = text[m.end("type") : m.start("iss")]
        if printed.strip() not in ("", "-", "–", "/"):  # `QĐ. BQL–VP`: an older separator, as printed
            joiner = printed
        h.symbol = f"{m['type']}{joiner}{iss}"
        h.spans["number_symbol"] = span
        return True
    m = _ILLEGIBLE_NUMBER.match(text)
    if m and not m["junk"].strip(" :._…").isdigit():
        h.symbol = f"{m['type']}-{m['iss'].rstrip('.–-')}"
        h.spans["number_symbol"] = span
        return True
    return False


def _place_head_above(cur: str, line_start: int, place: str) -> tuple[int, str] | None:
    """`V/v ghi nhãn hàng hóa Hà` / `Nội, ngày …`: a web copy ran the place's first word onto the
    line above (the subject's); taken back, with where it starts, when the two words name a province."""
    prev_word = _LAST_WORD.search(cur, 0, line_start - 1) if line_start > 0 else None
    if prev_word and is_proper_name(f"{prev_word.group(0)} {place}"):
        return prev_word.start(), f"{prev_word.group(0)} {place}"
    return None


_PARTY_NUMBER = re.compile(r"^\d+-[^/\s]+/")  # `268-CV/VPTU`: number-type/issuer


def _party_subject(cur: str, number_end: int, number_symbol: str | None) -> re.Match[str] | None:
    """A Party letter prints its subject under the number with no `V/v` (Hướng dẫn 36-HD/VPTW, 1.5.2:
    `Số 268-CV/VPTU` / `Chuẩn bị hội nghị trực tuyến …`): the line in lower case under a Party-style
    number, where it starts."""
    if not number_symbol or not _PARTY_NUMBER.match(number_symbol):
        return None
    m = _BLANKS.match(cur, number_end)
    line_end = cur.find("\n", m.end())
    line = cur[m.end() : len(cur) if line_end < 0 else line_end].strip()
    if not line[:1].isupper() or is_caps(line) or _KINH_GUI_START.match(fold(line)):
        return None
    return m


def _marked(h: Header) -> bool:
    """The lines read are a header: they print a national line (or a mass organisation's), a number
    (blank in a draft), a place and date or a letter's subject. Without any of these, the capitals
    above the text are not an issuer (a web copy that lost its header: `CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI,
    HƯỚNG DẪN`, a site's menu)."""
    return bool(h.national_line or h.number_symbol or h.symbol or h.number_blank or h.date or h.subject)


def parse_header(paras: list[Para]) -> Header:
    """Read the header paragraphs (everything above the document-type line).

    The header's parts are found wherever the layout put them (columns flattened cell by cell,
    two cells on one line, lines in any order): the national lines and the motto are set
    aside, then the number (`Số: …`, blank in drafts), place and date (partial when the day is
    blank) and a `V/v` subject; the capital lines left are the issuing bodies, the superior
    one first.
    """
    h = Header()
    if not paras:
        return h
    if len(paras) > 12:  # a web page's chrome above the header: start a few lines above the national line
        at = next(
            (i for i, p in enumerate(paras) if is_national_line(p.text) or fold(p.text) == "cong"), None
        )
        if at is not None and at > 6:
            paras = paras[at - 6 :]
    base = paras[0].start
    text = "\n".join(p.text for p in paras)
    # offsets in `text` are those of the document from `base` only if the paragraphs are contiguous
    offsets = []
    pos = 0
    for p in paras:
        offsets.append((pos, p.start))
        pos += len(p.text) + 1

    def doc_span(a: int, b: int) -> tuple[int, int]:
        for joined_at, doc_at in reversed(offsets):
            if joined_at <= a:
                return doc_at + a - joined_at, doc_at + b - joined_at
        return base + a, base + b

    folded = fold(text)
    work = list(text)

    def blank(a: int, b: int) -> None:
        for i in range(a, b):
            if work[i] != "\n":
                work[i] = "\n"

    for m in _NATIONAL.finditer(folded):
        h.national_line = h.national_line or text[m.start() : m.end()]
        blank(m.start(), m.end())
    if not NATIONAL_SPAN.search(folded):  # (the draft mark `DỰ THẢO` is no national line)
        motto = _youth_union_motto(folded)
        if motto:
            h.national_line = text[motto[0] : motto[1]]
            blank(*motto)
    number_end: int | None = None  # where the number ends in `text` (a letter's subject may follow)
    for m in _SO.finditer(folded):
        if not text[m.start()].isupper():
            continue
        end_line = text.find("\n", m.end())
        rest = text[m.end() : len(text) if end_line < 0 else end_line]
        if not rest.strip() and end_line >= 0:  # `Số:` alone, the number on the next line
            nxt = text.find("\n", end_line + 1)
            rest = text[m.end() : len(text) if nxt < 0 else nxt]
        if _number(rest, h, doc_span(m.start(), m.end() + len(rest))):
            consumed = m.end() + len(rest) - len(rest.lstrip())
            ns_len = 0
            if h.number_symbol:
                at = text.find(h.number, m.end())
                ns_end = at + len(h.number)
                sym_at = text.find(h.symbol.split("/")[-1].split("-")[-1], ns_end)
                ns_len = (
                    (sym_at + len(h.symbol.split("/")[-1].split("-")[-1])) - consumed if sym_at >= 0 else 0
                )
            else:
                bm = _BLANK_AFTER_SO.match(text, m.end()) or _ILLEGIBLE_NUMBER.match(text, m.end())
                ns_len = (bm.end() - consumed) if bm else 0
            blank(m.start(), consumed + max(ns_len, 0))
            number_end = consumed + max(ns_len, 0)
            break
    cur = "".join(work)
    for m in _HEADER_DATE.finditer(folded):
        if not any(work[i] != "\n" for i in range(m.start(), m.end())):
            continue
        h.date = iso_date(m["d"], m["m"], m["y"])
        h.spans["date"] = doc_span(m.start(), m.end())
        line_start = max(cur.rfind("\n", 0, m.start()) + 1, 0)
        place = cur[line_start : m.start()].strip(" ,.*")
        if not place and line_start > 0:  # `Hà Nội,` on its own line, the date on the next
            prev_start = cur.rfind("\n", 0, line_start - 1) + 1
            prev = cur[prev_start : line_start - 1].strip(" ,.*")
            if prev and len(prev) <= 40 and not any(c.isdigit() for c in prev) and not _RULE.match(prev):
                line_start, place = prev_start, prev
        elif place and " " not in place and (split := _place_head_above(cur, line_start, place)):
            line_start, place = split
        elif place and len(place.split()) <= 2 and line_start > 0:
            # `Thành phố Hồ` / `Chí Minh, ngày …`: a place name broken over two lines
            prev_start = cur.rfind("\n", 0, line_start - 1) + 1
            prev = cur[prev_start : line_start - 1].strip(" ,.*")
            if (
                prev
                and prev[:1].isupper()
                and not is_caps(prev)
                and len(prev) + len(place) < 45
                and not any(c.isdigit() for c in prev)
                and not _VV.search(fold(prev))
                and not _VE.match(fold(prev))  # a letter's subject (`Về thuế TNCN …`), not a place
                and "," not in prev
                and not prev.endswith((".", ";", ":"))
            ):
                line_start, place = prev_start, f"{prev} {place}"
        if len(place) > 45 or _VV.search(fold(place)):
            # another cell on the same line (`… Thái Bình Hà Nội, ngày`, `V/v trả lãi … Vĩnh Long, ngày`):
            # its last words
            tail = _PLACE_TAIL.search(place)
            if tail:
                line_start += tail.start() + (
                    len(cur[line_start : m.start()]) - len(cur[line_start : m.start()].lstrip(" ,.*"))
                )
                place = tail.group(0)
        if place and place[0].isupper() and len(place) <= 45 and not any(c.isdigit() for c in place):
            h.place = place
            h.spans["place"] = doc_span(line_start, m.start())
            blank(line_start, m.end())
        else:
            blank(m.start(), m.end())
        break
    cur = "".join(work)
    vv = _VV.search(fold(cur))
    if vv is None and number_end is not None:
        vv = _VE.match(fold(cur), number_end) or _party_subject(cur, number_end, h.number_symbol)
    if vv:
        end = cur.find("\n", vv.end())
        end = len(cur) if end < 0 else end
        subject = [cur[vv.end() : end].strip()]
        nxt = end + 1
        while nxt < len(cur):  # the subject goes on over lines that are not capitals
            line_end = cur.find("\n", nxt)
            line_end = len(cur) if line_end < 0 else line_end
            line = cur[nxt:line_end].strip()
            if not line:
                break
            number_line = NUMSYM_RE.fullmatch(fold(line).strip(" *_.,;")) is not None
            # `V/v thuế suất thuế` / `GTGT`: an abbreviation alone ends the subject's sentence, no body's name
            abbreviation = (
                " " not in line.strip(" *_.,;")
                and len(line.strip(" *_.,;")) <= 6
                and not subject[-1].rstrip(" *_").endswith((".", ";", ":"))
            )
            if (is_caps(line) and not number_line and not abbreviation) or _RULE.match(line):
                break  # (`Nghị định` / `136/2025/NĐ-CP`: a number ending the subject is no body's name)
            subject.append(line)
            end = line_end
            nxt = line_end + 1
        # `… ĐKKD Kính gửi:` (the addressee column flattened onto the subject's line): cut there
        h.subject = _GREETING_TAIL.sub("", " ".join(s for s in subject if s)).rstrip(" .;,") or None
        blank(vv.start(), end)
        cur = "".join(work)
    bodies: list[tuple[str, int, int]] = []
    pos = 0
    for line in cur.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        line = line.strip(" *-–_:.")
        f = fold(line)
        if (
            not line
            or _RULE.match(line)
            or not is_caps(line)
            or f in _NOT_BODY
            or sum(c.isalpha() for c in line) <= 2  # `LÍ`, `*`: a rule or a seal read by OCR
        ):
            continue
        if bodies and (
            not starts_body(f)
            or bodies[-1][0].endswith((" VÀ", " CỦA", "&"))
            or " " not in bodies[-1][0]
            # `VĂN PHÒNG` / `CHÍNH PHỦ`, `THỦ TƯỚNG` / `CHÍNH PHỦ`: the office or the head of the body below
            or fold(bodies[-1][0]) in ("van phong", "thu tuong")
            or _open_congress(fold(bodies[-1][0]))
            or _name_broken(bodies[-1][0], line)
        ):
            prev = bodies.pop()
            bodies.append((f"{prev[0]} {line}", prev[1], b))
        else:
            bodies.append((line, a, b))
    h.marked = _marked(h)
    if not h.marked:
        bodies = []  # capitals above the text of a copy without header: a site's menus and notices
    if len(bodies) >= 2:
        h.issuer_parent = display_case(mend_name_marks(bodies[-2][0]))
        h.spans["issuer_parent"] = doc_span(bodies[-2][1], bodies[-2][2])
    if bodies:
        h.issuer = display_case(mend_name_marks(bodies[-1][0]))
        h.spans["issuer"] = doc_span(bodies[-1][1], bodies[-1][2])
    return h


# a body's name broken between its two first words (`CHỦ TỊCH ỦY` / `BAN NHÂN DÂN`, `… HỘI` / `ĐỒNG NHÂN DÂN`)
_BROKEN_NAMES = frozenset([("uy", "ban"), ("hoi", "dong"), ("mat", "tran")])


def _name_broken(prev: str, line: str) -> bool:
    last, first = prev.split()[-1:], line.split()[:1]
    return bool(last and first) and (fold(last[0]), fold(first[0])) in _BROKEN_NAMES


_PREAMBLE_START = re.compile(
    r"^(?:can\s+cu|thuc\s+hien|kinh\s+gui|trien\s+khai|de\s|nham\s|theo\s|trong\s|ngay\s|thi\s+hanh|xet\s|"
    r"tiep\s+theo|qua\s|sau\s|hien\s+nay|nam\s|\(|-|\+|\d)"
)
_AUTHORITY_HEADS = (
    "uy ban nhan dan",
    "ubnd",
    "hoi dong nhan dan",
    "bo truong",
    "chu tich",
    "thu tuong",
    "giam doc",
    "hieu truong",
    "tong giam doc",
    "truong ban",
    "vien truong",
    "cuc truong",
    "tong cuc truong",
    "tong kiem toan",
    "tong thanh tra",
    "thong doc",
    "chanh an",
    "chanh ",
    "ban thuong vu",
    "ban chap hanh",
    "ban bi thu",
    "bo chinh tri",
    "chinh phu",
    "thuong truc",
    "ban chi dao",
)


# the titles of a body's head, in front of the body's name in a decision's authority line
# (`TRƯỞNG BAN CHỈ ĐẠO …` is the head of `BAN CHỈ ĐẠO …`, `BỘ TRƯỞNG BỘ NỘI VỤ` of `BỘ NỘI VỤ`)
_HEAD_TITLES = (
    "chu tich ",
    "bo truong ",
    "giam doc ",
    "hieu truong ",
    "vien truong ",
    "cuc truong ",
    "truong ",
)


def issuer_of_authority_line(text: str) -> str | None:
    """The body that decides, from the authority line under a decision's title (`TRƯỞNG BAN CHỈ ĐẠO
    QUỐC GIA …` → `Ban Chỉ đạo quốc gia …`, `ỦY BAN NHÂN DÂN TỈNH NGHỆ AN` as printed, `THỦ TƯỚNG
    CHÍNH PHỦ` as printed); None when the line is not one."""
    text = " ".join(text.split()).strip(" .:")
    folded = fold(text)
    if not is_caps(text) or len(text) > 160 or not _authority_line(folded, None):
        return None
    title = next((t for t in _HEAD_TITLES if folded.startswith(t)), None)
    if title and not folded.startswith("thu tuong") and starts_body(folded[len(title) :]):
        text = text[len(title) :]
    return display_case(text) if starts_body(fold(text)) or fold(text).startswith("thu tuong") else None


def _authority_line(folded: str, issuer: str | None) -> bool:
    """`ỦY BAN NHÂN DÂN TỈNH NGHỆ AN`, `BỘ TRƯỞNG BỘ …` under a decision's title: who decides, not the title."""
    return folded.startswith(_AUTHORITY_HEADS) or bool(issuer and folded == fold(issuer))


def _authority_split(text: str, following: list[Para]) -> bool:
    """`TH**Ủ` / `TƯỚNG CHÍNH PHỦ điện:`: a conversion split the authority line inside a word, so its
    first word stands alone above the rest."""
    if " " in text or not following or not is_caps(text):
        return False
    return _authority_line(fold(f"{text} {following[0].text.strip()}"), None)


# words a title line cannot end on: prepositions and connectors that need what follows. Compared as
# printed (lower case, with their marks): folded, `TỬ` (điện tử) would be `từ`, `ĐỀ` (vấn đề) `để`.
_OPEN_END = frozenset(
    ["cho", "về", "của", "và", "với", "tại", "trong", "theo", "đến", "các", "những", "trên", "giữa", "hoặc",
     "để", "nhằm", "đối", "thuộc", "từ"]
)  # fmt: skip


def _opens_outline(text: str) -> bool:
    """`I. MỤC ĐÍCH`, `1. Mục đích`, `Điều 1.`, `Chương I`: a line opening on an outline label (not a bullet)."""
    marker = marker_of(text)
    return marker is not None and marker[0] not in ("bullet", "plus")


def split_title(paras: list[Para], issuer: str | None = None) -> tuple[list[Para], list[Para]]:
    """Split the paragraphs after the type line into (title, rest).

    The title runs to a rule (`-----`) when one follows within a few paragraphs; else over
    the lines that go on from the first: capitals after capitals (not the decision's
    authority line `ỦY BAN NHÂN DÂN TỈNH …`), or a line starting in lower case, until the
    preamble (`Căn cứ`, `Thực hiện`, `Kính gửi`, a numbered item).
    """
    for i, p in enumerate(paras[:6]):
        if _RULE.match(p.text.strip()):
            if i == 0:
                break
            return paras[:i], paras[i + 1 :]
    if not paras:
        return [], []
    title = [paras[0]]
    for k, p in enumerate(paras[1:5], start=1):
        t = p.text.strip()
        f = fold(t.lstrip("*_ "))  # (a web copy's bold: `**CỤC TRƯỞNG CỤC` / `HẢI QUAN**`)
        prev = title[-1].text.strip()
        if _RULE.match(t):
            break
        if prev and prev.split()[-1].strip("*").lower() in _OPEN_END and (is_caps(t) or t[:1].islower()):
            # `VỀ VIỆC ỦY QUYỀN CHO` / `CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH …`: a line ending on a word
            # that needs what follows goes on, even onto a body's or a post's name
            title.append(p)
            continue
        if _authority_line(f, issuer) or _authority_split(t, paras[k + 1 : k + 2]):
            break
        if _opens_outline(t):
            break  # `I. MỤC ĐÍCH, YÊU CẦU` under a title with no rule: the body's first section, in capitals too
        if is_caps(prev) and is_caps(t):
            # capitals after capitals (`… KHẮC PHỤC HẬU` / `QUẢ MƯA, LŨ …` though `qua` opens a
            # preamble sentence)
            title.append(p)
            continue
        if _PREAMBLE_START.match(f):
            break
        if t[:1].islower():
            title.append(p)
            continue
        break
    rest = paras[len(title) :]
    if rest and _RULE.match(rest[0].text.strip()):
        rest = rest[1:]
    return title, rest
