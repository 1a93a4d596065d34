"""Vietnamese search: marks, đ/d, tone placement, phrases, prefixes, document numbers, filters —
the same expectations on SQLite and PostgreSQL, and the same result sets on both."""

from __future__ import annotations

import random

import pytest

from kehoach.errors import StoreError
from kehoach.model import Document, Node, Reference
from kehoach.store import Store, open_store
from kehoach.store.textindex import tokens
from kehoach.vntext import fold


def make_doc(name: str, nodes: list[str], *, number: str | None = None, issuer: str | None = None,
             date: str | None = None, title: str | None = None, cites: str | None = None) -> Document:  # fmt: skip
    """A small hand-made plan: one bullet per text under section I."""
    text, children = "", []
    for i, body in enumerate(nodes, start=1):
        start = len(text)
        text += f"- {body}\n"
        children.append(Node(id=f"I.-{i}", label="-", kind="bullet", text=body, span=(start, len(text) - 1)))
    outline = [Node(id="I", label="I.", kind="section", text="NỘI DUNG", span=(0, 0), children=children)]
    refs = []
    if cites:
        refs.append(
            Reference(key=f"KH {cites}", number_symbol=cites, relation="implements", node_ids=["I.-1"])
        )
    doc = Document(doc_type="Kế hoạch", number_symbol=number, issuer=issuer, date=date, title=title or name,
                   outline=outline, text=text, references=refs)  # fmt: skip
    doc.source.path = f"/made/{name}.txt"
    doc.source.sha256 = fold(name).encode().hex().ljust(64, "0")[:64]
    return doc


HANDMADE = [
    make_doc("parent", ["Tuyên truyền về công tác xây dựng Đảng năm 2022."], number="40-KH/TU",
             issuer="Ban Thường vụ Tỉnh ủy", date="2022-04-21", title="thông tin, tuyên truyền năm 2022"),
    make_doc("old-tone", ["Ban Thường vụ Huyện uỷ Lâm Hà chỉ đạo hoà giải ở cơ sở."], issuer="Huyện uỷ Lâm Hà",
             date="2021-03-02", number="12-KH/HU"),
    make_doc("new-tone", ["Ban Thường vụ Huyện ủy Di Linh chỉ đạo hòa giải ở cơ sở."], issuer="Huyện ủy Di Linh",
             date="2023-06-10", number="15-KH/HU"),
    make_doc("split", ["Đẩy mạnh công tác tuyên truyền", "miệng trong cán bộ, đảng viên."], date="2022-08-01"),
    make_doc("joined", ["Đẩy mạnh công tác tuyên truyền miệng trong cán bộ, đảng viên."], date="2022-09-01",
             cites="40-KH/TU"),
]  # fmt: skip


def load(store: Store, parsed_samples) -> dict[str, int]:
    """The four samples and the hand-made plans; name → document id."""
    ids = {}
    for key in ("000", "001", "002", "004"):
        ids[key] = store.ingest_document(parsed_samples[key]).document_id
    for doc in HANDMADE:
        ids[doc.source.path.rsplit("/", 1)[1][:-4]] = store.ingest_document(doc).document_id
    return ids


@pytest.fixture
def corpus(store: Store, parsed_samples) -> tuple[Store, dict[str, int]]:
    return store, load(store, parsed_samples)


def found(store: Store, query: str, **filters) -> set[int]:
    results = store.search(query, filters, limit=100)
    assert results.total == len(results.hits)
    return {h.document.id for h in results.hits}


def names(ids: dict[str, int], hits: set[int]) -> set[str]:
    back = {v: k for k, v in ids.items()}
    return {back[h] for h in hits}


def test_marks_do_not_matter(corpus) -> None:
    store, ids = corpus
    with_marks = found(store, "xây dựng Đảng")
    assert with_marks == found(store, "xay dung dang") == found(store, "XÂY DỰNG ĐẢNG")
    assert {"000", "001", "002", "parent"} <= names(ids, with_marks)


def test_d_matches_dj(corpus) -> None:
    store, ids = corpus
    assert "000" in names(ids, found(store, "dang uy khoi"))
    assert found(store, "dang uy khoi") == found(store, "Đảng ủy Khối") == found(store, "đảng uỷ khối")


def test_old_and_new_tone_placement(corpus) -> None:
    store, ids = corpus
    new, old = found(store, "Huyện ủy"), found(store, "Huyện uỷ")
    assert new == old
    assert {"old-tone", "new-tone", "002"} <= names(ids, new)
    assert (
        names(ids, found(store, '"hoà giải"'))
        == names(ids, found(store, '"hòa giải"'))
        == {"old-tone", "new-tone"}
    )


