"""Turn a parsed `Document` into the rows the store writes (pure, runs in ingest worker processes).

Everything CPU-bound happens here, in parallel: node rows, the folded token
strings for the search index, the MinHash signature for near-duplicates.
The writer in the main process then only inserts.
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

from kehoach.errors import NotAPlanError
from kehoach.model import Document, Node
from kehoach.store import textindex
from kehoach.store.levels import level_of
from kehoach.vntext import fold

NUM_PERM = 128
SHINGLE = 3  # words per shingle: reuse between sibling plans stays < 0.4, re-typed copies > 0.9
MINHASH_SEED = 1
_BODY_EXCLUDED = {"header", "signature", "recipients"}  # metadata, not the plan's wording


@dataclass
class PreparedDocument:
    """A document ready to insert: plain values only (crosses process boundaries)."""

    content_hash: str
    source_key: str | None
    row: dict[str, Any]
    nodes: list[dict[str, Any]]
    chunk_index: list[tuple[int, str]]  # per chunk: (token count, FTS5 text or tsvector literal)
    citations: list[dict[str, Any]]
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


def document_nodes(doc: Document) -> list[dict[str, Any]]:
    """Node rows in document order: pseudo nodes for header, title, preamble, closing, signature,
    recipients and annex titles around the outline nodes (ids as the parser gave them)."""
    rows: list[dict[str, Any]] = []

    def pseudo(node_id: str, kind: str, text: str | None, annex: int | None = None) -> None:
        text = unicodedata.normalize("NFC", " ".join((text or "").split()))
        if text:
            start, end = _span_of(doc, text)
            rows.append(
                {
                    "node_id": node_id,
                    "parent_node_id": None,
                    "kind": kind,
                    "label": None,
                    "heading": None,
                    "text": text,
                    "depth": 0,
                    "annex": annex,
                    "span_start": start,
                    "span_end": end,
                    "raw_start": None,
                    "raw_end": None,
                }
            )

    def outline(nodes: list[Node], parent: str | None, depth: int, annex: int | None) -> None:
        for node in nodes:
            raw = node.raw_span or (None, None)
            rows.append(
                {
                    "node_id": node.id,
                    "parent_node_id": parent,
                    "kind": node.kind,
                    "label": node.label,
                    "heading": node.heading,
                    "text": _node_text(node),
                    "depth": depth,
                    "annex": annex,
                    "span_start": node.span[0],
                    "span_end": node.span[1],
                    "raw_start": raw[0],
                    "raw_end": raw[1],
                }
            )
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
        " ".join(x for x in (doc.signer.authority, doc.signer.position, doc.signer.name) if x),
    )
    pseudo("recipients", "recipients", "; ".join(r.name for r in doc.recipients))
    for i, annex in enumerate(doc.annexes, start=1):
        pseudo(f"A{i}", "annex", annex.title, annex=i)
        outline(annex.outline, f"A{i}", 1, i)
    for ordinal, row in enumerate(rows):
        row["ordinal"] = ordinal
    return rows


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


def shingle_hashes(words: list[str]) -> Any:
    """Distinct stable 32-bit hashes of the SHINGLE-word shingles (numpy uint64 array)."""
    import numpy as np

    h = np.fromiter((_token_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(words) >= SHINGLE:
        n = len(words) - SHINGLE + 1
        acc = h[:n].copy()
        for k in range(1, SHINGLE):
            acc = (acc * np.uint64(0x9E3779B1) + h[k : k + n]) & np.uint64(0xFFFFFFFF)
        h = acc
    return np.unique(h)


def minhash_signature(node_tokens: list[list[str]]) -> bytes:
    """MinHash signature (NUM_PERM × uint32) of the folded body text's word shingles.

    Each permutation is a multiply-add-shift hash (a·x + b mod 2^64) >> 32 with odd `a`: the
    same estimator as datasketch's `MinHash`, 3-4× faster in numpy (no modulo), and it keeps
    datasketch (and scipy) out of the worker processes. `neardup` reads the values back as
    datasketch `LeanMinHash`es for its LSH index and Jaccard estimates.
    """
    import numpy as np

    a, b = _permutations()
    out = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint64)
    hashes = shingle_hashes([t for toks in node_tokens for t in toks])
    for i in range(0, len(hashes), 2048):
        chunk = hashes[i : i + 2048][None, :]
        np.minimum(out, ((a * chunk + b) >> np.uint64(32)).min(axis=1), out=out)
    return out.astype(np.uint32).tobytes()


def _citations(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "key": ref.key,
            "kind": ref.kind,
            "doc_type": ref.doc_type,
            "number": ref.number,
            "symbol": ref.symbol,
            "number_symbol": ref.number_symbol,
            "number_key": textindex.number_key(ref.number_symbol),
            "date": ref.date,
            "issuer": ref.issuer,
            "term": ref.term,
            "title": ref.title,
            "relation": ref.relation,
            "count": ref.count,
            "node_ids": list(ref.node_ids),
            "spans": [list(s) for s in ref.spans],
            "context": ref.context,
        }
        for ref in doc.references
    ]


def check_storable(doc: Document) -> None:
    """Refuse what is not a plan-shaped document (the parser should have said so already)."""
    if not any(True for _ in doc.nodes(annexes=True)) and not doc.title:
        raise NotAPlanError(
            "Không phải văn bản kế hoạch: không tìm thấy tiêu đề hay đề mục (I., 1., a), -) nào.",
            code="not_a_plan",
            path=doc.source.path,
        )


def prepare_document(
    doc: Document, backend: str, *, content_hash: str | None = None, source_key: str | None = None
) -> PreparedDocument:
    """Everything the writer needs to insert `doc` on `backend` (`sqlite` or `postgresql`).

    `source_key` names the file across versions (its resolved path); None for uploads without one.
    """
    check_storable(doc)
    nodes = document_nodes(doc)
    node_tokens = [textindex.tokens(n["text"]) for n in nodes]
    for node, toks in zip(nodes, node_tokens, strict=True):
        node["tokens"] = textindex.node_tokens_row(toks)
    render = textindex.fts5_row if backend == "sqlite" else textindex.tsvector_literal
    chunks = textindex.chunk_tokens(node_tokens)
    body = [toks for n, toks in zip(nodes, node_tokens, strict=True) if n["kind"] not in _BODY_EXCLUDED]
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
        "number_key": textindex.number_key(doc.number_symbol),
        "issuer": doc.issuer,
        "issuer_parent": doc.issuer_parent,
        "issuer_key": issuer_key,
        "level": level_of(doc),
        "place": doc.place,
        "date": doc.date,
        "year": _year(doc.date),
        "title": doc.title,
        "signer_name": doc.signer.name,
        "quality_score": doc.quality.score,
        "n_nodes": sum(1 for _ in doc.nodes(annexes=True)),
        "n_references": len(doc.references),
        "n_warnings": len(doc.warnings),
        "data": doc.model_dump_json(
            exclude={"text", "raw_text", "offset_map"}
        ),  # serialized here, in the worker
        "text": doc.text,
        "raw_text": doc.raw_text,
        "offset_map": json.dumps(doc.offset_map, separators=(",", ":")),
    }
    return PreparedDocument(
        content_hash=content_hash or content_hash_of(doc),
        source_key=source_key,
        row=row,
        nodes=nodes,
        chunk_index=[(len(c), render(c)) for c in chunks],
        citations=_citations(doc),
        minhash=minhash_signature(body),
        warnings=list(doc.warnings),
    )
