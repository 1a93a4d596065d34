"""Quoted passages in an amending document: their labels are the amended document's, and a quote
whose closing mark was lost ends before the document's own next article (fresh9 0eb3b8713cadea8f,
NQ 33/2025/NQ-HĐND of Huế, shape kept)."""

from __future__ import annotations

from kehoach.pipeline import process_text

AMENDING = """HỘI ĐỒNG NHÂN DÂN
THÀNH PHỐ HUẾ
Số: 33/2025/NQ-HĐND
Huế, ngày 18 tháng 11 năm 2025

NGHỊ QUYẾT
Sửa đổi, bổ sung một số điều của Quy định kèm theo Nghị quyết số 09/2022/NQ-HĐND

HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HUẾ
QUYẾT NGHỊ:

Điều 1. Sửa đổi, bổ sung khoản 2 Điều 12 như sau:
“2. Tỷ lệ vốn đối ứng của ngân sách địa phương:
a) Đối với các xã nghèo: 35%.
b) Đối với các công trình do sở, ban, ngành làm chủ đầu tư thì ngân sách thành phố chịu trách nhiệm.
c) Đối với các công trình do Ủy ban nhân dân cấp xã làm chủ đầu tư, thành phố xem xét hỗ trợ.
Điều 2. Thay thế, bãi bỏ một số từ, cụm từ của Quy định
1. Thay thế cụm từ “tỉnh Thừa Thiên Huế” bằng cụm từ “thành phố Huế” tại Điều 1.
2. Thay thế cụm từ “các huyện” bằng cụm từ “các xã, phường” tại khoản 1 Điều 2.
3. Bãi bỏ điểm c khoản 2 Điều 9.
Điều 3. Điều khoản thi hành
Nghị quyết này có hiệu lực từ ngày 28 tháng 11 năm 2025.
"""


def test_a_quote_left_open_ends_before_the_next_article_of_the_document():
    doc = process_text(AMENDING)
    got = [(n.id, [c.id for c in n.children]) for n in doc.outline]
    assert got == [("D1", []), ("D2", ["D2.1", "D2.2", "D2.3"]), ("D3", [])]
    assert "a) Đối với các xã nghèo" in doc.outline[0].text  # the amended clause's points: Điều 1's text


def test_a_quoted_article_of_the_amended_document_is_no_article_of_this_one():
    doc = process_text(
        AMENDING.replace(
            "Điều 1. Sửa đổi, bổ sung khoản 2 Điều 12 như sau:\n“2.",
            "Điều 1. Sửa đổi, bổ sung Điều 12 như sau:\n“Điều 12. Vốn đối ứng\n2.",
        )
    )
    assert [n.id for n in doc.outline] == ["D1", "D2", "D3"]


def test_a_chapter_keyword_in_lower_case_at_a_lines_start_is_a_wrapped_sentence():
    # fresh9 6a73c878c777ca23 (CV 37951/CHQ-GSQL): a web copy's hard wrap before `chương 84 và 85` (HS chapters)
    doc = process_text(
        "Kính gửi: Công ty TNHH Hanesbrands Việt Nam.\n"
        "1. Theo quy định tại Quyết định số 18/2019/QĐ-TTg thì quy định này chỉ điều chỉnh đối với máy móc có mã "
        "số hàng hóa (HS) thuộc\nchương 84 và 85 quy định tại Danh mục hàng hóa xuất nhập khẩu Việt Nam.\n"
        "2. Về thủ tục hải quan: Công ty thực hiện theo quy định.\n"
    )
    assert [n.id for n in doc.outline] == ["1", "2"]
    assert "chương 84 và 85" in doc.outline[0].text
