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
Every match is scored (bm25 / ts_rank is never cut short: FTS5 has no block-max index to skip
documents that cannot reach the page), and the tiers are worked out only as far as the page needs:
- SQLite (`_rank_sqlite`): one FTS5 scan gives every matching chunk's bm25, its document and
  `is_current` coming from covering indexes (no wide row is read); the phrase tier and the marks
  are sets of chunk ids from FTS5 (`chunk_fts` phrase query, `mark_fts` per typed marked word);
  the ranking is then made in Python, sorting only the page's worth when that is enough;
- PostgreSQL: phrase flag, marks and ts_rank per matching chunk in one statement, grouped and
  sorted by the database;
- both: below the phrase tier, documents are read in (marks, score) order and their near / node
  tier taken from `nodes.tokens` (`_retier`): once the page holds enough near documents no later
  one can enter it. On SQLite an FTS5 NEAR query gives a superset of the near documents
  (`textindex.near_match`), so only those are read for the near tier; when they are too few,
  every near document is known, and the others only need a node holding all the words.
`tests/store/test_store_search_topk.py` checks that every page is the exhaustive ranking's.
A query that is one document number (`40-KH/TU`) also puts first the documents with that number
and then the documents citing it (from `citations`), then any other text match.
Each hit points at the node matching best (same tiers inside the node), with a snippet of it.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
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
    CHUNK_POSITIONS,
    Query,
    clause_needles,
    fts5_match,
    fts5_phrase_match,
    near_match,
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
    if conn.dialect.name == "sqlite":
        return _rank_sqlite(conn, q, filters, need)
    # materialized: one scan of the matches, then grouped per document
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
    later = (_decode(doc, k) for doc, k in conn.execute(rest))
    want = None if need is None else need - len(phrase)
    return phrase + _retier(conn, q, later, want, None), total


