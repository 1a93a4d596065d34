"""Reading a "Báo cáo kết quả thực hiện Kế hoạch số …" against its plan: which plan items each of
its statements speaks of, which unit, and the figures it gives.

Pure functions on parsed documents (the store side is `Tracker.report_link`). A statement is one
outline node of the report (its own text: a bullet, an item, or a unit's paragraph with its table
rows). It is attached to plan items

- where it names them: an item number printed as the plan numbers it (`IV.1`, `II.2.3`), or
  "mục 2 phần II" / "mục 2, phần II" / "mục II" read as the plan's node `II.2` / `II`;
- else, when it opens with the name of a unit the plan gives duties to ("Ban Tuyên giáo Huyện ủy
  đã …", "- Ban Tổ chức Huyện ủy: 1 hoạt động …"), to that unit's items.

Hand-written rules: report phrasing is Vietnamese administrative style, no library reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.model.document import Document
from kehoach.tracking.names import canonical
from kehoach.vntext import fold

_TITLE = re.compile(r"\bket qua (?:\d+ nam |so ket |tong ket )?(?:thuc hien|trien khai)\b")
_ROMAN = r"[IVXLC]+"
_PART_ITEM = re.compile(
    rf"\b(?:tiểu\s+)?mục\s+(\d+)\s*,?\s+(?:phần|mục)\s+({_ROMAN})\b", re.IGNORECASE
)  # mục 2 phần II
_ITEM = re.compile(rf"\b(?:mục|phần)\s+({_ROMAN}(?:\.\d+)*)(?!\w)(?!\.\d)", re.IGNORECASE)  # mục II.2
_NODE_ID = re.compile(rf"(?<![\w.])({_ROMAN}(?:\.\d+)+|{_ROMAN})(?![\w.])")  # IV.1 as printed
_FIGURE = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(%|[^\W\d_]+(?:\s+[^\W\d_]+)?)")
_SKIP_WORDS = {"ngay", "thang", "nam", "quy", "muc", "phan", "diem", "khoan", "dieu"}  # dates, places


@dataclass
class Statement:
    """One statement of a report, with what it is attached to in the plan."""

    node_id: str  # the report's node
    text: str
    items: list[str]  # plan node ids
    via: str | None  # "item": the statement names them; "unit": the items of the unit it names
    unit: str | None  # a unit of the plan's duties, as the plan prints it
    figures: list[tuple[str, str]] = field(default_factory=list)  # ("3", "hội nghị"), ("30.0", "%")


def is_plan_report(doc: Document) -> bool:
    """A report on carrying out a plan: a Báo cáo whose header says it implements a Kế hoạch, or
    whose title reads "Kết quả thực hiện Kế hoạch …"."""
    if (doc.doc_type or "") != "Báo cáo":
        return False
    title = fold(doc.title or "")
    names_plan = "ke hoach" in title and bool(_TITLE.search(title))
    implements_plan = doc.implements is not None and fold(doc.implements.doc_type or "") == "ke hoach"
    return names_plan or implements_plan


def named_items(text: str, plan_items: set[str]) -> list[str]:
    """Plan items a text names, in the order it names them (only ids the plan has)."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _PART_ITEM.finditer(text):
        found.append((m.start(), f"{m.group(2).upper()}.{m.group(1)}"))
        taken.append(m.span())
    for m in _ITEM.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):  # "phần IV" of "mục 2 phần IV"
            found.append((m.start(), m.group(1).upper()))
    for m in _NODE_ID.finditer(text):
        if "." in m.group(1):  # a bare Roman numeral alone is too often a section of the report
            found.append((m.start(), m.group(1)))
    out: list[str] = []
    for _pos, node in sorted(found):
        if node in plan_items and node not in out:
            out.append(node)
    return out


def named_unit(text: str, units: list[str]) -> str | None:
    """The plan's unit a statement opens with (the longest name that matches), or None."""
    head = re.sub(r"[:;()\"“”]", " ", re.sub(r"^[\s\-–+*•]+", "", text)[:200])
    key = canonical(" ".join(head.split()[:20]))
    best = None
    for unit in units:
        c = canonical(unit)
        if c and (key == c or key.startswith(c + " ")) and (best is None or len(c) > len(canonical(best))):
            best = unit
    return best


def figures(text: str) -> list[tuple[str, str]]:
    """Numbers and what they count ("3 hội nghị", "30.0%"), dates left out."""
    out = []
    for m in _FIGURE.finditer(text):
        what = m.group(2)
        if fold(what.split()[0]) in _SKIP_WORDS:
            continue
        out.append((m.group(1), what))
    return out


def statements(report: Document, plan_items: set[str], unit_items: dict[str, list[str]]) -> list[Statement]:
    """The report's statements attached to plan items (see the module's rules); `unit_items`:
    each unit of the plan's duties (as printed) → its items."""
    units = list(unit_items)
    out = []
    for node in report.nodes(annexes=True):
        text = (node.text or node.heading or "").strip()
        if not text:
            continue
        items = named_items(text, plan_items)
        unit = named_unit(text, units)
        via = "item" if items else None
        if not items and unit:
            items, via = list(unit_items[unit]), "unit"
        if items:
            out.append(Statement(node.id, text, items, via, unit, figures(text)))
    return out
