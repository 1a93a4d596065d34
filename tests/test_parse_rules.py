"""One test per parsing rule, each on a snippet of a real document's text (named in the test).

The rules hold for a whole type of document (decisions with an attached regulation, Party
guidance, letters); the snippets are cut from the real corpus (/work/shared/corpus/real).
"""

from __future__ import annotations

from kehoach.parse.closing import name_at_start, parse_closing
from kehoach.parse.paragraphs import split_paragraphs
from kehoach.pipeline import process_text


def _closing(text: str):
    return parse_closing(split_paragraphs(text))


_QD_WITH_QUYDINH = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
Số: 15/2010/QĐ-UBND
Hà Nội, ngày 26 tháng 04 năm 2010
QUYẾT ĐỊNH
Ban hành Quy định về quản lý, cung cấp, sử dụng Internet tại các đại lý Internet
ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI
Căn cứ Luật Công nghệ thông tin ngày 29 tháng 6 năm 2006;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo quyết định này “Quy định về quản lý đại lý Internet”.
Điều 2. Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Bộ TTTT;
- Lưu: VT, VHKGh.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(đã ký) Ngô Thị Thanh Hằng
ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
_____
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
QUY ĐỊNH
Về quản lý, cung cấp, sử dụng Internet tại các đại lý Internet
(Ban hành kèm theo Quyết định số 15/2010/QĐ-UBND ngày 26 tháng 4 năm 2010)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Đối tượng và phạm vi điều chỉnh
1. Quy định này điều chỉnh việc quản lý các đại lý Internet.
2. Mọi tổ chức, cá nhân đều phải thực hiện theo Quy định này.
Chương II
NHỮNG QUY ĐỊNH CỤ THỂ
Điều 2. Các quy định đối với đại lý Internet
"""


def test_signed_mark_before_the_name():
    # hp-qd15-2010-ubnd-hanoi: `(đã ký)` printed in place of the signature, the name after it
    c = _closing("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(đã ký) Ngô Thị Thanh Hằng\n")
    assert c.signer.name == "Ngô Thị Thanh Hằng"
    assert c.signer.position == "PHÓ CHỦ TỊCH"


def test_name_running_into_the_next_text():
    # btctw-hd38-2025: the page footer flattened onto the name's line
    assert name_at_start("Nguyễn Thanh Bình Tài liệu này thuộc sở hữu của các cơ quan Đảng.") == (
        "Nguyễn Thanh Bình"
    )
    # tnt-cv11654-2025: a web page's text after the name
    assert (
        name_at_start("Nguyễn Sỹ Hiệp Công văn 11654/VPCP-CN năm 2025 cung ứng vật liệu") == "Nguyễn Sỹ Hiệp"
    )
    assert name_at_start("Ban Tổ chức Thành ủy hướng dẫn") is None  # no family name: not a name
    assert name_at_start("Nguyễn Thị Bích Hợp") == "Nguyễn Thị Bích Hợp"


def test_lower_case_noi_nhan_inside_a_sentence_is_not_the_closing():
    # btctu-hanoi-hd-2025: "… ghi tên tổ chức đảng / nơi nhận vào trang đầu sổ …" wrapped
    text = (
        "HƯỚNG DẪN\nNghiệp vụ công tác đảng viên\nI. THÀNH LẬP TỔ CHỨC ĐẢNG\n"
        "1. Căn cứ\n- Ghi tên tổ chức đảng và\nnơi nhận vào trang đầu sổ danh sách đảng viên.\n"
        "II. SÁP NHẬP TỔ CHỨC ĐẢNG\n1. Căn cứ và nguyên tắc\n"
    )
    doc = process_text(text)
    assert [n.label for n in doc.outline] == ["I.", "II."]


def test_attached_regulation_after_the_signature_is_an_annex():
    # hp-qd15-2010-ubnd-hanoi: the Quy định repeats the two-column header after the QĐ's signature
    doc = process_text(_QD_WITH_QUYDINH)
    assert doc.signer.name == "Ngô Thị Thanh Hằng"
    assert [r.name for r in doc.recipients] == ["Như Điều 2", "Bộ TTTT"]
    assert len(doc.annexes) == 1
    rows = [(n.label, n.kind) for root in doc.annexes[0].outline for n in root.walk()]
    assert rows == [
        ("Chương I", "chapter"),
        ("Điều 1.", "article"),
        ("1.", "clause"),
        ("2.", "clause"),
        ("Chương II", "chapter"),
        ("Điều 2.", "article"),
    ]


def test_position_printed_above_noi_nhan():
    # vip-quyche-chitieu-bqlkcn-brvt-2007: signer's column flattened above the recipients
    text = (
        "QUYẾT ĐỊNH\nBan hành Quy chế chi tiêu nội bộ\nĐiều 1 : Nay ban hành kèm theo Quyết định này Quy chế.\n"
        "Điều 2 : Các Ông Chánh văn phòng chịu trách nhiệm thi hành quyết định này.\n"
        "TRƯỞNG BAN\nNơi nhận :\n- Như điều 2\n- Sở TC, KBNN (b/c).\n- Lưu VT, Tài chính,VP.\n"
    )
    doc = process_text(text)
    assert doc.signer.position == "TRƯỞNG BAN"
    assert [r.name for r in doc.recipients] == ["Như điều 2", "Sở TC, KBNN"]
    assert "TRƯỞNG BAN" not in doc.outline[-1].text


def test_position_ending_a_form_without_recipients():
    # hpn-mau-baocao-chihoi: a report form signed by the branch head, no Nơi nhận
    text = (
        "BÁO CÁO\nKết quả công tác Hội tháng ……… năm ………\nI. TÌNH HÌNH CHUNG\n……………………\n"
        "II. NHIỆM VỤ TRỌNG TÂM THÁNG TIẾP THEO\n……………………\nCHI HỘI TRƯỞNG\n"
    )
    doc = process_text(text)
    assert doc.signer.position == "CHI HỘI TRƯỞNG"


def test_body_signing_as_a_whole():
    # doan-spkt-vankien-daihoi-xxii-2024: the executive committee signs, no TM., no name
    text = (
        "BÁO CÁO\nKết quả công tác Đoàn nhiệm kỳ 2022 - 2024\nI. KẾT QUẢ\n1. Công tác tư tưởng\n"
        "Tăng cường công tác phối hợp 3 bên.\n"
        "BAN CHẤP HÀNH ĐOÀN TRƯỜNG\nĐH SƯ PHẠM KỸ THUẬT TP. HỒ CHÍ MINH\nKHÓA XXI, NHIỆM KỲ 2022 - 2024\n"
    )
    doc = process_text(text)
    assert doc.signer.authority == (
        "BAN CHẤP HÀNH ĐOÀN TRƯỜNG ĐH SƯ PHẠM KỸ THUẬT TP. HỒ CHÍ MINH KHÓA XXI, NHIỆM KỲ 2022 - 2024"
    )
    assert doc.signer.position is None


def test_recipient_wrapped_past_the_signature_column():
    # tw-quydinh294-2025: "… trực thuộc Trung / ương," with TỔNG BÍ THƯ between the two halves
    c = _closing(
        "Nơi nhận:\nT/M BAN CHẤP HÀNH TRUNG ƯƠNG\n- Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung\n"
        "TỔNG BÍ THƯ\nương,\n- Các ban, cơ quan, đơn vị của Đảng ở Trung ương,\n"
        "- Lưu Văn phòng Trung ương Đảng.\nTô Lâm\n"
    )
    assert [r.name for r in c.recipients] == [
        "Các tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương",
        "Các ban, cơ quan, đơn vị của Đảng ở Trung ương",
    ]
    assert (c.signer.authority, c.signer.position, c.signer.name) == (
        "T/M BAN CHẤP HÀNH TRUNG ƯƠNG",
        "TỔNG BÍ THƯ",
        "Tô Lâm",
    )


_LETTER_OCR = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: /TTg-CĐS
Hà Nội, ngày30 tháng 4 năm 2026 V/v triển khai các Nghị quyết cắt giảm, đơn giản hóa TTHC, ĐKKD : gửi:
QiẦU Ôi Cá - Bộ trưởng, Thủ trưởng cơ quan ngang Bộ;
Triển khai Kết luận số 18-KL/TW ngày 02 tháng 4 năm 2026 của Ban Chấp hành Trung ương Đảng khóa XIV.
1. Về triển khai 8 Nghị quyết của Chính phủ về cắt giảm thủ tục hành chính
a) Các bộ, cơ quan ngang bộ khẩn trương triển khai.
Nơi nhận:
- Như trên;
- Các PTTgCP (để trực tiếp chỉ đạo các đơn vị phụ trách);
- VPCP: BTCN, các PCN, TGÐ Cổng TTĐT;
- Lưu: VT, CÐS (2).LHQ
"""


def test_letter_subject_after_the_date_on_one_line():
    # ttg-cv464-2026 (OCR of a signed scan): date, `V/v` and a garbled `Kính gửi:` on one line
    doc = process_text(_LETTER_OCR)
    assert doc.doc_type == "Công văn"
    assert doc.issuer.lower() == "thủ tướng chính phủ"
    assert doc.date == "2026-04-30"
    assert doc.title == "triển khai các Nghị quyết cắt giảm, đơn giản hóa TTHC, ĐKKD"
    assert doc.symbol == "TTg-CĐS"


def test_long_purpose_in_brackets_and_eth_read_as_d():
    # ttg-cv464-2026: `(để trực tiếp chỉ đạo …)` is a purpose; OCR prints Đ as the Icelandic Ð
    doc = process_text(_LETTER_OCR)
    assert [r.name for r in doc.recipients] == [
        "Như trên",
        "Các PTTgCP",
        "VPCP: BTCN, các PCN, TGĐ Cổng TTĐT",
    ]
    assert doc.recipients[1].purpose_raw == "để trực tiếp chỉ đạo các đơn vị phụ trách"
    assert doc.filing == "Lưu: VT, CĐS (2).LHQ"


def test_bracket_that_is_not_a_purpose_stays_in_the_name():
    # hp-cv4532-2011: `- CVP, PVP (ô.Kiên);` names the person the copy goes to
    c = _closing("Nơi nhận:\n- Như trên;\n- CVP, PVP (ô.Kiên);\n- Sở Tài chính (b/c);\n- Lưu: VT.\n")
    assert [r.name for r in c.recipients] == ["Như trên", "CVP, PVP (ô.Kiên)", "Sở Tài chính"]


_LETTER_WITH_GUIDANCE = """ỦY BAN NHÂN DÂN
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH PHÚ THỌ
Độc lập - Tự do - Hạnh phúc
LÍ
Phú Thọ, ngày tháng 12 năm 2011 Về việc xây dựng kế hoạch rà soát quy định, thủ tục hành chính.
Kính gửi:
- Các sở, ban, ngành;
- UBND các huyện, thành, thị.
Giao các sở, ban, ngành xây dựng Kế hoạch rà soát quy định, thủ tục hành chính.
Vậy, thông báo để các sở, ban, ngành biết và thực hiện./.
Nơi nhận: .
TL.CHỦ TỊCH
- Như trên;
CHÁNH VĂN PHÒNG
- Lưu: VT, KSTTHC (L-40b).
UBND TỈNH PHÚ THỌ
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
VĂN PHÒNG
Độc lập - Tự do - Hạnh phúc
Phú Thọ, ngày tháng 12 năm 2011 Về việc Hướng dẫn xây dựng kế hoạch rà soát
Kính gửi:
- Các sở, ban, ngành của tỉnh;
I. XÂY DỰNG KẾ HOẠCH RÀ SOÁT THỦ TỤC HÀNH CHÍNH.
1. Mục tiêu, yêu cầu, phạm vi rà soát.
"""


def test_letter_signed_before_the_document_attached_to_it():
    # hp-cv4532-2011 (scan): a letter without outline, then its office's guidance with I./1.
    doc = process_text(_LETTER_WITH_GUIDANCE)
    assert doc.doc_type == "Công văn"
    assert doc.title == "xây dựng kế hoạch rà soát quy định, thủ tục hành chính"
    assert doc.issuer.lower() == "ủy ban nhân dân tỉnh phú thọ"  # the OCR'd seal `LÍ` is not part of it
    assert (doc.signer.authority, doc.signer.position) == ("TL.CHỦ TỊCH", "CHÁNH VĂN PHÒNG")
    assert [r.name for r in doc.recipients] == ["Như trên"]
    assert doc.filing == "Lưu: VT, KSTTHC (L-40b)"
    assert doc.outline == []
    assert len(doc.annexes) == 1


def _rows(nodes):
    return [(n.label, n.kind) for root in nodes for n in root.walk() if n.kind not in ("bullet", "plus")]


def test_capital_letter_headings_above_roman_sections_are_divisions():
    # btctu-hanoi-hd-2025: PHẦN THỨ HAI / A. … / I. … / 1. …, then B. after section II
    text = (
        "HƯỚNG DẪN\nNghiệp vụ công tác đảng viên\nPHẦN THỨ HAI\nVỀ CÔNG TÁC ĐẢNG VIÊN\n"
        "A. CÔNG TÁC TẠO NGUỒN, KẾT NẠP ĐẢNG VIÊN\nI. TIÊU CHUẨN, ĐIỀU KIỆN KẾT NẠP\n1. Tiêu chuẩn chung\n"
        "II. QUY TRÌNH, THỦ TỤC KẾT NẠP\n1. Kết nạp đảng viên\nB. CÔNG TÁC QUẢN LÝ ĐẢNG VIÊN\n"
        "I. VỀ HỒ SƠ ĐẢNG VIÊN\n1. Về hệ thống sổ sách\n"
    )
    assert _rows(process_text(text).outline) == [
        ("PHẦN THỨ HAI", "part"),
        ("A.", "division"),
        ("I.", "section"),
        ("1.", "item"),
        ("II.", "section"),
        ("1.", "item"),
        ("B.", "division"),
        ("I.", "section"),
        ("1.", "item"),
    ]


def test_capital_letter_headings_inside_a_roman_section_are_letters():
    # vip-qd256-2004 (the Chương trình attached to the QĐ): III. / A. / 1. / B. / 1.
    text = (
        "CHƯƠNG TRÌNH\nCải cách hành chính giai đoạn 2004-2010\nII. Mục tiêu của cải cách hành chính:\n"
        "1. Mục tiêu chung:\nIII. NỘI DUNG CẢI CÁCH HÀNH CHÍNH từ nay đến năm 2010:\n"
        "A. Nội dung CẢI CÁCH HÀNH CHÍNH từ nay đến năm 2010:\n1. Cải cách thể chế:\n"
        "B. Nội dung cải cách hành chính năm 2004:\n1. Triển khai thực hiện cơ chế một cửa\n"
        "IV. Về công tác chỉ đạo, tổ chức thực hiện:\n1. Củng cố và kiện toàn\n"
    )
    assert _rows(process_text(text).outline) == [
        ("II.", "section"),
        ("1.", "item"),
        ("III.", "section"),
        ("A.", "letter"),
        ("1.", "item"),
        ("B.", "letter"),
        ("1.", "item"),
        ("IV.", "section"),
        ("1.", "item"),
    ]


