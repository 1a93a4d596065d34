"""Citation rules written from the ninth evaluation set's misses (session 9), on its snippets: a
document named only inside the title of the document cited before it is not cited of its own
(FIXTURES.md), whether a law of a title's list or a numbered decree."""

from __future__ import annotations

from kehoach.refs import extract_references


def _cited(text: str) -> list[str]:
    return [r.number_symbol or r.title or r.key for r in extract_references(text) if not r.programme]


def test_the_laws_a_numbered_amending_law_lists_in_its_title_are_not_cited():
    # fresh9 14d45619867d65a2 (QĐ 2638/QĐ-UBND Đà Nẵng): the number first, then its title's list
    text = (
        "Căn cứ Luật số 56/2024/QH15 ngày 29 tháng 11 năm 2024 về sửa đổi, bổ sung một số điều của Luật: "
        "Chứng khoán, Kế toán, Kiểm toán độc lập, Ngân sách nhà nước, Quản lý, sử dụng tài sản công, Quản lý "
        "thuế, Thuế thu nhập cá nhân, Luật Dự trữ quốc gia, Luật Xử lý vi phạm hành chính;\n"
        "Căn cứ Luật số 57/2024/QH15 ngày 29 tháng 11 năm 2024 của Quốc hội ban hành Luật sửa đổi, bổ sung một "
        "số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu;\n"
        "Căn cứ Luật số 90/2025/QH15 ngày 25 tháng 6 năm 2025 về sửa đổi, bổ sung một số điều của Luật Đấu thầu, "
        "Luật đầu tư theo phương thức đối tác công tư, Luật Hải quan, Luật Thuế giá trị gia tăng, Luật Thuế xuất "
        "khẩu, thuế nhập khẩu, Luật Đầu tư, Luật Đầu tư công, Luật Quản lý, sử dụng tài sản công;\n"
        "Căn cứ Luật Quản lý, sử dụng tài sản công ngày 21 tháng 6 năm 2017;\n"
    )
    assert _cited(text) == [
        "56/2024/QH15",
        "57/2024/QH15",
        "90/2025/QH15",
        "Luật Quản lý, sử dụng tài sản công",
    ]


def test_a_decree_named_in_the_title_of_the_decree_amending_it_is_not_cited():
    # fresh9 7a366df87c42d3de (TT 111/2025/TT-BTC), the web copy's line breaks kept
    text = (
        "Căn cứ Nghị định số 187/2025/NĐ-CP ngày 01 tháng 7 năm 2025 của Chính phủ sửa đổi, bổ sung một số "
        "điều của Nghị định\nsố 78/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của\nChính phủ quy định chi tiết một "
        "số điều và biện pháp để tổ chức, hướng dẫn thi hành Luật Ban hành văn bản quy phạm pháp luật và Nghị "
        "định số 79/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ về kiểm tra, rà soát văn bản;\n"
        "Căn cứ Nghị định số 29/2025/NĐ-CP ngày 24 tháng 02 năm 2025 của Chính phủ;\n"
    )
    assert _cited(text) == ["187/2025/NĐ-CP", "29/2025/NĐ-CP"]


def test_a_decree_after_a_title_whose_subject_is_a_class_is_cited():
    # tnt-qd4831-2025-bnnmt (dev): `của các nghị định liên quan …` names no one; `và Nghị định số 92/2017` is
    # the next document of the Căn cứ list
    text = (
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành "
        "chính; Nghị định số 48/2013/NĐ-CP ngày 14 tháng 5 năm 2013 của Chính phủ sửa đổi, bổ sung một số điều "
        "của các nghị định liên quan đến kiểm soát thủ tục hành chính và Nghị định số 92/2017/NĐ-CP ngày 07 "
        "tháng 8 năm 2017 của Chính phủ sửa đổi, bổ sung một số điều của các nghị định liên quan;\n"
    )
    assert _cited(text) == ["63/2010/NĐ-CP", "48/2013/NĐ-CP", "92/2017/NĐ-CP"]


