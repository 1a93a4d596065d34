"""The outline tree: Roman sections, numbered items, lettered items, bullets.

Ids follow the printed labels (see notes/CONVENTIONS.md): `II`, `II.1`,
`II.1.3`, `IV.2.b`, bullets `II.1.3.-2`, plus bullets `II.1.3.-2.+1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.model import Node
from kehoach.normalize import LIST_MARKER
from kehoach.parse.paragraphs import Para


@dataclass(slots=True)
class _Draft:
    """A node under construction."""

    id: str
    label: str
    kind: str
    depth: int  # 0 section, 1.. numbered depth, 10 letter, 20 bullet, 30 plus
    texts: list[str]
    start: int
    end: int
    children: list[_Draft] = field(default_factory=list)

    def to_node(self, to_raw) -> Node:
        text = "\n".join(t for t in self.texts if t)
        children = [c.to_node(to_raw) for c in self.children]
        heading = text if children and self.kind not in ("bullet", "plus") else None
        return Node(
            id=self.id,
            label=self.label,
            kind=self.kind,  # type: ignore[arg-type]
            heading=heading,
            text=text,
            span=(self.start, self.end),
            raw_span=to_raw(self.start, self.end) if to_raw else None,
            children=children,
        )


def marker_of(text: str) -> tuple[str, str, re.Match[str]] | None:
    """(kind-group, label, match) of the list marker that opens `text`, if any."""
    m = LIST_MARKER.match(text)
    if not m or not m.lastgroup:  # each alternative of LIST_MARKER holds one named group
        return None
    return m.lastgroup, "".join(m.group(0).split()), m


def is_outline_start(text: str) -> bool:
    """True when the paragraph opens a Roman section or a numbered item."""
    mk = marker_of(text)
    return bool(mk and mk[0] in ("roman", "num", "num2"))


class OutlineBuilder:
    """Feeds paragraphs in order; keeps the stack of open nodes."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.roots: list[_Draft] = []
        self.section: _Draft | None = None
        self.numbered: dict[str, _Draft] = {}
        self.last_numbered: _Draft | None = None
        self.last_bullet: _Draft | None = None
        self.last: _Draft | None = None
        self.ids: set[str] = set()
        self.loose: list[Para] = []  # paragraphs before the first node
        self.counts: dict[tuple[int, str], int] = {}  # (parent, kind) → bullets so far

    def _unique(self, node_id: str) -> str:
        full = f"{self.prefix}{node_id}"
        if full not in self.ids:
            self.ids.add(full)
            return full
        k = 2
        while f"{full}~{k}" in self.ids:
            k += 1
        self.ids.add(f"{full}~{k}")
        return f"{full}~{k}"

    def _attach(self, parent: _Draft | None, node: _Draft) -> None:
        (parent.children if parent else self.roots).append(node)

    def add(self, para: Para) -> None:
        """Add one paragraph: a new node when it has a marker, else more text for the last node."""
        mk = marker_of(para.text)
        if mk is None:
            if self.last is None:
                self.loose.append(para)
                return
            self.last.texts.append(para.text)
            self.last.end = para.end
            return
        group, label, m = mk
        body = para.text[m.end() :].strip()
        if group == "roman":
            roman = m.group("roman")
            node = _Draft(self._unique(roman), label, "section", 0, [body], para.start, para.end)
            self._attach(None, node)
            self.section = node
            self.numbered = {}
            self.last_numbered = node
            self.last_bullet = None
        elif group in ("num", "num2"):
            parts = "".join(m.group(group).split()).split(".")
            local = ".".join(parts)
            base = f"{self.section.id[len(self.prefix) :]}." if self.section else ""
            parent = self.numbered.get(".".join(parts[:-1])) if len(parts) > 1 else self.section
            if parent is None:
                parent = self.last_numbered if len(parts) > 1 else self.section
            kind = ("item", "subitem", "subsubitem", "subsubitem")[min(len(parts), 4) - 1]
            node = _Draft(self._unique(base + local), label, kind, len(parts), [body], para.start, para.end)
            self._attach(parent, node)
            self.numbered[local] = node
            self.last_numbered = node
            self.last_bullet = None
        elif group == "letter":
            parent = self._letter_parent()
            pid = parent.id[len(self.prefix) :] + "." if parent else ""
            node = _Draft(
                self._unique(pid + m.group("letter")), label, "letter", 10, [body], para.start, para.end
            )
            self._attach(parent, node)
            self.last_numbered = node
            self.last_bullet = None
        elif group == "bullet":
            node = self._mark(self.last_numbered, "-", "bullet", 20, body, para)
            self.last_bullet = node
        else:  # plus: under the last bullet of the current item, else under the item
            node = self._mark(self.last_bullet or self.last_numbered, "+", "plus", 30, body, para)
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

    def _letter_parent(self) -> _Draft | None:
        node = self.last_numbered
        # a letter after a letter is its sibling: climb to the letter's parent
        if node is not None and node.kind == "letter":
            for candidate in list(self.numbered.values())[::-1]:
                if node in candidate.children:
                    return candidate
            if self.section and node in self.section.children:
                return self.section
        return node

    def build(self, to_raw=None) -> list[Node]:
        return [d.to_node(to_raw) for d in self.roots]


def build_outline(paras: list[Para], prefix: str = "", to_raw=None) -> tuple[list[Node], list[Para]]:
    """The outline tree of `paras`, and the paragraphs found before its first node."""
    builder = OutlineBuilder(prefix)
    for p in paras:
        builder.add(p)
    return builder.build(to_raw), builder.loose
