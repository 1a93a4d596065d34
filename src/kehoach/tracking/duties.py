"""Duties of a plan: which unit must do what, in which role, by when, under which outline node.

Read from the parsed outline: items of "Tổ chức thực hiện" / "Phân công trách nhiệm" that name a
unit (heading "1. Ban Tuyên giáo Huyện ủy" + bullets, or a sentence "Sở Tài chính chủ trì, phối
hợp với …"), labelled blocks anywhere ("Đơn vị chủ trì: …", "Đơn vị phối hợp: …", "Thời gian thực
hiện: …"), and the task tables of the source file (`tables.py`), each row labelled by its printed
number: `A1:row 3` in the first annex, `II:row I.2` in a table under section II. The rules are hand-written: the
phrasing is Vietnamese administrative style, no library models it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kehoach.mapped import MappedText
from kehoach.model.document import Document, Node
from kehoach.tracking.names import (
    clean,
    first_verb,
    names_body,
    run_in,
    split_units,
    starts_unit,
    starts_verb,
    subject,
)
from kehoach.tracking.tables import TaskRow, table_rows
from kehoach.vntext import fold

ROLE_LEAD = "chủ trì"
ROLE_PARTNER = "phối hợp"
ROLE_DO = "thực hiện"

# Folded headings of the sections that hand out duties.
_SECTION_KEYS = (
    "to chuc thuc hien",
    "phan cong trach nhiem",
    "trach nhiem thuc hien",
    "phan cong nhiem vu",
    "trach nhiem cua cac",
    "trach nhiem cac",  # "Điều 15. Trách nhiệm các cơ quan, đơn vị" of a Quy chế
    "phan cong thuc hien",
    "phan cong to chuc thuc hien",
    "to chuc trien khai",
    "trien khai thuc hien",
    "giao nhiem vu",
    "nhiem vu cua cac",  # "Nhiệm vụ của các cơ quan, đơn vị"
)
_SECTION_KINDS = ("section", "item", "chapter", "article")

# "Đơn vị chủ trì: …", "Cơ quan phối hợp thực hiện: …", or the bare "Chủ trì: …", "Phối hợp: …".
_LABEL_HEAD = r"(?:(?:Đơn vị|Cơ quan)\s+(?=chủ trì|phối hợp|thực hiện)|(?=(?:chủ trì|phối hợp)\s*:))"
_LABEL_RE = re.compile(
    r"(?:^|\n)\s*[-+]?\s*" + _LABEL_HEAD + r"(chủ trì|phối hợp|thực hiện)[^:\n]{0,30}:\s*\**\s*([^\n]+)",
    re.IGNORECASE,
)
_TIME_HEAD = r"(?:Thời gian|Thời hạn|Tiến độ)(?: thực hiện| hoàn thành)?"
_TIME_RE = re.compile(r"(?:^|\n)\s*[-+]?\s*" + _TIME_HEAD + r"\**\s*:\s*\**\s*([^\n]+)", re.IGNORECASE)
# A label printed inside a task's sentence, after "(", ";" or a stop: "Tổ chức tập huấn … (Cơ quan
# chủ trì: Sở Tư pháp; cơ quan phối hợp: các sở, ngành; thời gian: năm 2026)."
_INLINE_LABEL = re.compile(
    r"\s*[(;.]\s*(?=(?:"
    + _LABEL_HEAD
    + r"(?:chủ trì|phối hợp|thực hiện)[^:\n(]{0,30}|"
    + _TIME_HEAD
    + r")\s*:)",
    re.IGNORECASE,
)


def _label_lines(text: str) -> str:
    """Labels printed inline put on lines of their own (the closing bracket of the block dropped)."""
    if not _INLINE_LABEL.search(text):
        return text
    lines = _INLINE_LABEL.sub("\n", text).split("\n")
    return "\n".join(re.sub(r"\)\s*[.;]?\s*$", "", line) if i else line for i, line in enumerate(lines))


# Deadlines and frequencies as plans print them.
_DEADLINE_RE = re.compile(
    r"(?:(?:trước|chậm nhất)\s+ngày\s+\d{1,2}\s+(?:hằng|hàng)\s+(?:tháng|quý|năm)"  # "trước ngày 20 hằng tháng"
    r"|(?:trước|chậm nhất|hạn chót|xong trong|hoàn thành trong|hoàn thành trước|trong)\s+"
    r"(?:ngày\s+)?(?:\d{1,2}/\d{1,2}(?:/\d{4})?(?!\d)|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|"
    r"tháng\s+\d{1,2}(?:/\d{4}|\s+năm\s+\d{4})?|qu[ýí]\s+[IV1-4]+(?:/\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4})"
    r"|định kỳ(?:\s+(?:\d+\s+tháng|hằng\s+\w+|hàng\s+\w+|mỗi\s+\w+))?"
    r"|(?:hằng|hàng)\s+(?:tuần|tháng|quý|năm)"
    r"|quý\s+[IV]+/\d{4})",
    re.IGNORECASE,
)


@dataclass
class DutyEntry:
    """One responsible unit as the plan names it, with its duties."""

    unit: str
    role: str | None
    duties: list[str]
    deadline: str | None
    node_id: str
    unit_id: int | None = None
    duty_node_ids: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The `kehoach duties --format json` shape."""
        d = asdict(self)
        return {k: d[k] for k in ("unit", "unit_id", "role", "duties", "deadline", "node_id")}


