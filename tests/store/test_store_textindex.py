"""The folded token index and the query language (pure functions, no database)."""

from __future__ import annotations

from kehoach.store.textindex import (
    CHUNK_POSITIONS,
    GAP,
    chunk_tokens,
    looks_like_number,
    number_key,
    parse_query,
    snippet,
    tokens,
    tsvector_literal,
)


def test_tokens_fold_marks_d_and_tone_placement() -> None:
    assert tokens("Xây dựng Đảng") == ["xay", "dung", "dang"]
    assert tokens("Huyện uỷ") == tokens("Huyện ủy") == ["huyen", "uy"]
    assert tokens("hoà") == tokens("hòa") == ["hoa"]
    assert tokens("40-KH/TU, Covid-19") == ["40", "kh", "tu", "covid", "19"]
    decomposed = "Xa\u0302y du\u031bng"  # NFD input is normalized first
    assert tokens(decomposed) == ["xay", "dung"]


def test_query_language() -> None:
    q = parse_query('xây "hệ thống chính trị" tuyen* OR "Lâm Đồng"')
    assert [[(c.tokens, c.prefix, c.quoted) for c in g] for g in q.groups] == [
        [(("xay",), False, False), (("he", "thong", "chinh", "tri"), False, True), (("tuyen",), True, False)],
        [(("lam", "dong"), False, True)],
    ]
    assert [c.tokens for c in q.clauses()] == [
        ("xay",),
        ("he", "thong", "chinh", "tri"),
        ("tuyen",),
        ("lam", "dong"),
    ]
    assert parse_query('"he thong chinh tr*"').groups[0][0].prefix
    assert parse_query("...  ").empty
    assert parse_query(f"{GAP} a").groups == parse_query("a").groups


def test_document_numbers() -> None:
    for printed in ("40-KH/TU", "40 -KH/TU", "số 40-KH/TU", "Số: 40-KH/TU", "40-kh/tu"):
        assert looks_like_number(printed) == "40-kh/tu", printed
    assert looks_like_number("125/KH-UBND") == "125/kh-ubnd"
    assert looks_like_number("30/2020/NĐ-CP") == "30/2020/nd-cp"
    assert looks_like_number("2021-2025") is None
    assert looks_like_number("xây dựng") is None
    assert number_key("39 -KH/ĐUK") == "39-kh/duk"
    q = parse_query("40-KH/TU")
    assert q.number_key == "40-kh/tu" and [[c.tokens for c in g] for g in q.groups] == [[("40", "kh", "tu")]]


def test_snippet_highlights_the_printed_text() -> None:
    text = (
        "Thực hiện Kế hoạch số 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy về công tác xây dựng Đảng."
    )
    snip, marks = snippet(text, parse_query("xay dung dang 40-kh/tu"))
    assert [snip[a:b] for a, b in marks] == ["40-KH/TU", "xây dựng Đảng"]
    long = "mở đầu " * 100 + "Huyện uỷ Đức Trọng" + " kết thúc" * 100
    snip, marks = snippet(long, parse_query("huyện ủy"), width=120)
    assert snip.startswith("…") and snip.endswith("…") and len(snip) < 160
    assert [snip[a:b] for a, b in marks] == ["Huyện uỷ"]
    snip, marks = snippet("không khớp gì", parse_query("abc"))
    assert snip == "không khớp gì" and marks == []


def test_tsvector_and_chunks_share_positions() -> None:
    assert tsvector_literal(["a", "b", "a"]) == "a:1,3 b:2"
    assert tsvector_literal(["a", GAP, "b"]) == "a:1 b:3"  # the gap stops phrases on PostgreSQL too
    chunks = chunk_tokens([["a", "b"], [], ["c"]])
    assert chunks == [["a", "b", GAP, "c"]]
    big = chunk_tokens([["w"] * (CHUNK_POSITIONS - 10), ["x"] * 20, ["y"] * (CHUNK_POSITIONS + 5)])
    assert all(len(c) <= CHUNK_POSITIONS for c in big)
    assert sum(len([t for t in c if t != GAP]) for c in big) == 2 * CHUNK_POSITIONS + 15


