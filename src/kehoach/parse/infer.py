"""Fill header fields the header does not print, from what the body states.

Each filled field is recorded with where it came from and a confidence, so a
guess is never presented as fact.
"""

from __future__ import annotations

import re
from itertools import takewhile

from kehoach.model import Annex, Document, FieldOrigin, Implements
from kehoach.patterns import TYPE_WORDS, doc_type_from_abbr, find_date, parse_number_symbol
from kehoach.vntext import fold

_BODY_STARTERS = (
    r"Ban|Đảng ủy|Đảng uỷ|Đảng đoàn|Ban cán sự|Thường trực|Thường vụ|Ủy ban|Uỷ ban|UBND|Huyện ủy|Huyện uỷ|"
    r"Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Thị ủy|Chi bộ|Đoàn|Hội|Mặt trận|Sở|Bộ|Phòng|Chi ủy|"
    r"Tổng cục|Cục|Văn phòng|Trung tâm|Viện|Trường"
)
ISSUER_SENTENCE = re.compile(
    rf"(?P<issuer>(?:{_BODY_STARTERS})\b[^,;:.()“”\"\n]{{0,80}}?)\s+"
    r"(?:phối hợp với\s+[^,;:.\n]{0,80}?\s+)?"
    r"(?:xây dựng|ban hành|triển khai|đề ra|lập)\s+(?:kế hoạch|Kế hoạch|chương trình|Chương trình|KẾ HOẠCH)"
)
# a legal document's enacting sentence closing its preamble, opening its line or clause (`Chính phủ ban
# hành Nghị quyết …`, `Bộ trưởng Bộ Tài chính ban hành Thông tư …`): the Government, the Prime Minister,
# the Assembly, its Standing Committee, a minister (whose ministry issues it)
ENACTING_SENTENCE = re.compile(
    r"(?:^|\n|[.;]\s+)(?:Bộ trưởng\s+(?P<ministry>Bộ\s[^,;:.()\n]{2,60}?)|(?P<issuer>Chính phủ|Thủ tướng Chính phủ"
    r"|Quốc hội|Ủy ban Thường vụ Quốc hội|Uỷ ban Thường vụ Quốc hội))\s+ban hành\s+"
    r"(?:Nghị quyết|Nghị định|Thông tư|Quyết định|Chỉ thị)\b"
)
# a dispatch's opening formula (`THỦ TƯỚNG CHÍNH PHỦ điện:`): who sends it
DISPATCH_FORMULA = re.compile(r"^\s*(?P<issuer>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{3,60}?)\s+(?i:điện)\s*:")
PARENT_SENTENCE = re.compile(
    r"(?P<verb>Thực hiện|thực hiện|Căn cứ|căn cứ|Triển khai|triển khai|Theo|theo)\s+"
    r"(?P<type>Kế hoạch|Chương trình|Chương trình hành động|Hướng dẫn|Công văn|Chỉ thị|Nghị quyết|Kết luận)"
    r"\s+(?:số\s*:?\s*)?(?P<ns>\d{1,5}[-/][^\s,;]+)"
    r"(?P<tail>[^;]{0,160})"
)
# the preamble's closing clause names the issuer and the act (`…; Ban Tuyên giáo và Dân vận Trung ương
# hướng dẫn việc … như sau:`, a letter's `… Sở Nội vụ đề nghị các doanh nghiệp … như sau:`): a body opening a clause, not one cited (`của Ban …`), the verb of the
# document's type, and `như sau` / `sau đây` (or the verb's colon) ending the preamble
ISSUER_CLOSING = re.compile(
    rf"(?:^|[.;,:]\s+)(?P<issuer>(?:{_BODY_STARTERS})\b(?:[^,;:.()“”\"\n]|,\s(?=[A-ZĐ])){{0,80}}?)"
    r"(?:\s+\([A-ZĐ&]{2,12}\))?\s+"  # `Bộ Văn hóa, Thể thao và Du lịch (VHTTDL) đề nghị …`
    r"(?:xin\s+)?(?:trân\s+trọng\s+)?"  # `Cục Lãnh sự Bộ Ngoại giao xin trân trọng thông báo:`
    r"(?:hướng dẫn|thông báo|quyết định|chỉ thị|ban hành|xây dựng|đề ra|yêu cầu|đề nghị)\b"
    # `… như sau:`, `… một số nội dung sau:`, or the verb and its colon
    r"(?:[^.;:]{0,200}?(?:như sau|sau đây|\ssau(?=\s*:))\s*:?|\s*:)\s*$"
)
_ISSUER_IN_TAIL = re.compile(
    r"\bcủa\s+(?P<issuer>[^,;:()“”\"\n]+?)(?=\s+(?:về|thực hiện|khóa|khoá)\b|[,;:(“\"]|$)"
)


