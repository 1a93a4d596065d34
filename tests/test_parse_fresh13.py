"""Rules written from the thirteenth evaluation set's misses (session 10), on snippets of its documents."""

from __future__ import annotations

from kehoach.normalize import normalize
from kehoach.refs import extract_references


def test_a_term_or_an_article_number_wrapped_onto_its_own_line_stays_in_the_sentence():
    # fresh13 fe168907f6107711 (HD 45-HD/BTCTW): `… Quốc hội tỉnh khóa` / `XVII.`, `*(Khoản 1, Điều` / `24):*`
    text = normalize(
        "Trưởng đoàn đại biểu Quốc hội tỉnh khóa\nXVII.\n\nĐồng chí Nguyễn Văn Y, Ủy viên Ban Chấp hành.\n"
        "4. Thời điểm\nxây dựng quy hoạch cán bộ nhiệm kỳ kế tiếp *(Khoản 1, Điều\n24):*\n\n4.1. Xây dựng quy hoạch.\n"
    ).text
    lines = text.splitlines()
    assert lines[0] == "Trưởng đoàn đại biểu Quốc hội tỉnh khóa XVII."
    assert lines[2].startswith("4. Thời điểm xây dựng") and lines[2].endswith("Điều 24):")
    assert lines[3].startswith("4.1. Xây dựng")


def test_a_law_named_with_a_list_after_its_and_and_one_named_before_by_whom():
    # fresh13 9119d84f0b18ca45 (NQ 76/2025/NQ-HĐND Hà Nội) and 45cc2b3cda45b66c (NQ 377/NQ-CP)
    refs = extract_references(
        "các đối tượng quy định tại Điều 8 Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ. Dự án Pháp lệnh sửa "
        "đổi, bổ sung một số điều của Pháp lệnh Cảnh sát môi trường do Bộ Công an trình. Theo Luật Ngân sách "
        "nhà nước, cụ thể: bố trí kinh phí."
    )
    assert [r.title for r in refs] == [
        "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        "Pháp lệnh Cảnh sát môi trường",
        "Luật Ngân sách nhà nước",
    ]


def test_a_master_plan_numbered_in_its_series_is_named():
    # fresh13 ad0066b8d39e5c85 (TB 653/TB-VPCP): `… đã đề ra trong Điều chỉnh Quy hoạch điện VIII, đề nghị:`
    refs = extract_references(
        "Để bảo đảm các mục tiêu đã đề ra trong Điều chỉnh Quy hoạch điện VIII, đề nghị:"
    )
    assert [(r.title, r.programme) for r in refs] == [("Quy hoạch điện VIII", True)]
    # … a master plan with neither its period nor its number stays a planning task
    assert extract_references("lập Quy hoạch chung xây dựng khu đô thị mới") == []
