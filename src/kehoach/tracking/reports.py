"""Reading a "Báo cáo kết quả thực hiện Kế hoạch số …" against its plan: which plan items each of
its statements speaks of, which unit, and the figures it gives.

Pure functions on parsed documents (the store side is `Tracker.report_link`). A statement is one
outline node of the report (its own text: a bullet, an item, or a unit's paragraph with its table
rows). It is attached to plan items

- where it names them: an item number printed as the plan numbers it (`IV.1`, `II.2.3`), or
  "mục 2 phần II" / "mục 2, phần II" / "mục II" read as the plan's node `II.2` / `II`;
- else, when it opens with the name of a unit the plan gives duties to ("Ban Tuyên giáo Huyện ủy
  đã …", "- Ban Tổ chức Huyện ủy: 1 hoạt động …"), to that unit's items.

What a statement says of them (`assess`, `measures`, `status_of`):

- figures as reports print them (`read_figures`): Vietnamese numbers (`12.445` = 12445, `7,6` =
  7.6, `01`), a percentage or what is counted (`03 hội nghị`, `25 tỷ USD`, `1,55 triệu người`),
  ranges (`7,5 - 8%`) and qualifiers (`khoảng`, `gần`, `hơn`, `trên`, `dưới`, `ít nhất`);
- results measured against the plan's figure (`measures`): "X (kế hoạch là Y)", "X, kế hoạch đề
  ra là Y", "X so với kế hoạch là dưới Y", "X, chỉ tiêu Y": the target is Y, the result the last
  figure before it with the same unit; "đạt kế hoạch", "bằng dự toán", "vượt 11,8% dự toán",
  "vượt mức kế hoạch", "chưa đạt chỉ tiêu", "thấp so với kế hoạch" say how it went; without such
  words the figures decide (a result inside the target's range or beyond a `dưới` bound …);
- the state of the work (`status_of`): "đã hoàn thành" → done, "đang triển khai" / "chưa hoàn
  thành" → under way, "chưa triển khai" / "chưa thực hiện" → not started (the progress statuses).

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
class Figure:
    """A number as a report prints it, read."""

    value: float  # 12.445 → 12445.0; 7,6 → 7.6
    what: str  # "%", "hội nghị", "tỷ USD"
    text: str  # as printed: "khoảng 7,6%"
    upper: float | None = None  # a range "7,5 - 8%": 8.0
    qualifier: str | None = None  # khoảng | gần | hơn | trên | dưới | ít nhất | tối thiểu | tối đa


@dataclass
class Measure:
    """A result set against the plan's figure, and how it went."""

    text: str  # the clause
    result: Figure | None
    target: Figure | None
    assessment: str | None  # vượt | đạt | chưa đạt (None: cannot tell)


@dataclass
class Statement:
    """One statement of a report, with what it is attached to in the plan."""

    node_id: str  # the report's node
    text: str
    items: list[str]  # plan node ids
    via: str | None  # "item": the statement names them; "unit": the items of the unit it names
    unit: str | None  # a unit of the plan's duties, as the plan prints it
    figures: list[tuple[str, str]] = field(default_factory=list)  # ("3", "hội nghị"), ("30.0", "%")
    measures: list[Measure] = field(default_factory=list)
    status: str | None = None  # done | under_way | not_started, as the statement words it


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


# --- figures, results against the plan, the state of the work --------------------------------

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_QUALIFIERS = ("ít nhất", "tối thiểu", "tối đa", "khoảng", "gần", "hơn", "trên", "dưới")
_SCALE = r"(?:nghìn tỷ|ngàn tỷ|tỷ|triệu|nghìn|ngàn)\s+"
_FIG = re.compile(
    rf"(?<![\w.,/])(?:(?P<q>{'|'.join(_QUALIFIERS)})\s+)?(?P<n>{_NUM})"
    rf"(?:\s*[-–]\s*(?P<hi>{_NUM}))?\s*"
    rf"(?P<w>%|{_SCALE}[^\W\d_]+|[^\W\d_]+(?:\s+[^\W\d_]+)?)",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r"(?:kế\s*hoạch|chỉ\s*tiêu|mục\s*tiêu|dự\s*toán)(?:\s+(?:năm|đề\s*ra|đặt\s*ra|giao))*"
    r"(?:\s+(?:là|đề ra là))?\s*:?\s*(?=(?:" + "|".join(_QUALIFIERS) + r")?\s*\d)",
    re.IGNORECASE,
)
_PLAN_WORD = r"(?:mức\s+)?(?:kế\s*hoạch|dự\s*toán|chỉ\s*tiêu|mục\s*tiêu)"
_OVER = re.compile(rf"\bvượt\b(?:\s+(?:{_NUM})\s*%)?(?:\s+so\s+với)?\s+{_PLAN_WORD}", re.IGNORECASE)
_MET = re.compile(
    rf"\b(?:(?<!chưa )(?<!không )đạt|bằng|hoàn thành)\s+(?:so\s+với\s+)?{_PLAN_WORD}", re.IGNORECASE
)
_UNDER = re.compile(
    rf"\b(?:(?:chưa|không)\s+(?:đạt|hoàn thành)(?:\s+{_PLAN_WORD})?|"
    rf"(?:thấp|thấp xa|chậm)\s+(?:hơn\s+)?so\s+với\s+{_PLAN_WORD})",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"(?<=;)\s*|(?<=\.)\s+(?=[(\w])|(?<=\))\s*,\s+(?=\D)")