def test_attached_document_header_in_a_legacy_fonts_case():
    # vip-qd256-2004 (TCVN3, .VnTimeH): the attached Chương trình's header is not in capitals
    c = _closing(
        "Nơi nhận:\n- Bộ Nội vụ\nVõ Thanh Tòng\n- Lưu TTLT\nủy Ban Nhân Dân\n"
        "Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam\nThành Phố Cần Thơ\nI- Đánh giá kết quả thực hiện\n"
    )
    assert [r.name for r in c.recipients] == ["Bộ Nội vụ"]
    assert c.filing == "Lưu TTLT"
    assert c.end_index == 4  # the annex starts at `ủy Ban Nhân Dân`


_QD_WITH_FORM = """QUYẾT ĐỊNH
Về việc công bố thủ tục hành chính được bổ sung
Điều 1. Công bố kèm theo Quyết định này thủ tục hành chính được bổ sung.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT, ĐCKS.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Trần Quý Kiên
PHỤ LỤC
DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC BỔ SUNG
PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH
PHẦN II. NỘI DUNG CỤ THỂ CỦA THỦ TỤC HÀNH CHÍNH
1. Công nhận kết quả thăm dò khoáng sản
a) Trình tự thực hiện: Ủy ban nhân dân cấp tỉnh thẩm định.
- Văn bản đề nghị (Mẫu số 08 - Phụ lục I ban hành kèm theo Thông tư số 37/2025/TT-BNNMT ngày 02/7/2025);
Mẫu số 25 - Phụ lục III
(Ban hành kèm theo Thông tư số 40/2025/TT-BNNMT ngày 02/7/2025 của Bộ trưởng Bộ Nông nghiệp và Môi trường)
ỦY BAN NHÂN DÂN TỈNH …
QUYẾT ĐỊNH
Công nhận kết quả thăm dò khoáng sản
Căn cứ Luật Tổ chức chính quyền địa phương ngày … tháng … năm …;
Căn cứ Quyết định số …/QĐ-UBND ngày … của Ủy ban nhân dân tỉnh …;
Điều 1. Công nhận kết quả thăm dò khoáng sản …
1. Tên khoáng sản: …
a) Trữ lượng: …
Điều 2. Tổ chức, cá nhân có trách nhiệm …
PHỤ LỤC
Bảng trữ lượng khoáng sản
"""


def test_an_attached_form_is_an_annex_without_outline_and_cites_nothing():
    # tnt-qd4831-2025-bnnmt: the Phụ lục's procedure, then the blank form (Mẫu số 25) it names
    doc = process_text(_QD_WITH_FORM)
    assert [a.title.split()[0] for a in doc.annexes] == ["PHỤ", "Mẫu"]
    assert _rows(doc.annexes[0].outline) == [
        ("PHẦN I.", "part"),
        ("PHẦN II.", "part"),
        ("1.", "item"),
        ("a)", "letter"),
    ]
    assert doc.annexes[1].outline == []
    assert doc.annexes[1].number_symbol is None  # the form's `ban hành kèm theo` is not this QĐ
    cited = {r.number_symbol or r.title for r in doc.references if r.relation != "self"}
    assert cited == {"37/2025/TT-BNNMT"}  # the form's `Căn cứ …` lines are its template's


def test_points_printed_with_a_period():
    # hp-qd15-2010-ubnd-hanoi (the attached Quy định): `1. … các điều kiện sau:` / `a. …;` / `b. …`
    text = (
        "QUY ĐỊNH\nVề quản lý đại lý Internet\nĐiều 4. Các quy định đối với đại lý Internet\n"
        "1. Đại lý Internet trước khi đưa vào hoạt động phải có đủ các điều kiện sau:\n"
        "a. Làm thủ tục đăng ký kinh doanh tại cơ quan đăng ký kinh doanh địa phương;\n"
        "b. Có địa điểm cung cấp dịch vụ cách cổng ra vào của các trường học tối thiểu 200m và mặt bằng\n"
        "dành riêng làm đại lý Internet.\n"
        "2. Đại lý Internet có các quyền và nghĩa vụ sau đây:\n"
    )
    doc = process_text(text)
    assert _rows(doc.outline) == [
        ("Điều 4.", "article"),
        ("1.", "clause"),
        ("a.", "point"),
        ("b.", "point"),
        ("2.", "clause"),
    ]
    assert doc.outline[0].children[0].children[1].text.endswith("dành riêng làm đại lý Internet.")


def test_letter_and_period_inside_a_sentence_is_not_a_point():
    # a wrapped line that happens to open with `a.` after a word, not after `:` `;` `.`
    from kehoach.normalize import normalize

    text = normalize("1. Các đơn vị báo cáo về Sở theo phụ lục\nb. Các nội dung khác giữ nguyên.\n").text
    assert text.count("\n") <= 1 and "phụ lục b. Các" in text


def _cited(text: str) -> dict[str, str]:
    from kehoach.refs import extract_references

    return {r.key: (r.number_symbol or r.title or "") for r in extract_references(text)}


def test_law_names_whose_first_word_folds_like_a_stop_word():
    # tnt-ct09-2025 `Luật Tài nguyên nước`, tnt-kh141-2025 `Luật Ban hành văn bản QPPL`,
    # vip-bc-2004 `Luật sở hữu trí tuệ`, `Luật đa dạng sinh học`; `Luật số …` stays a number
    cited = _cited(
        "chấp hành nghiêm quy định của Luật Tài nguyên nước và các văn bản; Luật Ban hành văn bản QPPL và "
        "các văn bản hướng dẫn thi hành. Trình Quốc hội thông qua Luật chuyển giao công nghệ, Luật sở hữu "
        "trí tuệ năm 2005; chuẩn bị xây dựng Luật đa dạng sinh học; Luật số 85/2015/QH13."
    )
    titles = set(cited.values())
    assert {
        "Luật Tài nguyên nước",
        "Luật Ban hành văn bản QPPL",
        "Luật sở hữu trí tuệ",
        "Luật đa dạng sinh học",
        "85/2015/QH13",
    } <= titles
    assert not any(t.startswith("Luật số") for t in titles)


def test_an_ordinance_after_a_semicolon_is_cited():
    # vip-quyche-chitieu-bqlkcn-brvt-2007: `Vi phạm Pháp lệnh CBCC; Pháp lệnh thực hành tiết kiệm, …`
    titles = set(_cited("- Vi phạm Pháp lệnh CBCC; Pháp lệnh thực hành tiết kiệm, chống lãng phí.").values())
    assert "Pháp lệnh thực hành tiết kiệm, chống lãng phí" in titles


def test_congresses_of_mass_organisations_are_cited_apart_from_the_partys():
    # uit-cv172-2013 (Công đoàn), doan-spkt-2024 (Đoàn, Hội Sinh viên, Đảng bộ TP. Hồ Chí Minh)
    cited = _cited(
        "thực hiện Nghị quyết Đại hội XI Công đoàn Việt Nam và Nghị quyết Đại hội XIV Công đoàn Giáo dục "
        "Việt Nam; Nghị quyết Đại hội Đảng lần thứ XI. Nghị quyết Đại hội Hội Sinh viên lần thứ XI "
        "(2023 – 2025), Nghị quyết Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh trường ĐH Sư phạm Kỹ thuật TP. "
        "Hồ Chí Minh lần thứ XXI, nhiệm kỳ 2022 – 2024, Nghị quyết Đại hội Đảng bộ TP.\nHồ Chí Minh lần thứ "
        "XI, nhiệm kỳ 2020 – 2025, Hội nghị triển khai nghị quyết Trung ương lần thứ 8 khóa XIII."
    )
    assert set(cited) == {
        "named:nq-dai-hoi-cong-doan-viet-nam-xi",
        "named:nq-dai-hoi-cong-doan-giao-duc-viet-nam-xiv",
        "named:nq-dai-hoi-xi",
        "named:nq-dai-hoi-hoi-sinh-vien-xi",
        "named:nq-dai-hoi-doan-tncs-ho-chi-minh-truong-dai-hoc-su-pham-ky-thuat-thanh-pho-ho-chi-minh-xxi",
        "named:nq-dai-hoi-dang-bo-tp-ho-chi-minh-xi",
        "named:nq-tw-8-khoa-xiii",
    }
    assert (
        cited["named:nq-dai-hoi-hoi-sinh-vien-xi"]
        == "Nghị quyết Đại hội Hội Sinh viên lần thứ XI (2023 – 2025)"
    )


def test_older_state_numbers():
    # vip-qd256-2004 `Nghị quyết số 38/CP`, `1330/QĐ-CT.UB`, `11/1998/QĐ-TC.CCVC`;
    # vip-quyche-2007 `101/QĐ.BQL-TC`; a sentence glued after a symbol is not part of it
    cited = set(
        _cited(
            "theo Nghị quyết số 38/CP ngày 04/5/1994 của Chính phủ, Quyết định số 1330/QĐ-CT.UB ngày 05/6/2001, "
            "Quyết định số 11/1998/QĐ-TC.CCVC; thay thế các quyết định số 101/QĐ.BQL-TC ngày 21/7/2005; "
            "Nghị định số 15/2020/NĐ-CP.Căn cứ khác."
        ).values()
    )
    assert cited == {
        "38/CP",
        "1330/QĐ-CT.UB",
        "11/1998/QĐ-TC.CCVC",
        "101/QĐ.BQL-TC",
        "15/2020/NĐ-CP",
    }


def test_management_board_header_in_two_interleaved_columns():
    # vip-quyche-chitieu-bqlkcn-brvt-2007 (VNI): the two header cells flattened line by line,
    # a blank number with an older separator (`/QĐ. BQL–VP`), a rule glued onto the title
    text = (
        "UBND TỈNH BÀ RỊA – VŨNG TÀU\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBQL CÁC KHU CÔNG NGHIỆP\n"
        "Độc lập – Tự do – Hạnh phúc\nBÀ RỊA – VŨNG TÀU\n*\nSố : /QĐ. BQL–VP\nVũng Tàu, ngày tháng năm 2007\n"
        "QUYẾT ĐỊNH\nV/v : Ban hành Quy chế chi tiêu nội bộ _________\n"
        "TRƯỞNG BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH BÀ RỊA- VŨNG TÀU\n"
        "- Căn cứ Nghị định 130/2005/NĐ-CP ngày 17/10/2005 của Chính phủ;\nQUYẾT ĐỊNH\n"
        "Điều 1 : Nay ban hành kèm theo Quyết định này Quy chế chi tiêu nội bộ.\n"
    )
    doc = process_text(text)
    assert doc.issuer_parent.lower() == "ubnd tỉnh bà rịa – vũng tàu"
    assert doc.issuer.lower() == "bql các khu công nghiệp bà rịa – vũng tàu"
    assert doc.symbol == "QĐ. BQL–VP"
    assert doc.number is None
    assert doc.title == "V/v : Ban hành Quy chế chi tiêu nội bộ"


def test_charters_are_cited_by_their_body_long_or_short():
    # btctu-hanoi-hd-2025 `Căn cứ Điều lệ Đảng`, `Điều 10, Điều 21 Điều lệ Đảng Cộng sản Việt Nam`;
    # tw-quydinh294-2025 `Điều lệ Đảng khoá II` (a past charter); btctw-hd38-2025 `Điều 7, Điều lệ Đảng
    # Thực hiện …` (a lost line break); doan-spkt-2024 `Điều lệ đoàn`; btctu-hanoi `Cương lĩnh chính trị`
    cited = _cited(
        "- Căn cứ Điều lệ Đảng, Quy định số 294-QĐ/TW;\n- Điều 10, Điều 21 Điều lệ Đảng Cộng sản Việt Nam.\n"
        "(kể cả khai trừ có thời hạn theo quy định của Điều lệ Đảng khoá II), thời gian bị xoá tên\n"
        "theo quy định tại Điều 7, Điều lệ Đảng Thực hiện theo quy định tại Điểm 7\n"
        "thực hiện đúng Điều lệ đoàn và nghị quyết.\nTự nguyện thực hiện Cương lĩnh chính trị, Điều lệ Đảng."
    )
    assert cited == {
        "named:dieu-le-dang": "Điều lệ Đảng",
        "294-QĐ/TW": "294-QĐ/TW",
        "named:dieu-le-dang-khoa-ii": "Điều lệ Đảng khoá II",
        "named:dieu-le-doan": "Điều lệ Đoàn",
        "named:cuong-linh-chinh-tri": "Cương lĩnh chính trị",
    }


def test_a_charter_that_is_the_subject_of_a_cited_title_is_not_cited():
    # tnt-hd-2025-baocaovien: `Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung
    # ương Đảng khóa XIII về thi hành Điều lệ Đảng;` cites the Quy định, not the charter
    assert set(
        _cited(
            "- Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương Đảng khóa XIII "
            'về thi hành Điều lệ Đảng;\n- Hướng dẫn số 06-HD/TW của Ban Bí thư "Một số vấn đề cụ thể thi '
            'hành Điều lệ Đảng".'
        )
    ) == {"294-QĐ/TW@2025", "06-HD/TW"}


def test_the_constitution_is_cited_with_its_year_not_in_a_formula():
    # tnt-kh141-2025 `phù hợp với Hiến pháp, pháp luật`; sample 002 `trong khuôn khổ Hiến pháp và pháp luật`
    assert (
        _cited("phù hợp với Hiến pháp, pháp luật và thực tiễn; trong khuôn khổ Hiến pháp và pháp luật") == {}
    )
    assert list(_cited("Căn cứ Hiến pháp năm 2013;").values()) == ["Hiến pháp năm 2013"]


