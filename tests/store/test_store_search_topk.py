"""The search's shortcuts never change the ranking: on a generated corpus, the first k documents
of every query are the first k of the exhaustive ranking (every match scored, every document's
nodes read for its tier), on both backends; and the FTS5 NEAR superset of the near tier holds."""

from __future__ import annotations

import random
import re

import pytest

from kehoach.pipeline import process_text
from kehoach.store import Store
from kehoach.store.search import _rank, _rowids
from kehoach.store.textindex import near_match, node_tier, parse_query
from kehoach.testing.generate import generate_corpus
from kehoach.vntext import fold


@pytest.fixture(scope="module")
def generated() -> list:
    return [process_text(text, path=name) for name, text in generate_corpus(80, seed=7, dup_rate=0.0)]


def _queries(store: Store, n: int, seed: int) -> list[str]:
    """What people type, drawn from the stored nodes: pairs and runs of words (marked and not),
    a word with a far one, prefixes, OR, abbreviations."""
    from sqlalchemy import select

    from kehoach.store.schema import NodeRow

    with store.engine.connect() as conn:
        texts = [t for (t,) in conn.execute(select(NodeRow.text).where(NodeRow.kind == "bullet").limit(3000))]
    rng = random.Random(seed)
    out = ["UBND tỉnh", "Ủy ban nhân dân", "xây dựng Đảng", "tuyên truyền miệng", "cán bộ OR đảng viên"]
    while len(out) < n:
        words = [w for w in re.findall(r"\w+", rng.choice(texts)) if not w.isdigit()]
        if len(words) < 6:
            continue
        i = rng.randrange(len(words) - 3)
        kind = rng.randrange(5)
        if kind == 0:
            q = " ".join(words[i : i + rng.randint(2, 3)])
        elif kind == 1:
            q = fold(" ".join(words[i : i + 2]))
        elif kind == 2:
            q = f"{words[i]} {words[min(len(words) - 1, i + rng.randint(4, 14))]}"
        elif kind == 3:
            q = " ".join(rng.sample(words, 2))
        else:
            q = f"{words[i]} {words[i + 1][:3]}*"
        out.append(q)
    return out


def test_top_k_is_the_exhaustive_ranking(store: Store, generated) -> None:
    for doc in generated:
        store.ingest_document(doc)
    tiers_seen: set[int] = set()
    with store.engine.connect() as conn:
        for query in _queries(store, 60, seed=3):
            q = parse_query(query)
            full, total = _rank(conn, q, {}, None)  # every document classified: no shortcut
            assert total == len(full), query
            tiers_seen |= {t for _, t, _, _ in full}
            for k in (1, 3, 10):
                top, total_k = _rank(conn, q, {}, k)
                assert top == full[:k], (query, k)
                assert total_k == total
    assert tiers_seen >= {3, 2, 1, 0}  # the queries reach every tier


def test_near_superset_holds(make_store_url, generated) -> None:
    """Every document with a near node (read from its nodes) has a chunk matching `near_match`."""
    from sqlalchemy import select

    from kehoach.store import open_store
    from kehoach.store.schema import NodeRow, SearchChunkRow

    store = open_store(make_store_url("sqlite"))
    try:
        for doc in generated:
            store.ingest_document(doc)
        near_found = 0
        with store.engine.connect() as conn:
            nodes = conn.execute(select(NodeRow.document_id, NodeRow.tokens)).all()
            chunk_doc = dict(conn.execute(select(SearchChunkRow.id, SearchChunkRow.document_id)).all())
            for query in _queries(store, 60, seed=11):
                q = parse_query(query)
                expr = near_match(q)
                assert expr is not None
                near = {d for d, toks in nodes if node_tier(toks, q) == 2}
                near_found += len(near)
                matched = {chunk_doc[c] for c in _rowids(conn, "chunk_fts", expr)}
                assert near <= matched, query
        assert near_found > 50
    finally:
        store.close()
