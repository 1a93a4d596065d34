"""Is this an administrative document at all? A reason to refuse it, or None.

An administrative document (Kế hoạch, Quyết định, Công văn, Báo cáo … of a Party, state or mass
body) shows itself by a few marks the parser reads: its type line, a number and symbol, an
issuing body and a date in its header, a signature, a list of recipients or addressees. A page
of notes, a web page or a data file shows none or one of them. A document that is typed and
shows one more mark, or shows three marks without a type line, is accepted (an outline counts for a typed document); the rest is refused
with the list of what is missing, unless the user insists: then it is kept as type "other".
"""

from __future__ import annotations

from kehoach.model import Document

OTHER = "other"

_MARKS = {
    "number": "số, ký hiệu",
    "issuer": "cơ quan ban hành ở phần đầu",
    "date": "địa danh, ngày tháng",
    "signer": "chữ ký (TM./KT., chức vụ, họ tên)",
    "recipients": "nơi nhận hay kính gửi",
    "outline": "bố cục (I., 1., Điều 1. …)",
}
_OUTLINE_MIN = 1  # numbered or legal nodes (bullets alone do not count)


def _marks(doc: Document) -> dict[str, bool]:
    header = {k for k, v in doc.field_origins.items() if v.source == "header"}
    return {
        "number": bool(doc.number_symbol or doc.symbol),
        "issuer": "issuer" in header,
        "date": "date" in header or "place" in header,
        "signer": bool(doc.signer.name or doc.signer.authority or doc.signer.position),
        "recipients": bool(doc.recipients or doc.addressees),
        "outline": _has_outline(doc),
    }


def _has_outline(doc: Document) -> bool:
    """At least `_OUTLINE_MIN` numbered or legal nodes (the walk stops there: usually the first)."""
    found = 0
    if found >= _OUTLINE_MIN:
        return True
    for node in doc.nodes(annexes=True):
        if node.kind not in ("bullet", "plus"):
            found += 1
            if found >= _OUTLINE_MIN:
                return True
    return False


def refusal(doc: Document) -> str | None:
    """Why `doc` is not an administrative document (Vietnamese, for the user), or None."""
    marks = _marks(doc)
    typed = doc.doc_type is not None and doc.doc_type != OTHER
    found = sum(v for k, v in marks.items() if k != "outline")
    if (typed and (found or marks["outline"])) or found >= 3:
        return None
    missing = [label for name, label in _MARKS.items() if not marks[name]]
    head = "không có dòng tên loại văn bản và" if not typed else f"có dòng “{doc.doc_type}” nhưng"
    return (
        f"Không phải văn bản hành chính: {head} không thấy {', '.join(missing)}. "
        "Dùng --force để vẫn lưu (loại “other”)."
    )


def accept_as_other(doc: Document) -> Document:
    """Keep a refused document on the user's word: type "other", with a warning saying why."""
    if doc.refusal:
        doc.warnings.insert(0, f"Lưu theo yêu cầu (--force). {doc.refusal.split(' Dùng --force')[0]}")
        doc.doc_type = OTHER
    return doc
