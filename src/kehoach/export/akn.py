"""A parsed document as Akoma Ntoso 3.0 XML (OASIS LegalDocML), built with lxml.

FRBR identifiers follow the AKN naming convention: `/akn/vn/doc/<subtype>/<actor>/<date>/<number>`
for the work, `…/vie@` for the Vietnamese expression, e.g.
`/akn/vn/doc/plan/tu-lam-dong/2022-04-21/40-kh-tu/vie@`. The outline becomes `<hcontainer>`
(Roman sections, annex bodies) and `<paragraph>` (items, lettered items, bullets) with eIds made
from our node ids; citations become `<ref href="/akn/vn/doc/…">` inside the text that prints them.
"""

from __future__ import annotations

import re

from lxml import etree

from kehoach.identity import slug
from kehoach.model import Document, Node
from kehoach.model.references import Reference

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_E = f"{{{AKN_NS}}}"

SUBTYPES = {
    "Kế hoạch": "plan",
    "Nghị quyết": "resolution",
    "Chỉ thị": "directive",
    "Kết luận": "conclusion",
    "Quyết định": "decision",
    "Quy định": "regulation",
    "Quy chế": "rules",
    "Hướng dẫn": "guidance",
    "Thông báo": "notice",
    "Báo cáo": "report",
    "Chương trình": "programme",
    "Công văn": "letter",
    "Nghị định": "decree",
    "Thông tư": "circular",
    "Tờ trình": "submission",
}
_PROVINCE = re.compile(r"(?:[Tt]ỉnh|[Tt]hành phố)\s+([A-ZĐÂ]\w*(?:\s+[A-ZĐÂ]\w*){0,3})")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _E + tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text:
        el.text = text
    return el


def _full_date(date: str | None) -> str:
    """An xsd:date for FRBRdate: a partial date is its first day; no date at all is 0001-01-01."""
    if not date:
        return "0001-01-01"
    parts = date.split("-") + ["01", "01"]
    return "-".join(parts[:3])


def _actor(doc_symbol: str | None, issuer: str | None, parent: str | None, place: str | None) -> str:
    """The issuer part of the symbol with the province it belongs to: `tu-lam-dong`, `ubnd-bac-ninh`."""
    abbr = ""
    if doc_symbol:
        abbr = doc_symbol.split("/", 1)[1] if "/" in doc_symbol else doc_symbol.split("-", 1)[-1]
    where = _province(parent, issuer)
    parts = [slug(x) for x in (abbr, where if abbr else where or place) if x]
    return "-".join(p for p in parts if p) or "vn"


def frbr_work(
    doc_type: str | None,
    number_symbol: str | None,
    symbol: str | None,
    date: str | None,
    issuer: str | None = None,
    issuer_parent: str | None = None,
    place: str | None = None,
) -> str:
    """The FRBR work URI of a document or of a cited one."""
    subtype = SUBTYPES.get(doc_type or "", "document")
    actor = _actor(symbol, issuer, issuer_parent, place)
    number = slug(number_symbol) if number_symbol else "nn"
    return f"/akn/vn/doc/{subtype}/{actor}/{date or 'undated'}/{number}"


def document_uri(doc: Document) -> str:
    """`/akn/vn/doc/plan/dukhoi-lam-dong/2022-05-09/39-kh-duk/vie@` for a parsed document."""
    work = frbr_work(
        doc.doc_type, doc.number_symbol, doc.symbol, doc.date, doc.issuer, doc.issuer_parent, doc.place
    )
    return work + "/vie@"


_CENTRAL = ("TW", "CP", "QH", "TTG", "VPTW", "BTGTW", "BTCTW", "BTGDVTW")


def _province(*names: str | None) -> str | None:
    for name in names:
        m = _PROVINCE.search(name or "")
        if m:
            return m.group(1)
    return None


def _ref_uri(ref: Reference, doc: Document) -> str:
    """A cited document's work URI; a local body cited without its province is the citing one's."""
    symbol = ref.symbol
    if symbol is None and ref.number_symbol and "/" in ref.number_symbol:
        symbol = ref.number_symbol.split("/", 1)[1]
    if ref.number_symbol:
        issuer = ref.issuer
        tail = (symbol or "").replace("-", "/").split("/")[-1].upper()
        if not _province(issuer) and tail not in _CENTRAL:
            home = _province(doc.issuer_parent, doc.issuer)
            issuer = f"{issuer or ''} tỉnh {home}" if home else issuer
        return frbr_work(ref.doc_type, ref.number_symbol, symbol, ref.date, issuer)
    return f"/akn/vn/doc/{SUBTYPES.get(ref.doc_type or '', 'document')}/named/{slug(ref.title or ref.key) or 'nn'}"