def test_phrase_queries(corpus) -> None:
    store, ids = corpus
    phrase = names(ids, found(store, '"tuyên truyền miệng"'))
    assert "joined" in phrase and "split" not in phrase  # a phrase never spans two nodes
    assert {"split", "joined"} <= names(ids, found(store, "tuyên truyền miệng"))  # words anywhere
    assert found(store, '"xây dựng hệ thống chính trị"') >= {ids["000"], ids["001"], ids["002"]}
    assert not found(store, '"chính trị hệ thống xây dựng"')


def test_prefix_queries(corpus) -> None:
    store, ids = corpus
    assert found(store, "xay*") >= found(store, "xây")
    assert names(ids, found(store, "Lâm H*")) >= {"old-tone"}
    assert found(store, '"he thong chinh tr*"') == found(store, '"hệ thống chính trị"')
    assert names(ids, found(store, '"hoa giai"')) == names(ids, found(store, '"hoà gi*"'))


def test_or_queries(corpus) -> None:
    store, ids = corpus
    assert names(ids, found(store, '"Lâm Hà" OR "Di Linh"')) >= {"old-tone", "new-tone"}


def test_document_number_finds_document_and_citing(corpus) -> None:
    store, ids = corpus
    results = store.search("40-KH/TU", limit=100)
    hits = results.hits
    assert hits[0].document.id == ids["parent"] and hits[0].match == "self" and hits[0].node_id == "header"
    citing = {h.document.id for h in hits if h.match == "cites"}
    assert citing >= {ids["000"], ids["002"], ids["joined"]}
    assert {h.document.id for h in hits} == found(store, "40 -kh/tu") == found(store, "số 40-KH/TU")
    assert names(ids, found(store, "39-KH/ĐUK")) >= {"000"}
    assert store.search("39-KH/DUK").hits[0].document.number_symbol == "39-KH/ĐUK"


def test_hits_point_at_nodes_and_highlight_real_text(corpus) -> None:
    store, ids = corpus
    for query in ("xay dung dang", "huyen uy", '"tuyen truyen mieng"', "hoa*"):
        for hit in store.search(query, limit=50).hits:
            stored = store.get_document(hit.document.id)
            node = stored.document.node(hit.node_id)
            pseudo = {"header", "title", "preamble", "closing", "signature", "recipients"}
            assert node is not None or hit.node_id in pseudo or hit.node_id.startswith("A"), hit
            assert hit.highlights, hit
            for a, b in hit.highlights:
                marked = hit.snippet[a:b]
                assert marked != fold(marked) or marked.isascii()  # the printed text, marks kept
                assert set(tokens(marked)) & {t for c in _query_tokens(query) for t in c} or query.endswith(
                    "*"
                )
            assert "<mark>" in hit.snippet_html


def _query_tokens(query: str) -> list[list[str]]:
    from kehoach.store.textindex import parse_query

    return [list(c.tokens) for c in parse_query(query).clauses()]


def test_filters(corpus) -> None:
    store, ids = corpus
    assert names(ids, found(store, '"hòa giải"', issuer="huyen uy lam ha")) == {"old-tone"}
    assert names(ids, found(store, '"hòa giải"', year=2023)) == {"new-tone"}
    assert names(ids, found(store, '"hòa giải"', type="KH")) == set()  # hand-made plans carry no symbol
    assert names(ids, found(store, '"hòa giải"', type="ke hoach")) == {"old-tone", "new-tone"}
    assert found(store, "xây dựng Đảng", year=2022) <= found(store, "xây dựng Đảng")


def test_ranking_limit_offset(corpus) -> None:
    store, _ = corpus
    everything = store.search("Đảng", limit=100)
    assert everything.total == len(everything.hits) >= 6
    scores = [h.score for h in everything.hits]
    assert scores == sorted(scores, reverse=True)
    page2 = store.search("Đảng", limit=3, offset=3)
    assert [h.document.id for h in page2.hits] == [h.document.id for h in everything.hits[3:6]]
    assert page2.total == everything.total


def _order(hits) -> list[tuple[int, int, float]]:
    rank = {"phrase": 3, "near": 2, "node": 1, "document": 0}
    return [(rank[h.tier], h.marks, h.score) for h in hits]