def test_misprinted_repeats_of_a_citation_are_one_document():
    # btctu-hanoi-hd-2025: `06-QĐi/TW` cited twice, once misprinted `06-QĐ/TW`; `38-HD/BTCTW` with its
    # date, once as `38-HD/TW`; `Quyết định số 347-CT/TW, ngày 08/8/2025` next to `Quyết định số
    # 347-QĐ/TW, ngày 08/8/2025`; and `(Hướng dẫn số 38)` then names the one 38
    cited = _cited(
        "Thực hiện theo Quy định số 06-QĐi/TW ngày 28/8/2018 của Bộ Chính trị và Hướng dẫn số 20-HD/BTCTW "
        "thực hiện Quy định số 06-QĐ/TW. Ngày ban hành Quy định số 06-QĐi/TW của Bộ Chính trị.\n"
        "Hướng dẫn số 38-HD/BTCTW ngày 29/9/2025 của Ban Tổ chức Trung ương; điểm 3, mục I Hướng dẫn số "
        "38-HD/TW, cụ thể; điểm 1.2 Hướng dẫn số 38-HD/BTCTW. Theo mẫu 02-KNĐ (Hướng dẫn số 38).\n"
        "Quyết định số 347-CT/TW, ngày 08/8/2025 của Ban Bí thư về việc ban hành mẫu Thẻ đảng viên.\n"
        "theo quy định của Quyết định số 347-QĐ/TW, ngày 08/8/2025 của Ban Bí thư."
    )
    assert sorted(cited.values()) == ["06-QĐi/TW", "20-HD/BTCTW", "347-QĐ/TW", "38-HD/BTCTW"]


def test_different_documents_sharing_a_number_are_not_folded():
    # sample 002 and the real Party plans cite `Kế hoạch số 39-KH/HU` and `Nghị quyết số 39-NQ/TW`;
    # a Tỉnh ủy's `06-NQ/TU` is not the Central Committee's `06-NQ/TW` (another issuer, not its end)
    cited = _cited(
        "Kế hoạch số 39-KH/HU ngày 09/9/2021; Kế hoạch số 39-KH/HU; Nghị quyết số 39-NQ/TW ngày 17/4/2015. "
        "Nghị quyết số 06-NQ/TU ngày 12/11/2021; Nghị quyết số 06-NQ/TU; Nghị quyết số 06-NQ/TW."
    )
    assert sorted(cited.values()) == ["06-NQ/TU", "06-NQ/TW", "39-KH/HU", "39-NQ/TW"]


def test_law_ending_a_faculty_name_is_not_a_law():
    # doan-spkt-2024: `Đoàn trường phối hợp với Khoa Chính trị và Luật Tổ chức Hội thảo khoa học cấp trường`
    assert (
        _cited("Đoàn trường phối hợp với Khoa Chính trị và Luật Tổ chức Hội thảo khoa học cấp trường") == {}
    )
    assert list(_cited("theo Luật Cán bộ, công chức và Luật Viên chức.").values()) == [
        "Luật Cán bộ, công chức",
        "Luật Viên chức",
    ]


def test_a_congress_named_by_the_organisations_short_name_is_the_same_resolution():
    # uit-cv172-2013: `Nghị quyết Đại hội XIV Công đoàn Giáo dục Việt Nam`, then `Nghị quyết Đại hội
    # CĐGD Việt Nam lần thứ XIV` and `Nghị quyết Đại hội XIV CĐGD Việt Nam`
    cited = _cited(
        "kết quả Đại hội XI Công đoàn Việt Nam và Nghị quyết Đại hội XIV Công đoàn Giáo dục Việt Nam, Ban "
        "Thường vụ Công đoàn Giáo dục (CĐGD) Việt Nam đề nghị.\n1. Tổ chức hội nghị báo cáo kết quả, Nghị "
        "quyết Đại hội CĐGD Việt Nam lần thứ XIV với cán bộ.\n2. Thực hiện Nghị quyết Đại hội XIV CĐGD Việt Nam."
    )
    assert list(cited) == ["named:nq-dai-hoi-cong-doan-giao-duc-viet-nam-xiv"]


# --- headers read by OCR: a number and a day written by hand (issue 11) ---------------------

_OCR_LETTER_HEAD = """ỦY BAN NHÂN DÂN        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH PHÚ THỌ        Độc lập - Tự do - Hạnh phúc
SỐ: /ZÓc Là /UBND- KSTTHC        Phú Thọ, ngày tháng 12 năm 2011
Về việc xây dựng kế hoạch rà
soát quy định, thủ tục hành chính.
Kính gửi:
- Các sở, ban, ngành;
"""

_OCR_PLAN_HEAD = """BÔ CÔNG THƯƠNG        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG
THÀNH PHÓ HỎ CHÍ MINH
Thành phô Hồ Chí Minh, ngày đỗ tháng 6 năm 2026
Số: ÄÂ3/KH-DCT
KẾ HOẠCH
Khảo sát, xác định chỉ số hài lòng của người dân
đối với dịch vụ giáo dục công năm 2026
Căn cứ Quyết định số 2034/QĐ-BGDĐT ngày 13 tháng 7 năm 2023 của Bộ Giáo dục và Đào tạo;
"""


def test_handwritten_number_read_as_odd_characters_keeps_the_printed_symbol():
    """hp-cv4532 (scan; OCR text): `4532` written by hand in `Số: …/UBND- KSTTHC` comes out as
    odd characters. The printed symbol is read, the number left unknown (never a wrong one)."""
    doc = process_text(_OCR_LETTER_HEAD)
    assert doc.symbol == "UBND-KSTTHC" and doc.number is None and doc.number_symbol is None
    assert doc.issuer == "Ủy ban nhân dân tỉnh Phú Thọ"


def test_handwritten_day_read_as_a_short_word_leaves_month_and_year():
    """huit-kh753 (scan; OCR text): the day `23` written by hand is read `đỗ`; the date is the
    month and year printed, and the place before it is still the place. The number `753` by
    hand is read `ÄÂ3`: the symbol printed after it is kept."""
    doc = process_text(_OCR_PLAN_HEAD)
    assert doc.date == "2026-06"
    assert doc.place == "Thành phô Hồ Chí Minh"  # as OCR read it: `phô` for `phố`
    assert doc.symbol == "KH-DCT" and doc.number is None
    assert doc.doc_type == "Kế hoạch"


_QD_TYPE_LINE_OF_BODY = """ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÀNH PHỐ CẦN THƠ        Độc lập - Tự do - Hạnh phúc
SỐ:  256 /2004/QĐ-UB        TP.Cần Thơ, ngày  01 tháng  7 năm 2004
QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ
V/v ban hành Chương trình Cải cách hành chính của thành phố Cần Thơ giai đoạn 2004 - 2010
     ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ
Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003;
 Xét đề nghị của Giám đốc Sở Nội vụ,
QUYẾT ĐỊNH:
Điều 1. Nay ban hành kèm theo Quyết định này Chương trình cải cách hành chính của thành phố.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.
TM . UBND THÀNH PHỐ CẦN THƠ
Nơi nhận:                                                               CHỦ TỊCH
- Ban Chỉ đạo CCHCTW
- BTV Thành ủy        (Đã ký)
- Sở, Ban ngành TP                                                                 Võ Thanh Tòng
- Quận ủy, Huyện ủy, HĐND
   và UBND quận, huyện
- Lưu TTLT
"""


def test_type_line_naming_its_issuer_is_the_type_line():
    """vip-qd256 (UBND Cần Thơ, 2004): older decisions print `QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN …` as
    the type line. It is the type line (not a body of the header, not the title); the `V/v`
    line under it is the title as printed; `TM . UBND …` (a space before the dot) is the signer's
    authority."""
    doc = process_text(_QD_TYPE_LINE_OF_BODY)
    assert doc.doc_type == "Quyết định"
    assert doc.issuer == "Ủy ban nhân dân thành phố Cần Thơ" and doc.issuer_parent is None
    assert (
        doc.title
        == "V/v ban hành Chương trình Cải cách hành chính của thành phố Cần Thơ giai đoạn 2004 - 2010"
    )
    assert doc.number_symbol == "256/2004/QĐ-UB"
    assert doc.signer.authority == "TM . UBND THÀNH PHỐ CẦN THƠ"
    assert (doc.signer.position, doc.signer.name) == ("CHỦ TỊCH", "Võ Thanh Tòng")


def test_type_word_followed_by_cua_and_no_body_is_not_a_type_line():
    from kehoach.parse.header import doc_type_of

    assert doc_type_of("QUYẾT ĐỊNH CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") == "Quyết định"
    assert doc_type_of("CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ") == "Chỉ thị"
    assert doc_type_of("BÁO CÁO CỦA TÔI") is None  # not a body after `CỦA`
    assert doc_type_of("Quyết định của Ủy ban nhân dân tỉnh") is None  # not a capital line


_GUIDANCE_WITHOUT_HEADER = """HƯỚNG DẪN
XÂY DỰNG, KIỆN TOÀN ĐỘI NGŨ BÁO CÁO VIÊN CÁC CẤP
-----
- Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương Đảng khóa XIII về thi hành Điều lệ Đảng;
- Căn cứ Quyết định số 907-QĐ/BTGDVTW ngày 17/9/2025 của Ban Tuyên giáo và Dân vận Trung ương ban hành Quy chế hoạt
động báo cáo viên, tuyên truyền viên của Đảng,
Ban Tuyên giáo và Dân vận Trung ương
hướng dẫn việc xây dựng, kiện toàn đội ngũ báo cáo viên các cấp như sau:
I. NGUYÊN TẮC
1. Bảo đảm sự lãnh đạo của cấp ủy.
"""


def test_issuer_named_by_the_preambles_closing_clause():
    """tnt-hd-2025-baocaovien (a Party guidance whose web copy lost its header): the preamble
    ends `…, Ban Tuyên giáo và Dân vận Trung ương hướng dẫn … như sau:`. That body is the issuer,
    marked as guessed (to check); the body cited in a `Căn cứ` line (`của Ban …`) is not."""
    doc = process_text(_GUIDANCE_WITHOUT_HEADER)
    assert doc.issuer == "Ban Tuyên giáo và Dân vận Trung ương"
    assert doc.field_origins["issuer"].source == "preamble"
    assert "issuer" in doc.quality.check


def test_signer_name_flattened_onto_the_filing_line():
    """hp-cv4532 (scan; OCR text): the signature column's last line, the name, is read onto the
    filing line after the remains of the red seal (`_È(z7Z2`). The name is the signer's; the
    filing keeps what was printed before."""
    c = _closing(
        "Nơi nhận:\nTL.CHỦ TỊCH\n- Như trên;\nCHÁNH VĂN PHÒNG\n- CT, các PCT;\n"
        "- Lưu: VT, KSTTHC (L-40b). _È(z7Z2 Trần Thị Thu Hương\n"
    )
    assert (c.signer.authority, c.signer.position, c.signer.name) == (
        "TL.CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
        "Trần Thị Thu Hương",
    )
    assert c.filing == "Lưu: VT, KSTTHC (L-40b)"
    # a filing line ending in initials is not a name
    assert _closing("Nơi nhận:\n- Như trên;\n- Lưu: VT, CĐS (2).LHQ\n").signer.name is None


def test_a_handwritten_number_in_the_header_is_not_a_citation():
    """hp-cv4532: `Số: Z/3⁄2/UBND- KSTTHC` (the number written by hand, read as odd characters)
    is the document's own number line, not a document it cites."""
    for printed in ("Số: Z/3⁄2/UBND- KSTTHC", "SỐ: Z/3⁄2/UBND- KSTTHC"):
        doc = process_text(_OCR_LETTER_HEAD.replace("SỐ: /ZÓc Là /UBND- KSTTHC", printed))
        assert doc.symbol == "UBND-KSTTHC", printed
        assert not [c for c in doc.references if "KSTTHC" in (c.number_symbol or c.key)], printed


def test_a_number_ending_in_a_marked_letter_is_not_a_number():
    """OCR of a number written by hand reads `0Í` (hp-cv4532 and huit-kh753 show the same kind:
    `ÄÂ3`, `Z/3⁄2`): a printed number's letter is plain (`30c/NQ-CP`, `12A/QĐ-UBND`). The
    symbol is kept, the number left blank, never a wrong one."""
    from kehoach.patterns import parse_number_symbol

    assert parse_number_symbol("0Í/TB-BGH") is None
    assert parse_number_symbol("30c/NQ-CP")["number"] == "30c"
    assert parse_number_symbol("12A/QĐ-UBND")["number"] == "12A"
    doc = process_text(_OCR_LETTER_HEAD.replace("SỐ: /ZÓc Là /UBND- KSTTHC", "Số: 0Í/UBND-KSTTHC"))
    assert (doc.number, doc.symbol) == (None, "UBND-KSTTHC")


# -- web copies of state and Party documents (thuvienphapluat.vn conversions, 2025) -------------------

_WEB_CHROME = "\n".join(
    [
        "|",
        "Bản dịch này thuộc quyền sở hữu của THƯ VIỆN PHÁP LUẬT.",
        "X",
        "CÁC NỘI DUNG ĐƯỢC SỬA ĐỔI, HƯỚNG DẪN",
    ]
    + ["Đang tải văn bản...", "#", "**Số hiệu:**", "|", "471/QĐ-UBND", "|", "**Loại văn bản:**", "|"]
    + ["Quyết định", "**Nơi ban hành:**", "|", "Tỉnh Bắc Ninh", "**Người ký:**", "|", "Phạm Văn Thịnh"]
    + ["**Ngày ban hành:**", "|", "28/11/2025", "**Tình trạng:**", "|", "Đã biết", "|", "|"]
)
_WEB_DECISION = (
    _WEB_CHROME
    + """
**ỦY BAN NHÂN
DÂN**
**TỈNH BẮC NINH**
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 471/QĐ-UBND
|
*Bắc Ninh, ngày 28 tháng 11 năm 2025*
|
**QUYẾT ĐỊNH**
VỀ VIỆC PHÊ DUYỆT DANH MỤC ĐỊA ĐIỂM TỔ CHỨC HỘI CHỢ,
TRIỂN LÃM THƯƠNG MẠI TRÊN ĐỊA BÀN TỈNH BẮC NINH NĂM 2026
**ỦY BAN NHÂN DÂN TỈNH BẮC NINH**
*Căn cứ Luật Thương mại
ngày 14/6/2005;*
**QUYẾT ĐỊNH:**
**Điều 1. **Phê duyệt Danh mục địa điểm tổ chức hội chợ.
**Điều 2. **Quyết định có hiệu lực kể từ ngày ký.
**Nơi nhận:**
- Như Điều 2;
- Bộ Công Thương;
- Văn phòng UBND tỉnh:
+ LĐVP, TPKTTH, KGVX, TH;
+ Lưu: VT, KTTHTú.
09 KH
|
**TM. ỦY BAN
NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH**
Phạm Văn Thịnh
"""
)


