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
from dataclasses import dataclass
from pathlib import Path

from kehoach.tracking.names import split_units, starts_unit, subject
from kehoach.vntext import fold

_ROLE_COLUMNS = (("chu tri", "chủ trì"), ("phoi hop", "phối hợp"), ("thuc hien", "thực hiện"))
ROLE_MIXED = "chủ trì/phối hợp"  # "Đơn vị chủ trì/phối hợp": the first unit leads, the others help
_ROLES = (ROLE_MIXED, *(role for _, role in _ROLE_COLUMNS))
_NUMBER_HEADS = ("stt", "tt", "sott", "sothutu")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEAD_WORDS_MAX = 8  # "Cơ quan, đơn vị chủ trì thực hiện": a column's name is short


@dataclass(frozen=True)
class TaskRow:
    """One task row of a plan's task table.

    `number` is the row's label inside its table: the STT as printed ("3", "1.2"), prefixed with its
    group row's number when the printed numbers start again under each group ("II.2"); a `-` row
    under a numbered one is "<that number>.-k"; a table without an STT column counts its task rows
    from 1. `table` numbers the task tables of the file (a table broken over pages is one)."""

    number: str
    task: str
    deadline: str | None
    units: list[tuple[str, str]]
    table: int = 0


def _head(cell: str) -> str:
    """A header cell folded, without markdown marks and line breaks (`**Cơ quan<br>chủ trì**`)."""
    return " ".join(re.sub(r"[*_]", " ", fold(_BR.sub(" ", cell))).split()).strip(" .:")


def table_header(header: list[str]) -> dict[str, int] | None:
    """The columns of a task table's header row, found by their names: STT, the task (`Nội dung`,
    `Nhiệm vụ`, `Nội dung công việc`, or the `Chỉ tiêu` of a table assigning targets), the deadline (`Thời gian`, `Thời hạn`, `Tiến độ`), the role
    columns (`Cơ quan/Đơn vị chủ trì`, `… phối hợp`, `… thực hiện`, `Đơn vị chủ trì/phối hợp`), and
    `Sản phẩm` / `Ghi chú` (read, not used). None when the row is not one (no task or role column)."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        f = _head(cell)
        if len(f.split()) > _HEAD_WORDS_MAX:  # a sentence, not a column's name
            continue
        if f.replace(" ", "") in _NUMBER_HEADS:  # `ST T`: "STT" wrapped in a narrow column
            cols.setdefault("number", i)
        elif f.startswith(("thoi gian", "thoi han", "tien do")):
            cols.setdefault("deadline", i)
        elif f.startswith(("noi dung", "nhiem vu", "cong viec", "ten nhiem vu", "chi tieu")):
            cols.setdefault("task", i)
        elif f.startswith(("san pham", "ket qua")):
            cols.setdefault("product", i)
        elif f.startswith("ghi chu"):
            cols.setdefault("note", i)
        elif "chu tri" in f and "phoi hop" in f:
            cols.setdefault(ROLE_MIXED, i)
        else:
            for key, role in _ROLE_COLUMNS:
                if key in f:
                    cols.setdefault(role, i)
                    break
    has_role = any(role in cols for role in _ROLES)
    return cols if "task" in cols and has_role else None


def _cell(text: str | None, br: str = " ") -> str:
    """A cell's text: markdown marks dropped, `<br>` as `br`, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[*]", "", _BR.sub(br, text or ""))).strip()


def _named(cell: str, role: str) -> list[tuple[str, str]]:
    """(unit, role) of one role cell. A part (between `;`) that is a clause names its subject, in the
    role its verb gives (`Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành, UBND cấp xã thực hiện
    công bố …`: Sở KH&CN leads, the others carry out) or the column's (`Sở Khoa học và Công nghệ thúc
    đẩy, theo dõi, báo cáo chỉ tiêu`); a plain list is split into its names."""
    out: list[tuple[str, str]] = []
    for part in cell.split(";"):
        found = subject(part.strip())
        if found is None:
            out += [(u, role) for u in split_units(part)]
            continue
        verb = " ".join(fold(part.strip()[found[1] :]).split()[:2])
        own = next((r for key, r in _ROLE_COLUMNS if verb == key), role)
        out += [(u, own) for u in split_units(found[0])]
    return out


