"""Read queries behind the store's public methods: listing, one document, its page, citations, stats."""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, bindparam, case, func, or_, select

from kehoach.errors import StoreError
from kehoach.identity import choose, key_of_reference, number_key, split_key, year_of
from kehoach.model import Document, Reference
from kehoach.refs import parse_user_key
from kehoach.store.results import (
    Citing,
    DocumentRef,
    DocumentSummary,
    DocumentView,
    FailureRecord,
    IngestRun,
    NearDuplicate,
    Page,
    Stats,
    StoredDocument,
)
from kehoach.store.schema import (
    CitationRow,
    DocumentRow,
    IngestFailureRow,
    IngestRunRow,
    NearDuplicateRow,
    NodeRow,
)
from kehoach.vntext import fold

if TYPE_CHECKING:
    from kehoach.store.database import Database

D = DocumentRow
SUMMARY_COLUMNS = (
    D.id, D.number_symbol, D.title, D.issuer, D.source_path, D.doc_type, D.date, D.year, D.level,
    D.version, D.is_current, D.n_nodes, D.content_hash,
)  # fmt: skip
SORTS = {
    "date": (D.date.asc(), D.id.asc()),
    "-date": (D.date.desc(), D.id.desc()),
    "id": (D.id.asc(),),
    "-id": (D.id.desc(),),
    "issuer": (D.issuer.asc(), D.id.asc()),
    "number": (D.number_key.asc(), D.id.asc()),
    "title": (D.title.asc(), D.id.asc()),
    "created": (D.created_at.asc(), D.id.asc()),
    "-created": (D.created_at.desc(), D.id.desc()),
}


def summary(row: Any) -> DocumentSummary:
    """A `DocumentSummary` from a row selected with SUMMARY_COLUMNS."""
    return DocumentSummary(**dict(row._mapping))


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_filters(q: Select[Any], filters: dict[str, Any]) -> Select[Any]:
    """Filters shared by listing and search.

    issuer: folded substring of issuer or its parent (`huyen uy duc trong`, `Lâm Đồng`);
    year: int; type: doc type name (`Kế hoạch`, `ke hoach`) or symbol code (`KH`);
    level: central|province|district|grassroots; all_versions: include superseded versions.
    """
    if not filters.get("all_versions"):
        q = q.where(D.is_current.is_(True))
    if issuer := filters.get("issuer"):
        q = q.where(D.issuer_key.like(_like(fold(" ".join(str(issuer).split()))), escape="\\"))
    if (year := filters.get("year")) not in (None, ""):
        q = q.where(D.year == int(year))
    if doc_type := filters.get("type"):
        t = " ".join(str(doc_type).split())
        q = q.where(or_(D.type_key == fold(t), func.upper(D.type_code) == t.upper()))
    if level := filters.get("level"):
        q = q.where(D.level == level)
    if title := filters.get("q"):
        q = q.where(func.lower(D.title).like(_like(str(title).lower()), escape="\\"))
    return q


def list_documents(store: Database, filters: dict[str, Any], *, sort: str, page: int, page_size: int) -> Page:
    """See `Store.list_documents`."""
    if sort not in SORTS:
        raise StoreError(f"Không sắp xếp được theo '{sort}' (chọn: {', '.join(SORTS)}).", code="bad_sort")
    page, page_size = max(1, page), max(1, min(page_size, 10_000))
    base = apply_filters(select(*SUMMARY_COLUMNS), filters)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        rows = conn.execute(base.order_by(*SORTS[sort]).limit(page_size).offset((page - 1) * page_size)).all()
    return Page(items=[summary(r) for r in rows], total=total, page=page, page_size=page_size)


def find_documents(store: Database, number_symbol: str, *, all_versions: bool = False) -> list[int]:
    """Ids of the documents carrying this number symbol (any printed form)."""
    key = number_key(number_symbol)
    if not key:
        return []
    q = select(D.id).where(D.number_key == key).order_by(D.id)
    if not all_versions:
        q = q.where(D.is_current.is_(True))
    with store.engine.connect() as conn:
        return list(conn.execute(q).scalars())


