"""Draft the implementing plan of a body from its parent plan.

The draft is a `Document` (header from the caller, preamble citing the parent, the parent's
sections with the level vocabulary substituted, `Tổ chức thực hiện` completed with the units
below the issuer, recipients from the hierarchy, signature block), written to .docx by
`kehoach.export.docx` in the issuer's format (Party: Hướng dẫn 36-HD/VPTW; state: NĐ 30/2020).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.draft.levels import (
    level_of_document,
    level_of_issuer,
    party_symbol,
    substitute,
    units_below,
)
from kehoach.export.docx import to_docx
from kehoach.identity import slug
from kehoach.model import Document, Implements, Node, Recipient, Signer
from kehoach.patterns import find_date
from kehoach.vntext import fold

__all__ = ["DraftSpec", "draft_docx", "draft_file_name", "draft_plan", "typed_date", "units_source"]


@dataclass
class DraftSpec:
    """What the caller gives: the issuing body and the header and signature of the draft."""

    issuer: str
    superior: str | None = None
    number: str | None = None
    date: str | None = None
    place: str | None = None
    signer: str | None = None
    position: str | None = None
    authority: str | None = None
    system: str | None = None  # party | state; read from the issuer when not given
    # The units below the issuer, from the tracking registry (`Tracker.units_below`); None: the
    # groups a plan of the issuer's level addresses (`levels.units_below`), for want of a registry.
    units: list[str] | None = None


def _system(spec: DraftSpec) -> str:
    if spec.system:
        return spec.system
    f = fold(spec.issuer)
    # a people's committee, or a department or ministry named first (Sở …, Bộ …); not `Đảng bộ`, `Chi bộ`
    return "state" if re.search(r"\b(uy ban nhan dan|ubnd)\b|^(so|bo) ", f) else "party"


def header_issuer(issuer: str) -> str:
    """The body printed in the header: a standing committee issues in its committee's name
    (`Ban Thường vụ Huyện ủy Đức Trọng` → `Huyện ủy Đức Trọng`, 36-HD/VPTW II.1.2)."""
    return re.sub(r"^(Ban Thường vụ|Ban Chấp hành|Thường trực)\s+", "", issuer.strip())


def _dmy(date: str | None) -> str | None:
    if not date:
        return None
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2]):02d}/{int(parts[1])}/{parts[0]}"
    return "/".join(reversed(parts))


def _preamble(parent: Document, issuer: str) -> str:
    cite = f"Thực hiện {parent.doc_type or 'Kế hoạch'}"  # a plan may implement a resolution, a directive …
    if parent.number_symbol:
        cite += f" số {parent.number_symbol}"
    if parent.date:
        cite += f" ngày {_dmy(parent.date)}"
    if parent.issuer:
        cite += f" của {parent.issuer}"
    if parent.title:
        cite += f" về {parent.title[0].lower() + parent.title[1:]}"
    return f"{cite}, {issuer} ban hành Kế hoạch thực hiện như sau:"


def _substituted(node: Node, frm: str, to: str) -> Node:
    copy = node.model_copy(deep=True)
    for n in copy.walk():
        n.text = substitute(n.text, frm, to)
        if n.heading:
            n.heading = substitute(n.heading, frm, to)
    return copy


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listed(units: list[str]) -> str:
    """`Các tổ chức cơ sở đảng trực thuộc, các đoàn thể Khối, Ủy ban Kiểm tra`: a plural after the
    first is lower-cased, a name keeps its capitals."""
    rest = [re.sub(r"^(Các|Những) ", lambda m: m.group(1).lower() + " ", u) for u in units[1:]]
    return ", ".join(units[:1] + rest)


def _is_organisation(node: Node) -> bool:
    return "to chuc thuc hien" in fold(node.heading or node.text)[:60]


def _next_item(section: Node) -> tuple[str, str]:
    numbers = [
        int(c.label.rstrip(".-"))
        for c in section.children
        if c.kind == "item" and c.label.rstrip(".-").isdigit()
    ]
    n = (max(numbers) if numbers else 0) + 1
    return f"{n}.", f"{section.id}.{n}"


def units_source(spec: DraftSpec) -> str:
    """Where the draft's units below come from, said to the clerk (Vietnamese)."""
    if spec.units:
        return f"Đơn vị trực thuộc lấy từ danh mục đơn vị ({len(spec.units)} đơn vị)."
    level = {"central": "Trung ương", "province": "tỉnh", "district": "huyện", "grassroots": "cơ sở"}
    return (
        "Danh mục đơn vị chưa có đơn vị trực thuộc của cơ quan này (hoặc không dùng kho): đơn vị trực thuộc "
        f"ghi theo danh sách chung của cấp {level[level_of_issuer(spec.issuer)]} — hãy sửa lại cho đúng."
    )


