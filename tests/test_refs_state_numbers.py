"""Property tests of the state-number grammar: `số/năm/ký hiệu` numbers of every shape, generated,
cited in a sentence, are read whole (number, symbol, date, issuer); forms are not citations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.patterns import parse_number_symbol
from kehoach.refs import extract_references

TYPED = [  # (type word, symbol type part)
    ("Nghị định", "NĐ"),
    ("Thông tư", "TT"),
    ("Quyết định", "QĐ"),
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Kế hoạch", "KH"),
    ("Thông tư liên tịch", "TTLT"),
    ("Nghị quyết liên tịch", "NQLT"),
    ("Công văn", "UBND"),
]
ISSUER_PARTS = [
    "CP",
    "BNV",
    "UBND",
    "TTg",
    "BTC",
    "BGDĐT",
    "UBTVQH15",
    "ĐCTUBTWMTTQVN",
    "BCA",
    "BTTTT",
    "VPCP",
]
ASSEMBLY = ["QH13", "QH14", "QH15", "UBTVQH14", "UBTVQH15"]  # `85/2015/QH13`: year and symbol, no issuer
ISSUERS = ["Chính phủ", "Bộ Nội vụ", "Quốc hội", "Ủy ban nhân dân tỉnh Nghệ An", "Thủ tướng Chính phủ"]


@st.composite
def state_citation(draw):
    number = str(draw(st.integers(1, 99999)))
    if draw(st.booleans()) and len(number) == 1:
        number = "0" + number  # `01/2021/TT-BNV`
    year = draw(st.integers(1990, 2030))
    if draw(st.integers(0, 4)) == 0:
        word = "Nghị quyết"
        ns = f"{number}/{year}/{draw(st.sampled_from(ASSEMBLY))}"
    else:
        word, kind = draw(st.sampled_from(TYPED))
        parts = draw(st.lists(st.sampled_from(ISSUER_PARTS), min_size=1, max_size=4, unique=True))
        with_year = draw(st.booleans()) or kind in ("NĐ", "TT", "TTLT", "NQLT")
        ns = (
            f"{number}/{year}/{kind}-{'-'.join(parts)}" if with_year else f"{number}/{kind}-{'-'.join(parts)}"
        )
    day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
    date_style = draw(st.sampled_from(["words", "slash", "none"]))
    date = {
        "words": f" ngày {day} tháng {month} năm {year}",
        "slash": f" ngày {day:02d}/{month:02d}/{year}",
        "none": "",
    }[date_style]
    issuer = draw(st.sampled_from([None, *ISSUERS]))
    pin = draw(st.sampled_from(["", "Điều 5 ", "khoản 2 Điều 3 "]))
    text = f"{pin}{word} số {ns}{date}" + (f" của {issuer}" if issuer else "")
    iso = None if date_style == "none" else f"{year:04d}-{month:02d}-{day:02d}"
    return text, word, ns, iso, issuer


@settings(max_examples=300, deadline=None)
@given(
    state_citation(),
    st.sampled_from(["Căn cứ ", "Thực hiện ", "Theo quy định tại "]),
    st.sampled_from([";", ".", " về việc tăng cường quản lý."]),
)
def test_state_numbers_of_every_shape_are_read_whole(cit, lead, tail):
    text, word, ns, iso, issuer = cit
    refs = [r for r in extract_references(f"{lead}{text}{tail}") if r.relation != "self"]
    assert len(refs) == 1, [r.key for r in refs]
    ref = refs[0]
    assert ref.number_symbol == ns
    assert ref.doc_type == word
    assert ref.date == iso
    assert ref.issuer == issuer


@settings(max_examples=150, deadline=None)
@given(state_citation())
def test_header_reads_the_same_number(cit):
    _text, _word, ns, _iso, _issuer = cit
    found = parse_number_symbol(f"Số: {ns}")
    assert found is not None and found["number_symbol"] == ns


@given(
    st.integers(1, 99),
    st.sampled_from(["BCĐBQH-MT", "KH-UBND", "TT-BNV"]),
    st.sampled_from(["Mẫu số", "mẫu số", "Phụ lục số"]),
)
def test_forms_and_annexes_are_not_cited_documents(n, sym, lead):
    assert extract_references(f"Báo cáo theo {lead} {n:02d}/{sym} kèm theo.") == []


def test_issuer_is_read_whole_and_stops_before_kinh_gui():
    refs = extract_references("Thực hiện Công văn số 12/STC-NS ngày 5/3/2025 của Sở Tài chính về dự toán.")
    assert refs[0].issuer == "Sở Tài chính"
    refs = extract_references("Căn cứ Kế hoạch số 24/KH-UBND của UBND tỉnh\nKính gửi: các sở.")
    assert refs[0].issuer == "UBND tỉnh"


def test_laws_cited_by_name_with_and_without_date():
    text = (
        "Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân ngày 25 tháng 6 năm 2015; "
        "Luật Cán bộ, công chức và Luật Viên chức; Bộ luật Lao động số 45/2019/QH14."
    )
    refs = {r.title: r for r in extract_references(text)}
    assert refs["Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân"].date == "2015-06-25"
    assert "Luật Cán bộ, công chức" in refs and "Luật Viên chức" in refs
    assert refs["Bộ luật Lao động"].number_symbol == "45/2019/QH14"


def test_a_law_name_wrapped_onto_the_next_line_goes_on_in_lower_case():
    # web copies hard-wrap their lines (fresh3 71ce6a1744e0ae6c, 0abcf1a5292b31ec)
    text = (
        "*Căn cứ Luật Giáo dục\nđại học ngày 18 tháng 6 năm 2012;*\n"
        "*Căn cứ Pháp lệnh Ưu đãi người\ncó công với cách mạng số 02/2020/UBTVQH14;*\n"
        "Điều 1. Tổ chức theo quy định của Luật Giáo dục đại học và quy định\nKính gửi: các sở."
    )
    refs = {r.title: r for r in extract_references(text)}
    assert set(refs) == {"Luật Giáo dục đại học", "Pháp lệnh Ưu đãi người có công với cách mạng"}
    assert refs["Luật Giáo dục đại học"].date == "2012-06-18"
    assert refs["Pháp lệnh Ưu đãi người có công với cách mạng"].number_symbol == "02/2020/UBTVQH14"


def test_an_amending_law_is_named_by_the_laws_it_amends():
    # fresh3 71ce6a1744e0ae6c, 437c3beb60ae2874, 0abcf1a5292b31ec: one document, not the amended law
    text = (
        "*Căn cứ Luật Giáo dục đại học ngày 18 tháng 6 năm 2012; Luật sửa đổi,\n"
        "bổ sung một số điều của Luật Giáo dục đại học ngày 19 tháng 11 năm 2018;*\n"
        "*Căn cứ Luật Sửa đổi, bổ sung\nmột số điều của Luật Phòng, chống thiên tai và Luật Đê điều ngày 17 tháng 6 năm\n"
        "2020;*\n*Căn cứ Luật sửa đổi, bổ sung\nmột số điều của Luật Bảo hiểm y tế số 46/2014/QH13;*\n"
    )
    refs = {r.title: r for r in extract_references(text)}
    amend_edu = "Luật sửa đổi, bổ sung một số điều của Luật Giáo dục đại học"
    amend_dyke = "Luật Sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều"
    assert refs[amend_edu].date == "2018-11-19" and refs["Luật Giáo dục đại học"].date == "2012-06-18"
    assert refs[amend_dyke].date == "2020-06-17" and "Luật Đê điều" not in refs
    assert refs["Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế"].number_symbol == "46/2014/QH13"
    assert "Luật Bảo hiểm y tế" not in refs


def test_a_law_shortened_to_its_initials_is_the_law_named_in_full():
    # fresh3 070712cd976e7f9a: `Luật BHYT` beside `Luật Bảo hiểm y tế`
    text = (
        "- Thanh quyết toán theo đúng quy định của Luật Bảo\nhiểm y tế, Nghị định số 188/2025/NĐ-CP.\n\n"
        "- Tuyên truyền phổ biến thực\nhiện Luật Khám bệnh, chữa bệnh; Luật BHYT; việc phòng chống gian lận."
    )
    laws = sorted(r.title for r in extract_references(text) if r.doc_type == "Luật")
    assert laws == ["Luật Bảo hiểm y tế", "Luật Khám bệnh, chữa bệnh"]