def _walk(nodes: Iterable[Node]) -> Iterator[Node]:
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _tidy(text: str) -> str:
    text = re.sub(r"[*]", "", text)
    text = re.sub(r"\s*\.?/\.\s*$", ".", text)
    return re.sub(r"\s+", " ", text).strip()


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences: at a line break after a full stop, or `. ` + capital."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"\.\s+", text):
        nxt = text[m.end() : m.end() + 1]
        before = text[max(start, m.start() - 4) : m.start()].split()
        abbrev = bool(before) and len(before[-1]) <= 3 and before[-1].isupper()
        if (nxt.isupper() or "\n" in m.group()) and not abbrev:
            out.append(text[start : m.start() + 1])
            start = m.end()
    out.append(text[start:])
    return [s for s in (_tidy(x) for x in out) if len(s) > 3]


_BUDGET = re.compile(r"\b(?:du toan|ngan sach|kinh phi|nghi quyet|chi thuong xuyen)\b")


def find_deadline(texts: Iterable[str]) -> str | None:
    """The first deadline or frequency printed in the texts ("trước ngày 15/12", "hằng quý").

    A yearly budget is not a deadline: "hằng năm" within four words after "dự toán", "ngân sách",
    "kinh phí", "chi thường xuyên" or "Nghị quyết" ("dự toán ngân sách nhà nước hàng năm", "theo Nghị quyết hằng năm
    của Hội đồng nhân dân") names the budget or the resolution, not when to act."""
    for text in texts:
        for m in _DEADLINE_RE.finditer(text):
            before = " ".join(fold(text[: m.start()]).split()[-4:])
            if fold(m.group(0)).endswith(" nam") and _BUDGET.search(before):
                continue
            return m.group(0)
    return None


def _role_of(duties: list[str]) -> str | None:
    starts = [fold(_POINT.sub("", d))[:9] for d in duties]  # "(1) Chủ trì, phối hợp …"
    if any(s.startswith("chu tri") for s in starts):
        return ROLE_LEAD
    if starts and all(s.startswith("phoi hop") for s in starts):
        return ROLE_PARTNER
    return None


def _partners(predicate: str) -> list[str]:
    """Bodies named after "phối hợp với" up to the verb that follows them."""
    folded = fold(predicate)
    m = re.search(r"phoi hop voi\s+", folded)
    if not m:  # "VTV chủ trì, phối hợp Bộ Khoa học và Công nghệ, Bộ Quốc phòng …"
        m = re.search(r"phoi hop\s+", folded)
        if not m or not names_body(predicate[m.end() :]):
            return []
    rest = predicate[m.end() :]
    vs = first_verb(rest)
    end = vs if vs is not None else len(rest)
    paren = rest.find("(")
    if 0 <= paren < end:
        end = paren
    return [u for u in split_units(rest[:end]) if starts_unit(u)]


_GIVEN = re.compile(r"(?:^|[\s,;])giao\s+(?=\S)", re.IGNORECASE)


_OPENING = ("can cu ", "tren co so ")  # "Căn cứ …, các sở … xây dựng …", "Trên cơ sở …, UBND …"


def _after_opening(text: str) -> tuple[str, str] | None:
    """The subject and predicate of a sentence that opens with a clause of grounds ("Căn cứ nội dung
    Kế hoạch và tình hình thực tiễn, các sở, ban, ngành … xây dựng Kế hoạch …"): the first body that
    follows one of the clause's commas, within its first 30 words."""
    if not fold(text).startswith(_OPENING):
        return None
    for comma in re.finditer(r",\s+", text):
        if len(text[: comma.start()].split()) > 30:
            break
        rest = text[comma.end() :]
        found = subject(rest) if names_body(rest) else None
        if found:
            return found[0], rest[found[1] :].lstrip()
    return None


def _subject_split(text: str) -> tuple[str, str] | None:
    """The body a sentence starts with and the rest of the sentence (its predicate), or None. A
    sentence that hands the work over later on ("Trên cơ sở đó, Ủy ban nhân dân tỉnh giao Sở Tư
    pháp chủ trì …") has the body after "giao" as its subject; one that opens with its grounds
    ("Căn cứ …, các sở … xây dựng …") the body after the clause."""
    found = subject(text)
    if found:
        return found[0], text[found[1] :].lstrip()
    given = _GIVEN.search(text)
    found = subject(text[given.end() :]) if given and given.start() > 0 else None
    if given and found:
        return found[0], text[given.end() + found[1] :].lstrip()
    return _after_opening(text)


def _first_line_names(item: Node) -> tuple[list[str], str] | None:
    """An item whose first line only names bodies and whose text goes on with a new sentence on the
    next line ("Sở Tư pháp\nLà cơ quan thường trực …"): the names and the text after them."""
    first, _, rest = item.text.strip().partition("\n")
    if not rest.strip()[:1].isupper() or len(first.split()) > 20:
        return None
    names = _name_line(first)
    return (names, rest) if names and subject(_tidy(first)) is None else None


def _subject_entries(text: str, node_id: str, whole: list[str] | None = None) -> list[DutyEntry]:
    """Entries for a sentence whose subject is a body: the subject (and partners if it leads)."""
    found = _subject_split(text)
    if not found:
        return []
    name, predicate = found
    duties = _not_closing(whole) if whole is not None else [_tidy(text)]
    deadline = find_deadline(duties)
    fp = fold(predicate)
    role = ROLE_LEAD if fp.startswith("chu tri") else ROLE_PARTNER if fp.startswith("phoi hop") else ROLE_DO
    out = [DutyEntry(u, role, duties, deadline, node_id) for u in split_units(name)]
    if role == ROLE_LEAD:
        out += [DutyEntry(u, ROLE_PARTNER, duties, deadline, node_id) for u in _partners(predicate)]
    return out


def _label_role(label: re.Match[str]) -> str:
    """The role a `_LABEL_RE` match gives (`Đơn vị chủ trì:` → chủ trì, `… phối hợp:` → phối hợp)."""
    return {"chu tri": ROLE_LEAD, "phoi hop": ROLE_PARTNER}.get(fold(label.group(1)), ROLE_DO)