def infer_issuer(text: str) -> tuple[str, tuple[int, int]] | None:
    """`Ban Thường vụ Huyện ủy xây dựng kế hoạch …` → `Ban Thường vụ Huyện ủy`; else the body that
    the preamble's last clause names (`…, Ban Tuyên giáo và Dân vận Trung ương hướng dẫn … như sau:`)."""
    enacting = ENACTING_SENTENCE.search(text)
    if enacting:
        group = "ministry" if enacting.group("ministry") else "issuer"
        return enacting.group(group).strip(), enacting.span(group)
    m = ISSUER_SENTENCE.search(text) or ISSUER_CLOSING.search(text.rstrip())
    if not m:
        return None
    return m.group("issuer").strip(), m.span("issuer")


def parent_plan(preamble: str) -> Implements | None:
    """The plan this one carries out: `Thực hiện Kế hoạch số …` first, else `căn cứ Kế hoạch số …`."""
    found: list[tuple[int, Implements]] = []
    for m in PARENT_SENTENCE.finditer(preamble):
        ns = parse_number_symbol(m.group("ns"))
        if not ns:
            continue
        tail = m.group("tail")
        date = find_date(tail[:40])
        issuer_m = _ISSUER_IN_TAIL.search(tail)
        rank = 0 if m.group("verb").lower() in ("thực hiện", "triển khai", "theo") else 1
        if m.group("type") not in ("Kế hoạch", "Chương trình", "Chương trình hành động"):
            rank += 2
        found.append(
            (
                rank,
                Implements(
                    relation="implements" if rank % 2 == 0 else "based_on",
                    number_symbol=ns["number_symbol"],
                    doc_type=m.group("type"),
                    date=date[0] if date else None,
                    issuer=issuer_m.group("issuer").strip() if issuer_m else None,
                ),
            )
        )
    if not found:
        return None
    return min(found, key=lambda f: f[0])[1]


# `(Kèm theo Công văn số 6386/BVHTTDL-KHCNĐTMT ngày 25/11/2025 …)`: an annex names its document, of any type
_ANNEX_OF = re.compile(
    r"\(\s*(?:theo|kèm theo|ban hành kèm theo)\s+(?P<type>"
    + "|".join(sorted({t.replace(" ", r"\s+") for t in TYPE_WORDS.values()}, key=len, reverse=True))
    + r")\s+số\s*:?\s*(?P<rest>[^)]{0,160})\)",
    re.IGNORECASE,
)


def annex_self_reference(annex_text: str) -> tuple[str, str | None, str | None] | None:
    """`(theo Kế hoạch số 72-KH/HU, ngày 13/6/2022 …)` → (number_symbol, doc type, date)."""
    m = _ANNEX_OF.search(annex_text)
    if not m:
        return None
    ns = parse_number_symbol(m.group("rest"))
    if not ns:
        return None
    date = find_date(m.group("rest"))
    return ns["number_symbol"], m.group("type").capitalize(), date[0] if date else None