def _text_with_refs(p: etree._Element, text: str, start: int, end: int, doc: Document) -> None:
    """Fill `p` with `text`, wrapping in `<ref>` each citation whose printed words it contains.

    `start`/`end` bound the region of `doc.text` the paragraph came from; a citation is placed
    where its printed surface is found in `text` (node text has its label and line breaks
    removed, so offsets are matched by surface, not by arithmetic).
    """
    hits: list[tuple[int, int, str]] = []
    for ref in doc.references:
        for s, e in ref.spans:
            if s >= start and e <= end:
                surface = " ".join(doc.text[s:e].split())
                pos = text.find(surface)
                if pos >= 0 and all(pos >= b or pos + len(surface) <= a for a, b, _ in hits):
                    hits.append((pos, pos + len(surface), _ref_uri(ref, doc)))
    hits.sort()
    cursor, last = 0, None
    for a, b, href in hits:
        chunk = text[cursor:a]
        if last is None:
            p.text = chunk
        else:
            last.tail = chunk
        last = _el(p, "ref", text[a:b], href=href)
        cursor = b
    if last is None:
        p.text = text[cursor:]
    else:
        last.tail = text[cursor:]


def node_eid(node_id: str) -> str:
    """The eId of an outline node: `II.1.-2` → `n_II.1.-2`, `A1:1.+1` → `n_A1__1.p1`."""
    return "n_" + re.sub(r"[^A-Za-z0-9_.\-]", "_", node_id.replace("+", "p").replace(":", "__"))


def _eid(node_id: str, used: set[str]) -> str:
    base = node_eid(node_id)
    eid, i = base, 2
    while eid in used:
        eid, i = f"{base}_{i}", i + 1
    used.add(eid)
    return eid


def _node(parent: etree._Element, node: Node, doc: Document, used: set[str]) -> None:
    tag = "hcontainer" if node.kind in ("section", "part", "chapter", "division") else "paragraph"
    attrs = {"eId": _eid(node.id, used)}
    if tag == "hcontainer":
        attrs["name"] = node.kind
    el = _el(parent, tag, **attrs)
    _el(el, "num", node.label)
    text = " ".join(node.text.split())
    start, end = node.span
    if node.children:
        if node.heading or text:
            _el(el, "heading", " ".join((node.heading or text).split()))
        for child in node.children:
            _node(el, child, doc, used)
    else:
        content = _el(el, "content")
        _text_with_refs(_el(content, "p"), text, start, end, doc)


