"""Parse normalized text into a `Document`: regions first, then one small parser per region.

Regions, top to bottom: header · type line and title · preamble · body
(outline) · closing (recipients, signature) · annexes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import takewhile

from kehoach.model import Annex, Document, FieldOrigin, SourceInfo
from kehoach.normalize import PAGE_TAIL, Normalized
from kehoach.parse.closing import (
    AUTHORITY,
    CLOSING_START,
    is_annex_title,
    parse_closing,
    signature_lines_before,
)
from kehoach.parse.header import (
    Header,
    doc_type_of,
    find_type_line,
    is_national_line,
    issuer_of_authority_line,
    parse_header,
    split_title,
    type_lead,
)
from kehoach.parse.infer import (
    DISPATCH_FORMULA,
    annex_self_reference,
    complete_place,
    fill_from_annexes,
    generic_local,
    infer_issuer,
    issuer_acting,
    issuer_of_notice,
    parent_plan,
)
from kehoach.parse.outline import build_outline, is_outline_start, quoted_paragraphs
from kehoach.parse.paragraphs import Para, paragraph_folder, pipe_table_spans, split_paragraphs
from kehoach.parse.quality import quality_of, warn_missing
from kehoach.parse.verdict import accept_as_other, refusal
from kehoach.patterns import FORM_TITLE
from kehoach.vntext import display_case

__all__ = ["PIPELINE", "ParseState", "accept_as_other", "parse_normalized", "refusal"]

HEADER_FIELDS = ("issuer", "issuer_parent", "number_symbol", "place", "date")


def _join(paras: list[Para]) -> str | None:
    text = " ".join(p.text.strip() for p in paras).strip()
    return text or None


def _span(paras: list[Para]) -> tuple[int, int] | None:
    return (paras[0].start, paras[-1].end) if paras else None


def _parse_annexes(paras: list[Para], to_raw, in_table: Callable[[Para], bool] | None = None) -> list[Annex]:
    """Split the paragraphs after the signature into annexes and parse each."""
    groups: list[list[Para]] = []
    in_form = False
    for p in paras:
        form = bool(FORM_TITLE.match(p.text))
        if form or (is_annex_title(p.text) and not in_form and (not groups or len(groups[-1]) > 3)):
            groups.append([p])
            in_form = form  # a form's own `PHỤ LỤC` lines are inside it
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
        form = bool(FORM_TITLE.match(group[0].text))
        # a form's `(Ban hành kèm theo Thông tư số …)` names the document that made the form
        for p in [] if form else rest[:3]:
            ref = annex_self_reference(p.text)
            if ref:
                ns, _type, date = ref
                ref_span = (p.start, p.end)
                break
        body = [p for p in rest if p.text.strip().strip("-–_*. ")]  # drop rule lines (`-----`, `***`)
        if form:
            # a form (`Mẫu số 08 - Phụ lục I`) is a blank template of another document: its
            # numbering (`Điều 1.`, `1.`, `a)` with dotted blanks) is not this document's outline
            outline = []
        else:
            outline, _loose = build_outline(body, prefix=f"A{k}:", to_raw=to_raw, in_table=in_table)
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


@dataclass
class ParseState:
    """What the region parsers share: the document being filled and the regions found so far."""

    doc: Document
    paras: list[Para]
    to_raw: Callable[[int, int], tuple[int, int]] | None
    header_paras: list[Para] = field(default_factory=list)
    after_header: list[Para] = field(default_factory=list)
    type_idx: int | None = None
    header: Header | None = None
    rest: list[Para] = field(default_factory=list)
    preamble_paras: list[Para] = field(default_factory=list)
    body_paras: list[Para] = field(default_factory=list)
    closing_paras: list[Para] = field(default_factory=list)
    in_table: Callable[[Para], bool] | None = None  # a paragraph is a cell of a web copy's table


_TRAILING_RULE = re.compile(r"\s*[-–_=*]{3,}\s*$")
_KINH_GUI = re.compile(r"^Kính\s+gửi\s*:?\s*", re.IGNORECASE)
# the `V/v` subject opens its line, or follows the number or the date on it (a web page's header
# table read into one line: `Số: 1539/VLO-QLDN3 V/v trả lãi … Vĩnh Long, ngày …`)
_VV_LINE = re.compile(r"^V/v\b|(?<=\w)\s+V/v\s", re.IGNORECASE)


def find_regions(st: ParseState) -> None:
    """Where the header ends: the document-type line, else (a letter) `Kính gửi` or the `V/v` line."""
    paras, doc = st.paras, st.doc
    st.type_idx = find_type_line(paras)
    if st.type_idx is None:
        # a web page's chrome (a site's notices, a table of the document's metadata) above the
        # header: the type line is looked for again from a few lines above the national line
        national = next((p.index for p in paras[:300] if is_national_line(p.text)), None)
        if national is not None and national > 12:
            st.type_idx = find_type_line(paras[national - 8 :])
    if st.type_idx is not None:
        st.header_paras = paras[: st.type_idx]
        doc.doc_type = doc_type_of(paras[st.type_idx].text)
        doc.field_origins["doc_type"] = FieldOrigin(
            source="header", confidence=1.0, span=(paras[st.type_idx].start, paras[st.type_idx].end)
        )
        st.after_header = paras[st.type_idx + 1 :]
        return
    # an official letter (Công văn) prints no type line: its header ends at `Kính gửi`
    # or after the `V/v` subject
    end = next((p.index for p in paras[:30] if _KINH_GUI.match(p.text)), None)
    if end is None:
        # the `V/v` subject opens its line, or follows the place and date on it (columns flattened)
        vv = next((p.index for p in paras[:25] if _VV_LINE.search(p.text)), None)
        end = vv + 1 if vv is not None else None
    if end is None:
        st.after_header = paras
        lead = type_lead(paras[0].text)
        if lead:  # `Báo cáo Tình hình thực hiện …`: type and title on the first line, no header
            doc.doc_type, title = lead
            doc.title = title
            doc.field_origins["doc_type"] = FieldOrigin(
                source="header", confidence=0.7, span=(paras[0].start, paras[0].end)
            )
            doc.field_origins["title"] = FieldOrigin(
                source="header", confidence=0.7, span=(paras[0].start, paras[0].end)
            )
            st.after_header = paras[1:]
            st.type_idx = -1
            return
        doc.warnings.append("Không thấy dòng tên loại văn bản (ví dụ “KẾ HOẠCH”).")
        return
    st.header_paras, st.after_header = paras[:end], paras[end:]


def read_header(st: ParseState) -> None:
    """Issuing body, superior body, number, place and date from the header region."""
    doc = st.doc
    header = st.header = parse_header(st.header_paras)
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
    if st.type_idx is None and st.header_paras and (header.subject or header.number_symbol or header.symbol):
        doc.doc_type = "Công văn"  # a numbered letter: no type line, a `V/v` subject or `Kính gửi`
        doc.field_origins["doc_type"] = FieldOrigin(
            source="header", confidence=0.8, note="không có dòng tên loại"
        )
    elif (
        st.type_idx is None
        and not (st.header_paras and header.marked)  # no header, or a site's chrome in its place
        and st.after_header
        and _KINH_GUI.match(st.after_header[0].text)
    ):
        # the text opens on `Kính gửi:` (a web copy that lost the header table): a letter, guessed
        doc.doc_type = "Công văn"
        doc.field_origins["doc_type"] = FieldOrigin(
            source="body", confidence=0.6, note="mất phần đầu; văn bản mở đầu bằng “Kính gửi”"
        )


def read_title(st: ParseState) -> None:
    """The summary title (trích yếu): the lines under the type line, or a letter's `V/v` subject."""
    doc, header = st.doc, st.header
    title_paras: list[Para] = []
    rest = st.after_header
    if st.type_idx == -1:  # type and title read together from the first line
        st.rest = st.after_header
        return
    if st.type_idx is not None:
        title_paras, rest = split_title(st.after_header, doc.issuer)
        if title_paras and is_outline_start(title_paras[0].text):
            title_paras, rest = [], st.after_header
    # a rule printed under the title and read onto its last line (`… Hà Nội _________`) is not part of it
    doc.title = _TRAILING_RULE.sub("", _join(title_paras) or "") or None
    if doc.title and _BRACKETED.fullmatch(doc.title):
        doc.title = doc.title[
            1:-1
        ].strip()  # `(V/v Tăng cường giám sát trong phòng thi)`: the subject in brackets
    if doc.title:
        doc.field_origins["title"] = FieldOrigin(source="header", confidence=0.9, span=_span(title_paras))
    elif header and header.subject:
        doc.title = header.subject
        doc.field_origins["title"] = FieldOrigin(source="header", confidence=0.9, note="V/v")
    st.rest = rest