def fill_from_annexes(doc: Document, annexes: list[Annex]) -> None:
    """Number, symbol and date printed in an annex that says which plan it belongs to."""
    for annex in annexes:
        if not annex.number_symbol:
            continue
        if doc.number_symbol is None:
            ns = parse_number_symbol(annex.number_symbol)
            if ns:
                doc.number, doc.symbol, doc.number_symbol = ns["number"], ns["symbol"], ns["number_symbol"]
                origin = FieldOrigin(
                    source="annex",
                    confidence=0.8,
                    span=annex.reference_span or annex.span,
                    note=f"từ phụ lục “{annex.title}”",
                )
                doc.field_origins["number_symbol"] = origin
                if doc.doc_type is None:
                    doc.doc_type = doc_type_from_abbr(ns["type_abbr"])
        if doc.date is None and annex.date and annex.number_symbol == doc.number_symbol:
            doc.date = annex.date
            doc.field_origins["date"] = FieldOrigin(
                source="annex",
                confidence=0.8,
                span=annex.reference_span or annex.span,
                note=f"từ phụ lục “{annex.title}”",
            )


# A letter whose copy lost its header still says who acts: `Về vấn đề này, Cục Thuế có ý kiến như
# sau:`, `…; Ủy ban nhân dân (UBND) thành phố Hà Nội yêu cầu …`, `Chủ tịch Ủy ban nhân dân Thành phố
# có ý kiến chỉ đạo như sau:`. A body opening a clause (not one cited: `của …`), then the letter's
# acting verb. Taken only when the signature's authority line names the same kind of body.
_ACTING_VERBS = r"(?:có ý kiến|yêu cầu|đề nghị|trả lời|thông báo|hướng dẫn)"  # not `giao`: Bộ Ngoại giao
# words that end a body's name: the clause has its verb already (`UBND … đã có nhiều văn bản …`)
_CLAUSE_WORDS = re.compile(r"\s(?:đã|đang|sẽ|có|được|chưa|không|cũng|vẫn|nhận|đề|là|tiếp tục)\s")
ACTING_CLAUSE = re.compile(
    rf"(?:^|[.;,:]\s+)(?P<chair>Chủ tịch\s+)?"
    rf"(?P<issuer>(?:{_BODY_STARTERS})\b(?:[^,;:.()“”\"\n]|,\s(?=[A-ZĐ])|\s\([A-ZĐ&]{{2,12}}\)(?=\s)){{0,160}}?)"
    r"(?:\s+\((?:sau đây (?:gọi|viết)(?: tắt)? là|viết tắt là)[^()]{0,80}\)|\s+\([A-ZĐ&]{2,12}\))?\s+"
    r"(?:xin\s+)?(?:trân\s+trọng\s+)?" + _ACTING_VERBS + r"\b"
)
# the authority line's title → how the name of the body it heads begins (folded); `TM. X` names X
_TITLE_BODIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tong cuc truong", ("tong cuc ",)),
    ("cuc truong", ("cuc ",)),
    ("bo truong", ("bo ",)),
    ("truong ban", ("ban ",)),
    ("chu tich", ("uy ban ", "hoi ")),
    ("giam doc", ("so ", "trung tam ")),
    ("chanh van phong", ("van phong ",)),
    ("vien truong", ("vien ",)),
    ("hieu truong", ("truong ",)),
    ("truong phong", ("phong ",)),
)
# a person's title is not a body (`Bộ trưởng giao:`, `Cục trưởng yêu cầu`), nor is a desk (`Bộ phận …`)
_PERSON_TITLES = (
    "bo truong",
    "cuc truong",
    "tong cuc truong",
    "vien truong",
    "truong ban",
    "chu tich",
    "bo phan",
)
_AUTHORITY_MARK = re.compile(r"^(?:TM|T/M|TL|T/L|KT|K/T|TUQ|UQ|Q)\.?\s+")
_NEXT_MARK = re.compile(r"\s(?:TM|T/M|TL|T/L|KT|K/T|TUQ|UQ|Q)\.?\s")
_GENERIC_LOCAL = re.compile(r"^(?:uy ban nhan dan|hoi dong nhan dan)\s+(?:tinh|thanh pho)$")


def _folded_body(name: str) -> str:
    folded = " ".join(fold(name).split())
    return "uy ban nhan dan" + folded[4:] if folded.startswith("ubnd") else folded