def _units(cells: list[str], cols: dict[str, int]) -> list[tuple[str, str]]:
    """(unit, role) of a row's role cells; names in one cell split at `;`, `<br>`, and at `,` / `và`
    where the next piece starts a name (`Sở A, Sở B và UBND các huyện`; `Các sở, ngành` stays whole)."""
    out = []
    if ROLE_MIXED in cols and cols[ROLE_MIXED] < len(cells):
        names = split_units(_cell(cells[cols[ROLE_MIXED]], br="; "))
        out += [(u, "chủ trì" if i == 0 else "phối hợp") for i, u in enumerate(names)]
    for _, role in _ROLE_COLUMNS:
        if role in cols and cols[role] < len(cells):
            out += _named(_cell(cells[cols[role]], br="; "), role)
    return out


def _at(cells: list[str], cols: dict[str, int], key: str) -> str:
    i = cols.get(key)
    return _cell(cells[i]) if i is not None and i < len(cells) else ""


def _merged(tables: list[list[list[str]]]) -> list[tuple[dict[str, int], list[list[str]]]]:
    """The task tables with their body rows. A table without a header of its own, as wide as the
    task table before it, goes on with that table (a table broken over pages); a header printed
    again on the next page is skipped, unless the rows under it number from 1 again: then it is the
    next table (an annex's `1. …` / table, `2. …` / table)."""
    out: list[tuple[dict[str, int], list[list[str]]]] = []
    cols: dict[str, int] | None = None
    width = 0
    for rows in (part for table in tables for part in _split_at_restart(table)):
        if not rows:
            continue
        head = table_header(rows[0])
        same = head is not None and cols is not None and len(rows[0]) == width and head == cols and out[-1][1]
        if same and not _numbers_restart(head, rows[1:]):
            out[-1][1].extend(rows[1:])
        elif head is not None:
            cols, width = head, len(rows[0])
            out.append((head, list(rows[1:])))
        elif cols is not None and len(rows[0]) == width:
            out[-1][1].extend(rows)
        else:
            cols = None
    return out


def _split_at_restart(rows: list[list[str]]) -> list[list[list[str]]]:
    """A table read as one whose header is printed again with rows numbered from 1 under it, a header
    of other columns, or numbers starting again at 1 under a higher one (a web copy's one-cell-per-line
    tables run together across the headings between them, the next header often at the end of the
    last row above it): the parts, each under its header."""
    head = table_header(rows[0]) if rows else None
    if head is None:
        return [rows]
    parts = [[rows[0]]]
    for i, row in enumerate(rows[1:], start=1):
        k = _header_start(row)
        own = table_header(row[k:]) if k is not None else None
        if own is not None and (own != head or _numbers_restart(own, rows[i + 1 :])):
            if k:
                parts[-1].append(row[:k])  # the row's own cells, then the heading and the next header
            parts.append([row[k:]])
            head = own
            continue
        restart = own is None and "number" in head and len(parts[-1]) > 1
        if restart and _restarts_after(row, rows[i - 1], head):
            parts.append([parts[-1][0]])  # the heading and header between the two were lost
        parts[-1].append(row)
    return parts


def _restarts_after(row: list[str], previous: list[str], cols: dict[str, int]) -> bool:
    """A task row numbered 1 right under a task row numbered higher (no group row between)."""
    number, before = _at(row, cols, "number").strip("*. "), _at(previous, cols, "number").strip("*. ")
    return number == "1" and before.isdigit() and int(before) > 1 and _group(previous, cols) is None


def _numbers_restart(cols: dict[str, int], body: list[list[str]]) -> bool:
    """Do the first numbered rows under a repeated header start from 1 (a new table, not the
    same table's next page)?"""
    if "number" not in cols:
        return False
    numbers = [_at(r, cols, "number").strip("*. ") for r in body[:3]]
    return next((n for n in numbers if n), "") in ("1", "I")


_GROUP_NUMBER = re.compile(
    r"^(?:[IVXLC]+(?:\.\d{1,2}){0,3}|[A-ZĐ])$"
)  # `III`, `III.1.1`: a group and its sub-groups
_GROUP_TITLE = re.compile(r"^([IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*)\s*[.):/-]?\s+\S")