def test_ranking_is_exact_on_every_page(corpus) -> None:
    """Pages cut anywhere give the full ranking: stopping early never changes the top results."""
    store, _ = corpus
    for query in ("Đảng", "tuyên truyền miệng", "đảng viên", "công tác cán bộ", "trong", "Đức Trọng"):
        full = store.search(query, limit=1000)
        assert full.total_exact and full.total == len(full.hits)
        assert _order(full.hits) == sorted(_order(full.hits), reverse=True), query
        for size in (1, 2, 3):
            paged = [
                h.document.id
                for o in range(0, full.total, size)
                for h in store.search(query, limit=size, offset=o).hits
            ]
            assert paged == [h.document.id for h in full.hits], (query, size)


TIERED = [
    make_doc("t-phrase", ["Phát huy vai trò của tổ chức cơ sở đảng trong việc tuyên truyền miệng."]),
    make_doc("t-near", ["Miệng nói tay làm, đẩy mạnh tuyên truyền trong nhân dân."]),
    make_doc("t-node", ["Tuyên truyền " + "về các nội dung chủ yếu của nghị quyết " * 3 + "bằng miệng."]),
    make_doc("t-doc", ["Tuyên truyền nghị quyết.", "Báo cáo viên nói miệng."]),
    make_doc("m-plain", ["Tập trung lãnh đạo trong năm 2023 và các năm tiếp theo."]),
    make_doc("m-marked", ["Coi trọng công tác kiểm tra, giám sát của cấp ủy."]),
    make_doc("ab-short", ["UBND tỉnh chủ trì, phối hợp với các sở, ngành liên quan."]),
    make_doc("ab-long", ["Ủy ban nhân dân huyện xây dựng kế hoạch cải cách hành chính."]),
    make_doc("ab-tu", ["Thực hiện Kế hoạch số 12-KH/TU về công tác tư tưởng."]),
]  # fmt: skip


@pytest.fixture
def tiered(store: Store) -> tuple[Store, dict[str, int]]:
    return store, {d.source.path.rsplit("/", 1)[1][:-4]: store.ingest_document(d).document_id for d in TIERED}


def _ranked(store: Store, query: str) -> list[tuple[str, str]]:
    return [
        (h.document.source_path.rsplit("/", 1)[1][:-4], h.tier) for h in store.search(query, limit=50).hits
    ]


def test_tiers_phrase_then_near_then_node_then_anywhere(tiered) -> None:
    store, _ = tiered
    assert _ranked(store, "tuyên truyền miệng") == [
        ("t-phrase", "phrase"), ("t-near", "near"), ("t-node", "node"), ("t-doc", "document")
    ]  # fmt: skip
    hit = store.search("tuyên truyền miệng").hits[0]
    assert hit.node_id == "I.-1" and [hit.snippet[a:b] for a, b in hit.highlights] == ["tuyên truyền miệng"]
    assert hit.score > 0


def test_marks_count_when_typed(tiered) -> None:
    store, _ = tiered
    marked = store.search("trọng").hits
    assert [h.document.source_path for h in marked][:1] == ["/made/m-marked.txt"]
    assert marked[0].marks == 1 and all(h.marks == 0 for h in marked[1:])
    assert "/made/m-plain.txt" in {h.document.source_path for h in marked}  # found, below
    plain = store.search("trong").hits  # unmarked: both alike
    assert {h.document.source_path for h in plain} >= {"/made/m-plain.txt", "/made/m-marked.txt"}
    assert all(h.marks == 0 for h in plain)
    assert [marked[0].snippet[a:b] for a, b in marked[0].highlights] == ["trọng"]
    assert store.search("Cấp Uỷ").hits[0].marks == 2  # uỷ/ủy and case fold as before


def test_abbreviations_both_ways(tiered) -> None:
    store, _ = tiered
    both = {"ab-short", "ab-long"}
    for query in ("UBND", "ubnd", "Ủy ban nhân dân", "uỷ ban nhân dân", "uy ban nhan dan"):
        assert {name for name, _ in _ranked(store, query)} >= both, query
    assert {name for name, _ in _ranked(store, "CCHC")} == {"ab-long"}
    assert {name for name, _ in _ranked(store, "TU")} >= {"ab-tu"}
    assert "ab-tu" not in {name for name, _ in _ranked(store, "tỉnh ủy")}  # `tu` alone is too common
    hit = next(h for h in store.search("UBND").hits if h.document.source_path == "/made/ab-long.txt")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Ủy ban nhân dân"]


