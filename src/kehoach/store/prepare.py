"""Turn a parsed `Document` into the rows the store writes (pure, runs in ingest worker processes).

Everything CPU-bound happens here, in parallel: node rows, the folded token strings for the search
index, the MinHash signature for near-duplicates, every JSON value. The writer in the main process
only executes inserts: it adds the document id to ready tuples (SQLite) or passes one JSON array
per table to the server (PostgreSQL).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kehoach import identity
from kehoach.errors import NotAPlanError
from kehoach.levels import level_of_document
from kehoach.model import Document, Node
from kehoach.store import textindex
from kehoach.vntext import fold

NUM_PERM = 128
SHINGLE = 3  # words per shingle: reuse between sibling plans stays < 0.4, re-typed copies > 0.9
MINHASH_SEED = 1
_BODY_EXCLUDED = {"header", "signature", "recipients"}  # metadata, not the plan's wording
_PSEUDO_KINDS = {"header", "title", "preamble", "closing", "signature", "recipients", "annex"}

ROW_FIELDS = (
    "source_path", "source_format", "source_size", "doc_type", "type_key", "type_code", "number", "symbol",
    "number_symbol", "number_key", "issuer", "issuer_parent", "issuer_key", "level", "place", "date", "year",
    "title", "signer_name", "quality_score", "n_nodes", "n_references", "n_warnings", "data", "text",
    "raw_text", "offset_map",
)  # fmt: skip
"""`documents` columns that `prepare_document` fills (`PreparedDocument.row`, in this order)."""
NODE_FIELDS = (
    "node_id", "parent_node_id", "kind", "label", "heading", "text", "tokens", "ordinal", "depth", "annex",
    "span_start", "span_end", "raw_start", "raw_end",
)  # fmt: skip
"""Columns of a prepared node row, in order (the writer adds `document_id` in front)."""
CITATION_FIELDS = (
    "key", "kind", "doc_type", "number", "symbol", "number_symbol", "number_key", "date", "issuer", "term",
    "title", "relation", "count", "node_ids", "spans", "context",
)  # fmt: skip
"""Columns of a prepared citation row, in order (the writer adds `document_id` in front)."""

Rows = list[tuple[Any, ...]] | str
"""Child rows of a document: tuples in column order (SQLite; JSON columns already serialized), or
on PostgreSQL one JSON array of those rows (JSON columns nested), expanded by the server."""
SQLITE_UTF8 = ("data", "text", "raw_text")
"""On SQLite these `documents` values, and each node's `text`, travel as UTF-8 bytes: the main
process never decodes them (unpickling) nor encodes them again (binding); the insert stores them
as TEXT (`CAST(? AS TEXT)`)."""


@dataclass
class PreparedDocument:
    """A document ready to insert: plain values only (crosses process boundaries)."""

    content_hash: str
    source_key: str | None
    row: dict[str, Any]  # `documents` columns (the writer adds ids, version, run and timestamps)
    nodes: Rows  # NODE_FIELDS
    chunk_index: list[tuple[int, str, str]]  # per chunk: (token count, FTS5 text or tsvector, marks)
    citations: Rows  # CITATION_FIELDS
    minhash: bytes
    warnings: list[str] = field(default_factory=list)


def content_hash_of(doc: Document) -> str:
    """The file's SHA-256 as read, else a hash of the normalized text (documents built in memory)."""
    return doc.source.sha256 or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def _year(date: str | None) -> int | None:
    m = re.match(r"(\d{4})", date or "")
    return int(m.group(1)) if m else None


def _type_code(doc: Document) -> str | None:
    if not doc.symbol:
        return None
    return re.split(r"[/-]", doc.symbol)[0].strip()[:16] or None


def _span_of(doc: Document, value: str | None) -> tuple[int | None, int | None]:
    if not value or not doc.text:
        return None, None
    start = doc.text.find(value)
    return (start, start + len(value)) if start >= 0 else (None, None)


def _node_text(node: Node) -> str:
    heading = unicodedata.normalize("NFC", (node.heading or "").strip())
    text = unicodedata.normalize("NFC", node.text.strip())
    if heading and heading not in text:
        return f"{heading} {text}".strip()
    return text or heading


_Spec = tuple[str, str | None, str, str | None, str | None, str, int, int | None, Any, Any, Any, Any]
"""node_id, parent_node_id, kind, label, heading, text, depth, annex, span_start, span_end, raw_start,
raw_end: a node row before its tokens and ordinal."""