def _group(raw: list[str], cols: dict[str, int]) -> str | None:
    """The number of a group row (`I | Nhóm nhiệm vụ …` with no unit, or one cell spanning the
    table: `I. NÂNG CAO NHẬN THỨC …`, or its text repeated in every cell as some converters print a
    merged cell), "" for a group row without a number, or None when the row is not one. An Arabic
    number makes a group row only when the row is printed bold (`**1** | **Cà phê**`): a plain
    numbered row without a unit is a task row whose units are missing."""
    cells = [_cell(c) for c in raw if _cell(c)]
    if len(cells) > 1 and len(set(cells)) == 1:
        m = _GROUP_TITLE.match(cells[0])
        return m.group(1) if m else ""
    if not cells or _units(raw, cols):
        return None
    number = _at(raw, cols, "number").rstrip(".")
    if number and _GROUP_NUMBER.match(number):
        return number
    bold = any(c.strip().startswith("**") for c in raw if c.strip())
    m = _GROUP_TITLE.match(cells[0])
    if m and (len(set(cells)) == 1 or bold) and (_GROUP_NUMBER.match(m.group(1)) or bold):
        return m.group(1)
    if number and bold and len(cells) <= 2:
        return number
    return None


def _go_on(previous: list[str], raw: list[str], cols: dict[str, int]) -> None:
    """A row without a number under a task row: its cells go on with that row's (a cell split over
    two rows in a web copy). A role cell that starts a new name is another name of the list."""
    roles = {cols[r] for r in _ROLES if r in cols}
    for i, text in enumerate(raw):
        if i >= len(previous) or not _cell(text):
            continue
        if not _cell(previous[i]):
            previous[i] = text
            continue
        name = i in roles and starts_unit(_cell(text)) and not previous[i].rstrip().endswith(",")
        previous[i] = previous[i] + ("; " if name else " ") + text


# A printed row number: `3`, `II`, `b`, `1.2`, `II.2`, or a dash row under a numbered one.
_STT = re.compile(r"^(?:(?:\d+|[IVXLC]+|[a-zđA-ZĐ])(?:\.\d+)*\.?|[-+])$")


def _mend(numbers: list[str]) -> list[str]:
    """Row numbers misread by OCR (`|` for 1, `b` for 5): a number not in digits whose neighbours
    are in digits and leave exactly one number between them is that number; so is a last one of a
    single character after a number in digits."""
    out = list(numbers)
    for i, n in enumerate(out):
        if n.isdigit() or n in ("-", "+"):
            continue
        before = out[i - 1] if i else "0"
        after = out[i + 1] if i + 1 < len(out) else None
        if not before.isdigit():
            continue
        if (after is None and len(n) <= 1) or (after and after.isdigit() and int(after) == int(before) + 2):
            out[i] = str(int(before) + 1)
    return out


def _labels(numbers: list[str], groups: list[str | None], counted: bool) -> list[str]:
    """The label of each task row: its printed number, group-prefixed when the numbers start again
    under each group; `-` rows numbered under the row before; counted from 1 without numbers."""
    if counted:
        return [str(i) for i in range(1, len(numbers) + 1)]
    plain = [n for n in numbers if n not in ("-", "+", "")]
    restart = len(set(plain)) < len(plain)
    prefix = _restart_groups(numbers, groups) if restart else {}
    out: list[str] = []
    last, dashes = "", 0
    for i, (n, g) in enumerate(zip(numbers, groups, strict=True), start=1):
        if n in ("-", "+") and last:
            dashes += 1
            out.append(f"{last}.{n}{dashes}")
            continue
        label = n or str(i)
        g = prefix.get(g, g) if g else g
        if restart and g and not label.startswith(g + "."):
            label = f"{g}.{label}"
        out.append(label)
        last, dashes = label, 0
    return out


def _restart_groups(numbers: list[str], groups: list[str | None]) -> dict[str | None, str]:
    """For each group, the group its rows' numbers start again under: the outermost of the group and
    the groups it sits in (`III` for `III.1.2`) whose rows print no number twice. Group `III` numbering
    its rows 1–32 through sub-groups `III.1`, `III.1.1`, `III.2` labels them `III.27`; groups `I`, `II`
    each numbering from 1 label theirs `I.1`, `II.1`."""
    rows = [(n, g) for n, g in zip(numbers, groups, strict=True) if g and n not in ("-", "+", "")]
    out: dict[str | None, str] = {}
    for g in {g for _, g in rows}:
        parts = g.split(".")
        for k in range(1, len(parts) + 1):
            outer = ".".join(parts[:k])
            under = [n for n, h in rows if h == outer or h.startswith(outer + ".")]
            if len(set(under)) == len(under):
                out[g] = outer
                break
    return out


