"""Format check of a parsed document: the mandatory elements of its system's format.

Party documents: Hướng dẫn 36-HD/VPTW (2018), section II.1 "Các thành phần thể thức bắt buộc"
(1.1 tiêu đề … 1.9 nơi nhận). State documents: Nghị định 30/2020/NĐ-CP, Điều 8 (thành phần
thể thức chính) and Phụ lục I. Each element is reported `present`, `missing` or `malformed`,
with the rule it comes from. The check reads the parsed `Document` (header fields, closing,
recipients) and, for the header lines the model does not keep (the Party title line, the
national motto), the first lines of its text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

from kehoach.display import date_prose, date_short
from kehoach.model import Document
from kehoach.vntext import fold

Status = Literal["present", "missing", "malformed", "not_applicable"]
System = Literal["party", "state"]

# The rules, as cited in the findings (short Vietnamese references a clerk can look up).
RULES: dict[str, dict[System, str]] = {
    "motto": {
        "party": "36-HD/VPTW, mục II.1.1 (Tiêu đề “Đảng Cộng sản Việt Nam”)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.a; Phụ lục I mục II.1 (Quốc hiệu và Tiêu ngữ)",
    },
    "issuer": {
        "party": "36-HD/VPTW, mục II.1.2 (Tên cơ quan ban hành văn bản)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.b; Phụ lục I mục II.2 (Tên cơ quan, tổ chức ban hành)",
    },
    "issuer_parent": {
        "party": "36-HD/VPTW, mục II.1.2.1 (tên cơ quan cấp trên trực tiếp, nếu có)",
        "state": "NĐ 30/2020/NĐ-CP, Phụ lục I mục II.2 (tên cơ quan chủ quản trực tiếp, nếu có)",
    },
    "number_symbol": {
        "party": "36-HD/VPTW, mục II.1.3 (Số và ký hiệu: số-loại/cơ quan, số < 10 có 0 phía trước)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.c; Phụ lục I mục II.3 (Số: số/loại-cơ quan)",
    },
    "place_date": {
        "party": "36-HD/VPTW, mục II.1.4 (Địa danh và ngày, tháng, năm ban hành)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.d; Phụ lục I mục II.4",
    },
    "type_title": {
        "party": "36-HD/VPTW, mục II.1.5 (Tên loại văn bản và trích yếu nội dung)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.đ; Phụ lục I mục II.5",
    },
    "parent": {
        "party": "36-HD/VPTW, mục II.1.6 (Nội dung: căn cứ ban hành) — kế hoạch thực hiện nêu văn bản cấp trên",
        "state": "NĐ 30/2020/NĐ-CP, Phụ lục I mục II.6 (căn cứ ban hành) — kế hoạch thực hiện nêu văn bản cấp trên",
    },
    "recipients": {
        "party": "36-HD/VPTW, mục II.1.9 (Nơi nhận văn bản)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.h; Phụ lục I mục II.9",
    },
    "filing": {
        "party": "36-HD/VPTW, mục II.1.9.1 (nơi nhận “để lưu”: Lưu …)",
        "state": "NĐ 30/2020/NĐ-CP, Phụ lục I mục II.9 (Lưu: VT, …)",
    },
    "authority": {
        "party": "36-HD/VPTW, mục II.1.7.1 (quyền hạn ký: T/M, K/T, T/L — khi ký thay mặt, ký thay, thừa lệnh)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.g; Phụ lục I mục II.7 (TM., KT., TL., TUQ.)",
    },
    "position": {
        "party": "36-HD/VPTW, mục II.1.7.1 (chức vụ của người ký)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.g; Phụ lục I mục II.7",
    },
    "signer_name": {
        "party": "36-HD/VPTW, mục II.1.7.1 (họ tên đầy đủ của người ký)",
        "state": "NĐ 30/2020/NĐ-CP, Điều 8.1.g; Phụ lục I mục II.7",
    },
}

LABELS: dict[str, str] = {
    "motto": "Tiêu đề / Quốc hiệu, tiêu ngữ",
    "issuer": "Tên cơ quan ban hành",
    "issuer_parent": "Tên cơ quan cấp trên",
    "number_symbol": "Số và ký hiệu",
    "place_date": "Địa danh, ngày tháng năm",
    "type_title": "Tên loại và trích yếu",
    "parent": "Căn cứ văn bản cấp trên (kế hoạch thực hiện)",
    "recipients": "Nơi nhận",
    "filing": "Lưu",
    "authority": "Quyền hạn ký (T/M, K/T, T/L)",
    "position": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
}

# Elements whose absence makes the check fail (exit 1). The others are reported only:
# a superior body is printed only when there is one; a parent only for an implementing
# plan; the authority line only when the signer signs for someone (a head signs directly).
MANDATORY = (
    "motto",
    "issuer",
    "number_symbol",
    "place_date",
    "type_title",
    "recipients",
    "filing",
    "position",
    "signer_name",
)

# Party: 39-KH/ĐUK, 01-KH/ĐTN, 2587-CV/VPTW/nb, 16-KH/MTTQ-BTT. State: 125/KH-UBND, 30/2020/NĐ-CP.
_UP = r"[A-ZĐÂĂÊÔƠƯ]"
_SYM = rf"{_UP}[A-Za-zĐđÂĂÊÔƠƯ]*"
PARTY_NUMBER = re.compile(rf"^(\d+)-{_SYM}(?:/{_SYM}(?:-{_SYM})*)+(?:/[a-zđ]+)?$")
STATE_NUMBER = re.compile(rf"^(\d+)(?:/\d{{4}})?/{_SYM}(?:-{_SYM})+$")

# A draft's header with the number left blank: `Số      -KH/HU`, `Số:      /KH-UBND`.
BLANK_NUMBER = re.compile(rf"(?m)^\s*Số:?[ \t.…]*[-/][ \t]*{_SYM}(?:[-/]{_SYM})+(?=\s|$)")

_HEAD_CHARS = 1500  # the header sits in the first lines; beyond them "Đảng Cộng sản" is body text


@dataclass
class Finding:
    """One element of the format and what the check found."""

    element: str
    label: str
    status: Status
    mandatory: bool
    value: str | None
    rule: str
    note: str | None = None


@dataclass
class LintReport:
    """All findings for one document, and whether it passes (no mandatory element missing)."""

    system: System
    system_reason: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.mandatory and f.status == "missing" for f in self.findings)

    def finding(self, element: str) -> Finding:
        return next(f for f in self.findings if f.element == element)

    def to_json(self) -> dict:
        return {
            "system": self.system,
            "system_reason": self.system_reason,
            "ok": self.ok,
            "findings": [asdict(f) for f in self.findings],
        }


def _squash(text: str) -> str:
    """Folded text with only letters and digits (the motto's dashes and spaces vary)."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def detect_system(doc: Document) -> tuple[System, str]:
    """Party or state format, and why: from the header lines, else the number's shape, else the issuer."""
    head = _squash(doc.text[:_HEAD_CHARS])
    if "conghoaxahoichunghiavietnam" in head:
        return "state", "có Quốc hiệu"
    if "dangcongsanvietnam" in head:
        return "party", "có tiêu đề Đảng Cộng sản Việt Nam"
    ns = (doc.number_symbol or "").replace(" ", "")
    if PARTY_NUMBER.match(ns):
        return "party", "số, ký hiệu kiểu văn bản Đảng"
    if STATE_NUMBER.match(ns):
        return "state", "số, ký hiệu kiểu văn bản nhà nước"
    issuer = fold(" ".join(x for x in (doc.issuer, doc.issuer_parent) if x))
    if re.search(r"\b(dang|tinh uy|huyen uy|thanh uy|trung uong)\b", issuer):
        return "party", "tên cơ quan ban hành thuộc hệ thống Đảng"
    return "state", "mặc định (không thấy dấu hiệu văn bản Đảng)"


def _from_header(doc: Document, name: str) -> bool:
    """True when the field was read where the format puts it (not guessed from the preamble)."""
    return name not in doc.inferred


def _motto(doc: Document, system: System) -> tuple[Status, str | None, str | None]:
    head = _squash(doc.text[:_HEAD_CHARS])
    if system == "party":
        if "dangcongsanvietnam" in head:
            return "present", "ĐẢNG CỘNG SẢN VIỆT NAM", None
        # mass organisations print their own line there (FORMAT.md): ĐOÀN TNCS HỒ CHÍ MINH
        if "doantncshochiminh" in head:
            return "present", "ĐOÀN TNCS HỒ CHÍ MINH", "tiêu đề của tổ chức đoàn thể"
        return "missing", None, None
    if "conghoaxahoichunghiavietnam" not in head:
        return "missing", None, None
    if "doclaptudohanhphuc" not in head:
        return "malformed", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "thiếu tiêu ngữ Độc lập - Tự do - Hạnh phúc"
    return "present", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc", None


def _number(doc: Document, system: System) -> tuple[Status, str | None, str | None]:
    ns = (doc.number_symbol or "").replace(" ", "")
    if not ns or not _from_header(doc, "number_symbol"):
        blank = BLANK_NUMBER.search(doc.text[:_HEAD_CHARS])
        if blank:
            return "malformed", re.sub(r"\s+", " ", blank.group(0)).strip(), "số để trống (bản chưa cấp số)"
        return "missing", None, None
    if not doc.number or not re.match(r"^\d", ns):
        return "malformed", doc.number_symbol, "số để trống (bản chưa cấp số)"
    shape = PARTY_NUMBER if system == "party" else STATE_NUMBER
    m = shape.match(ns)
    if not m:
        other = STATE_NUMBER if system == "party" else PARTY_NUMBER
        why = (
            "dạng số/loại-cơ quan của văn bản nhà nước"
            if other is STATE_NUMBER
            else "dạng số-loại/cơ quan của văn bản Đảng"
        )
        if other.match(ns):
            return "malformed", doc.number_symbol, f"ký hiệu theo {why}"
        return "malformed", doc.number_symbol, "ký hiệu không đúng dạng"
    if len(m.group(1)) == 1:
        return "malformed", doc.number_symbol, "số nhỏ hơn 10 phải ghi số 0 phía trước"
    return "present", doc.number_symbol, None


def _place_date(doc: Document) -> tuple[Status, str | None, str | None]:
    place = doc.place if _from_header(doc, "place") else None
    date = doc.date if _from_header(doc, "date") else None
    value = ", ".join(x for x in (place, date_prose(date)) if x) or None  # as printed, never ISO
    if not place and not date:
        return "missing", None, None
    if not place:
        return "malformed", value, "thiếu địa danh"
    if not date:
        return "malformed", value, "thiếu ngày, tháng, năm"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return "malformed", value, "ngày ban hành không đủ ngày, tháng, năm (ngày để trống?)"
    return "present", value, None


def _type_title(doc: Document) -> tuple[Status, str | None, str | None]:
    value = " — ".join(x for x in (doc.doc_type, doc.title) if x) or None
    if not doc.doc_type and not doc.title:
        return "missing", None, None
    if not doc.doc_type:
        return "malformed", value, "thiếu tên loại văn bản"
    if not doc.title:
        return "malformed", value, "thiếu trích yếu nội dung"
    return "present", value, None


def _parent(doc: Document) -> tuple[Status, str | None, str | None]:
    if doc.doc_type != "Kế hoạch":
        return "not_applicable", None, "chỉ kiểm tra với Kế hoạch"
    imp = doc.implements
    if imp is None:
        return "missing", None, "không nêu văn bản cấp trên được thực hiện (kế hoạch độc lập?)"
    value = " ".join(x for x in (imp.doc_type, imp.number_symbol) if x)
    if imp.date:
        value += f" ngày {date_short(imp.date)}"
    if imp.issuer:
        value += f" của {imp.issuer}"
    lacks = [
        n
        for n, v in (("số, ký hiệu", imp.number_symbol), ("ngày", imp.date), ("cơ quan", imp.issuer))
        if not v
    ]
    if lacks:
        return "malformed", value, "căn cứ thiếu " + ", ".join(lacks)
    return "present", value, None


def _simple(value: str | None) -> tuple[Status, str | None, str | None]:
    return ("present" if value else "missing"), value, None


def lint_document(doc: Document) -> LintReport:
    """Check the mandatory elements of the document's format (Party or state)."""
    system, reason = detect_system(doc)
    issuer = doc.issuer if _from_header(doc, "issuer") else None
    recipients = [r.name for r in doc.recipients]
    checks: dict[str, tuple[Status, str | None, str | None]] = {
        "motto": _motto(doc, system),
        "issuer": _simple(issuer),
        "issuer_parent": _simple(doc.issuer_parent if _from_header(doc, "issuer_parent") else None),
        "number_symbol": _number(doc, system),
        "place_date": _place_date(doc),
        "type_title": _type_title(doc),
        "parent": _parent(doc),
        "recipients": _simple("; ".join(recipients) if recipients else None),
        "filing": _simple(doc.filing),
        "authority": _simple(doc.signer.authority),
        "position": _simple(doc.signer.position),
        "signer_name": _simple(doc.signer.name),
    }
    if doc.filing and not re.match(r"(?i)^lưu\b", doc.filing.strip()):
        checks["filing"] = ("malformed", doc.filing, "dòng lưu phải bắt đầu bằng “Lưu”")
    if not recipients and doc.addressees:
        # a letter names its addressees in Kính gửi; Nơi nhận then starts with "Như trên"
        checks["recipients"] = ("malformed", "; ".join(doc.addressees), "chỉ có Kính gửi, không có Nơi nhận")
    report = LintReport(system=system, system_reason=reason)
    for element, (status, value, note) in checks.items():
        report.findings.append(
            Finding(
                element=element,
                label=LABELS[element],
                status=status,
                mandatory=element in MANDATORY,
                value=value,
                rule=RULES[element][system],
                note=note,
            )
        )
    return report
