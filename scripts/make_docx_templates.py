"""Build the two .docx templates shipped in `kehoach/export/templates/` (run once; the output is
committed and a clerk's office may edit it in Word, keeping the `{{ … }}` / `{%p … %}` tags).

- `dang.docx`: Party format, Hướng dẫn 36-HD/VPTW (2018): header table (superior body, issuing
  body in bold, `*`, number on the left; `ĐẢNG CỘNG SẢN VIỆT NAM` bold underlined and place-date
  in italics on the right), type and title centred, Times New Roman, A4 with margins
  20/20/30/15 mm (top/bottom/left/right), recipients | signature table.
- `nhanuoc.docx`: state format, Nghị định 30/2020/NĐ-CP Phụ lục I: national motto and slogan on
  the right, `Số: …` under the issuing body, place-date in italics, the same body and closing.

Usage: python scripts/make_docx_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "src" / "kehoach" / "export" / "templates"
FONT = "Times New Roman"


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    for name, bold, italic, size, align, indent, before in (
        ("KH Dau", False, False, 14, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
        ("KH Ten loai", True, False, 15, WD_ALIGN_PARAGRAPH.CENTER, None, 12),
        ("KH Trich yeu", True, False, 14, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
        ("KH Noi dung", False, False, 14, WD_ALIGN_PARAGRAPH.JUSTIFY, Mm(10), 6),
        ("KH Muc", True, False, 14, WD_ALIGN_PARAGRAPH.JUSTIFY, Mm(10), 6),
        ("KH Noi nhan", False, False, 12, WD_ALIGN_PARAGRAPH.LEFT, None, 0),
        ("KH Ky", True, False, 14, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    ):
        st = doc.styles.add_style(name, 1)
        st.base_style = normal
        st.font.bold = bold
        st.font.italic = italic
        st.font.size = Pt(size)
        st.paragraph_format.alignment = align
        st.paragraph_format.space_before = Pt(before)
        if indent is not None:
            st.paragraph_format.first_line_indent = indent


def _page(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)


def _cell_lines(cell, lines) -> None:
    """Fill a cell with (text, style, bold, italic, underline) lines."""
    first = True
    for text, style, bold, italic, underline in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.style = style
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline


def _body(doc) -> None:
    doc.add_paragraph("{{ doc_type_upper }}", style="KH Ten loai")
    doc.add_paragraph("{{ title }}", style="KH Trich yeu")
    doc.add_paragraph("-----", style="KH Trich yeu")
    doc.add_paragraph("{{ preamble }}", style="KH Noi dung")
    doc.add_paragraph("{%p for n in nodes %}", style="KH Noi dung")
    doc.add_paragraph("{%p if n.bold %}", style="KH Noi dung")
    doc.add_paragraph("{{ n.text }}", style="KH Muc")
    doc.add_paragraph("{%p else %}", style="KH Noi dung")
    doc.add_paragraph("{{ n.text }}", style="KH Noi dung")
    doc.add_paragraph("{%p endif %}", style="KH Noi dung")
    doc.add_paragraph("{%p endfor %}", style="KH Noi dung")
    doc.add_paragraph("{{ closing }}", style="KH Noi dung")
    doc.add_paragraph("", style="KH Noi dung")


def _foot(doc, state: bool) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _cell_lines(left, [("Nơi nhận:", "KH Noi nhan", state, state, not state)])
    for text in ("{%p for r in recipients %}", "- {{ r }}", "{%p endfor %}"):
        left.add_paragraph(text, style="KH Noi nhan")
    _cell_lines(
        right,
        [
            ("{{ authority }}", "KH Ky", True, False, False),
            ("{{ position }}", "KH Ky", True, False, False),
            ("", "KH Ky", False, False, False),
            ("", "KH Ky", False, False, False),
            ("", "KH Ky", False, False, False),
            ("{{ signer }}", "KH Ky", True, False, False),
        ],
    )


def _widths(table, left_mm: int, right_mm: int) -> None:
    """Fixed column widths: the right cell holds the title line on one row (36-HD/VPTW Phụ lục 1)."""
    table.autofit = False
    for col, mm in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), (left_mm, right_mm), strict=True):
        col.set(qn("w:w"), str(int(Mm(mm).twips)))
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(left_mm), Mm(right_mm)


def build(state: bool) -> Path:
    doc = Document()
    _styles(doc)
    _page(doc)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, 80, 85)
    left, right = table.rows[0].cells
    if state:
        _cell_lines(
            left,
            [
                ("{{ superior }}", "KH Dau", False, False, False),
                ("{{ issuer }}", "KH Dau", True, False, False),
                ("{{ number_line }}", "KH Dau", False, False, False),
            ],
        )
        _cell_lines(
            right,
            [
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KH Dau", True, False, False),
                ("Độc lập - Tự do - Hạnh phúc", "KH Dau", True, False, True),
                ("{{ place_date }}", "KH Dau", False, True, False),
            ],
        )
    else:
        _cell_lines(
            left,
            [
                ("{{ superior }}", "KH Dau", False, False, False),
                ("{{ issuer }}", "KH Dau", True, False, False),
                ("*", "KH Dau", False, False, False),
                ("{{ number_line }}", "KH Dau", False, False, False),
            ],
        )
        _cell_lines(
            right,
            [
                ("ĐẢNG CỘNG SẢN VIỆT NAM", "KH Dau", True, False, True),
                ("{{ place_date }}", "KH Dau", False, True, False),
            ],
        )
    _body(doc)
    _foot(doc, state)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / ("nhanuoc.docx" if state else "dang.docx")
    doc.save(path)
    return path


if __name__ == "__main__":
    for state in (False, True):
        print(build(state))