def _task_rows(cols: dict[str, int], body: list[list[str]], table: int) -> list[TaskRow]:
    """The task rows of one task table (group rows, repeated headers and continuation rows read)."""
    rows: list[tuple[str, str | None, list[str]]] = []  # (printed number, group, cells)
    subs: dict[int, list[list[str]]] = {}  # the sub-rows of a row (by its index in `rows`)
    group: str | None = None
    numbered = "number" in cols
    width = max(cols.values()) + 1
    for raw in body:
        if not any(_cell(c) for c in raw) or table_header(raw) == cols:
            continue
        if all(_CUT.match(_cell(c)) for c in raw if _cell(c)):  # the copy cut the table here:
            group = None  # the rows after it belong to a group whose row is not in the copy
            continue
        g = _group(raw, cols)
        if g is not None:
            group = g or None
            continue
        number = _at(raw, cols, "number").rstrip(".")
        unnumbered = not number or not _STT.match(number)  # a sub-row's task in the number's place
        sub = _sub_row(raw, cols, width, rows[-1][2]) if numbered and unnumbered and rows else None
        if sub is not None:
            subs.setdefault(len(rows) - 1, []).append(sub)
            continue
        if numbered and not number and rows:
            _go_on(rows[-1][2], raw, cols)
            continue
        rows.append((number, group, list(raw)))
    kept = [i for i, (_, _, cells) in enumerate(rows) if _at(cells, cols, "task") and _units(cells, cols)]
    tasks = [rows[i] for i in kept]
    if numbered:  # a row whose number is not one is no task row (a web page's footer run on: `Địa chỉ:`)
        mended = _mend([n for n, _, _ in tasks])
        kept = [i for i, m in zip(kept, mended, strict=True) if _STT.match(m)]
        tasks = [(m, g, cells) for m, (_, g, cells) in zip(mended, tasks, strict=True) if _STT.match(m)]
    labels = _labels([n for n, _, _ in tasks], [g for _, g, _ in tasks], not numbered)
    out = []
    for label, i, (_, _, cells) in zip(labels, kept, tasks, strict=True):
        for row in [cells, *subs.get(i, [])]:
            if _at(row, cols, "task") and _units(row, cols):
                deadline = _at(row, cols, "deadline") or None
                out.append(TaskRow(label, _at(row, cols, "task"), deadline, _units(row, cols), table))
    return out


def _sub_row(raw: list[str], cols: dict[str, int], width: int, above: list[str]) -> list[str] | None:
    """A task printed under a numbered row without a number of its own, its cells from the task column
    on, the cells merged with the row above not printed (`| Xây dựng hạ tầng … | Trung tâm Chuyển đổi
    số |` under row 1): the sub-row's cells, the merged ones taken from the row above. None for a row
    as wide as the table (a cell split over two rows, which goes on with the row above)."""
    task = cols.get("task", 0)
    if len(raw) >= width or cols.get("number", 0) >= task or not _cell(raw[0]):
        return None
    cells = [""] * task + list(raw)
    own = _units(cells, cols)  # its own names, which must read as bodies (not a page footer's `Địa chỉ:`)
    if not own or len(cells) >= len(above) or not all(starts_unit(u) for u, _ in own):
        return None
    return cells + above[len(cells) :]


