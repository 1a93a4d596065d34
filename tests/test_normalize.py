"""Repairs of extraction damage, each checked on a small text and on the real samples."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kehoach.normalize import normalize
from kehoach.vntext import fold, unify_tone


def test_u_horn_damage_is_repaired() -> None:
    assert normalize("Lƣơng Văn Mừng\nT/M BAN THƢỜNG VỤ").text == "Lương Văn Mừng\nT/M BAN THƯỜNG VỤ"


def test_decomposed_text_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Huyện ủy Đức Trọng")
    out = normalize(decomposed).text
    assert out == "Huyện ủy Đức Trọng"
    assert unicodedata.is_normalized("NFC", out)


def test_hard_wrapped_lines_join_and_list_items_start_their_own() -> None:
    raw = (
        "I. MỤC ĐÍCH, YÊU CẦU\n\n- Nhằm thông tin, tuyên truyền đưa Nghị quyết Đại hội lần thứ XIII của\n\n"
        "Đảng vào cuộc sống.\n\n1.1- Việc thực hiện Kết luận số 21-KL/TW\n\nvề đẩy mạnh\n\n"
        "a) Trước, trong và sau ngày bầu cử\n\n+ Vận động cán bộ\n\n2.10. Việc nghiên cứu\n"
    )
    assert normalize(raw).text.split("\n") == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Nhằm thông tin, tuyên truyền đưa Nghị quyết Đại hội lần thứ XIII của Đảng vào cuộc sống.",
        "1.1- Việc thực hiện Kết luận số 21-KL/TW về đẩy mạnh",
        "a) Trước, trong và sau ngày bầu cử",
        "+ Vận động cán bộ",
        "2.10. Việc nghiên cứu",
    ]


def test_a_wrapped_line_that_begins_with_a_dash_is_not_a_bullet() -> None:
    raw = "- Tham gia các cuộc thi sáng tác văn học\n- nghệ thuật, tác phẩm báo chí.\n- Định hướng thông tin"
    assert normalize(raw).text.split("\n") == [
        "- Tham gia các cuộc thi sáng tác văn học - nghệ thuật, tác phẩm báo chí.",
        "- Định hướng thông tin",
    ]


def test_a_wrapped_number_symbol_is_not_an_item() -> None:
    raw = "tiếp tục thực hiện Chỉ thị số\n05-CT/TW của Bộ Chính trị"
    assert normalize(raw).text == "tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị"


def test_stray_spaces_in_numbers_and_dates() -> None:
    raw = "Số  39 -KH/ĐUK\n(theo Kế hoạch số  72 -KH/HU, ngày 13 /6/2022 của Ban Thường vụ Huyện uỷ)"
    out = normalize(raw).text
    assert "Số 39-KH/ĐUK" in out
    assert "72-KH/HU, ngày 13/6/2022" in out
    assert normalize("Kế hoạch số 39- KH/HU và 26-\nKH/BTGTW, 125 /KH-UBND").text == (
        "Kế hoạch số 39-KH/HU và 26-KH/BTGTW, 125/KH-UBND"
    )


def test_draft_blanks_are_kept_not_split_as_columns() -> None:
    out = normalize("1.1. Việc thực hiện Kế hoạch số      -KH/HU, ngày       /5/2022 của Huyện ủy").text
    assert out == "1.1. Việc thực hiện Kế hoạch số -KH/HU, ngày /5/2022 của Huyện ủy"


def test_two_columns_are_split_into_lines() -> None:
    raw = "Nơi nhận:          T/M BAN THƢỜNG VỤ\n- Ban Thường vụ Tỉnh ủy (báo cáo),         PHÓ BÍ THƯ\n"
    assert normalize(raw).text.split("\n") == [
        "Nơi nhận:",
        "T/M BAN THƯỜNG VỤ",
        "- Ban Thường vụ Tỉnh ủy (báo cáo),",
        "PHÓ BÍ THƯ",
    ]


def test_markdown_markup_is_removed() -> None:
    raw = "II- NỘI DUNG TUYÊN TRUYỀN *(có đề cương kèm theo)*\n**K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC**"
    assert normalize(raw).text.split("\n") == [
        "II- NỘI DUNG TUYÊN TRUYỀN (có đề cương kèm theo)",
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
    ]


def test_page_numbers_and_page_break_glue() -> None:
    raw = "- Tuyên truyền về vai trò của\n\n2\n\nĐảng trong hệ thống chính trị củaĐảng bộ\n- Lưu Văn phòng Tỉnhủy."
    out = normalize(raw)
    assert out.text.split("\n") == [
        "- Tuyên truyền về vai trò của Đảng trong hệ thống chính trị của Đảng bộ",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]
    assert "page-break glue" in out.repairs
    # loanwords are not split
    assert normalize("chủ nghĩa Mác - Lênin, pa nô, panô").text == "chủ nghĩa Mác - Lênin, pa nô, panô"


def test_the_offset_map_points_back_at_the_raw_text(sample_paths) -> None:
    for path in sample_paths.values():
        raw = path.read_text(encoding="utf-8")
        norm = normalize(raw)
        checked = 0
        for i, ch in enumerate(norm.text):
            if not ch.isalnum() or i % 7:
                continue
            r = norm.mapped.to_raw(i)
            assert fold(raw[r]) == fold(ch), (path.name, i, ch, raw[r])
            checked += 1
        assert checked > 500


@given(
    st.lists(
        st.sampled_from(["Huyện ủy", "xây dựng", "Đảng", "ƣớc", "39 -KH/ĐUK", "\n\n", "  ", "- ", "1.1. "]),
        max_size=40,
    )
)
def test_the_map_is_total_and_monotone(parts: list[str]) -> None:
    raw = " ".join(parts)
    norm = normalize(raw)
    previous = -1
    for i in range(len(norm.text)):
        r = norm.mapped.to_raw(i)
        assert 0 <= r <= len(raw)
        assert r >= previous
        previous = r


def test_fold_is_the_one_comparison_form() -> None:
    assert fold("Xây dựng Đảng") == "xay dung dang"
    assert fold("Huyện uỷ") == fold("Huyện ủy") == "huyen uy"
    assert len(fold("Trường Sa đảo")) == len("Trường Sa đảo")
    assert unify_tone("hòa bình, Huyện ủy") == "hoà bình, Huyện uỷ"


def test_headings_mixing_capitals_and_typed_lower_case_stand_on_their_own_lines() -> None:
    # vip-qd256-2004 (TCVN3, the `.VnTimeH` capitals lost by a converter that ignores fonts): the
    # place-date line, the type line, the subject and the body's name must not run together
    raw = (
        "TP.Cần Thơ, ngày 01 tháng 7 năm 2004\n"
        "QUYẾT ĐỊNH của ỦY BAN NHÂN DÂN THÀNH PHỐ cần thơ\n"
        "V/v ban hành Chương trình Cải cách hành chính của thành phố Cần Thơ giai đoạn 2004 - 2010\n"
        "ỦY BAN NHÂN DÂN THÀNH PHỐ Cần Thơ\n"
        "Căn cứ Luật Tổ chức Hội đồng nhân dân và ủy ban nhân dân ngày 26/11/2003;\n"
    )
    lines = normalize(raw).text.split("\n")
    assert lines[:4] == raw.split("\n")[:4]
    # a sentence that wraps onto a line opening with an acronym still joins
    assert normalize("đề nghị của Sở Nội vụ và\nUBND TỈNH về việc này.").text.count("\n") == 0


def test_an_outline_label_alone_on_its_line_takes_the_next_line():
    """A web copy of a Lai Châu plan prints `**1.****` / `**Trên cơ sở …`: the label `1.` alone on a
    line; its text is the next line, so the item is read (not a bare `1.` run into the heading)."""
    from kehoach.normalize import normalize

    text = "II. NỘI DUNG KẾ HOẠCH\n**1.****\n**Trên cơ sở tài liệu do Trung ương biên soạn, các cơ quan tổ chức tuyên truyền.\n"
    assert "\n1. Trên cơ sở tài liệu do Trung ương biên soạn" in normalize(text).text


def test_a_legal_label_wrapped_inside_its_bold_run_is_one_line() -> None:
    """Web copies of a Quy chế (fresh5 5b692e23 QĐ 82/2025 Bắc Ninh, 051c5961 QĐ 165/2025 Ninh Bình)
    wrap inside the bold run: `**Chương\\nI**`, `**Điều\\n1. Phạm vi điều chỉnh**`. The label is one
    line, opening its own paragraph after the annex's `(Ban hành kèm theo …)` line."""
    raw = (
        "*(Ban hành kèm theo Quyết định số: /2025/QĐ-UBND\nngày tháng 11 năm 2025 của ủy ban nhân dân tỉnh"
        " Bắc Ninh)*\n\n**Chương\nI**\n\n**QUY ĐỊNH CHUNG**\n\n**Điều\n1. Phạm vi điều chỉnh**\n\n"
        "1. Quy chế này quy định việc\nquản lý, sử dụng và khai thác Phần mềm.\n"
    )
    lines = normalize(raw).text.split("\n")
    assert "Chương I" in lines
    assert "Điều 1. Phạm vi điều chỉnh" in lines
    assert lines[lines.index("Điều 1. Phạm vi điều chỉnh") + 1].startswith("1. Quy chế này")
    # a sentence that wraps before `Điều` + `này` is not a label
    text = normalize("quy định tại khoản 1, 2 Điều\nnày.\n").text
    assert text == "quy định tại khoản 1, 2 Điều này."