def test_letters_numbered_by_a_company_are_cited_after_a_letter_word():
    # fresh9 416ea29602e7fef9 (CV 5662/CT-CS), 6a73c878c777ca23 (CV 37951/CHQ-GSQL), 29825a0f7313b49a
    refs = extract_references(
        "Cục Thuế nhận được công văn số 4814/CCTKV.05-TTKT3 ngày 30/06/2025 của Chi Cục Thuế Khu vực V (nay "
        "là Thuế thành phố Hải Phòng) và công văn số JHDPC/2025/276 ngày 5/9/2025 của Công ty TNHH Điện lực "
        "Jaks Hải Dương về chính sách thuế. Trả lời công văn số 107/2025 ngày 05/11/2025 của Công ty TNHH "
        "Hanesbrands Việt Nam; trả lời công văn số 1025-CVHQ ngày 10/10/2025 của Công ty TNHH Sunrise."
    )
    assert [(r.number_symbol, r.doc_type, r.date, r.issuer) for r in refs] == [
        ("4814/CCTKV.05-TTKT3", "Công văn", "2025-06-30", "Chi Cục Thuế Khu vực V"),
        ("JHDPC/2025/276", "Công văn", "2025-09-05", "Công ty TNHH Điện lực Jaks Hải Dương"),
        ("107/2025", "Công văn", "2025-11-05", "Công ty TNHH Hanesbrands Việt Nam"),
        ("1025-CVHQ", "Công văn", "2025-10-10", "Công ty TNHH Sunrise"),
    ]
    # without a letter word and `số` such tokens are quantities or codes
    assert extract_references("Năm 2025 có 107/2025 hồ sơ; mã hàng 1025-CVHQ.") == []


def test_a_law_named_then_numbered_without_so_is_one_law():
    # fresh9 29825a0f7313b49a
    refs = extract_references(
        "nghiên cứu quy định tại khoản 6 Điều 16 Luật Thuế xuất khẩu, thuế nhập khẩu 107/2016/QH13, khoản 1 "
        "Điều 11 Nghị định số 134/2016/NĐ-CP; Điều 3 Luật Thuế giá trị gia tăng số 48/2024/QH15."
    )
    assert [(r.number_symbol, r.title) for r in refs] == [
        ("107/2016/QH13", "Luật Thuế xuất khẩu, thuế nhập khẩu"),
        ("134/2016/NĐ-CP", None),
        ("48/2024/QH15", "Luật Thuế giá trị gia tăng"),
    ]


def test_a_bill_is_not_a_law_cited():
    # fresh9 1a814c71716d3047 (CV 11306/VPCP-NN)
    text = (
        "đề xuất phương án xử lý trong quá trình hoàn thiện dự thảo dự án Luật sửa đổi, bổ sung một số điều "
        "của 15 luật trong lĩnh vực nông nghiệp và môi trường; theo dự thảo Luật Đất đai (sửa đổi). Căn cứ "
        "Luật Đất đai ngày 18/01/2024;"
    )
    assert _cited(text) == ["Luật Đất đai"]


def _relations(text: str) -> dict[str, str]:
    return {r.number_symbol or r.title or r.key: r.relation for r in extract_references(text)}