def rows_of_tables(tables: list[list[list[str]]]) -> list[TaskRow]:
    """The task rows of every task table among `tables` (each given as rows of cell texts)."""
    return [row for i, (cols, body) in enumerate(_merged(tables)) for row in _task_rows(cols, body, i)]


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

    GitHub rows `| Nhiệm vụ | Cơ quan chủ trì |` (the `|---|` rule skipped; inside a table, a row of
    one cell spanning it), or the one-cell-per-line form: a line `|` ends a cell, a second `|` right
    after it ends the row once the row is as wide as the header (before that, it is an empty cell)
    or when its one cell is a group title spanning the table (`**I. NÂNG CAO NHẬN THỨC …**`)."""
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _GFM_ROW.match(lines[i])
        if m and (lines[i].count("|") >= 3 or rows):  # `| I. Nhóm nhiệm vụ … |`: a row spanning the table
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


# A group title in a cell of its own spanning the table: `**I. NÂNG CAO …**`, `**II**`, `A. Nhóm …`.
_SPANNING = re.compile(r"^(?:\*\*\s*(?:[IVXLC]+|[A-ZĐ])\b|(?:[IVXLC]+|[A-ZĐ])\s*[.)]\s+\S)")


def _spanning(row: list[str]) -> bool:
    """Is a row a group title spanning the table (its `|` twice then ends the row)? One cell
    `**I. NÂNG CAO …**`, or a bold Roman number and a bold title: `**II**`, `**TRIỂN KHAI …**`."""
    if len(row) == 1:
        return bool(_SPANNING.match(row[0]))
    bold = all(c.strip().startswith("**") for c in row)
    return len(row) == 2 and bold and bool(re.fullmatch(r"\*\*\s*[IVXLC]+\s*\.?\*\*", row[0].strip()))


_CUT = re.compile(r"^[.…]{4,}$")  # `…..........`: where a web copy cut the table


def _header_start(row: list[str]) -> int | None:
    """Where a task table's header begins among a row's cells: the shortest run of last cells that
    is one, with the header cells just before it (`TT`) taken in; None without one."""
    short = [len(_head(c).split()) <= _HEAD_WORDS_MAX for c in row]
    starts = [k for k in range(len(row)) if all(short[k:]) and table_header(row[k:]) is not None]
    if not starts:
        return None
    k = starts[-1]
    while k > 0 and table_header(row[k - 1 :]) is not None and _head(row[k - 1]) in _HEAD_WORDS:
        k -= 1
    return k


_HEAD_WORDS = ("stt", "tt", "so tt", "st t", "so thu tu")


def _add_row(rows: list[list[str]], row: list[str], tables: list[list[list[str]]]) -> list[list[str]]:
    """The rows with a finished row added. A task table's header closes the table before it and
    starts one of its own, also when it stands at the end of a longer row: a copy without blank
    lines runs a page's header fragments, the signature and the annex's task table together, so the
    header's cells come after cells of the page that no `|` twice has ended."""
    if rows and table_header(rows[0]) is not None:
        rows.append(row)
        return rows
    k = _header_start(row)
    if k is None:
        rows.append(row)
        return rows
    if k:
        rows.append(row[:k])
    if len(rows) > 1:
        tables.append(rows)
    return [row[k:]]


_ROW_NUMBER = re.compile(r"^\**\s*(\d{1,3}|[IVXLC]{1,5}(?:\.\d{1,2}){0,3})\s*\.?\s*\**$")


def _next_row_number(lines: list[str], i: int, rows: list[list[str]], row: list[str]) -> bool:
    """Is the `|` twice at line `i`, in a row not as wide as the header, the end of the row? It is when
    the next cell is the next row's number (the number after the last row's, 1, or a group's Roman
    number) in a table numbered in its first column: a cell merged over several rows (`Nguồn kinh
    phí`, a sub-row's merged units) is not printed in the rows below the first."""
    head = table_header(rows[0]) if rows else None
    if head is None or head.get("number") != 0 or i + 2 >= len(lines) or lines[i + 2].strip() != "|":
        return False
    m = _ROW_NUMBER.match(lines[i + 1].strip())
    if not m:
        return False
    if not m.group(1).isdigit():
        return True
    numbers = [_cell(r[0]).strip(". ") for r in [*rows[1:], row] if r]
    last = next((int(n) for n in reversed(numbers) if n.isdigit()), 0)
    return int(m.group(1)) in (1, last + 1)


def _fragment_table(lines: list[str], i: int, tables: list[list[list[str]]]) -> int:
    """Read a one-cell-per-line table starting at the `|` line `i`; returns the line after it. A line
    of dots where the copy cut the table ends the row and stands as a row of its own."""
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
            elif bars > 1 and row and (not rows or len(row) >= len(rows[0]) or _spanning(row)):
                rows, row = _add_row(rows, row, tables), []  # `|` twice: the row ends
            elif bars > 1 and row and _next_row_number(lines, i, rows, row):
                rows, row = _add_row(rows, row, tables), []  # a row short of cells merged with the rows above
            elif bars > 1 and row:  # `|` twice in a row not yet as wide as the header: an empty cell
                row.append("")
        elif _CUT.match(line) and not cell and (row or rows):
            rows = _add_row(rows, row, tables) if row else rows
            rows, row, bars = _add_row(rows, [line], tables), [], 0
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
        rows = _add_row(rows, row, tables)
    if len(rows) > 1:
        tables.append(rows)
    return i


def table_rows(path: str | Path) -> list[TaskRow]:
    """The task rows of every task table of the plan's source file (.docx, text .pdf, Markdown/HTML conversion or plain text)."""
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
