"""What the cascade needs of one document: identity, level, parent citations, text shingles.

A `Profile` is small and picklable (the Spark job ships them between workers), built once
per document from the pipeline's `Document`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kehoach.align.units import units_from_document
from kehoach.cascade.textsim import shingles
from kehoach.identity import document_key
from kehoach.levels import level_of
from kehoach.model import Document
from kehoach.model.alignment import Unit
from kehoach.model.references import Reference
from kehoach.vntext import fold

_VERB = re.compile(r"\b(thuc hien|trien khai|can cu|theo chi dao|quan triet|cu the hoa)\b")
_IMPLEMENTS = re.compile(r"\b(thuc hien|trien khai|theo chi dao|cu the hoa)\b")
_CLAUSE_START = re.compile(r"[;\n*]|\.\s|^")
_CLAUSE_END = re.compile(r";|\.\s|\n(?=\s*[-*+•]|\s*[IVX]+[.-]|\s*\d+[.-])")
_NESTED = re.compile(r"\bso\s*:?\s*\d+[-/].*\sve\s+(thuc hien|trien khai)\b")
_DRAFT = re.compile(r"\bdu thao\b")


@dataclass
class Citation:
    """A document the preamble says this one carries out (`implements`) or rests on (`based_on`)."""

    key: str
    kind: str  # numbered | incomplete | partial | named
    relation: str  # implements | based_on
    doc_type: str | None
    number_symbol: str | None
    symbol: str | None
    date: str | None
    issuer: str | None
    about: str | None  # the title the citation gives (`về cải cách hành chính …`)
    sentence: str  # the citing clause as printed
    primary: bool = False  # the one `Document.implements` names


@dataclass
class Profile:
    """One document as the cascade sees it."""

    idx: int
    path: str | None
    key: str | None  # its own key (`39-KH/ĐUK@2022`), None when it prints no number
    doc_type: str | None
    number_symbol: str | None
    symbol: str | None
    issuer: str | None
    issuer_parent: str | None
    date: str | None
    title: str | None
    level: str | None
    draft: bool  # printed `DỰ THẢO`
    blank_number: bool  # no number of its own (a pre-signature copy)
    citations: list[Citation]
    shingles: np.ndarray
    n_units: int
    units: list[Unit] | None = field(default=None, repr=False)
    doc_id: int | None = None  # the store's id, when read from a store

    @property
    def stem(self) -> str:
        return Path(self.path).stem if self.path else f"doc{self.idx}"


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """(lead-in, whole clause) around a citation at text[start:end]."""
    window_start = max(0, start - 400)
    head = text[window_start:start]
    cut = 0
    for m in _CLAUSE_START.finditer(head):
        if m.end() > 0:
            cut = m.end()
    lead = head[cut:]
    tail = text[end : end + 400]
    m = _CLAUSE_END.search(tail)
    tail = tail[: m.start()] if m else tail
    return lead, " ".join((lead + text[start:end] + tail).split())


def _about(clause: str) -> str | None:
    """The `về …` part of a citing clause: the title the citation gives the parent."""
    m = re.search(r"\s(về|V/v)\s+(.{8,})$", clause)
    if not m:
        return None
    about = re.split(
        r",\s+(?:Ban|Ủy ban|UBND|Sở|Đảng ủy|Huyện ủy|Tỉnh ủy|Thành ủy|Chủ tịch|Bộ)\b", m.group(2)
    )[0]
    return about.strip(" “”\"'.,;:") or None


def parent_citations(doc: Document) -> list[Citation]:
    """The citations that name a parent: `Thực hiện …`, `Căn cứ …`, `Triển khai …`, `theo chỉ đạo … tại …`.

    Kept: a citation the citation step marked `implements`/`based_on`, and one in the preamble
    (before the first outline node; the whole text when there is no outline) whose clause
    carries one of those verbs. A mention in the body (`1.1. Việc thực hiện Kế hoạch …`) is not a parent.
    """
    text = doc.text or ""
    preamble_end = doc.outline[0].span[0] if doc.outline else len(text)
    primary = doc.implements
    out: list[Citation] = []
    own = document_key(doc)
    for ref in doc.references:
        if (
            ref.kind == "named"
            or not ref.spans
            or (ref.relation == "self" and (own is None or ref.key == own))
        ):
            continue  # (a `self` citation that is not the document's own number: a title naming its parent)
        start, end = ref.spans[0]
        lead, clause = _clause(text, start, end)
        if _NESTED.search(fold(lead)):
            continue  # `… Kế hoạch số 29/KH-UBND … về thực hiện Kế hoạch số 60/KH-BVHTTDL`: the parent's parent
        verb = _VERB.search(fold(lead))
        if ref.relation in ("implements", "based_on"):
            relation = ref.relation
        elif start < preamble_end and verb:
            relation = "implements" if _IMPLEMENTS.search(fold(lead)) else "based_on"
        else:
            continue
        out.append(_citation(ref, relation, clause, primary is not None and _names(primary, ref)))
    return out


def _names(primary: object, ref: Reference) -> bool:
    ns = getattr(primary, "number_symbol", None)
    return bool(
        ns and ref.number_symbol and fold(ns).replace(" ", "") == fold(ref.number_symbol).replace(" ", "")
    )


_NEXT_CITE = re.compile(
    r"[,;]?\s*(?:Quyết định|Quy định|Hướng dẫn|Nghị định|Nghị quyết|Chỉ thị|Kết luận|Kế hoạch|Thông tư|Thông báo"
    r"|Luật|Công văn|Văn bản)\s+(?:số\s*)?\d"
)


def _after(clause: str, number_symbol: str | None) -> str:
    """The words after the cited number, up to the next citation of the same clause."""
    tail = clause.split(number_symbol, 1)[-1] if number_symbol and number_symbol in clause else clause
    m = _NEXT_CITE.search(tail)
    tail = tail[: m.start()] if m else tail
    quoted = re.search(r"[“\"]([^”\"]{8,})[”\"]", tail)
    return f" về {quoted.group(1)}" if quoted and " về " not in tail[: quoted.start()] else tail


def _citation(ref: Reference, relation: str, clause: str, primary: bool) -> Citation:
    return Citation(
        key=ref.key,
        kind=ref.kind,
        relation=relation,
        doc_type=ref.doc_type,
        number_symbol=ref.number_symbol,
        symbol=ref.symbol,
        date=ref.date,
        issuer=ref.issuer,
        about=_about(_after(clause, ref.number_symbol)),
        sentence=clause,
        primary=primary,
    )


def unit_texts(doc: Document) -> list[str]:
    """The outline units' texts; paragraphs of the text when nothing was parsed as an outline."""
    units = units_from_document(doc)
    if units:
        return [u.text for u in units]
    return [p for p in re.split(r"\n\s*\n|\n(?=[-*+•])", doc.text or "") if len(p.split()) >= 4]


def profile(doc: Document, idx: int, *, keep_units: bool = True, path: str | None = None) -> Profile:
    """The profile of a parsed document (`keep_units` keeps the aligner's units for verification)."""
    units = units_from_document(doc) if keep_units else None
    texts = [u.text for u in units] if units else unit_texts(doc)
    head = fold((doc.text or "")[:400])
    return Profile(
        idx=idx,
        path=path if path is not None else doc.source.path,
        key=document_key(doc),
        doc_type=doc.doc_type,
        number_symbol=doc.number_symbol,
        symbol=doc.symbol,
        issuer=doc.issuer,
        issuer_parent=doc.issuer_parent,
        date=doc.date,
        title=" ".join(doc.title.split()) if doc.title else None,
        level=level_of(doc.issuer, doc.issuer_parent, doc.symbol, doc.date),
        draft=bool(_DRAFT.search(head)),
        blank_number=not doc.number,
        citations=parent_citations(doc),
        shingles=shingles(texts),
        n_units=len(texts),
        units=units,
    )