def test_vocabulary_file_reads_whole() -> None:
    """Every line of data/abbreviations.tsv gives a short form and a longer long form."""
    from kehoach.store.textindex import abbreviations

    vocab = abbreviations()
    assert len(vocab) >= 40
    for a in vocab:
        assert a.short and len(a.long) > len(a.short), a
    shorts = {a.short: a for a in vocab}
    assert shorts[("ubnd",)].long == ("uy", "ban", "nhan", "dan")
    assert shorts[("hdnd",)].long == ("hoi", "dong", "nhan", "dan")
    assert shorts[("mttq",)].long == ("mat", "tran", "to", "quoc")
    assert shorts[("tu",)].caps and shorts[("tu",)].oneway


def test_abbreviations_in_queries() -> None:
    q = parse_query("UBND tỉnh")
    assert q.groups[0][0].alts == (("uy", "ban", "nhan", "dan"),)
    assert [c.forms() for c in q.groups[0]] == [(("ubnd",), ("uy", "ban", "nhan", "dan")), (("tinh",),)]
    q = parse_query("Ủy ban nhân dân tỉnh")
    assert q.groups[0][0].tokens == ("uy", "ban", "nhan", "dan") and q.groups[0][0].alts == (("ubnd",),)
    assert parse_query("Ban Chấp hành").groups[0][0].alts == (("bch",),)
    assert parse_query("TU").groups[0][0].alts == (("tinh", "uy"),)
    assert parse_query("TƯ").groups[0][0].alts == (("trung", "uong"),)
    assert parse_query("DU").groups[0][0].alts == (("dang", "uy"),)
    assert parse_query("tu").groups[0][0].alts == ()  # lower case `tu` is tư, tự, từ
    assert parse_query("tỉnh ủy").groups[0][0].alts == ()  # one way: `tu` alone is too common
    assert parse_query('"Ủy ban nhân dân"').groups[0][0].alts == ()  # quoted: as typed


def test_marks_of_queries_and_texts() -> None:
    from kehoach.store.textindex import marked_words, marks_row

    assert parse_query("Đức Trọng huyen").marked == ("đức", "trọng")
    assert parse_query("duc trong").marked == ()
    assert marked_words("Huyện Ủy, huyện uỷ") == ["huyện", "uỷ", "huyện", "uỷ"]
    assert marks_row(["Ban Thường vụ Huyện ủy", "Ban Tổ chức"]) == " thường vụ huyện uỷ tổ chức "
    assert marks_row(["ban to chuc"]) == ""


def test_node_tiers() -> None:
    from kehoach.store.textindex import node_tier

    q = parse_query("tuyên truyền miệng")
    assert node_tier(" day manh tuyen truyen mieng trong nhan dan ", q) == 3
    assert node_tier(" mieng noi tay lam day manh tuyen truyen ", q) == 2
    assert node_tier(" tuyen truyen " + "ve cac noi dung " * 5 + "bang mieng ", q) == 1
    assert node_tier(" tuyen truyen nghi quyet ", q) == 0
    assert node_tier(" uy ban nhan dan tinh ", parse_query("UBND tỉnh")) == 3


def test_snippet_marks_the_phrase_as_typed() -> None:
    text = "Giữ gìn đạo đức, lối sống; trọng tâm là phát triển huyện Đức Trọng thành thị xã."
    snip, marks = snippet(text, parse_query("Đức Trọng"))
    assert [snip[a:b] for a, b in marks] == ["Đức Trọng"]
    snip, marks = snippet("Tập trung trong năm, coi trọng kiểm tra", parse_query("trọng"))
    assert [snip[a:b] for a, b in marks] == ["trọng"]
    snip, marks = snippet("Tập trung trong năm, coi trọng kiểm tra", parse_query("trong"))
    assert [snip[a:b] for a, b in marks] == ["trong", "trọng"]