def find_numbers(
    store: Database, number_symbols: list[str], *, all_versions: bool = False
) -> dict[str, list[tuple[int, int | None]]]:
    """Many numbers at once: number key (`textindex.number_key`) → [(document id, year)]."""
    keys = sorted({k for k in (number_key(n) for n in number_symbols) if k})
    out: dict[str, list[tuple[int, int | None]]] = {}
    if not keys:
        return out
    q = select(D.id, D.number_key, D.year, D.is_current).where(D.number_key.in_(keys)).order_by(D.id)
    with store.engine.connect() as conn:
        for row in conn.execute(q):
            if all_versions or row.is_current:
                out.setdefault(row.number_key, []).append((row.id, row.year))
    return out


def _load(conn: Any, doc_id: int) -> StoredDocument | None:
    row = conn.execute(
        select(*SUMMARY_COLUMNS, D.data, D.text, D.raw_text, D.offset_map, D.created_at, D.source_key).where(
            D.id == doc_id
        )
    ).first()
    if row is None:
        return None
    m = row._mapping
    doc = _parse(m["data"], m["text"], m["raw_text"], m["offset_map"] or "[]")
    versions, near = _versions_and_near(conn, doc_id, m["source_key"])
    cited = _cited_by_number(conn, m["number_symbol"]) if m["number_symbol"] else []
    return StoredDocument(
        summary=summary(row), document=doc, created_at=m["created_at"], versions=versions,
        near_duplicates=near, cited_by=[c for c in cited if c.document.id != doc_id],
    )  # fmt: skip


def _versions_and_near(
    conn: Any, doc_id: int, source_key: str | None
) -> tuple[list[DocumentSummary], list[NearDuplicate]]:
    """The versions of the same source and the near-duplicates of document `doc_id`."""
    versions = [summary(r) for r in conn.execute(_VERSIONS, {"source_key": source_key})] if source_key else []
    near = [
        NearDuplicate(document=_ref(d), similarity=d.similarity, method=d.method)
        for d in conn.execute(_NEAR, {"doc_id": doc_id})
    ]
    return versions, near


def _ref(row: Any) -> DocumentRef:
    """The `document` shape every listing shares, from a row with those five columns."""
    return DocumentRef(
        id=row.id,
        number_symbol=row.number_symbol,
        title=row.title,
        issuer=row.issuer,
        source_path=row.source_path,
    )


def get_document(store: Database, key: int | str) -> StoredDocument | None:
    """A document by id or number symbol (raises `StoreError` code `ambiguous` if several)."""
    with store.engine.connect() as conn:
        if isinstance(key, int) or str(key).strip().isdigit():
            return _load(conn, int(key))
        ids = find_documents(store, str(key))
        if not ids:
            return None
        if len(ids) > 1:
            raise StoreError(
                f"Có {len(ids)} văn bản mang số {key}: hãy chỉ rõ ID ({', '.join(map(str, ids))}).",
                code="ambiguous",
            )
        return _load(conn, ids[0])


def _citing_rows(conn: Any, condition: Any) -> list[Citing]:
    rows = conn.execute(
        select(D.id, D.number_symbol, D.title, D.issuer, D.source_path, CitationRow.key, CitationRow.relation,
               CitationRow.node_ids, CitationRow.context)
        .join(CitationRow, CitationRow.document_id == D.id)
        .where(condition, D.is_current.is_(True))
        .order_by(D.date.desc(), D.id)
    ).all()  # fmt: skip
    return [
        Citing(
            document=_ref(r),
            key=r.key,
            relation=r.relation,
            node_ids=list(r.node_ids or []),
            context=r.context or "",
        )  # fmt: skip
        for r in rows
    ]


def _cited_by_number(conn: Any, number_symbol: str) -> list[Citing]:
    return _citing_rows(conn, CitationRow.number_key == number_key(number_symbol))


def resolve_references(store: Database, refs: list[Reference]) -> dict[str, int | None]:
    """The stored document each numbered citation names, by reference key (None: not
    stored, or ambiguous); rules in `kehoach.identity`."""
    wanted = {r.key: key_of_reference(r) for r in refs if r.kind == "numbered"}
    found = find_numbers(store, [k.number_key for k in wanted.values() if k.number_key])
    out: dict[str, int | None] = {r.key: None for r in refs}
    for ref_key, key in wanted.items():
        candidates = [(i, None if y is None else str(y)) for i, y in found.get(key.number_key or "", [])]
        out[ref_key] = choose(key.year, candidates)
    return out


