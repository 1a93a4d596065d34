"""The cascade as a tree (top-down text), Graphviz DOT and GraphML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kehoach.cascade.model import Cascade, CascadeEdge, CascadeNode
from kehoach.levels import LABELS

RELATION_LABELS = {"implements": "thực hiện", "based_on": "căn cứ"}


def _date(d: str | None) -> str:
    if not d:
        return "không rõ ngày"
    parts = d.split("-")
    return "/".join(reversed(parts))


def node_line(n: CascadeNode) -> str:
    """`[Tỉnh] 40-KH/TU · Ban Thường vụ Tỉnh ủy · 21/04/2022 — title (ngoài tập)`."""
    level = LABELS.get(n.level or "", "?")
    name = n.number_symbol or "(không số)"
    title = f" — {n.title}" if n.title else ""
    if len(title) > 90:
        title = title[:89] + "…"
    where = " (không có trong tập)" if n.missing else (f" [{n.source_path}]" if n.source_path else "")
    return f"[{level}] {n.doc_type or ''} {name} · {n.issuer or '?'} · {_date(n.date)}{title}{where}".replace(
        "  ", " "
    )


def _edge_label(e: CascadeEdge) -> str:
    cov = f", bao phủ {e.coverage:.0%}" if e.coverage is not None else ""
    return f"{RELATION_LABELS.get(e.relation, e.relation)} {e.confidence:.0%}{cov}"


def to_tree(c: Cascade) -> str:
    """Top-down: roots first, each child under each of its parents, drafts folded under their final version."""
    children: dict[str, list[CascadeEdge]] = {}
    has_parent: set[str] = set()
    for e in c.edges:
        children.setdefault(e.parent, []).append(e)
        has_parent.add(e.child)
    roots = [n for n in c.nodes.values() if n.id not in has_parent and n.version_of is None]
    roots.sort(key=lambda n: (n.level is None, n.level or "", n.date or "", n.id))
    lines: list[str] = []
    shown: set[str] = set()
    versions: dict[str, list[CascadeNode]] = {}
    for n in c.nodes.values():
        if n.version_of:
            versions.setdefault(n.version_of, []).append(n)

    def walk(node: CascadeNode, prefix: str, edge: CascadeEdge | None, last: bool, depth: int) -> None:
        branch = "" if edge is None else ("└── " if last else "├── ")
        label = node_line(node)
        if edge is not None:
            label = f"({_edge_label(edge)}) {label}"
        again = node.id in shown
        lines.append(f"{prefix}{branch}{label}{' ↑ đã nêu ở trên' if again else ''}")
        if again or depth > 30:
            return
        shown.add(node.id)
        inner = prefix + ("" if edge is None else ("    " if last else "│   "))
        for v in versions.get(node.id, []):
            lines.append(f"{inner}  · bản khác: {node_line(v)}")
        kids = sorted(children.get(node.id, []), key=lambda e: (c.nodes[e.child].date or "", e.child))
        for k, e in enumerate(kids):
            walk(c.nodes[e.child], inner, e, k == len(kids) - 1, depth + 1)

    for root in roots:
        walk(root, "", None, True, 0)
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(c: Cascade) -> str:
    """Graphviz DOT, parents above children; placeholders dashed."""
    lines = ["digraph cascade {", "  rankdir=TB;", '  node [shape=box, fontname="Helvetica"];']
    for n in c.nodes.values():
        style = "dashed" if n.missing else "solid"
        label = f"{n.number_symbol or '(không số)'}\\n{n.issuer or ''}\\n{_date(n.date)}"
        lines.append(
            f"  {_q(n.id)} [label={_q(label).replace(chr(92) * 2 + 'n', chr(92) + 'n')}, style={style}];"
        )
        if n.version_of:
            lines.append(f'  {_q(n.id)} -> {_q(n.version_of)} [style=dotted, label="bản khác"];')
    for e in c.edges:
        lines.append(f"  {_q(e.parent)} -> {_q(e.child)} [label={_q(_edge_label(e))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_graphml(c: Cascade) -> str:
    """GraphML with the JSON fields as attributes (edges parent → child)."""
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    node_attrs = ["source_path", "number_symbol", "doc_type", "issuer", "date", "title", "level", "missing",
                  "version_of"]  # fmt: skip
    edge_attrs = ["relation", "confidence", "evidence"]
    for name in node_attrs:
        typ = "boolean" if name == "missing" else "string"
        ET.SubElement(root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": typ})
    for name in edge_attrs:
        typ = "double" if name == "confidence" else "string"
        ET.SubElement(root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": typ})
    graph = ET.SubElement(root, "graph", id="cascade", edgedefault="directed")
    for n in c.nodes.values():
        el = ET.SubElement(graph, "node", id=n.id)
        for name, value in n.to_dict().items():
            if name == "id" or value is None:
                continue
            d = ET.SubElement(el, "data", key=f"n_{name}")
            d.text = str(value).lower() if isinstance(value, bool) else str(value)
    for k, e in enumerate(c.edges):
        el = ET.SubElement(graph, "edge", id=f"e{k}", source=e.parent, target=e.child)
        for name, value in e.to_dict().items():
            if name in ("child", "parent"):
                continue
            d = ET.SubElement(el, "data", key=f"e_{name}")
            d.text = " | ".join(value) if isinstance(value, list) else str(value)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
