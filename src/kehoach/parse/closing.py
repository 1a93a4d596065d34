"""The closing block: recipients (`Nơi nhận:`), the filing copy (`Lưu …`) and the signature.

Two-column layouts interleave recipients and signature lines; each line is
classified on its own, so the order does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kehoach.model import Recipient, Signer
from kehoach.normalize import is_caps
from kehoach.parse.outline import marker_of
from kehoach.parse.paragraphs import Para
from kehoach.patterns import NATIONAL_HEADER_START
from kehoach.vntext import fold

# printed with a capital (`nơi nhận vào sổ …` in a sentence wrapped onto a new line is body text)
CLOSING_START = re.compile(r"^(?:Trên\s+đây\s+là|(?i:TRÊN\s+ĐÂY\s+LÀ)|N(?i:ơi\s+nhận)(?!\s+\w))")
AUTHORITY = re.compile(
    r"^(?:(?i:T/M|TM ?\.|K/T|KT ?\.|T/L|TL ?\.|T/UQ|TUQ ?\.|Q\.|Q/)|(?:TM|KT|TL|TUQ)\s(?=[A-ZĐ]))\s*\S"
)
_COPIES = re.compile(r"^\d{1,3}\s*[A-Za-zĐđ]{0,4}\.?$")
_FILE_CODE = re.compile(r"^\w+_\w+$")  # one word joined by `_` (`HP_VP11_QĐ`): no title is written so
# the drafter's tag under the filing line (`MinhHồng/QĐ/20.11.2025`: who, what, when): no recipient
_DRAFTER_TAG = re.compile(r"^[^\s/]+(?: [^\s/]+)?/[^\s/]{1,12}/\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
_RECIPIENTS_HEAD = re.compile(r"^Nơi\s+nhận\s*:?\s*", re.IGNORECASE)
_FILING = re.compile(r"^[-–+]?\s*Lưu\s*:?\s*(?P<what>.+?)[.,;]?$", re.IGNORECASE)
# `(b/c)`, `(để báo cáo)`, `(để trực tiếp chỉ đạo các đơn vị phụ trách)`: what the copy is sent for
_PURPOSE = re.compile(r"\s*\((?P<purpose>[^()]{1,40}|(?i:để)\s[^()]{1,80})\)\s*[.,;]?\s*$")
_ANNEX_TITLE = re.compile(r"^(?:ĐỀ\s+CƯƠNG|PHỤ\s+LỤC|DANH\s+SÁCH|BIỂU\s+MẪU|HƯỚNG\s+DẪN|MẪU)\b")
# a word of a person's name: a capital, then lower case (the Unicode ranges À-Ỹ mix the two cases: `đ`,
# `ị` fall inside them, so the case is asked of each letter)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]+$")


def _name_word(word: str) -> bool:
    return bool(_NAME_WORD.match(word)) and word[0].isupper() and word[1:].islower()


_SIGNED_MARK = re.compile(r"^\(?\s*(?:đã\s+ký|ký|chữ\s+ký|signed)\b.*\)?$", re.IGNORECASE)
# `(đã ký) Ngô Thị Thanh Hằng`: the mark printed in place of the signature, the name after it
_SIGNED_LEAD = re.compile(
    r"^\(\s*(?:đã\s+ký|ký|đã\s+ký\s+và\s+đóng\s+dấu|ký\s+tên,?\s*đóng\s+dấu)\s*\)\s*", re.IGNORECASE
)
# Vietnamese family names: a name that runs into the next text (`Nguyễn Thanh Bình Tài liệu này …`,
# a flattened page) is read only when it opens with one of them
_SURNAMES_TEXT = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương Đinh "
    "Lâm Phùng Mai Tô Hà Tạ Lưu Chu Châu Triệu Quách Thái Lương Cao Văn Kiều Khổng La Lại Mạc Nghiêm Tăng "
    "Thân Tôn Từ Kim Hứa Giang Cù Âu Diệp Đàm Lò Lục Ninh Quan Tống Viên"
)
SURNAMES = frozenset(_SURNAMES_TEXT.split())

# words (folded) that open a signer's position line (`PHÓ CHỦ TỊCH`, `GIÁM ĐỐC`)
_POSITION_HEADS = (
    "chu tich",
    "pho ",
    "giam doc",
    "truong ",
    "bi thu",
    "tong ",
    "bo truong",
    "thu tuong",
    "hieu truong",
    "chanh ",
    "vien truong",
    "cuc truong",
    "quyen ",
    "thu truong",
    "chu nhiem",
    "uy vien",
    "ket toan",
    "nguoi ",
    "trinh ",
    "chi hoi truong",
    "chi doan",
    "doan ",
    "hoi truong",
    "thu ky",
)

# a deputy's title inside a line (what follows the space): `… VỀ HQ PHÓ TRƯỞNG BAN`
_DEPUTY = re.compile(r"\s(?=PHÓ\s)")

PURPOSES = {
    "b/c": "báo cáo",
    "b.c": "báo cáo",
    "b.cao": "báo cáo",
    "bc": "báo cáo",
    "bao cao": "báo cáo",
    "de bao cao": "báo cáo",
    "phoi hop": "phối hợp",
    "de phoi hop": "phối hợp",
    "p/h": "phối hợp",
    "thuc hien": "thực hiện",
    "de thuc hien": "thực hiện",
    "t/h": "thực hiện",
    "biet": "biết",
    "de biet": "biết",
    "b/t": "biết",
    "d/b": "biết",  # `(đ/b)`: để biết
    "dua tin": "đưa tin",  # a portal or a paper: to publish it
    "de dua tin": "đưa tin",
    "dang tai": "đưa tin",
    "de dang tai": "đưa tin",
    "chi dao": "chỉ đạo",
    "de chi dao": "chỉ đạo",
    "theo doi": "theo dõi",
    "de theo doi": "theo dõi",
    "tra loi": "trả lời",  # a letter's author: this answers it
    "thay tra loi": "trả lời",
    "de tra loi": "trả lời",
}


def normalize_purpose(raw: str) -> str | None:
    """`b.cáo`, `b/c`, `để báo cáo` → `báo cáo`; unknown purposes → None."""
    key = fold(raw).strip(" .,;")
    # `để b/c`, `để t/h`: the abbreviations after `để` as alone
    return PURPOSES.get(key) or (PURPOSES.get(key[3:].strip()) if key.startswith("de ") else None)


def is_person_name(text: str) -> bool:
    """2–6 capitalized words, nothing else: how a signer's name is printed."""
    parts = text.strip().rstrip(".").split()
    return 2 <= len(parts) <= 6 and all(_name_word(w) for w in parts)


