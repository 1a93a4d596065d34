"""The parsed plan document: header, outline tree, closing, annexes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, Field

from kehoach.model.references import Reference

Span = tuple[int, int]
"""Half-open character range [start, end) into `Document.text` (the normalized text)."""

NodeKind = Literal[
    "section",
    "item",
    "subitem",
    "subsubitem",
    "letter",
    "bullet",
    "plus",
    # the legal outline of decisions and regulations: Phần, Chương, Mục, Điều, khoản, điểm
    "part",
    "chapter",
    "division",
    "article",
    "clause",
    "point",
]
FieldSourceName = Literal["header", "preamble", "body", "signature", "annex", "filename"]


class SourceInfo(BaseModel):
    """Where the document came from and how it was read."""

    path: str | None = None
    format: Literal["txt", "pdf", "docx", "doc", "odt", "rtf", "html"] = "txt"
    sha256: str = ""
    encoding: str | None = Field(None, description="detected text encoding, e.g. utf-8, cp1258, tcvn3, vni")
    pages: int | None = None
    size: int = 0
    read_method: Literal["text", "text_layer", "ocr", "text_layer+ocr", "converted"] = Field(
        "text",
        description="how the text was read: a text file or DOCX (text), a PDF's text layer, OCR of"
        " scanned pages (all: ocr, some: text_layer+ocr), or converted (.doc/.odt/.rtf)",
    )
    converter: str | None = Field(None, description="program that converted the file: libreoffice, antiword")
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages whose text comes from OCR")
    ocr_confidence: float | None = Field(
        None, ge=0.0, le=1.0, description="mean Tesseract word confidence over the OCR'd pages"
    )
    ocr_stamps: list[str] = Field(
        default_factory=list,
        description="values (a number, a day) that a signing system stamped as images over the blanks"
        " of a signed PDF, read by OCR",
    )
    timings: dict[str, float] = Field(
        default_factory=dict,
        description="seconds per stage: convert, extract, ocr, read (all reading), normalize, parse",
    )


class Node(BaseModel):
    """One unit of the outline: a section, item, sub-item, lettered item or bullet.

    `id` is built from the printed labels (`II`, `II.1`, `II.1.3`, `IV.2.b`,
    bullets as `II.1.3.-2`); annex nodes carry the annex prefix (`A1:1.2.-3`).
    """

    id: str
    label: str = Field(description="the label as printed, e.g. 'II.', '1.1-', 'a)', '-'")
    kind: NodeKind
    heading: str | None = Field(None, description="the node's own text when it heads children")
    text: str = Field(description="the node's own text, label removed, children excluded")
    span: Span = Field(description="span of the node's own text, label included")
    raw_span: Span | None = Field(None, description="the same span in the raw (extracted) text")
    children: list[Node] = Field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants, depth first, in document order."""
        stack = [self]  # explicit stack: no recursion however deep the tree
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def full_text(self) -> str:
        """Own text followed by all descendants' text."""
        return " ".join(n.text for n in self.walk() if n.text)


class Signer(BaseModel):
    authority: str | None = Field(None, description="T/M BAN THƯỜNG VỤ, K/T TRƯỞNG BAN, T/L, T/UQ …")
    position: str | None = None
    concurrent: str | None = Field(
        None,
        description="another post of the signer printed under the signing title: PHÓ THỦ TƯỚNG under "
        "TRƯỞNG BAN, `kiêm …` under GIÁM ĐỐC (the position is the title the document is signed in)",
    )
    name: str | None = None


class Recipient(BaseModel):
    name: str
    purpose: str | None = Field(None, description="normalized purpose: báo cáo, phối hợp, thực hiện …")
    purpose_raw: str | None = Field(None, description="the purpose as printed: b/c, b.cáo, để báo cáo …")
    parts: list[str] = Field(
        default_factory=list,
        description="the `+` lines printed under it: the offices of the recipient that get a copy",
    )