def _node_specs(doc: Document) -> list[_Spec]:
    """Node rows in document order: pseudo nodes for header, title, preamble, closing, signature,
    recipients and annex titles around the outline nodes (ids as the parser gave them)."""
    specs: list[_Spec] = []

    def pseudo(node_id: str, kind: str, text: str | None, annex: int | None = None) -> None:
        text = unicodedata.normalize("NFC", " ".join((text or "").split()))
        if text:
            start, end = _span_of(doc, text)
            specs.append((node_id, None, kind, None, None, text, 0, annex, start, end, None, None))

    def outline(nodes: list[Node], parent: str | None, depth: int, annex: int | None) -> None:
        for node in nodes:
            raw = node.raw_span or (None, None)
            specs.append((node.id, parent, node.kind, node.label, node.heading, _node_text(node), depth, annex,
                          node.span[0], node.span[1], raw[0], raw[1]))  # fmt: skip
            if node.children:
                outline(node.children, node.id, depth + 1, annex)

    header = " ".join(
        x
        for x in (
            doc.issuer_parent,
            doc.issuer,
            doc.doc_type,
            f"Số {doc.number_symbol}" if doc.number_symbol else None,
            doc.place,
            doc.date,
        )
        if x
    )
    pseudo("header", "header", header)
    pseudo("title", "title", doc.title)
    pseudo("preamble", "preamble", doc.preamble)
    outline(doc.outline, None, 0, None)
    pseudo("closing", "closing", doc.closing)
    pseudo(
        "signature",
        "signature",
        " ".join(
            x
            for x in (doc.signer.authority, doc.signer.position, doc.signer.concurrent, doc.signer.name)
            if x
        ),
    )
    pseudo("recipients", "recipients", "; ".join(r.name for r in doc.recipients))
    for i, annex in enumerate(doc.annexes, start=1):
        pseudo(f"A{i}", "annex", annex.title, annex=i)
        outline(annex.outline, f"A{i}", 1, i)
    return specs


def _node_rows(
    specs: list[_Spec], node_tokens: list[list[str]], *, utf8: bool = False
) -> list[tuple[Any, ...]]:
    """Node rows in NODE_FIELDS order (`utf8`: the text as UTF-8 bytes, see SQLITE_UTF8)."""
    return [
        (s[0], s[1], s[2], s[3], s[4], s[5].encode() if utf8 else s[5], textindex.node_tokens_row(toks),
         ordinal, *s[6:])
        for ordinal, (s, toks) in enumerate(zip(specs, node_tokens, strict=True))
    ]  # fmt: skip


def document_nodes(doc: Document) -> list[dict[str, Any]]:
    """Node rows in document order as dicts (NODE_FIELDS): pseudo nodes for header, title,
    preamble, closing, signature, recipients and annex titles around the outline nodes."""
    specs = _node_specs(doc)
    rows = _node_rows(specs, textindex.tokens_many([s[5] for s in specs], nfc=True))
    return [dict(zip(NODE_FIELDS, r, strict=True)) for r in rows]