def number(text: str) -> float:
    """A Vietnamese number: `12.445` → 12445, `7,6` → 7.6, `1.234,5` → 1234.5, `01` → 1."""
    return float(text.replace(".", "").replace(",", "."))


def read_figures(text: str) -> list[Figure]:
    """The figures of a text, in order (dates, article and section numbers left out)."""
    out = []
    for m in _FIG.finditer(text):
        what = " ".join(m.group("w").split())
        if fold(what.split()[0]) in _SKIP_WORDS:
            continue
        hi = m.group("hi")
        q = m.group("q")
        out.append(
            Figure(
                number(m.group("n")),
                what,
                m.group(0).strip(),
                number(hi) if hi else None,
                q.lower() if q else None,
            )
        )
    return out


def _same_unit(a: Figure, b: Figure) -> bool:
    return a.what == "%" if b.what == "%" else fold(a.what).split()[:1] == fold(b.what).split()[:1]


def _by_figures(result: Figure, target: Figure) -> str | None:
    """How a result compares with the plan's figure, from the numbers alone."""
    low, high = target.value, target.upper if target.upper is not None else target.value
    if target.qualifier in ("dưới", "tối đa"):
        return "đạt" if result.value <= low else "chưa đạt"
    if target.qualifier in ("trên", "hơn", "ít nhất", "tối thiểu"):
        return "vượt" if result.value > low else "chưa đạt"
    if result.value > high:
        return "vượt"
    return "đạt" if result.value >= low else "chưa đạt"


def _first_said(text: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    """The answer of the first rule whose pattern the text holds (rules in order of precedence)."""
    return next((answer for pattern, answer in rules if pattern.search(text)), None)


def assess(text: str) -> str | None:
    """How a clause says the work went against the plan: vượt | đạt | chưa đạt, or None."""
    return _first_said(text, ((_UNDER, "chưa đạt"), (_OVER, "vượt"), (_MET, "đạt")))


def measures(text: str) -> list[Measure]:
    """Results set against the plan's figures, one per clause that gives a target or says how the
    work went ("… tăng 15,6% (kế hoạch là 15%)", "… 1,55 triệu người, đạt kế hoạch")."""
    out = []
    for clause in _CLAUSE.split(" ".join(text.split())):  # hard-wrapped lines joined first
        clause = clause.strip()
        if not clause:
            continue
        said = assess(clause)
        target_at = _TARGET.search(clause)
        target = result = None
        if target_at is not None:
            after = read_figures(clause[target_at.end() :])
            target = after[0] if after else None
            before = read_figures(clause[: target_at.start()])
            if (
                target is not None
            ):  # the result before the target, or after it ("… là 4%, nhưng chỉ đạt 3,3%")
                result = next((f for f in reversed(before) if _same_unit(f, target)), None)
                result = result or next((f for f in after[1:] if _same_unit(f, target)), None)
        elif said is not None:
            figs = read_figures(clause)
            result = figs[0] if figs else None
        if target is None and said is None:
            continue
        if said is None and result is not None and target is not None:
            said = _by_figures(result, target)
        out.append(Measure(clause, result, target, said))
    return out


_VERBS = r"(?:triển khai|thực hiện|tổ chức|ban hành|xây dựng)"
_PARTLY = re.compile(
    rf"\bchưa\s+(?:(?:được\s+)?{_VERBS}\s+(?:một cách\s+)?"
    r"(?:tương xứng|đầy đủ|triệt để|kịp thời|đồng bộ|thường xuyên|hiệu quả)"
    r"|(?:kịp thời|đầy đủ|triệt để)\s+" + _VERBS + ")",
    re.IGNORECASE,
)
_NOT_STARTED = re.compile(rf"\b(?:chưa|không)\s+(?:được\s+)?{_VERBS}\b", re.IGNORECASE)
_UNDER_WAY = re.compile(
    rf"\b(?:đang|tiếp tục)\s+{_VERBS}|\bchưa\s+hoàn\s+thành\b|\bđã\s+và\s+đang\b", re.IGNORECASE
)
_DONE = re.compile(rf"(?<!chưa )(?<!không )\b(?:đã\s+)?hoàn\s+thành\b|\bđã\s+{_VERBS}\b", re.IGNORECASE)


def status_of(text: str) -> str | None:
    """The state of the work a statement reports: done | under_way | not_started | None.

    Not done in full ("chưa được thực hiện triệt để", "chưa kịp thời xây dựng") is under way;
    not done at all ("chưa triển khai") is not started; "đang", "tiếp tục", "chưa hoàn thành" are
    under way; "đã hoàn thành", "đã tổ chức" are done."""
    rules = (
        (_PARTLY, "under_way"),
        (_NOT_STARTED, "not_started"),
        (_UNDER_WAY, "under_way"),
        (_DONE, "done"),
    )
    return _first_said(" ".join(text.split()), rules)


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
            out.append(
                Statement(node.id, text, items, via, unit, figures(text), measures(text), status_of(text))
            )
    return out
