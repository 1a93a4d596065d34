"""Vietnamese full-text search over the folded text, the same on SQLite and PostgreSQL.

A document matches when it holds every clause of some group of the query (`textindex`); the
matches are ranked, exactly over all of them, by
1. tier: the query's words as typed next to each other (phrase, 3), else all of them near each
   other in one node (NEAR words apart, 2), else all in one node (1), else anywhere (0);
2. marks: how many of the words typed with marks the document prints with those marks (`trọng`
   ranks `trọng` above `trong`; an unmarked query gives every document 0);
3. the bm25 of the document's best search chunk (tantivy's, over the chunks), then the id.
The ranking runs on the search index beside the store (`searchindex`: tantivy, kept in step with
the store through its change log), the same index whichever the backend, so SQLite and PostgreSQL
give the same results. It is exact and reads only as far as the page needs (`_rank`):
- the phrase tier first, one level of marks at a time (chunks printing exactly that many typed
  marked words, best first); each level is a tantivy top-k (block-max postings skip what cannot
  enter the page), asked for more only while the page is not full. A document counts at the
  first level it appears, its best chunk;
- below the phrase tier (only when it has fewer documents than the page), documents come in
  (marks, score) order and their near / node tier is taken from `nodes.tokens` (`_retier`): once
  the page holds enough near documents no later one can enter it. A superset of the near
  documents (`SearchIndex.near_filter`: every two clauses' first words as a phrase with slop)
  says which to read for the near tier, in the same order (a second top-k stream); when they are too few, every near document is known, and the
  others only need a node holding all the words.
`tests/store/test_store_search_topk.py` checks every page against a ranking made by brute force.
A query that is one document number (`40-KH/TU`) also puts first the documents with that number
and then the documents citing it (from `citations`), then any other text match.
Each hit points at the node matching best (same tiers inside the node), with a snippet of it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, select, text

from kehoach.errors import StoreError
from kehoach.identity import number_key
from kehoach.store.queries import apply_filters
from kehoach.store.results import DocumentRef, SearchHit, SearchResults
from kehoach.store.schema import CitationRow, DocumentRow, NodeRow, SearchChunkRow
from kehoach.store.searchindex import Occur, Q, SearchIndex, unscored
from kehoach.store.textindex import (
    Query,
    clause_needles,
    node_tier,
    parse_query,
    single_unit,
    snippet,
)
from kehoach.vntext import _OLD_TO_NEW, unify_tone

if TYPE_CHECKING:
    from kehoach.store.database import Database

D, C, N = DocumentRow, SearchChunkRow, NodeRow
MAX_LIMIT = 1000
TIERS = {3: "phrase", 2: "near", 1: "node", 0: "document"}
_BATCH = 200
_OLD_TONES = tuple(_OLD_TO_NEW)
_KIND = {"self": 2, "cites": 1, "text": 0}
Row = tuple[int, int, int, float]  # (document id, tier, marks, score)
Ranked = list[Row]


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


def _scope(store: Database, conn: Connection, filters: dict[str, Any]) -> list[Any] | None:
    """The index conditions of the filters (None: no document passes them)."""
    index = store.search_index
    out = [] if filters.get("all_versions") else [index.term("current", 1)]
    if any(v is not None and v != "" and v is not False for k, v in filters.items() if k != "all_versions"):
        allowed = sorted(set(conn.execute(search_filters(select(D.id), filters)).scalars()))
        if not allowed:
            return None
        out.append(Q.term_set_query(index.schema, "doc", allowed))
    return out


def _rank(
    store: Database, conn: Connection, q: Query, filters: dict[str, Any], need: int | None
) -> tuple[Ranked, int]:
    """The first `need` matching documents in rank order (all when None), and how many match.

    From the index, tier by tier and, inside the phrase tier and below it, one level of marks at
    a time (every chunk printing exactly that many typed marked words): each level is asked for
    its best chunks by bm25, more each time the page is not full yet, so a level's tantivy top-k
    skips what cannot reach the page; a document counts at the first (best) level it appears."""
    index = store.search_index
    searcher = index.searcher(conn)
    scope = _scope(store, conn, filters)
    match = index.match(searcher, q)
    if scope is None or match is None:
        return [], 0
    base = Q.boolean_query([(Occur.Must, match), *((Occur.Must, unscored(c)) for c in scope)])
    total = index.count(searcher, base)
    if not total:
        return [], 0
    seen: set[int] = set()
    phrase = None if single_unit(q) else index.phrase(searcher, q)
    top = base if phrase is None else Q.boolean_query([(Occur.Must, base), (Occur.Must, unscored(phrase))])
    first = _levels(index, searcher, q, top, 3, seen, total if need is None else need)
    ranked = list(first if need is None else itertools.islice(first, need))
    if phrase is None or (need is not None and len(ranked) >= need):
        return ranked, total
    want = None if need is None else need - len(ranked)
    phrase_docs = set(seen)  # the whole phrase tier
    rest = _levels(index, searcher, q, base, 0, seen, total if want is None else want)
    near = Q.boolean_query([(Occur.Must, base), (Occur.Must, unscored(index.near_filter(searcher, q)))])
    near_order = lambda: _levels(index, searcher, q, near, 0, set(phrase_docs), want or 0)  # noqa: E731
    return ranked + _retier(conn, q, rest, want, near_order), total


def _levels(
    index: SearchIndex, searcher: Any, q: Query, query: Any, tier: int, seen: set[int], need: int
) -> Iterator[Row]:
    """The documents matching `query`, not in `seen`, in (marks, score, document id) order, each
    at its best chunk (added to `seen`); `need`: how many the caller expects to read."""
    for marks in range(len(q.marked), -1, -1):
        level = Q.boolean_query([(Occur.Must, query), *index.marks_level(q.marked, marks)])
        group: list[int] = []
        at = None
        for score, doc in _chunks(searcher, level, need):
            if doc in seen:
                continue
            if score != at:  # documents of equal score: by id
                yield from ((d, tier, marks, at) for d in sorted(group))  # type: ignore[misc]
                group, at = [], score
            seen.add(doc)
            group.append(doc)
        yield from ((d, tier, marks, at) for d in sorted(group))  # type: ignore[misc]


def _chunks(searcher: Any, query: Any, need: int) -> Iterator[tuple[float, int]]:
    """(score, document) of the chunks matching `query`, best first: tantivy's top-k, asked for
    twice as many each time the caller reads on."""
    n, offset = 2 * max(need, 10), 0
    while True:
        hits = searcher.search(query, n, count=False, offset=offset).hits
        docs = searcher.fast_field_values("doc", [a for _, a in hits])
        yield from zip((score for score, _ in hits), docs, strict=True)
        if len(hits) < n:
            return
        offset += n
        n *= 2


def _raw(conn: Connection, sql: str, params: tuple[Any, ...] | dict[str, Any]) -> list[Any]:
    """Rows straight from the sqlite3 cursor (SQLAlchemy's rows cost microseconds each)."""
    return conn.connection.driver_connection.execute(sql, params).fetchall()  # type: ignore[union-attr]


def _ORDER(r: Row) -> tuple[int, int, float, int]:
    return (-r[1], -r[2], -r[3], r[0])


def _retier(
    conn: Connection,
    q: Query,
    order: Iterable[Row],
    want: int | None,
    near_order: Callable[[], Iterable[Row]],
) -> Ranked:
    """Documents below the phrase tier, given in (marks, score) order, with their near/node tier;
    the best `want` (all when None), reading the nodes of as few documents as the ranking allows:
    - the first `want` are read: when they are all near, nothing later can pass them;
    - else the documents of `near_order()` (the same order, only the documents that may be near:
      every near one is there) are read next, until `want` are near: they are the best near ones
      and every other document ranks below them;
    - if fewer, every near one is known, and the others are read in order until `want` documents
      are near or node tier: any later one is at most node tier and comes later."""
    tiers: dict[int, int] = {}
    if want is None:
        seen: list[Row] = []
        for batch in _batches(iter(order), seen):
            _classify(conn, q, batch, tiers, 2)
        return _finish(seen, tiers, None)
    it = iter(order)
    rows = {r[0]: r for r in itertools.islice(it, want)}
    head = list(rows)  # the first `want` in order
    found = _classify(conn, q, head, tiers, 2) if rows else 0
    if found >= want:
        return _finish(rows.values(), tiers, want)
    unread = (r for r in near_order() if r[0] not in tiers)
    for batch in _batches(unread, rows, want):
        found += _classify(conn, q, batch, tiers, 2)
        if found >= want:
            return _finish(rows.values(), tiers, want)
    # every near document is known; a node-tier one counts where the order reaches it: one read among the
    # near candidates may come after a better node-tier document not among them (counting it at once
    # stopped the reading before that one)
    count = found + sum(1 for d in head if tiers[d] == 1)
    for batch in _batches(it, rows, want - count) if count < want else ():
        unknown = [d for d in batch if d not in tiers]
        if unknown:
            _classify(conn, q, unknown, tiers, 1)
        count += sum(1 for d in batch if tiers[d] == 1)
        if count >= want:
            break
    return _finish(rows.values(), tiers, want)


def _batches(rows: Iterator[Row], seen: Any, first: int = _BATCH) -> Iterator[list[int]]:
    """The documents of `rows` in batches of `first`, then twice as many each time up to
    `_BATCH`, each row kept in `seen` (a list, or a dict by document: the first row of each)."""
    batch: list[int] = []
    size = max(1, min(first, _BATCH))
    for row in rows:
        if isinstance(seen, list):
            seen.append(row)
        else:
            seen.setdefault(row[0], row)
        batch.append(row[0])
        if len(batch) >= size:
            yield batch
            batch = []
            size = min(size * 2, _BATCH)
    if batch:
        yield batch


def _classify(conn: Connection, q: Query, docs: list[int], tiers: dict[int, int], at_least: int) -> int:
    """Record the near/node tier of `docs`; how many of them are at least `at_least`. With
    `at_least` 1 every near document is known already: a node holding a whole group is enough."""
    found = _doc_tiers(conn, q, docs, cap=at_least)
    count = 0
    for doc in docs:
        tier = min(found.get(doc, 0), 2)
        tiers[doc] = tier
        count += tier >= at_least
    return count


def _finish(seen: Iterable[Row], tiers: dict[int, int], want: int | None) -> Ranked:
    out = sorted(((doc, tiers.get(doc, 0), marks, score) for doc, _, marks, score in seen), key=_ORDER)
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


def _doc_tiers(conn: Connection, q: Query, doc_ids: list[int], cap: int = 2) -> dict[int, int]:
    """document id → the best `node_tier` of its nodes holding a whole group (`cap` at most: the
    ranking knows no tier above near for a document outside the phrase tier)."""
    if not doc_ids:
        return {}
    cond, params = _node_filter(conn, q)
    ids = ", ".join(str(int(d)) for d in doc_ids)
    if cap <= 1:  # the nodes' tokens need not leave the database
        sql = f"SELECT DISTINCT document_id FROM nodes WHERE document_id IN ({ids}) AND ({cond})"
        rows = _raw(conn, sql, params) if conn.dialect.name == "sqlite" else conn.execute(text(sql), params)
        return {r[0]: 1 for r in rows}
    sql = f"SELECT document_id, tokens FROM nodes WHERE document_id IN ({ids}) AND ({cond})"
    rows = _raw(conn, sql, params) if conn.dialect.name == "sqlite" else conn.execute(text(sql), params)
    tiers: dict[int, int] = {}
    for doc, toks in rows:
        if tiers.get(doc, 0) < cap:  # a document at `cap` already needs no more of its nodes read
            tiers[doc] = max(tiers.get(doc, 0), node_tier(toks, q))
    return tiers


def _marks_in(node_text: str, marked: set[str]) -> int:
    """How many of the typed marked words `node_text` prints (as words, any case)."""
    low = node_text.lower()
    if any(old in low for old in _OLD_TONES):
        low = unify_tone(low)
    return sum(1 for w in marked if w in low and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low))


