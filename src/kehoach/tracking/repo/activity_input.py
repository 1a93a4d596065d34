"""Activities as a unit enters them: one `ActivityInput` per activity (a form, a CSV or XLSX row)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from kehoach.errors import TrackingError
from kehoach.tracking import progress as prog
from kehoach.vntext import fold

FORMS = {
    "bai bao": "bài báo",
    "phat thanh": "phát thanh",
    "truyen hinh": "truyền hình",
    "bai dang": "bài đăng trên trang của đơn vị",
    "hoi nghi": "hội nghị",
    "trung bay": "trưng bày, cổ động trực quan",
    "co dong": "trưng bày, cổ động trực quan",
    "cuoc thi": "cuộc thi",
    "tap huan": "tập huấn",
    "van ban": "văn bản",
    "khac": "khác",
}
"""The forms of an activity, by their folded key words."""


@dataclass
class ActivityInput:
    """One activity as entered (API, CSV row, XLSX row)."""

    date: str
    unit: str
    items: list[str]
    form: str
    quantity: int = 1
    evidence: str | None = None
    status: str = prog.DONE


_HEADERS = {
    "ngay": "date",
    "date": "date",
    "don vi": "unit",
    "unit": "unit",
    "muc": "items",
    "items": "items",
    "hinh thuc": "form",
    "form": "form",
    "so luong": "quantity",
    "quantity": "quantity",
    "minh chung": "evidence",
    "evidence": "evidence",
    "trang thai": "status",
    "status": "status",
}
_STATUS_WORDS = {
    "hoan thanh": prog.DONE,
    "done": prog.DONE,
    "dang thuc hien": prog.UNDER_WAY,
    "under_way": prog.UNDER_WAY,
}


def read_activity_table(path: str | Path) -> list[ActivityInput]:
    """Rows of a CSV (UTF-8) or XLSX activity sheet (columns: ngày, đơn vị, mục, hình thức, số lượng,
    minh chứng, trạng thái); a bad row raises with its line number."""
    p = Path(path)
    rows = _sheet_rows(p)
    if not rows:
        raise TrackingError(f"{p.name}: tệp trống.", code="bad_format")
    cols = [_HEADERS.get(" ".join(fold(str(h)).split())) for h in rows[0]]
    missing = {"date", "unit", "items", "form"} - set(cols)
    if missing:
        raise TrackingError(f"{p.name}: thiếu cột {', '.join(sorted(missing))}.", code="bad_format")
    out = []
    for line, raw in enumerate(rows[1:], start=2):
        if not any(str(v).strip() for v in raw):
            continue
        rec = {c: raw[i] for i, c in enumerate(cols) if c and i < len(raw)}
        day = _iso_date(rec["date"])
        try:
            qty = int(str(rec.get("quantity") or 1).strip())
        except ValueError:
            raise TrackingError(
                f"{p.name}, dòng {line}: số lượng không phải số: '{rec.get('quantity')}'.",
                code="bad_activity",
            ) from None
        status_word = " ".join(fold(str(rec.get("status") or "hoàn thành")).split())
        if status_word not in _STATUS_WORDS:
            raise TrackingError(
                f"{p.name}, dòng {line}: trạng thái lạ '{rec.get('status')}'.", code="bad_activity"
            )
        out.append(
            ActivityInput(
                date=day,
                unit=str(rec["unit"]).strip(),
                items=[x.strip() for x in re.split(r"[;,]", str(rec["items"])) if x.strip()],
                form=str(rec["form"]).strip(),
                quantity=qty,
                evidence=(str(rec.get("evidence") or "").strip() or None),
                status=_STATUS_WORDS[status_word],
            )
        )
    return out


def _sheet_rows(p: Path) -> list[list]:
    """The cells of a CSV or XLSX sheet, row by row (an empty XLSX cell as "")."""
    if p.suffix.lower() == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        return [["" if v is None else v for v in r] for r in wb.active.iter_rows(values_only=True)]
    if p.suffix.lower() == ".csv":
        return list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"))))
    raise TrackingError(f"{p.name}: chỉ nhận tệp .csv hoặc .xlsx.", code="bad_format")


def _iso_date(value: object) -> str:
    """A sheet's date as ISO: a spreadsheet date, `31/5/2022`, or the text as written."""
    d = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value).strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", d)
    if m:
        d = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return d
