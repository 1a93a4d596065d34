"""The outline tree: Roman sections, numbered items, lettered items, bullets.

Ids follow the printed labels (see notes/CONVENTIONS.md): `II`, `II.1`,
`II.1.3`, `IV.2.b`, bullets `II.1.3.-2`, plus bullets `II.1.3.-2.+1`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kehoach.model import Node
from kehoach.parse.paragraphs import Para
from kehoach.patterns import LEGAL_GROUPS, LIST_MARKER, may_open_list_marker


@dataclass(slots=True, eq=False)
class _Draft:
    """A node under construction (compared by identity: ids are unique, so no two drafts are equal)."""

    id: str
    label: str
    kind: str
    depth: int  # 0 section, 1.. numbered depth, 10 letter, 20 bullet, 30 plus
    texts: list[str]
    start: int
    end: int
    children: list[_Draft] = field(default_factory=list)

    def to_node(self, to_raw) -> Node:
        # one validation of the whole subtree (in pydantic's core) instead of one `Node(...)` a node
        return Node.model_validate(self.fields(to_raw))

    def fields(self, to_raw) -> dict:
        """The `Node` fields of this node and its subtree."""
        texts = self.texts
        text = texts[0] if len(texts) == 1 else "\n".join([t for t in texts if t])  # most nodes: one text
        children = [c.fields(to_raw) for c in self.children] if self.children else []
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "heading": text if children and self.kind not in ("bullet", "plus") else None,
            "text": text,
            "span": (self.start, self.end),
            "raw_span": to_raw(self.start, self.end) if to_raw else None,
            "children": children,
        }


def marker_of(text: str) -> tuple[str, str, re.Match[str]] | None:
    """(kind-group, label, match) of the list marker that opens `text`, if any."""
    m = LIST_MARKER.match(text) if may_open_list_marker(text) else None
    if not m or not m.lastgroup:  # each alternative of LIST_MARKER holds one named group
        return None
    group = m.lastgroup
    if group in LEGAL_GROUPS:  # `Điều 1.`, `Chương I`: words keep their space
        return group, " ".join(m.group(0).split()), m
    return group, "".join(m.group(0).split()), m


def is_outline_start(text: str) -> bool:
    """True when the paragraph opens a Roman section or a numbered item."""
    mk = marker_of(text)
    return bool(mk and mk[0] in ("roman", "capital", "num", "num2", "part", "chapter", "article"))


MAX_DEPTH = 12
"""No outline is deeper than this (section, four number levels, letter, bullet, plus fit in 8):
a node that would go deeper is attached beside its would-be parent, so no reader of the tree
(JSON, the store, the web page) recurses without bound on hostile input."""

_NUMBERED = ("section", "item", "subitem", "subsubitem", "part", "chapter", "division", "article", "clause")
_LEGAL_PARENTS = {
    "part": (),
    "chapter": ("part",),
    "division": ("chapter",),
    "article": ("division", "chapter", "part"),
}
_LEGAL_IDS = {"part": "P", "chapter": "C", "division": "M", "article": "D"}


class OutlineBuilder:
    """Feeds paragraphs in order; keeps the path of open nodes from the root.

    Every node is attached to a node on the open path, so the tree is built without recursion
    and its depth is bounded: numbers whose parent is not printed (`1.1.`, `1.2.`, `2.1.` with no
    `1.`) are siblings under the nearest shallower number, never a chain.
    """

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.roots: list[_Draft] = []
        self.section: _Draft | None = None
        self.numbered: dict[str, _Draft] = {}
        self.path: list[_Draft] = []  # open nodes, root first
        self.last: _Draft | None = None
        self.ids: set[str] = set()
        self.repeats: dict[str, int] = {}  # id → how many times its label was printed again (`IV~2`)
        self.loose: list[Para] = []  # paragraphs before the first node
        self.counts: dict[tuple[int, str], int] = {}  # (parent, kind) → bullets so far
        self.capital_kind: str | None = None  # what `A.` `B.` are in the current part or section
        self.articles = False  # whether an article (`Điều 1.`) was opened

    def _unique(self, node_id: str) -> str:
        full = f"{self.prefix}{node_id}"
        if full not in self.ids:
            self.ids.add(full)
            return full
        # the next free `~k`: only this method makes `~` ids, one after the other, so a count per id
        # finds it (a scan from `~2` made 10,000 items printed `1.` take quadratic time)
        k = self.repeats.get(full, 1) + 1
        self.repeats[full] = k
        self.ids.add(f"{full}~{k}")
        return f"{full}~{k}"

    def _open_parent(self, accept) -> _Draft | None:
        """The deepest open node `accept` takes, or None (root)."""
        for node in reversed(self.path):
            if accept(node):
                return node
        return None

    def _attach(self, parent: _Draft | None, node: _Draft) -> None:
        if parent is not None:
            at = self.path.index(parent) + 1
            if at >= MAX_DEPTH:  # too deep: beside the parent, under its own parent
                at -= 1
                parent = self.path[at - 1] if at else None
            del self.path[at:]
        else:
            self.path.clear()
        (parent.children if parent else self.roots).append(node)
        self.path.append(node)

    def add_text(self, para: Para) -> None:
        """One paragraph as text: of the last node, or before the first node (`loose`)."""
        if self.last is None:
            self.loose.append(para)
            return
        self.last.texts.append(para.text)
        self.last.end = para.end

    def add(self, para: Para) -> None:
        """Add one paragraph: a new node when it has a marker, else more text for the last node."""
        mk = marker_of(para.text)
        if mk is None:
            self.add_text(para)
            return
        group, label, m = mk
        body = para.text[m.end() :].strip()
        if group == "division" and not any(n.kind == "chapter" for n in self.path):
            group = None  # `Mục 1` outside a chapter is a plain numbered heading: read as text
        if group is None:
            self.add_text(para)
            return
        if group in LEGAL_GROUPS:
            # Phần / Chương / Mục / Điều: the legal outline of decisions and regulations
            parents = _LEGAL_PARENTS[group]
            parent = self._open_parent(lambda n: n.kind in parents) if parents else None
            number = m.group(group).split(None, 1)[1]
            number = " ".join(number.split())
            pid = f"{parent.id[len(self.prefix) :]}." if parent and group != "article" else ""
            node = _Draft(
                self._unique(f"{pid}{_LEGAL_IDS[group]}{number.replace(' ', '_')}"),
                label,
                group,
                0,
                [body],
                para.start,
                para.end,
            )
            self._attach(parent, node)
            self.section = None
            self.numbered = {}
            self.capital_kind = None
            self.last = node
            self.articles = self.articles or group == "article"
            return
        # (no article was ever opened in most plans: then none is open and none is looked for)
        article = self._open_parent(lambda n: n.kind in ("article", "section")) if self.articles else None
        if article is not None and article.kind == "article":
            if group in ("num", "num2") and "." not in "".join(m.group(group).split()):
                # `1.` inside an article is a clause (khoản)
                number = m.group(group).strip()
                node = _Draft(
                    self._unique(f"{article.id[len(self.prefix) :]}.{number}"),
                    label,
                    "clause",
                    1,
                    [body],
                    para.start,
                    para.end,
                )
                self._attach(article, node)
                self.numbered = {number: node}
                self.last = node
                return
            if group == "letter":  # `a)` inside an article is a point (điểm) of its clause
                parent = self._open_parent(lambda n: n.kind in ("clause", "article"))
                pid = parent.id[len(self.prefix) :] if parent else ""
                node = _Draft(
                    self._unique(f"{pid}.{m.group('letter')}"),
                    label,
                    "point",
                    10,
                    [body],
                    para.start,
                    para.end,
                )
                self._attach(parent, node)
                self.last = node
                return
        if group == "capital":
            # `A.` `B.`: above the Roman sections (`PHẦN THỨ HAI` / `A.` / `I.`) a division, inside
            # a Roman section (`III.` / `A.` / `1.`) a lettered heading; the first one decides
            if self.capital_kind is None:
                self.capital_kind = "letter" if self.section else "division"
            letter = m.group("capital")
            if self.capital_kind == "division":
                parent = self._open_parent(lambda n: n.kind in ("part", "chapter"))
                pid = f"{parent.id[len(self.prefix) :]}." if parent else ""
                node = _Draft(
                    self._unique(f"{pid}{letter}"), label, "division", 0, [body], para.start, para.end
                )
                self._attach(parent, node)
                self.section = None
            else:
                parent = self.section
                pid = f"{parent.id[len(self.prefix) :]}." if parent else ""
                node = _Draft(
                    self._unique(f"{pid}{letter}"), label, "letter", 0, [body], para.start, para.end
                )
                self._attach(parent, node)
            self.numbered = {}
        elif group == "roman":
            if self.capital_kind == "letter":
                self.capital_kind = None
            roman = m.group("roman")
            node = _Draft(self._unique(roman), label, "section", 0, [body], para.start, para.end)
            self._attach(None, node)
            self.section = node
            self.numbered = {}
        elif group in ("num", "num2"):
            parts = "".join(m.group(group).split()).split(".")
            local = ".".join(parts)
            base = f"{self.section.id[len(self.prefix) :]}." if self.section else ""
            parent = self.numbered.get(".".join(parts[:-1])) if len(parts) > 1 else None
            if parent is None or parent not in self.path:
                # parent not printed (or closed): the nearest open shallower number, else the section
                parent = self._open_parent(lambda n: n.kind in _NUMBERED and n.depth < len(parts))
            kind = ("item", "subitem", "subsubitem", "subsubitem")[min(len(parts), 4) - 1]
            node = _Draft(self._unique(base + local), label, kind, len(parts), [body], para.start, para.end)
            self._attach(parent, node)
            self.numbered[local] = node
        elif group == "letter":
            # a letter after a letter is its sibling: under the nearest open number or section
            parent = self._open_parent(lambda n: n.kind in _NUMBERED)
            pid = parent.id[len(self.prefix) :] + "." if parent else ""
            node = _Draft(
                self._unique(pid + m.group("letter")), label, "letter", 10, [body], para.start, para.end
            )
            self._attach(parent, node)
        elif group == "bullet":
            node = self._mark(
                self._open_parent(lambda n: n.kind not in ("bullet", "plus")), "-", "bullet", 20, body, para
            )
        else:  # plus: under the last bullet of the current item, else under the item
            node = self._mark(self._open_parent(lambda n: n.kind != "plus"), "+", "plus", 30, body, para)
        self.last = node

    def _mark(self, parent: _Draft | None, sign: str, kind: str, depth: int, body: str, para: Para) -> _Draft:
        """A `-` or `+` node, numbered among its parent's nodes of the same sign (`II.1.-2`, `II.1.-2.+1`)."""
        key = (id(parent), kind)
        n = self.counts[key] = self.counts.get(key, 0) + 1
        pid = parent.id[len(self.prefix) :] if parent else ""
        node_id = f"{pid}.{sign}{n}" if pid else f"{sign}{n}"
        node = _Draft(self._unique(node_id), sign, kind, depth, [body], para.start, para.end)
        self._attach(parent, node)
        return node

    def build(self, to_raw=None) -> list[Node]:
        return [d.to_node(to_raw) for d in self.roots]