def _best_nodes(
    conn: Connection, q: Query, doc_ids: list[int], bounds: dict[int, tuple[int, int]] | None = None
) -> dict[int, Any]:
    """document id → its node matching best: node tier, then typed marks printed, then clauses
    held (the first in document order on ties). `bounds`: a document's (tier, marks) in the
    ranking, which no node of it passes (a node as near as a chunk cut into pieces: the ranking
    calls it near too): reading its nodes stops at the first one reaching them."""
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
    bounds = bounds or {}
    best: dict[int, tuple[Any, ...]] = {}
    for doc, nodes in per_doc.items():
        most = max(r[5] for r in nodes)  # a node of a higher tier holds a whole group: the most clauses
        cands = sorted((r for r in nodes if r[5] == most), key=lambda r: (r[2], r[1]))
        if len(cands) == 1:
            best[doc] = (cands[0][2], cands[0][1])
            continue
        top: tuple[int, int] = (-1, -1)
        bound = bounds.get(doc, (3, len(marked)))
        for r in cands:  # in document order: the first node of the best (tier, marks) wins
            tier = node_tier(r[3], q)
            if tier < top[0]:
                continue
            key = (tier, _marks_in(r[4], marked) if marked else 0)
            if key > top:
                top, best[doc] = key, (r[2], r[1])
                if key >= bound:
                    break  # nothing later can beat it
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
            ranked, _ = _rank(store, conn, q, filters, None)
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
            ranked, total = _rank(store, conn, q, filters, offset + limit)
            citing = {}
            page = [(doc, "text", (tier, marks, score)) for doc, tier, marks, score in ranked[offset:]]
        if not page:
            return SearchResults(query=query_text, total=total, total_exact=True, hits=[])
        bounds = {doc: (tier, marks) for doc, kind, (tier, marks, _) in page if kind == "text"}
        best = _best_nodes(conn, q, [e[0] for e in page], bounds)
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
