"""Parse normalized text into a `Document`: regions first, then one small parser per region.

Regions, top to bottom: header · type line and title · preamble · body
(outline) · closing (recipients, signature) · annexes.
"""

from __future__ import annotations

from kehoach.model import Annex, Document, FieldOrigin, SourceInfo
from kehoach.normalize import Normalized
from kehoach.parse.closing import AUTHORITY, CLOSING_START, is_annex_title, parse_closing
from kehoach.parse.header import doc_type_of, find_type_line, parse_header, split_title
from kehoach.parse.infer import (
    annex_self_reference,
    fill_from_annexes,
    infer_issuer,
    parent_plan,
    quality_of,
    warn_missing,
)
from kehoach.parse.outline import build_outline, is_outline_start
from kehoach.parse.paragraphs import Para, split_paragraphs

__all__ = ["parse_normalized"]

HEADER_FIELDS = ("issuer", "issuer_parent", "number_symbol", "place", "date")


def _join(paras: list[Para]) -> str | None:
    text = " ".join(p.text.strip() for p in paras).strip()
    return text or None


def _span(paras: list[Para]) -> tuple[int, int] | None:
    return (paras[0].start, paras[-1].end) if paras else None


def _parse_annexes(paras: list[Para], to_raw) -> list[Annex]:
    """Split the paragraphs after the signature into annexes and parse each."""
    groups: list[list[Para]] = []
    for p in paras:
        if is_annex_title(p.text) and (not groups or len(groups[-1]) > 3):
            groups.append([p])
        elif groups:
            groups[-1].append(p)
        else:
            groups.append([p])
    annexes: list[Annex] = []
    for k, group in enumerate(groups, start=1):
        title_paras: list[Para] = []
        rest = group
        for i, p in enumerate(group):
            if is_outline_start(p.text) or p.text.startswith("(") or not p.text.strip().strip("-–_*. "):
                rest = group[i:]
                break
            title_paras.append(p)
        else:
            rest = []
        ns = date = ref_span = None
        for p in rest[:3]:
            ref = annex_self_reference(p.text)
            if ref:
                ns, _type, date = ref
                ref_span = (p.start, p.end)
                break
        body = [p for p in rest if p.text.strip().strip("-–_*. ")]  # drop rule lines (`-----`, `***`)
        outline, _loose = build_outline(body, prefix=f"A{k}:", to_raw=to_raw)
        annexes.append(
            Annex(
                title=_join(title_paras) or f"Phụ lục {k}",
                number_symbol=ns,
                date=date,
                span=_span(group),
                reference_span=ref_span,
                outline=outline,
            )
        )
    return annexes


def parse_normalized(norm: Normalized, source: SourceInfo | None = None) -> Document:
    """Parse repaired text into a `Document` (never raises on odd input; warns instead)."""
    paras = split_paragraphs(norm.text)
    doc = Document(
        source=source or SourceInfo(), text=norm.text, raw_text=norm.raw, offset_map=norm.offset_map
    )
    to_raw = norm.to_raw
    if not paras:
        doc.warnings.append("Văn bản rỗng sau khi đọc: không có nội dung để phân tích.")
        doc.quality = quality_of(doc)
        return doc

    # -- header, type line, title ------------------------------------------------
    type_idx = find_type_line(paras)
    if type_idx is None:
        header_paras: list[Para] = []
        after_type = paras
        doc.warnings.append("Không thấy dòng tên loại văn bản (ví dụ “KẾ HOẠCH”).")
    else:
        header_paras = paras[:type_idx]
        doc.doc_type = doc_type_of(paras[type_idx].text)
        doc.field_origins["doc_type"] = FieldOrigin(
            source="header", confidence=1.0, span=(paras[type_idx].start, paras[type_idx].end)
        )
        after_type = paras[type_idx + 1 :]
    header = parse_header(header_paras)
    for name in HEADER_FIELDS:
        value = getattr(header, name)
        if value is not None:
            setattr(doc, name, value)
            doc.field_origins[name] = FieldOrigin(
                source="header", confidence=0.95, span=header.spans.get(name)
            )
    doc.number, doc.symbol = header.number, header.symbol
    if header.number_blank:
        doc.warnings.append("Số văn bản để trống (bản dự thảo?).")

    if type_idx is not None:
        title_paras, rest = split_title(after_type)
        if title_paras and is_outline_start(title_paras[0].text):
            title_paras, rest = [], after_type
    else:
        title_paras, rest = [], after_type
    doc.title = _join(title_paras)
    if doc.title:
        doc.field_origins["title"] = FieldOrigin(source="header", confidence=0.9, span=_span(title_paras))

    # -- preamble / body / closing / annexes ----------------------------------------
    body_start = next((i for i, p in enumerate(rest) if is_outline_start(p.text)), None)
    if body_start is None:
        preamble_paras, body_and_after = rest, []
    else:
        preamble_paras, body_and_after = rest[:body_start], rest[body_start:]
    closing_at = next(
        (i for i, p in enumerate(body_and_after) if CLOSING_START.match(p.text) or AUTHORITY.match(p.text)),
        len(body_and_after),
    )
    body_paras, closing_paras = body_and_after[:closing_at], body_and_after[closing_at:]
    if body_start is None:
        # no outline: the closing may still be there
        closing_at = next(
            (
                i
                for i, p in enumerate(preamble_paras)
                if CLOSING_START.match(p.text) or AUTHORITY.match(p.text)
            ),
            None,
        )
        if closing_at is not None:
            preamble_paras, closing_paras = preamble_paras[:closing_at], preamble_paras[closing_at:]
    doc.preamble = _join(preamble_paras)

    doc.outline, _loose = build_outline(body_paras, to_raw=to_raw)
    if not doc.outline:
        doc.warnings.append(
            "Không tìm thấy bố cục (mục I., 1., 1.1., a), gạch đầu dòng): có thể không phải kế hoạch."
        )

    if closing_paras and closing_paras[0].text.startswith("Trên đây"):
        doc.closing = closing_paras[0].text
        closing_paras = closing_paras[1:]
    elif doc.outline:
        last = list(doc.outline[-1].walk())[-1]
        if last.text.rstrip().endswith("./."):
            doc.closing = "./."
    closing = parse_closing(closing_paras)
    doc.recipients, doc.filing, doc.signer = closing.recipients, closing.filing, closing.signer
    if closing.signer_span:
        doc.field_origins["signer"] = FieldOrigin(
            source="signature", confidence=0.9, span=closing.signer_span
        )
    if closing.end_index is not None:
        annex_paras = [p for p in paras if p.index >= closing.end_index]
        doc.annexes = _parse_annexes(annex_paras, to_raw)
    if not doc.recipients:
        doc.warnings.append("Không tìm thấy “Nơi nhận”.")
    if not doc.signer.name:
        doc.warnings.append("Không tìm thấy tên người ký.")

    # -- fields the header does not print ---------------------------------------------
    doc.implements = parent_plan(doc.preamble or "")
    if doc.issuer is None:
        found = infer_issuer(doc.preamble or "") or infer_issuer(" ".join(p.text for p in body_paras[:3]))
        if found:
            doc.issuer = found[0]
            doc.field_origins["issuer"] = FieldOrigin(
                source="preamble", confidence=0.7, note="câu “… xây dựng/ban hành kế hoạch” ở phần mở đầu"
            )
    fill_from_annexes(doc, doc.annexes)
    doc.inferred = {k: v for k, v in doc.field_origins.items() if k in HEADER_FIELDS and v.source != "header"}
    warn_missing(doc)
    doc.quality = quality_of(doc)
    return doc
