"""Rules written from the twelfth evaluation set's misses (session 10), on snippets of its documents
(shapes kept, the web copies' line breaks and emphasis marks included)."""

from __future__ import annotations

from kehoach.normalize import normalize
from kehoach.pipeline import process_text
from kehoach.refs import extract_references

STATE_AUDIT = """KIỂM TOÁN NHÀ NƯỚC
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số: 1760/QĐ-KTNN
|
*Hà Nội, ngày **24** tháng 11 năm
202**5*
|

**QUYẾT ĐỊNH**

BAN
HÀNH QUY ĐỊNH VỀ MẪU THẺ VÀ VIỆC QUẢN LÝ, SỬ DỤNG THẺ KIỂM TOÁN VIÊN NHÀ NƯỚC

**TỔNG KIỂM TOÁN NHÀ NƯỚC**

*Căn cứ Luật Kiểm toán nhà nước số 81/2015/QH13
ngày 24 tháng 6 năm 2015;*

**QUYẾT ĐỊNH:**

**Điều 1.**** **Ban
hành kèm theo Quyết định này Quy định về mẫu thẻ Kiểm toán viên nhà nước.

**Điều 2.**** **Quyết
định này có hiệu lực thi hành kể từ ngày ký./.

|
Nơi nhận:
-
Như Điều 3;
- Lãnh
đạo KTNN;
- Đảng ủy
KTNN;
- Lưu:
VT, Vụ TCCB.
|
**TỔNG KIỂM TOÁN NHÀ
NƯỚC**
**Ngô Văn Tuấn**
"""


def test_a_heads_authority_line_ends_the_title_and_wrapped_closing_lines_go_on():
    # fresh12 e5fc434ba0580ac0 (QĐ 1760/QĐ-KTNN): `TỔNG KIỂM TOÁN NHÀ NƯỚC` under the title decides; in the
    # closing `- Đảng ủy` / `KTNN;` is one recipient and `- Lưu:` / `VT, Vụ TCCB.` the filing
    doc = process_text(STATE_AUDIT)
    assert doc.title == "BAN HÀNH QUY ĐỊNH VỀ MẪU THẺ VÀ VIỆC QUẢN LÝ, SỬ DỤNG THẺ KIỂM TOÁN VIÊN NHÀ NƯỚC"
    assert [r.name for r in doc.recipients] == ["Như Điều 3", "Lãnh đạo KTNN", "Đảng ủy KTNN"]
    assert doc.filing == "Lưu: VT, Vụ TCCB"
    assert (doc.signer.position, doc.signer.name) == ("TỔNG KIỂM TOÁN NHÀ NƯỚC", "Ngô Văn Tuấn")


def test_a_letters_subject_ending_on_the_city_leaves_the_place_its_name():
    # fresh12 d97b35347d17f96f (CV 5095/SGDĐT-CTTTHSSV): `… trên địa bàn Thành phố*` / `|` / `*Hà Nội, ngày 03`
    text = (
        "UBND THÀNH PHỐ HÀ NỘI\n**SỞ GIÁO DỤC VÀ ĐÀO TẠO**\n-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 5095/SGDĐT-CTTTHSSV\n*V/v tăng cường các biện "
        "pháp cấp bách về\nkiểm soát ô nhiễm môi trường không khí trên địa bàn Thành phố*\n|\n*Hà Nội, ngày 03\n"
        "tháng 12 năm 2025*\n|\n|\n**Kính gửi:**\n|\n- UBND các xã, phường;\n- Các đơn vị, cơ sở giáo dục trực thuộc.\n"
        "|\nThực hiện chỉ đạo của Thành phố, Sở yêu cầu các đơn vị thực hiện nghiêm./.\n"
    )
    doc = process_text(text)
    assert doc.place == "Hà Nội"
    assert doc.title.endswith("trên địa bàn Thành phố")


def test_an_agencys_letter_numbered_with_its_name_only_is_cited():
    # fresh12 f0a3d9f100d0791b (CV 6386/BVHTTDL-KHCNĐTMT) and edfc0349ad13b2bf (CV 9476/BNNMT-CNTY)
    refs = extract_references(
        "(Công văn số 4102/BVHTTDL ngày\n25/9/2024 của Bộ VHTTDL về thực hiện nhiệm vụ năm học). Ủy ban Dân nguyện "
        "và Giám sát Quốc hội khóa XV chuyển\nđến tại Văn bản số 1691/UBDNGS15 ngày 28 tháng 10 năm 2025 về việc "
        "chuyển kiến nghị của cử tri."
    )
    assert [(r.number_symbol, r.doc_type) for r in refs] == [
        ("4102/BVHTTDL", "Công văn"),
        ("1691/UBDNGS15", "Công văn"),
    ]


def test_a_symbol_run_into_the_next_word_is_read_and_its_title_names_the_amended_decision():
    # fresh12 ed309a99382e6b4c (NQ 35/2025/NQ-HĐND Huế): `35/2025/QĐ-TTgcủa Thủ tướng`
    text = (
        "*Căn cứ Quyết định số\n35/2025/QĐ-TTgcủa Thủ tướng Chính phủ sửa đổi, bổ sung một số điều của Quyết định\n"
        "số 39/2021/QĐ-TTg ngày 30 tháng 12 năm 2021 của Thủ tướng Chính phủ quy định\nnguyên tắc phân bổ vốn "
        "thực hiện Chương trình mục tiêu quốc gia phát triển\nkinh tế - xã hội vùng đồng bào dân tộc thiểu số và "
        "miền núi giai đoạn 2021 -\n2030;*\n"
    )
    assert normalize(text).text.count("QĐ-TTg của") == 1
    refs = extract_references(normalize(text).text)
    assert [r.key for r in refs] == ["35/2025/QĐ-TTG@2025"]  # QĐ 39 and the programme: its title's


