"""Task tables (`Nội dung | Thời gian | Chủ trì | Phối hợp | Thực hiện`) of a .docx plan.

The reader flattens tables into lines, which loses the columns; the columns are read again here
from the source file with python-docx.
"""

from __future__ import annotations

import re
from pathlib import Path

from kehoach.tracking.names import split_units
from kehoach.vntext import fold

_ROLE_COLUMNS = (("chu tri", "chủ trì"), ("phoi hop", "phối hợp"), ("thuc hien", "thực hiện"))


def _columns(header: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        f = " ".join(fold(cell).split())
        if f.startswith(("thoi gian", "thoi han", "tien do")):
            cols.setdefault("deadline", i)
        elif f.startswith(("noi dung", "nhiem vu", "cong viec", "ten nhiem vu")):
            cols.setdefault("task", i)
        else:
            for key, role in _ROLE_COLUMNS:
                if key in f:
                    cols.setdefault(role, i)
                    break
    has_role = any(role in cols for _, role in _ROLE_COLUMNS)
    return cols if "task" in cols and has_role else None


def table_rows(path: str | Path) -> list[tuple[int, str, str | None, list[tuple[str, str]]]]:
    """(row index with the header as 0, task, deadline, [(unit, role)]) of every task row."""
    import docx  # python-docx; imported here so plans from other formats do not need it

    out = []
    for table in docx.Document(str(path)).tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if not rows:
            continue
        cols = _columns(rows[0])
        if cols is None:
            continue
        for index, cells in enumerate(rows[1:], start=1):
            task = re.sub(r"\s+", " ", cells[cols["task"]]).strip()
            units = [
                (u, role) for _, role in _ROLE_COLUMNS if role in cols for u in split_units(cells[cols[role]])
            ]
            if not task or not units:
                continue
            deadline = re.sub(r"\s+", " ", cells[cols["deadline"]]).strip() if "deadline" in cols else ""
            out.append((index, task, deadline or None, units))
    return out