def name_at_start(text: str) -> str | None:
    """The signer's name opening a line that runs on into other text: a family name, then the
    capitalized words up to the word that opens the next sentence (`Nguyễn Sỹ Hiệp Công văn …`)."""
    words = text.split()
    if len(words) < 3 or words[0] not in SURNAMES:
        return None
    run = 1
    while run < min(len(words), 6) and _name_word(words[run]):
        run += 1
    if run == len(words):  # the whole line is capitalized words: a name only if short
        return " ".join(words) if run <= 5 else None
    if words[run][:1].isupper() or not words[run][:1].isalpha():
        return None  # not a sentence start after the name
    run -= 1  # the last capitalized word opens the next sentence
    return " ".join(words[:run]) if 2 <= run <= 5 else None


def name_at_end(text: str) -> tuple[str, str] | None:
    """(text before, name) when a line ends in the signer's name after a finished item: the
    signature column flattened onto the last recipient or filing line (`- Lưu: VT, KSTTHC. …
    Trần Thị Thu Hương`, where OCR left a seal's remains between them)."""
    words = text.split()
    for k in (5, 4, 3, 2):
        if len(words) <= k or words[-k] not in SURNAMES:
            continue
        name = " ".join(words[-k:])
        before = " ".join(words[:-k])
        if is_person_name(name) and re.search(r"[.;)]", before):
            return before, name
    return None