_BRACKETED = re.compile(r"\([^()]+\)")


def read_addressees(st: ParseState) -> None:
    """`Kính gửi: …` and the dashed lines under it (letters, submissions, reports)."""
    rest = st.rest
    if not rest or not _KINH_GUI.match(rest[0].text):
        return
    first = _KINH_GUI.sub("", rest[0].text).strip()
    names = [first] if first else []
    taken = 1
    for p in rest[1:31]:  # a ministry writes to many (Cục Lãnh sự: twelve)
        t = p.text.strip()
        if t.startswith(("-", "–", "+", "•")) and len(t) < 160:
            names.append(t)
            taken += 1
            continue
        break
    st.doc.addressees = [n for n in (re.sub(r"^[-–+•]\s*", "", n).rstrip(" ;,.") for n in names) if n]
    st.rest = rest[taken:]


def split_body(st: ParseState) -> None:
    """Preamble, body (the outline) and closing paragraphs."""
    rest = st.rest
    quoted = quoted_paragraphs(rest) if any("“" in p.text or "”" in p.text for p in rest) else set()
    # a label inside a quoted passage (a law's article quoted by a letter) opens no body
    body_start = next((i for i, p in enumerate(rest) if i not in quoted and is_outline_start(p.text)), None)
    signed_first = next(
        (
            i
            for i, p in enumerate(rest[:body_start])
            if CLOSING_START.match(p.text) or AUTHORITY.match(p.text)
        ),
        None,
    )
    if body_start is not None and signed_first is not None:
        # a letter without outline, signed before a document attached to it: its outline is the
        # attached document's, read as an annex after the closing
        body_start = None
    if body_start is None:
        preamble_paras, body_and_after = rest, []
    else:
        preamble_paras, body_and_after = rest[:body_start], rest[body_start:]
    closing_at = next(
        (i for i, p in enumerate(body_and_after) if CLOSING_START.match(p.text) or AUTHORITY.match(p.text)),
        len(body_and_after),
    )
    closing_at = signature_lines_before(body_and_after, closing_at)
    st.body_paras, st.closing_paras = body_and_after[:closing_at], body_and_after[closing_at:]
    if body_start is None:  # no outline: the closing may still be there
        at = next(
            (
                i
                for i, p in enumerate(preamble_paras)
                if CLOSING_START.match(p.text) or AUTHORITY.match(p.text)
            ),
            None,
        )
        if at is not None:
            preamble_paras, st.closing_paras = preamble_paras[:at], preamble_paras[at:]
    st.preamble_paras = preamble_paras
    st.doc.preamble = _join(preamble_paras)


