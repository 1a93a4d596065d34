"""Read queries shaped for one document's page: bounded work, a fixed number of statements.

`get_document` (queries.py) loads everything at once: the raw text and offset map, and every
citing document (thousands for a much-cited plan). A page needs the header, outline and
citations, the first citing documents with their count (the rest page by page), and the raw
text only when the original is shown. Statements are built once (bound parameters), so a
request only executes them.

Parsed documents can be reused across requests through a caller-owned mapping keyed by
(document id, content hash): a stored version never changes its content, and an id reused
after a deletion carries another hash.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, case, func, or_, select

from kehoach.identity import number_key
from kehoach.model import Document
from kehoach.store.queries import SUMMARY_COLUMNS, _ref, summary
from kehoach.store.results import Citing, DocumentSummary, NearDuplicate, StoredDocument
from kehoach.store.schema import CitationRow, DocumentRow, NearDuplicateRow

if TYPE_CHECKING:
    from kehoach.store.core import Store

D, CR, ND = DocumentRow, CitationRow, NearDuplicateRow
DocumentCache = MutableMapping[tuple[int, str], Document]

_HEAD = select(*SUMMARY_COLUMNS, D.created_at, D.source_key).where(D.id == bindparam("doc_id"))
_BODY = select(D.data, D.text).where(D.id == bindparam("doc_id"))
_HASH = select(D.content_hash).where(D.id == bindparam("doc_id"))
_TEXTS = select(D.data, D.text, D.raw_text, D.offset_map).where(D.id == bindparam("doc_id"))
_VERSIONS = select(*SUMMARY_COLUMNS).where(D.source_key == bindparam("source_key")).order_by(D.version)
_OTHER = D.__table__.alias("other")
_OTHER_ID = case((ND.document_id == bindparam("doc_id"), ND.other_id), else_=ND.document_id)
_NEAR = (
    select(_OTHER.c.id, _OTHER.c.number_symbol, _OTHER.c.title, _OTHER.c.issuer, _OTHER.c.source_path,
           ND.similarity, ND.method)
    .join(_OTHER, _OTHER.c.id == _OTHER_ID)
    .where(or_(ND.document_id == bindparam("doc_id"), ND.other_id == bindparam("doc_id")))
    .order_by(ND.similarity.desc(), _OTHER.c.id)
)  # fmt: skip
_CITING_WHERE = and_(CR.number_key == bindparam("nkey"), D.is_current.is_(True), D.id != bindparam("doc_id"))
_CITING = (
    select(D.id, D.number_symbol, D.title, D.issuer, D.source_path, CR.key, CR.relation, CR.node_ids,
           CR.context)
    .join(CR, CR.document_id == D.id)
    .where(_CITING_WHERE)
    .order_by(D.date.desc(), D.id, CR.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)  # fmt: skip
_CITING_COUNT = select(func.count()).select_from(CR).join(D, D.id == CR.document_id).where(_CITING_WHERE)


@dataclass
class DocumentView:
    """A stored document for its page: `stored.cited_by` holds only the first citing documents."""

    stored: StoredDocument
    cited_by_total: int

    @property
    def cited_by_more(self) -> bool:
        """More documents cite this one than `stored.cited_by` holds."""
        return self.cited_by_total > len(self.stored.cited_by)


def _parse(
    data: str, text: str | None, raw_text: str | None = None, offset_map: str | None = None
) -> Document:
    fields: dict[str, Any] = {**json.loads(data), "text": text or ""}
    if offset_map is not None:
        fields.update(raw_text=raw_text, offset_map=json.loads(offset_map or "[]"))
    return Document.model_validate(fields)


def _citing(conn: Any, doc_id: int, nkey: str | None, limit: int, offset: int) -> list[Citing]:
    if not nkey or limit <= 0:
        return []
    rows = conn.execute(_CITING, {"nkey": nkey, "doc_id": doc_id, "limit": limit, "offset": offset})
    return [
        Citing(document=_ref(r), key=r.key, relation=r.relation, node_ids=list(r.node_ids or []),
               context=r.context or "")
        for r in rows
    ]  # fmt: skip


def _citing_count(conn: Any, doc_id: int, nkey: str | None) -> int:
    if not nkey:
        return 0
    return conn.execute(_CITING_COUNT, {"nkey": nkey, "doc_id": doc_id}).scalar_one()


def document_view(
    store: Store, doc_id: int, *, cited_by_limit: int = 50, documents: DocumentCache | None = None
) -> DocumentView | None:
    """One document for its page (without raw text), its versions and near-duplicates, and the
    first `cited_by_limit` current documents citing its number (newest first) with their count.
    `documents` (optional) keeps parsed documents between calls."""
    with store.engine.connect() as conn:
        head = conn.execute(_HEAD, {"doc_id": doc_id}).first()
        if head is None:
            return None
        m = head._mapping
        key = (doc_id, m["content_hash"])
        doc = documents.get(key) if documents is not None else None
        if doc is None:
            body = conn.execute(_BODY, {"doc_id": doc_id}).one()
            doc = _parse(body.data, body.text)
            if documents is not None:
                documents[key] = doc
        versions: list[DocumentSummary] = []
        if m["source_key"]:
            versions = [summary(r) for r in conn.execute(_VERSIONS, {"source_key": m["source_key"]})]
        near = [
            NearDuplicate(document=_ref(d), similarity=d.similarity, method=d.method)
            for d in conn.execute(_NEAR, {"doc_id": doc_id})
        ]
        nkey = number_key(m["number_symbol"])
        cited = _citing(conn, doc_id, nkey, cited_by_limit, 0)
        total = len(cited) if len(cited) < cited_by_limit else _citing_count(conn, doc_id, nkey)
    stored = StoredDocument(
        summary=summary(head), document=doc, created_at=m["created_at"], versions=versions,
        near_duplicates=near, cited_by=cited,
    )  # fmt: skip
    return DocumentView(stored=stored, cited_by_total=total)


def citing_page(
    store: Store, doc_id: int, number_symbol: str | None, *, limit: int, offset: int = 0
) -> tuple[list[Citing], int]:
    """Current documents citing the number of document `doc_id` (newest first), one page, and
    how many there are in all."""
    nkey = number_key(number_symbol)
    with store.engine.connect() as conn:
        return _citing(conn, doc_id, nkey, limit, offset), _citing_count(conn, doc_id, nkey)


def document_summary(store: Store, doc_id: int) -> DocumentSummary | None:
    """The listing fields of document `doc_id` (None: no such document)."""
    with store.engine.connect() as conn:
        row = conn.execute(_HEAD, {"doc_id": doc_id}).first()
    return None if row is None else summary(row)


def content_hash(store: Store, doc_id: int) -> str | None:
    """The content hash of document `doc_id` (None: no such document)."""
    with store.engine.connect() as conn:
        return conn.execute(_HASH, {"doc_id": doc_id}).scalar()


def document_texts(store: Store, doc_id: int) -> Document | None:
    """The full document: repaired and raw text and the offset map between them (or None)."""
    with store.engine.connect() as conn:
        row = conn.execute(_TEXTS, {"doc_id": doc_id}).first()
    return None if row is None else _parse(row.data, row.text, row.raw_text, row.offset_map)
