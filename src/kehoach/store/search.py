"""Vietnamese full-text search over the folded text, the same on SQLite (FTS5) and PostgreSQL.

A document matches when it holds every clause of some group of the query (`textindex`); the
matches are ranked, exactly over all of them, by
1. tier: the query's words as typed next to each other (phrase, 3), else all of them near each
   other in one node (NEAR words apart, 2), else all in one node (1), else anywhere (0);
2. marks: how many of the words typed with marks the document prints with those marks (`trọng`
   ranks `trọng` above `trong`; an unmarked query gives every document 0);
3. the text score of the document's best search chunk: bm25 on SQLite (FTS5's `bm25`, shown
   positive), `ts_rank` (normalization 1) on PostgreSQL. Tiers and marks are computed the same
   way on both backends, so both return the same documents in the same tiers; inside a tier the
   two scores may order documents differently.
The phrase tier, marks and bm25 are computed by the database for every matching chunk (one
statement, sorted by the database); the near and node tiers only for documents below the phrase
tier, read from `nodes.tokens` in rank order and only as far as the page needs: scanning in
(marks, score) order, once the page holds enough near-tier documents no later one can enter it.
A query that is one document number (`40-KH/TU`) also puts first the documents with that number
and then the documents citing it (from `citations`), then any other text match.
Each hit points at the node matching best (same tiers inside the node), with a snippet of it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    Select,
    bindparam,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from kehoach.errors import StoreError
from kehoach.identity import number_key
from kehoach.store.queries import apply_filters
from kehoach.store.results import DocumentRef, SearchHit, SearchResults
from kehoach.store.schema import CitationRow, DocumentRow, NodeRow, SearchChunkRow
from kehoach.store.textindex import (
    Query,
    clause_needles,
    fts5_match,
    fts5_phrase_match,
    node_tier,
    parse_query,
    single_unit,
    snippet,
    tsquery,
    tsquery_phrase,
)
from kehoach.vntext import _OLD_TO_NEW, unify_tone

if TYPE_CHECKING:
    from kehoach.store.database import Database

D, C, N = DocumentRow, SearchChunkRow, NodeRow
MAX_LIMIT = 1000
TIERS = {3: "phrase", 2: "near", 1: "node", 0: "document"}
_TIER_W, _MARK_W = 1e7, 1e5  # one sortable key: tier, marks, score (score < 1e5)
_BATCH = 200
_OLD_TONES = tuple(_OLD_TO_NEW)
_KIND = {"self": 2, "cites": 1, "text": 0}
Ranked = list[tuple[int, int, int, float]]  # (document id, tier, marks, score)


def search_filters(stmt: Select[Any], filters: dict[str, Any]) -> Select[Any]:
    """`apply_filters` and the search's own: `cites` / `implements` a document number."""
    stmt = apply_filters(stmt, filters)
    for name in ("cites", "implements"):
        if value := filters.get(name):
            key = number_key(str(value))
            if not key or not any(ch.isdigit() for ch in key):
                raise StoreError(f"Không đọc được số hiệu '{value}'.", code="bad_filter")
            cited = select(CitationRow.document_id).where(CitationRow.number_key == key)
            if name == "implements":
                cited = cited.where(CitationRow.relation == "implements")
            stmt = stmt.where(D.id.in_(cited))
    return stmt


def _marks_expr(conn: Connection, q: Query) -> Any:
    """Per chunk: how many of the typed marked words its `marks` holds. The words are `\\w+` runs
    (`marked_words`): no quote can occur in them, so they are written into the SQL as literals."""
    if not q.marked:
        return literal_column("0")
    find = "instr" if conn.dialect.name == "sqlite" else "strpos"
    assert all(w.replace("_", "").isalnum() for w in q.marked)
    parts = [f"(CASE WHEN {find}(search_chunks.marks, ' {w} ') > 0 THEN 1 ELSE 0 END)" for w in q.marked]
    return literal_column("(" + " + ".join(parts) + ")", Integer)