_SUB_NUMBER = re.compile(r"\d{1,2}\.\d{1,2}\b")


def read_outline(st: ParseState) -> None:
    """The body's outline tree (plan style I./1./a)/-, legal style Chương/Điều/khoản/điểm)."""
    doc = st.doc
    doc.outline, _loose = build_outline(st.body_paras, to_raw=st.to_raw, in_table=st.in_table)
    if not doc.outline:
        doc.warnings.append(
            "Không tìm thấy bố cục (mục I., 1., 1.1., a), gạch đầu dòng): có thể không phải kế hoạch."
        )


def read_closing(st: ParseState) -> None:
    """`Trên đây …`, recipients, filing, signature; the annexes after them."""
    doc, closing_paras = st.doc, st.closing_paras
    if closing_paras and closing_paras[0].text.startswith("Trên đây"):
        doc.closing = closing_paras[0].text
        closing_paras = closing_paras[1:]
    elif doc.outline:
        last = doc.outline[-1]
        while last.children:  # the last node in document order
            last = last.children[-1]
        if last.text.rstrip().endswith("./."):
            doc.closing = "./."
    closing = parse_closing(closing_paras, paragraph_folder(doc.text))
    doc.recipients, doc.filing, doc.signer = closing.recipients, closing.filing, closing.signer
    if closing.signer_span:
        doc.field_origins["signer"] = FieldOrigin(
            source="signature", confidence=0.9, span=closing.signer_span
        )
    if closing.end_index is not None:
        doc.annexes = _parse_annexes(
            [p for p in st.paras if p.index >= closing.end_index], st.to_raw, st.in_table
        )
    if not doc.recipients:
        doc.warnings.append("Không tìm thấy “Nơi nhận”.")
    if not doc.signer.name:
        doc.warnings.append("Không tìm thấy tên người ký.")