@lru_cache(maxsize=200_000)
def _token_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    import numpy as np

    rng = np.random.RandomState(MINHASH_SEED)
    a = (rng.randint(1, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64) << np.uint64(1)) | np.uint64(
        1
    )
    b = rng.randint(0, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
    return a[:, None], b[:, None]


def shingle_hashes(words: list[str], *, distinct: bool = True) -> Any:
    """Stable 32-bit hashes of the SHINGLE-word shingles (numpy uint64 array), each once unless
    `distinct` is False."""
    import numpy as np

    h = np.fromiter(map(_token_hash, words), dtype=np.uint64, count=len(words))
    if len(words) >= SHINGLE:
        n = len(words) - SHINGLE + 1
        acc = h[:n].copy()
        for k in range(1, SHINGLE):
            acc *= np.uint64(0x9E3779B1)
            acc += h[k : k + n]
            acc &= np.uint64(0xFFFFFFFF)
        h = acc
    return np.unique(h) if distinct else h


_BLOCK = 1024  # shingles per step: one reused _BLOCK × NUM_PERM uint64 buffer (1 MB)


@lru_cache(maxsize=1)
def _buffer() -> Any:
    import numpy as np

    return np.empty((_BLOCK, NUM_PERM), dtype=np.uint64)


def minhash_signature(node_tokens: list[list[str]]) -> bytes:
    """MinHash signature (NUM_PERM × uint32) of the folded body text's word shingles.

    Each permutation is a multiply-add-shift hash (a·x + b mod 2^64) >> 32 with odd `a`: the
    same estimator as datasketch's `MinHash`, several times faster in numpy (no modulo, one
    reused buffer). `neardup` compares the stored values directly (share of equal values).
    """
    import numpy as np

    a, b = _permutations()
    a, b = a.ravel(), b.ravel()
    low = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    # repeated shingles cannot change a minimum: no need to make them distinct first
    hashes = shingle_hashes([t for toks in node_tokens for t in toks], distinct=False)
    buf = _buffer()
    for i in range(0, len(hashes), _BLOCK):
        chunk = hashes[i : i + _BLOCK]
        work = buf[: len(chunk)]
        np.multiply(chunk[:, None], a[None, :], out=work)
        work += b
        np.minimum(low, work.min(axis=0), out=low)
    # `>> 32` keeps the order, so the minimum's top half is the minimum of the top halves
    out = np.minimum(low >> np.uint64(32), np.uint64(0xFFFFFFFF))
    return out.astype(np.uint32).tobytes()


def _citation_rows(doc: Document, *, nested_json: bool) -> list[tuple[Any, ...]]:
    """Citation rows in CITATION_FIELDS order; `node_ids` and `spans` as JSON text unless nested."""

    def js(value: Any) -> Any:
        return value if nested_json else json.dumps(value, separators=(",", ":"))

    return [
        (ref.key, ref.kind, ref.doc_type, ref.number, ref.symbol, ref.number_symbol,
         identity.number_key(ref.number_symbol), ref.date, ref.issuer, ref.term, ref.title, ref.relation,
         ref.count, js(list(ref.node_ids)), js([list(s) for s in ref.spans]), ref.context)
        for ref in doc.references
    ]  # fmt: skip


def check_storable(doc: Document) -> None:
    """Refuse what is not an administrative document: the parser says why (`Document.refusal`);
    a document the user insisted on (`kehoach.parse.accept_as_other`, `--force`) has type "other"."""
    if doc.refusal and doc.doc_type != "other":
        raise NotAPlanError(doc.refusal, code="not_a_plan", path=doc.source.path)
    if not any(True for _ in doc.nodes(annexes=True)) and not doc.title and doc.doc_type != "other":
        raise NotAPlanError(
            "Không phải văn bản kế hoạch: không tìm thấy tiêu đề hay đề mục (I., 1., a), -) nào.",
            code="not_a_plan",
            path=doc.source.path,
        )


def _json_rows(rows: list[tuple[Any, ...]]) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def prepare_document(
    doc: Document, dialect: str, *, content_hash: str | None = None, source_key: str | None = None
) -> PreparedDocument:
    """Everything the writer needs to insert `doc` in `dialect` (`sqlite` or `postgresql`).

    `source_key` names the file across versions (its resolved path); None for uploads without one.
    """
    check_storable(doc)
    specs = _node_specs(doc)
    node_tokens = textindex.tokens_many([s[5] for s in specs], nfc=True)  # node texts are NFC
    sqlite = dialect == "sqlite"
    nodes = _node_rows(specs, node_tokens, utf8=sqlite)
    render = textindex.fts5_row if sqlite else textindex.tsvector_literal
    layout = textindex.chunk_layout(node_tokens)
    chunk_marks = [textindex.marks_row([specs[i][5] for i in members]) for _, members in layout]
    body = [toks for s, toks in zip(specs, node_tokens, strict=True) if s[2] not in _BODY_EXCLUDED]
    issuer_key = fold(" | ".join(x for x in (doc.issuer, doc.issuer_parent) if x)) or None
    row = {
        "source_path": doc.source.path,
        "source_format": doc.source.format,
        "source_size": doc.source.size or len(doc.text.encode("utf-8")),
        "doc_type": doc.doc_type,
        "type_key": fold(doc.doc_type) if doc.doc_type else None,
        "type_code": _type_code(doc),
        "number": doc.number,
        "symbol": doc.symbol,
        "number_symbol": doc.number_symbol,
        "number_key": identity.number_key(doc.number_symbol),
        "issuer": doc.issuer,
        "issuer_parent": doc.issuer_parent,
        "issuer_key": issuer_key,
        "level": level_of_document(doc),
        "place": doc.place,
        "date": doc.date,
        "year": _year(doc.date),
        "title": doc.title,
        "signer_name": doc.signer.name,
        "quality_score": doc.quality.score,
        "n_nodes": sum(1 for s in specs if s[2] not in _PSEUDO_KINDS),
        "n_references": len(doc.references),
        "n_warnings": len(doc.warnings),
        "data": doc.model_dump_json(exclude={"text", "raw_text", "offset_map"}),
        "text": doc.text,
        "raw_text": doc.raw_text,
        "offset_map": json.dumps(doc.offset_map, separators=(",", ":")),
    }
    assert tuple(row) == ROW_FIELDS  # the writer binds the row in ROW_FIELDS order
    if sqlite:
        for key in SQLITE_UTF8:
            if row[key] is not None:
                row[key] = row[key].encode()
    citations = _citation_rows(doc, nested_json=not sqlite)
    return PreparedDocument(
        content_hash=content_hash or content_hash_of(doc),
        source_key=source_key,
        row=row,
        nodes=nodes if sqlite else _json_rows(nodes),
        chunk_index=[(len(c), render(c), m) for (c, _), m in zip(layout, chunk_marks, strict=True)],
        citations=citations if sqlite else _json_rows(citations),
        minhash=minhash_signature(body),
        warnings=list(doc.warnings),
    )
