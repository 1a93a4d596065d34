"""The report on a plan: "Báo cáo kết quả thực hiện Kế hoạch số …" as DOCX (python-docx).

`report_data` gathers the figures (also for a web page); `write_docx` lays them out in the
issuing body's format: a Party header (ĐẢNG CỘNG SẢN VIỆT NAM, Số …-BC/…) or a state header
(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, Số: …/BC-…), summary figures, a table per unit, the overdue
items, charts of completion by item and by unit (matplotlib PNG), the signature block.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kehoach.errors import KehoachError
from kehoach.model.document import Document
from kehoach.tracking import progress as prog
from kehoach.tracking.repo import Tracker

_PARTY_CODES = re.compile(r"/(?:TW|TU|HU|ĐUK|DUK|ĐU|DU|QU|TXU|BTGTW|BTCTW|BTG|BTC|ĐĐ|CB)\b", re.IGNORECASE)


@dataclass
class UnitRow:
    unit: str
    cells: list[tuple[str, str, str]]  # (node id, first duty, status)
    activities: int
    quantity: int


@dataclass
class ReportData:
    plan: Document
    plan_id: int
    start: str
    end: str
    unit_filter: str | None
    completion: float
    counts: dict[str, int]
    n_activities: int
    quantity: int
    by_item: list[tuple[str, float]]
    by_unit: list[tuple[str, float]]
    units: list[UnitRow] = field(default_factory=list)
    overdue: list[tuple[str, str, str | None]] = field(default_factory=list)  # (unit, node, due)


def is_party(doc: Document) -> bool:
    """A Party document (its number reads "39-KH/ĐUK"), not a state one ("125/KH-UBND")."""
    return bool(doc.symbol and _PARTY_CODES.search("/" + doc.symbol.split("/")[-1]))


def report_data(
    tracker: Tracker, plan_id: int, plan: Document, start: str, end: str, unit: str | None = None
) -> ReportData:
    """Figures of the report for the period [start, end] (progress counted up to `end`)."""
    for d in (start, end):
        try:
            date.fromisoformat(d)
        except ValueError:
            raise KehoachError(
                f"Ngày không hợp lệ trong kỳ báo cáo: '{d}' (cần dạng 2022-01-31).", code="bad_period"
            ) from None
    if start > end:
        raise KehoachError(f"Kỳ báo cáo ngược: {start} sau {end}.", code="bad_period")
    p = tracker.progress(as_of=end, until=end, plan=plan_id)
    duties = tracker.duties_of(plan_id)
    first_duty = {(d["node_id"], d["unit_id"]): (d["duties"][0] if d["duties"] else "") for d in duties}
    names: dict[int, str] = {}  # the name as this plan prints it
    for d in duties:
        if d["unit_id"] is not None:
            names.setdefault(d["unit_id"], d["unit"])
    if unit is not None and unit not in names.values():
        raise KehoachError(
            f"Đơn vị '{unit}' không được giao nhiệm vụ trong kế hoạch này.", code="unknown_unit"
        )
    acts = tracker.activities(plan_id, start, end)
    cells = [(node, u, st) for (d, node, u), st in p.status.items() if d == plan_id]
    if unit is not None:
        cells = [c for c in cells if names.get(c[1]) == unit]
        acts = [a for a in acts if names.get(a["unit_id"]) == unit]
    counts = {s: 0 for s in (prog.DONE, prog.UNDER_WAY, prog.NOT_STARTED, prog.OVERDUE)}
    for _n, _u, st in cells:
        counts[st] += 1
    items = sorted(
        {n for n, _u, _s in cells} | {n for (d, n) in p.item_value if d == plan_id and unit is None}
    )
    by_item = [(n, p.item_value.get((plan_id, n), 0.0)) for n in items]
    per_unit: dict[int, list[str]] = defaultdict(list)
    for _n, u, st in cells:
        per_unit[u].append(st)
    by_unit = sorted(
        ((names.get(u, str(u)), sum(s == prog.DONE for s in v) / len(v)) for u, v in per_unit.items()),
        key=lambda x: x[0],
    )
    n_act: dict[int, int] = defaultdict(int)
    qty: dict[int, int] = defaultdict(int)
    for a in acts:
        n_act[a["unit_id"]] += 1
        qty[a["unit_id"]] += a["quantity"]
    rows = []
    order = {d["unit_id"]: i for i, d in reversed(list(enumerate(duties)))}
    for u in sorted(per_unit, key=lambda x: order.get(x, 0)):
        mine = sorted((n, first_duty.get((n, u), ""), st) for n, uu, st in cells if uu == u)
        rows.append(UnitRow(names.get(u, str(u)), mine, n_act[u], qty[u]))
    due = {(d["node_id"], d["unit_id"]): d["due"] for d in duties}
    overdue = sorted((names.get(u, str(u)), n, due.get((n, u))) for n, u, st in cells if st == prog.OVERDUE)
    completion = (
        sum(v for _n, v in by_item) / len(by_item)
        if unit is None and by_item
        else (counts[prog.DONE] / len(cells) if cells else 0.0)
    )
    if unit is None and plan_id in p.plan_value:
        completion = p.plan_value[plan_id]
    return ReportData(
        plan=plan,
        plan_id=plan_id,
        start=start,
        end=end,
        unit_filter=unit,
        completion=completion,
        counts=counts,
        n_activities=len(acts),
        quantity=sum(a["quantity"] for a in acts),
        by_item=by_item,
        by_unit=by_unit,
        units=rows,
        overdue=overdue,
    )


def chart_png(pairs: list[tuple[str, float]], title: str) -> bytes:
    """A horizontal bar chart (percent complete) as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [p[0][:40] for p in pairs] or ["—"]
    values = [round(100 * p[1], 1) for p in pairs] or [0.0]
    fig, ax = plt.subplots(figsize=(6.5, 0.35 * len(labels) + 1.2), dpi=110)
    ax.barh(labels[::-1], values[::-1], color="#2b6cb0")
    ax.set_xlim(0, 100)
    ax.set_xlabel("% hoàn thành")
    ax.set_title(title)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _vn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d):02d}/{int(m):02d}/{y}"


