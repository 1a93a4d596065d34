"""DOCX reader: paragraphs and tables in document order, automatic numbering written out.

- Layout tables (at most 3 columns and 4 rows: the two-column header, the
  recipients | signature block) are read cell by cell, each cell's paragraphs as
  lines: the header comes out as `ĐẢNG BỘ …`, `ĐẢNG ỦY …`, `Số 39-KH/ĐUK`,
  `ĐẢNG CỘNG SẢN VIỆT NAM`, `Đà Lạt, ngày …`, the order a plan's text has when
  typed top to bottom, which parses best.
- Data tables (more rows or columns) give one line per row, cells separated by
  `COLUMN_GAP` (a run of spaces the normalizer splits at).
- Automatic numbering (`w:numPr`, on the paragraph or its style) is rendered from
  numbering.xml: `I.`, `1.`, `1.2.`, `a)`; bullets as `-` (or `+` for `o`/`◦`).
  Counters follow Word: one sequence per abstract list, restarted by `w:startOverride`
  and at each use of a higher level.
- Text boxes are read where they are anchored; deleted tracked changes and field
  codes are left out.
"""

from __future__ import annotations

import io
import re
import zipfile

from kehoach.errors import IngestError
from kehoach.ingest.archive import check_zip
from kehoach.ingest.base import COLUMN_GAP, RawText
from kehoach.ingest.legacy import decode_legacy, detect_legacy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LAYOUT_MAX_COLS = 3
_LAYOUT_MAX_ROWS = 4


def _ole_error(data: bytes, filename: str) -> IngestError:
    if "EncryptedPackage".encode("utf-16-le") in data:
        return IngestError(
            "Tệp Word được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi lưu lại dưới dạng .docx.",
            code="encrypted",
            path=filename or None,
        )
    return IngestError(
        "Tệp Word cũ (.doc, Word 97-2003) chưa được hỗ trợ: hãy mở bằng Word và lưu lại dưới dạng .docx.",
        code="unsupported",
        path=filename or None,
    )


def _corrupt(filename: str, why: str) -> IngestError:
    return IngestError(
        f"Tệp DOCX không hợp lệ ({why}): không đọc được. Hãy mở bằng Word và lưu lại, hoặc lấy lại bản gốc.",
        code="corrupt",
        path=filename or None,
    )


def _broken_part(exc: Exception, not_a_package: type[Exception]) -> str:
    """What is broken, in Vietnamese, from the error python-docx or lxml raised (never its class
    name or its English text: they mean nothing to the person who sent the file)."""
    from lxml import etree

    if isinstance(exc, etree.XMLSyntaxError):
        return "nội dung XML bên trong bị hỏng hoặc bị cắt cụt"
    if isinstance(exc, not_a_package):
        return "không phải gói tài liệu Word"
    if isinstance(exc, (zipfile.BadZipFile, EOFError)):
        return "tệp nén bị hỏng hoặc bị cắt cụt"
    if isinstance(exc, KeyError):
        return "thiếu một thành phần bắt buộc bên trong"
    if isinstance(exc, OSError):
        return "không đọc được một thành phần bên trong"
    return "cấu trúc bên trong không đúng chuẩn"


# --- numbering -----------------------------------------------------------------------------


def _roman(n: int) -> str:
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _bullet(text: str) -> str:
    return "+" if text.strip() in {"+", "o", "◦", "○", "\uf06f"} else "-"