QUOTE_REACH = 40
"""How many paragraphs of text a quoted passage may run before its closing quote is looked for no longer
(a quoted table's cells, shorter than `_CELL_LENGTH`, are not counted: an amended article quoting a table of
30 communes), and at most `CELLS_REACH` paragraphs of any kind."""
CELLS_REACH = 400
_CELL_LENGTH = 40


# an article heading as printed (`Điều 2.`, `**Điều 2.`), its number: the document's own next article
# ends a quoted passage whose closing mark was lost
_ARTICLE_HEAD = re.compile(r"[*_\s]*Điều\s+(\d{1,3})\s*[.:]")


# a paragraph opening on a quote (`**“Điều 7. Dự án 2: …`): a new quoted passage
_OPENS_QUOTE = re.compile(r"[*_\s]*“")


def _article_number(text: str) -> int | None:
    m = _ARTICLE_HEAD.match(text)
    return int(m.group(1)) if m else None


def quoted_paragraphs(paras: list[Para]) -> set[int]:
    """Indexes of the paragraphs inside a quoted passage that runs over several paragraphs: an
    amendment's new text (`1. Sửa đổi khoản 2 Điều 2 như sau:` / `“Điều 6. Quy trình …` / `1. Trước
    ngày …` / `… hỗ trợ.”`) or a law's articles quoted in a letter. Their labels belong to the quoted
    document, not to this one's outline. A quote that never closes within `QUOTE_REACH` paragraphs
    is a stray mark and quotes nothing; one whose closing mark was lost ends before the document's own
    next article (`Điều 1. Sửa đổi …: “2. …` then, unquoted, `Điều 2.`)."""
    inside: set[int] = set()
    own_article: int | None = None
    floor = 0  # the first paragraph after the last quoted passage
    # each paragraph read once: its quote marks' balance, its article number, whether it opens on a quote,
    # whether it is text or a table's short cell (the scans below look them up)
    balances = [p.text.count("“") - p.text.count("”") for p in paras]
    articles = [_article_number(p.text) for p in paras]
    opens = [bool(_OPENS_QUOTE.match(p.text)) for p in paras]
    texts = [len(p.text) >= _CELL_LENGTH for p in paras]
    i = 0
    while i < len(paras):
        if articles[i] is not None:
            own_article = articles[i]
        balance = balances[i]
        if balance < 0 and (lead_in := _lost_opening(paras, floor, i)) is not None:
            inside.update(range(lead_in + 1, i + 1))
            floor = i + 1
        if balance <= 0:
            i += 1
            continue
        j = i + 1
        next_own = None
        reach = 0  # paragraphs of text read so far (a quoted table's short cells do not count)
        while j < len(paras) and reach <= QUOTE_REACH and j <= i + CELLS_REACH:
            if own_article is not None and articles[j] == own_article + 1:
                next_own = j
                break
            if opens[j]:
                # `**“Điều 7. …` while `“Điều 5. …` is open: its closing mark was lost; it ended before the
                # lead-in of the new one (`2. Sửa đổi, bổ sung Điều 7 như sau:`)
                next_own = j - 1 if j - 1 > i and _LEAD_IN.search(paras[j - 1].text) else j
                break
            balance += balances[j]
            if balance <= 0:
                break
            reach += texts[j]
            j += 1
        if next_own is not None:
            inside.update(range(i + 1, next_own))
            i = floor = next_own
        elif j < len(paras) and balance <= 0:
            inside.update(range(i + 1, j + 1))
            i = floor = j + 1
        else:
            i += 1
    return inside