def _issuer_from_acting_body(st: ParseState) -> None:
    """A letter whose copy lost its header: the body its own sentence says acts, agreeing with the
    signature (`Cục Thuế có ý kiến như sau:` signed `TL. CỤC TRƯỞNG`); a local body's name without
    its place (`Ủy ban nhân dân Thành phố`) completed by the text, else left blank."""
    doc = st.doc
    texts = [doc.preamble or "", *(p.text for p in st.body_paras)]
    acting = issuer_acting(texts, doc.signer.authority, doc.signer.position)
    if not acting:
        return
    name, sentence, where = acting
    whole = complete_place(name, texts)
    if generic_local(name) and not whole:
        return
    doc.issuer = whole or name
    quoted = sentence if len(sentence) <= 100 else sentence[:99] + "…"
    note = f"câu của văn bản nêu cơ quan hành động (“{quoted}”), khớp với dòng ký"
    if whole:
        note += f"; tên địa phương lấy từ chỗ khác trong văn bản (“{whole}”)"
    source = "preamble" if where == 0 else "body"
    doc.field_origins["issuer"] = FieldOrigin(source=source, confidence=0.6, note=note)


def _issuer_from_dispatch_formula(st: ParseState) -> None:
    """A dispatch whose copy lost its header: the sender its opening formula names (`THỦ TƯỚNG CHÍNH
    PHỦ điện:`)."""
    doc = st.doc
    for p in [*st.preamble_paras[:6], *st.body_paras[:2]]:
        m = DISPATCH_FORMULA.match(p.text)
        if m and m.group("issuer").isupper():
            doc.issuer = display_case(m.group("issuer").strip())
            doc.field_origins["issuer"] = FieldOrigin(
                source="preamble",
                confidence=0.8,
                span=(p.start + m.start("issuer"), p.start + m.end("issuer")),
                note=f"lời mở đầu của công điện (“{m.group(0).strip()}”)",
            )
            return


def _issuer_from_notice_formula(st: ParseState) -> None:
    """A notice whose copy lost its header: the body its closing formula names (`Văn phòng Chính phủ
    thông báo để các cơ quan … biết, thực hiện`), before any body its text says acts or reports."""
    doc = st.doc
    found = issuer_of_notice([p.text for p in st.body_paras[-3:]])
    if not found:
        return
    doc.issuer = found[0]
    quoted = found[1] if len(found[1]) <= 100 else found[1][:99] + "…"
    doc.field_origins["issuer"] = FieldOrigin(
        source="body", confidence=0.7, note=f"câu kết của thông báo nêu cơ quan thông báo (“{quoted}”)"
    )


