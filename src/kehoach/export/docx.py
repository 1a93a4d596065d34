"""A document model as .docx in its issuer's format, filled into a shipped template with docxtpl.

The templates (`templates/dang.docx` per Hướng dẫn 36-HD/VPTW, `templates/nhanuoc.docx` per
Nghị định 30/2020/NĐ-CP) hold the layout and styles; a clerk's office can edit them in Word.
They are built by `scripts/make_docx_templates.py`.
"""

from __future__ import annotations

import io
from importlib import resources

from docxtpl import DocxTemplate

from kehoach.export.html import _date_words
from kehoach.lint import detect_system
from kehoach.model import Document, Node

BOLD_KINDS = ("section", "item", "part", "chapter", "article")


def _flat(nodes: list[Node]) -> list[dict]:
    out: list[dict] = []
    for top in nodes:
        for node in top.walk():
            text = " ".join(node.text.split())
            out.append({"text": f"{node.label} {text}".strip(), "bold": node.kind in BOLD_KINDS})
    return out


def context(doc: Document, system: str | None = None) -> dict:
    """The template values for `doc` (`system`: party or state; detected when not given)."""
    system = system or detect_system(doc)[0]
    number = doc.number_symbol or ("      -KH/" if system == "party" else "      /KH-")
    number_line = f"Số {number}" if system == "party" else f"Số: {number}"
    place_date = ", ".join(x for x in (doc.place, _date_words(doc.date)) if x)
    recipients = [r.name + (f" ({r.purpose})" if r.purpose else "") + "," for r in doc.recipients]
    if doc.filing:
        recipients.append(doc.filing + ".")
    return {
        "system": system,
        "superior": (doc.issuer_parent or "").upper(),
        "issuer": (doc.issuer or "").upper(),
        "number_line": number_line,
        "place_date": place_date,
        "doc_type_upper": (doc.doc_type or "Kế hoạch").upper(),
        "title": doc.title or "",
        "preamble": " ".join((doc.preamble or "").split()),
        "nodes": _flat(doc.outline),
        "closing": " ".join((doc.closing or "").split()),
        "recipients": recipients,
        "authority": doc.signer.authority or "",
        "position": doc.signer.position or "",
        "signer": doc.signer.name or "",
    }


def to_docx(doc: Document, system: str | None = None) -> bytes:
    """`doc` rendered into the template of its system (Party or state) as .docx bytes."""
    ctx = context(doc, system)
    name = "dang.docx" if ctx["system"] == "party" else "nhanuoc.docx"
    with resources.files("kehoach.export").joinpath("templates", name).open("rb") as fh:
        tpl = DocxTemplate(fh)
        tpl.render(ctx, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
