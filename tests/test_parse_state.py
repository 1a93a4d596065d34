"""State-style and mass-organisation headers (FORMAT.md), on small documents built for the test."""

from __future__ import annotations

from kehoach.pipeline import process_text

STATE_PLAN = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 125/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lâm Đồng, ngày 05 tháng 3 năm 2023
KẾ HOẠCH
Triển khai thực hiện Nghị định số 30/2020/NĐ-CP
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Thống nhất thể thức văn bản hành chính.
II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Hướng dẫn, kiểm tra việc thực hiện.
Nơi nhận:
- Bộ Nội vụ (b/c);
- Các sở, ban, ngành;
- Lưu: VT, NC.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
"""

FRONT_PLAN = """ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM
TỈNH LÂM ĐỒNG
Số: 16/KH-MTTQ-BTT
MẶT TRẬN TỔ QUỐC VIỆT NAM
Đà Lạt, ngày 12 tháng 7 năm 2022
KẾ HOẠCH
Tuyên truyền về công tác xây dựng Đảng năm 2022
I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao nhận thức của đoàn viên, hội viên.
Nơi nhận:
- Ban Dân vận Tỉnh ủy (để báo cáo);
- Lưu VT.
TM. BAN THƯỜNG TRỰC
CHỦ TỊCH
Trần Thị Hoa
"""


def test_state_number_place_date_and_signature() -> None:
    doc = process_text(STATE_PLAN)
    assert (doc.number, doc.symbol, doc.number_symbol) == ("125", "KH-UBND", "125/KH-UBND")
    assert doc.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"  # one body printed over two lines
    assert doc.issuer_parent is None
    assert (doc.place, doc.date) == ("Lâm Đồng", "2023-03-05")
    assert doc.title == "Triển khai thực hiện Nghị định số 30/2020/NĐ-CP"
    assert doc.implements is None  # a decree is a legal basis, not a parent plan
    assert [n.id for n in doc.nodes()] == ["I", "I.1", "II", "II.1", "II.1.-1"]
    assert [(r.name, r.purpose) for r in doc.recipients] == [
        ("Bộ Nội vụ", "báo cáo"),
        ("Các sở, ban, ngành", None),
    ]
    assert doc.filing == "Lưu: VT, NC"
    assert doc.signer.authority == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"
    assert doc.signer.position == "PHÓ CHỦ TỊCH"
    assert doc.signer.name == "Nguyễn Văn Bình"


def test_mass_organisation_number() -> None:
    doc = process_text(FRONT_PLAN)
    assert doc.number_symbol == "16/KH-MTTQ-BTT"
    assert (doc.place, doc.date) == ("Đà Lạt", "2022-07-12")
    assert doc.signer.authority == "TM. BAN THƯỜNG TRỰC"
    assert doc.signer.name == "Trần Thị Hoa"
    assert doc.recipients[0].purpose == "báo cáo"
