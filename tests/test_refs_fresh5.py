"""Citation rules written from the fifth evaluation set (fresh5, development data since it was
measured): amending laws that list the laws they amend, laws named only in a cited document's title,
`Triển khai thực hiện` lists, and the grounds a letter's body states with `Căn cứ`."""

from __future__ import annotations

from kehoach.pipeline import process_text
from kehoach.refs import extract_references


def _by_key(text: str) -> dict[str, str]:
    return {(r.number_symbol or r.key): r.relation for r in extract_references(text)}


def test_an_amending_law_listing_the_laws_it_amends_is_one_document():
    """QĐ 82/2025/QĐ-UBND Bắc Ninh (fresh5 5b692e23) names the omnibus law 90/2025/QH15 by its full
    title, the amended laws listed with commas (one of them, `Luật Thuế xuất khẩu, thuế nhập khẩu`,
    with a comma of its own): one citation, numbered; none of the laws its title lists."""
    text = (
        "Căn cứ Luật Quản lý, sử dụng tài sản công số 15/2017/QH14;\n"
        "Điều 1. Tài sản kết cấu hạ tầng theo quy định tại khoản 2 Điều 4 Luật Quản lý, sử dụng tài sản công"
        " số 15/2017/QH14 (được sửa đổi, bổ sung bởi điểm a khoản 12 Điều 8 Luật sửa đổi, bổ sung một số điều"
        " của Luật Đấu thầu, Luật Đầu tư theo phương thức đối tác công tư, Luật Hải quan, Luật Thuế giá trị gia"
        " tăng, Luật Thuế xuất khẩu, thuế nhập khẩu, Luật Đầu tư, Luật Đầu tư công, Luật Quản lý, sử dụng tài"
        " sản công số 90/2025/QH15).\n"
    )
    keys = _by_key(text)
    assert "90/2025/QH15" in keys and "15/2017/QH14" in keys
    assert not any(k.startswith("named:") for k in keys), keys


def test_amended_laws_in_lower_case_end_on_the_date():
    """QĐ 44/2025/QĐ-UBND Quảng Ngãi (fresh5 150d48a0): `Luật sửa đổi, bổ sung một số điều của luật đấu
    thầu, …, luật quán lý, sử dụng tài sản công ngày 25 tháng 6 năm 2025` — lower case, one misspelt:
    one law, dated, a basis."""
    text = (
        "Căn cứ Luật sửa đổi, bổ sung một số điều của luật đấu thầu, luật đầu tư theo phương thức đối tác công"
        " tư, luật hải quan, luật thuế xuất khẩu, thuế nhập khẩu, luật đầu tư, luật quán lý, sử dụng tài sản"
        " công ngày 25 tháng 6 năm 2025;\n"
    )
    refs = extract_references(text)
    assert len(refs) == 1
    assert refs[0].date == "2025-06-25" and refs[0].relation == "based_on"
    assert refs[0].title.startswith("Luật sửa đổi, bổ sung một số điều của luật đấu thầu")


def test_a_law_named_only_in_a_cited_decrees_title_is_not_cited():
    """Công văn 5491/CT-CS (fresh5 6306120a): `Nghị định số 181/2025/NĐ-CP … quy định chi tiết thi hành
    một số điều của Luật Thuế GTGT` cites the decree; the law is its subject. Named in its own right,
    a law is cited; `thi hành Luật bao gồm:` names none."""
    text = (
        "Căn cứ khoản 1 Điều 9 Nghị định số 181/2025/NĐ-CP ngày 01/7/2025 của Chính phủ quy định chi tiết"
        " thi hành một số điều của Luật Thuế GTGT;\n"
        "Các nội dung hỗ trợ thi hành Luật bao gồm: tập huấn.\n"
    )
    assert set(_by_key(text)) == {"181/2025/NĐ-CP"}
    assert "named:luat-dat-dai" in _by_key("Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;\n")


def test_trien_khai_thuc_hien_implements_every_document_of_its_list():
    """310/KH-UBND Hà Nội (fresh5 31786b08): `Triển khai thực hiện Nghị quyết số 57-NQ/TW …; Nghị quyết
    số 03/NQ-CP … về ban hành Chương trình hành động … thực hiện Nghị quyết số 57-NQ/TW …; Quyết định số
    1132/QĐ-TTg …;` — each listed document is implemented, whatever the titles between name."""
    text = (
        "KẾ HOẠCH\nPhát triển hạ tầng 5G\n"
        "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển"
        " khoa học; Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ về ban hành Chương trình hành động"
        " của Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Quyết định số"
        " 1132/QĐ-TTg ngày 09/10/2024 của Thủ tướng Chính phủ về việc phê duyệt Chiến lược hạ tầng số;"
        " UBND Thành phố ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"
    )
    got = {r.number_symbol: r.relation for r in process_text(text).references}
    assert got == {"57-NQ/TW": "implements", "03/NQ-CP": "implements", "1132/QĐ-TTg": "implements"}