def test_a_web_copy_with_the_sites_chrome_above_the_header_is_read():
    """A decision of UBND Bắc Ninh copied from a legal-documents site: the site's notices and a
    table of the document's metadata come first, the national line is broken over two lines
    (`CỘNG HÒA XÃ` / `HỘI CHỦ NGHĨA VIỆT NAM`). The header is read from the document's own lines;
    `+` lines detail the recipient above; `09 KH` (copies made) is not the signer's position."""
    doc = process_text(_WEB_DECISION)
    assert doc.refusal is None
    assert (doc.doc_type, doc.number_symbol, doc.issuer, doc.issuer_parent) == (
        "Quyết định",
        "471/QĐ-UBND",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        None,
    )
    assert (doc.place, doc.date) == ("Bắc Ninh", "2025-11-28")
    assert doc.title.startswith("VỀ VIỆC PHÊ DUYỆT DANH MỤC") and doc.title.endswith("NĂM 2026")
    assert [r.name for r in doc.recipients] == ["Như Điều 2", "Bộ Công Thương", "Văn phòng UBND tỉnh"]
    assert doc.recipients[-1].parts == ["LĐVP, TPKTTH, KGVX, TH"]  # kept under it, not lost
    assert doc.filing == "Lưu: VT, KTTHTú"
    assert (doc.signer.position, doc.signer.name) == ("PHÓ CHỦ TỊCH", "Phạm Văn Thịnh")


def test_a_party_notice_with_its_national_line_broken_and_underlined_labels():
    """Văn phòng Trung ương Đảng, Thông báo 432-TB/VPTW (web copy): `ĐẢNG CỘNG` / `SẢN VIỆT NAM`,
    `__Nơi nhận__:` underlined, and a footnote rule after the signer's name."""
    text = (
        _WEB_CHROME
        + """
**BAN CHẤP HÀNH
TRUNG ƯƠNG**
**VĂN PHÒNG**
*
|
**ĐẢNG CỘNG
SẢN VIỆT NAM**
---------------
|
|
Số 432-TB/VPTW
|
*Hà Nội, ngày 26 tháng 11 năm 2025*
|
**THÔNG BÁO KẾT LUẬN**
**CỦA ĐỒNG CHÍ TỔNG BÍ THƯ**
**TẠI BUỔI LÀM VIỆC VỚI ĐẢNG UỶ BỘ Y TẾ**
-----
Ngày 24/11/2025, tại Trụ sở Trung ương Đảng, đồng chí Tổng Bí thư đã có buổi làm việc.
1. Giảm tối đa số trẻ bị bỏ rơi mới.
Văn phòng Trung ương Đảng xin thông báo để các cơ quan có liên quan biết, thực hiện.
|
__Nơi nhận__:
- Các cơ quan, ban đảng Trung ương,
- Lưu Văn phòng Trung ương Đảng.
|
**K/T CHÁNH
VĂN PHÒNG**
PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC
Lâm Thị Phương Thanh
___________________
[1] Gồm các đồng chí Uỷ viên Trung ương Đảng.
"""
    )
    doc = process_text(text)
    assert (doc.number_symbol, doc.issuer, doc.issuer_parent) == (
        "432-TB/VPTW",
        "Văn phòng",
        "Ban Chấp hành Trung ương",
    )
    assert (doc.place, doc.date) == ("Hà Nội", "2025-11-26")
    assert doc.title == "CỦA ĐỒNG CHÍ TỔNG BÍ THƯ TẠI BUỔI LÀM VIỆC VỚI ĐẢNG UỶ BỘ Y TẾ"
    assert [r.name for r in doc.recipients] == ["Các cơ quan, ban đảng Trung ương"]
    assert doc.filing == "Lưu Văn phòng Trung ương Đảng"
    assert (doc.signer.authority, doc.signer.name) == ("K/T CHÁNH VĂN PHÒNG", "Lâm Thị Phương Thanh")


def test_a_letter_whose_subject_and_date_share_the_number_line():
    """Thuế tỉnh Vĩnh Long, Công văn 1539/VLO-QLDN3 (web copy): the header table read into one
    line `Số: … V/v … Vĩnh Long, ngày …`, no `Kính gửi`; a tax office (`THUẾ TỈNH …`) under
    `CỤC THUẾ`."""
    text = """|
CỤC THUẾ
**THUẾ TỈNH VĨNH LONG**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 1539/VLO-QLDN3
*V/v trả lãi tiền vay cho cổ đông*
|
*Vĩnh Long, ngày
02 tháng 12 năm 2025*
|


Ngày 18/11/2025, Thuế tỉnh Vĩnh Long có nhận được Công văn số 144/2025/CV-BSGBTr ngày 17/11/2025.

Thuế tỉnh Vĩnh Long có ý kiến như sau:
"""
    doc = process_text(text)
    assert (doc.doc_type, doc.number_symbol) == ("Công văn", "1539/VLO-QLDN3")
    assert (doc.issuer, doc.issuer_parent) == ("Thuế tỉnh Vĩnh Long", "Cục Thuế")
    assert (doc.place, doc.date, doc.title) == ("Vĩnh Long", "2025-12-02", "trả lãi tiền vay cho cổ đông")


def test_a_place_broken_over_two_lines_and_a_title_going_on_after_so():
    """UBND Thành phố Hồ Chí Minh, Quyết định 2820/QĐ-UBND (web copy): `Thành phố Hồ` / `Chí Minh,
    ngày …`; the title's line ends on `SỐ` and the number opens the next."""
    text = """ỦY BAN NHÂN
DÂN
THÀNH PHỐ HỒ CHÍ MINH
--------
CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số:
2820/QĐ-UBND
Thành phố Hồ
Chí Minh, ngày 19 tháng 11 năm 2025
QUYẾT ĐỊNH
BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ
06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ
ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.
"""
    doc = process_text(text)
    assert (doc.place, doc.date) == ("Thành phố Hồ Chí Minh", "2025-11-19")
    assert doc.issuer == "Ủy ban nhân dân thành phố Hồ Chí Minh"
    assert doc.title == (
        "BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ"
    )


def test_a_capital_title_line_opening_on_qua_goes_on():
    """Văn phòng Chính phủ, Thông báo (web copy): `… KHẮC PHỤC HẬU` / `QUẢ MƯA, LŨ …`: capitals
    after capitals are the title, though `Qua` opens many preamble sentences."""
    doc = process_text(
        "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 650/TB-VPCP\nHà Nội, ngày 01 tháng 12 năm 2025\n"
        "THÔNG BÁO\nKẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC KHẮC PHỤC HẬU\nQUẢ MƯA, LŨ TẠI TỈNH NAM TRUNG BỘ\n"
        "Ngày 29 tháng 11 năm 2025, Thủ tướng Chính phủ đã đi thị sát tình hình lũ lụt.\n"
    )
    assert doc.doc_type == "Thông báo"
    assert (
        doc.title
        == "KẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC KHẮC PHỤC HẬU QUẢ MƯA, LŨ TẠI TỈNH NAM TRUNG BỘ"
    )


def test_a_letter_that_lost_its_header_opens_on_kinh_gui():
    """UBND Thành phố Hồ Chí Minh, a Công văn whose web copy starts at `Kính gửi:`: typed a letter,
    marked as guessed (listed to check), not refused."""
    doc = process_text(
        "|\n**Kính gửi:**\n|\n- Các cơ quan chuyên môn thuộc Ủy ban nhân dân Thành phố;\n"
        "- Hội đồng nhân dân, Ủy ban nhân dân các xã, phường và đặc khu.\n|\n\n"
        "Căn cứ Kế hoạch số 13-KH/TU ngày 17 tháng 11 năm 2025 của Ban Thường vụ Thành ủy về tổ chức kiểm điểm;\n\n"
        "Chủ tịch Ủy ban nhân dân Thành phố có ý kiến chỉ đạo như sau:\n\n1. Các cơ quan tổ chức kiểm điểm.\n\n"
        "**Nơi nhận:**\n- Như trên;\n- Lưu: VT.\n|\n**KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH**\nNguyễn Mạnh Cường\n"
    )
    assert doc.refusal is None and doc.doc_type == "Công văn"
    assert "doc_type" in doc.inferred and "doc_type" in doc.quality.check
    assert doc.signer.name == "Nguyễn Mạnh Cường"


def test_a_government_telegram_and_the_office_of_the_government():
    """Công điện 220/CĐ-TTg (a type of its own) and Văn phòng Chính phủ printed on two lines
    (`VĂN PHÒNG` / `CHÍNH PHỦ`: one body, not a body under another)."""
    doc = process_text(
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 220/CĐ-TTg\nHà Nội, ngày 18 tháng 11 năm 2025\nCÔNG ĐIỆN\n"
        "TẬP TRUNG HOÀN THÀNH THỰC THI CÁC PHƯƠNG ÁN CẮT GIẢM THỦ TỤC HÀNH CHÍNH\n"
        "THỦ TƯỚNG CHÍNH PHỦ điện:\n- Bộ trưởng, Thủ trưởng cơ quan ngang bộ;\n"
    )
    assert (doc.doc_type, doc.number_symbol, doc.issuer) == ("Công điện", "220/CĐ-TTg", "Thủ tướng Chính phủ")
    office = process_text(
        "VĂN PHÒNG\nCHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 659/TB-VPCP\n"
        "Hà Nội, ngày 20 tháng 11 năm 2025\nTHÔNG BÁO\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ\n"
        "Ngày 15 tháng 11 năm 2025, Phó Thủ tướng đã chủ trì cuộc họp.\n"
    )
    assert (office.issuer, office.issuer_parent) == ("Văn phòng Chính phủ", None)


def test_a_footnote_after_the_signers_name_is_neither_name_nor_recipient():
    """UBND Cần Thơ, a plan copied from the web: the footnote `[1] Chương trình số 30-CTr/TU …`
    follows the signer's name; it is not run into the name nor onto the last recipient."""
    text = _WEB_DECISION.replace(
        "Phạm Văn Thịnh\n",
        "Phạm Văn Thịnh\n|\n\n\n** **\n\n\n[1]\nChương trình số 30-CTr/TU ngày 29/12/2017 của Thành ủy Cần Thơ;\n"
        "số 144-CTr/TU ngày 22/01/2018 của Ban Thường vụ Tỉnh ủy Hậu Giang.\n",
    )
    doc = process_text(text)
    assert doc.signer.name == "Phạm Văn Thịnh"
    assert [r.name for r in doc.recipients] == ["Như Điều 2", "Bộ Công Thương", "Văn phòng UBND tỉnh"]


def test_one_grammar_of_the_national_lines():
    """The national lines as real headers print them (samples, UBND Bắc Ninh's web copy broken as
    `CỘNG HÒA XÃ` / `HỘI CHỦ NGHĨA VIỆT NAM`, VPTW's `ĐẢNG CỘNG` / `SẢN VIỆT NAM`): one grammar
    for the header's blanking, the chrome-skipping search and an attached document's header."""
    from kehoach.parse.header import is_national_line
    from kehoach.patterns import NATIONAL_HEADER_START, NATIONAL_SPAN
    from kehoach.vntext import fold

    whole = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập – Tự do – Hạnh phúc"]
    for line in whole:
        assert NATIONAL_SPAN.fullmatch(fold(line)) and is_national_line(line)
    assert [bool(NATIONAL_HEADER_START.match(fold(line))) for line in whole] == [True, True, False]
    for second_half in ("HỘI CHỦ NGHĨA VIỆT NAM", "SẢN VIỆT NAM**"):
        assert is_national_line(second_half) and not NATIONAL_SPAN.search(fold(second_half))
    assert not is_national_line("Ủy ban nhân dân tỉnh Việt Nam hóa") and not is_national_line("CỘNG HÒA XÃ")


def test_a_youth_union_congress_header():
    """doan-spkt-vankien-daihoi-xxii-2024-duthao: the congress's name over five lines of the left
    cell (`ĐẠI HỘI ĐẠI BIỂU` / `ĐOÀN TNCS HỒ CHÍ MINH` / `TRƯỜNG …` / … / `LẦN THỨ XXII, …`) is one
    issuer; the right cell's `ĐOÀN TNCS HỒ CHÍ MINH` stands where the Party's name would (no parent);
    `VĂN KIỆN` of a congress is its report."""
    doc = process_text(
        "ĐẠI HỘI ĐẠI BIỂU\nĐOÀN TNCS HỒ CHÍ MINH\nĐOÀN TNCS HỒ CHÍ MINH\nTRƯỜNG ĐH SƯ PHẠM KỸ THUẬT\n"
        "THÀNH PHỐ HỒ CHÍ MINH\nLẦN THỨ XXII, NHIỆM KỲ 2024 – 2027\n*\nDỰ THẢO\nVĂN KIỆN\nĐẠI HỘI ĐẠI BIỂU\n"
        "ĐOÀN TNCS HỒ CHÍ MINH TRƯỜNG ĐẠI HỌC\nSƯ PHẠM KỸ THUẬT THÀNH PHỐ HỒ CHÍ MINH\n"
        "LẦN THỨ XXII, NHIỆM KỲ 2024 - 2027\n______________\nPhần thứ nhất\nKẾT QUẢ THỰC HIỆN\n"
        "I. BỐI CẢNH TÌNH HÌNH TÁC ĐỘNG ĐẾN CÔNG TÁC ĐOÀN VÀ PHONG TRÀO THANH NIÊN GIAI ĐOẠN 2022 - 2024:\n"
        "1. Bối cảnh chung:\nGiai đoạn 2022 - 2024 là giai đoạn diễn ra nhiều sự kiện chính trị đặc biệt quan trọng.\n"
    )
    assert doc.doc_type == "Báo cáo"
    assert doc.issuer == (
        "Đại hội đại biểu Đoàn TNCS Hồ Chí Minh trường ĐH sư phạm kỹ thuật thành phố Hồ Chí Minh"
        " lần thứ XXII, nhiệm kỳ 2024 – 2027"
    )
    assert doc.issuer_parent is None
    assert doc.title.startswith("ĐẠI HỘI ĐẠI BIỂU ĐOÀN TNCS HỒ CHÍ MINH TRƯỜNG ĐẠI HỌC")