class Implements(BaseModel):
    """The parent plan this one carries out, as the preamble names it.

    `relation` keeps the verb's distinction: `implements` (`Thực hiện …`) or
    `based_on` (`căn cứ …`), the same relation the citation carries.
    """

    relation: Literal["implements", "based_on"] = "implements"
    number_symbol: str | None = None
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None


class Annex(BaseModel):
    title: str
    number_symbol: str | None = Field(None, description="the plan this annex says it belongs to")
    date: str | None = None
    span: Span | None = None
    reference_span: Span | None = Field(
        None, description="where the annex names its plan: `(theo Kế hoạch số …)`"
    )
    outline: list[Node] = Field(default_factory=list)


class FieldOrigin(BaseModel):
    """Where a header field's value came from, and how sure the parser is."""

    source: FieldSourceName
    confidence: float = Field(ge=0.0, le=1.0)
    span: Span | None = None
    note: str | None = None


class Quality(BaseModel):
    """Import quality: what a clerk should check by hand."""

    score: float = Field(ge=0.0, le=1.0)
    found: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    guessed: list[str] = Field(default_factory=list)
    check: list[str] = Field(
        default_factory=list, description="fields a clerk should check against the original"
    )
    doubts: list[str] = Field(default_factory=list, description="why the reading or a field is suspect")
    doubtful: bool = Field(False, description="the score does not call this reading good")


class Document(BaseModel):
    """A plan (or any Party/state document of the same shape), parsed."""

    source: SourceInfo = Field(default_factory=SourceInfo)
    doc_type: str | None = Field(None, description="Kế hoạch, Nghị quyết, Chỉ thị …")
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = Field(None, description="canonical, e.g. 39-KH/ĐUK or 125/KH-UBND")
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: str | None = Field(None, description="ISO date, or YYYY / YYYY-MM when only that is printed")
    title: str | None = None
    preamble: str | None = None
    closing: str | None = None
    signer: Signer = Field(default_factory=Signer)
    recipients: list[Recipient] = Field(default_factory=list)
    addressees: list[str] = Field(
        default_factory=list, description="the `Kính gửi:` list of a letter, submission or report"
    )
    filing: str | None = Field(None, description="the filing copy line, e.g. 'Lưu VT'")
    implements: Implements | None = None
    outline: list[Node] = Field(default_factory=list)
    annexes: list[Annex] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    inferred: dict[str, FieldOrigin] = Field(
        default_factory=dict, description="header fields not read from the header, with their origin"
    )
    field_origins: dict[str, FieldOrigin] = Field(default_factory=dict)
    quality: Quality = Field(default_factory=lambda: Quality(score=0.0))
    warnings: list[str] = Field(default_factory=list)
    refusal: str | None = Field(
        None, description="why this is not an administrative document (refused unless forced), else None"
    )
    text: str = Field("", description="the normalized (repaired) text all spans point into")
    raw_text: str | None = Field(None, description="the text as extracted, before repair")
    offset_map: list[tuple[int, int]] = Field(
        default_factory=list, description="breakpoints (normalized offset, raw offset) of a piecewise map"
    )

    def nodes(self, annexes: bool = False) -> Iterator[Node]:
        """All outline nodes in document order (annex outlines too when asked)."""
        for node in self.outline:
            yield from node.walk()
        if annexes:
            for annex in self.annexes:
                for node in annex.outline:
                    yield from node.walk()

    def node(self, node_id: str) -> Node | None:
        """The outline node (body or annex) with this id, or None."""
        return next((n for n in self.nodes(annexes=True) if n.id == node_id), None)

    def to_public_dict(self, *, with_text: bool = False) -> dict:
        """The JSON contract of `kehoach parse --format json` (text fields optional)."""
        exclude = set() if with_text else {"text", "raw_text", "offset_map"}
        return self.model_dump(mode="json", exclude=exclude)