def parent_id(
    store: Database,
    doc: Document,
    *,
    resolve: Callable[[list[Reference]], dict[str, int | None]] | None = None,
) -> int | None:
    """The stored document `doc` implements: the first of its `implements` citations found in the
    store, else the plan its preamble names (`doc.implements`, `Thực hiện …` or `căn cứ …`), matched
    by number and year as a citation is (`identity.choose`: a plan of 2021 is not the one cited as
    dated 2022). `resolve`: `resolve_references` by default (a caller may pass a cached one)."""
    implements = [r for r in doc.references if r.relation == "implements"]
    targets = (resolve or (lambda refs: resolve_references(store, refs)))(implements)
    for r in implements:
        if targets.get(r.key) is not None:
            return targets[r.key]
    named = doc.implements
    if named and (key := number_key(named.number_symbol)):
        found = find_numbers(store, [named.number_symbol or ""]).get(key, [])
        return choose(year_of(named.date), [(i, None if y is None else str(y)) for i, y in found])
    return None


def cited_by(store: Database, key: str) -> list[Citing]:
    """Stored documents citing a reference key (`40-KH/TU@2022`: that key only) or a number
    (`40-KH/TU`, `5-CT/TW` = `05-CT/TW`: every citation of it)."""
    canonical = parse_user_key(key) or key
    base, year = split_key(canonical)
    condition = CitationRow.key.in_({key, canonical})
    if year is None and (nkey := number_key(base)):
        condition = or_(condition, CitationRow.number_key == nkey)
    with store.engine.connect() as conn:
        return _citing_rows(conn, condition)


_DATA = select(D.data).where(D.id == bindparam("doc_id"))


def reference(store: Database, doc_id: int, key: str) -> Reference | None:
    """The citation `key` as document `doc_id` reads it (None: no such document or citation);
    reads only the document's model, not its text."""
    with store.engine.connect() as conn:
        data = conn.execute(_DATA, {"doc_id": doc_id}).scalar()
    if data is None:
        return None
    found = next((r for r in json.loads(data).get("references", []) if r.get("key") == key), None)
    return Reference.model_validate(found) if found else None


def stats(store: Database) -> Stats:
    """Counts by level, issuer, year and type (current versions)."""
    current = D.is_current.is_(True)

    def grouped(conn: Any, column: Any, limit: int | None = None) -> dict[str, int]:
        q = select(column, func.count()).where(current).group_by(column).order_by(func.count().desc(), column)
        if limit:
            q = q.limit(limit)
        return {("" if k is None else str(k)): n for k, n in conn.execute(q)}

    with store.engine.connect() as conn:
        return Stats(
            documents=conn.execute(select(func.count()).select_from(D)).scalar_one(),
            current=conn.execute(select(func.count()).select_from(D).where(current)).scalar_one(),
            nodes=conn.execute(select(func.count()).select_from(NodeRow)).scalar_one(),
            citations=conn.execute(select(func.count()).select_from(CitationRow)).scalar_one(),
            near_duplicate_links=conn.execute(
                select(func.count()).select_from(NearDuplicateRow)
            ).scalar_one(),
            failures=conn.execute(select(func.count()).select_from(IngestFailureRow)).scalar_one(),
            by_level=grouped(conn, D.level),
            by_issuer=grouped(conn, D.issuer, limit=100),
            by_year=grouped(conn, D.year),
            by_type=grouped(conn, D.doc_type),
        )


def failures(store: Database, *, run_id: int | None, limit: int) -> list[FailureRecord]:
    """See `Store.failures`."""
    F = IngestFailureRow
    q = select(F.id, F.run_id, F.path, F.code, F.message, F.created_at).order_by(F.id.desc()).limit(limit)
    if run_id is not None:
        q = q.where(F.run_id == run_id)
    with store.engine.connect() as conn:
        return [FailureRecord(**dict(r._mapping)) for r in conn.execute(q)]


def runs(store: Database, *, limit: int) -> list[IngestRun]:
    """See `Store.runs`."""
    R = IngestRunRow
    q = select(R.id, R.started_at, R.finished_at, R.status, R.n_files, R.n_stored, R.n_skipped, R.n_failed,
               R.n_near_duplicates, R.n_versions).order_by(R.id.desc()).limit(limit)  # fmt: skip
    with store.engine.connect() as conn:
        return [IngestRun(**dict(r._mapping)) for r in conn.execute(q)]


