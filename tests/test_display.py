"""Values as clerks write them: dates, node addresses in words, file names, signer lines."""

from __future__ import annotations

from kehoach.display import date_prose, date_short, file_name, node_place, signer_lines
from kehoach.model import Signer


def test_dates_as_clerks_write_them() -> None:
    assert date_short("2022-06-13") == "13/6/2022"
    assert date_short("2022-05-09") == "9/5/2022"
    assert date_short("2022-06") == "6/2022"
    assert date_short("2022") == "2022"
    assert date_short(None) == "—" and date_short("") == "—"
    assert date_short("khoảng năm 2020") == "khoảng năm 2020"  # not ISO: as it is
    assert date_prose("2022-06-13") == "ngày 13 tháng 6 năm 2022"
    assert date_prose("2021-03") == "tháng 3 năm 2021"
    assert date_prose("2025") == "năm 2025"


def test_node_places_in_words() -> None:
    assert node_place("II.1.2.-3") == "Mục II, điểm 1.2, gạch đầu dòng 3"
    assert node_place("I.-3") == "Mục I, gạch đầu dòng 3"
    assert node_place("A1:2.7.-4") == "Phụ lục 1, điểm 2.7, gạch đầu dòng 4"
    assert node_place("II.1.a") == "Mục II, điểm 1, tiết a"
    assert node_place("II.1.3.-2.+1") == "Mục II, điểm 1.3, gạch đầu dòng 2, ý 1"
    assert node_place("III") == "Mục III"
    assert node_place("1.1") == "điểm 1.1"
    assert node_place("A2") == "Phụ lục 2"
    assert node_place("header") == "Phần đầu văn bản"
    assert node_place("recipients") == "Nơi nhận"


def test_file_names_only() -> None:
    assert file_name("/srv/kho/2022/39-KH-DUK.pdf") == "39-KH-DUK.pdf"
    assert file_name(r"C:\Users\van thu\Desktop\kh 40.docx") == "kh 40.docx"
    assert file_name("upload.txt") == "upload.txt"
    assert file_name("<script>alert(2)</script>.txt") == "<script>alert(2)</script>.txt"  # a name as sent
    assert file_name(r"\\may-chu\kho\a.pdf") == "a.pdf"
    assert file_name(None) == "—"


def test_signer_lines_as_printed() -> None:
    signer = Signer(authority="T/M BAN THƯỜNG VỤ", position="PHÓ BÍ THƯ", name="Lương Văn Mừng")
    assert signer_lines(signer) == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lương Văn Mừng"]
    assert signer_lines(Signer(name="Nguyễn Văn A")) == ["Nguyễn Văn A"]


def test_display_case_of_header_lines_keeps_names_acronyms_and_numerals():
    """Header lines in capitals, as printed by real bodies (corpus/real and the samples)."""
    from kehoach.vntext import display_case

    cases = {
        "CÔNG ĐOÀN GIÁO DỤC VIỆT NAM": "Công đoàn giáo dục Việt Nam",
        "BQL CÁC KHU CÔNG NGHIỆP BÀ RỊA – VŨNG TÀU": "BQL các khu công nghiệp Bà Rịa – Vũng Tàu",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TRUNG ƯƠNG": "Ban Tuyên giáo và Dân vận Trung ương",
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH LÂM ĐỒNG": "Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng",
        "UBND HUYỆN ĐỨC TRỌNG": "UBND huyện Đức Trọng",
        "ĐOÀN TNCS HỒ CHÍ MINH": "Đoàn TNCS Hồ Chí Minh",
        "BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII": "Ban Chấp hành Trung ương Đảng khóa XIII",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH": "Đảng ủy Khối các cơ quan tỉnh",
        "ỦY BAN NHÂN DÂN TỈNH VÀ CÁC SỞ": "Ủy ban nhân dân tỉnh và các sở",
        "LẦN THỨ XXII, NHIỆM KỲ 2024 – 2027": "Lần thứ XXII, nhiệm kỳ 2024 – 2027",
        "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI": "Ủy ban Thường vụ Quốc hội",
    }
    for caps, shown in cases.items():
        assert display_case(caps) == shown, caps


def test_known_names_damaged_in_a_header_line_get_their_tone_marks_back():
    """Tesseract on the huit-kh753 scan reads `BÔ CÔNG THƯƠNG` / `… THÀNH PHÓ HỎ CHÍ MINH`; a
    province, the country or `Hồ Chí Minh` has one spelling, so a header line printing it with other
    marks is damage. Words with other readings stay as printed."""
    from kehoach.vntext import mend_name_marks

    cases = {
        "TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG THÀNH PHÓ HỎ CHÍ MINH": "TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG THÀNH PHỐ HỒ CHÍ MINH",
        "BÔ CÔNG THƯƠNG": "BỘ CÔNG THƯƠNG",
        "UBND TỈNH QUANG NGÃI": "UBND TỈNH QUẢNG NGÃI",
        "SƠ Y TẾ TỈNH LÂM ĐÔNG": "SỞ Y TẾ TỈNH LÂM ĐỒNG",
        "Ủy ban nhân dân thành phô Hà Nội": "Ủy ban nhân dân thành phố Hà Nội",
        # unchanged: already right, one-word names, `thành phó` not before a name, a head word alone
        "ĐOÀN TNCS HỒ CHÍ MINH": "ĐOÀN TNCS HỒ CHÍ MINH",
        "UBND THÀNH PHỐ HUẾ": "UBND THÀNH PHỐ HUẾ",
        "TRỞ THÀNH PHÓ CHỦ TỊCH": "TRỞ THÀNH PHÓ CHỦ TỊCH",
        "BỐ": "BỐ",
    }
    for printed, mended in cases.items():
        assert mend_name_marks(printed) == mended, printed
