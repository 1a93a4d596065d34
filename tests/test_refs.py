"""Citations: the sample corpus against hand-written fixtures, and the printed forms one by one."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from kehoach.identity import numbered_key
from kehoach.normalize import normalize
from kehoach.refs import apply_references, extract_references, parse_user_key

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS.parent / "examples" / "corpus"
SAMPLES = {p.name[:3]: p for p in sorted(CORPUS.glob("*.txt"))}


def load_fixture(name: str) -> dict:
    return json.loads((TESTS / "fixtures" / name).read_text(encoding="utf-8"))


FIELDS = (
    "kind",
    "doc_type",
    "number",
    "symbol",
    "number_symbol",
    "date",
    "issuer",
    "term",
    "relation",
    "count",
)


def _expected(name: str) -> dict[str, dict]:
    return {c["key"]: c for c in load_fixture(f"expected/refs/{name}.json")["citations"]}


def _scores(parsed_samples) -> dict[str, tuple[int, int, int, int, int, int]]:
    """Per document: (found, expected, matched citations, found, expected, matched occurrences)."""
    out = {}
    for name, doc in parsed_samples.items():
        expected = _expected(name)
        found = {r.key: r for r in doc.references if not r.programme}  # programmes named: below
        matched = [
            k for k in found if k in expected and all(getattr(found[k], f) == expected[k][f] for f in FIELDS)
        ]
        occ_found = sum(r.count for r in found.values())
        occ_expected = sum(c["count"] for c in expected.values())
        occ_matched = sum(min(found[k].count, expected[k]["count"]) for k in found if k in expected)
        out[name] = (len(found), len(expected), len(matched), occ_found, occ_expected, occ_matched)
    return out


def test_precision_recall_over_the_sample_corpus(parsed_samples, capsys):
    """A citation counts as correct only when every field of the fixture matches (count included)."""
    scores = _scores(parsed_samples)
    totals = [sum(s[i] for s in scores.values()) for i in range(6)]
    with capsys.disabled():
        print("\n  citations over the sample corpus (all fields must match)")
        print(
            f"  {'doc':5} {'found':>6} {'expected':>9} {'correct':>8} {'precision':>10} {'recall':>7}   occurrences"
        )
        for name, (f, e, m, of, oe, om) in [*scores.items(), ("all", tuple(totals))]:
            print(
                f"  {name:5} {f:6d} {e:9d} {m:8d} {m / f if f else 1:10.3f} {m / e if e else 1:7.3f}"
                f"   {om}/{of} found, {om}/{oe} expected"
            )
    found, expected, matched, occ_found, occ_expected, occ_matched = totals
    assert matched / found == 1.0, "precision"
    assert matched / expected == 1.0, "recall"
    assert occ_matched == occ_found == occ_expected


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_fixture_fields(parsed_samples, name):
    """Field by field, so a failure says which citation and which field differ."""
    expected = _expected(name)
    found = {r.key: r for r in parsed_samples[name].references if not r.programme}
    assert sorted(found) == sorted(expected)
    for key, exp in expected.items():
        got = {f: getattr(found[key], f) for f in FIELDS}
        assert got == {f: exp[f] for f in FIELDS}, key


# Programmes, strategies … named without a number (FIXTURES.md, session 9), read in the samples by the lead
# (`xây dựng Chương trình quốc gia …` is one still to be written; `Chương trình hành động của Tỉnh ủy`, a body's
# own work)
SAMPLE_NAMED = {
    "000": [],
    # printed twice, the second time with `, tầm nhìn đến năm 2045`: one strategy, named by its fullest print
    "001": ["Chiến lược phát triển kinh tế - xã hội 10 năm 2021-2030, tầm nhìn đến năm 2045"],
    "002": ["Chiến lược phát triển kinh tế - xã hội 10 năm 2021 - 2030, tầm nhìn đến năm 2045"],
    "004": ["Chiến lược phát triển kinh tế - xã hội 10 năm 2021 - 2030"],
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_programmes_named_in_the_samples(parsed_samples, name):
    assert [r.title for r in parsed_samples[name].references if r.programme] == SAMPLE_NAMED[name]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_text_only_extraction_agrees_with_the_pipeline(parsed_samples, name):
    """`extract_references` on normalized text alone finds the same citations and relations."""
    text = normalize(SAMPLES[name].read_text(encoding="utf-8")).text
    alone = {r.key: (r.relation, r.count) for r in extract_references(text)}
    piped = {r.key: (r.relation, r.count) for r in parsed_samples[name].references}
    assert alone == piped


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_raw_extracted_text_gives_the_same_citations(name):
    """Robust to what normalize repairs: hard wraps, blank lines between them, `ƣ`, stray spaces."""
    raw = unicodedata.normalize("NFC", SAMPLES[name].read_text(encoding="utf-8"))
    refs = extract_references(raw)
    found = {r.key: {f: getattr(r, f) for f in FIELDS} for r in refs if not r.programme}
    assert found == {k: {f: c[f] for f in FIELDS} for k, c in _expected(name).items()}
    assert [r.title for r in refs if r.programme] == SAMPLE_NAMED[name]


def test_spans_point_at_the_citation(parsed_samples):
    doc = parsed_samples["002"]
    for ref in doc.references:
        assert len(ref.spans) == ref.count
        for (s, e), (rs, re_) in zip(ref.spans, ref.raw_spans, strict=True):
            piece = doc.text[s:e]
            if ref.number_symbol:
                assert ref.number_symbol in piece.replace(" ", "")
            assert " ".join(doc.raw_text[rs:re_].split()).replace("ƣ", "ư")[:8] == " ".join(piece.split())[:8]


def test_node_ids_follow_the_outline(parsed_samples):
    refs = {r.key: r for r in parsed_samples["000"].references}
    assert refs["40-KH/TU@2022"].node_ids == []  # the preamble belongs to no node
    assert refs["29-KH/ĐUK@2022"].node_ids == ["II.1.1"]
    assert refs["35-NQ/TW@2018"].node_ids == ["II.1.4"]
    refs = {r.key: r for r in parsed_samples["002"].references}
    assert refs["72-KH/HU@2022"].node_ids == ["A1:1.1"]  # annex head: no node; annex item 1.1
    assert "A1:1.2.-1" in refs["named:nq-tw-5-khoa-x"].node_ids


def test_one_implements_per_document(parsed_samples):
    for doc in parsed_samples.values():
        assert sum(r.relation == "implements" for r in doc.references) <= 1


# -- printed forms ---------------------------------------------------------------


def one(text: str):
    refs = extract_references(text)
    assert len(refs) == 1, [r.key for r in refs]
    return refs[0]


@pytest.mark.parametrize(
    ("text", "number_symbol", "date"),
    [
        ("gắn với Kế hoạch số 39- KH/HU, ngày 09/9/2021 của Ban", "39-KH/HU", "2021-09-09"),
        ("căn cứ Kế hoạch số 26-\nKH/BTGTW, ngày 05/5/2021 của Ban", "26-KH/BTGTW", "2021-05-05"),
        ("theo Kế hoạch số  72 -KH/HU, ngày 13 /6/2022 của Ban", "72-KH/HU", "2022-06-13"),
        ("Nghị quyết số 35-NQ/TW ngày 22-10-2018 của Bộ Chính trị", "35-NQ/TW", "2018-10-22"),
        ("Quyết định số 1234/QĐ-UBND ngày 3 tháng 4 năm 2023 của", "1234/QĐ-UBND", "2023-04-03"),
        ("theo Nghị định 30/2020/NĐ-CP về công tác văn thư", "30/2020/NĐ-CP", None),
        ("Kế hoạch số 16/KH-MTTQ-BTT ngày 1.2.2024", "16/KH-MTTQ-BTT", "2024-02-01"),
        ("Kế hoạch số 01-KH/ĐTN, tháng 5 năm 2022", "01-KH/ĐTN", "2022-05"),
        ("KẾ HOẠCH SỐ 40-KH/TU NGÀY 21/4/2022", "40-KH/TU", "2022-04-21"),
        ("Kế hoạch số 40-KH/TU ngày 32/4/2022", "40-KH/TU", None),  # impossible date: not read
    ],
)
def test_numbered_forms(text, number_symbol, date):
    ref = one(text)
    assert (ref.kind, ref.number_symbol, ref.date) == ("numbered", number_symbol, date)


def test_parts_of_a_full_citation():
    ref = one(
        "tiếp tục thực hiện Nghị quyết số 39-NQ/TW, ngày 17/4/2015 của Bộ \nChính trị (khóa XI); tình hình"
    )
    assert (ref.doc_type, ref.number, ref.symbol, ref.issuer, ref.term) == (
        "Nghị quyết",
        "39",
        "NQ/TW",
        "Bộ Chính trị",
        "khóa XI",
    )
    ref = one("Kết luận số 21-KL/TW, ngày 25/10/2021 của Hội nghị Trung ương 4 (khóa XIII) và 11 nhóm")
    assert (ref.issuer, ref.term) == ("Hội nghị Trung ương 4", "khóa XIII")
    ref = one("Kế hoạch số 125/KH-UBND ngày 09/5/2022 của Ủy ban nhân dân tỉnh Lâm Đồng về việc")
    assert (ref.number, ref.symbol, ref.issuer) == ("125", "KH-UBND", "Ủy ban nhân dân tỉnh Lâm Đồng")
    ref = one("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ")
    assert (ref.number, ref.symbol, ref.key) == ("30/2020", "NĐ-CP", "30/2020/NĐ-CP@2020")


def test_type_from_word_else_from_symbol():
    assert one("theo 05-CT/TW của Bộ Chính trị").doc_type == "Chỉ thị"
    party_qd = one("thực hiện 105-QĐ/TW của Bộ Chính trị")
    assert (party_qd.doc_type, party_qd.doc_type_ambiguous) == (None, True)
    assert one("Quy định số 105-QĐ/TW của Bộ Chính trị").doc_type == "Quy định"
    assert one("theo 1234/QĐ-UBND của tỉnh").doc_type == "Quyết định"  # state QĐ is a decision


def test_same_document_written_differently_is_one_key():
    refs = extract_references(
        "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị; tổng kết Chỉ thị 05-CT/TW ngày 15/5/2016 "
        "và Chỉ thị 05 của Bộ Chính trị; theo chỉ thị số 5-CT/TW."
    )
    assert [(r.key, r.count, r.date) for r in refs] == [("05-CT/TW@2016", 4, "2016-05-15")]


def test_same_number_other_year_stays_apart():
    refs = extract_references(
        "Kế hoạch số 12-KH/TU ngày 01/02/2020 và Kế hoạch số 12-KH/TU ngày 03/4/2021; Kế hoạch số 12-KH/TU."
    )
    assert [r.key for r in refs] == ["12-KH/TU@2020", "12-KH/TU@2021", "12-KH/TU"]


def test_header_number_is_not_a_citation():
    text = "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\n*\nSố  39 -KH/ĐUK\nĐà Lạt, ngày 09 tháng 5 năm 2022\nKẾ HOẠCH\n"
    assert extract_references(text) == []


@pytest.mark.parametrize(
    ("text", "key", "term"),
    [
        ("đưa Nghị quyết Đại hội lần thứ XIII của Đảng vào", "named:nq-dai-hoi-xiii", None),
        ("thực hiện Nghị quyết Đại hội XIII và", "named:nq-dai-hoi-xiii", None),
        ("Nghị quyết Đại hội đại biểu toàn quốc lần \nthứ XIII của Đảng", "named:nq-dai-hoi-xiii", None),
        ("Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII", "named:nq-dai-hoi-xiii", None),
        ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI", "named:nq-dai-hoi-dang-bo-tinh-xi", None),
        ("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI", "named:nq-dai-hoi-dang-bo-tinh-xi", None),
        (
            "thực hiện Nghị quyết Trung ương 4 (khóa XI, XII), Kết",
            "named:nq-tw-4-khoa-xi-xii",
            "khóa XI, XII",
        ),
        ("Nghị quyết Trung ương 5 \n(khóa X) về", "named:nq-tw-5-khoa-x", "khóa X"),
        (
            "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương khóa XII",
            "named:nq-tw-4-khoa-xii",
            "khóa XII",
        ),
    ],
)
def test_named_citations(text, key, term):
    ref = one(text)
    assert (ref.kind, ref.key, ref.term, ref.number_symbol) == ("named", key, term, None)


def test_classes_of_resolutions_are_not_citations():
    assert (
        extract_references(
            "Nghị quyết Đại hội Đảng bộ các cấp, nhiệm kỳ 2020-2025 và các nghị quyết của Trung ương"
        )
        == []
    )


def test_blank_number_is_incomplete_not_dropped():
    ref = one("1.1. Việc thực hiện Kế hoạch số      -KH/HU, ngày       /5/2022 của Huyện ủy thực hiện")
    assert (ref.kind, ref.number, ref.symbol, ref.number_symbol, ref.date, ref.issuer) == (
        "incomplete",
        None,
        "KH/HU",
        None,
        "2022-05",
        "Huyện ủy",
    )
    assert ref.key == "incomplete:KH/HU@2022-05"
    state = one("Quyết định số ......./QĐ-UBND ngày   tháng 6 năm 2024")
    assert (state.kind, state.symbol, state.date) == ("incomplete", "QĐ-UBND", "2024-06")


def test_partial_without_a_match_keeps_its_own_key():
    ref = one("Tiếp tục thực hiện Chỉ thị 05 của Bộ Chính trị.")
    assert (ref.kind, ref.key, ref.number, ref.issuer) == (
        "partial",
        "partial:chi-thi-05",
        "05",
        "Bộ Chính trị",
    )
    assert extract_references("Kế hoạch 5 năm 2021 - 2025") == []


# -- relations -------------------------------------------------------------------

PREAMBLE = "KẾ HOẠCH\nvề việc gì đó\n-----\n{preamble}\nI. MỤC ĐÍCH, YÊU CẦU\n1. Nội dung: {body}\n"


def relations(preamble: str, body: str = "không có gì.") -> dict[str, str]:
    return {r.key: r.relation for r in extract_references(PREAMBLE.format(preamble=preamble, body=body))}


def test_implements_and_based_on():
    rel = relations(
        "Thực hiện Kế hoạch số 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy; căn cứ Hướng dẫn số "
        "36-HD/VPTW ngày 03/4/2018 và Quy định số 105-QĐ/TW, Ban Thường vụ ban hành Kế hoạch như sau:",
        "Việc thực hiện Kế hoạch số 29-KH/ĐUK ngày 01/3/2022.",
    )
    assert rel == {
        "40-KH/TU@2022": "implements",
        "36-HD/VPTW@2018": "based_on",
        "105-QĐ/TW": "based_on",  # coordinated with a basis citation
        "29-KH/ĐUK@2022": "mentions",  # the body's 'Việc thực hiện' is content
    }


def test_every_document_a_thuc_hien_clause_opens_on_is_implemented():
    # until session 7 only the first was (a plan implements one parent); the readers' fixtures list
    # each `Thực hiện …` document as implemented (tnt-kh141, fresh3 3a2db039af8c2d05, 4f30202155d56bdd)
    rel = relations(
        "Thực hiện Kế hoạch số 40-KH/TU; thực hiện Chỉ thị số 05-CT/TW, Ban Thường vụ ban hành Kế hoạch:"
    )
    assert rel == {"40-KH/TU": "implements", "05-CT/TW": "implements"}


def test_thuc_hien_lines_before_the_issuing_sentence_and_lists_after_a_semicolon():
    # fresh3 3a2db039af8c2d05: two `Thực hiện` paragraphs, then a narrative and the issuing sentence
    rel = relations(
        "Thực hiện Chỉ thị số 21/CT-TTg\nngày 25 tháng 11 năm 2022 của Thủ tướng Chính phủ về thúc đẩy "
        "chuyển đổi số;\n\nThực hiện Thông báo số\n552/TB-VPCP ngày 13 tháng 10 năm 2025 của Văn phòng "
        "Chính phủ.\n\nThời gian qua chính sách được bảo đảm. Ủy ban nhân dân thành phố ban hành Kế hoạch "
        "như sau:"
    )
    assert rel == {"21/CT-TTG@2022": "implements", "552/TB-VPCP@2025": "implements"}
    # fresh3 0a5a51958af8e293: one Căn cứ line listing three decrees after `;`
    rel = relations(
        "*Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng\n6 năm 2010 của Chính phủ về kiểm soát thủ tục "
        "hành chính; Nghị định số\n48/2013/NĐ-CP ngày 14 tháng 5 năm 2013; Nghị định số 92/2017/NĐ-CP ngày "
        "07\ntháng 8 năm 2017 của Chính phủ quy định sửa đổi;*\n\nỦy ban ban hành Kế hoạch như sau:"
    )
    assert set(rel.values()) == {"based_on"} and len(rel) == 3
    # fresh3 4f30202155d56bdd: `Để tiếp tục thực hiện nghiêm Chỉ thị …; Chỉ thị …, Kế hoạch …`
    rel = relations(
        "Để tiếp tục thực hiện nghiêm\nChỉ thị số 05/CT-TTg ngày 18/5/2022 của Thủ tướng Chính phủ về "
        "quản lý rừng; Chỉ thị số 31-CT/TU ngày 06/6/2023, Kế hoạch số 134-KH/TU ngày\n29/12/2023 của Ban "
        "Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh yêu cầu:"
    )
    assert set(rel.values()) == {"implements"} and len(rel) == 3


def test_quoted_title_and_purpose_clause_are_mentions():
    rel = relations(
        "Nhằm đưa Nghị quyết Đại hội XIII của Đảng đi vào cuộc sống; đảm bảo thực hiện nghiêm túc Chỉ thị số "
        "01-CT/TW, ngày 9/3/2021 của Bộ Chính trị về “Việc triển khai thực hiện Nghị quyết Đại hội XIII”; "
        "Ban Thường vụ ban hành Kế hoạch như sau:"
    )
    assert rel == {"named:nq-dai-hoi-xiii": "mentions", "01-CT/TW@2021": "based_on"}


def test_annex_head_is_self():
    text = PREAMBLE.format(
        preamble="Thực hiện Kế hoạch số 40-KH/TU, Ban Thường vụ xây dựng kế hoạch như sau:", body="x."
    ) + (
        "Nơi nhận:\n- Lưu VT.\nĐỀ CƯƠNG\nTUYÊN TRUYỀN\n(theo Kế hoạch số 72-KH/HU, ngày 13/6/2022 của Ban Thường vụ)\n"
        "1. Việc thực hiện Kế hoạch số 72-KH/HU, ngày 13/6/2022.\n"
    )
    refs = {r.key: (r.relation, r.count) for r in extract_references(text)}
    assert refs == {"40-KH/TU": ("implements", 1), "72-KH/HU@2022": ("self", 2)}


def test_apply_references_on_a_document_without_text():
    from kehoach.model import Document

    assert apply_references(Document()).references == []


def test_user_keys():
    assert parse_user_key("40-KH/TU") == "40-KH/TU"
    assert parse_user_key("40-kh/tu@2022") == "40-KH/TU@2022"
    assert parse_user_key("Kế hoạch số 40-KH/TU ngày 21/4/2022") == "40-KH/TU@2022"
    assert parse_user_key("named:nq-dai-hoi-xiii") == "named:nq-dai-hoi-xiii"
    assert numbered_key("5", "CT/TW", None) == numbered_key("05", "ct/tw", None) == "05-CT/TW"


def test_a_regulation_issued_with_a_document_is_a_basis_only_under_can_cu():
    # fresh3 0abcf1a5292b31ec: the resolution whose Quy định is amended, named after `ban hành theo`
    rel = relations(
        "*Xét Tờ trình số 16384/TTr-UBND\nngày 12 tháng 11 năm 2025 của Ủy ban nhân dân thành phố về việc "
        "ban hành Nghị\nquyết sửa đổi Quy định các chính sách hỗ trợ giảm nghèo ban hành theo Nghị quyết\n"
        "số 20/2023/NQ-HĐND ngày 21 tháng 8 năm 2023 của Hội đồng nhân dân tỉnh;*\n"
        "Căn cứ Quy định về công tác lấy ý kiến ban hành kèm theo Quyết định số 214/QĐ-DCT ngày 12 tháng 01 "
        "năm 2026;\n"
    )
    assert rel["20/2023/NQ-HĐND@2023"] == "mentions" and rel["214/QĐ-DCT@2026"] == "based_on"


def test_a_heading_ending_on_a_type_word_does_not_cite_the_next_items_label():
    # fresh3 437c3beb60ae2874: `II. NỘI DUNG CỦA KẾ HOẠCH` / `1. Hoàn thiện …` is no `Kế hoạch 01`
    text = "**II. NỘI\nDUNG CỦA KẾ HOẠCH**\n\n**1. Hoàn\nthiện cơ chế.\nTheo Chỉ thị 05, Nghị quyết số 35 của Tỉnh ủy."
    assert sorted(r.key for r in extract_references(text)) == ["partial:chi-thi-05", "partial:nghi-quyet-35"]


def test_a_quoted_programme_name_goes_on_over_a_hard_wrap():
    # fresh3 437c3beb60ae2874
    text = (
        "Điều 1. Ban hành Kế hoạch triển khai thực hiện Đề án “Nâng cao nhận\nthức cộng đồng và Quản lý "
        "rủi ro thiên tai dựa vào cộng đồng, đến năm 2030”\ntrên địa bàn Thành phố."
    )
    (ref,) = extract_references(text)
    assert ref.title.endswith("dựa vào cộng đồng, đến năm 2030”") and "\n" not in ref.title