def _issuer_line(text: str) -> bool:
    """A line of the issuer's header cell: capitals or a rule (`ỦY BAN NHÂN DÂN`, `_____`), or a
    body's name in a legacy font's case (`ủy Ban Nhân Dân`)."""
    from kehoach.parse.header import starts_body

    if not text:
        return False
    if not text.strip("-–_*=. "):
        return True
    if AUTHORITY.match(text) or fold(text).startswith(_POSITION_HEADS):
        return False
    return is_caps(text) or (len(text) <= 40 and starts_body(fold(text)))


def _attached_start(paras: list[Para], fold_paragraph: Callable[[Para], str]) -> int | None:
    """Position in `paras` where a document attached after the closing begins: its header's
    national line, moved up over the issuer's lines printed above it."""
    # `fold_paragraph(p).strip()` is `fold(p.text.strip())`: a fold keeps white space white
    at = next(
        (i for i, p in enumerate(paras) if i and NATIONAL_HEADER_START.match(fold_paragraph(p).strip())), None
    )
    if at is None:
        return None
    while at > 1 and _issuer_line(paras[at - 1].text.strip()):
        at -= 1
    return at


def _caps_line(text: str) -> bool:
    t = text.strip()
    return is_caps(t) and len(t) <= 90 and not marker_of(t)


def starts_body_name(text: str) -> bool:
    """A body's name in capitals that is not a position (`BAN CHẤP HÀNH ĐOÀN TRƯỜNG …`)."""
    from kehoach.parse.header import starts_body

    f = fold(text.strip())
    return starts_body(f) and not f.startswith(_POSITION_HEADS)


def signature_lines_before(paras: list[Para], at: int) -> int:
    """Where the closing starts when the signer's lines in capitals are printed above `Nơi nhận`
    or end the document without one (columns flattened): up to four short lines in capitals, no
    label, among them a position (`TRƯỞNG BAN`, `CHI HỘI TRƯỞNG`) or a body signing as a whole."""
    k = at
    while k > 0 and at - k < 4 and _caps_line(paras[k - 1].text):
        k -= 1
    lines = [fold(p.text.strip()) for p in paras[k:at]]
    while lines and not (lines[0].startswith(_POSITION_HEADS) or starts_body_name(paras[k].text)):
        lines.pop(0)  # a heading above the signature: not part of it
        k += 1
    return k if lines and k > 0 else at


def is_annex_title(text: str) -> bool:
    return bool(_ANNEX_TITLE.match(text.strip())) and is_caps(text)


@dataclass
class Closing:
    recipients: list[Recipient] = field(default_factory=list)
    filing: str | None = None
    signer: Signer = field(default_factory=Signer)
    end_index: int | None = None  # paragraph index where the annexes start
    signer_span: tuple[int, int] | None = None


def _without_emphasis(text: str) -> str:
    """A recipient's line without a web copy's emphasis marks (`TTTT (*01 bản giấy, … Công báo*)`)."""
    return text.replace("*", "")


def _recipient(text: str) -> Recipient:
    body = re.sub(r"^[-–+•*\s]+", "", text)  # `- A`, `*-* A` (a conversion's marks)
    body = _without_emphasis(body).strip()
    purpose_raw = None
    m = _PURPOSE.search(body)
    if m and (normalize_purpose(m.group("purpose")) or fold(m.group("purpose")).startswith("de ")):
        # a purpose (`(b/c)`, `(để thực hiện)`); other brackets belong to the name (`(ô.Kiên)`)
        purpose_raw = m.group("purpose").strip()
        body = body[: m.start()]
    body = body.strip().rstrip(",.;:*").strip()  # `Các Thứ trưởng*;*`: a conversion's italic marks
    return Recipient(
        name=body, purpose=normalize_purpose(purpose_raw) if purpose_raw else None, purpose_raw=purpose_raw
    )


# `, - `: the item's end (group 1 opens on the space after the mark; the regex engine skips to the mark)
_JOINED_ITEMS = re.compile(r"[,;.](\s\s*-\s+)(?=\S)")