def _label_units(value: str, role: str = ROLE_DO) -> list[tuple[str, str]]:
    """The bodies a label names, with their roles. A label printed as sentences ("Cơ quan thực hiện: Sở
    Khoa học và Công nghệ tiến hành rà soát …; các sở, ngành liên quan và Ủy ban nhân dân các xã,
    phường rà soát …") names the subjects of its clauses; a plain list is split at its commas. Under
    a label that gives no role of its own (`Cơ quan thực hiện:`), a clause "X chủ trì, phối hợp với
    Y …" makes X lead and each Y a partner."""
    if subject(value) is None:
        return [(u, role) for u in split_units(value)]
    out: list[tuple[str, str]] = []
    for clause in re.split(r";|\.\s+(?=[A-ZĐÀ-Ỹ])", value):
        clause = re.sub(r"^\s*(?:đồng thời|ngoài ra)\s*,\s*", "", clause.strip(), flags=re.IGNORECASE)
        found = subject(clause)
        if not found:
            continue
        predicate = clause[found[1] :].lstrip()
        lead = role == ROLE_DO and fold(predicate).startswith("chu tri")
        named = [(u, ROLE_LEAD if lead else role) for u in split_units(found[0])]
        named += [(u, ROLE_PARTNER) for u in _partners(predicate)] if lead else []
        for unit, r in named:
            if all(fold(unit) != fold(u) for u, _ in out):
                out.append((unit, r))
    return out


_EMPTY_LABEL = re.compile(
    r"(?:^|\n)\s*[-+]?\s*" + _LABEL_HEAD + r"(?:chủ trì|phối hợp|thực hiện)[^:\n]{0,30}:\s*$", re.I
)


def _labelled(node: Node, owner: str) -> list[DutyEntry]:
    """Blocks "duty bullets … Đơn vị chủ trì: X. Đơn vị phối hợp: Y. Thời gian thực hiện: Z".

    When the labels are the item's bullets ("- Đơn vị chủ trì: Sở Tư pháp."), the item's own text
    (after its heading) is the duty, and a "Thời gian thực hiện" bullet after the labels gives the
    deadline of the whole block."""
    out: list[DutyEntry] = []
    pending: list[str] = []
    block: list[DutyEntry] = []  # entries of the current block, waiting for a later time label
    parts = node.children or [node]
    if node.children and node.heading and node.text.startswith(node.heading):
        own = _tidy(node.text[len(node.heading) :])
        if not own:  # a bold title run into its sentence: "… pháp luật Tham mưu, đề xuất …"
            own = " ".join(run_in(_tidy(node.text))[1:])
        if own and not _LABEL_RE.search("\n" + _label_lines(own)):
            pending.append(own)
    for part in parts:
        text = _label_lines(part.text if part is not node else (node.text[len(node.heading or "") :]))
        if part is not node and _EMPTY_LABEL.search(text) and part.children:
            # "- Cơ quan thực hiện:" over `+` lines, each a sentence naming its body
            text = text.rstrip() + " " + "; ".join(_tidy(c.text) for c in part.children)
        labels = list(_LABEL_RE.finditer("\n" + text))
        times = list(_TIME_RE.finditer("\n" + text))
        first = min([m.start() for m in labels + times], default=None)
        body = ("\n" + text)[:first] if first is not None else text
        if body.strip():
            pending.append(_tidy(body))
            block = []
        deadline = _tidy(times[0].group(1)).rstrip(".") if times else None
        if not labels:
            for e in block:
                e.deadline = e.deadline or deadline
            continue
        duties = list(pending) or (block[0].duties if block else [])  # a label bullet after a label bullet
        for m in labels:
            for unit, role in _label_units(m.group(2), _label_role(m)):
                entry = DutyEntry(unit, role, list(duties), deadline, owner)
                out.append(entry)
                block.append(entry)
        pending = []
    return out


_TASK_FIELD = re.compile(r"^\s*(?:Nội dung\s+)?nhiệm vụ\s*:\s*", re.IGNORECASE)


def _field_block(node: Node) -> tuple[list[DutyEntry], set[int]] | None:
    """A task printed as fields in lettered sub-items (Hà Nội's plans): `a) Nhiệm vụ: …`, `b) Cơ quan
    thực hiện:` with `- Đơn vị chủ trì: X` / `- Đơn vị phối hợp: Y`, `c) Thời gian thực hiện: …`.
    The task is the item's (its label is the item's, not the sub-item's), the duty is the `Nhiệm vụ`
    field, the deadline the time field. Returns the entries and the ids of the sub-items read."""
    kids = [c for c in node.children if c.kind not in ("bullet", "plus")]
    task = next((c for c in kids if _TASK_FIELD.match(c.text)), None)
    who = next((c for c in kids if c is not task and _has_labels(c)), None)
    first = _first_letter(node)  # `a) Nhiệm vụ:` run into the item's heading, its bullets the item's
    if task is None and first is not None and _TASK_FIELD.match(first):
        task = node.model_copy(
            update={"text": first, "children": [c for c in node.children if c not in kids]}
        )
    if task is None or who is None:
        return None
    own = _tidy(_TASK_FIELD.sub("", task.text.split("\n")[0], count=1))
    bullets = [_tidy(c.text) for c in task.children if c.kind in ("bullet", "plus")]
    duties = [d for d in sentences(own) + bullets if d]  # the field's sentences, else its bullets
    deadline = None
    for c in kids:
        found = _TIME_RE.search("\n" + c.text)
        if found:
            deadline = _tidy(found.group(1)).rstrip(".")
            break
    entries = []
    for part in [who, *(c for c in who.children if c.kind in ("bullet", "plus"))]:
        for m in _LABEL_RE.finditer("\n" + _label_lines(part.text)):
            role = _label_role(m)
            entries += [DutyEntry(u, role, list(duties), deadline, node.id) for u in split_units(m.group(2))]
    read = {id(n) for k in kids for n in _walk([k])}
    return entries, read