def infer_fields(st: ParseState) -> None:
    """Fields the header does not print: the parent plan, the issuer named in the preamble."""
    doc = st.doc
    doc.implements = parent_plan(doc.preamble or "")
    if doc.issuer is None and st.type_idx is not None and st.preamble_paras:
        # a decision whose header was lost: the authority line under its title names who decides
        lines = list(takewhile(lambda p: p.text.isupper(), st.preamble_paras[:3]))  # wrapped over lines
        decider = issuer_of_authority_line(" ".join(p.text for p in lines)) if lines else None
        if decider:
            doc.issuer = decider
            doc.field_origins["issuer"] = FieldOrigin(
                source="preamble",
                confidence=0.7,
                span=(lines[0].start, lines[-1].end),
                note="dòng thẩm quyền dưới tên văn bản (“ỦY BAN NHÂN DÂN …”, “TRƯỞNG BAN …”)",
            )
    if doc.issuer is None:
        _issuer_from_dispatch_formula(st)
    if doc.issuer is None:
        _issuer_from_notice_formula(st)
    if doc.issuer is None:
        _issuer_from_acting_body(st)
    if doc.issuer is None:
        # the preamble, else a letter's first paragraphs (`1. Thực hiện …, Cục Lãnh sự … thông báo:`)
        found = infer_issuer(doc.preamble or "") or next(
            filter(None, (infer_issuer(p.text) for p in st.body_paras[:3])), None
        )
        if found:
            doc.issuer = found[0]
            doc.field_origins["issuer"] = FieldOrigin(
                source="preamble",
                confidence=0.7,
                note="phần mở đầu nêu cơ quan ban hành (“… xây dựng kế hoạch”, “… ban hành Nghị quyết”, “… hướng dẫn … như sau”)",
            )
    fill_from_annexes(doc, doc.annexes)
    doc.inferred = {
        k: v
        for k, v in doc.field_origins.items()
        if k in (*HEADER_FIELDS, "doc_type") and v.source != "header"
    }
    warn_missing(doc)


def judge(st: ParseState) -> None:
    """Refuse what is not an administrative document (notes, web pages, data), saying why."""
    st.doc.refusal = refusal(st.doc)


def score_quality(st: ParseState) -> None:
    """The score, the fields to check and why (the doubts are also warnings, shown on the card)."""
    st.doc.quality = quality_of(st.doc)
    st.doc.warnings.extend(st.doc.quality.doubts)


PIPELINE: tuple[tuple[str, Callable[[ParseState], None]], ...] = (
    ("regions", find_regions),
    ("header", read_header),
    ("title", read_title),
    ("addressees", read_addressees),
    ("preamble", split_body),
    ("outline", read_outline),
    ("closing", read_closing),
    ("infer", infer_fields),
    ("verdict", judge),
    ("quality", score_quality),
)
"""The region parsers, in order; each reads the state and fills its part of the document."""


def parse_normalized(norm: Normalized, source: SourceInfo | None = None) -> Document:
    """Parse repaired text into a `Document` (never raises on odd input; warns instead)."""
    paras = split_paragraphs(norm.text)
    doc = Document(
        source=source or SourceInfo(), text=norm.text, raw_text=norm.raw, offset_map=norm.offset_map
    )
    if PAGE_TAIL in norm.repairs:
        doc.warnings.append(
            "Phần cuối là nội dung của trang web (văn bản liên quan, thông báo của trang), không thuộc "
            "văn bản: không đọc phần này."
        )
    if not paras:
        doc.warnings.append("Văn bản rỗng sau khi đọc: không có nội dung để phân tích.")
        doc.quality = quality_of(doc)
        return doc
    st = ParseState(doc=doc, paras=paras, to_raw=norm.mapped.span_to_raw)  # what `norm.to_raw` calls
    tables = pipe_table_spans(norm.raw) if "|" in norm.raw else []
    if tables:
        # only a row's sub-number (`1.1.`, `2.3`) is sure to be a row's: a table's `1.` may be a heading
        # the copy ran into it (`**2. Các nhiệm vụ …**` between two task tables of one annex)
        st.in_table = lambda p: (
            bool(_SUB_NUMBER.match(p.text)) and any(a <= norm.mapped.to_raw(p.start) < b for a, b in tables)
        )
    for _name, step in PIPELINE:
        step(st)
    return doc