def _decode(doc: int, k: float) -> tuple[int, int, int, float]:
    phrase = int(k // _TIER_W)
    k -= phrase * _TIER_W
    marks = int(k // _MARK_W)
    return doc, 3 if phrase else 0, marks, k - marks * _MARK_W


def _raw(conn: Connection, sql: str, params: tuple[Any, ...] | dict[str, Any]) -> list[Any]:
    """Rows straight from the sqlite3 cursor (SQLAlchemy's rows cost microseconds each)."""
    return conn.connection.driver_connection.execute(sql, params).fetchall()  # type: ignore[union-attr]


def _rowids(conn: Connection, fts: str, match: str) -> set[int]:
    return {r[0] for r in _raw(conn, f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", (match,))}


def _rank_sqlite(conn: Connection, q: Query, filters: dict[str, Any], need: int | None) -> tuple[Ranked, int]:
    """`_rank` on SQLite, exact, from the FTS5 indexes without reading a wide row: every matching
    chunk's bm25 (one FTS5 scan; its document and `is_current` from covering indexes), the phrase
    tier and the marks as sets of chunk ids (`chunk_fts` phrase query, `mark_fts`), then the
    ranking in Python, sorting only as far as the page needs."""
    sql = (
        "SELECT c.id, c.document_id, -bm25(chunk_fts) FROM chunk_fts "
        "JOIN search_chunks AS c INDEXED BY ix_search_chunks_id_document ON c.id = chunk_fts.rowid "
    )
    if not filters.get("all_versions"):
        sql += "JOIN documents AS d INDEXED BY ix_documents_id_current ON d.id = c.document_id AND d.is_current = 1 "
    rows = _raw(conn, sql + "WHERE chunk_fts MATCH ?", (fts5_match(q),))
    if any(v is not None and v != "" and v is not False for k, v in filters.items() if k != "all_versions"):
        allowed = set(conn.execute(search_filters(select(D.id), filters)).scalars())
        rows = [r for r in rows if r[1] in allowed]
    phrase = None if single_unit(q) else _rowids(conn, "chunk_fts", fts5_phrase_match(q))
    held: Counter[int] = Counter()  # chunk id → how many typed marked words it prints
    for found in _mark_sets(conn, q, [r[0] for r in rows]):
        held.update(found)
    marks = held.get
    # sort keys, smallest first: (-phrase, -marks, -score, document)
    if phrase is None:
        keyed = [(-1, -marks(chunk, 0), -score, doc) for chunk, doc, score in rows]
    else:
        keyed = [(-(chunk in phrase), -marks(chunk, 0), -score, doc) for chunk, doc, score in rows]
    if len({k[3] for k in keyed}) != len(keyed):  # documents of several chunks: their best chunk
        keyed.sort()
        once: set[int] = set()
        keyed = [k for k in keyed if not (k[3] in once or once.add(k[3]))]  # type: ignore[func-returns-value]
    total = len(keyed)
    top = [k for k in keyed if k[0]]
    if need is not None and len(top) >= need:
        return [_row(k) for k in heapq.nsmallest(need, top)], total
    ranked = [_row(k) for k in sorted(top)]
    if len(top) == total:
        return ranked, total
    want = None if need is None else need - len(ranked)
    chunk_doc = {chunk: doc for chunk, doc, _ in rows}
    rest = [k for k in keyed if not k[0]]
    return ranked + _retier(conn, q, _in_order(rest), want, lambda: _near_docs(conn, q, chunk_doc)), total


def _row(key: tuple[int, int, float, int]) -> Row:
    return key[3], 3 if key[0] else 0, -key[1], -key[2]


def _ORDER(r: Row) -> tuple[int, int, float, int]:
    return (-r[1], -r[2], -r[3], r[0])


def _in_order(keys: list[tuple[int, int, float, int]]) -> Iterator[Row]:
    """The rows of sort `keys` in rank order, sorting all of them only if the first few hundred
    do not do."""
    head = heapq.nsmallest(256, keys)
    yield from map(_row, head)
    if len(head) < len(keys):
        yield from map(_row, sorted(keys)[len(head) :])


def _mark_sets(conn: Connection, q: Query, chunks: list[int]) -> list[set[int]]:
    """Per typed marked word, the matching chunks whose `marks` hold it: from `mark_fts` (its
    unicode61 tokens are the words themselves when they are letters and digits only), else the
    word found in `marks` as `instr(marks, ' word ')` does on PostgreSQL too."""
    out = []
    for word in q.marked:
        if word.isalnum():
            out.append(_rowids(conn, "mark_fts", f'"{word}"'))
            continue
        found: set[int] = set()
        for i in range(0, len(chunks), 500):
            part = ", ".join(str(int(c)) for c in chunks[i : i + 500])
            sql = f"SELECT id FROM search_chunks WHERE id IN ({part}) AND instr(marks, ?) > 0"
            found.update(r[0] for r in _raw(conn, sql, (f" {word} ",)))
        out.append(found)
    return out


def _near_docs(conn: Connection, q: Query, chunk_doc: dict[int, int]) -> set[int] | None:
    """Documents that may hold the query's words near each other in one node: a chunk matching
    FTS5 NEAR with a distance no near window can exceed (nodes sit whole and in order in their
    chunk), and the documents with a node cut across chunks. None when the query has too many
    alternative forms to ask so (every document is then checked)."""
    expr = near_match(q)
    if expr is None:
        return None
    docs = {chunk_doc[c] for c in _rowids(conn, "chunk_fts", expr) if c in chunk_doc}
    cut = _raw(
        conn,
        "SELECT DISTINCT document_id FROM search_chunks INDEXED BY ix_search_chunks_n_tokens WHERE n_tokens >= ?",
        (CHUNK_POSITIONS,),
    )
    return docs | {r[0] for r in cut}


def _retier(
    conn: Connection,
    q: Query,
    order: Iterable[Row],
    want: int | None,
    near_docs: Callable[[], set[int] | None] | None,
) -> Ranked:
    """Documents below the phrase tier, given in (marks, score) order, with their near/node tier;
    the best `want` (all when None), reading the nodes of as few documents as the ranking allows:
    - the first `want` are read: when they are all near, nothing later can pass them;
    - else, with `near_docs()` (a superset of the near-tier documents; None: unknown), only those
      are read next, in order, until `want` are near: they are the best near ones and every other
      document ranks below them; if fewer, every near one is known, and the others are read in
      order until `want` documents are near or node tier: any later one is at most node tier and
      comes later;
    - without the superset: every document in order until `want` are near."""
    tiers: dict[int, int] = {}
    seen: list[Row] = []
    if want is None:
        for batch in _batches(iter(order), seen, None):
            _classify(conn, q, batch, tiers, 2)
        return _finish(seen, tiers, None)
    it = iter(order)
    seen += itertools.islice(it, want)
    found = _classify(conn, q, [r[0] for r in seen], tiers, 2) if seen else 0
    if found >= want:
        return _finish(seen, tiers, want)
    near = near_docs() if near_docs is not None else None
    for batch in _batches(it, seen, near, want):
        found += _classify(conn, q, batch, tiers, 2)
        if found >= want:
            return _finish(seen, tiers, want)
    if near is not None:  # every document was seen and every near one is known
        count = sum(1 for t in tiers.values() if t >= 1)
        for batch in _batches(iter([r for r in seen if r[0] not in tiers]), [], None, want - count):
            count += _classify(conn, q, batch, tiers, 1)
            if count >= want:
                break
    return _finish(seen, tiers, want)


def _batches(
    rows: Iterator[Row], seen: list[Row], only: set[int] | None, first: int = _BATCH
) -> Iterator[list[int]]:
    """The documents of `rows` (those in `only`, when given) in batches of `first`, then twice as
    many each time up to `_BATCH`, adding each row to `seen`."""
    batch: list[int] = []
    size = max(1, min(first, _BATCH))
    for row in rows:
        seen.append(row)
        if only is None or row[0] in only:
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


def _finish(seen: list[Row], tiers: dict[int, int], want: int | None) -> Ranked:
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