def _first_letter(node: Node) -> str | None:
    """The text of an item's first lettered point when the normalized text runs it into the item's
    heading (`Về các nền tảng số a) Nhiệm vụ:`, `Các doanh nghiệp công nghệ số a) Doanh nghiệp …`),
    the points after it parsed as the item's children `b)`, `c)`: None otherwise."""
    if not node.heading or any(c.kind == "letter" and c.id.endswith(".a") for c in node.children):
        return None
    rest = _tidy(node.text)[len(_tidy(node.heading)) :].strip()
    m = re.match(r"a\)\s+(\S.*)", rest)
    has_b = any(c.kind == "letter" and c.id.endswith(".b") for c in node.children)
    return m.group(1) if m and has_b else None


def _has_labels(node: Node) -> bool:
    """Does the node's own text or one of its bullets carry a label block? (A child item with labels
    of its own is read as a node of its own.)"""
    own = [node, *(c for c in node.children if c.kind in ("bullet", "plus"))]
    empty = [n for n in own[1:] if n.children and _EMPTY_LABEL.search(n.text)]  # its bodies on `+` lines
    return bool(empty) or any(_LABEL_RE.search("\n" + _label_lines(n.text)) for n in own)


# What a heading that names bodies may end with: "… có trách nhiệm:", "… thực hiện các nhiệm vụ sau:".
_NAME_TAIL = re.compile(
    r"(?:\s+(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|thực hiện(?:\s+(?:các|một số))?\s+"
    r"(?:nhiệm vụ|nội dung)[^:.;]{0,30}))?\s*:?\s*$",
    re.IGNORECASE,
)


# "Đề nghị:" or "Đề nghị" before the bodies it asks ("9. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
_REQUEST = re.compile(r"^đề nghị\s*:?\s*", re.IGNORECASE)


# A bracket after a heading's name saying the body's part: "(cơ quan chủ trì)", "(cơ quan thường trực)".
_ROLE_GLOSS = re.compile(r"\s*\((?:cơ quan|đơn vị)\s+(?:chủ trì|thường trực|đầu mối|phối hợp)[^()]*\)\s*$")


# A heading naming a kind of body and, in brackets, the departments it means ("(gồm các Sở: A, B)")
_LISTED_IN_BRACKET = re.compile(
    r"\((?:bao\s+)?gồm\s+((?:các|những)\s+(?:Sở|Bộ|Cục|Phòng)\s*:[^()]+)\)\s*$", re.I
)


def _run_in_names(text: str) -> str | None:
    """The sentence after a bold heading of names run into it, the sentence's subject one of them
    ("Sở Khoa học và Công nghệ, Sở Nội vụ Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ …"):
    the heading only names the bodies that the sentence gives their roles. None when the text does
    not open so."""
    words = text.split()
    for k in range(2, min(len(words) - 2, 32)):
        head, rest = " ".join(words[:k]), " ".join(words[k:])
        names = [fold(n) for n in split_units(head)] if starts_unit(head) else []
        if not rest[:1].isupper() or not names or not any(fold(rest).startswith(n + " ") for n in names):
            continue
        if subject(rest) is not None:
            found = subject(rest)
            if found and fold(found[0]) in names:
                return rest
    return None


def _name_line(heading: str) -> list[str] | None:
    """A heading that only names bodies ("Ban Tuyên giáo Huyện ủy", "UBND huyện chỉ đạo A, B",
    "UBND các huyện, thành phố có trách nhiệm:"), a request to bodies outside the issuer's command
    included ("Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh, …")."""
    heading = _NAME_TAIL.sub("", _REQUEST.sub("", _tidy(heading), count=1), count=1)
    heading = _ROLE_GLOSS.sub("", heading)  # "Sở Tài chính (cơ quan chủ trì)"
    if not starts_unit(heading):
        return None
    listed = _LISTED_IN_BRACKET.search(heading)
    if listed:  # "Các cơ quan tham mưu quản lý ngành (gồm các Sở: Xây dựng, …)": the bodies it lists
        return [listed.group(1)]
    names = re.split(r"\s+chỉ đạo\s+", heading, maxsplit=1)
    if subject(names[0]) is not None or (len(names) > 1 and not starts_unit(names[1])):
        return None
    return names


# Closing paragraphs run into the last item by the parser: not a duty of that item's unit.
_CLOSING = ("trong qua trinh thuc hien", "tren day la", "qua trinh thuc hien")


def _paragraphs(text: str) -> list[str]:
    """A bullet's text cut where a line ends a sentence and the next starts with a capital: the
    bullets of a scan whose dashes were lost to OCR ("- Là đơn vị đầu mối ….\nPhối hợp với …").
    A closing paragraph ("Trong quá trình thực hiện, nếu có khó khăn …") is left out."""
    parts = re.split(r"(?<=[.;])[ \t]*\n(?=[^\W\d_a-zđ])", text.strip())
    out = [t for t in (_tidy(p) for p in parts) if t]
    return [t for i, t in enumerate(out) if i == 0 or not fold(t).startswith(_CLOSING)]


def _not_closing(duties: list[str]) -> list[str]:
    """The duties without the plan's closing paragraph that the parser ran into the last item ("Trong
    quá trình thực hiện, nếu có khó khăn, vướng mắc …", "Trên đây là Kế hoạch …")."""
    return [d for i, d in enumerate(duties) if i == 0 or not fold(d).startswith(_CLOSING)]


def _name_entries(names: list[str], duties: list[str], node_id: str) -> list[DutyEntry]:
    duties = _not_closing(duties)
    units = [u for n in names for u in split_units(n)]
    deadline = find_deadline(duties)
    role = _role_of(duties)
    return [DutyEntry(u, role, duties, deadline, node_id) for u in units]