def _signature_bodies(authority: str | None, position: str | None) -> tuple[str, ...]:
    """How the signing body's name begins (folded), from the first authority line (`TL. CỤC TRƯỞNG` →
    `cục …`, `TM. ỦY BAN NHÂN DÂN` → `ủy ban nhân dân`), else from the position alone (`TRƯỞNG BAN`)."""
    line = (authority or position or "").strip()
    if not line:
        return ()
    line = _AUTHORITY_MARK.sub("", line)
    line = _NEXT_MARK.split(f"{line} ")[0]
    folded = _folded_body(line)
    for title, bodies in _TITLE_BODIES:
        if folded.startswith(title):
            # a bare `CHỦ TỊCH` signs for a People's Committee, a People's Council or an association alike
            return () if title == "chu tich" and not authority else bodies
    if authority and _AUTHORITY_MARK.match(authority.strip()) and folded:
        return (folded,)  # `TM. BAN THƯỜNG VỤ`: the body signs as a whole
    return ()


def issuer_acting(
    texts: list[str], authority: str | None, position: str | None
) -> tuple[str, str, int] | None:
    """The body a header-less letter says acts, agreeing with its signature: (issuer, the sentence's
    words, the index of the text), e.g. `Cục Thuế` from `Cục Thuế có ý kiến như sau:` signed `TL. CỤC TRƯỞNG`."""
    bodies = _signature_bodies(authority, position)
    if not bodies:
        return None
    for i, text in enumerate(texts):
        for m in ACTING_CLAUSE.finditer(" ".join(text.split())):
            name = re.sub(r"\s\([A-ZĐ&]{2,12}\)(?=\s)", "", m.group("issuer")).strip()
            folded = _folded_body(name)
            if (
                _CLAUSE_WORDS.search(f"{name} ")
                or folded.startswith(_PERSON_TITLES)
                or not f"{folded} ".startswith(tuple(f"{b.strip()} " for b in bodies))
            ):
                continue
            if m.group("chair") and not folded.startswith(("uy ban ", "hoi ")):
                continue
            return name, m.group(0).strip(" .;,:"), i
    return None


# A notice's closing formula names who gives notice: `Văn phòng Chính phủ thông báo để các cơ quan và
# địa phương liên quan biết, thực hiện./.`, `Văn phòng Tỉnh ủy thông báo để các đồng chí biết`.
NOTICE_CLOSING = re.compile(
    rf"(?:^|[.;]\s+)(?P<issuer>(?:{_BODY_STARTERS})\b[^,;:.()“”\"\n]{{0,80}}?)\s+"
    r"(?:xin\s+)?(?:trân\s+trọng\s+)?thông báo\s+(?:để|cho|tới|đến)\s+[^.;]{0,120}?\bbiết\b"
)


def issuer_of_notice(texts: list[str]) -> tuple[str, str] | None:
    """The body a notice's closing formula names (`Văn phòng Chính phủ thông báo để … biết, thực
    hiện`), with the formula's words; the last of the texts first."""
    for text in reversed(texts):
        m = NOTICE_CLOSING.search(" ".join(text.split()))
        if m and not _CLAUSE_WORDS.search(f"{m.group('issuer')} "):
            return m.group("issuer").strip(), m.group(0).strip(" .;")
    return None


def generic_local(name: str) -> bool:
    """`Ủy ban nhân dân Thành phố`, `UBND tỉnh`: a local body's name without its place."""
    return bool(_GENERIC_LOCAL.match(_folded_body(name)))


def complete_place(name: str, texts: list[str]) -> str | None:
    """`Ủy ban nhân dân Thành phố` (the letter's own words, no place) completed by the one place the
    text prints after that same name (`… của Ủy ban nhân dân Thành phố Hồ Chí Minh về …`); None when
    the name has its place already, or the text prints none or several."""
    if not generic_local(name):
        return None
    found: set[str] = set()
    pattern = re.compile(re.escape(name).replace(r"\ ", r"\s+") + r"((?:\s+[^\W\d_][\w-]*)+)", re.IGNORECASE)
    for text in texts:
        for m in pattern.finditer(" ".join(text.split())):
            words = list(takewhile(lambda w: w[0].isupper(), m.group(1).split()))
            if words:
                found.add(" ".join(words[:4]))
    return f"{name} {found.pop()}" if len(found) == 1 else None
