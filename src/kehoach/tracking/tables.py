"""Task tables (`Nội dung | Thời gian | Chủ trì | Phối hợp | Thực hiện`) of a plan.

The readers flatten tables into lines, which loses the columns; the columns are read again here
from the source file: a .docx with python-docx, a text PDF with pdfplumber (the ruled table of each
page; a table that goes on over pages under a repeated header is one table), a scanned PDF from its
page images (`scan_tables.py`: ruling lines, then each cell recognised on its own), and a Markdown
or web conversion from its pipe tables — either GitHub rows (`| a | b |`) or the one-cell-per-line
form of the thuvienphapluat conversions (a line `|` between cells, two such lines between rows).
"""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.tracking.names import split_units
from kehoach.vntext import fold

_ROLE_COLUMNS = (("chu tri", "chủ trì"), ("phoi hop", "phối hợp"), ("thuc hien", "thực hiện"))
ROLE_MIXED = "chủ trì/phối hợp"  # "Đơn vị chủ trì/phối hợp": the first unit leads, the others help

TableRow = tuple[int, str, str | None, list[tuple[str, str]]]


def table_header(header: list[str]) -> dict[str, int] | None:
    """The columns of a task table's header row (task, deadline, role columns), or None when the
    row is not one (no task column or no role column)."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        f = " ".join(re.sub(r"[*_]", "", fold(cell)).split())
        if f.startswith(("thoi gian", "thoi han", "tien do")):
            cols.setdefault("deadline", i)
        elif f.startswith(("noi dung", "nhiem vu", "cong viec", "ten nhiem vu")):
            cols.setdefault("task", i)
        elif "chu tri" in f and "phoi hop" in f:
            cols.setdefault(ROLE_MIXED, i)
        else:
            for key, role in _ROLE_COLUMNS:
                if key in f:
                    cols.setdefault(role, i)
                    break
    has_role = ROLE_MIXED in cols or any(role in cols for _, role in _ROLE_COLUMNS)
    return cols if "task" in cols and has_role else None


def _cell(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*]", "", text or "")).strip()


def _units(cells: list[str], cols: dict[str, int]) -> list[tuple[str, str]]:
    out = []
    if ROLE_MIXED in cols and cols[ROLE_MIXED] < len(cells):
        names = split_units(cells[cols[ROLE_MIXED]])
        out += [(u, "chủ trì" if i == 0 else "phối hợp") for i, u in enumerate(names)]
    for _, role in _ROLE_COLUMNS:
        if role in cols and cols[role] < len(cells):
            out += [(u, role) for u in split_units(cells[cols[role]])]
    return out


def rows_of_tables(tables: list[list[list[str]]]) -> list[TableRow]:
    """(row index with the header as 0, task, deadline, [(unit, role)]) of every task row of the
    tables given as rows of cell texts. A table without a header of its own, as wide as the task
    table before it, goes on with that table (a table broken over pages); a repeated header row is
    skipped."""
    out: list[TableRow] = []
    cols: dict[str, int] | None = None
    width, index = 0, 0
    for rows in tables:
        if not rows:
            continue
        head = table_header(rows[0])
        if head is not None and cols is not None and len(rows[0]) == width and head == cols and index:
            body = rows[1:]  # the header printed again on the next page
        elif head is not None:
            cols, width, index, body = head, len(rows[0]), 0, rows[1:]
        elif cols is not None and len(rows[0]) == width:
            body = rows
        else:
            cols = None
            continue
        for cells in body:
            index += 1
            cells = [_cell(c) for c in cells]
            task = cells[cols["task"]] if cols["task"] < len(cells) else ""
            units = _units(cells, cols)
            if not task or not units:
                continue
            deadline = cells[cols["deadline"]] if "deadline" in cols and cols["deadline"] < len(cells) else ""
            out.append((index, task, deadline or None, units))
    return out


def docx_tables(path: str | Path) -> list[list[list[str]]]:
    """The tables of a .docx as rows of cell texts."""
    import docx  # python-docx; imported here so plans from other formats do not need it

    return [[[c.text for c in r.cells] for r in table.rows] for table in docx.Document(str(path)).tables]


# A line of a page's text that can be a role column's header cell ("Chủ trì", "Đơn vị chủ trì/phối
# hợp", "Cơ quan phối hợp"): short and capitalized, as no wrapped sentence line is.
_ROLE_HEADER = re.compile(
    r"^(?:(?:Đơn vị|Cơ quan)\s+(?:chủ trì|phối hợp|thực hiện)|Chủ trì|Phối hợp|Thực hiện)\b"
)


MAX_SCANNED_PAGES = 30  # scanned pages looked at for a ruled table (each costs a render, ~0.2 s)


def _table_pages(path: str | Path) -> tuple[list[int], list[int]]:
    """Pages (0-based) that may hold a task table: text pages with a role column's header, or right
    after one (a table going on), found with pdfium's text, much faster than pdfplumber's layout;
    and the scanned pages (no text layer), whose tables only their image shows."""
    from kehoach.ingest.pdf import text_layers

    layers = text_layers(path)
    heads, scanned = [], []
    for index, text in enumerate(layers):
        if len(text) < 20:
            scanned.append(index)
        elif any(len(line.split()) <= 6 and _ROLE_HEADER.match(line.strip()) for line in text.splitlines()):
            heads.append(index)
    pages = sorted({i for h in heads for i in (h, h + 1) if i < len(layers) and i not in scanned})
    return pages, scanned[:MAX_SCANNED_PAGES]


def pdf_tables(path: str | Path) -> list[list[list[str]]]:
    """The ruled tables of a PDF that may be task tables, as rows of cell texts: pdfplumber's cells
    on text pages, the cells of a scanned page recognised one by one (`scan_tables`)."""
    import pdfplumber

    from kehoach.tracking.scan_tables import scan_tables

    pages, scanned = _table_pages(path)
    out: list[list[list[str]]] = []
    if pages:
        with pdfplumber.open(str(path), pages=[i + 1 for i in pages]) as pdf:
            for page in pdf.pages:
                for table in page.extract_tables():
                    out.append([[c or "" for c in row] for row in table])
    if scanned:
        out += scan_tables(path, scanned, lambda row: table_header(row) is not None)
    return out


_GFM_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_GFM_RULE = re.compile(r"^[\s|:\-]+$")


def text_tables(text: str) -> list[list[list[str]]]:
    """The pipe tables of a Markdown or web conversion as rows of cell texts.

    GitHub rows `| Nhiệm vụ | Cơ quan chủ trì |` (the `|---|` rule skipped), or the one-cell-per-
    line form: a line `|` ends a cell, a second `|` right after it ends the row once the row is as
    wide as the header (before that, it is an empty cell)."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _GFM_ROW.match(lines[i])
        if m and lines[i].count("|") >= 3:
            if not _GFM_RULE.match(lines[i]):
                rows.append([c.strip() for c in m.group(1).split("|")])
            i += 1
            continue
        if rows:
            tables.append(rows)
            rows = []
        if lines[i].strip() == "|":
            i = _fragment_table(lines, i, tables)
            continue
        i += 1
    if rows:
        tables.append(rows)
    return tables