def _colon_names(text: str) -> tuple[list[str], str] | None:
    """ "Sở Tài chính: tham mưu …", "Các sở, ban, ngành; UBND các xã, phường: căn cứ …": the names
    before the colon and the text after it."""
    head, sep, rest = text.partition(":")
    if not sep or len(head.split()) > 32:
        return None
    names = _name_line(head)
    return (names, rest.strip()) if names else None


def is_name_item(item: Node) -> bool:
    """Does an item open by naming the bodies its text assigns ("1. Sở Nội vụ", "2. Sở Tài chính:
    tham mưu …", "9. Đề nghị Ủy ban MTTQ tỉnh Tăng cường …")?"""
    if item.kind in ("bullet", "plus", "section", "chapter"):
        return False
    if item.heading and _name_line(item.heading) is not None:
        return True
    if item.heading and item.heading != item.text:
        return False
    text = _tidy(item.text)
    if _colon_names(text) or _first_line_names(item):
        return True
    found = _subject_split(text)
    return found is not None and found[1][:1].isupper()


def _assignment(item: Node) -> list[DutyEntry]:
    """Entries of one item of a duties section."""
    kids = [p for c in item.children if c.text.strip() for p in _paragraphs(c.text)]
    heading = item.heading
    text = _tidy(item.text)
    out: list[DutyEntry] = []
    if not heading:
        text = _run_in_names(text) or text
    names = _name_line(heading) if heading else None
    if names and heading:
        own = text[len(_tidy(heading)) :].strip()
        first = _first_letter(item)
        duties = ([first] if first else []) + kids if kids else sentences(own)
        if not duties:
            return []
        out = _name_entries(names, duties, item.id)
        out += _listed_partners(item, [e.unit for e in out])
    elif not heading or heading == item.text:
        colon = _colon_names(text)
        if colon:
            return _name_entries(colon[0], sentences(colon[1]) + kids, item.id)
        lined = _first_line_names(item)
        if lined:
            return _name_entries(lined[0], _paragraphs(lined[1]) + kids, item.id)
        found = _subject_split(text)
        if not found:  # a title run into its sentences ("Chế độ thông tin, báo cáo Các sở, ngành …")
            return _sentence_entries(sentences(_after_run_in_title(text)) + kids, item.id)
        name, predicate = found
        if predicate[:1].isupper():  # "1. Các tổ chức cơ sở Đảng trực thuộc Căn cứ …": a name line
            return _name_entries([name], sentences(predicate) + kids, item.id)
        return _subject_entries(text, item.id, sentences(text) + kids)
    if not names and heading:  # a task's title ("3. Chế độ báo cáo"): each sentence that starts with a body
        own = sentences(text[len(_tidy(heading)) :].strip())
        return _sentence_entries(own + [x for c in item.children for x in sentences(_tidy(c.text))], item.id)
    # Bullets whose own subject is another body ("Ban Xây dựng … chủ trì, phối hợp với …"), or
    # that hand a duty to one ("Giao Thanh tra thành phố tổ chức thanh tra …").
    own_names = {fold(e.unit) for e in out}
    _add_named_pluses(item, out)
    for child in item.children:
        sub = _subject_entries(_tidy(child.text), item.id)
        if any(fold(e.unit) in own_names for e in sub if e.role == sub[0].role):
            continue  # the item's own body as the bullet's subject ("…, Sở Tài chính phối hợp với …")
        given = fold(child.text.lstrip()).startswith("giao ")
        out += [e for e in sub if given or e.role in (ROLE_LEAD, ROLE_PARTNER)]
    return out


_LEAD_WITH = re.compile(r"^chu tri\s*,?\s*phoi hop(?:\s+voi)?\s*:?$")
_RELATED = re.compile(r"\b(?:co\s+)?lien quan$")  # "các đơn vị có liên quan": a kind, not a body named


def _listed_partners(item: Node, own: list[str]) -> list[DutyEntry]:
    """The partners of a point that reads only "Chủ trì, phối hợp" (with `với`, a colon) and lists
    them in its bullets, each bullet a clause whose subject is the partner ("- Sở Tài chính và các
    đơn vị có liên quan tham mưu …"): one entry per body (phối hợp) with the bullets naming it, under
    the item. Bodies named only by their kind (`các đơn vị có liên quan`) are left out."""
    out: dict[str, DutyEntry] = {}
    mine = {fold(u) for u in own}
    for point in item.children:
        if not _LEAD_WITH.match(" ".join(fold(_tidy(point.text)).split())):
            continue
        for bullet in (c for c in point.children if c.kind in ("bullet", "plus")):
            duty = _tidy(bullet.text)
            found = _subject_split(duty)
            for unit in split_units(found[0]) if found else []:
                key = fold(clean(unit))
                if key in mine or _RELATED.search(key):
                    continue
                entry = out.setdefault(key, DutyEntry(clean(unit), ROLE_PARTNER, [], None, item.id))
                entry.duties.append(duty)
    for entry in out.values():
        entry.deadline = find_deadline(entry.duties)
    return list(out.values())


def _add_named_pluses(item: Node, out: list[DutyEntry]) -> None:
    """`+` lines under an item's bullet that give one of its bodies its own share ("- Phối hợp hướng
    dẫn …. Trong đó: / + Sở Xây dựng: hướng dẫn … / + Sở Công Thương: …"): each is a further duty of
    the body it names, added to that body's entry of the item (a new entry when the item did not
    name it)."""
    for bullet in item.children:
        for plus in (c for c in bullet.children if c.kind == "plus"):
            colon = _colon_names(_tidy(plus.text))
            if not colon:
                continue
            duty = _tidy(plus.text)
            for unit in (u for n in colon[0] for u in split_units(n)):
                same = next((e for e in out if fold(e.unit) == fold(unit)), None)
                if same is None:
                    out.append(DutyEntry(unit, None, [duty], find_deadline([duty]), item.id))
                elif duty not in same.duties:
                    same.duties = [*same.duties, duty]  # the item's bodies share one list of its duties