# what introduces a quoted passage: `+ Tại Điều 2 quy định hiệu lực thi hành như sau:`
_LEAD_IN = re.compile(r"(?:như\s+sau|quy\s+định|sau\s+đây)\s*:[\s*_]*$", re.IGNORECASE)


def _lost_opening(paras: list[Para], floor: int, close: int) -> int | None:
    """The paragraph that introduces the passage a closing mark ends when its opening mark was lost (a
    letter quoting `*Điều 2. Hiệu lực …*` / `*1. Nghị định này …*` / `*…”*` after `… quy định như sau:`),
    looked for back to `floor` and within `QUOTE_REACH`; None when a paragraph in between has quote marks
    of its own or none introduces a quote (a stray mark quotes nothing)."""
    closing = paras[close].text
    if '"' in closing[: closing.find("”")]:
        return None  # `"Năm an toàn”`: opened by a straight mark
    for k in range(close - 1, max(floor, close - QUOTE_REACH) - 1, -1):
        text = paras[k].text
        if _LEAD_IN.search(text):
            return k
        if any(mark in text for mark in '“”"'):
            return None
    return None


def build_outline(
    paras: list[Para], prefix: str = "", to_raw=None, in_table: Callable[[Para], bool] | None = None
) -> tuple[list[Node], list[Para]]:
    """The outline tree of `paras`, and the paragraphs found before its first node; a paragraph
    `in_table` says is a table's cell is text, never a node."""
    builder = OutlineBuilder(prefix)
    quoted = quoted_paragraphs(paras) if any("“" in p.text or "”" in p.text for p in paras) else set()
    for i, p in enumerate(paras):
        if i in quoted or (in_table is not None and in_table(p)):  # text of the node before it
            builder.add_text(p)
        else:
            builder.add(p)
    return builder.build(to_raw), builder.loose
