"""How values read on a page or in a terminal, as Vietnamese clerks write them.

Used by the web templates (as Jinja filters) and by the CLI, so both say the same thing:
- dates: `13/6/2022` in fields and tables, `ngày 13 tháng 6 năm 2022` in prose (the model keeps
  ISO `2022-06-13`; partial dates `2022-06`, `2022` read `6/2022`, `tháng 6 năm 2022`, `2022`);
- node addresses in words: `II.1.2.-3` → `Mục II, điểm 1.2, gạch đầu dòng 3`;
- file names without the server's folders;
- the signer's authority, position and name, one line each as printed.
"""

from __future__ import annotations

import re
from pathlib import PureWindowsPath
from typing import Any

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_PSEUDO = {
    "header": "Phần đầu văn bản",
    "title": "Trích yếu",
    "preamble": "Phần mở đầu",
    "closing": "Phần kết",
    "signature": "Chữ ký",
    "recipients": "Nơi nhận",
}


def _parts(iso: str | None) -> tuple[int, int | None, int | None] | None:
    m = _ISO.match((iso or "").strip())
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None
    return year, month, day


def _date(iso: str | None, empty: str, forms: tuple[str, str, str]) -> str:
    """An ISO date written in one of `forms` (full date, month and year, year alone)."""
    if not iso:
        return empty
    parts = _parts(iso)
    if parts is None:
        return iso
    year, month, day = parts
    form = forms[0] if day and month else forms[1] if month else forms[2]
    return form.format(d=day, m=month, y=year)


def date_short(iso: str | None, empty: str = "—") -> str:
    """`2022-06-13` → `13/6/2022`; `2022-06` → `6/2022`; `2022` → `2022`; other text unchanged."""
    return _date(iso, empty, ("{d}/{m}/{y}", "{m}/{y}", "{y}"))


def date_prose(iso: str | None, empty: str = "") -> str:
    """`2022-06-13` → `ngày 13 tháng 6 năm 2022`; `2022-06` → `tháng 6 năm 2022`; `2022` → `năm 2022`."""
    return _date(iso, empty, ("ngày {d} tháng {m} năm {y}", "tháng {m} năm {y}", "năm {y}"))


def node_place(node_id: str | None, empty: str = "") -> str:
    """A node address in words: `II.1.2.-3` → `Mục II, điểm 1.2, gạch đầu dòng 3`,
    `A1:1.1.-2` → `Phụ lục 1, điểm 1.1, gạch đầu dòng 2`, `II.1.a` → `Mục II, điểm 1, tiết a`,
    `header` → `Phần đầu văn bản`. An address of another form is returned as it is."""
    if not node_id:
        return empty
    if node_id in _PSEUDO:
        return _PSEUDO[node_id]
    words: list[str] = []
    rest = node_id
    m = re.match(r"^A(\d+)(?::|$)", rest)
    if m:
        words.append(f"Phụ lục {m.group(1)}")
        rest = rest[m.end() :]
    numbers: list[str] = []
    for part in [p for p in rest.split(".") if p]:
        if _ROMAN.match(part) and not words[1:] and not numbers:
            words.append(f"Mục {part}")
        elif part.isdigit():
            numbers.append(part)
        elif re.fullmatch(r"[a-zđ]", part):
            _flush(words, numbers)
            words.append(f"tiết {part}")
        elif re.fullmatch(r"-\d+", part):
            _flush(words, numbers)
            words.append(f"gạch đầu dòng {part[1:]}")
        elif re.fullmatch(r"\+\d+", part):
            _flush(words, numbers)
            words.append(f"ý {part[1:]}")
        else:
            return node_id  # not an outline address of the conventions (legal outline, …)
    _flush(words, numbers)
    return ", ".join(words) if words else node_id


def _flush(words: list[str], numbers: list[str]) -> None:
    if numbers:
        words.append("điểm " + ".".join(numbers))
        numbers.clear()


def file_name(path: str | None, empty: str = "—") -> str:
    """The file's name only, never the folders it was read from: an absolute path (POSIX `/…`,
    Windows `C:\\…` or `\\\\server\\…`) is cut to its last part; anything else (an upload's
    name as sent, which may hold any character) is the name already and is kept whole."""
    if not path:
        return empty
    if path.startswith("/"):
        return path.rstrip("/").rsplit("/", 1)[-1] or path
    if re.match(r"^(?:[A-Za-z]:[\\/]|\\\\)", path):
        return PureWindowsPath(path).name or path
    return path


def signer_lines(signer: Any) -> list[str]:
    """The signer's authority, position, other post and name as printed, one line each (empty ones
    left out)."""
    if signer is None:
        return []
    fields = ("authority", "position", "concurrent", "name")
    return [v for v in (getattr(signer, f, None) for f in fields) if v]


# the fields of a document in words (the quality card, the summary, the lint report)
FIELD_LABELS = {
    "doc_type": "loại văn bản",
    "number_symbol": "số, ký hiệu",
    "issuer": "cơ quan ban hành",
    "issuer_parent": "cơ quan cấp trên",
    "date": "ngày ban hành",
    "place": "địa danh",
    "title": "trích yếu",
    "outline": "bố cục (mục, tiểu mục)",
    "signer": "người ký",
    "recipients": "nơi nhận",
}


def field_names(fields: list[str]) -> str:
    """Fields to check, in words: `['number_symbol', 'date']` → `số, ký hiệu; ngày ban hành`."""
    return "; ".join(FIELD_LABELS.get(f, f) for f in fields)
