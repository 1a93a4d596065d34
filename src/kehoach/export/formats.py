"""One entry point for the export formats of `kehoach export` and the web links."""

from __future__ import annotations

import json

from kehoach.identity import slug
from kehoach.model import Document

FORMATS = ("json", "md", "akn", "docx", "html")
MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "akn": "application/akn+xml",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"json": "json", "md": "md", "akn": "akn.xml", "html": "html", "docx": "docx"}
LABELS = {
    "json": "JSON",
    "md": "Markdown",
    "akn": "Akoma Ntoso (XML)",
    "docx": "Word (.docx) theo thể thức",
    "html": "HTML để in",
}


def file_name(doc: Document, fmt: str, fallback: str = "van-ban") -> str:
    """A plain-ASCII file name for `doc` exported as `fmt`: `39-kh-duk.akn.xml`."""
    stem = slug(doc.number_symbol or "") or slug(fallback) or "van-ban"
    return f"{stem}.{EXTENSIONS[fmt]}"


def render(doc: Document, fmt: str) -> bytes:
    """`doc` in format `fmt` (json, md, akn, html, docx) as bytes."""
    if fmt == "json":
        return (json.dumps(doc.to_public_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "md":
        from kehoach.export.markdown import to_markdown

        return to_markdown(doc).encode("utf-8")
    if fmt == "akn":
        from kehoach.export.akn import to_akn

        return to_akn(doc)
    if fmt == "html":
        from kehoach.export.html import to_html

        return to_html(doc).encode("utf-8")
    if fmt == "docx":
        from kehoach.export.docx import to_docx

        return to_docx(doc)
    raise ValueError(f"unknown export format: {fmt}")
