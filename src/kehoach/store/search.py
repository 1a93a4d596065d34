"""Vietnamese full-text search over the folded text, the same on SQLite (FTS5) and PostgreSQL.

Two levels, both holding the same folded tokens (see `textindex`):
1. documents are matched and ranked on `search_chunks` (a document's nodes, GAP-separated so a
   phrase never spans two nodes): bm25 on SQLite, `ts_rank` on PostgreSQL;
2. for the page of documents shown, the node to point at is the one matching the most clauses
   of the query (the first in document order on ties), found by substring search in the nodes'
   folded token strings (`nodes.tokens`): the same code and choice on both backends. A snippet of
   its printed text is cut around the matches.
A query that is one document number (`40-KH/TU`) also puts first the documents with that number
and then the documents citing it (from `citations`), then any other text match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Integer, bindparam, cast, column, func, literal_column, select, table, text
from sqlalchemy.dialects.postgresql import TSQUERY

from kehoach.errors import StoreError
from kehoach.store.queries import apply_filters
from kehoach.store.results import DocumentRef, SearchHit, SearchResults
from kehoach.store.schema import CitationRow, DocumentRow, NodeRow, SearchChunkRow
from kehoach.store.textindex import Query, clause_needle, fts5_match, parse_query, snippet, tsquery

if TYPE_CHECKING:
    from kehoach.store.database import Database

D, C, N = DocumentRow, SearchChunkRow, NodeRow
MAX_LIMIT = 1000
RANK_WINDOW = 1000
"""Ranking reads at most this many matching chunks, newest first (after the filters): below it
the ranking and `total` are exact; above it the hits are the best of the newest RANK_WINDOW and
`total` is a lower bound (`total_exact=False`). Both backends read the same window."""
_TIER = {"self": 2000.0, "cites": 1000.0, "text": 0.0}
Ranked = tuple[list[tuple[int, float]], bool]


def _collect(rows: list[Any], window: int, sign: float) -> Ranked:
    """Best chunk score per document, best first; exact unless the window filled up."""
    best: dict[int, float] = {}
    for doc, r in rows:
        score = sign * float(r)
        if doc not in best or score > best[doc]:
            best[doc] = score
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked, len(rows) < window


def _rank_sqlite(conn: Connection, q: Query, filters: dict[str, Any], window: int) -> Ranked:
    fts = table("chunk_fts", column("rowid", Integer))
    stmt = (
        select(C.document_id, literal_column("bm25(chunk_fts)"))
        .select_from(fts.join(C, C.id == fts.c.rowid).join(D, D.id == C.document_id))
        .where(literal_column("chunk_fts").op("MATCH")(bindparam("match", fts5_match(q))))
        .order_by(fts.c.rowid.desc())  # FTS5 walks its doclists newest first and stops at the window
        .limit(window)
    )
    return _collect(conn.execute(apply_filters(stmt, filters)).all(), window, -1.0)


def _rank_pg(conn: Connection, q: Query, filters: dict[str, Any], window: int) -> Ranked:
    tsq = cast(bindparam("tsq", tsquery(q)), TSQUERY)
    tsv = literal_column("search_chunks.tsv")
    stmt = (
        select(C.document_id, func.ts_rank(tsv, tsq, literal_column("1")))
        .select_from(C)
        .join(D, D.id == C.document_id)
        .where(tsv.op("@@")(tsq))
        .order_by(C.id.desc())  # rare words: the GIN index; common ones: newest first, stopping early
        .limit(window)
    )
    return _collect(conn.execute(apply_filters(stmt, filters)).all(), window, 1.0)


def _best_nodes(conn: Connection, q: Query, doc_ids: list[int]) -> dict[int, Any]:
    """document id → its node matching the most clauses of the query (the first in document order
    on ties). Found by substring search in the nodes' folded token strings (`nodes.tokens`): the
    index's own words, so no phrase crosses a node and a prefix matches the same words; the same
    SQL on both backends (`instr` / `strpos`)."""
    needles = [clause_needle(c) for c in q.clauses()]
    find = "instr" if conn.dialect.name == "sqlite" else "strpos"
    hits = " + ".join(
        f"(CASE WHEN {find}(' ' || tokens || ' ', :n{i}) > 0 THEN 1 ELSE 0 END)" for i in range(len(needles))
    )
    params: dict[str, Any] = {f"n{i}": n for i, n in enumerate(needles)}
    rows = conn.execute(
        text(
            f"SELECT document_id, id, ordinal, {hits} AS hits FROM nodes "
            f"WHERE document_id IN ({', '.join(str(int(d)) for d in doc_ids)})"
        ),
        params,
    ).all()
    best: dict[int, tuple[int, int, int]] = {}
    for doc, pk, ordinal, count in rows:
        key = (-count, ordinal, pk)
        if count and (doc not in best or key < best[doc]):
            best[doc] = key
    if not best:
        return {}
    columns = (N.document_id, N.id, N.node_id, N.text, N.span_start, N.span_end)
    chosen = conn.execute(select(*columns).where(N.id.in_([key[2] for key in best.values()]))).all()
    return {row.document_id: row for row in chosen}


def _number_matches(
    conn: Connection, key: str, filters: dict[str, Any]
) -> tuple[list[int], dict[int, list[str]]]:
    """Documents carrying the number, and documents citing it (with the citing node ids)."""
    own = conn.execute(
        apply_filters(select(D.id).where(D.number_key == key).order_by(D.id), filters)
    ).scalars()
    citing: dict[int, list[str]] = {}
    rows = conn.execute(
        apply_filters(
            select(D.id, CitationRow.node_ids)
            .join(CitationRow, CitationRow.document_id == D.id)
            .where(CitationRow.number_key == key)
            .order_by(D.id, CitationRow.id),
            filters,
        )
    )
    for doc_id, node_ids in rows:
        citing.setdefault(doc_id, []).extend(node_ids or [])
    return list(own), citing


def search(
    store: Database, query_text: str, filters: dict[str, Any], *, limit: int = 20, offset: int = 0
) -> SearchResults:
    """Ranked documents for `query_text` (see `textindex` for the query language)."""
    q = parse_query(query_text)
    if q.empty:
        raise StoreError("Truy vấn rỗng: hãy nhập ít nhất một từ hoặc số hiệu văn bản.", code="empty_query")
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    window = max(RANK_WINDOW, offset + limit)
    rank = _rank_sqlite if store.dialect == "sqlite" else _rank_pg
    with store.engine.connect() as conn:
        ranked, exact = rank(conn, q, filters, window)
        order: dict[int, tuple[str, float]] = {}
        citing: dict[int, list[str]] = {}
        if q.number_key:  # documents carrying the number first, then those citing it
            own, citing = _number_matches(conn, q.number_key, filters)
            scores = dict(ranked)
            for doc_id in own:
                order[doc_id] = ("self", scores.get(doc_id, 0.0))
            for doc_id in citing:
                order.setdefault(doc_id, ("cites", scores.get(doc_id, 0.0)))
        for doc_id, score in ranked:
            order.setdefault(doc_id, ("text", score))
        total = len(order)
        ordered = sorted(order.items(), key=lambda kv: (-_TIER[kv[1][0]], -kv[1][1], kv[0]))
        page = ordered[offset : offset + limit]
        if not page:
            return SearchResults(query=query_text, total=total, total_exact=exact, hits=[])
        best = _best_nodes(conn, q, [d for d, _ in page])
        hits = _hits(conn, q, page, best, citing)
    return SearchResults(query=query_text, total=total, total_exact=exact, hits=hits)


def _hits(
    conn: Connection,
    q: Query,
    page: list[tuple[int, tuple[str, float]]],
    best: dict[int, Any],
    citing: dict[int, list[str]],
) -> list[SearchHit]:
    doc_ids = [d for d, _ in page]
    docs = {
        r.id: DocumentRef(**dict(r._mapping))
        for r in conn.execute(
            select(D.id, D.number_symbol, D.title, D.issuer, D.source_path).where(D.id.in_(doc_ids))
        )
    }
    columns = (N.document_id, N.id, N.node_id, N.text, N.span_start, N.span_end)
    hits: list[SearchHit] = []
    for doc_id, (match, score) in page:
        node = None
        if match == "self":  # point at the header that carries the number
            node = conn.execute(
                select(*columns).where(N.document_id == doc_id, N.node_id == "header")
            ).first()
        if node is None:
            node = best.get(doc_id)
        if node is None and citing.get(doc_id):
            node = conn.execute(
                select(*columns).where(N.document_id == doc_id, N.node_id == citing[doc_id][0])
            ).first()
        if node is None:  # nothing to point at (a citation without a node): the first node
            node = conn.execute(
                select(*columns).where(N.document_id == doc_id).order_by(N.ordinal).limit(1)
            ).first()
        snip, marks = snippet(node.text, q) if node is not None else ("", [])
        hits.append(
            SearchHit(
                document=docs[doc_id],
                node_id=node.node_id if node is not None else None,
                snippet=snip,
                score=round(_TIER[match] + score, 4),
                highlights=marks,
                span=(node.span_start, node.span_end)
                if node is not None and node.span_start is not None
                else None,
                match=match,  # type: ignore[arg-type]
            )
        )
    return hits