def test_what_a_dispatch_follows_up_and_what_a_title_is_issued_with_are_mentioned():
    # fresh9 15e6fb3d3f3b2644 (Công điện 223/CĐ-TTg): `tiếp theo` the earlier dispatches; the issuing
    # sentence of a dispatch is the one before `yêu cầu:`
    assert _relations(
        "Để tập trung ứng phó mưa lũ, tiếp theo các Công điện số 217/CĐ-TTg, 218/CĐ-TTg và 222/CĐ-TTg ngày "
        "19/11/2025, Thủ tướng Chính phủ yêu cầu:\n1. Các bộ triển khai ngay."
    ) == {"217/CĐ-TTg": "mentions", "218/CĐ-TTg": "mentions", "222/CĐ-TTg": "mentions"}
    # fresh9 0eb3b8713cadea8f (NQ 33/2025 Huế): the regulation `kèm theo` the resolution it amends
    assert _relations(
        "NGHỊ QUYẾT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA QUY ĐỊNH KÈM THEO NGHỊ QUYẾT SỐ 09/2022/NQ-HĐND NGÀY 14 "
        "THÁNG 7 NĂM 2022\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
    ) == {"09/2022/NQ-HĐND": "mentions", "Luật Tổ chức chính quyền địa phương": "based_on"}


def test_a_letters_subject_line_and_another_letters_subject_are_mentioned():
    # fresh9 1a814c71716d3047 (CV 11306/VPCP-NN)
    assert _relations(
        "Số: 11306/VPCP-NN V/v đề xuất giải pháp tháo gỡ khó khăn trong việc triển khai Nghị định\n"
        "136/2025/NĐ-CP\nHà Nội, ngày 18 tháng 11 năm 2025\nKính gửi: Bộ Nông nghiệp và Môi trường.\n"
        "Xét văn bản số 16/CV-HHTACN của Hiệp hội về việc đề xuất giải pháp tháo gỡ khó khăn trong việc triển "
        "khai Nghị định số 136/2025/NĐ-CP, Phó Thủ tướng có ý kiến như sau:"
    ) == {"136/2025/NĐ-CP": "mentions", "16/CV-HHTACN": "mentions"}


def test_documents_and_programmes_named_in_a_cited_documents_title_are_not_cited_apart():
    # fresh10 329d9e978debfeec (QĐ 2830/QĐ-UBND Đồng Nai, a list of repealed decisions) and 346647ab456312c0
    text = (
        "6. Quyết định số 102/1999/QĐ-UB ngày 13 tháng 5 năm 1999 của Ủy ban nhân dân tỉnh Bình Phước về việc "
        "Thành lập Ban chỉ đạo thực hiện Quyết định 19/1999/QĐ-TTg của Thủ tướng Chính phủ.\n"
        "33. Quyết định số 112/2005/QĐ-UB ngày 29 tháng 9 năm 2005 của Ủy ban nhân dân tỉnh Bình Phước Ban hành "
        "Chương trình hành động thực hiện Nghị quyết số 46-NQ/TW của Bộ chính trị.\n"
        "53. Quyết định số 34/2007/QĐ-UB ngày 06 tháng 7 năm 2007 của Ủy ban nhân dân tỉnh Bình Phước Sửa đổi "
        "Quyết định\nsố 31/2007/QĐ-UBND ngày 15 tháng 6 năm 2007 của Ủy ban nhân dân tỉnh Bình Phước.\n"
        "8. Quyết định số 170/2006/QĐ-TTg ngày 18 tháng 7 năm 2006 của Thủ tướng Chính phủ về việc phê duyệt "
        "Chương trình xúc tiến du lịch quốc gia giai đoạn 2009 - 2010.\n"
    )
    refs = extract_references(text)
    assert [r.number_symbol for r in refs] == [
        "102/1999/QĐ-UB",
        "112/2005/QĐ-UB",
        "34/2007/QĐ-UB",
        "170/2006/QĐ-TTg",
    ]
    # named in its own right, the same document is cited
    assert "19/1999/QĐ-TTg" in _cited(text + "Căn cứ Quyết định số 19/1999/QĐ-TTg của Thủ tướng Chính phủ;\n")


def test_a_universitys_name_is_no_law():
    # fresh10 6f76eaad0b5b95d8 (TT 23/2025/TT-BTP)
    assert (
        extract_references("3. Hiệu trưởng Trường Đại học Luật Hà Nội quyết định cử đi đào tạo, bồi dưỡng.")
        == []
    )