def _split_joined(paras: list[Para]) -> list[Para]:
    """`- A, - B, - Lưu VP.` read as one line (a flattened column): one paragraph per dashed item."""
    out: list[Para] = []
    for p in paras:
        if not p.text.lstrip().startswith(("-", "–")) or not _JOINED_ITEMS.search(p.text):
            out.append(p)
            continue
        start = 0
        for m in _JOINED_ITEMS.finditer(p.text):
            out.append(Para(p.index, p.text[start : m.start(1)], p.start + start, p.start + m.start(1)))
            start = m.end() - 2  # keep the dash: `- B`
        out.append(Para(p.index, p.text[start:].strip(), p.start + start, p.end))
    return out


def parse_closing(paras: list[Para], fold_paragraph: Callable[[Para], str] | None = None) -> Closing:
    """Classify the closing paragraphs; stop where an annex begins after the signature.
    `fold_paragraph`: `fold` of a paragraph's text (`paragraphs.paragraph_folder` of the document)."""
    c = Closing()
    paras = _split_joined(paras)
    attached = _attached_start(paras, fold_paragraph or (lambda p: fold(p.text)))
    if attached is not None:
        c.end_index = paras[attached].index
        paras = paras[:attached]
    in_recipients = False
    positions: list[str] = []
    after_authority = False
    line = ""
    for p in paras:
        prev_text, line = line, p.text.strip()  # (the line before, as printed)
        text = line
        if c.signer.name and is_caps(text):
            c.end_index = p.index
            break
        if is_annex_title(text) and (c.signer.authority or positions or c.recipients):
            c.end_index = p.index
            break
        head = _RECIPIENTS_HEAD.match(text)
        if head:
            in_recipients = True
            rest = text[head.end() :].strip()
            if rest and fold(rest).startswith(_POSITION_HEADS) and not rest.startswith(("-", "–")):
                positions.append(rest)  # `Nơi nhận: CHỦ TỊCH`: the two columns on one line
            elif any(ch.isalnum() for ch in rest):  # not the underline's end (`__Nơi nhận: __`)
                c.recipients.append(_recipient(rest))
            continue
        filing = _FILING.match(text)
        if filing and (in_recipients or text.startswith(("-", "Lưu"))):
            tail = name_at_end(text) if not c.signer.name and (c.signer.authority or positions) else None
            if tail:
                text, c.signer.name = tail[0], tail[1]
                text = text[: text.rfind(".") + 1] if text.rfind(".") > text.rfind(")") else text
            c.filing = re.sub(r"^[-–+]\s*", "", text).rstrip(".,;").strip()  # as printed
            continue
        if AUTHORITY.match(text):
            # "TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH": both lines say on whose behalf
            c.signer.authority = f"{c.signer.authority} {text}" if c.signer.authority else text
            c.signer_span = (p.start, p.end)
            after_authority = True
            continue
        if after_authority and is_caps(text) and not fold(text).startswith(_POSITION_HEADS):
            # "TM. ỦY BAN NHÂN" / "DÂN": the authority line wrapped; under `KT.` the deputy's title
            # may follow on the same line (`KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ` / `VỀ HQ PHÓ TRƯỞNG BAN`)
            deputy = _DEPUTY.search(text) if "KT" in c.signer.authority.replace("/", "") else None
            c.signer.authority = f"{c.signer.authority} {text[: deputy.start()] if deputy else text}"
            if deputy:
                positions.append(text[deputy.end() :])
                after_authority = False
            continue
        after_authority = False
        if text.startswith("+") and in_recipients and c.recipients:
            # `- Văn phòng UBND tỉnh:` / `+ LĐVP, TPKTTH`: the offices of the recipient above
            c.recipients[-1].parts.append(
                _without_emphasis(re.sub(r"^\+\s*", "", text)).rstrip(".,;").strip()
            )
            continue
        if text.startswith(("-", "–", "+", "•", "*")) and in_recipients:
            recipient = _recipient(text)
            if any(ch.isalnum() for ch in recipient.name):  # not a conversion's leftover `__`, `*`
                c.recipients.append(recipient)
            continue
        if (positions or c.signer.authority) and fold(text).startswith("kiem "):
            # `GIÁM ĐỐC` / `kiêm Chủ tịch Hội đồng`: a concurrent post, in lower case, maybe run onto the name
            post, name = _concurrent_post(text)
            positions.append(post)
            c.signer.name = c.signer.name or name
            continue
        if c.filing and c.filing.endswith(":") and not c.signer.name and not positions:
            c.filing = (
                f"{c.filing} {text.rstrip('.,;').strip()}"  # `- Lưu:` / `VT, Vụ TCCB.`: the line wrapped
            )
            continue
        if _COPIES.match(text) or _FILE_CODE.match(text) or _DRAFTER_TAG.match(text):
            # `09 KH`, `08b`: how many copies were made (the typist's note); `HP_VP11_QĐ`: the office's
            # code of the file: neither is a position
            continue
        lead = _SIGNED_LEAD.match(text)
        if lead and text[lead.end() :].strip():
            text = text[lead.end() :].strip()
        elif _SIGNED_MARK.match(text):
            continue
        if (
            in_recipients
            and c.recipients
            and not c.signer.name
            and text.endswith((";", ","))
            and not positions
        ):
            # `- VPCP: …, các Vụ, Cục: NN, CN, KGVX,` / `TH;`: a recipient wrapped (a title ends on no `;`)
            last = c.recipients[-1]
            # `… PTDNNN -` / `BTC;`: a dash wrapped; `- Đảng ủy` / `KTNN;`: a name wrapped (no comma printed)
            joint = ", " if prev_text.endswith(",") else " "
            c.recipients[-1] = _recipient(f"- {last.name}{joint}{text}" if last.name else f"- {text}")
            continue
        if is_caps(text):
            if not c.signer.authority and not positions and starts_body_name(text):
                # `BAN CHẤP HÀNH ĐOÀN TRƯỜNG …` with no `TM.`: a body signs as a whole
                c.signer.authority = text
                after_authority = True
                continue
            positions.append(text)
            continue
        if is_person_name(text):
            c.signer.name = text.rstrip(".")
            continue
        run_on = name_at_start(text) if (c.signer.authority or positions) and not c.signer.name else None
        if run_on:
            c.signer.name = run_on
            continue
        if (
            in_recipients
            and c.recipients
            and not c.signer.name  # after the signer's name: a footnote or the page's text, not a recipient
            and (text[:1].islower() or not (c.signer.authority or positions))
        ):
            # a wrapped recipient line
            last = c.recipients[-1]
            merged = _recipient(f"- {last.name} {text}")
            c.recipients[-1] = merged if merged.purpose or not last.purpose else last
    if positions:
        c.signer.position, c.signer.concurrent = _split_titles(positions)
    return c


