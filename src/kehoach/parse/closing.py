"""The closing block: recipients (`Nơi nhận:`), the filing copy (`Lưu …`) and the signature.

Two-column layouts interleave recipients and signature lines; each line is
classified on its own, so the order does not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.model import Recipient, Signer
from kehoach.normalize import is_caps
from kehoach.parse.paragraphs import Para
from kehoach.vntext import fold

CLOSING_START = re.compile(r"^(?:Trên\s+đây\s+là|Nơi\s+nhận)", re.IGNORECASE)
AUTHORITY = re.compile(
    r"^(?:(?i:T/M|TM\.|K/T|KT\.|T/L|TL\.|T/UQ|TUQ\.|Q\.|Q/)|(?:TM|KT|TL|TUQ)\s(?=[A-ZĐ]))\s*\S"
)
_RECIPIENTS_HEAD = re.compile(r"^Nơi\s+nhận\s*:?\s*", re.IGNORECASE)
_FILING = re.compile(r"^[-–+]?\s*Lưu\s*:?\s*(?P<what>.+?)[.,;]?$", re.IGNORECASE)
_PURPOSE = re.compile(r"\s*\((?P<purpose>[^()]{1,40})\)\s*[.,;]?\s*$")
_ANNEX_TITLE = re.compile(r"^(?:ĐỀ\s+CƯƠNG|PHỤ\s+LỤC|DANH\s+SÁCH|BIỂU\s+MẪU|HƯỚNG\s+DẪN|MẪU)\b")
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]+$")
_SIGNED_MARK = re.compile(r"^\(?\s*(?:đã\s+ký|ký|chữ\s+ký|signed)\b.*\)?$", re.IGNORECASE)

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
    "chi dao": "chỉ đạo",
    "de chi dao": "chỉ đạo",
    "theo doi": "theo dõi",
    "de theo doi": "theo dõi",
}


def normalize_purpose(raw: str) -> str | None:
    """`b.cáo`, `b/c`, `để báo cáo` → `báo cáo`; unknown purposes → None."""
    key = fold(raw).strip(" .,;")
    return PURPOSES.get(key)


def is_person_name(text: str) -> bool:
    """2–6 capitalized words, nothing else: how a signer's name is printed."""
    parts = text.strip().rstrip(".").split()
    return 2 <= len(parts) <= 6 and all(_NAME_WORD.match(w) for w in parts)


def is_annex_title(text: str) -> bool:
    return bool(_ANNEX_TITLE.match(text.strip())) and is_caps(text)


@dataclass
class Closing:
    recipients: list[Recipient] = field(default_factory=list)
    filing: str | None = None
    signer: Signer = field(default_factory=Signer)
    end_index: int | None = None  # paragraph index where the annexes start
    signer_span: tuple[int, int] | None = None


def _recipient(text: str) -> Recipient:
    body = re.sub(r"^[-–+•]\s*", "", text).strip()
    purpose_raw = None
    m = _PURPOSE.search(body)
    if m:
        purpose_raw = m.group("purpose").strip()
        body = body[: m.start()]
    body = body.strip().rstrip(",.;").strip()
    return Recipient(
        name=body, purpose=normalize_purpose(purpose_raw) if purpose_raw else None, purpose_raw=purpose_raw
    )


_JOINED_ITEMS = re.compile(r"\s(?<=[,;.]\s)\s*-\s+(?=\S)")  # `, - `: opens on the space, looks behind it


def _split_joined(paras: list[Para]) -> list[Para]:
    """`- A, - B, - Lưu VP.` read as one line (a flattened column): one paragraph per dashed item."""
    out: list[Para] = []
    for p in paras:
        if not p.text.lstrip().startswith(("-", "–")) or not _JOINED_ITEMS.search(p.text):
            out.append(p)
            continue
        start = 0
        for m in _JOINED_ITEMS.finditer(p.text):
            out.append(Para(p.index, p.text[start : m.start()], p.start + start, p.start + m.start()))
            start = m.end() - 2  # keep the dash: `- B`
        out.append(Para(p.index, p.text[start:].strip(), p.start + start, p.end))
    return out


def parse_closing(paras: list[Para]) -> Closing:
    """Classify the closing paragraphs; stop where an annex begins after the signature."""
    c = Closing()
    paras = _split_joined(paras)
    in_recipients = False
    positions: list[str] = []
    after_authority = False
    for p in paras:
        text = p.text.strip()
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
            if rest:
                c.recipients.append(_recipient(rest))
            continue
        filing = _FILING.match(text)
        if filing and (in_recipients or text.startswith(("-", "Lưu"))):
            c.filing = re.sub(r"^[-–+]\s*", "", text).rstrip(".,;").strip()  # as printed
            continue
        if AUTHORITY.match(text):
            # "TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH": both lines say on whose behalf
            c.signer.authority = f"{c.signer.authority} {text}" if c.signer.authority else text
            c.signer_span = (p.start, p.end)
            after_authority = True
            continue
        if after_authority and is_caps(text) and not fold(text).startswith(_POSITION_HEADS):
            # "TM. ỦY BAN NHÂN" / "DÂN": the authority line wrapped
            c.signer.authority = f"{c.signer.authority} {text}"
            continue
        after_authority = False
        if text.startswith(("-", "–", "+", "•")) and in_recipients:
            c.recipients.append(_recipient(text))
            continue
        if _SIGNED_MARK.match(text):
            continue
        if is_caps(text):
            positions.append(text)
            continue
        if is_person_name(text):
            c.signer.name = text.rstrip(".")
            continue
        if in_recipients and c.recipients and not c.signer.authority and not positions:
            # a wrapped recipient line
            last = c.recipients[-1]
            merged = _recipient(f"- {last.name} {text}")
            c.recipients[-1] = merged if merged.purpose or not last.purpose else last
    if positions:
        c.signer.position = " ".join(positions)
    return c