def _after_run_in_title(text: str) -> str:
    """The text after a short title run into it ("Kinh phí Sở Tài chính chủ trì …" -> "Sở Tài chính
    chủ trì …"): a capitalized word after a lower-case one within the first nine words, starting a
    sentence whose subject is a body. A text that opens with a verb has no title ("Tham mưu Ủy ban
    nhân dân tỉnh ban hành …")."""
    if starts_verb(text):
        return text
    words = text.split()
    for i in range(1, min(len(words), 9)):
        if words[i][:1].isupper() and words[i - 1][-1:].islower():
            rest = " ".join(words[i:])
            if subject(rest) is not None:
                return rest
    return text


def _sentence_entries(texts: list[str], node_id: str) -> list[DutyEntry]:
    """One entry per body (and role) that a sentence, or a clause after ";", starts with; a body met
    again gathers the later sentences as its further duties."""
    found: list[DutyEntry] = []
    for sentence in (piece for x in texts for piece in run_in(x)):
        for clause in sentence.split(";"):
            clause = _POINT.sub("", clause.strip())
            if _subject_split(clause) is None and _after_title_colon(clause):
                clause = _after_title_colon(clause)
            for e in _subject_entries(clause, node_id, [sentence]):
                same = next((f for f in found if f.unit == e.unit and f.role == e.role), None)
                if same is None and e.role == ROLE_DO:  # "(3) Bộ Công an …" after "(2) Bộ Công an chủ trì …"
                    same = next((f for f in found if f.unit == e.unit), None)
                if same and sentence not in same.duties:
                    same.duties.append(sentence)
                elif not same:
                    found.append(e)
    return found


_ITEM_LABEL = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*")


def _source_headings(doc: Document) -> dict[str, str]:
    """Item headings that the source prints as a paragraph of their own in bold or italics
    (`**3. Sở Công Thương**`, then a blank line, then `Hỗ trợ cho …`) and that the normalized text runs
    into the paragraph after them ("3. Sở Công Thương Hỗ trợ cho …", "2. Về các nền tảng số a) Nhiệm
    vụ:"): node id -> the heading as the item's text begins. Read from the raw text through the
    offset map; {} for a source without marks."""
    if not doc.raw_text or not doc.offset_map:
        return {}
    out, raw = zip(*doc.offset_map, strict=True)
    mapped = MappedText(doc.text, list(out), list(raw), len(doc.raw_text))
    heads: dict[str, str] = {}
    for node in _walk(_outline(doc)):
        if node.kind in ("bullet", "plus", "section", "chapter") or (
            node.heading and node.heading != node.text
        ):
            continue
        start = mapped.to_raw(node.span[0])
        line = doc.raw_text[doc.raw_text.rfind("\n", 0, start) + 1 : start]
        mark = line.strip()
        if mark not in ("*", "**"):
            continue
        end = doc.raw_text.find(mark, start)
        after = doc.raw_text[end + len(mark) : end + len(mark) + 4] if end > 0 else ""
        printed = doc.raw_text[start:end] if end > 0 else ""
        if not printed or "\n\n" in printed or not re.match(r"[ \t]*\n[ \t]*\n", after):
            continue
        head = _tidy(_ITEM_LABEL.sub("", _tidy(printed), count=1))
        text = _tidy(node.text)
        if len(head.split()) >= 1 and len(text) > len(head) and fold(text).startswith(fold(head) + " "):
            heads[node.id] = text[: len(head)]
    return heads


def _headed(node: Node, heads: dict[str, str]) -> Node:
    """The node with the heading its source prints (`_source_headings`), when the parse lost it."""
    return node.model_copy(update={"heading": heads[node.id]}) if node.id in heads else node


def _outline(doc: Document) -> list[Node]:
    """The body outline and the annexes' (a Kế hoạch or Quy chế issued with a Quyết định is its annex)."""
    return [*doc.outline, *(n for annex in doc.annexes for n in annex.outline)]


def is_duty_heading(heading: str) -> bool:
    """Does a heading open a section that hands out duties ("TỔ CHỨC THỰC HIỆN", "Phân công
    nhiệm vụ", "Trách nhiệm các cơ quan, đơn vị")? It must start so: a task that speaks of
    responsibility ("Nâng cao nhận thức, trách nhiệm của các cơ quan …") is not one."""
    head = " ".join(re.sub(r"[^\w\s]", " ", fold(heading[:80])).split())
    return head.startswith(_SECTION_KEYS)


def _after_title(text: str) -> str:
    """The text of a section whose title runs into it ("Tổ chức thực hiện Trưởng các đơn vị …"):
    what follows the title's words (nothing when the text does not open with them)."""
    tidy = _tidy(text)
    folded = fold(tidy)
    for key in _SECTION_KEYS:
        if folded.startswith(key) and len(folded) > len(key) and not folded[len(key)].isalnum():
            return tidy[len(key) :].lstrip(" :.-")
    return ""


def _duty_sections(doc: Document) -> list[Node]:
    return [
        node
        for node in _walk(_outline(doc))
        if node.kind in _SECTION_KINDS and is_duty_heading(node.heading or node.text)
    ]