def _fragment_table(lines: list[str], i: int, tables: list[list[list[str]]]) -> int:
    """Read a one-cell-per-line table starting at the `|` line `i`; returns the line after it."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    bars = 0
    while i < len(lines):
        line = lines[i].strip()
        if line == "|":
            bars += 1
            if cell:
                row.append(" ".join(cell))
                cell = []
            elif bars > 1 and row and (not rows or len(row) >= len(rows[0])):  # `|` twice: the row ends
                rows.append(row)
                row = []
            elif bars > 1 and row:  # `|` twice in a row not yet as wide as the header: an empty cell
                row.append("")
        elif line or cell:
            if bars == 0 and not row and not rows:
                break
            if not line:  # a blank line inside a cell: the table is over when it comes twice
                if i + 1 < len(lines) and not lines[i + 1].strip():
                    break
            else:
                cell.append(line)
            bars = 0
        i += 1
    if cell:
        row.append(" ".join(cell))
    if row:
        rows.append(row)
    if len(rows) > 1:
        tables.append(rows)
    return i


def table_rows(path: str | Path) -> list[TableRow]:
    """(row index with the header as 0, task, deadline, [(unit, role)]) of every task row of the
    plan's source file (.docx, text .pdf, Markdown/HTML conversion or plain text)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        tables = docx_tables(path)
    elif suffix == ".pdf":
        tables = pdf_tables(path)
    elif suffix in (".md", ".markdown", ".txt", ".html", ".htm"):
        tables = text_tables(Path(path).read_text(encoding="utf-8", errors="replace"))
    else:
        return []
    return rows_of_tables(tables)
