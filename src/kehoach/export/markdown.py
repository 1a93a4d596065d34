"""A parsed document as Markdown: header card, outline as nested lists, closing, annexes."""

from __future__ import annotations

from kehoach.model import Document, Node


def _node_lines(node: Node, depth: int) -> list[str]:
    indent = "  " * depth
    text = node.text.replace("\n", " ")
    if node.kind == "section":
        lines = [f"\n{'#' * 2} {node.label} {text}".rstrip(), ""]
        child_depth = 0
    else:
        lines = [f'{indent}- **{node.label}** {text} <a id="{node.id}"></a>']
        child_depth = depth + 1
    for child in node.children:
        lines.extend(_node_lines(child, child_depth))
    return lines


def to_markdown(doc: Document) -> str:
    """Render `doc` as Markdown (ids kept as anchors so links can point at nodes)."""
    out = [f"# {doc.doc_type or 'Văn bản'}: {doc.title or '(không rõ trích yếu)'}", ""]
    rows = [
        ("Cơ quan ban hành", doc.issuer),
        ("Cơ quan cấp trên", doc.issuer_parent),
        ("Số, ký hiệu", doc.number_symbol),
        ("Địa danh, ngày", ", ".join(x for x in (doc.place, doc.date) if x) or None),
        ("Thực hiện", doc.implements.number_symbol if doc.implements else None),
    ]
    out += ["| | |", "|---|---|"] + [f"| {k} | {v if v else '—'} |" for k, v in rows] + [""]
    if doc.preamble:
        out += [doc.preamble, ""]
    for node in doc.outline:
        out.extend(_node_lines(node, 0))
    if doc.closing:
        out += ["", doc.closing]
    if doc.recipients:
        out += ["", "**Nơi nhận:**"] + [
            f"- {r.name}" + (f" ({r.purpose})" if r.purpose else "") for r in doc.recipients
        ]
        if doc.filing:
            out.append(f"- {doc.filing}")
    s = doc.signer
    if s.authority or s.name:
        out += ["", "  \n".join(x for x in (s.authority, s.position, s.concurrent, s.name) if x)]
    for annex in doc.annexes:
        out += ["", "---", "", f"## {annex.title}", ""]
        for node in annex.outline:
            out.extend(_node_lines(node, 0))
    if doc.warnings:
        out += ["", "> **Cần kiểm tra:**"] + [f"> - {w}" for w in doc.warnings]
    return "\n".join(out).strip() + "\n"