def _chunk_scores(conn: Connection, q: Query, filters: dict[str, Any]) -> Select[Any]:
    """Every matching chunk: document, phrase flag, marks, score (higher is better)."""
    marks = _marks_expr(conn, q)
    if conn.dialect.name == "sqlite":
        fts = table("chunk_fts", column("rowid", Integer))
        match = literal_column("chunk_fts").op("MATCH")(bindparam("match", fts5_match(q)))
        phrase: Any = literal(1)
        if not single_unit(q):
            inner = select(literal_column("rowid")).select_from(table("chunk_fts"))
            inner = inner.where(
                literal_column("chunk_fts").op("MATCH")(bindparam("phrase", fts5_phrase_match(q)))
            )
            phrase = cast(C.id.in_(inner), Integer)
        stmt = (
            select(C.document_id, phrase.label("phrase"), marks.label("marks"),
                   (-literal_column("bm25(chunk_fts)", Float)).label("score"))
            .select_from(fts.join(C, C.id == fts.c.rowid).join(D, D.id == C.document_id))
            .where(match)
        )  # fmt: skip
    else:
        tsv = literal_column("search_chunks.tsv")
        tsq = cast(bindparam("tsq", tsquery(q)), TSQUERY)
        phrase = literal(1)
        if not single_unit(q):
            phrase = cast(tsv.op("@@")(cast(bindparam("phr", tsquery_phrase(q)), TSQUERY)), Integer)
        stmt = (
            select(C.document_id, phrase.label("phrase"), marks.label("marks"),
                   func.ts_rank(tsv, tsq, literal_column("1")).label("score"))
            .select_from(C)
            .join(D, D.id == C.document_id)
            .where(tsv.op("@@")(tsq))
        )  # fmt: skip
    return search_filters(stmt, filters)


def _rank(conn: Connection, q: Query, filters: dict[str, Any], need: int | None) -> tuple[Ranked, int]:
    """The first `need` matching documents in rank order (all when None), and how many match."""
    # materialized: SQLite refuses bm25() once the select is flattened into the aggregate
    chunks = _chunk_scores(conn, q, filters).cte("chunks").prefix_with("MATERIALIZED")
    key = chunks.c.phrase * _TIER_W + chunks.c.marks * _MARK_W + chunks.c.score
    per_doc = (
        select(chunks.c.document_id.label("doc"), func.max(key).label("k"))
        .group_by(chunks.c.document_id)
        .subquery()
    )
    stmt = select(per_doc.c.doc, per_doc.c.k, func.count().over().label("n")).order_by(
        per_doc.c.k.desc(), per_doc.c.doc
    )
    if need is not None:
        stmt = stmt.limit(need)
    rows = conn.execute(stmt).all()
    total = int(rows[0].n) if rows else 0
    ranked: Ranked = [_decode(doc, k) for doc, k, _ in rows]
    if single_unit(q) or all(r[1] == 3 for r in ranked):
        return ranked, total  # every document on the page is in the top tier: nothing can move
    phrase = [r for r in ranked if r[1] == 3]  # all of the phrase tier is on the page
    rest = (
        select(per_doc.c.doc, per_doc.c.k)
        .where(per_doc.c.k < _TIER_W)
        .order_by(per_doc.c.k.desc(), per_doc.c.doc)
    )
    want = None if need is None else need - len(phrase)
    return phrase + _retier(conn, q, conn.execute(rest), want), total


