"""Header and closing rules written from the ninth evaluation set's misses (session 9), on snippets of
its documents (shapes kept, web copies' line breaks included)."""

from __future__ import annotations

from kehoach.parse.closing import is_person_name, name_at_start
from kehoach.pipeline import process_text

LETTER = """VĂN PHÒNG CHÍNH PHỦ
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 11306/VPCP-NN
V/v
đề xuất giải pháp tháo gỡ khó khăn trong việc triển khai Nghị định
136/2025/NĐ-CP
Hà Nội, ngày 18 tháng 11 năm 2025
Kính gửi: Bộ Nông nghiệp và Môi trường.

Xét đề nghị của Hiệp hội, Phó Thủ tướng có ý kiến như sau: Bộ Nông nghiệp và Môi trường chủ trì xử lý.

Nơi nhận:
- Như trên;
- Bộ Tư pháp;
- Hiệp hội Thức ăn Chăn nuôi (thay trả lời);
- Các đơn vị: CSL, PC, ĐCTC, QLN. PTHT, PTDNNN -
BTC;
- Lưu: VT, NN (2), Loan.
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Phạm Mạnh Cường
"""


def test_a_letters_subject_ends_on_the_number_it_names_and_the_issuer_is_the_office():
    # fresh9 1a814c71716d3047 (CV 11306/VPCP-NN)
    doc = process_text(LETTER)
    assert doc.issuer == "Văn phòng Chính phủ"
    assert doc.title == "đề xuất giải pháp tháo gỡ khó khăn trong việc triển khai Nghị định 136/2025/NĐ-CP"


def test_a_reply_in_place_of_an_answer_is_a_purpose_and_a_dash_wraps_a_recipient():
    # fresh9 1a814c71716d3047 and 416ea29602e7fef9 (CV 5662/CT-CS)
    doc = process_text(LETTER)
    assert [(r.name, r.purpose) for r in doc.recipients] == [
        ("Như trên", None),
        ("Bộ Tư pháp", None),
        ("Hiệp hội Thức ăn Chăn nuôi", "trả lời"),
        ("Các đơn vị: CSL, PC, ĐCTC, QLN. PTHT, PTDNNN - BTC", None),
    ]
    assert doc.filing == "Lưu: VT, NN (2), Loan"
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "KT. BỘ TRƯỞNG, CHỦ NHIỆM",
        "PHÓ CHỦ NHIỆM",
        "Phạm Mạnh Cường",
    )


def test_a_signers_name_run_into_the_page_text_ends_before_a_lower_case_word():
    # fresh9 7bcbaa914bb254d9 (QĐ 210/2025/QĐ-UBND Hải Phòng): `đ`, `ị` are lower case letters
    assert name_at_start("Trần Văn Quân Quyết định 210/2025/QĐ-UBND phân cấp thẩm quyền") == "Trần Văn Quân"
    assert is_person_name("Nguyễn Thị Đào") and not is_person_name("Nguyễn thị đào")


def test_a_dispatch_without_header_is_sent_by_the_body_its_formula_names():
    # fresh9 3143124c69d932d4 (Công điện 219/CĐ-TTg, a copy without header)
    doc = process_text(
        "CÔNG ĐIỆN\nV/V TẬP TRUNG ỨNG PHÓ VÀ KỊP THỜI KHẮC PHỤC HẬU QUẢ MƯA LŨ TẠI KHU VỰC TRUNG BỘ\n"
        "THỦ TƯỚNG CHÍNH PHỦ điện:\n- Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ;\n"
        "- Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia.\n"
        "Mưa to đến rất to trên diện rộng đã gây lũ lớn.\n1. Các địa phương tập trung khắc phục hậu quả.\n"
        "THỦ TƯỚNG\nPhạm Minh Chính\n"
    )
    assert doc.issuer == "Thủ tướng Chính phủ"
    assert doc.field_origins["issuer"].source == "preamble"


def test_a_government_resolution_without_header_is_issued_by_the_government():
    # fresh9 53a2def6c64d24fe (a Nghị quyết of the Government, copy without header)
    doc = process_text(
        "NGHỊ QUYẾT\nVỀ TÁCH NỘI DUNG BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ THÀNH DỰ ÁN ĐỘC LẬP\n"
        "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\nTheo đề nghị của Bộ trưởng Bộ Tài chính;\n"
        "Chính phủ ban hành Nghị quyết về tách nội dung bồi thường, hỗ trợ, tái định cư.\n"
        "Điều 1. Phạm vi điều chỉnh\nNghị quyết này quy định việc tách dự án.\n"
        "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nBùi Thanh Sơn\n"
    )
    assert doc.issuer == "Chính phủ"
    assert "issuer" in doc.inferred


def test_a_circular_without_header_is_issued_by_the_ministry_of_its_minister():
    # the enacting sentence of a Thông tư (fresh9 7a366df87c42d3de's shape, header cut off)
    doc = process_text(
        "THÔNG TƯ\nBÃI BỎ THÔNG TƯ SỐ 73/2017/TT-BTC\nCăn cứ Nghị định số 29/2025/NĐ-CP của Chính phủ;\n"
        "Bộ trưởng Bộ Tài chính ban hành Thông tư bãi bỏ Thông tư số 73/2017/TT-BTC.\n"
        "Điều 1. Bãi bỏ Thông tư số 73/2017/TT-BTC.\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn Thắng\n"
    )
    assert doc.issuer == "Bộ Tài chính"


def test_an_ocr_date_without_spaces_and_a_subject_in_brackets():
    # the held-out scan uit-tb01 (its OCR text, shape kept): `ngày22tháng`, `(V/v …)` under the type line
    doc = process_text(
        "ĐẠI HỌC QUỐC GIA TP.HCM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG ĐẠI HỌC\nĐộc lập Tự do Hạnh phúc\n"
        "CÔNG NGHỆ THÔNG TIN\nTp. Hồ Chí Minh, ngày22tháng 01 năm 2013\nSố: 01/TB-BGH\nTHÔNG BÁO\n"
        "(V/v Tăng cường giám sát trong phòng thi)\nHiện nay Phòng Công tác Sinh viên đề nghị:\n"
        "1. Cho phép sinh viên mang balô vào phòng thi.\n"
    )
    assert (doc.place, doc.date) == ("Tp. Hồ Chí Minh", "2013-01-22")
    assert doc.title == "V/v Tăng cường giám sát trong phòng thi"