def to_akn(doc: Document) -> bytes:
    """The document as an Akoma Ntoso 3.0 `<doc>` (UTF-8 XML bytes)."""
    expr = document_uri(doc)
    work = expr.removesuffix("/vie@")
    date = _full_date(doc.date)
    root = etree.Element(_E + "akomaNtoso", nsmap={None: AKN_NS})
    d = _el(root, "doc", name=SUBTYPES.get(doc.doc_type or "", "document"))
    meta = _el(d, "meta")
    _identification(meta, work, expr, date, "main")
    refs = _el(meta, "references", source="#kehoach")
    _el(
        refs,
        "TLCOrganization",
        eId="issuer",
        href=f"/ontology/organization/vn/{slug(doc.issuer or '') or 'unknown'}",
        showAs=doc.issuer or "không rõ",
    )
    _el(refs, "TLCOrganization", eId="kehoach", href="/ontology/organization/vn/kehoach", showAs="kehoach")
    if doc.signer.name:
        _el(
            refs,
            "TLCPerson",
            eId="signer",
            href=f"/ontology/person/vn/{slug(doc.signer.name) or 'nn'}",
            showAs=doc.signer.name,
        )
    if doc.signer.authority or doc.signer.position:
        role = " ".join(x for x in (doc.signer.authority, doc.signer.position) if x)
        _el(refs, "TLCRole", eId="signerRole", href=f"/ontology/role/vn/{slug(role) or 'nn'}", showAs=role)

    preface = _el(d, "preface")
    for cls, tag, value, attrs in (
        ("issuer-parent", "organization", doc.issuer_parent, {"refersTo": "#issuer"}),
        ("issuer", "organization", doc.issuer, {"refersTo": "#issuer"}),
        ("number", "docNumber", doc.number_symbol, {}),
        ("place-date", "docDate", None, {}),
        ("type", "docType", doc.doc_type, {}),
        ("title", "docTitle", doc.title, {}),
    ):
        if tag == "docDate":
            if not (doc.place or doc.date):
                continue
            p = _el(preface, "p", class_=cls)
            if doc.place:
                p.text = f"{doc.place}, "
            if doc.date:
                _el(p, "docDate", doc.date, date=date)
            continue
        if value:
            _el(_el(preface, "p", class_=cls), tag, value, **attrs)

    if not len(preface):  # nothing of the header was read: the optional preface is left out
        d.remove(preface)
    if doc.preamble:
        pre = _el(d, "preamble")
        text = " ".join(doc.preamble.split())
        pos = doc.text.find(doc.preamble[:40]) if doc.preamble else -1
        start = max(pos, 0)
        _text_with_refs(_el(pre, "p"), text, start, start + len(doc.preamble) + 200, doc)

    body = _el(d, "mainBody")
    used: set[str] = set()
    for node in doc.outline:
        _node(body, node, doc, used)
    if not len(body):
        _el(_el(body, "hcontainer", eId="body", name="body"), "content").append(etree.Element(_E + "p"))

    lines = []
    if doc.closing:
        lines.append(("closing", " ".join(doc.closing.split())))
    for r in doc.recipients:
        lines.append(("recipient", f"- {r.name}" + (f" ({r.purpose})" if r.purpose else "")))
    if doc.filing:
        lines.append(("filing", f"- {doc.filing}"))
    if lines or doc.signer.name:
        concl = _el(d, "conclusions")
        for cls, text in lines:
            _el(concl, "p", text, class_=cls)
        s = doc.signer
        if s.authority or s.position or s.name:
            p = _el(concl, "p", class_="signature")
            sig = _el(p, "signature")
            if s.authority or s.position:
                _el(sig, "role", " ".join(x for x in (s.authority, s.position) if x), refersTo="#signerRole")
            if s.name:
                _el(sig, "person", s.name, refersTo="#signer")
    if doc.annexes:
        _attachments(d, doc, work, expr, date, used)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _identification(meta: etree._Element, work: str, expr: str, date: str, component: str) -> None:
    """FRBR work, expression and manifestation of a component (`main`, `annex_1` …) of the document."""
    ident = _el(meta, "identification", source="#kehoach")
    for level, this, uri, extra in (
        ("FRBRWork", f"{work}/!{component}", work, None),
        ("FRBRExpression", f"{expr}/!{component}", expr, "language"),
        ("FRBRManifestation", f"{expr}/!{component}.xml", expr + ".akn", None),
    ):
        f = _el(ident, level)
        _el(f, "FRBRthis", value=this)
        _el(f, "FRBRuri", value=uri)
        _el(f, "FRBRdate", date=date, name="Generation" if level != "FRBRManifestation" else "Transform")
        _el(f, "FRBRauthor", href="#issuer" if level != "FRBRManifestation" else "#kehoach")
        if level == "FRBRWork":
            _el(f, "FRBRcountry", value="vn")
        if extra:
            _el(f, "FRBRlanguage", language="vie")


def _attachments(d: etree._Element, doc: Document, work: str, expr: str, date: str, used: set[str]) -> None:
    """The annexes (`Phụ lục …`, `Đề cương …`) as `<attachments>`: each one an `<attachment>`
    holding a `<doc name="annex">` of its own, a component of the plan's FRBR work."""
    box = _el(d, "attachments")
    for i, annex in enumerate(doc.annexes, 1):
        title = " ".join(annex.title.split()) or f"Phụ lục {i}"
        att = _el(box, "attachment", eId=f"att_{i}")
        _el(att, "heading", title)
        sub = _el(att, "doc", name="annex")
        meta = _el(sub, "meta")
        _identification(meta, work, expr, date, f"annex_{i}")
        refs = _el(meta, "references", source="#kehoach")
        _el(
            refs,
            "TLCOrganization",
            eId=f"att_{i}__kehoach",
            href="/ontology/organization/vn/kehoach",
            showAs="kehoach",
        )
        preface = _el(sub, "preface")
        _el(_el(preface, "p", class_="title"), "docTitle", title)
        if annex.number_symbol:
            p = _el(preface, "p", class_="belongs-to")
            p.text = "Kèm theo "
            _el(p, "docNumber", annex.number_symbol)
        body = _el(sub, "mainBody")
        for node in annex.outline:
            _node(body, node, doc, used)
        if not len(body):
            _el(_el(body, "hcontainer", eId=f"att_{i}__body", name="body"), "content").append(
                etree.Element(_E + "p")
            )