def draft_plan(parent: Document, spec: DraftSpec) -> Document:
    """The implementing plan of `spec.issuer` for `parent`, as a document model."""
    system = _system(spec)
    frm = level_of_document(parent)
    to = level_of_issuer(spec.issuer)
    outline = [_substituted(node, frm, to) for node in parent.outline]
    below = list(spec.units) if spec.units else units_below(to, system)
    for section in outline:
        if section.kind == "section" and _is_organisation(section):
            label, node_id = _next_item(section)
            text = (
                f"{_listed(below)} căn cứ Kế hoạch này xây dựng kế hoạch thực hiện phù hợp với tình hình "
                f"của đơn vị; định kỳ báo cáo kết quả về {spec.issuer}."
            )
            section.children.append(Node(id=node_id, label=label, kind="item", text=text, span=(0, 0)))
    if spec.number:
        number_symbol = (
            f"{spec.number}-{party_symbol(spec.issuer)}" if system == "party" else f"{spec.number}/KH-UBND"
        )
    else:
        number_symbol = None
    recipients = []
    if parent.issuer:
        recipients.append(Recipient(name=parent.issuer, purpose="báo cáo"))
    recipients += [Recipient(name=u) for u in below]
    authority = spec.authority or ("T/M BAN THƯỜNG VỤ" if system == "party" else "TM. ỦY BAN NHÂN DÂN")
    position = spec.position or ("BÍ THƯ" if system == "party" else "CHỦ TỊCH")
    number, symbol = (
        (number_symbol.split("-", 1) if system == "party" else number_symbol.split("/", 1))
        if number_symbol
        else (None, None)
    )
    return Document(
        doc_type="Kế hoạch",
        number=number,
        symbol=symbol,
        number_symbol=number_symbol,
        issuer=header_issuer(spec.issuer),
        issuer_parent=spec.superior,
        place=spec.place,
        date=spec.date,
        title=_capitalized(substitute(parent.title or "", frm, to)) or None,
        preamble=_preamble(parent, spec.issuer),
        closing=None,
        signer=Signer(authority=authority, position=position, name=spec.signer),
        recipients=recipients,
        filing="Lưu VP" if system == "party" else "Lưu: VT",
        implements=Implements(
            number_symbol=parent.number_symbol,
            doc_type=parent.doc_type or "Kế hoạch",
            date=parent.date,
            issuer=parent.issuer,
        ),
        outline=outline,
    )


def draft_docx(parent: Document, spec: DraftSpec) -> bytes:
    """The draft plan as .docx in the issuer's format."""
    doc = draft_plan(parent, spec)
    return to_docx(doc, _system(spec))


def draft_file_name(spec: DraftSpec) -> str:
    """A plain-ASCII name for the drafted file: `du-thao-ke-hoach-72-huyen-uy-duc-trong.docx`."""
    parts = ["du-thao-ke-hoach", slug(spec.number or ""), slug(header_issuer(spec.issuer))]
    return "-".join(p for p in parts if p)[:120] + ".docx"


def typed_date(text: str) -> str:
    """A date as a clerk types it (`13/6/2022`, `ngày 13 tháng 6 năm 2022`) or ISO, as ISO; text
    that reads as no full date is returned unchanged (for the caller to refuse)."""
    text = text.strip()
    if not text or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    found = find_date(text)
    return found[0] if found and len(found[0]) == 10 else text