def _decode(doc: int, k: float) -> tuple[int, int, int, float]:
    phrase = int(k // _TIER_W)
    k -= phrase * _TIER_W
    marks = int(k // _MARK_W)
    return doc, 3 if phrase else 0, marks, k - marks * _MARK_W


def _retier(conn: Connection, q: Query, rows: Any, want: int | None) -> Ranked:
    """Documents below the phrase tier, read in (marks, score) order, with their near/node tier;
    the best `want` (all when None). Stops once `want` near-tier documents are found: they are the
    best near ones, and every later document ranks below them."""
    out: Ranked = []
    near = 0
    batch: list[tuple[int, int, int, float]] = []

    def flush() -> None:
        nonlocal near
        tiers = _doc_tiers(conn, q, [b[0] for b in batch])
        for doc, _, marks, score in batch:
            tier = min(tiers.get(doc, 0), 2)
            near += tier == 2
            out.append((doc, tier, marks, score))
        batch.clear()

    for doc, k in rows:
        batch.append(_decode(doc, k))
        if len(batch) >= _BATCH:
            flush()
            if want is not None and near >= want:
                break
    if batch:
        flush()
    out.sort(key=lambda r: (-r[1], -r[2], -r[3], r[0]))
    return out if want is None else out[:want]


def _node_filter(conn: Connection, q: Query) -> tuple[str, dict[str, Any]]:
    """SQL condition on `nodes.tokens`: some group has all its clauses in the node."""
    find = "instr" if conn.dialect.name == "sqlite" else "strpos"
    params: dict[str, Any] = {}
    groups = []
    for g in q.groups:
        clauses = []
        for c in g:
            alts = []
            for needle in clause_needles(c):
                name = f"n{len(params)}"
                params[name] = needle
                alts.append(f"{find}(tokens, :{name}) > 0")
            clauses.append("(" + " OR ".join(alts) + ")")
        groups.append("(" + " AND ".join(clauses) + ")")
    return " OR ".join(groups), params


def _doc_tiers(conn: Connection, q: Query, doc_ids: list[int]) -> dict[int, int]:
    """document id → the best `node_tier` of its nodes holding a whole group."""
    if not doc_ids:
        return {}
    cond, params = _node_filter(conn, q)
    ids = ", ".join(str(int(d)) for d in doc_ids)
    rows = conn.execute(
        text(f"SELECT document_id, tokens FROM nodes WHERE document_id IN ({ids}) AND ({cond})"), params
    )
    tiers: dict[int, int] = {}
    for doc, toks in rows:
        tiers[doc] = max(tiers.get(doc, 0), node_tier(toks, q))
    return tiers


def _marks_in(node_text: str, marked: set[str]) -> int:
    """How many of the typed marked words `node_text` prints (as words, any case)."""
    low = node_text.lower()
    if any(old in low for old in _OLD_TONES):
        low = unify_tone(low)
    return sum(1 for w in marked if w in low and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low))


def _best_nodes(conn: Connection, q: Query, doc_ids: list[int]) -> dict[int, Any]:
    """document id → its node matching best: node tier, then typed marks printed, then clauses
    held (the first in document order on ties)."""
    find = "instr" if conn.dialect.name == "sqlite" else "strpos"
    needles = [(c, clause_needles(c)) for c in q.clauses()]
    params: dict[str, Any] = {}
    holds = []
    for i, (_, alts) in enumerate(needles):
        names = []
        for j, needle in enumerate(alts):
            params[f"b{i}_{j}"] = needle
            names.append(f"{find}(tokens, :b{i}_{j}) > 0")
        holds.append("(CASE WHEN " + " OR ".join(names) + " THEN 1 ELSE 0 END)")
    rows = conn.execute(
        text(
            "SELECT document_id, id, ordinal, tokens, text, held FROM ("
            f"SELECT document_id, id, ordinal, tokens, text, held, max(held) OVER (PARTITION BY document_id) AS most "
            f"FROM (SELECT document_id, id, ordinal, tokens, text, {' + '.join(holds)} AS held FROM nodes "
            f"WHERE document_id IN ({', '.join(str(int(d)) for d in doc_ids)})) AS scored WHERE held > 0"
            ") AS ranked WHERE held = most"  # only the nodes holding the most clauses leave the database
        ),
        params,
    ).all()
    per_doc: dict[int, list[Any]] = {}
    for row in rows:
        per_doc.setdefault(row[0], []).append(row)
    marked = set(q.marked)
    best: dict[int, tuple[Any, ...]] = {}
    for doc, nodes in per_doc.items():
        most = max(r[5] for r in nodes)  # a node of a higher tier holds a whole group: the most clauses
        cands = [r for r in nodes if r[5] == most]
        if len(cands) > 1:
            tiers = [(node_tier(r[3], q), r) for r in cands]
            top = max(t for t, _ in tiers)
            cands = [r for t, r in tiers if t == top]
        if len(cands) > 1 and marked:
            counts = [(_marks_in(r[4], marked), r) for r in cands]
            top = max(c for c, _ in counts)
            cands = [r for c, r in counts if c == top]
        first = min(cands, key=lambda r: (r[2], r[1]))
        best[doc] = (first[2], first[1])
    if not best:
        return {}
    columns = (N.document_id, N.id, N.node_id, N.text, N.span_start, N.span_end)
    chosen = conn.execute(select(*columns).where(N.id.in_([key[-1] for key in best.values()]))).all()
    return {row.document_id: row for row in chosen}


def _number_matches(
    conn: Connection, key: str, filters: dict[str, Any]
) -> tuple[list[int], dict[int, list[str]]]:
    """Documents carrying the number, and documents citing it (with the citing node ids)."""
    own = conn.execute(
        search_filters(select(D.id).where(D.number_key == key).order_by(D.id), filters)
    ).scalars()
    citing: dict[int, list[str]] = {}
    rows = conn.execute(
        search_filters(
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


Entry = tuple[int, str, tuple[int, int, float]]  # document id, match kind, (tier, marks, score)


def search(
    store: Database, query_text: str, filters: dict[str, Any], *, limit: int = 20, offset: int = 0
) -> SearchResults:
    """Ranked documents for `query_text` (see `textindex` for the query language)."""
    q = parse_query(query_text)
    if q.empty:
        raise StoreError("Truy vấn rỗng: hãy nhập ít nhất một từ hoặc số hiệu văn bản.", code="empty_query")
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    with store.engine.connect() as conn:
        if q.number_key:  # documents carrying the number first, then those citing it
            ranked, _ = _rank(conn, q, filters, None)
            own, citing = _number_matches(conn, q.number_key, filters)
            by_doc = {doc: (tier, marks, score) for doc, tier, marks, score in ranked}
            entries: dict[int, Entry] = {}
            for doc_id in own:
                entries[doc_id] = (doc_id, "self", by_doc.get(doc_id, (0, 0, 0.0)))
            for doc_id in citing:
                entries.setdefault(doc_id, (doc_id, "cites", by_doc.get(doc_id, (0, 0, 0.0))))
            for doc, tier, marks, score in ranked:
                entries.setdefault(doc, (doc, "text", (tier, marks, score)))
            ordered = sorted(
                entries.values(), key=lambda e: (-_KIND[e[1]], -e[2][0], -e[2][1], -e[2][2], e[0])
            )
            total = len(ordered)
            page = ordered[offset : offset + limit]
        else:
            ranked, total = _rank(conn, q, filters, offset + limit)
            citing = {}
            page = [(doc, "text", (tier, marks, score)) for doc, tier, marks, score in ranked[offset:]]
        if not page:
            return SearchResults(query=query_text, total=total, total_exact=True, hits=[])
        best = _best_nodes(conn, q, [e[0] for e in page])
        hits = _hits(conn, q, page, best, citing)
    return SearchResults(query=query_text, total=total, total_exact=True, hits=hits)


def _hits(
    conn: Connection, q: Query, page: list[Entry], best: dict[int, Any], citing: dict[int, list[str]]
) -> list[SearchHit]:
    doc_ids = [e[0] for e in page]
    docs = {
        r.id: DocumentRef(**dict(r._mapping))
        for r in conn.execute(
            select(D.id, D.number_symbol, D.title, D.issuer, D.source_path).where(D.id.in_(doc_ids))
        )
    }
    columns = (N.document_id, N.id, N.node_id, N.text, N.span_start, N.span_end)
    hits: list[SearchHit] = []
    for doc_id, match, (tier, marks, score) in page:
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
        snip, spans = snippet(node.text, q) if node is not None else ("", [])
        hits.append(
            SearchHit(
                document=docs[doc_id],
                node_id=node.node_id if node is not None else None,
                snippet=snip,
                score=float(f"{score:.4g}"),  # bm25 is tiny for words in most documents: keep it
                tier=TIERS[tier],  # type: ignore[arg-type]
                marks=marks,
                highlights=spans,
                span=(node.span_start, node.span_end)
                if node is not None and node.span_start is not None
                else None,
                match=match,  # type: ignore[arg-type]
            )
        )
    return hits