def _unit_lists(
    doc: Document, sections: list[Node], in_sections: set[int], heads: dict[str, str] | None = None
) -> list[DutyEntry]:
    """Items outside a duties section that list bodies one by one, each with its duties: the
    directives of a Chỉ thị ("4. Sở Nông nghiệp và Môi trường / a) …"), "II. Nhiệm vụ cụ thể /
    1. Sở Nội vụ: …". At least two sibling items must open with a body's name. The clauses of an
    article (Điều) are left out: a Quy chế's articles outside its duties chapter set standing rules
    of operation ("Điều 10. Quản lý, vận hành hệ thống …"), not the duties of carrying out a plan."""
    out: list[DutyEntry] = []
    parents: list[tuple[Node | None, list[Node]]] = [(None, doc.outline)]
    parents += [(None, annex.outline) for annex in doc.annexes]
    parents += [(n, n.children) for n in _walk(_outline(doc)) if n.children]
    for parent, kids in parents:
        if parent is not None and (id(parent) in in_sections or parent.kind not in ("section", "item")):
            continue
        heads = heads or {}
        kids = [_headed(k, heads) for k in kids]
        named = [k for k in kids if not _has_labels(k) and is_name_item(k) and names_body(_tidy(k.text))]
        # An item whose sentence has a body for its subject addresses that body too ("c) Văn phòng
        # Chính phủ chủ trì tham mưu …"), also after a title ("Đẩy mạnh …: (1) Các bộ, ngành …").
        # Sentences alone ("Sở Tài chính, trên cơ sở …, chủ trì tổng hợp …" under "Kinh phí") do not
        # make a list of bodies: one item must name its body, or two give titled points to bodies.
        # The list starts at its first named item: a Chỉ thị's opening principles ("1. Các cơ quan quản
        # lý nhà nước, tổ chức, cá nhân liên quan có trách nhiệm …") come before it.
        start = kids.index(named[0]) if named else 0
        addressing = [k for k in kids[start:] if k not in named and _addresses(k)]
        titled = [k for k in addressing if not _addresses(k, titled=False)]
        if named or len(titled) >= 2:
            named += addressing
        if len(named) >= 2:
            for item in sorted(named, key=kids.index):
                out += _assignment(item)
    return out


def _addresses(item: Node, titled: bool = True) -> bool:
    """Does an item (not a bullet) open with a sentence whose subject is a body (with `titled`, also
    after a title and its colon)?"""
    if item.kind in ("bullet", "plus", "section", "chapter") or _has_labels(item):
        return False
    if item.heading and item.heading != item.text:
        return False
    text = _tidy(item.text)
    texts = (text, _after_title_colon(text)) if titled else (text,)
    return any(names_body(t) and _subject_split(t) is not None for t in texts)


_POINT = re.compile(r"^\(\d+\)\s*")  # an inline point "(1) …", "(2) …"


def _after_title_colon(text: str) -> str:
    """The text after a task's title and its colon ("Đẩy mạnh cắt giảm thủ tục hành chính: (1) Các
    bộ, ngành …" -> "Các bộ, ngành …"), without the point's number; "" without such a colon."""
    head, sep, rest = text.partition(":")
    if not sep or len(head.split()) > 30:
        return ""
    return _POINT.sub("", rest.strip())


def _task_table(doc: Document) -> list[TaskRow]:
    """Task rows of the source file's tables (.docx, PDF, Markdown/web pipe tables). A table that
    cannot be read gives no rows: the duties of the text stand without it. (A scan's OCR text may
    not show the table's header at all, so no word of the text gates the reading of its pages.)"""
    path = doc.source.path
    if not path or not Path(path).is_file():
        return []
    try:
        return table_rows(path)
    except Exception:  # pdfminer/python-docx errors on a damaged file: no table, not a crash
        return []


def _anchor(task: str) -> re.Pattern[str] | None:
    """A pattern finding a task cell's first words in the folded document text, whatever stands
    between them there (line breaks, `|`, `**`)."""
    words = re.findall(r"\w+", fold(task))[:6]
    return re.compile(r"\W+".join(map(re.escape, words))) if len(words) >= 3 else None


def _table_place(folded: str, rows: list[TaskRow], after: int = 0) -> int | None:
    """Where a table's text stands in the document (`folded`: its folded text): the first of its
    first rows' tasks found from `after` (where the table before it stands: a report's annex lists
    again the tasks of the annex above it)."""
    for row in rows[:5]:
        pattern = _anchor(row.task)
        places = [m.start() for m in pattern.finditer(folded, after)] if pattern else []
        if places:  # the task printed in the body too ("- Rà soát …" in section III): the cell is the
            # place where the row's units follow its task
            return next((p for p in places if _units_follow(folded, p, row)), places[0])
    return None


def _units_follow(folded: str, at: int, row: TaskRow) -> bool:
    """Does a row's first unit stand right after its task found at `at` (within the task's length and
    a few cells more)?"""
    if not row.units:
        return False
    name = " ".join(re.findall(r"\w+", fold(row.units[0][0]))[:4])
    window = " ".join(re.findall(r"\w+", folded[at : at + len(row.task) + 300]))
    return bool(name) and name in window


def _table_prefix(doc: Document, at: int | None) -> str:
    """The label prefix of a table's rows: `A<k>:` in the k-th annex, else the id of the outline node
    the table stands under (the last non-bullet node before it) and `:`; "" when neither is known."""
    if at is None:
        return ""
    for k, annex in enumerate(doc.annexes, start=1):
        if annex.span and annex.span[0] <= at < annex.span[1]:
            return f"A{k}:"
    before = [n for n in doc.nodes() if n.kind not in ("bullet", "plus") and n.span[0] <= at]
    return f"{before[-1].id}:" if before else ""