def test_a_letter_copy_without_header_its_greeting_and_its_issuer_from_the_preamble():
    """Sở Nội vụ Thành phố Hồ Chí Minh, Công văn 10283/SNV-LĐTLBHXH (web copy that lost its header,
    tnt305 d604b4df6300560b): the greeting wraps with no stop, so `Thực hiện …` opens the preamble,
    not the addressee; the issuer is the body the preamble's last clause names (`Sở Nội vụ đề nghị
    … như sau:`), listed to check."""
    doc = process_text(
        "**Kính gửi:** Các\nDoanh nghiệp hoạt động cho thuê lại lao động trên địa bàn Thành phố Hồ Chí Minh\n\n"
        "Thực hiện quy định Bộ luật Lao động năm 2012 và Nghị\nđịnh số 145/2020/NĐ-CP ngày 14 tháng 12 năm 2020"
        " của Chính phủ quy định chi tiết\nvà hướng dẫn thi hành một số điều của Bộ luật Lao động;\n\n"
        "Nhằm đảm bảo thực hiện các quy định pháp luật lao động\nvề hoạt động cho thuê lại lao động. Sở Nội vụ"
        " đề nghị các doanh nghiệp có hoạt\nđộng cho thuê lại lao động trên địa bàn Thành phố tự kiểm tra, đánh"
        " giá việc thực\nhiện quy định pháp luật trong hoạt động cho thuê lại lao động, nội dung cụ thể\nnhư sau:\n\n"
        "**1.** Thường xuyên rà soát, kiểm\ntra hoạt động cho thuê lại lao động của doanh nghiệp.\n\n"
        "|\n*Nơi nhận:*\n- Như trên;\n- Bộ Nội vụ (để báo cáo);\n- Lưu: VT, P. LĐTLBHXH (ĐT).\n|\n"
        "**KT. GIÁM ĐỐC**\n**PHÓ GIÁM ĐỐC**\n**Lượng Thị Tới**\n|\n"
    )
    assert doc.addressees == [
        "Các Doanh nghiệp hoạt động cho thuê lại lao động trên địa bàn Thành phố Hồ Chí Minh"
    ]
    assert doc.preamble.startswith("Thực hiện quy định Bộ luật Lao động")
    assert (doc.doc_type, doc.issuer) == ("Công văn", "Sở Nội vụ")
    assert "issuer" in doc.inferred
    assert (doc.signer.position, doc.signer.name) == ("PHÓ GIÁM ĐỐC", "Lượng Thị Tới")


def test_a_greeting_ends_at_the_blank_line_of_a_web_copy():
    """Cục Thuế, Công văn 5680/CT-CS (web copy, tnt305 e3cc96834c0a575f): `Kính gửi: Ban …`, a blank
    line, then the letter's first sentence wrapped as `Cục Thuế` / `nhận được …`: the addressee is the
    greeting's line only, and the `- Tại Điều 11 …` quotes below are not addressees."""
    doc = process_text(
        "|\nBỘ TÀI CHÍNH\nCỤC THUẾ\n-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố:\n5680/CT-CS\n"
        "*V/v thuế TNCN từ tiền lương, tiền công.*\n|\n*Hà Nội, ngày 01 tháng 12 năm 2025*\n|\n\n\n"
        "**Kính gửi:** Ban Tuyên giáo và Dân vận Trung ương\n\nCục Thuế\nnhận được công văn số 1879-CV/BTGVTW"
        " ngày 13/8/2025 của Ban Tuyên giáo và Dân vận\nTrung ương. Về vấn đề\nnày, Cục Thuế có ý kiến như sau:\n\n"
        "- Tại Điều 11 Luật thuế thu nhập cá nhân số 04/2007/QH12 quy định thu\nnhập chịu thuế từ tiền lương:\n\n"
        "Cục Thuế\ntrả lời để Ban Tuyên giáo và Dân vận Trung ương được biết./.\n\n\n|\nNơi nhận:\n- Như trên;\n"
        "- PCT Đặng Ngọc Minh (để báo cáo);\n- Lưu VT, CS\n|\n**TL. CỤC TRƯỞNG**\n"
        "KT. TRƯỞNG BAN BAN CHÍNH SÁCH,\nTHUẾ QUỐC TẾ\nNguyễn Thị Thanh Hằng\n|\n"
    )
    assert doc.addressees == ["Ban Tuyên giáo và Dân vận Trung ương"]
    assert (doc.issuer, doc.issuer_parent, doc.title) == (
        "Cục Thuế",
        "Bộ Tài chính",
        "thuế TNCN từ tiền lương, tiền công",
    )
    assert doc.signer.authority == "TL. CỤC TRƯỞNG KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ"
    assert doc.signer.name == "Nguyễn Thị Thanh Hằng"


def test_a_letters_web_copy_with_its_marks_broken_over_lines():
    """Cục Hải quan, Công văn 40088/CHQ-GSQL (web copy, tnt305 84469287cb7bce65): `*Hà` / `Nội, ngày …*`
    (the place's first word ran onto the subject's line), `**TL.` / `CỤC TRƯỞNG**` (a signing mark
    alone on its line)."""
    doc = process_text(
        "|\nBỘ TÀI\nCHÍNH\n**CỤC HẢI QUAN**\n--------\n|\n**CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 40088/CHQ-GSQL\n*V/v ghi nhãn hàng\nhóa*\n|\n"
        "*Hà\nNội, ngày 03 tháng 12 năm 2025*\n|\n**Kính gửi: **Hội đồng Kinh doanh Hoa kỳ - ASEAN.\n"
        "Trả lời công văn số\nUSABC-HN-20251121-01 ngày 21/11/2025, Cục Hải quan có ý kiến như sau:\n"
        "Cục Hải quan trả lời để\nHội đồng Kinh doanh Hoa kỳ - ASEAN biết./.\n|\n*Nơi nhận:*\n- Như trên;\n"
        "- Lưu: VT, GSQL(3b).\n|\n**TL.\nCỤC TRƯỞNG**\n**KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ**\n"
        "PHÓ TRƯỞNG BAN\n**Nguyễn Anh Tài**\n|\n"
    )
    assert (doc.place, doc.date, doc.title) == ("Hà Nội", "2025-12-03", "ghi nhãn hàng hóa")
    assert (doc.issuer, doc.issuer_parent) == ("Cục Hải quan", "Bộ Tài chính")
    assert doc.signer.authority == "TL. CỤC TRƯỞNG KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ"
    assert (doc.signer.position, doc.signer.name) == ("PHÓ TRƯỞNG BAN", "Nguyễn Anh Tài")


def test_a_greeting_broken_after_kinh_and_a_deputys_title_on_the_authoritys_wrapped_line():
    """Cục Hải quan, Công văn 39365/CHQ-GSQL (web copy, tnt305 9ca435f010e53248): `**Kính` / `gửi:**`
    is a greeting, not the end of the date's line; `KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ` / `VỀ HQ PHÓ
    TRƯỞNG BAN`: the authority's end and the deputy's title on one line."""
    doc = process_text(
        "|\nBỘ TÀI CHÍNH\n**CỤC HẢI QUAN**\n--------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 39365/CHQ-GSQL\n*V/v nhập khẩu hàng\nhóa*\n|\n"
        "*Hà Nội, ngày 02 tháng 12 năm 2025*\n|\n**Kính\ngửi:** Công ty TNHH\nTokokosen.\n"
        "Trả lời công văn số\n01-10/2025/CV-TKV của Công ty TNHH Tokokosen, Cục Hải quan có ý kiến như sau:\n"
        "1. Về phương tiện quay vòng\n- Phương tiện quay vòng được quy định tại khoản 1 Điều 49.\n"
        "Đề nghị Công ty căn cứ các quy định\nnêu trên để thực hiện./.\n|\n*Nơi nhận:*\n**- **Như trên;\n"
        "- PCT Âu Anh Tuấn (để b/c);\n- Lưu: VT, GSQL (2b).\n|\n**TL. CỤC TRƯỞNG**\n"
        "**KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ **\nVỀ HQ PHÓ TRƯỞNG BAN\n**Nguyễn Bắc Hải**\n|\n"
    )
    assert (doc.place, doc.date, doc.title) == ("Hà Nội", "2025-12-02", "nhập khẩu hàng hóa")
    assert doc.addressees == ["Công ty TNHH Tokokosen"]
    assert doc.signer.authority == "TL. CỤC TRƯỞNG KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ"
    assert (doc.signer.position, doc.signer.name) == ("PHÓ TRƯỞNG BAN", "Nguyễn Bắc Hải")


def test_a_web_copy_without_header_takes_no_issuer_from_the_sites_chrome():
    """A legal-documents site's page (the chrome of tnt305's copies: its notices, `CÁC NỘI DUNG ĐƯỢC
    SỬA ĐỔI, HƯỚNG DẪN` in capitals, a metadata table) above a copy that lost its header (Ban Tuyên
    giáo và Dân vận Trung ương, Hướng dẫn, dev tnt-hd-2025-baocaovien-noheader; Sở Nội vụ Thành phố Hồ
    Chí Minh, a letter, tnt305 d604b4df6300560b): the chrome's capitals print no header mark (national
    line, number, date, subject), so they are no issuer; the issuer comes from the preamble, listed to
    check, and a copy opening on `Kính gửi` is still a letter."""
    guidance = process_text(
        _WEB_CHROME
        + "\n**HƯỚNG DẪN**\n\n**XÂY DỰNG, KIỆN\nTOÀN ĐỘI NGŨ BÁO CÁO VIÊN CÁC CẤP**\n\n**-----**\n\n"
        "- Căn cứ Quy định số 294-QĐ/TW, ngày\n26/5/2025 của Ban Chấp hành Trung ương Đảng khóa XIII về thi hành"
        " Điều lệ Đảng;\n\nBan Tuyên giáo và Dân vận Trung ương\nhướng dẫn việc xây dựng, kiện toàn đội ngũ báo"
        " cáo viên các cấp như sau:\n\n**I. NGUYÊN TẮC\nCHUNG**\n\n1. Báo cáo viên các cấp do cấp ủy quyết định.\n"
    )
    assert guidance.doc_type == "Hướng dẫn"
    assert (guidance.issuer, guidance.issuer_parent) == ("Ban Tuyên giáo và Dân vận Trung ương", None)
    assert "issuer" in guidance.inferred and "issuer" in guidance.quality.check
    letter = process_text(
        _WEB_CHROME
        + "\n**Kính gửi:** Các\nDoanh nghiệp hoạt động cho thuê lại lao động trên địa bàn Thành phố"
        " Hồ Chí Minh\n\nNhằm đảm bảo thực hiện các quy định pháp luật lao động. Sở Nội vụ đề nghị các doanh"
        " nghiệp tự kiểm tra, nội dung cụ thể\nnhư sau:\n\n**1.** Thường xuyên rà soát hoạt động cho thuê lại"
        " lao động.\n"
    )
    assert (letter.doc_type, letter.issuer, letter.issuer_parent) == ("Công văn", "Sở Nội vụ", None)
    assert {"doc_type", "issuer"} <= set(letter.inferred)


def test_a_letter_without_header_named_by_its_annex_and_its_preamble():
    """Bộ Văn hóa, Thể thao và Du lịch, Công văn 6386/BVHTTDL-KHCNĐTMT (web copy that lost its header,
    tnt305 f0a3d9f100d0791b): the issuer is named with commas and an abbreviation in the preamble's last
    clause (`Bộ Văn hóa, Thể thao và Du lịch (VHTTDL) đề nghị … như sau:`); the annex's `(Kèm theo Công văn
    số …)` gives number and date, whatever the type; `Các Thứ trưởng*;*` keeps no italic mark."""
    doc = process_text(
        "**Kính gửi:** Các cơ sở\nđào tạo trực thuộc Bộ\n\nThực\nhiện Công văn số 6400/BGDĐT-GDĐH ngày 10/10/2025"
        " của Bộ Giáo\ndục và Đào tạo (có Thông báo, Công văn gửi kèm). Bộ Văn hóa, Thể\nthao và Du lịch (VHTTDL)"
        " đề nghị các cơ sở đào tạo trực thuộc Bộ nghiêm túc thực hiện một số nhiệm vụ năm học 2025 - 2026 với\n"
        "các nội dung chủ yếu như sau:\n\n**I. NHIỆM VỤ CHUNG**\n\nTriển\nkhai thực hiện các chủ trương.\n\n"
        "|\nNơi nhận:\n- Như trên;\n- Bộ trưởng *(để báo cáo);*\n- Các Thứ trưởng*;*\n- Lưu: VT, KHCNĐTMT, TL 02.\n"
        "|\n**KT. BỘ TRƯỞNG **\nTHỨ TRƯỞNG\nPhan Tâm\n|\n\n\n**PHỤ LỤC**\n\nQUY MÔ TUYỂN SINH, ĐÀO TẠO VÀ TỐT\n"
        "NGHIỆP\n\n*(Kèm theo Công văn số 6386/BVHTTDL-KHCNĐTMT ngày 25/11/2025 của Bộ Văn hóa,\n"
        "Thể thao và Du lịch)*\n\n**A.\nĐÀO TẠO ĐẠI HỌC VÀ GIÁO DỤC NGHỀ NGHIỆP**\n"
    )
    assert (doc.doc_type, doc.issuer) == ("Công văn", "Bộ Văn hóa, Thể thao và Du lịch")
    assert (doc.number_symbol, doc.date) == ("6386/BVHTTDL-KHCNĐTMT", "2025-11-25")
    assert {"issuer", "number_symbol", "date"} <= set(doc.inferred)
    assert [r.name for r in doc.recipients] == ["Như trên", "Bộ trưởng", "Các Thứ trưởng"]