def _split_titles(lines: list[str]) -> tuple[str, str | None]:
    """(position, concurrent post) from the title lines under the authority. The position is the title
    the document is signed in; a later line opening on a title or on `kiêm` is another post the signer
    holds (`TRƯỞNG BAN` / `PHÓ THỦ TƯỚNG`, `GIÁM ĐỐC` / `kiêm Chủ tịch …`), kept apart as two readers
    of the evaluation sets wrote it; any other line goes on the title above (`PHÓ TRƯỞNG BAN` /
    `THƯỜNG TRỰC`, and `PHÓ` / `TRƯỞNG BAN`, a title broken after its first word)."""
    titles = [lines[0]]
    for prev, line in zip(lines, lines[1:], strict=False):
        whole_before = len(prev.split()) > 1 and fold(prev.split()[-1]) != "pho"
        if whole_before and fold(line).startswith((*_POSITION_HEADS, "kiem ")):
            titles.append(line)
        else:
            titles[-1] += f" {line}"
    return titles[0], ", ".join(titles[1:]) or None


def _concurrent_post(text: str) -> tuple[str, str | None]:
    """`kiêm Chủ tịch Hội đồng Nguyễn Văn An` (the post's line run onto the signer's name): (post, name)."""
    words = text.split()
    for k in (4, 3):
        if len(words) > k + 1 and words[-k] in SURNAMES and is_person_name(" ".join(words[-k:])):
            return " ".join(words[:-k]), " ".join(words[-k:])
    return text, None
