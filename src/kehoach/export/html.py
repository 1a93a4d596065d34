"""A parsed document as a standalone HTML page for printing (A4, Times New Roman, the two-column
header and the recipients | signature block of the issuer's format)."""

from __future__ import annotations

from html import escape

from kehoach.lint import detect_system
from kehoach.model import Document, Node

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Times New Roman', serif; font-size: 14pt; line-height: 1.3; max-width: 165mm; margin: auto; }
table.head, table.foot { width: 100%; border-collapse: collapse; }
table.head td, table.foot td { vertical-align: top; width: 50%; text-align: center; }
.bold { font-weight: bold; } .it { font-style: italic; } .u { text-decoration: underline; }
.small { font-size: 12pt; } h1 { font-size: 15pt; text-align: center; margin: 12pt 0 0; }
.title { text-align: center; font-weight: bold; } p { text-align: justify; text-indent: 10mm; margin: 3pt 0; }
.foot td.left { text-align: left; font-size: 12pt; } .foot ul { list-style: none; padding: 0; margin: 0; }
"""


def _node(node: Node, out: list[str]) -> None:
    cls = "bold" if node.kind in ("section", "item", "part", "chapter", "article") else ""
    out.append(
        f'<p id="{escape(node.id)}" class="{cls}">{escape(node.label)} {escape(" ".join(node.text.split()))}</p>'
    )
    for child in node.children:
        _node(child, out)


def to_html(doc: Document) -> str:
    """Render `doc` as a printable HTML page (every value escaped)."""
    party = detect_system(doc)[0] == "party"
    motto = (
        '<div class="bold u">ĐẢNG CỘNG SẢN VIỆT NAM</div>'
        if party
        else '<div class="bold small">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="bold u">Độc lập - Tự do - Hạnh phúc</div>'
    )
    number = f"Số {doc.number_symbol}" if party else f"Số: {doc.number_symbol}"
    left = []
    if doc.issuer_parent:
        left.append(f"<div>{escape(doc.issuer_parent.upper())}</div>")
    left.append(f'<div class="bold">{escape((doc.issuer or "").upper())}</div>')
    if party:
        left.append("<div>*</div>")
    if doc.number_symbol:
        left.append(f"<div>{escape(number)}</div>")
    place_date = ", ".join(x for x in (doc.place, _date_words(doc.date)) if x)
    out = [
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{escape(doc.doc_type or 'Văn bản')} {escape(doc.number_symbol or '')}</title>",
        f"<style>{CSS}</style></head><body>",
        f'<table class="head"><tr><td>{"".join(left)}</td><td>{motto}<div class="it">{escape(place_date)}</div></td></tr></table>',
        f"<h1>{escape((doc.doc_type or '').upper())}</h1>",
        f'<div class="title">{escape(doc.title or "")}</div><div class="title">-----</div>',
    ]
    if doc.preamble:
        out.append(f"<p>{escape(' '.join(doc.preamble.split()))}</p>")
    for node in doc.outline:
        _node(node, out)
    if doc.closing:
        out.append(f"<p>{escape(' '.join(doc.closing.split()))}</p>")
    recips = "".join(
        f"<li>- {escape(r.name)}{' (' + escape(r.purpose) + ')' if r.purpose else ''},</li>"
        for r in doc.recipients
    )
    if doc.filing:
        recips += f"<li>- {escape(doc.filing)}.</li>"
    s = doc.signer
    sign = "".join(
        f'<div class="bold">{escape(x)}</div>' for x in (s.authority, s.position, s.concurrent) if x
    )
    sign += f'<br><br><br><div class="bold">{escape(s.name or "")}</div>'
    out.append(
        f'<table class="foot"><tr><td class="left"><div class="bold u it">Nơi nhận:</div><ul>{recips}</ul></td>'
        f"<td>{sign}</td></tr></table>"
    )
    for annex in doc.annexes:
        out.append(f'<h1 style="page-break-before: always">{escape(annex.title)}</h1>')
        for node in annex.outline:
            _node(node, out)
    out.append("</body></html>")
    return "\n".join(out)


def _date_words(date: str | None) -> str | None:
    """`2022-06-13` → `ngày 13 tháng 6 năm 2022` (months below 3 keep a leading 0, as printed)."""
    if not date:
        return None
    parts = date.split("-")
    if len(parts) == 3:
        y, m, d = parts
        month = m if int(m) < 3 else str(int(m))
        return f"ngày {d} tháng {month} năm {y}"
    if len(parts) == 2:
        return f"ngày … tháng {int(parts[1])} năm {parts[0]}"
    return f"năm {parts[0]}"