def _table_entries(doc: Document) -> list[DutyEntry]:
    """The entries of the task tables' rows, labelled `<annex or node>:row <number>` (`A1:row 3`,
    `II:row I.2`): the row's printed number, so the label does not depend on how rows are counted
    (`tables.TaskRow`)."""
    rows = _task_table(doc)
    if not rows:
        return []
    folded = fold(doc.text)  # once: every table is looked for in it
    tables = []  # (prefix, where, rows) of each table, in document order
    after = 0
    for table in sorted({r.table for r in rows}):
        these = [r for r in rows if r.table == table]
        at = _table_place(folded, these, after)
        if at is None:  # not found after the table above: anywhere
            at = _table_place(folded, these)
        if at is not None:  # the next table stands below this one's last row
            after = (_table_place(folded, these[-1:], at) or at) + 1
        tables.append((_table_prefix(doc, at), at, these))
    out: list[DutyEntry] = []
    by_unit: dict[tuple[str, str], DutyEntry] = {}  # (label, folded unit) → its entry
    for prefix, at, these in tables:
        group = _heading_group(doc, prefix, at, these, tables)
        for row in these:
            label = f"{prefix}row {group}{row.number}"
            for unit, role in row.units:
                same = by_unit.get((label, fold(unit)))
                if same is None:
                    by_unit[label, fold(unit)] = entry = DutyEntry(
                        unit, role, [row.task], row.deadline, label
                    )
                    out.append(entry)
                    continue
                # a unit named again at the row (a sub-row's task, a cell naming it twice): one entry,
                # its tasks gathered, leading if it leads one of them
                if row.task not in same.duties:
                    same.duties.append(row.task)
                if role == ROLE_LEAD:
                    same.role = ROLE_LEAD
    return out


def _heading_group(doc: Document, prefix: str, at: int | None, these: list, tables: list) -> str:
    """`2.` when an annex holds several tables whose numbers start again (`1. …` / table, `2. …` /
    table): the number of the annex's heading the table stands under goes before its rows' numbers
    (`A1:row 2.46`), as a group row's does; "" when the table's numbers are its own."""
    mine = {r.number for r in these}
    clash = any(p == prefix and rs is not these and mine & {r.number for r in rs} for p, _, rs in tables)
    if not clash or at is None or not prefix.startswith("A"):
        return ""
    k = int(prefix[1:-1])
    annex = doc.annexes[k - 1]
    before = [
        n for n in _walk(annex.outline) if n.kind not in ("bullet", "plus") and n.span and n.span[0] <= at
    ]
    return f"{before[-1].id.partition(':')[2]}." if before else ""


def extract_duties(doc: Document) -> list[DutyEntry]:
    """Every responsible unit the plan names, in document order, each with its duties."""
    entries: list[DutyEntry] = []
    sections = _duty_sections(doc)
    in_sections = {id(n) for s in sections for n in _walk([s])}
    read: set[int] = set()  # sub-items already read as the fields of their item's task
    heads = _source_headings(doc)
    for node in _walk(_outline(doc)):
        if node.kind in ("bullet", "plus") or id(node) in read:
            continue
        fields = _field_block(_headed(node, heads))
        if fields is not None:
            entries += fields[0]
            read |= fields[1]
            continue
        if _has_labels(node):
            entries += _labelled(node, node.id)
        elif id(node) in in_sections and node not in sections and node.kind not in ("section", "chapter"):
            parent_is_section = any(node in s.children for s in sections)
            if parent_is_section:
                entries += _assignment(_headed(node, heads))
    entries += _unit_lists(doc, sections, in_sections, heads)
    for sec in sections:
        if any(c.kind not in ("bullet", "plus") for c in sec.children):
            continue
        # A section of sentences or bullets: one entry per body that a sentence starts with.
        own = _tidy(sec.text[len(sec.heading or "") :]) if sec.heading else _after_title(sec.text)
        texts = sentences(own) + [x for c in sec.children for x in sentences(_tidy(c.text))]
        entries += _sentence_entries(texts, sec.id)
    entries += _table_entries(doc)
    for e in entries:
        e.unit = clean(e.unit)
    order: dict[str, int] = {}
    for node in _walk(_outline(doc)):
        order.setdefault(node.id, len(order))

    def rank(e: DutyEntry) -> int:  # a table's rows right after the node they stand under
        return order.get(e.node_id, order.get(e.node_id.partition(":row ")[0], len(order)))

    return sorted(entries, key=rank)  # stable: a node's own order kept


_QUARTER_END = {
    "i": "03-31",
    "ii": "06-30",
    "iii": "09-30",
    "iv": "12-31",
    "1": "03-31",
    "2": "06-30",
    "3": "09-30",
    "4": "12-31",
}


def due_date(deadline: str | None, year: str | None = None) -> str | None:
    """The ISO date a printed deadline falls due, or None for frequencies and vague terms.

    "trước ngày 15/12" (year from the plan) -> 2022-12-15; "Tháng 12/2025" -> 2025-12-31;
    "Quí I/2024" -> 2024-03-31; "29/6/2026 - 09/7/2026" -> the last date, 2026-07-09.
    """
    if not deadline:
        return None
    f = fold(deadline)
    dates = re.findall(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", f)
    if dates:
        d, m, y = dates[-1]
        y = y or year
        if y and 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            return f"{y}-{int(m):02d}-{int(d):02d}"
    m2 = re.search(r"(\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?", f)
    if m2 and (m2.group(3) or year):
        return f"{m2.group(3) or year}-{int(m2.group(2)):02d}-{int(m2.group(1)):02d}"
    q = re.search(r"qu[iy] ([iv]+|[1-4])(?:/(\d{4}))?", f)
    if q and (q.group(2) or year) and q.group(1) in _QUARTER_END:
        return f"{q.group(2) or year}-{_QUARTER_END[q.group(1)]}"
    mo = re.search(r"thang (\d{1,2})/(\d{4})", f)
    if mo and 1 <= int(mo.group(1)) <= 12:
        import calendar

        y, mth = int(mo.group(2)), int(mo.group(1))
        return f"{y}-{mth:02d}-{calendar.monthrange(y, mth)[1]:02d}"
    return None
