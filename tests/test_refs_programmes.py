"""Documents cited by name without a number: programmes (`Chương trình`), projects (`Đề án`) and
regulations (`Quy chế`), on real snippets (dev documents) and on generated phrases; and the vague
phrases that are no citation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.refs import extract_references
from kehoach.vntext import fold


def _cited(text: str) -> dict[str, str | None]:
    return {r.key: r.title or r.number_symbol for r in extract_references(text) if r.relation != "self"}


# -- real snippets ---------------------------------------------------------------------------


def test_a_programme_known_by_its_number_is_one_citation_with_that_name():
    # vip-bc-thuchien-kh2004-kh2005: cited twice, once as the bracketed name of a lower-case phrase
    refs = extract_references(
        "Đánh giá lại việc thực hiện các Chương trình mục tiêu quốc gia, Chương trình 135 và dự án trồng "
        "mới 5 triệu ha rừng. Tiếp tục thực hiện chương trình phát triển kinh tế - xã hội các xã đặc biệt "
        "khó khăn (Chương trình 135). Bảo đảm về cơ bản các xã có đủ cơ sở hạ tầng thiết yếu."
    )
    assert [(r.key, r.kind, r.doc_type, r.title, r.count) for r in refs] == [
        ("named:chuong-trinh-135", "named", "Chương trình", "Chương trình 135", 2)
    ]


def test_a_name_followed_by_its_number_in_brackets_is_one_document():
    # vip-qd256-2004 (a TCVN3 text: `nưước` as decoded); `Chương trình thực hiện …` is the city's own work
    refs = extract_references(
        "Tiếp tục triển khai nhanh Chương trình thực hiện Đề án tin học hóa quản lý nhà nưước (Đề án 112) "
        "giai đoạn 2002-2005, tăng cường ứng dụng công nghệ thông tin."
    )
    assert [(r.key, r.title) for r in refs] == [
        ("named:de-an-112", "Đề án tin học hóa quản lý nhà nưước (Đề án 112)")
    ]


def test_a_number_of_a_numbered_document_is_not_taken_for_a_name():
    cited = _cited(
        "Thực hiện Chương trình hành động số 15-CTr/TU ngày 02/3/2021 của Tỉnh ủy; Chương trình 15"
    )
    assert list(cited) == ["15-CTR/TU@2021"]


def test_party_regulations_are_cited_with_their_body():
    # tw-quydinh294-2025
    refs = extract_references(
        "- Căn cứ Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị và Ban Bí thư khoá XIII;\n"
        "b) Giúp đoàn chủ tịch thực hiện một số nhiệm vụ theo Quy chế bầu cử trong Đảng của Ban Chấp hành "
        "Trung ương.\n"
    )
    assert [(r.doc_type, r.title, r.issuer, r.term) for r in refs] == [
        (
            "Quy chế",
            "Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị và Ban Bí thư",
            None,
            "khóa XIII",
        ),
        ("Quy chế", "Quy chế bầu cử trong Đảng", "Ban Chấp hành Trung ương", None),
    ]


def test_programmes_named_in_a_report_with_their_names_as_printed():
    # vip-bc-thuchien-kh2004-kh2005 and doan-spkt-vankien-daihoi-xxii-2024
    cited = _cited(
        "33 Chuẩn nghèo của Chương trình xóa đói giảm nghèo quốc gia mới được xác định ở mức độ khác nhau. "
        "Một số địa phương chưa thực hiện đúng cơ chế quản lý Chương trình mục tiêu Quốc gia về dân số và kế "
        "hoạch hóa gia đình. Gấp rút hoàn thành Đề án Hiện đại hóa 3 trung tâm giới thiệu việc làm ở 3 miền "
        "Bắc, Trung, Nam, để có thể triển khai thực hiện trong năm 2006.\n"
        "Thực hiện Đề án trang bị kỹ năng thực hành xã hội cho sinh viên thành phố, trong nhiệm kỳ, Ban "
        "Thường vụ Đoàn trường phối hợp tổ chức các hoạt động.\n"
    )
    assert list(cited.values()) == [
        "Chương trình xóa đói giảm nghèo quốc gia",
        "Chương trình mục tiêu Quốc gia về dân số và kế hoạch hóa gia đình",
        "Đề án Hiện đại hóa 3 trung tâm giới thiệu việc làm ở 3 miền Bắc, Trung, Nam",
        "Đề án trang bị kỹ năng thực hành xã hội cho sinh viên thành phố",
    ]


def test_variants_of_a_programmes_name_are_one_document():
    # vip-bc-thuchien-kh2004-kh2005: `và` or a dash, the period printed or not
    refs = extract_references(
        "chưa thực hiện đúng cơ chế quản lý Chương trình mục tiêu Quốc gia về dân số và kế hoạch hóa gia "
        "đình. Tiếp tục thực hiện đồng bộ 7 dự án thuộc Chương trình mục tiêu Quốc gia về dân số - kế hoạch "
        "hoá gia đình giai đoạn 2001 - 2005, tập trung vào những vùng có mức sinh cao."
    )
    assert len(refs) == 1 and refs[0].count == 2


def test_one_programme_for_two_periods_is_two_documents():
    refs = extract_references(
        "Tổng kết Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2016 - 2020; triển khai "
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025."
    )
    assert len(refs) == 2


def test_a_regulation_issued_by_a_cited_decision_is_that_decision():
    # tnt-hd-2025-baocaovien-noheader: the Quy chế is the subject of QĐ 907, then cited by its name
    cited = _cited(
        "- Căn cứ Quyết định số 907-QĐ/BTGDVTW ngày 17/9/2025 của Ban Tuyên giáo và Dân vận Trung ương ban "
        "hành Quy chế hoạt động báo cáo viên, tuyên truyền viên của Đảng, Ban Tuyên giáo và Dân vận Trung "
        "ương hướng dẫn việc quản lý báo cáo viên.\n"
        "- Báo cáo viên phải bảo đảm các tiêu chuẩn được nêu trong Quy chế hoạt động báo cáo viên, tuyên "
        "truyền viên của Đảng.\n"
    )
    assert list(cited) == ["907-QĐ/BTGDVTW@2025"]


def test_the_programme_a_decision_issues_is_the_decision_itself():
    # vip-qd256-2004: `Nay ban hành kèm theo Quyết định này Chương trình …`, then cited by its name
    assert (
        _cited(
            "Điều 1. Nay ban hành kèm theo Quyết định này Chương trình cải cách hành chính của thành phố Cần "
            "Thơ giai đoạn 2004 -2010.\n"
            "- Hướng dẫn triển khai và đôn đốc thực hiện Chương trình cải cách hành chính giai đoạn "
            "2004-2010 và xây dựng kế hoạch cải cách hành chính thành phố năm 2004-2005.\n"
        )
        == {}
    )


def test_a_decisions_subject_after_ve_is_not_cited_apart():
    # vip-bc-thuchien-kh2004-kh2005
    cited = _cited("Nghiên cứu sửa đổi Nghị định 77/CP ngày 18/6/1997 về Quy chế đầu tư theo hình thức BOT.")
    assert list(cited) == ["77/CP@1997"]


def test_a_law_name_read_into_the_sentence_is_the_law_named_elsewhere():
    # vip-bc-thuchien-kh2004-kh2005
    refs = extract_references(
        "Doanh nghiệp đăng ký theo Luật doanh nghiệp tăng cả về số lượng. Tiếp tục thực hiện Luật Doanh "
        "nghiệp. Nâng cao trách nhiệm theo Luật Doanh nghiệp Nhà nước."
    )
    assert [(r.title, r.count) for r in refs] == [("Luật Doanh nghiệp", 2), ("Luật Doanh nghiệp Nhà nước", 1)]


def test_a_named_programme_in_the_preamble_is_implemented():
    from kehoach.pipeline import process_text

    doc = process_text(
        "ỦY BAN NHÂN DÂN\nXÃ TÂN HÒA\nSố: 12/KH-UBND\nTân Hòa, ngày 02 tháng 3 năm 2022\nKẾ HOẠCH\n"
        "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2022\n-----\n"
        "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025, Ủy ban nhân "
        "dân xã ban hành Kế hoạch thực hiện năm 2022 như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nTổ chức thực hiện có hiệu quả các nội dung.\n"
    )
    named = [r for r in doc.references if r.kind == "named"]
    assert [(r.title, r.relation) for r in named] == [
        ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025", "implements")
    ]


VAGUE = [
    "thực hiện tốt Quy chế dân chủ ở cơ sở, cơ quan và doanh nghiệp.",  # vip-qd256: a regime
    "Xây dựng lại Quy chế tổ chức và hoạt động của Sở, Ban ngành thành phố.",  # still to be written
    "nghiên cứu nhu cầu sử dụng để xây dựng Đề án đào tạo thạc sĩ, tiến sĩ ở trong nước.",
    "Đánh giá lại việc thực hiện các Chương trình mục tiêu quốc gia và dự án trồng rừng.",  # a class
    "Doanh nghiệp, Trung tâm Tư vấn tổ chức Chương trình Café Career Talk với mục đích giao lưu.",  # an event
    "Tổ chức chương trình “Trao đổi tài liệu học tập”, “Chương trình quà tặng học tập” để thu hút.",
    "Sở Khoa học và Công nghệ, Ban chủ nhiệm Chương trình (nếu có) theo phạm vi quản lý của mình.",
    "tổ chức cơ sở đảng thực hiện. (1) Maket trang trí. (2) Chương trình Lễ ra mắt tổ chức đảng",  # an item
    "Trong Quy chế này, các từ ngữ được hiểu như sau:",  # the document itself
    "Ban Thường vụ xây dựng Chương trình công tác năm 2025 và Chương trình hành động của Tỉnh ủy.",
    "Chương trình sách giáo khoa mới ở lớp 1, 2, 6, và 7 được triển khai đại trà.",  # no sign of a name
    "thực hiện nghiêm các quy định của Trung ương về công tác cán bộ và quy định của pháp luật.",
    "Báo cáo theo Mẫu số 01 kèm theo Phụ lục II của Kế hoạch này.",
    "Đơn vị xây dựng chương trình công tác năm, chương trình làm việc của Ban Chỉ đạo.",
]


def test_vague_references_are_not_citations():
    for text in VAGUE:
        assert _cited(text) == {}, text


# -- generated phrases -----------------------------------------------------------------------

_NAME_WORDS = [
    "phát",
    "triển",
    "kinh",
    "tế",
    "xã",
    "hội",
    "nông",
    "thôn",
    "giảm",
    "nghèo",
    "bền",
    "vững",
    "chuyển",
    "đổi",
    "số",
    "nâng",
    "cao",
    "chất",
    "lượng",
    "giáo",
    "dục",
    "y",
    "tế",
    "cơ",
    "sở",
    "việc",
    "làm",
    "đào",
    "tạo",
    "nghề",
    "lao",
    "động",
    "vùng",
    "đồng",
    "bào",
    "dân",
    "tộc",
    "thiểu",
    "số",
    "miền",
    "núi",
    "tin",
    "học",
    "hóa",
    "quản",
    "lý",
    "hành",
    "chính",
    "nhà",
    "nước",
    "phổ",
    "biến",
    "pháp",
    "luật",
]
_GENERIC = ("lam viec", "hanh dong")  # heads (folded) of the vocabulary that name no document
_LEADS = ["Thực hiện", "thực hiện", "Căn cứ", "theo", "triển khai", "Tiếp tục thực hiện", "kết quả của"]
_ENDS = ["; ", ". ", ".\n", " để ", " nhằm ", ", đã ", " được "]


@st.composite
def programmes(draw) -> tuple[str, str]:
    """(a sentence citing a programme or project by name, the name as printed)."""
    head = draw(st.sampled_from(["Chương trình", "Đề án"]))
    # (a generic head, `Chương trình hành động`, is no name: `test_vague_references_are_not_citations`)
    words = draw(
        st.lists(st.sampled_from(_NAME_WORDS), min_size=2, max_size=9).filter(
            lambda w: fold(" ".join(w[:2])) not in _GENERIC
        )
    )
    name = f"{head} {' '.join(words)}"
    if draw(st.booleans()):
        name += draw(st.sampled_from([" quốc gia", ""]))
        y = draw(st.integers(2001, 2030))
        name += draw(
            st.sampled_from([f" giai đoạn {y} - {y + 4}", f" giai đoạn {y}-{y + 5}", f" đến năm {y}"])
        )
    lead = draw(st.sampled_from(_LEADS))
    text = f"{lead} {name}{draw(st.sampled_from(_ENDS))}các cơ quan, đơn vị tổ chức thực hiện."
    return text, name


@settings(max_examples=300, deadline=None)
@given(programmes())
def test_a_programme_cited_by_name_is_read_with_its_name_as_printed(case):
    text, name = case
    refs = extract_references(text)
    assert [(r.kind, r.title) for r in refs] == [("named", name)], text
    assert refs[0].doc_type == name.split()[0] + " " + name.split()[1]
    assert refs[0].key.startswith("named:" + "-".join(fold(name).split()[:2]))


@settings(max_examples=200, deadline=None)
@given(programmes(), st.sampled_from(["lower", "plural", "generic", "to_write"]))
def test_the_same_phrase_as_a_common_noun_is_no_citation(case, how):
    text, name = case
    head, rest = name.split(" ", 2)[:2], name.split(" ", 2)[2]
    head_text = " ".join(head)
    if how == "lower":
        vague = text.replace(name, f"{head_text.lower()} {rest}")
    elif how == "plural":
        vague = text.replace(name, f"các {name}")
    elif how == "generic":
        vague = text.replace(
            name, f"{head_text} {'công tác' if head_text == 'Chương trình' else 'thực hiện'} {rest}"
        )
    else:
        vague = text.replace(name, f"xây dựng {name}")
    assert extract_references(vague) == [], vague


# -- the other dev misses and extras, by their general cause -----------------------------------


def test_a_capitalized_word_before_luat_that_only_folds_like_a_lead_is_part_of_a_name():
    # tnt-cv11654 (a web page's notice): `Dân` folds like `dẫn` of `Hướng dẫn Luật …`
    assert _cited("và kết nối cộng đồng Dân Luật Việt Nam, nhằm: giúp công chúng") == {}
    assert list(_cited("Hướng dẫn Luật Thi đua, khen thưởng.").values()) == ["Luật Thi đua, khen thưởng"]


def test_a_laws_year_is_its_date_and_two_years_are_two_laws():
    # doan-spkt-vankien-daihoi-xxii-2024: `Luật Thanh niên năm 2020`
    refs = extract_references(
        "Căn cứ Luật Thanh niên năm 2020; Luật Đất đai năm 2013 và Luật Đất đai năm 2024; theo Luật Thanh niên"
    )
    assert [(r.title, r.date, r.count) for r in refs] == [
        ("Luật Thanh niên", "2020", 2),
        ("Luật Đất đai", "2013", 1),
        ("Luật Đất đai", "2024", 1),
    ]


def test_a_letter_cited_as_van_ban_is_a_cong_van():
    # hp-cv4532-ubnd-phutho-2011 (FIXTURES: `Văn bản số N/…` without a type code is a Công văn)
    refs = extract_references(
        "Văn bản số 348/KSTT-VP ngày 28/11/2011 của Cục Kiểm soát thủ tục hành chính về việc hướng dẫn"
    )
    assert [(r.doc_type, r.issuer) for r in refs] == [("Công văn", "Cục Kiểm soát thủ tục hành chính")]


def test_a_blank_number_with_a_dotted_symbol_is_incomplete():
    # vip-quyche-chitieu-bqlkcn-brvt-2007: `Quyết định số /QĐ.UB ngày /7/200` (the year cut short)
    refs = extract_references("do UBND tỉnh khoán chi theo Quyết định số /QĐ.UB ngày /7/200 được quản lý")
    assert [(r.kind, r.doc_type, r.symbol, r.date) for r in refs] == [
        ("incomplete", "Quyết định", "QĐ.UB", None)
    ]


# -- new documents (tnt305/tai_lieu_noi_bo, development half) ----------------------------------


def test_a_master_plan_is_cited_by_name_with_its_period():
    # 8718801c503045f9 (Kế hoạch 617/KH-UBND 2025, Đồng Tháp)
    cited = _cited(
        "đ) Triển khai khu công viên phần mềm/khu công nghiệp công nghệ số tập trung theo Quy hoạch hạ tầng "
        "thông tin và truyền thông thời kỳ 2021 - 2030, tầm nhìn đến năm 2050."
    )
    assert list(cited.values()) == [
        "Quy hoạch hạ tầng thông tin và truyền thông thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"
    ]
    assert (
        _cited("Rà soát, điều chỉnh Quy hoạch chung xây dựng đô thị phù hợp với Quy hoạch sử dụng đất.") == {}
    )


def test_theo_in_an_annex_task_table_is_a_citation_not_the_annexs_head():
    # 8718801c503045f9: a task row of the annex before its first item cites a decree after `theo`
    from kehoach.pipeline import process_text

    doc = process_text(
        "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 617/KH-UBND\nĐồng Tháp, ngày 01 tháng 12 năm 2025\nKẾ HOẠCH\n"
        "Chuyển đổi số cho các doanh nghiệp\n"
        "Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025 của Uỷ ban nhân dân Tỉnh, Ủy ban nhân dân Tỉnh ban "
        "hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n1. Mục đích\nThúc đẩy chuyển đổi số.\nII. TỔ CHỨC THỰC HIỆN\n"
        "Sở Khoa học và Công nghệ chủ trì./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHuỳnh Minh Tuấn\n\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM\n"
        "(Kèm theo Kế hoạch số 617/KH-UBND ngày 01/12/2025 của Ủy ban nhân dân tỉnh)\n"
        "| 7 | Hỗ trợ doanh nghiệp nhỏ và vừa theo Nghị định số 80/2021/NĐ-CP ngày 26/8/2021 của Chính phủ |\n"
    )
    rel = {r.number_symbol: r.relation for r in doc.references}
    assert rel["80/2021/NĐ-CP"] == "mentions" and rel["617/KH-UBND"] == "self"


def test_law_names_end_on_printed_stop_words_not_on_folded_lookalikes():
    # 86367f2ddb2225cd (Quyết định 2623/QĐ-TTg 2025): `vệ` folds like the stop word `về`
    refs = extract_references(
        "Căn cứ Luật Bảo vệ dữ liệu cá nhân ngày 26 tháng 6 năm 2025; Thời hạn ban hành: Theo tiến độ được "
        "giao của Luật An ninh mạng 2025."
    )
    assert [(r.title, r.date) for r in refs] == [
        ("Luật Bảo vệ dữ liệu cá nhân", "2025-06-26"),
        ("Luật An ninh mạng", "2025"),
    ]
    # vip-bc-thuchien-kh2004-kh2005 and the usual `Luật Ban hành văn bản quy phạm pháp luật`
    cited = _cited(
        "do người dân chưa hiểu đúng về Pháp lệnh Dân số nên đã không thực hiện; sắp xếp theo Luật tổ chức "
        "Hội đồng Nhân dân và ủy ban Nhân dân, từng bước. Khẩn trương bổ sung Luật Giáo dục trình Quốc hội "
        "vào năm 2005. Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025; Luật Quốc "
        "tịch Việt Nam quy định"
    )
    assert list(cited.values()) == [
        "Pháp lệnh Dân số",
        "Luật tổ chức Hội đồng Nhân dân và ủy ban Nhân dân",
        "Luật Giáo dục",
        "Luật Ban hành văn bản quy phạm pháp luật",
        "Luật Quốc tịch Việt Nam",
    ]


def test_a_programme_the_document_will_issue_is_not_cited():
    # 86367f2ddb2225cd: `Xây dựng Quyết định của Thủ tướng Chính phủ ban hành Chương trình quốc gia về …`
    assert (
        _cited(
            "7. Xây dựng Quyết định của Thủ tướng Chính phủ ban hành Chương trình quốc gia về bảo vệ dữ liệu cá "
            "nhân\n- Cơ quan chủ trì: Bộ Công an.\n"
        )
        == {}
    )


def test_a_programme_with_its_short_name_in_brackets_is_a_proper_name():
    # 9b7eebadf7081069 (Kế hoạch 0204/KH-UBND 2025, Cà Mau): opening a sentence, the bracketed short
    # name shows the words are a name; form templates beside it cite nothing
    cited = _cited(
        "lãi bình quân 1,15 tỷ đồng/năm. Chương trình mỗi xã một sản phẩm *(OCOP) *đã được người dân, doanh "
        "nghiệp quan tâm thực hiện. Dự kiến thu theo sắc thuế như Mẫu biểu số 02, 03 đính kèm."
    )
    assert list(cited.values()) == ["Chương trình mỗi xã một sản phẩm (OCOP)"]


def test_what_the_parent_plan_is_about_is_mentioned_not_a_basis():
    # 8718801c503045f9: `Thực hiện Kế hoạch số 283/KH-UBND … về thực hiện Nghị quyết số 71/NQ-CP …`
    from kehoach.pipeline import process_text

    doc = process_text(
        "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 617/KH-UBND\nĐồng Tháp, ngày 01 tháng 12 năm 2025\nKẾ HOẠCH\n"
        "Chuyển đổi số cho các doanh nghiệp\n"
        "Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025 của Uỷ ban nhân dân Tỉnh về thực hiện Nghị quyết "
        "số 71/NQ-CP ngày 01/5/2025 của Chính phủ và Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của "
        "Ban Thường vụ Tỉnh uỷ về thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\n"
        "Ủy ban nhân dân Tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n1. Mục đích\nThúc đẩy chuyển đổi số.\n"
    )
    rel = {r.number_symbol: r.relation for r in doc.references}
    assert rel["283/KH-UBND"] == "implements"
    assert rel["71/NQ-CP"] == rel["10-CTr/TU"] == rel["57-NQ/TW"] == "mentions"


def test_what_a_cited_notice_reports_on_is_mentioned():
    # 91035abb77ae0a1b (Công văn 11583/VPCP-CN 2025): `… tại Thông báo số 4387/TB-VPQH … về tình hình
    # thực hiện Nghị quyết số 66/2013/QH13 …`
    from kehoach.pipeline import process_text

    doc = process_text(
        "VĂN PHÒNG CHÍNH PHỦ\nSố: 11583/VPCP-CN\nV/v triển khai Kết luận về dự án đường Hồ Chí Minh\n"
        "Hà Nội, ngày 26 tháng 11 năm 2025\nKính gửi: Bộ trưởng Bộ Xây dựng.\n"
        "Về Kết luận của Ủy ban Thường vụ Quốc hội tại Thông báo số 4387/TB-VPQH ngày 14 tháng 11 năm 2025 "
        "của Văn phòng Quốc hội về tình hình thực hiện Nghị quyết số 66/2013/QH13 ngày 29/11/2013 của Quốc "
        "hội khóa XIII, Phó Thủ tướng Trần Hồng Hà có ý kiến như sau:\n"
        "Bộ Xây dựng khẩn trương xử lý các vướng mắc./.\n"
    )
    rel = {r.number_symbol: r.relation for r in doc.references}
    assert rel["66/2013/QH13"] == "mentions"


def test_the_laws_amending_a_basis_are_bases_too():
    # 8983091b5c6598d8 (Nghị quyết 72/2025/NQ-HĐND, Hà Nội)
    from kehoach.pipeline import process_text

    doc = process_text(
        "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 72/2025/NQ-HĐND\nHà Nội, ngày 27 tháng 11 năm 2025\n"
        "NGHỊ QUYẾT\nQuy định chính sách đối với người làm việc ngoài chỉ tiêu biên chế\n"
        "Căn cứ Luật Ngân sách nhà nước số 83/2015/QH13 được sửa đổi, bổ sung bởi Luật số 59/2020/QH14, Luật "
        "số 56/2024/QH15;\nXét Báo cáo thẩm tra số 114/BC-BPC ngày 22 tháng 11 năm 2025 của Ban Pháp chế Hội "
        "đồng nhân dân Thành phố;\nHội đồng nhân dân ban hành Nghị quyết quy định chính sách.\n"
        "Điều 1. Phạm vi điều chỉnh\nNghị quyết này quy định chính sách.\n"
    )
    rel = {r.number_symbol: (r.relation, r.issuer) for r in doc.references}
    assert [rel[n][0] for n in ("83/2015/QH13", "59/2020/QH14", "56/2024/QH15")] == ["based_on"] * 3
    assert rel["114/BC-BPC"] == ("mentions", "Ban Pháp chế Hội đồng nhân dân Thành phố")


def test_classes_of_projects_listed_as_items_are_not_citations():
    # 9a885bb50365e6f1 (Quyết định 2500/QĐ-TTg 2025, a list of state secrets): `a) Đề án …` items name
    # kinds of documents; the two laws and the two decisions are the citations
    cited = _cited(
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
        "Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018;\n"
        "a) Đề án cơ cấu tổ chức của Chính phủ theo nhiệm kỳ Quốc hội khi chưa được Quốc hội thông qua.\n"
        "b) Đề án thành lập mới, sáp nhập, hợp nhất, chia, tách, giải thể bộ khi chưa được Quốc hội thông qua.\n"
        "a) Đề án, dự án, kế hoạch triển khai thực hiện chủ trương, chính sách của Đảng và Nhà nước.\n"
        "a) Đề án cải cách chính sách tiền lương đối với cán bộ, công chức khi chưa được Quốc hội thông qua.\n"
        "a) Khoản 2, khoản 3 Điều 2 Quyết định số 960/QĐ-TTg ngày 07 tháng 7 năm 2020 của Thủ tướng Chính phủ "
        "quy định Danh mục bí mật nhà nước lĩnh vực Nội vụ.\n"
    )
    assert list(cited.values()) == [
        "Luật Tổ chức Chính phủ",
        "Luật Bảo vệ bí mật nhà nước",
        "960/QĐ-TTg",
    ]
