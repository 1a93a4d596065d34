"""Render a plan's text into the files real plans arrive as: PDF and DOCX with two-column blocks.

Shared by the ingest round-trip tests, the benchmarks and the web upload tests.

`split_layout(text)` cuts a plan into the blocks a printed plan lays out side by
side: the header (issuing body and number on the left, the Party line and
place/date on the right) and the closing (recipients on the left, signature on
the right). `build_pdf` draws them with fpdf2 and DejaVu Sans (Debian package
`fonts-dejavu-core`) as two real columns; `build_docx` puts them in two-column
tables, as clerks do. Both take a `Layout` or a text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_SANS = DEJAVU_DIR / "DejaVuSans.ttf"
DEJAVU_SANS_BOLD = DEJAVU_DIR / "DejaVuSans-Bold.ttf"
FONT_MISSING = (
    f"needs the DejaVu Sans font at {DEJAVU_SANS} (Debian/Ubuntu: apt-get install fonts-dejavu-core; "
    "scripts/test-setup.sh installs it)"
)

_DOC_TYPE = re.compile(
    r"^(?:KẾ HOẠCH|NGHỊ QUYẾT|CHỈ THỊ|KẾT LUẬN|QUYẾT ĐỊNH|QUY ĐỊNH|HƯỚNG DẪN|THÔNG BÁO|BÁO CÁO|"
    r"CHƯƠNG TRÌNH|CÔNG VĂN|TỜ TRÌNH|QUY CHẾ)$"
)
_RIGHT_HEADER = re.compile(
    r"^(?:ĐẢNG CỘNG SẢN|CỘNG H[OÒ]A|Độc lập|ĐOÀN TNCS)|ngày .* tháng .* năm", re.IGNORECASE
)
_AUTHORITY = re.compile(r"^[*_\s]*(?:T/M|K/T|T/L|T/UQ|TM\.|KT\.|TL\.|TUQ\.|Q\.)", re.IGNORECASE)
_NAME = re.compile(
    r"^[*_]*(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ-ỹ][^\s\d,.;:()]*\s+){1,4}[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ-ỹ][^\s\d,.;:()]*[*_]*$"
)
_GAP = re.compile(r"\s{4,}")


def dejavu_available() -> bool:
    """Whether the DejaVu Sans font the renderers need is installed."""
    return DEJAVU_SANS.exists()


@dataclass
class Layout:
    """A plan cut into the blocks a printed plan lays out; column blocks are lists of lines."""

    header_left: list[str] = field(default_factory=list)
    header_right: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # one entry per paragraph (or printed line)
    recipients: list[str] = field(default_factory=list)  # `Nơi nhận:` and its `- …` lines
    signature: list[str] = field(default_factory=list)  # authority, position …, name (last)
    tail: list[str] = field(default_factory=list)  # annexes after the signature

    @property
    def doc_type_index(self) -> int | None:
        """Index in `body` of the document-type line (`KẾ HOẠCH`), if any."""
        return next((i for i, line in enumerate(self.body) if _DOC_TYPE.match(line)), None)


def _is_caps(fragment: str) -> bool:
    letters = [c for c in fragment if c.isalpha()]
    return bool(letters) and fragment == fragment.upper()


def split_layout(text: str) -> Layout:
    """Cut `text` into header columns, body, closing columns and tail (by simple line rules)."""
    lines: list[str] = []
    for raw in unicodedata.normalize("NFC", text).splitlines():
        lines.extend(part.strip() for part in _GAP.split(raw.strip()) if part.strip())
    layout = Layout()
    doc_type = next((i for i, line in enumerate(lines) if _DOC_TYPE.match(line)), None)
    start = 0
    if doc_type:
        for line in lines[:doc_type]:
            (layout.header_right if _RIGHT_HEADER.search(line) else layout.header_left).append(line)
        start = doc_type
    closing = next((i for i in range(start, len(lines)) if lines[i].startswith("Nơi nhận")), None)
    if closing is None:
        layout.body = lines[start:]
        return layout
    layout.body = lines[start:closing]
    i = closing
    in_signature = False
    while i < len(lines):
        line = lines[i]
        if _AUTHORITY.match(line) or (in_signature and _is_caps(line)):
            layout.signature.append(line)
            in_signature = True
        elif in_signature and _NAME.match(line):
            layout.signature.append(line)
            i += 1
            break
        elif not in_signature and layout.signature and _is_caps(line):
            layout.signature.append(line)  # a position line met while recipients continue
        else:
            layout.recipients.append(line)
            if not _AUTHORITY.match(line) and line.lstrip("- ").startswith("Lưu"):
                in_signature = bool(layout.signature)
        i += 1
    layout.tail = lines[i:]
    return layout


def _as_layout(doc: Layout | str) -> Layout:
    return doc if isinstance(doc, Layout) else split_layout(doc)


# --- PDF ---------------------------------------------------------------------------

_PAGE_W = 210.0
_MARGIN = 20.0
_LINE_H = 6.0


def build_pdf(
    doc: Layout | str,
    path: str | Path,
    *,
    font_size: float = 12,
    justify: bool = True,
    page_numbers: bool = False,
) -> Path:
    """Write `doc` as an A4 PDF: two-column header and closing, body wrapped to the page.

    With `page_numbers`, each page but the first carries its number centred at the top,
    as Party documents print them. Needs fpdf2 and DejaVu Sans (`dejavu_available()`).
    """
    from fpdf import FPDF

    class _PDF(FPDF):
        def header(self) -> None:
            if page_numbers and self.page_no() > 1:
                self.set_font("DejaVu", "", font_size - 1)
                self.set_y(8)
                self.cell(0, 6, str(self.page_no()), align="C")
                self.set_y(_MARGIN)

    layout = _as_layout(doc)
    pdf = _PDF(format="A4", unit="mm")
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=_MARGIN)
    pdf.add_font("DejaVu", "", str(DEJAVU_SANS))
    bold = "B" if DEJAVU_SANS_BOLD.exists() else ""
    if bold:
        pdf.add_font("DejaVu", "B", str(DEJAVU_SANS_BOLD))
    pdf.add_page()
    pdf.set_font("DejaVu", "", font_size)
    width = _PAGE_W - 2 * _MARGIN

    def columns(
        left: list[str], right: list[str], left_w: float, align_last: bool, blank_before_last: int
    ) -> None:
        """Two columns drawn row by row: left lines at x=margin, right lines in the right column."""
        right_rows: list[str | None] = list(right)
        if align_last and right and len(left) > len(right):  # place/date beside the number line
            right_rows = [*right[:-1], *([None] * (len(left) - len(right))), right[-1]]
        if blank_before_last and right:  # room for the signature above the signer's name
            right_rows = [*right_rows[:-1], *([None] * blank_before_last), right_rows[-1]]
        rows = max(len(left), len(right_rows))
        for r in range(rows):
            if pdf.will_page_break(_LINE_H):
                pdf.add_page()
            y = pdf.get_y()
            if r < len(left):
                pdf.set_xy(_MARGIN, y)
                pdf.cell(left_w, _LINE_H, left[r], align="L" if left is layout.recipients else "C")
            if r < len(right_rows) and right_rows[r] is not None:
                pdf.set_xy(_MARGIN + left_w, y)
                pdf.cell(width - left_w, _LINE_H, right_rows[r], align="C")
            pdf.set_xy(_MARGIN, y + _LINE_H)

    if layout.header_left or layout.header_right:
        pdf.set_font("DejaVu", bold, font_size - 1)
        columns(layout.header_left, layout.header_right, width * 0.45, align_last=True, blank_before_last=0)
        pdf.ln(_LINE_H)
    pdf.set_font("DejaVu", "", font_size)
    title_until = -1
    dt = layout.doc_type_index
    if dt is not None:  # the type and the title block are centred, up to the rule or the preamble
        title_until = dt
        while title_until + 1 < len(layout.body) and len(layout.body[title_until + 1]) < 90:
            nxt = layout.body[title_until + 1]
            if nxt.startswith(("Thực hiện", "Căn cứ", "căn cứ")) or nxt[:1].isdigit():
                break
            title_until += 1
            if set(nxt) <= {"-", "_", "*"}:
                break
    for i, para in enumerate(layout.body):
        if dt is not None and dt <= i <= title_until:
            pdf.set_font("DejaVu", bold if i == dt else "", font_size + 1 if i == dt else font_size)
            pdf.multi_cell(width, _LINE_H, para, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", font_size)
            continue
        pdf.multi_cell(width, _LINE_H, para, align="J" if justify else "L", new_x="LMARGIN", new_y="NEXT")
    if layout.recipients or layout.signature:
        pdf.ln(_LINE_H)
        if pdf.will_page_break(_LINE_H * 4):
            pdf.add_page()
        pdf.set_font("DejaVu", "", font_size - 2)
        columns(layout.recipients, layout.signature, width * 0.5, align_last=False, blank_before_last=3)
        pdf.set_font("DejaVu", "", font_size)
    if layout.tail:
        pdf.add_page()
        for para in layout.tail:
            pdf.multi_cell(width, _LINE_H, para, align="J" if justify else "L", new_x="LMARGIN", new_y="NEXT")
    out = Path(path)
    pdf.output(str(out))
    return out


def build_image_pdf(path: str | Path) -> Path:
    """A one-page PDF holding only an image (a 'scan'): no text layer at all."""
    import io
    import struct
    import zlib

    from fpdf import FPDF

    def png(w: int, h: int) -> bytes:
        rows = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(w)) for y in range(h))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b"")
        )

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.image(io.BytesIO(png(200, 280)), x=10, y=10, w=190)
    out = Path(path)
    pdf.output(str(out))
    return out


# --- DOCX --------------------------------------------------------------------------

_LABEL = re.compile(r"^(?P<label>[IVXLC]+[.-]|\d+(?:\.\d+)*[.-]|[a-zđ]\)|[-+])\s+(?P<rest>.*)$")


def build_docx(doc: Layout | str, path: str | Path, *, auto_numbering: bool = False) -> Path:
    """Write `doc` as a DOCX: header and closing in two-column borderless tables, body as paragraphs.

    With `auto_numbering`, labels of Roman sections (`I.`), items (`1.`), lettered items
    (`a)`) and bullets (`-`) are taken out of the text and produced by Word's automatic
    numbering instead (numbering.xml), as in documents typed with list styles.
    """
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    layout = _as_layout(doc)
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def table(left: list[str], right: list[str]) -> None:
        tbl = document.add_table(rows=1, cols=2)
        for cell, lines in zip(tbl.rows[0].cells, (left, right), strict=True):
            cell.paragraphs[0].text = lines[0] if lines else ""
            for line in lines[1:]:
                cell.add_paragraph(line)

    if layout.header_left or layout.header_right:
        table(layout.header_left, layout.header_right)
    numbering = _Numbering(document) if auto_numbering else None
    dt = layout.doc_type_index
    for i, para in enumerate(layout.body):
        p = document.add_paragraph()
        if dt is not None and i == dt:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(para).bold = True
            continue
        m = _LABEL.match(para) if numbering else None
        if numbering and m and numbering.apply(p, m.group("label")):
            p.add_run(m.group("rest"))
        else:
            p.add_run(para)
    if layout.recipients or layout.signature:
        table(layout.recipients, layout.signature)
    for para in layout.tail:
        document.add_paragraph(para)
    out = Path(path)
    document.save(str(out))
    return out


class _Numbering:
    """Word list definitions for plan labels: `I.`, `1.`, `a)`, `-` (one level each)."""

    FORMATS = {  # kind → (numFmt, lvlText)
        "roman": ("upperRoman", "%1."),
        "decimal": ("decimal", "%1."),
        "letter": ("lowerLetter", "%1)"),
        "bullet": ("bullet", "-"),
    }

    def __init__(self, document) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        self._parse_xml, self._nsdecls = parse_xml, nsdecls
        self.numbering = document.part.numbering_part.element
        self.num_ids: dict[str, int] = {}
        self.current: dict[str, int] = {}  # kind → numId of the list in progress
        self._next_num = 1000
        for offset, (kind, (fmt, text)) in enumerate(self.FORMATS.items()):
            abstract_id = 900 + offset
            xml = (
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                f'<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
                f"</w:abstractNum>"
            )
            first_num = self.numbering.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num"
            )
            element = parse_xml(xml)
            if first_num is not None:
                first_num.addprevious(element)
            else:
                self.numbering.append(element)
            self.num_ids[kind] = abstract_id

    def _new_num(self, kind: str) -> int:
        self._next_num += 1
        num_id = self._next_num
        xml = (
            f'<w:num {self._nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{self.num_ids[kind]}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
        self.numbering.append(self._parse_xml(xml))
        return num_id

    def apply(self, paragraph, label: str) -> bool:
        """Give `paragraph` the list numbering that prints `label`; False when it cannot."""
        if re.fullmatch(r"[IVXLC]+\.", label):
            kind, first = "roman", label == "I."
        elif re.fullmatch(r"\d+\.", label):
            kind, first = "decimal", label == "1."
        elif re.fullmatch(r"[a-z]\)", label):
            kind, first = "letter", label == "a)"
        elif label == "-":
            kind, first = "bullet", False
        else:
            return False
        if first or kind not in self.current:
            self.current[kind] = self._new_num(kind)
            if kind == "roman":  # a new section restarts the numbered items below it
                self.current.pop("decimal", None)
            if kind == "decimal":
                self.current.pop("letter", None)
        num_id = self.current[kind]
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            self._parse_xml(
                f'<w:numPr {self._nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
        return True