def test_duc_trong_finds_the_district(corpus) -> None:
    """Issue 14: `Đức Trọng` unquoted puts the plan naming the district first, with a real score,
    and marks the district's name, not `đạo đức` or `trọng tâm`."""
    store, ids = corpus
    results = store.search("Đức Trọng")
    first = results.hits[0]
    assert first.document.id == ids["002"] and first.tier == "phrase" and first.score > 0
    assert all(h.tier != "phrase" for h in results.hits[1:])
    assert [first.snippet[a:b] for a, b in first.highlights] == ["Đức Trọng"]
    assert store.search("duc trong").hits[0].document.id == ids["002"]


def test_cites_and_implements_filters(corpus) -> None:
    store, ids = corpus
    citing = found(store, "tuyên truyền", cites="40-KH/TU")
    assert ids["joined"] in citing and ids["split"] not in citing
    assert found(store, "tuyên truyền", implements="40-KH/TU") >= {ids["joined"]}
    assert found(store, "tuyên truyền", cites="40-KH/TU", year=2021) == set()
    with pytest.raises(StoreError):
        store.search("tuyên truyền", {"cites": "..."})


def test_empty_and_unknown_queries(corpus) -> None:
    store, _ = corpus
    with pytest.raises(StoreError) as exc:
        store.search("  ...  ")
    assert exc.value.code == "empty_query"
    assert store.search("zzzkhongcotu").total == 0


# --- the same result sets on both backends ------------------------------------------------

PARITY_QUERIES = [
    "xây dựng Đảng", "xay dung dang", "Huyện uỷ", "huyen uy", "đảng ủy khối", '"tuyên truyền miệng"',
    "tuyên truyền miệng", "xay*", "tuyen truy*", '"he thong chinh tr*"', "40-KH/TU", "39-KH/ĐUK",
    '"Lâm Hà" OR "Di Linh"', "hoà giải", "Covid-19", "2021-2025", "kiểm tra giám sát", '"Nơi nhận"',
    "Lương Văn Mừng", "Búa liềm vàng", "chi bộ", "nhân dân", "đề cương", "zzzkhongcotu",
    "Đức Trọng", "trọng", "trong", "UBND", "Ủy ban nhân dân", "truyền tuyên", "cán bộ đảng viên",
]  # fmt: skip


def _result_sets(store: Store, queries: list[str], **filters) -> dict[str, tuple[int, set[tuple], list]]:
    """Per query: the total, the set of (document content hash, node id, highlighted words) and the
    pages in order with their tiers, marks and scores (both backends rank with the same index)."""
    hashes = {d.id: d.content_hash for d in store.list_documents(page_size=10_000).items}
    out = {}
    for q in queries:
        results = store.search(q, filters, limit=1000)
        out[q] = (
            results.total,
            {(hashes[h.document.id], h.node_id, h.marked(), h.tier, h.marks) for h in results.hits},
            [(hashes[h.document.id], h.tier, h.marks, h.score) for h in results.hits],
        )
    return out


@pytest.mark.pg
def test_same_result_sets_on_both_backends(make_store_url, pg_databases, parsed_samples) -> None:
    with open_store(make_store_url("sqlite")) as lite, open_store(make_store_url("pg")) as pg:
        load(lite, parsed_samples)
        load(pg, parsed_samples)
        assert _result_sets(lite, PARITY_QUERIES) == _result_sets(pg, PARITY_QUERIES)
        assert _result_sets(lite, PARITY_QUERIES[:6], year=2022) == _result_sets(
            pg, PARITY_QUERIES[:6], year=2022
        )


@pytest.mark.pg
@pytest.mark.slow
def test_same_result_sets_on_a_generated_corpus(make_store_url, pg_databases) -> None:
    from kehoach.pipeline import process_text
    from kehoach.testing.generate import generate_corpus

    docs = [process_text(text, path=name) for name, text in generate_corpus(80, seed=7)]
    rng = random.Random(3)
    vocabulary = sorted({w for d in docs[:20] for w in (d.title or "").split() if len(w) > 2})
    queries = [" ".join(rng.sample(vocabulary, 2)) for _ in range(25)]
    queries += [f'"{" ".join(d.title.split()[:3])}"' for d in docs[:10] if d.title]
    queries += [d.number_symbol for d in docs[:10] if d.number_symbol]
    queries += [w[:3] + "*" for w in rng.sample(vocabulary, 10)]
    with open_store(make_store_url("sqlite")) as lite, open_store(make_store_url("pg")) as pg:
        for doc in docs:
            lite.ingest_document(doc)
            pg.ingest_document(doc)
        assert _result_sets(lite, queries) == _result_sets(pg, queries)