def test_a_concurrent_post_over_two_title_lines_and_a_decider_under_the_title():
    """Ban Chỉ đạo quốc gia về phát triển ngành công nghiệp bán dẫn, Quyết định 172/QĐ-BCĐPTCNBD (web copy
    that lost its header, tnt305 c258e5aa7ee387c3): the signer holds two posts printed over two title
    lines (`TRƯỞNG BAN` / `PHÓ THỦ TƯỚNG`): the position is the title it signs in, the other post is kept
    apart (`concurrent`), neither glued to the name; the issuer is the body whose head decides (`TRƯỞNG BAN CHỈ ĐẠO QUỐC GIA …` under the title),
    listed to check; number and date from the attached Quy chế's `(Kèm theo Quyết định số …)`."""
    doc = process_text(
        "**QUYẾT ĐỊNH**\n\nBAN\nHÀNH QUY CHẾ TỔ CHỨC VÀ HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO QUỐC GIA VỀ PHÁT TRIỂN NGÀNH\n"
        "CÔNG NGHIỆP BÁN DẪN\n\n**TRƯỞNG BAN CHỈ ĐẠO QUỐC GIA VỀ PHÁT TRIỂN NGÀNH CÔNG\nNGHIỆP BÁN DẪN**\n\n"
        "*Căn cứ Luật Tổ chức\nChính phủ ngày 18 tháng 02 năm 2025;*\n\n**QUYẾT ĐỊNH:**\n\n"
        "**Điều 1. **Ban hành kèm theo Quyết\nđịnh này Quy chế tổ chức và hoạt động của Ban Chỉ đạo.\n\n"
        "**Điều 2.** Quyết định này có hiệu\nlực thi hành kể từ ngày ký ban hành.\n\n\n|\n*Nơi nhận:*\n"
        "- Thủ tướng, các Phó Thủ tướng Chính phủ;\n- Các thành viên Ban Chỉ đạo;\n- Lưu: VT, BCĐPTCNBD (2b).\n|\n"
        "**TRƯỞNG BAN**\n**PHÓ THỦ TƯỚNG**\n**Nguyễn Chí Dũng**\n|\n\n\n**QUY CHẾ**\n\nTỔ\n"
        "CHỨC VÀ HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO QUỐC GIA VỀ PHÁT TRIỂN NGÀNH CÔNG NGHIỆP BÁN\nDẪN\n\n"
        "*(Kèm theo Quyết định số 172/QĐ-BCĐPTCNBD ngày 25 tháng 11 năm 2025 của Trưởng\n"
        "Ban Chỉ đạo quốc gia về phát triển ngành công nghiệp bán dẫn)*\n\n**Chương I**\n\n"
        "**NHỮNG QUY ĐỊNH CHUNG**\n\n**Điều 1. Phạm vi và đối tượng\náp dụng**\n\nQuy chế này quy định nguyên tắc.\n"
    )
    signer = doc.signer
    assert (signer.authority, signer.position, signer.concurrent, signer.name) == (
        None,
        "TRƯỞNG BAN",
        "PHÓ THỦ TƯỚNG",
        "Nguyễn Chí Dũng",
    )
    assert doc.issuer == "Ban Chỉ đạo quốc gia về phát triển ngành công nghiệp bán dẫn"
    assert (doc.number_symbol, doc.date) == ("172/QĐ-BCĐPTCNBD", "2025-11-25")
    assert {"issuer", "number_symbol", "date"} <= set(doc.inferred)


def test_a_title_broken_after_pho_is_one_title_and_a_kiem_line_goes_on_the_post():
    """btctw-hd38-2025-congtac-dangvien: `PHÓ` / `TRƯỞNG BAN` is one title broken by the column, not two
    posts. A concurrent post printed in lower case under the title (`GIÁM ĐỐC` / `kiêm …`, the form the
    brief of issue 13 names; no real copy found in the development documents) is kept apart, and
    when the copy ran it onto the signer's name, the name is read apart."""
    c = _closing(
        "Nơi nhận:\nK/T TRƯỞNG BAN\n- Ban Bí thư (để báo cáo),\nPHÓ\nTRƯỞNG BAN\n- Lưu VP.\nNguyễn Thanh Bình\n"
    )
    assert (c.signer.position, c.signer.name) == ("PHÓ TRƯỞNG BAN", "Nguyễn Thanh Bình")
    c = _closing("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\nkiêm Chủ tịch Hội đồng Nguyễn Văn An\n")
    assert (c.signer.position, c.signer.concurrent, c.signer.name) == (
        "GIÁM ĐỐC",
        "kiêm Chủ tịch Hội đồng",
        "Nguyễn Văn An",
    )