def test_a_letters_body_grounds_are_bases():
    """Công văn 5348/CT-CS (fresh5 005d8820) answers `Căn cứ tại Điều 34 Luật Doanh nghiệp …`, `Căn cứ
    khoản 3 Điều 18 Thông tư số 130/2016/TT-BTC …`; Công điện 234/CĐ-TTg (692e12b0) `Căn cứ chỉ đạo của
    Bộ Chính trị tại thông báo số 99-TB/TW …, Nghị quyết 380/NQ-CP …`: bases. A document a later
    paragraph only names stays a mention."""
    text = (
        "Cục Thuế nhận được công văn của Công ty. Về vấn đề này, Cục Thuế có ý kiến như sau:\n"
        "Căn cứ khoản 3 Điều 18 Thông tư số 130/2016/TT-BTC ngày 12/8/2016 của Bộ Tài chính;\n"
        "Căn cứ chỉ đạo của Bộ Chính trị tại thông báo số 99-TB/TW ngày 21/11/2025, Nghị quyết 380/NQ-CP"
        " ngày 25/11/2025 của Chính phủ về các giải pháp khắc phục hậu quả thiên tai.\n"
        "Đề nghị Công ty nghiên cứu Nghị định số 126/2020/NĐ-CP để thực hiện.\n"
    )
    assert _by_key(text) == {
        "130/2016/TT-BTC": "based_on",
        "99-TB/TW": "based_on",
        "380/NQ-CP": "based_on",
        "126/2020/NĐ-CP": "mentions",
    }


# --- from the sixth evaluation set (fresh6, development data since it was measured) ---------------


def test_a_series_number_with_a_dot_and_a_state_numbers_own_year():
    """Thông báo 634/TB-VPCP (fresh6 24701a1c): `Nghị quyết số 66.4/2025/NQ-CP` (the Government's
    special resolutions of 2025 are numbered 66.1, 66.2 …); KH 153/KH-UBND Cần Thơ (24c7124e) dates
    `Nghị quyết số 163/2024/QH15 ngày 27 tháng 11 năm 2025` (misprinted) and elsewhere `27/11/2024`:
    the year printed in the number keys it, one document."""
    assert [
        r.number_symbol
        for r in extract_references("thực hiện theo Nghị quyết số 66.4/2025/NQ-CP đối với nội dung.\n")
    ] == ["66.4/2025/NQ-CP"]
    text = (
        "Nâng cao hiệu quả Nghị quyết số 163/2024/QH15 ngày 27 tháng 11 năm 2025 phê duyệt chủ trương.\n"
        "Theo Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội.\n"
    )
    assert [r.key for r in extract_references(text)] == ["163/2024/QH15@2024"]


def test_numbers_listed_in_brackets_after_a_plural_are_cited():
    """QĐ 4385/QĐ-BVHTTDL (fresh6 448306af): `Căn cứ Các Nghị định … (Số 37/2019/NĐ-CP ngày 07/5/2019,
    số 58/2023/NĐ-CP …)`, `…; các Quyết định của Bộ trưởng … (Số 1226/QĐ-BVHTTDL … và số 2657/QĐ-BVHTTDL
    …)`: a `(Số` in brackets is no header's own number; all are bases of the paragraph opening on `Căn cứ`;
    `Luật sửa đổi, bổ sung một số điều của 37 luật có liên quan đến quy hoạch` is one amending law."""
    text = (
        "Căn cứ Luật Quy hoạch ngày 24/11/2017; Luật sửa đổi, bổ sung một số điều của 37 luật có liên quan đến"
        " quy hoạch ngày 20/11/2018;\n"
        "Căn cứ Các Nghị định của Chính phủ quy định chi tiết thi hành một số điều của Luật Quy hoạch (Số"
        " 37/2019/NĐ-CP ngày 07/5/2019, số 58/2023/NĐ-CP ngày 12/8/2023);\n"
        "Căn cứ Quyết định số 991/QĐ-TTg ngày 16/9/2024 của Thủ tướng Chính phủ; các Quyết định của Bộ trưởng"
        " Bộ Văn hóa, Thể thao và Du lịch phê duyệt điều chỉnh (Số 1226/QĐ-BVHTTDL ngày 29/4/2025 và số"
        " 2657/QĐ-BVHTTDL ngày 29/7/2025);\n"
    )
    got = _by_key(text)
    for ns in ("37/2019/NĐ-CP", "58/2023/NĐ-CP", "991/QĐ-TTg", "1226/QĐ-BVHTTDL", "2657/QĐ-BVHTTDL"):
        assert got.get(ns) == "based_on", (ns, got)
    amending = [k for k in got if k.startswith("named:luat-sua-doi")]
    assert len(amending) == 1 and amending[0].startswith("named:luat-sua-doi-bo-sung-mot-so-dieu-cua-37-luat")


def test_a_programme_named_by_a_verb_or_a_conjunction_is_no_citation():
    """KH 153/KH-UBND Cần Thơ (fresh6 24c7124e): `các nội dung của Chương trình bảo đảm “rõ người, rõ
    việc”`, `Chương trình và kết quả cho các sở`: the type word is a sentence's subject, not a name."""
    text = (
        "Tổ chức triển khai thực hiện các nội dung của Chương trình bảo đảm “rõ người, rõ việc”.\n"
        "Báo cáo kết quả thực hiện Chương trình và kết quả cho các sở, ban, ngành.\n"
    )
    assert _by_key(text) == {}


def test_a_symbol_joined_with_an_ampersand_and_a_number_after_a_colon():
    """QĐ 98/2025/QĐ-UBND Quảng Ninh (fresh7 2dd703fa): `… của Sở Tư pháp: Số 294/BC-STP ngày 12 tháng 9
    năm 2025, số 1890/STP-VB&TDTHPL …`: `Số` after a colon is no header's own number, and `&` joins two
    parts of one symbol (`VB&TDTHPL`, `KH&CN`)."""
    text = "Xét báo cáo của Sở Tư pháp: Số 294/BC-STP ngày 12 tháng 9 năm 2025, số 1890/STP-VB&TDTHPL ngày 21/11/2025.\n"
    assert [r.number_symbol for r in extract_references(text)] == ["294/BC-STP", "1890/STP-VB&TDTHPL"]