def test_digital_so_ending_a_line_is_no_number_to_come() -> None:
    """`chữ ký số` (digital signature) ends a chapter title and an article's title in QĐ 165/2025 Ninh
    Bình (fresh5 051c5961): the next line is `Điều 8.` or `1. Các loại hình …`, not a number after
    `số`. A type word's `số` still waits for its number (`Chỉ thị số` / `26-CT/TU`)."""
    raw = "CHƯƠNG II\nQUẢN LÝ, SỬ DỤNG\nCHỨNG THƯ CHỮ KÝ SỐ\n\nĐiều 8.\nNguyên tắc quản lý, sử dụng Chứng thư chữ ký số\n\n1. Các loại hình giao dịch điện tử.\n"
    lines = normalize(raw).text.split("\n")
    assert "Điều 8." in lines and "1. Các loại hình giao dịch điện tử." in lines
    assert (
        normalize("Thực hiện Chỉ thị số\n26-CT/TU của Tỉnh ủy.\n").text
        == "Thực hiện Chỉ thị số 26-CT/TU của Tỉnh ủy."
    )
    assert normalize("theo Quyết định số\n125/QĐ-UBND ngày 5/5/2025.\n").text.startswith(
        "theo Quyết định số 125/QĐ-UBND"
    )


def test_cyrillic_lookalikes_inside_latin_words_become_latin() -> None:
    """A web copy of Thông báo 661/TB-VPCP (fresh5 7a9d1db2) prints `cơ quan thuộc CР` with a Cyrillic
    `Р`: searched or compared, it is `CP`. A word wholly in Cyrillic stays as printed."""
    assert normalize("- Các Bộ, cơ quan ngang bộ, cơ quan thuộc C\u0420;\n").text.endswith("thuộc CP;")
    assert normalize("Москва").text == "Москва"


def test_a_header_name_and_a_type_line_broken_after_their_first_word():
    """Nghị quyết 36/2025/NQ-HĐND Huế (fresh6 3066a06b, web copy): `**HỘI\\nĐỒNG NHÂN DÂN**`,
    `**NGHỊ\\nQUYẾT**`, and italic bases closed after a blank (`…/QH15; *`)."""
    raw = (
        "|\n**HỘI\nĐỒNG NHÂN DÂN**\nTHÀNH PHỐ HUẾ\n-------\n|\nSố: 36/2025/NQ-HĐND\n|\n\n**NGHỊ\nQUYẾT**\n\n"
        "QUY ĐỊNH VỀ CHÍNH SÁCH HỌC PHÍ\n\n*Căn cứ Luật Tổ chức chính quyền địa phương số\n72/2025/QH15; *\n"
    )
    lines = normalize(raw).text.split("\n")
    assert lines[0] == "HỘI ĐỒNG NHÂN DÂN"
    assert "NGHỊ QUYẾT" in lines
    assert lines[-1] == "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;"