class Numbering:
    """Word list definitions and the running counters that turn `w:numPr` into printed labels."""

    def __init__(self, numbering_el, styles_el) -> None:
        self.levels: dict[
            str, dict[int, tuple[int, str, str, bool]]
        ] = {}  # abstractId → lvl → (start, fmt, text, isLgl)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractId, {lvl: startOverride})
        self.style_num: dict[
            str, tuple[str | None, int | None, str | None]
        ] = {}  # styleId → (numId, ilvl, basedOn)
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if numbering_el is not None:
            for absn in numbering_el.iter(f"{W}abstractNum"):
                levels: dict[int, tuple[int, str, str, bool]] = {}
                for lvl in absn.iter(f"{W}lvl"):
                    ilvl = int(lvl.get(f"{W}ilvl", "0"))
                    start = _val(lvl.find(f"{W}start"), "1")
                    fmt = _val(lvl.find(f"{W}numFmt"), "decimal")
                    text = _val(lvl.find(f"{W}lvlText"), "")
                    levels[ilvl] = (
                        int(start) if start.isdigit() else 1,
                        fmt,
                        text,
                        lvl.find(f"{W}isLgl") is not None,
                    )
                self.levels[absn.get(f"{W}abstractNumId", "")] = levels
            for num in numbering_el.iter(f"{W}num"):
                overrides: dict[int, int] = {}
                for override in num.iter(f"{W}lvlOverride"):
                    start = _val(override.find(f"{W}startOverride"), "")
                    if start.isdigit():
                        overrides[int(override.get(f"{W}ilvl", "0"))] = int(start)
                self.nums[num.get(f"{W}numId", "")] = (_val(num.find(f"{W}abstractNumId"), ""), overrides)
        if styles_el is not None:
            for style in styles_el.iter(f"{W}style"):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                num_id = _val(num_pr.find(f"{W}numId"), None) if num_pr is not None else None
                ilvl = _val(num_pr.find(f"{W}ilvl"), None) if num_pr is not None else None
                based = _val(style.find(f"{W}basedOn"), None)
                self.style_num[style.get(f"{W}styleId", "")] = (num_id, int(ilvl) if ilvl else None, based)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        num_id = ilvl = None
        while style_id and style_id not in seen and style_id in self.style_num:
            seen.add(style_id)
            s_num, s_lvl, based = self.style_num[style_id]
            num_id = num_id or s_num
            ilvl = ilvl if ilvl is not None else s_lvl
            style_id = based
        return num_id, ilvl

    def label(self, p_el) -> str | None:
        """The printed label of paragraph `p_el` (advancing the counters), or None."""
        ppr = p_el.find(f"{W}pPr")
        num_id = ilvl_s = style_id = None
        if ppr is not None:
            num_pr = ppr.find(f"{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr.find(f"{W}numId"), None)
                ilvl_s = _val(num_pr.find(f"{W}ilvl"), None)
            style_id = _val(ppr.find(f"{W}pStyle"), None)
        s_num, s_lvl = self._style_numbering(style_id)
        num_id = num_id or s_num
        ilvl = int(ilvl_s) if ilvl_s and ilvl_s.isdigit() else (s_lvl or 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id)
        if not levels or ilvl not in levels:
            return None
        counters = self.counters.setdefault(abstract_id, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < 10:
                    counters[lvl] = start - 1
                    for deeper in range(lvl + 1, 10):
                        counters[deeper] = None
        start, fmt, text, _ = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if fmt == "bullet":
            return _bullet(text)
        legal = levels[ilvl][3]
        out = text
        for lvl in range(ilvl, -1, -1):  # %10 is not a thing: levels are 1-9
            if f"%{lvl + 1}" not in out:
                continue
            l_start, l_fmt, _, _ = levels.get(lvl, (1, "decimal", "", False))
            value = counters[lvl] if counters[lvl] is not None else l_start
            out = out.replace(
                f"%{lvl + 1}", _format_number(value, "decimal" if legal and lvl < ilvl else l_fmt)
            )
        return out.strip() or None


def _val(el, default):
    if el is None:
        return default
    return el.get(f"{W}val", default)


# --- text ----------------------------------------------------------------------------------


# TCVN3 fonts whose glyphs are all capitals (`.VnTimeH`, `.VnArialH`): the bytes are those of
# lower-case letters (TCVN3 has no toned capitals), so the capitals a reader sees exist only in
# the font's name. Their runs are marked here and set in capitals once decoded (`_set_caps`).
_CAPS_FONT = re.compile(r"^\.Vn\w*H$")
CAPS_ON, CAPS_OFF = "\ue000", "\ue001"  # private-use marks around such a run's text
_CAPS_SPAN = re.compile(f"{CAPS_ON}([^{CAPS_OFF}]*){CAPS_OFF}")
_CAPS_MARKS = re.compile(f"[{CAPS_ON}{CAPS_OFF}]")


def _font(rpr) -> str | None:
    fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi")


def _set_caps(text: str) -> str:
    """Runs set in a capitals-only font, in capitals; the marks removed."""
    if CAPS_ON not in text:
        return text
    return _CAPS_SPAN.sub(lambda m: m.group(1).upper(), text).replace(CAPS_ON, "").replace(CAPS_OFF, "")


def _run_text(el, out: list[str], boxes: list[list[str]], caps: bool = False) -> None:
    """Append the visible text under `el` (a paragraph or part of one) to `out`; `caps`: the
    paragraph's style sets a capitals-only legacy font."""
    for child in el:
        tag = child.tag
        if tag == f"{W}r":
            font = _font(child.find(f"{W}rPr"))
            run_caps = bool(_CAPS_FONT.match(font)) if font else caps
            start = len(out)
            _run_text(child, out, boxes, caps)
            if run_caps and "".join(out[start:]).strip():
                out.insert(start, CAPS_ON)
                out.append(CAPS_OFF)
        elif tag == f"{W}t":
            out.append(child.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}softHyphen":
            out.append("\xad")  # the TCVN3 byte for `ư`; dropped below when the text is Unicode
        elif (
            tag in (f"{W}delText", f"{W}instrText", f"{W}pPr", f"{W}rPr", f"{W}del") or tag == f"{MC}Fallback"
        ):
            continue
        elif tag == f"{W}txbxContent":
            box: list[str] = []
            for p in child.iter(f"{W}p"):
                parts: list[str] = []
                _run_text(p, parts, boxes, caps)
                box.append("".join(parts))
            boxes.append(box)
        else:
            _run_text(child, out, boxes, caps)


def _caps_styles(styles_el) -> set[str]:
    """Paragraph styles whose font (their own or inherited through `basedOn`) is capitals-only."""
    if styles_el is None:
        return set()
    fonts: dict[str, tuple[str | None, str | None]] = {}
    for style in styles_el.iter(f"{W}style"):
        fonts[style.get(f"{W}styleId", "")] = (
            _font(style.find(f"{W}rPr")),
            _val(style.find(f"{W}basedOn"), None),
        )
    caps: set[str] = set()
    for sid in fonts:
        seen, cur = set(), sid
        while cur in fonts and cur not in seen:
            seen.add(cur)
            font, cur = fonts[cur][0], fonts[cur][1]
            if font:
                if _CAPS_FONT.match(font):
                    caps.add(sid)
                break
    return caps


_LABEL_TAB = re.compile(r"^\s*(?:[IVXLC]+[.-]|\d+(?:\.\d+)*[.-]?|[a-zđ][).]|[-+•])\t+")


def _tabs_to_gaps(line: str) -> str:
    """Tabs after a list label become a space; tabs between text fragments a column gap."""
    if "\t" not in line:
        return line
    m = _LABEL_TAB.match(line)
    if m:
        line = m.group().rstrip("\t").lstrip() + " " + line[m.end() :]
    line = line.strip(" \t")
    return re.sub(r"[ ]*\t[\t ]*", COLUMN_GAP, line)


class _Reader:
    def __init__(self, numbering: Numbering, styles_el=None) -> None:
        self.numbering = numbering
        self.tables = 0
        self.caps_styles = _caps_styles(styles_el)

    def paragraph(self, p_el) -> list[str]:
        parts: list[str] = []
        boxes: list[list[str]] = []
        style = p_el.find(f"{W}pPr/{W}pStyle")
        _run_text(p_el, parts, boxes, _val(style, None) in self.caps_styles)
        text = "".join(parts)
        label = self.numbering.label(p_el)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        lines = [line for box in boxes for line in box if line.strip()]
        lines.extend(_tabs_to_gaps(line) for line in text.split("\n"))
        return lines

    def block(self, el) -> list[str]:
        """Lines of a body-like element (body, cell, content control) in document order."""
        lines: list[str] = []
        for child in el:
            if child.tag == f"{W}p":
                lines.extend(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                lines.extend(self.table(child))
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                lines.extend(self.block(content if content is not None else child))
        return lines

    def table(self, tbl) -> list[str]:
        self.tables += 1
        rows: list[list[list[str]]] = []
        for tr in tbl.iter(f"{W}tr"):
            if tr.getparent() is not tbl:  # rows of nested tables are read with their cell
                continue
            cells: list[list[str]] = []
            for tc in tr.iter(f"{W}tc"):
                if tc.getparent() is not tr:
                    continue
                vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                if vmerge is not None and _val(vmerge, "continue") != "restart":
                    continue  # the lower part of a vertically merged cell: its text is above
                cells.append([line for line in self.block(tc)])
            rows.append(cells)
        n_cols = max((len(r) for r in rows), default=0)
        lines: list[str] = []
        if n_cols <= _LAYOUT_MAX_COLS and len(rows) <= _LAYOUT_MAX_ROWS:
            for cells in rows:
                for cell in cells:
                    lines.extend(line for line in cell if line.strip())
        else:
            for cells in rows:
                texts = [" ".join(line.strip() for line in cell if line.strip()) for cell in cells]
                if any(texts):
                    lines.append(COLUMN_GAP.join(t or "-" for t in texts))
        lines.append("")
        return lines


def read_docx(data: bytes, filename: str = "") -> RawText:
    """Read a .docx into a `RawText` (see module doc for tables and numbering)."""
    if data.startswith(OLE_MAGIC):
        raise _ole_error(data, filename)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _corrupt(filename, "không phải tệp nén ZIP của Word")
    try:
        names = {info.filename for info in check_zip(data, filename)}  # sizes checked before unpacking
    except IngestError as exc:
        if exc.code == "corrupt":
            raise _corrupt(filename, "tệp nén bị hỏng") from exc
        raise
    if "word/document.xml" not in names:
        raise IngestError(
            "Tệp nén này không phải văn bản Word .docx (không có word/document.xml).",
            code="unsupported",
            path=filename or None,
        )
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        try:
            numbering_el = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            numbering_el = None
        styles_el = document.styles.element
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx raise many kinds on broken parts
        raise _corrupt(filename, _broken_part(exc, PackageNotFoundError)) from exc

    warnings: list[str] = []
    reader = _Reader(Numbering(numbering_el, styles_el), styles_el)
    try:
        lines = reader.block(body)
    except RecursionError as exc:
        raise _corrupt(filename, "lồng bảng quá sâu") from exc
    # Collapse runs of blank lines, trim trailing spaces.
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    text = "\n".join(out).strip("\n")
    encoding = None
    legacy, _ = detect_legacy(text)
    if legacy is not None:
        text = decode_legacy(text, legacy)
        encoding = legacy
        warnings.append(f"Văn bản Word dùng font bảng mã cũ {legacy.upper()}; đã chuyển sang Unicode.")
    else:
        text = text.replace("\xad", "")
    # a capitals-only font draws capitals only for TCVN3 bytes; a Unicode text keeps its letters
    text = _set_caps(text) if legacy == "tcvn3" else _CAPS_MARKS.sub("", text)
    if not any(c.isalpha() for c in text):
        warnings.append("Tệp Word không có chữ nào.")
    return RawText(
        text=text,
        format="docx",
        sha256="",
        size=len(data),
        encoding=encoding,
        warnings=warnings,
        method="text",
    )
