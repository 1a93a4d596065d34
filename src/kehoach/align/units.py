"""Units from a parsed `Document`: one per outline node, body or annex."""

from __future__ import annotations

from kehoach.align.aligner import DEFAULT, AlignOptions, align_units
from kehoach.model import Document, Node
from kehoach.model.alignment import Alignment, DocRef, Unit


def node_text(node: Node) -> str:
    """A node's own text with its heading (once), children excluded."""
    heading = (node.heading or "").strip()
    text = (node.text or "").strip()
    if heading and heading not in text:
        return f"{heading} {text}".strip()
    return text or heading


def _units(nodes: list[Node], section: str | None = None, outline_parent: str | None = None) -> list[Unit]:
    out: list[Unit] = []
    for node in nodes:
        sec = section or node.id
        out.append(
            Unit(
                id=node.id,
                text=node_text(node),
                section=sec,
                kind=node.kind,
                label=node.label,
                outline_parent=outline_parent,
                span=node.span,
            )
        )
        out.extend(_units(node.children, sec, node.id))
    return out


def units_from_document(doc: Document, *, annex: int | None = None) -> list[Unit]:
    """The units of the body outline, or of annex number `annex` (1-based) when given."""
    if annex is None:
        return _units(doc.outline)
    if not 1 <= annex <= len(doc.annexes):
        return []
    return _units(doc.annexes[annex - 1].outline)


def doc_ref(doc: Document) -> DocRef:
    """How an alignment names a document."""
    return DocRef(source=doc.source.path, number_symbol=doc.number_symbol, title=doc.title, issuer=doc.issuer)


def align_documents(
    parent: Document, child: Document, *, annex: bool = False, options: AlignOptions = DEFAULT
) -> Alignment:
    """Align the body outlines of two documents (or their first annexes with `annex=True`)."""
    which = 1 if annex else None
    alignment = align_units(
        units_from_document(parent, annex=which),
        units_from_document(child, annex=which),
        parent_ref=doc_ref(parent),
        child_ref=doc_ref(child),
        scope="annex" if annex else "body",
        options=options,
    )
    if annex and (not parent.annexes or not child.annexes):
        missing = [
            name for name, d in (("văn bản cấp trên", parent), ("văn bản cấp dưới", child)) if not d.annexes
        ]
        alignment.warnings.append(f"Không có phụ lục (đề cương) trong: {', '.join(missing)}")
    elif not annex and (not parent.outline or not child.outline):
        alignment.warnings.append("Không tìm thấy đề mục (outline) để so sánh")
    return alignment