def test_the_end_of_an_underlined_recipients_label_is_no_recipient():
    """Ban Tổ chức Trung ương, Hướng dẫn 45-HD/BTCTW (web copy, tnt305 fe168907f6107711): `__Nơi nhận: __`,
    the underline closing after the colon, is not a recipient."""
    c = process_text(
        "|\nBAN CHẤP HÀNH\nTRUNG ƯƠNG\n**BAN TỔ CHỨC**\n*****\n|\n**ĐẢNG CỘNG SẢN\nVIỆT NAM**\n|\n"
        "Số 45-HD/BTCTW\n|\n*Hà Nội, ngày 21 tháng 11 năm 2025*\n|\n\n\n**HƯỚNG DẪN**\n\nMỘT SỐ NỘI DUNG\n\n"
        "**I. Về\nphân cấp quản lý cán bộ**\n\n1. Về\ntrách nhiệm của các cấp ủy.\n\n\n|\n"
        "__Nơi nhận: __\n- Bộ Chính trị, Ban Bí thư (để b/c),\n- Lãnh đạo Ban,\n- Lưu VP, Vụ CB.\n|\n"
        "**K/T TRƯỞNG\nBAN**\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC\n**Hoàng Đăng Quang**\n|\n"
    )
    assert [r.name for r in c.recipients] == ["Bộ Chính trị, Ban Bí thư", "Lãnh đạo Ban"]
    assert (c.filing, c.signer.position) == ("Lưu VP, Vụ CB", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC")


def test_a_letter_that_opens_on_its_first_item_names_its_issuer_there():
    """Cục Lãnh sự, Bộ Ngoại giao, Công văn 5609/LS-XNC (web copy that lost its header, tnt305
    ce52cc3a1def51f6): `**Kính` / `gửi:**`, twelve addressees, then `**1.**` alone on its line after the
    last addressee's full stop; the first item's clause names the issuer (`…, Cục Lãnh sự Bộ Ngoại giao
    xin trân trọng thông báo:`), listed to check."""
    addressees = [
        "Cục Quản trị A, Văn phòng Trung ương Đảng",
        "Văn phòng các Ban của Đảng",
        "Vụ Đối ngoại, Văn phòng Chủ tịch nước",
        "Vụ Quan hệ Quốc tế, Văn phòng Chính phủ",
        "Vụ Quan hệ quốc tế, Văn phòng Quốc hội",
        "Văn phòng các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
        "Văn phòng UBND, HĐND, Tỉnh ủy, Thành ủy các tỉnh, thành phố trực thuộc Trung ương",
        "Văn phòng Tòa án nhân dân tối cao",
        "Văn phòng Viện kiểm sát nhân dân tối cao",
        "Văn phòng Kiểm toán nhà nước",
        "Văn phòng Cơ quan Ủy ban Trung ương Mặt trận Tổ Quốc Việt Nam",
        "Sở Ngoại vụ các tỉnh, thành phố trực thuộc Trung ương",
    ]
    doc = process_text(
        "|\n**Kính\ngửi:**\n|\n"
        + "".join(f"- {a};\n" for a in addressees[:-1])
        + f"- {addressees[-1]}.\n|\n\n**1.**\nThực hiện chủ trương của Chính phủ về đẩy mạnh cải cách thủ tục hành"
        " chính và\ntăng cường ứng dụng chuyển đổi số trong giải quyết thủ tục hành chính, Cục Lãnh\nsự Bộ Ngoại"
        " giao xin trân trọng thông báo:\n\n**2.**\nCác thủ tục nêu trên sẽ được tiếp nhận qua Cổng dịch vụ công.\n\n"
        "Cục Lãnh sự Bộ Ngoại\ngiao xin trao đổi và cảm ơn sự phối hợp của Quý Cơ quan./.\n\n\n|\nNơi nhận:\n"
        "- Như trên;\n- Lãnh đạo Bộ (để b/c);\n- Lưu: VP, XNC.\n|\n**KT.\nCỤC TRƯỞNG **\n**PHÓ CỤC TRƯỞNG**\n"
        "Lương Thanh Quảng\n|\n"
    )
    assert doc.addressees == addressees
    assert (doc.doc_type, doc.issuer) == ("Công văn", "Cục Lãnh sự Bộ Ngoại giao")
    assert "issuer" in doc.inferred
    assert (doc.signer.authority, doc.signer.position) == ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG")


def test_a_greeting_wrapped_onto_a_preamble_opening_on_xet():
    """Văn phòng Chính phủ, Công văn 11298/VPCP-KTTH (web copy, tnt305 a8b680520cc297f0): the greeting
    wraps with no stop and `Xét báo cáo của …` opens the preamble; `V/v:` with its colon."""
    doc = process_text(
        "**VĂN\nPHÒNG CHÍNH PHỦ**\n--------\n|\n**CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 11298/VPCP-KTTH\n*V/v: động lực tăng\n"
        "trưởng kinh tế trong những tháng cuối năm 2025*\n|\n*Hà Nội, ngày 17 tháng 11 năm 2025*\n|\n"
        "**Kính gửi:** Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc\nChính phủ\nXét báo cáo của Bộ Tài\n"
        "chính tại văn bản số 621/BC-BTC ngày 11 tháng 11 năm 2025, Phó Thủ tướng Chính\nphủ Hồ Đức Phớc có ý kiến"
        " như sau:\nCác Bộ nghiên cứu các nội dung, giải pháp tại Báo cáo số\n621/BC-BTC nêu trên.\n"
        "Văn phòng Chính phủ\nthông báo để các Bộ, cơ quan biết, thực hiện./.\n|\n*Nơi nhận**:*\n- Như trên;\n"
        "- Lưu: VT, KTTH (02).\n|\n**KT. BỘ TRƯỞNG,\nCHỦ NHIỆM**\nPHÓ CHỦ NHIỆM\n**Mai Thị Thu Vân**\n|\n"
    )
    assert doc.addressees == ["Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc Chính phủ"]
    assert doc.preamble.startswith("Xét báo cáo của Bộ Tài chính")
    assert (doc.issuer, doc.title) == (
        "Văn phòng Chính phủ",
        "động lực tăng trưởng kinh tế trong những tháng cuối năm 2025",
    )
    assert (doc.signer.authority, doc.signer.position) == ("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM")


def test_a_city_letter_without_header_its_issuer_and_its_purposes_after_the_semicolon():
    """UBND Thành phố Hà Nội, Công văn 6397/UBND-KT (web copy that lost its header, tnt305 88b7667d728aef13):
    the preamble's clause ends on `… một số nội dung sau:` and names the issuer (`UBND Thành phố yêu cầu
    …`); `- Thường trực Thành ủy; *(để b/c)*` is a copy for report."""
    doc = process_text(
        "** **\n\n|\n**Kính gửi:**\n|\n- Các sở, ban, ngành thuộc Thành phố;\n- Ủy ban nhân dân các xã, phường.\n|\n\n"
        "Thực hiện chỉ đạo của Ban Thường\nvụ Thành ủy tại Văn bản số 43-CV/TU ngày 12/11/2025 về việc tăng cường"
        " quản lý\ncông tác đấu thầu trên địa bàn Thành phố, UBND Thành phố yêu cầu các sở, ban,\nngành, UBND các"
        " xã, phường tiếp tục nghiên cứu, tuân thủ thực hiện một số nội dung sau:\n\n**1. Yêu cầu\nchung:**\n\n"
        "- Ý kiến chỉ đạo của Ban Thường\nvụ Thành ủy tại Văn bản số 43-CV/TU ngày 12/11/2025.\n\n* *\n\n|\n"
        "Nơi nhận:\n- Như trên;\n- Thường trực Thành ủy; *(để b/c)*\n- Thường trực HĐND TP; *(để b/c)*\n"
        "- Lưu: VT, KT.\n|\n**TM. ỦY BAN NHÂN\nDÂN**\nKT. CHỦ TỊCH\n**PHÓ CHỦ TỊCH**\n**Nguyễn Xuân Lưu**\n|\n"
    )
    assert (doc.doc_type, doc.issuer) == ("Công văn", "UBND Thành phố")
    assert "issuer" in doc.inferred
    assert [(r.name, r.purpose) for r in doc.recipients] == [
        ("Như trên", None),
        ("Thường trực Thành ủy", "báo cáo"),
        ("Thường trực HĐND TP", "báo cáo"),
    ]
    assert doc.signer.authority == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"


def test_a_letters_subject_opening_on_ve_under_the_number_is_its_title():
    """A Công văn whose subject opens on `Về …` instead of `V/v …` (a miss of the second fresh set):
    the subject under the number is the title, its marker dropped as `V/v` is (CONVENTIONS), and it is
    no part of the place printed under it. The header is Cục Thuế's Công văn 5680/CT-CS (tnt305
    e3cc96834c0a575f) with its subject's marker printed `Về` (no copy printing it was found among the
    development documents read); the second form is uit-cv172's number line with the same marker."""
    doc = process_text(
        "|\nBỘ TÀI CHÍNH\nCỤC THUẾ\n-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\n|\n|\nSố:\n5680/CT-CS\n*Về thuế TNCN từ tiền lương, tiền công.*\n|\n"
        "*Hà Nội, ngày 01 tháng 12 năm 2025*\n|\n\n\n**Kính gửi:** Ban Tuyên giáo và Dân vận Trung ương\n\n"
        "Cục Thuế\nnhận được công văn số 1879-CV/BTGVTW ngày 13/8/2025 của Ban Tuyên giáo và Dân vận Trung ương.\n"
    )
    assert (doc.doc_type, doc.title, doc.place) == (
        "Công văn",
        "thuế TNCN từ tiền lương, tiền công",
        "Hà Nội",
    )
    union = process_text(
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nCÔNG ĐOÀN GIÁO DỤC VIỆT NAM\n"
        "Số: 172/CĐN-TGNC Về tuyên truyền kết quả Đại hội Công đoàn Việt Nam lần thứ XI\n"
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 9 tháng 8 năm 2013\n"
        "Kính gửi:\n- Công đoàn Giáo dục các tỉnh, thành phố trực thuộc TW;\n"
    )
    assert (union.number_symbol, union.title) == (
        "172/CĐN-TGNC",
        "tuyên truyền kết quả Đại hội Công đoàn Việt Nam lần thứ XI",
    )


def test_the_prime_ministers_title_broken_over_two_header_lines_is_one_issuer():
    """Thủ tướng Chính phủ, Quyết định 2623/QĐ-TTg (web copy, tnt305 86367f2ddb2225cd): `**THỦ TƯỚNG` /
    `CHÍNH PHỦ**` is one issuer (as `VĂN PHÒNG` / `CHÍNH PHỦ` is), not the Government under a parent."""
    doc = process_text(
        "|\n**THỦ TƯỚNG\nCHÍNH PHỦ**\n--------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 2623/QĐ-TTg\n|\n*Hà Nội, ngày\n"
        "29 tháng 11 năm 2025*\n|\n\n\n**QUYẾT ĐỊNH**\n\nBAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ\n"
        "LIỆU CÁ NHÂN\n\n**THỦ TƯỚNG CHÍNH PHỦ**\n\n*Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm\n2025; *\n"
    )
    assert (doc.issuer, doc.issuer_parent, doc.number_symbol) == ("Thủ tướng Chính phủ", None, "2623/QĐ-TTg")


def test_a_telegrams_authority_split_inside_a_word_and_a_recipient_wrapped_in_capitals():
    """Thủ tướng Chính phủ, Công điện 226/CĐ-TTg (web copy, tnt305 858c0de43c18ce78): `**TH****Ủ` /
    `TƯỚNG CHÍNH PHỦ điện:**` (the bold split inside a word) is the authority line, not the title's last
    line; `- VPCP: …, các Vụ, Cục: NN, CN, KGVX,` / `TH;` is one recipient wrapped, not a position."""
    doc = process_text(
        "|\n**THỦ TƯỚNG CHÍNH PHỦ**\n**-------**\n|\n**CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 226/CĐ-TTg\n|\n*Hà\nNội, ngày 21 tháng 11 năm 2025*\n|\n"
        "**CÔNG ĐIỆN**\nVỀ VIỆC TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ VÀ SỬ DỤNG HÀNG DỰ TRỮ QUỐC GIA ĐỂ HỖ\n"
        "TRỢ, ỨNG PHÓ MƯA, LŨ TẠI KHU VỰC TRUNG BỘ\n**TH****Ủ\nTƯỚNG CHÍNH PHỦ điện:**\n|\n** **\n|\n"
        "- Bộ trưởng\ncác Bộ:\n|\nQuốc phòng, Công an, Tài chính,\nNông nghiệp và Môi trường, Y tế.\n|\n"
        "Trong tháng 11\nnăm 2025, do mưa, lũ lớn tại khu vực Trung Bộ đã xảy ra tình trạng ngập\nlụt sâu.\n"
        "**1.** Bộ Tài chính chủ trì, phối hợp với các Bộ, cơ quan liên quan và\ncác địa phương:\n"
        "a) Rà soát các mặt\nhàng dự trữ quốc gia.\n|\nNơi nhận:\n- Như trên;\n- Đài THVN, Đài TNVN, TTXVN;\n"
        "- VPCP: BTCN, các PCN, các Trợ lý TTg, Cổng TTĐT, các Vụ, Cục: NN, CN, KGVX,\nTH;\n- Lưu: VT, KTTH (2)\n|\n"
        "**THỦ TƯỚNG**\nPhạm Minh Chính\n|\n"
    )
    assert doc.title == (
        "VỀ VIỆC TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ VÀ SỬ DỤNG HÀNG DỰ TRỮ QUỐC GIA ĐỂ HỖ TRỢ, ỨNG PHÓ MƯA, LŨ TẠI KHU VỰC"
        " TRUNG BỘ"
    )
    assert (
        doc.recipients[-1].name
        == "VPCP: BTCN, các PCN, các Trợ lý TTg, Cổng TTĐT, các Vụ, Cục: NN, CN, KGVX, TH"
    )
    assert (doc.signer.position, doc.signer.name, doc.filing) == (
        "THỦ TƯỚNG",
        "Phạm Minh Chính",
        "Lưu: VT, KTTH (2)",
    )


def test_party_letters_and_congress_bodies_as_the_partys_form_guidance_prints_them():
    """Hướng dẫn 36-HD/VPTW (2018, /work/shared/reference), the examples of its 1.2 and 1.5: a Party
    letter prints its subject under the number with no `V/v` (`Số 268-CV/VPTU` / `Chuẩn bị hội nghị trực
    tuyến` / `quán triệt Nghị quyết Trung ương 6 khoá XII`) under the issuer `TỈNH UỶ KIÊN GIANG` /
    `VĂN PHÒNG`; a congress's secretariat names itself under the congress (`ĐẠI HỘI ĐẠI BIỂU` / `ĐẢNG BỘ
    KHỐI CÁC CƠ QUAN TRUNG ƯƠNG` / `LẦN THỨ …` / `ĐOÀN THƯ KÝ`: issuer the secretariat, parent the congress)."""
    letter = process_text(
        "TỈNH UỶ KIÊN GIANG\nVĂN PHÒNG\n*\nSố 268-CV/VPTU\nChuẩn bị hội nghị trực tuyến\n"
        "quán triệt Nghị quyết Trung ương 6 khoá XII\nĐẢNG CỘNG SẢN VIỆT NAM\nKiên Giang, ngày 05 tháng 12 năm 2017\n"
        "Kính gửi: Các huyện uỷ, thành uỷ trực thuộc Tỉnh uỷ\n"
    )
    assert (letter.doc_type, letter.number_symbol) == ("Công văn", "268-CV/VPTU")
    assert letter.title == "Chuẩn bị hội nghị trực tuyến quán triệt Nghị quyết Trung ương 6 khoá XII"
    assert (letter.issuer, letter.issuer_parent) == ("Văn phòng", "Tỉnh uỷ Kiên Giang")
    from kehoach.parse.header import parse_header

    h = parse_header(
        split_paragraphs(
            "ĐẠI HỘI ĐẠI BIỂU\nĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG\nLẦN THỨ XIII\nĐOÀN THƯ KÝ\n*\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        )
    )
    assert (h.issuer, h.issuer_parent) == (
        "Đoàn thư ký",
        "Đại hội đại biểu Đảng bộ Khối các cơ quan Trung ương lần thứ XIII",
    )


_SIGNED_THEN_PAGE_TAIL = (
    "Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.\n\n"
    "|\n*Nơi nhận:*\n- Như Điều 3;\n- Lưu: VT, KGVX (3). ĐND\n|\n**KT. THỦ TƯỚNG**\nPHÓ THỦ TƯỚNG\n"
    "Lê Thành Long\n|\n"
    "Quyết định 2536/QĐ-TTg năm 2025 chuyển Trường Đại học Công nghiệp Hà Nội thành Đại học Công nghiệp\n"
    "Văn bản này chưa cập nhật nội dung Tiếng Anh\n"
    "Quyết định 2536/QĐ-TTg ngày 20/11/2025 chuyển Trường Đại học Công nghiệp Hà Nội\n"
    "## Văn bản liên quan\nBan hành:\n05/11/2025\nHiệu lực: Đã biết\n|\nNỘI DUNG SỬA ĐỔI, HƯỚNG DẪN\n"
    "FILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN\n"
    "Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân (hiệu lực từ ngày 01/07/2023) yêu cầu xác nhận\n"
)


def test_a_web_pages_own_text_below_the_document_is_not_read():
    """Thủ tướng Chính phủ, Quyết định 2536/QĐ-TTg (a legal site's web copy; the same page tail under
    the dev copy tnt-cv11654 and eight documents of the third evaluation set): below the signature the
    site prints its summary of the page, `Văn bản này chưa cập nhật nội dung Tiếng Anh`, its related
    documents, an amendments panel in capitals and its personal-data notice citing Nghị định
    13/2023/NĐ-CP. None of it is the document: the signer's name is not run into the site's summary,
    the panel's capitals are not the position, the notice's decree is not cited; a warning says the
    tail was left out and the raw text keeps it."""
    head = (
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 2536/QĐ-TTg\nHà Nội, ngày 20 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n"
        "Về việc chuyển Trường Đại học Công nghiệp Hà Nội thành Đại học Công nghiệp Hà Nội\n\n"
        "THỦ TƯỚNG CHÍNH PHỦ\n\nCăn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Chuyển Trường Đại học Công nghiệp Hà Nội thành Đại học Công nghiệp Hà Nội.\n\n"
        "Điều 2. Đại học Công nghiệp Hà Nội có trách nhiệm tổ chức thực hiện.\n\n"
    )
    doc = process_text(head + _SIGNED_THEN_PAGE_TAIL)
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "KT. THỦ TƯỚNG",
        "PHÓ THỦ TƯỚNG",
        "Lê Thành Long",
    )
    assert "13/2023/NĐ-CP" not in {r.number_symbol for r in doc.references}
    assert "Văn bản liên quan" not in doc.text and "Văn bản liên quan" in doc.raw_text
    assert any("trang web" in w for w in doc.warnings)


def test_a_documents_own_related_documents_line_in_its_first_third_is_kept():
    """The page-tail markers end a document only below its first third: a line `Văn bản liên quan`
    printed near the top (a site's chrome above the header, or a document's own heading) is left to the
    header finder, and a document without any marker loses nothing."""
    from kehoach.normalize import page_tail_start

    body = "Nội dung văn bản.\n" * 30
    assert page_tail_start("Văn bản liên quan\n" + body) is None
    assert page_tail_start(body) is None
    text = body + "Quyết định 12/QĐ-UBND năm 2025 về việc\nVăn bản này chưa cập nhật nội dung Tiếng Anh\n"
    assert text[page_tail_start(text) :].startswith("Quyết định 12/QĐ-UBND năm 2025")


def test_a_title_line_ending_on_cho_goes_on_onto_a_posts_name():
    """Ủy ban nhân dân tỉnh Thanh Hóa, Quyết định 3617/QĐ-UBND (web copy): the title's first line ends
    on `CHO` and the next opens on a post (`CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH …`), which alone
    would read as the decision's authority line; a line ending on a word that needs what follows goes
    on. The authority line below (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA`) still ends the title."""
    doc = process_text(
        "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 3617/QĐ-UBND\nThanh Hóa, ngày 20 tháng 11 năm 2025\n\n**QUYẾT ĐỊNH**\nVỀ VIỆC ỦY QUYỀN CHO\n"
        "CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ THỦ TỤC HÀNH CHÍNH, DANH MỤC THỦ\nTỤC HÀNH CHÍNH\n"
        "**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA**\n*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 "
        "tháng 6 năm 2025;*\n\n**QUYẾT ĐỊNH:**\n\n**Điều 1.** Ủy quyền cho Chánh Văn phòng.\n"
    )
    assert doc.title == (
        "VỀ VIỆC ỦY QUYỀN CHO CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH CÔNG BỐ THỦ TỤC HÀNH CHÍNH, "
        "DANH MỤC THỦ TỤC HÀNH CHÍNH"
    )


def test_labels_inside_a_quoted_passage_over_several_paragraphs_are_not_nodes():
    """Hội đồng nhân dân thành phố Huế, Nghị quyết 37/2025/NQ-HĐND (web copy): an amending clause
    quotes the new article (`“Điều 6. …` / `1. Trước ngày …` / `3. … hỗ trợ.”`); its labels are the
    amended regulation's, text of the clause that quotes them. The clause after the closing quote is
    a node again."""
    doc = process_text(
        "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HUẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 37/2025/NQ-HĐND\nThành phố Huế, ngày 10 tháng 12 năm 2025\n\n**NGHỊ QUYẾT**\n"
        "SỬA ĐỔI MỘT SỐ ĐIỀU\n\n**QUYẾT NGHỊ:**\n\n**Điều 1. Sửa\nđổi, bổ sung một số điều**\n\n"
        "1. Sửa đổi,\nbổ sung Điều 6 như sau:\n\n**“Điều 6. Quy trình thực hiện**\n\n"
        "1. Trước ngày 20 tháng 12 hằng\nnăm, Ủy ban nhân dân cấp xã lập danh sách.\n\n"
        "2. Cơ quan Bảo hiểm xã hội\nthành phố tổng hợp danh sách.\n\n3. Sở Tài chính thẩm định hồ\nsơ.”\n\n"
        "2. Bãi bỏ khoản 3 Điều 7 của\nQuy định.\n\n**Điều 2. Hiệu lực thi hành**\n\nNghị quyết có hiệu lực.\n"
    )
    assert [(r[0], r[1]) for r in _rows(doc.outline)] == [
        ("Điều 1.", "article"),
        ("1.", "clause"),
        ("2.", "clause"),
        ("Điều 2.", "article"),
    ]


def test_a_law_article_quoted_by_a_letter_opens_no_outline():
    """Cục Thuế, answer on late-payment interest (web copy, header lost): the letter quotes `“Điều 59. …`
    with its clauses `1.` and points `a)`, `b)` up to the closing quote; no node of the letter."""
    doc = process_text(
        "Kính gửi: Công ty TNHH TKG Taekwang Cần Thơ\n\nCục Thuế nhận được công văn của Công ty. Về vấn đề "
        "này, Cục Thuế có ý kiến như sau:\n\n-* *Tại Điều 59 Luật Quản lý thuế năm 2019 quy\nđịnh:\n\n"
        "*“Điều 59. Xử lý đối với việc chậm nộp tiền thuế*\n\n*1. Các trường hợp phải nộp tiền chậm nộp "
        "bao gồm:*\n\n*a) Người nộp thuế chậm nộp tiền thuế so với thời\nhạn quy định;*\n\n*b) Người nộp "
        "thuế khai bổ sung hồ sơ khai thuế\nlàm tăng số tiền thuế phải nộp;”*\n\nCục Thuế trả lời để Công "
        "ty được biết.\n\n*Nơi nhận:*\n- Như trên;\n- Lưu: VT, CS.\n\nTL. CỤC TRƯỞNG\nKT. TRƯỞNG BAN CHÍNH "
        "SÁCH, THUẾ QUỐC TẾ\nPHÓ TRƯỞNG BAN\n\nNguyễn Văn A\n"
    )
    assert _rows(doc.outline) == []


def test_a_title_ending_on_dien_tu_stops_at_the_authority_line():
    """Chính phủ, Nghị quyết 389/NQ-CP (web copy, fourth evaluation set): the title's last line ends on
    `ĐIỆN TỬ`, which folds to the preposition `từ`; the words a title line cannot end on are compared as
    printed, so `CHÍNH PHỦ` below it is still the resolution's authority line, not the title's end."""
    doc = process_text(
        "CHÍNH PHỦ\n--------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 389/NQ-CP\nHà Nội, ngày 02 tháng 12 năm 2025\n\n**NGHỊ QUYẾT**\nVỀ\n"
        "VIỆC BỔ SUNG DANH SÁCH CÁC CỬA KHẨU QUỐC TẾ CHO PHÉP NGƯỜI NƯỚC NGOÀI NHẬP CẢNH,\n"
        "XUẤT CẢNH BẰNG THỊ THỰC ĐIỆN TỬ\n**CHÍNH PHỦ**\n*Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 "
        "năm 2025;*\n\n**QUYẾT NGHỊ:**\n\n**Điều 1.** Bổ sung danh sách.\n"
    )
    assert doc.title == (
        "VỀ VIỆC BỔ SUNG DANH SÁCH CÁC CỬA KHẨU QUỐC TẾ CHO PHÉP NGƯỜI NƯỚC NGOÀI NHẬP CẢNH, "
        "XUẤT CẢNH BẰNG THỊ THỰC ĐIỆN TỬ"
    )


def test_a_bodys_name_broken_after_uy_is_one_line():
    """Ủy ban nhân dân thành phố Đà Nẵng, Quyết định (web copy, fourth evaluation set): the header cell
    prints `**ỦY` / `BAN NHÂN DÂN**` / `THÀNH PHỐ ĐÀ NẴNG`; `ỦY` alone is the first word of the body's
    name, not a line of its own (the issuer was read `Ban nhân dân thành phố Đà Nẵng`)."""
    doc = process_text(
        "**ỦY\nBAN NHÂN DÂN**\nTHÀNH PHỐ ĐÀ NẴNG\n--------\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 12/QĐ-UBND\nĐà Nẵng, ngày 01 tháng 12 năm 2025\n\n"
        "**QUYẾT ĐỊNH**\nVề việc giao nhiệm vụ\n**ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG**\n"
        "*Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;*\n\n**QUYẾT ĐỊNH:**\n\n"
        "**Điều 1.** Giao nhiệm vụ.\n"
    )
    assert doc.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"


_TAX_LETTER_WITHOUT_HEADER = """**Kính gửi:**
Công ty TNHH TKG Taekwang Cần Thơ

Cục Thuế nhận được công văn số 0909/2025/TAEK/CT
ngày 9/9/2025 của Công ty TNHH TKG Taekwang Cần Thơ về việc nộp nghĩa vụ thuế
thu nhập doanh nghiệp (TNDN). Về vấn đề này, Cục Thuế có ý kiến như sau:

Về nộp dần tiền thuế nợ, đề nghị Công ty căn cứ quy
định tại văn bản quy phạm pháp luật về thuế, liên hệ với cơ quan quản lý thuế
trực tiếp để được hướng dẫn thực hiện theo quy định.

Cục Thuế trả lời để Công ty TNHH TKG Taekwang Cần
Thơ biết./.

|
*Nơi nhận:*
- Như trên;
- Lưu VT, CS (3b).
|
**TL. CỤC TRƯỞNG**
KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ
PHÓ TRƯỞNG BAN
**Mạnh Thị Tuyết Mai**
"""


def test_issuer_of_a_letter_without_header_is_the_body_acting_as_signed():
    """fresh3 72d08272 (a tax answer whose web copy starts at `Kính gửi`): `Cục Thuế có ý kiến như
    sau` and the signature `TL. CỤC TRƯỞNG` name the same body; it is the issuer, inferred (to check)."""
    doc = process_text(_TAX_LETTER_WITHOUT_HEADER)
    assert doc.issuer == "Cục Thuế"
    assert doc.field_origins["issuer"].source == "preamble"
    assert "issuer" in doc.inferred and "issuer" in doc.quality.check
    # the same sentence under a signature of another body names no issuer
    other = process_text(_TAX_LETTER_WITHOUT_HEADER.replace("TL. CỤC TRƯỞNG", "TL. BỘ TRƯỞNG"))
    assert other.issuer is None


_HANOI_LETTER_WITHOUT_HEADER = """** **
**Kính gửi:**
- Các Sở, ngành Thành phố;
- Bảo hiểm xã hội thành phố Hà Nội.

Thời gian qua, Ủy ban nhân dân thành phố Hà Nội đã có nhiều văn bản chỉ đạo về công tác KCB BHYT.

Để thực hiện tốt chính sách
BHYT, đảm bảo quyền lợi hợp pháp của người tham gia BHYT, quản lý, sử dụng có
hiệu quả quỹ BHYT và dự toán chi KCB BHYT năm 2025 được BHXH Việt Nam giao; Ủy
ban nhân dân (UBND) thành phố Hà Nội yêu cầu các Sở, ngành, UBND các xã, phường
và các cơ sở KCB BHYT trên địa bàn Thành phố nghiêm túc thực hiện một số nội
dung sau:

**1. Bảo hiểm xã hội thành phố Hà Nội**
- Chủ trì phân tích dữ liệu chi phí KCB BHYT.

|
*Nơi nhận:*
- Như trên;
- Lưu: VT, NC.
|
**TM. ỦY BAN NHÂN DÂN**
KT. CHỦ TỊCH
**PHÓ CHỦ TỊCH**
**Vũ Thu Hà**
"""


def test_acting_body_named_with_its_abbreviation_in_brackets():
    """fresh3 070712cd: `…; Ủy ban nhân dân (UBND) thành phố Hà Nội yêu cầu …` signed `TM. ỦY BAN
    NHÂN DÂN`: the name without its bracketed abbreviation; a clause with its own verb (`… đã có nhiều
    văn bản chỉ đạo`) is not an acting body."""
    doc = process_text(_HANOI_LETTER_WITHOUT_HEADER)
    assert doc.issuer == "Ủy ban nhân dân thành phố Hà Nội"
    assert "issuer" in doc.inferred


_HCM_LETTER_WITHOUT_HEADER = """**Kính gửi:**
- Sở Nội vụ;
- Các sở, ban, ngành Thành phố.

Căn cứ Quyết định số 89/2024/QĐ-UBND ngày 22 tháng 10 năm 2024 của Ủy ban nhân
dân Thành phố Hồ Chí Minh về ban hành Quy định đánh giá, xếp loại chất lượng hằng
năm đối với cán bộ, công chức, viên chức trên địa bàn Thành phố Hồ Chí Minh;

Theo đề nghị của Sở Nội vụ tại
Tờ trình số 10115/TTr-SNV ngày 27 tháng 11 năm 2025;

Chủ tịch Ủy ban nhân dân
Thành phố có ý kiến chỉ đạo như sau:

**1. Về thời gian đánh giá**
Hoàn thành trước ngày 31 tháng 12 năm 2025.

|
*Nơi nhận:*
- Như trên;
- Lưu: VT, (VX/KN).
|
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
**Nguyễn Mạnh Cường**
"""


def test_acting_body_without_its_place_completed_by_the_text():
    """fresh4 511e7283: `Chủ tịch Ủy ban nhân dân Thành phố có ý kiến chỉ đạo như sau:` signed `KT.
    CHỦ TỊCH`: the People's Committee, its city taken from the one place the text prints after that
    same name (`… của Ủy ban nhân dân Thành phố Hồ Chí Minh về …`). A text that never places it
    (`Chủ tịch UBND tỉnh yêu cầu`) leaves the issuer blank: `UBND tỉnh` names no body."""
    doc = process_text(_HCM_LETTER_WITHOUT_HEADER)
    assert doc.issuer == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert "Hồ Chí Minh" in doc.field_origins["issuer"].note
    unplaced = _HCM_LETTER_WITHOUT_HEADER.replace("Hồ Chí Minh", "").replace(
        "Chủ tịch Ủy ban nhân dân\nThành phố có ý kiến chỉ đạo", "Chủ tịch UBND tỉnh yêu cầu các đơn vị"
    )
    assert process_text(unplaced).issuer is None


_STEERING_LETTER_WITHOUT_HEADER = """**Kính gửi:** Chủ
tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Thực hiện Kết luận số 210-KL/TW ngày 12/11/2025 của
Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục xây dựng, hoàn thiện tổ chức
bộ máy của hệ thống chính trị trong thời gian tới, Ban chỉ đạo của
Chính phủ về sắp xếp đơn vị hành chính các cấp và xây dựng mô hình tổ chức
chính quyền địa phương 02 cấp (sau đây viết là Ban Chỉ đạo của Chính phủ) yêu cầu
Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương tập trung, một số nội dung cụ thể sau:

1. Về tổ chức bộ máy
Rà soát, kiện toàn tổ chức bộ máy cấp xã.

|
*Nơi nhận:*
- Như trên;
- Lưu: VT.
|
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN THƯỜNG TRỰC
**Phạm Thị Thanh Trà**
"""


def test_acting_body_with_its_short_name_in_brackets():
    """fresh3 65c9ecb9: the steering committee's full name, then `(sau đây viết là Ban Chỉ đạo của
    Chính phủ) yêu cầu`, signed `KT. TRƯỞNG BAN`: the full name as printed, without the bracket."""
    doc = process_text(_STEERING_LETTER_WITHOUT_HEADER)
    assert doc.issuer == (
        "Ban chỉ đạo của Chính phủ về sắp xếp đơn vị hành chính các cấp và xây dựng mô hình tổ chức"
        " chính quyền địa phương 02 cấp"
    )


_MINISTRY_LETTER_WITHOUT_HEADER = """**Kính gửi:** Các cơ quan, đơn vị thuộc
Bộ

Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ về việc triển khai kết luận Hội nghị Trung ương lần
thứ 13 (Công văn số 282/TTg-TKBT ngày 10/11/2025), Bộ trưởng giao:

**1. Vụ Tổ chức cán bộ:** Tham mưu kiện toàn tổ chức bộ máy.
**2. Trung
tâm Chuyển đổi số VHTTDL:**** **Tham mưu Lãnh đạo Bộ tháo gỡ kịp thời
khó khăn, vướng mắc về chuyển đổi số, hệ thống cơ sở dữ liệu.
Bộ Văn hóa, Thể thao và Du lịch
yêu cầu các đơn vị triển khai, báo cáo Lãnh đạo Bộ kết quả thực hiện./.
|
*Nơi nhận:*
- Như trên;
- Lưu: VT, VP (THTT), TN (30).
|
**TL. BỘ TRƯỞNG**
**KT. CHÁNH VĂN PHÒNG **
PHÓ CHÁNH VĂN PHÒNG
**Nguyễn Thanh Sơn**
"""


def test_a_person_acting_is_not_the_issuer_the_body_closing_the_letter_is():
    """fresh4 77bf894e: `…, Bộ trưởng giao:` (a minister, not a body) opens the letter; its last
    sentence `Bộ Văn hóa, Thể thao và Du lịch yêu cầu các đơn vị …` under `TL. BỘ TRƯỞNG` names it."""
    doc = process_text(_MINISTRY_LETTER_WITHOUT_HEADER)
    assert doc.issuer == "Bộ Văn hóa, Thể thao và Du lịch"


def test_a_notice_without_header_is_issued_by_the_body_its_closing_formula_names():
    """Thông báo 661/TB-VPCP (fresh5 7a9d1db2, web copy without header): its text names Bộ Nông nghiệp
    và Môi trường reporting, and closes `Văn phòng Chính phủ thông báo để các cơ quan và địa phương
    liên quan biết, thực hiện./.`: the issuer is the Văn phòng, listed to check; signed `KT. BỘ
    TRƯỞNG, CHỦ NHIỆM`."""
    text = (
        "THÔNG BÁO\nKẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ CÔNG TÁC KHẮC PHỤC HẬU QUẢ MƯA, LŨ\n"
        "Sau khi nghe báo cáo tổng hợp của Bộ Nông nghiệp và Môi trường, Thủ tướng Chính phủ đã kết luận như sau:\n"
        "1. Bộ Nông nghiệp và Môi trường chủ động phối hợp với các địa phương.\n"
        "Văn phòng Chính phủ thông báo để các cơ quan và địa phương liên quan biết, thực hiện./.\n"
        "Nơi nhận:\n- Ban Bí thư TW Đảng;\n- Lưu: VT, NN.\n"
        "KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nPhạm Mạnh Cường\n"
    )
    doc = process_text(text)
    assert doc.issuer == "Văn phòng Chính phủ"
    assert "issuer" in doc.inferred and "issuer" in doc.quality.check


def test_a_file_code_under_the_filing_line_is_no_position():
    """QĐ 165/2025/QĐ-UBND Ninh Bình (fresh5 051c5961): `HP_VP11_QĐ`, the office's code of the file,
    printed under `Lưu: VT, VP10, 11.` in the recipients' column, ran into the signer's position."""
    text = (
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH\nSố: 165/2025/QĐ-UBND\nNinh Bình, ngày 27 tháng 11 năm 2025\n"
        "QUYẾT ĐỊNH\nBan hành Quy chế quản lý chứng thư chữ ký số\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"
        "Nơi nhận:\n- Như Điều 3;\n- UBND các xã, phường;\n- Lưu: VT, VP10, 11.\nHP_VP11_QĐ\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHà Lan Anh\n"
    )
    doc = process_text(text)
    assert doc.signer.position == "PHÓ CHỦ TỊCH" and doc.signer.name == "Hà Lan Anh"
    assert [r.name for r in doc.recipients] == ["Như Điều 3", "UBND các xã, phường"]


def test_recipient_purposes_de_biet_and_dua_tin():
    """1627/QĐ-UBND Quảng Ngãi (fresh5 4e39af96): `- VPUB: + CVP, các PCVP (đ/b);` and `+ Cổng TTĐT tỉnh
    (đưa tin);` print what the copy is for in brackets: not part of the name."""
    from kehoach.parse.closing import normalize_purpose

    assert normalize_purpose("đ/b") == "biết"
    assert normalize_purpose("đưa tin") == "đưa tin"
    text = "Nơi nhận:\n- Bộ Tài chính;\n- VPUB: + CVP, các PCVP (đ/b);\n- Lưu: VT, KTTHVTD.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Ngọc Sâm\n"
    closing = parse_closing(split_paragraphs(text))
    assert [(r.name, r.purpose) for r in closing.recipients] == [
        ("Bộ Tài chính", None),
        ("VPUB: + CVP, các PCVP", "biết"),
    ]


def test_rows_of_a_web_copys_table_are_no_outline_nodes():
    """Công văn 5155/SGDĐT-GDTXNNĐH (fresh7 3870cd0c): its attached BẢNG TIÊU CHÍ is printed one cell per
    line between `|` lines, a criterion and its number in one cell (`**1. Tổ chức bộ máy của**`,
    `1.1. Có đủ các chức danh`); the sub-numbered rows are table rows (FIXTURES.md), not items; the
    items around the table stay."""
    table = (
        "|\n**STT**\n|\n**Tiêu chí**\n|\n**Điểm**\n|\n|\n**1. Tổ chức bộ máy của\ntrung tâm (10 điểm)**\n|\n"
        "|\n1.1. Có đủ các chức danh\ntrong ban giám đốc.\n|\n4\n|\n|\n1.2. Quy chế hoạt động của\ntrung tâm.\n"
        "|\n3\n|\n|\n**2. Cơ sở vật chất (20 điểm)**\n|\n|\n2.1. Trụ sở làm việc khang trang.\n|\n5\n|\n"
    )
    text = (
        "ỦY BAN NHÂN DÂN TỈNH X\nSố: 12/KH-UBND\nX, ngày 5 tháng 11 năm 2025\nKẾ HOẠCH\nĐánh giá trung tâm\n"
        "I. MỤC ĐÍCH\n1. Đánh giá đúng thực chất.\nII. TIÊU CHÍ\n\n" + table + "\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Ủy ban nhân dân xã tổ chức đánh giá.\n"
    )
    doc = process_text(text)
    ids = [n.id for n in doc.nodes() if n.kind not in ("bullet", "plus")]
    # the rows' sub-numbers (`1.1.`, `2.1.`) are no nodes; a row's plain `1.` stays one, as a heading
    # run into a table looks the same (`test_tables_run_together_in_a_web_copy_are_told_apart`)
    assert not [i for i in ids if i.count(".") >= 2], ids
    assert ids[:3] == ["I", "I.1", "II"] and ids[-2:] == ["III", "III.1"]