def _plan_ref(plan: Document) -> str:
    ref = f"Kế hoạch số {plan.number_symbol or '…'}"
    if plan.date and len(plan.date) == 10:
        ref += f", ngày {_vn_date(plan.date)}"
    if plan.issuer:
        ref += f" của {plan.issuer}"
    return ref


def write_docx(data: ReportData, out: str | Path, today: str | None = None) -> Path:
    """Lay the report out as a DOCX in the issuing body's format."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    plan = data.plan
    party = is_party(plan)
    today = today or date.today().isoformat()
    y, m, d = today.split("-")
    when = f"ngày {d} tháng {int(m):02d} năm {y}"
    when = f"{plan.place}, {when}" if plan.place else when
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    issuer = (plan.issuer or "").upper()
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    if party:
        symbol = (
            re.sub(r"^KH", "BC", (plan.symbol or "BC").split("/")[0])
            + "/"
            + (plan.symbol or "BC/").split("/")[-1]
        )
        left_lines = [x for x in ((plan.issuer_parent or "").upper(), issuer, "*", f"Số      -{symbol}") if x]
        right_lines = ["ĐẢNG CỘNG SẢN VIỆT NAM", when]
    else:
        symbol = re.sub(r"^KH", "BC", plan.symbol or "BC")
        left_lines = [issuer, f"Số:      /{symbol}"]
        right_lines = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            when,
        ]
    left.text = "\n".join(left_lines)
    right.text = "\n".join(right_lines)
    for cell in (left, right):
        for par in cell.paragraphs:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def para(text: str, bold: bool = False, center: bool = False) -> None:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    para("BÁO CÁO", bold=True, center=True)
    title = f"Kết quả thực hiện Kế hoạch số {plan.number_symbol or '…'}"
    if plan.title:
        title += f" về {plan.title[:1].lower() + plan.title[1:]}"
    para(title, bold=True, center=True)
    scope = f" của {data.unit_filter}" if data.unit_filter else ""
    para(
        f"Thực hiện {_plan_ref(plan)}, {plan.issuer or 'cơ quan ban hành'} báo cáo kết quả thực hiện{scope} "
        f"từ ngày {_vn_date(data.start)} đến ngày {_vn_date(data.end)} như sau:"
    )
    para("I. KẾT QUẢ THỰC HIỆN", bold=True)
    para("1. Số liệu chung", bold=True)
    c = data.counts
    total = sum(c.values())
    para(f"- Mức độ hoàn thành chung của Kế hoạch: {100 * data.completion:.1f}%.")
    para(
        f"- Số nhiệm vụ được giao cho các đơn vị: {total}; hoàn thành {c[prog.DONE]}; đang thực hiện "
        f"{c[prog.UNDER_WAY]}; chưa thực hiện {c[prog.NOT_STARTED]}; quá hạn {c[prog.OVERDUE]}."
    )
    para(
        f"- Số hoạt động các đơn vị đã báo cáo trong kỳ: {data.n_activities} (tổng số lượng {data.quantity})."
    )
    para("2. Kết quả theo từng đơn vị", bold=True)
    for row in data.units:
        para(f"- {row.unit}: {row.activities} hoạt động, số lượng {row.quantity}.")
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Mục", "Nhiệm vụ", "Tình trạng"), strict=True):
            cell.text = text
        for node, duty, st in row.cells:
            cells = table.add_row().cells
            cells[0].text = node
            cells[1].text = duty[:160]
            cells[2].text = prog.STATUS_LABELS[st]
        for r in table.rows:  # Mục narrow, Nhiệm vụ wide
            for cell, width in zip(r.cells, (Cm(2.2), Cm(10.3), Cm(3.5)), strict=True):
                cell.width = width
    para("II. NHIỆM VỤ QUÁ HẠN", bold=True)
    if data.overdue:
        for unit, node, due in data.overdue:
            para(f"- {unit}: mục {node}" + (f", hạn {_vn_date(due)}" if due else "") + ".")
    else:
        para("- Không có nhiệm vụ quá hạn.")
    para("III. BIỂU ĐỒ TIẾN ĐỘ", bold=True)
    for pairs, name in ((data.by_item, "Tiến độ theo mục"), (data.by_unit, "Tiến độ theo đơn vị")):
        doc.add_picture(io.BytesIO(chart_png(pairs, name)), width=Pt(420))
        para(name, center=True)
    para("Nơi nhận:", bold=True)
    para(f"- {plan.issuer or 'Cơ quan ban hành kế hoạch'} (báo cáo);")
    para("- Lưu VT.")
    signer = plan.signer
    for line in (signer.authority, signer.position):
        if line:
            para(line, bold=True, center=True)
    if signer.name:
        para(signer.name, bold=True, center=True)
    out = Path(out)
    doc.save(str(out))
    return out