def test_a_programme_issued_with_a_numbered_decision_is_that_decision():
    # fresh12 ed309a99382e6b4c: the quoted articles name the programme with the decision issuing it
    text = (
        "1. Đối tượng hỗ trợ\nTheo điểm b khoản 1 phần II Chương trình mục tiêu quốc gia phát triển kinh tế - xã "
        "hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021 - 2030, giai đoạn I: Từ năm 2021 đến năm "
        "2025 ban hành kèm theo Quyết định số 1719/QĐ-TTg.\n4. Tiểu dự án 4: Đào tạo nâng\ncao năng lực cho "
        "cộng đồng và cán bộ triển khai Chương trình ở các cấp\n\na) Đối tượng và nội dung hỗ trợ\n"
    )
    refs = extract_references(text)
    assert [(r.number_symbol, r.programme) for r in refs] == [("1719/QĐ-TTg", False)]


def test_a_number_or_an_article_wrapped_onto_its_own_line_stays_in_the_sentence():
    # fresh12 ed309a99382e6b4c (NQ 35/2025/NQ-HĐND Huế): `… tại Phụ lục` / `VIII.` and `… tại khoản 3` / `Điều 1.`
    text = normalize(
        "10. Thay thế cụm từ “Hội Liên hiệp Phụ nữ” tại Phụ lục\nVIII.\n\n11. Thay thế cụm từ “Sở Kế hoạch và Đầu "
        "tư” thành “Sở Tài chính”.\n2. Thay thế cụm từ “Liên minh Hợp\ntác xã tỉnh” tại khoản 3\nĐiều 1.\n\n"
        "3. Thay thế cụm từ khác.\n"
    ).text
    assert text.splitlines() == [
        "10. Thay thế cụm từ “Hội Liên hiệp Phụ nữ” tại Phụ lục VIII.",
        "11. Thay thế cụm từ “Sở Kế hoạch và Đầu tư” thành “Sở Tài chính”.",
        "2. Thay thế cụm từ “Liên minh Hợp tác xã tỉnh” tại khoản 3 Điều 1.",
        "3. Thay thế cụm từ khác.",
    ]


def test_a_quoted_article_whose_closing_mark_was_lost_ends_before_the_next_ones_lead_in():
    # fresh12 ed309a99382e6b4c: `“Điều 5. …` never closes; `2. Sửa đổi, bổ sung Điều 7 như sau:` / `**“Điều 7. …”.`
    text = (
        "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HUẾ\nSố: 35/2025/NQ-HĐND\nHuế, ngày 10 tháng 12 năm 2025\nNGHỊ QUYẾT\n"
        "Sửa đổi một số điều của Quy định\nHỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HUẾ\nQUYẾT NGHỊ:\n"
        "**Điều 1. Sửa\nđổi, bổ sung một số điều của Quy định**\n\n1. Sửa đổi,\nbổ sung Điều 5 như sau:\n\n"
        "**“Điều 5. Tỷ lệ vốn đối ứng của\nngân sách địa phương**\n\na) Tỷ lệ vốn đối ứng của ngân\nsách địa "
        "phương theo Bảng sau:\n\nb) Đối với các dự án khác.\n\n2. Sửa đổi, bổ sung Điều 7 như sau:\n\n"
        "**“Điều 7. Dự án 2: Quy hoạch**\n\n1. Nội dung hỗ trợ theo Nghị\nquyết này.”.\n\n"
        "**Điều 2. Tổ chức thực hiện**\n\nGiao Ủy ban nhân dân thành phố tổ chức thực hiện Nghị quyết này./.\n"
    )
    doc = process_text(text)
    labels = [(n.label, n.kind) for root in doc.outline for n in root.walk()]
    assert labels == [("Điều 1.", "article"), ("1.", "clause"), ("2.", "clause"), ("Điều 2.", "article")], (
        labels
    )


def test_the_drafters_tag_under_the_filing_is_no_recipient():
    # fresh12 db769f685bf6bb23 (QĐ 26/2025/QĐ-UBND Thái Nguyên): `- Lưu: VT, CNN&XD.` / `MinhHồng/QĐ/20.11.2025`
    doc = process_text(
        STATE_AUDIT.replace(
            "- Lưu:\nVT, Vụ TCCB.", "- Trung tâm Thông tin tỉnh;\n- Lưu: VT, CNN&XD.\nMinhHồng/QĐ/20.11.2025"
        )
    )
    assert [r.name for r in doc.recipients][-1] == "Trung tâm Thông tin tỉnh"
    assert doc.filing == "Lưu: VT, CNN&XD"


def test_a_capital_label_alone_on_its_line_heads_the_line_after_it():
    # fresh12 f0a3d9f100d0791b (CV 6386/BVHTTDL-KHCNĐTMT, its annex): `**A.` / `ĐÀO TẠO ĐẠI HỌC …**`
    text = normalize(
        "Thể thao và Du lịch)*\n\n**A.\nĐÀO TẠO ĐẠI HỌC VÀ GIÁO DỤC NGHỀ NGHIỆP**\n\n**Tên\ncơ sở:**"
    ).text
    assert "A. ĐÀO TẠO ĐẠI HỌC VÀ GIÁO DỤC NGHỀ NGHIỆP" in text.splitlines()