# -- one document's page: bounded work, a fixed number of statements -----------------------------
# `get_document` loads everything at once: the raw text and offset map, and every citing document
# (thousands for a much-cited plan). A page needs the header, outline and citations, the first
# citing documents with their count (the rest page by page), and the raw text only when the
# original is shown. Statements are built once (bound parameters), so a request only executes them.
# Parsed documents can be reused across requests through a caller-owned mapping keyed by
# (document id, content hash): a stored version never changes its content, and an id reused
# after a deletion carries another hash.

CR, ND = CitationRow, NearDuplicateRow
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
    store: Database, doc_id: int, *, cited_by_limit: int = 50, documents: DocumentCache | None = None
) -> DocumentView | None:
    """A document without its raw text, with the first `cited_by_limit` citing documents and
    their count; `documents` (optional) keeps parsed documents between calls."""
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
        versions, near = _versions_and_near(conn, doc_id, m["source_key"])
        nkey = number_key(m["number_symbol"])
        cited = _citing(conn, doc_id, nkey, cited_by_limit, 0)
        total = len(cited) if len(cited) < cited_by_limit else _citing_count(conn, doc_id, nkey)
    stored = StoredDocument(
        summary=summary(head), document=doc, created_at=m["created_at"], versions=versions,
        near_duplicates=near, cited_by=cited,
    )  # fmt: skip
    return DocumentView(stored=stored, cited_by_total=total)


def citing_page(
    store: Database, doc_id: int, number_symbol: str | None, *, limit: int, offset: int = 0
) -> tuple[list[Citing], int]:
    """One page of the current documents citing document `doc_id`'s number, and their count."""
    nkey = number_key(number_symbol)
    with store.engine.connect() as conn:
        return _citing(conn, doc_id, nkey, limit, offset), _citing_count(conn, doc_id, nkey)


def document_summary(store: Database, doc_id: int) -> DocumentSummary | None:
    """The listing fields of one document (None: no such document)."""
    with store.engine.connect() as conn:
        row = conn.execute(_HEAD, {"doc_id": doc_id}).first()
    return None if row is None else summary(row)


def content_hash(store: Database, doc_id: int) -> str | None:
    """The content hash of one document (None: no such document)."""
    with store.engine.connect() as conn:
        return conn.execute(_HASH, {"doc_id": doc_id}).scalar()


def document_texts(store: Database, doc_id: int) -> Document | None:
    """The full document: repaired and raw text and the offset map between them (or None)."""
    with store.engine.connect() as conn:
        row = conn.execute(_TEXTS, {"doc_id": doc_id}).first()
    return None if row is None else _parse(row.data, row.text, row.raw_text, row.offset_map)


def pages_changed_by(store: Database, since_id: int) -> tuple[list[int], set[int], set[str]]:
    """The documents stored after id `since_id`; every document whose page (`document_view`
    and its citations) they can change: themselves; the other versions of their source (version
    list, current flag); the documents they or those versions cite (cited-by lists); the
    documents citing their numbers (citation targets, implemented parent); their near-duplicates;
    and the number keys of the new documents and their versions (citations of those numbers may
    now resolve differently)."""
    with store.engine.connect() as conn:
        new = [r.id for r in conn.execute(select(D.id, D.source_key).where(D.id > since_id))]
        if not new:
            return [], set(), set()
        sources = select(D.source_key).where(D.id.in_(new), D.source_key.is_not(None))
        group = select(D.id).where(or_(D.id.in_(new), D.source_key.in_(sources)))
        cited_numbers = select(CR.number_key).where(CR.document_id.in_(group), CR.number_key.is_not(None))
        own_numbers = select(D.number_key).where(D.id.in_(group), D.number_key.is_not(None))
        changed = set(conn.execute(group).scalars())
        changed.update(conn.execute(select(D.id).where(D.number_key.in_(cited_numbers))).scalars())
        changed.update(conn.execute(select(CR.document_id).where(CR.number_key.in_(own_numbers))).scalars())
        near = select(ND.document_id, ND.other_id).where(or_(ND.document_id.in_(new), ND.other_id.in_(new)))
        for a, b in conn.execute(near):
            changed.update((a, b))
        numbers = set(conn.execute(own_numbers).scalars())
    return new, changed, numbers
