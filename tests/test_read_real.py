"""Reading real documents of other bodies: PDF reading order, old Word through LibreOffice,
legacy fonts, garbage text layers, scans through OCR.

Expected strings were written by reading the page images (`pdftoppm -r 70 -png`) and the
documents opened in LibreOffice, not copied from the reader's output. The originals live
in the shared corpus (`KEHOACH_REAL_CORPUS`, default /work/shared/corpus/real); the tests
skip when it is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kehoach.errors import IngestError
from kehoach.ingest import COLUMN_GAP, read_bytes, read_file
from kehoach.ingest.convert import soffice_path
from kehoach.ingest.ocr import unavailable as ocr_unavailable
from kehoach.pipeline import process_file
from render import DEJAVU_SANS, FONT_MISSING, dejavu_available

REAL = Path(os.environ.get("KEHOACH_REAL_CORPUS", "/work/shared/corpus/real"))
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"real corpus not found at {REAL}")
needs_soffice = pytest.mark.skipif(
    soffice_path() is None,
    reason="LibreOffice missing: run scripts/setup-system.sh (libreoffice-writer-nogui)",
)
needs_ocr = pytest.mark.skipif(
    bool(ocr_unavailable()), reason=f"OCR unavailable ({ocr_unavailable()}): run scripts/setup-system.sh"
)
needs_font = pytest.mark.skipif(not dejavu_available(), reason=FONT_MISSING)
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def in_order(text: str, *needles: str) -> bool:
    """Every needle occurs whole (spaces normalised), each after the previous one."""
    flat = " ".join(text.split())
    pos = 0
    for needle in needles:
        found = flat.find(needle, pos)
        if found < 0:
            return False
        pos = found + len(needle)
    return True


def line_with(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def wrong_header_fields(doc, expected: dict) -> list[str]:
    """The fields of `doc` that differ from `expected`, compared as the parse fixtures are
    (folded: an OCR slip on a tone mark of a capital, `PHÓ` for `PHỐ`, is not counted). A
    tuple lists the values accepted (a day written by hand: unknown, or read right). A
    number written by hand is right when read right or unknown: never a wrong number."""
    import fixture_score as fs

    wrong = []
    for name, want in expected.items():
        got = getattr(doc, name)
        if name == "number":
            right = got is None or fs.norm(got) == fs.norm(want)
        elif isinstance(want, tuple):
            right = got in want
        else:
            right = fs.norm(got) == fs.norm(want)
        if not right:
            wrong.append(f"{name}: {got!r}")
    return wrong


# --- text PDFs: reading order --------------------------------------------------------------


@needs_real
def test_party_regulation_header_title_and_signature():
    raw = read_file(REAL / "tw-quydinh294-2025-thihanh-dieule.pdf")
    assert raw.format == "pdf" and raw.method == "text_layer" and raw.pages == 35
    first = raw.text[: raw.page_starts[1]]
    assert (
        line_with(first, "BAN CHẤP HÀNH TRUNG ƯƠNG")
        == f"BAN CHẤP HÀNH TRUNG ƯƠNG{COLUMN_GAP}ĐẢNG CỘNG SẢN VIỆT NAM"
    )
    assert line_with(first, "Số 294") == f"Số 294-QĐ/TW{COLUMN_GAP}Hà Nội, ngày 26 tháng 5 năm 2025"
    assert in_order(
        first, "QUY ĐỊNH", "THI HÀNH ĐIỀU LỆ ĐẢNG", "- Căn cứ Điều lệ Đảng;", "1. Điều 1 (Khoản 2)"
    )
    last = raw.text[raw.page_starts[-1] :]
    assert line_with(last, "Nơi nhận:") == f"Nơi nhận:{COLUMN_GAP}T/M BAN CHẤP HÀNH TRUNG ƯƠNG"
    assert line_with(last, "- Các tỉnh ủy").endswith(f"{COLUMN_GAP}TỔNG BÍ THƯ")
    assert last.rstrip().splitlines()[-1] == "Tô Lâm"


@needs_real
def test_spire_pdf_words_stay_whole_and_apart():
    """Spire.Doc writes words with positioning, not spaces: `Một số vấn đề` must not glue,
    and `Hà Nội` must not come out as `Hà N Nội` (overlapping text rectangles)."""
    raw = read_file(REAL / "btctu-hanoi-hd-2025-to-chuc-dang-dangvien.pdf")
    first = raw.text[: raw.page_starts[1]]
    assert line_with(first, "THÀNH ỦY HÀ NỘI") == f"THÀNH ỦY HÀ NỘI{COLUMN_GAP}ĐẢNG CỘNG SẢN VIỆT NAM"
    assert in_order(
        first,
        "HƯỚNG DẪN",
        "Nghiệp vụ công tác tổ chức đảng và đảng viên",
        "Quy định số 294-QĐ/TW, ngày 26/5/2025",
        '"Một số vấn đề cụ thể thi hành Điều lệ Đảng"',
        "Hướng dẫn số 38-HD/BTCTW ngày 29/9/2025",
    )
    assert "Hà N Nội" not in raw.text and "Mộtsố" not in raw.text


@needs_real
@needs_ocr
def test_number_and_day_stamped_by_the_signing_system_are_read():
    """The Hà Nội commission's Hướng dẫn (an iText-signed PDF) prints `Số    - HD/BTCTU` and
    `ngày        tháng 11 năm 2025` in its text layer; the page shows `2` and `21` there, drawn
    by two small signature fields (read on the page image: number 2, day 21). They are read by
    OCR, placed where they are printed, and said in a warning."""
    doc = process_file(REAL / "btctu-hanoi-hd-2025-to-chuc-dang-dangvien.pdf")
    assert (doc.number_symbol, doc.date, doc.place) == ("2-HD/BTCTU", "2025-11-21", "Hà Nội")
    assert any("chữ ký số" in w and "“2”" in w and "“21”" in w for w in doc.warnings)
    # a signed PDF whose number is printed in its text layer has no such field
    plain = read_file(REAL / "btctw-hd38-2025-congtac-dangvien.pdf")
    assert not any("chữ ký số" in w for w in plain.warnings)


@needs_real
def test_guidance_number_with_spaces_and_outline_labels():
    raw = read_file(REAL / "btctw-hd38-2025-congtac-dangvien.pdf")
    first = raw.text[: raw.page_starts[1]]
    assert "Số 38 - HD/BTCTW" in first
    assert line_with(first, "BAN TỔ CHỨC") == "BAN TỔ CHỨC"
    assert in_order(
        first,
        "HƯỚNG DẪN",
        "nghiệp vụ công tác đảng viên",
        "I. KẾT NẠP ĐẢNG VIÊN",
        "1. Quy trình, thủ tục kết nạp đảng viên",
        "1.1- Xây dựng và thực hiện kế hoạch kết nạp đảng viên",
        "a) Cấp ủy trực thuộc Trung ương",
    )


@needs_real
@needs_pdftotext
@pytest.mark.parametrize(
    "name",
    [
        "tw-quydinh294-2025-thihanh-dieule.pdf",
        "btctw-hd38-2025-congtac-dangvien.pdf",
        "btctu-hanoi-hd-2025-to-chuc-dang-dangvien.pdf",
        "doan-spkt-vankien-daihoi-xxii-2024-duthao.pdf",
    ],
)
def test_words_and_order_agree_with_pdftotext(name):
    from rapidfuzz.distance import Levenshtein

    raw = read_file(REAL / name)
    ref = subprocess.run(
        ["pdftotext", str(REAL / name), "-"], capture_output=True, text=True, check=True
    ).stdout
    ours, theirs = words(raw.text), words(ref)
    # Word sequences, not characters: a word out of place costs a whole word.
    assert Levenshtein.normalized_similarity(ours, theirs) >= 0.98
    assert abs(len(ours) - len(theirs)) <= 0.01 * len(theirs)


@needs_font
def test_visual_order_wins_over_content_stream_order(tmp_path):
    """A signed PDF writes blocks out of order (a stamp's text inserted, the title's second
    line before its first, a name in two pieces right then left): read as printed."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(DEJAVU_SANS))
    pdf.set_font("DejaVu", "", 13)
    put = pdf.text
    put(300, 200, "thành phố Về việc lập Ban bầu cử")  # second line of the title, written first
    put(250, 180, "KẾ HOẠCH")
    put(60, 60, "ỦY BAN NHÂN DÂN")
    put(330, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    put(60, 80, "PHƯỜNG BẾN THÀNH")
    put(60, 250, "Căn cứ Luật Tổ chức chính quyền địa phương;")
    put(420, 700, "Nguyễn Thị")  # signature name written right piece first
    put(360, 640, "CHỦ TỊCH")
    put(60, 640, "Nơi nhận:")
    put(60, 660, "- Hội Khuyến học;")
    put(360, 700, "Bà Huệ,")
    path = tmp_path / "signed.pdf"
    pdf.output(str(path))
    text = read_file(path).text
    lines = text.splitlines()
    assert lines[0] == f"ỦY BAN NHÂN DÂN{COLUMN_GAP}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lines[1] == "PHƯỜNG BẾN THÀNH"
    assert in_order(text, "KẾ HOẠCH", "thành phố Về việc lập Ban bầu cử", "Căn cứ Luật")
    assert f"Nơi nhận:{COLUMN_GAP}CHỦ TỊCH" in lines
    assert lines[-1] == "Bà Huệ, Nguyễn Thị"


# --- legacy fonts and garbage text layers --------------------------------------------------


@needs_real
def test_tcvn3_pdf_is_repaired():
    raw = read_file(REAL / "vip-bc-thuchien-kh2004-kh2005-tcvn3.pdf", ocr="never")
    assert raw.encoding == "tcvn3"
    first = raw.text[: raw.page_starts[1]]
    assert in_order(
        first,
        "Báo cáo",
        "Tình hình thực hiện nhiệm vụ kế hoạch năm 2004",
        "và kế hoạch phát triển kinh tế - xã hội năm 2005",
        "Phần thứ nhất",
        "Đánh giá khả năng thực hiện Nghị quyết quốc hội",
        "I. Đánh giá tổng quát",
        "Quốc hội khoá XI tại kỳ họp thứ 4",
    )


@needs_real
def test_tcvn3_letter_u_horn_ending_a_line_is_kept():
    """In a TCVN3 (.VnTime) font the byte 0xAD is the letter `ư`. When it ends a line PDFium
    takes it for a soft hyphen breaking a word: it dropped it and joined the line with the
    next (`đầu tcòn giải ngân`, `kiểm toán tnhân`). Lines as printed, read on the page images
    (pdftoppm -r 110, pages 7 and 51)."""
    raw = read_file(REAL / "vip-bc-thuchien-kh2004-kh2005-tcvn3.pdf", ocr="never")
    assert raw.encoding == "tcvn3"
    page7 = raw.text[raw.page_starts[6] : raw.page_starts[7]].splitlines()
    for line in (
        "định, một số dự án chưa đầy đủ thủ tục đầu tư. Tiến độ giải ngân nhiều dự án đầu tư",
        "còn chậm, nhất là trái phiếu Chính phủ, công trái giáo dục và các dự án đầu tư bằng",
        "nguồn vốn ODA. Mức giải ngân vốn ODA chưa đạt kế hoạch; thu hút vốn đầu tư",
    ):
        assert line in page7
    page51 = raw.text[raw.page_starts[50] : raw.page_starts[51]].splitlines()
    assert "động kiểm toán; khuyến khích hình thành và phát triển các công ty kiểm toán tư" in page51
    assert "nhân và nước ngoài." in page51
    assert "tcòn" not in raw.text and "tnhân" not in raw.text


@needs_real
def test_a_word_broken_at_its_hyphen_keeps_hyphen_and_line():
    """The same PDFium rule in a Unicode PDF: `PV-` ending a line and `Oil` starting the next
    were read `PVOil` on the upper line. Read as printed (page 15, pdftoppm -r 110)."""
    raw = read_file(REAL / "doan-spkt-vankien-daihoi-xxii-2024-duthao.pdf", ocr="never")
    page = raw.text[raw.page_starts[14] : raw.page_starts[15]].splitlines()
    at = page.index("bổng do Trung tâm vận động, tìm kiếm nguồn (các trung tâm Anh ngữ, công ty PV-")
    assert page[at + 1].startswith("Oil, BIDV,...) để trao tặng cho Cán bộ Đoàn - Hội")


def test_garbage_text_layer_is_detected(tmp_path):
    """A text layer in a font without a usable Unicode map: letters come out as symbols no
    decoder makes Vietnamese. Without OCR it is read with a warning; never taken as text."""
    from kehoach.ingest.pdf import is_garbage

    assert is_garbage("Ïåìë ïðïå ñìëð " * 40)
    assert is_garbage("ÃÄÅ ÆÇÈ ÉÊË ÌÍÎ ÏÐÑ ÒÓÔ ÕÖ× " * 20)
    assert not is_garbage("Kế hoạch thực hiện công tác phòng, chống tham nhũng năm 2025 " * 10)
    assert not is_garbage("Plan for the year and report on results " * 10)


@needs_real
def test_esignature_only_text_layer_is_a_scan():
    """ttg-cv464: the only text is the e-signature box; the body is an image."""
    with pytest.raises(IngestError) as err:
        read_file(REAL / "ttg-cv464-2026-catgiam-tthc-signedscan.pdf", ocr="never")
    assert err.value.code == "no_text"
    assert "scan" in err.value.message and "--ocr auto" in err.value.message


# --- old Word, OpenDocument, RTF -----------------------------------------------------------


@needs_real
@needs_soffice
def test_doc_plan_read_through_libreoffice():
    raw = read_file(REAL / "hp-kh-sotttt-phutho-2011-daotao-qlvb.doc")
    assert raw.format == "doc" and raw.method == "converted" and raw.converter == "libreoffice"
    assert "convert" in raw.timings and raw.timings["read"] >= raw.timings["convert"]
    assert in_order(
        raw.text,
        "UBND TỈNH PHÚ THỌ",
        "SỞ THÔNG TIN VÀ TRUYỂN THÔNG",  # the typo is printed
        "/KH-STTTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Phú Thọ, ngày",
        "tháng 12 năm 2011",
        "KẾ HOẠCH",
        "Triển khai cài đặt, đào tạo hướng dẫn sử dụng phần mềm Quản lý văn bản và điều hành",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. PHƯƠNG ÁN TRIỂN KHAI",
    )


@needs_real
@needs_soffice
@pytest.mark.parametrize(
    ("name", "encoding", "needles"),
    [
        (
            "vip-qd256-2004-ub-cantho-cchc-tcvn3.doc",
            "tcvn3",
            ["256 /2004/QĐ-UB", "TP.Cần Thơ, ngày 01 tháng 7 năm 2004", "Chương trình Cải cách hành chính"],
        ),
        (
            "vip-quyche-chitieu-bqlkcn-brvt-2007-vni.doc",
            "vni",
            [
                "UBND TỈNH BÀ RỊA – VŨNG TÀU",
                "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Ban hành Quy chế chi tiêu nội bộ",
            ],
        ),
        # Lists .VnTime in its font table but its text is Unicode: no conversion, no warning.
        (
            "hp-qd93-2007-ttg-quyche-motcua.doc",
            None,
            ["THỦ TƯỚNG CHÍNH PHỦ", "Số: 93/2007/QĐ-TTg", "cơ chế một cửa"],
        ),
    ],
)
def test_doc_legacy_fonts_repaired_by_content(name, encoding, needles):
    raw = read_file(REAL / name)
    assert raw.encoding == encoding
    assert in_order(raw.text, *needles)
    assert any("bảng mã cũ" in w for w in raw.warnings) == (encoding is not None)


@needs_real
@needs_soffice
def test_tcvn3_capitals_only_font_is_read_in_capitals():
    """vip-qd256 (2004) sets its header and headings in `.VnTimeH`, which draws the lower-case
    TCVN3 bytes as capitals: the page reads `ỦY BAN NHÂN DÂN / THÀNH PHỐ CẦN THƠ`, and so must the
    text, for the header to be read (issuer, number with its inner space, date, the title)."""
    raw = read_file(REAL / "vip-qd256-2004-ub-cantho-cchc-tcvn3.doc")
    assert in_order(
        raw.text,
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ CẦN THƠ",
        "QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
        "V/v ban hành Chương trình",
        "III. NỘI DUNG CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
    )
    assert "\ue000" not in raw.text and "\ue001" not in raw.text
    doc = process_file(REAL / "vip-qd256-2004-ub-cantho-cchc-tcvn3.doc")
    assert (doc.doc_type, doc.number_symbol, doc.date) == ("Quyết định", "256/2004/QĐ-UB", "2004-07-01")
    assert doc.issuer == "Ủy ban nhân dân thành phố Cần Thơ"
    # the title as printed under the type line `QUYẾT ĐỊNH CỦA ỦY BAN …` (only a letter's `V/v` subject
    # drops its `V/v`: it has no type line)
    assert doc.title and doc.title.startswith(
        "V/v ban hành Chương trình Cải cách hành chính của thành phố Cần Thơ"
    )
    assert doc.title.endswith("giai đoạn 2004 - 2010")


@needs_soffice
@pytest.mark.parametrize("fmt", ["odt", "rtf"])
def test_odt_and_rtf_read_through_the_same_converter(tmp_path, fmt):
    from render import build_docx
    from support import SAMPLES

    docx = build_docx(SAMPLES["000"].read_text(encoding="utf-8"), tmp_path / "plan.docx")
    subprocess.run(
        [soffice_path(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to", fmt,
         "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    raw = read_file(tmp_path / f"plan.{fmt}")
    assert raw.format == fmt and raw.method == "converted"
    assert in_order(raw.text, "ĐẢNG BỘ TỈNH LÂM ĐỒNG", "KẾ HOẠCH", "Nơi nhận:")


def test_doc_without_converter_says_what_to_install(monkeypatch):
    import kehoach.ingest.convert as convert

    monkeypatch.setattr(convert, "soffice_path", lambda: None)
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "WordDocument".encode("utf-16-le") + b"\0" * 600
    with pytest.raises(IngestError) as err:
        read_bytes(ole, "kehoach.doc")
    assert err.value.code == "unsupported"
    assert "LibreOffice" in err.value.message and "setup-system.sh" in err.value.message


@needs_real
def test_doc_through_antiword_when_libreoffice_is_missing(monkeypatch):
    import kehoach.ingest.convert as convert

    if shutil.which("antiword") is None:
        pytest.skip("antiword missing: run scripts/setup-system.sh")
    monkeypatch.setattr(convert, "soffice_path", lambda: None)
    raw = read_file(REAL / "hp-kh-sotttt-phutho-2011-daotao-qlvb.doc")
    assert raw.converter == "antiword" and raw.method == "converted"
    assert "antiword" in raw.warnings[0]
    assert in_order(raw.text, "KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU")


# --- scans through OCR ---------------------------------------------------------------------


@needs_real
@needs_ocr
@pytest.mark.slow
def test_signed_scan_is_read_by_ocr_with_confidence_and_progress():
    pages_seen: list[tuple[int, int]] = []
    raw = read_file(
        REAL / "ttg-cv464-2026-catgiam-tthc-signedscan.pdf",
        on_page=lambda d, n, stage: pages_seen.append((d, n, stage)),
    )
    assert raw.method == "ocr" and raw.ocr_pages == [1, 2, 3]
    assert raw.ocr_confidence is not None and 0.6 <= raw.ocr_confidence <= 1
    assert pages_seen[-1] == (3, 3, "ocr") and (3, 3, "text") in pages_seen and "ocr" in raw.timings
    assert any("OCR" in w and "độ tin cậy" in w for w in raw.warnings)
    first = raw.text[: raw.page_starts[1]]
    # Header columns kept apart; printed text of the first page read whole.
    assert re.search(rf"THỦ TƯỚNG CHÍNH PHỦ{COLUMN_GAP}.*CỘNG HO[ÀA] XÃ HỘI CHỦ NGHĨA VIỆT NAM", first)
    assert "/TTg-CĐS" in first and "tháng 4 năm 2026" in first
    assert in_order(
        first,
        "V/v triển khai các Nghị quyết cắt giảm",
        "Triển khai Kết luận số 18-KL/TW ngày 02 tháng 4 năm 2026",
        "1. Về triển khai 8 Nghị quyết của Chính phủ",
    )
    assert "Người ký: CỔNG THÔNG TIN" not in raw.text  # the e-signature box is not the document
    # Header fields, read on the page image (pdftoppm -r 110): number 464 and day 30 by hand.
    from kehoach.pipeline import process_text

    doc = process_text(first)
    assert not wrong_header_fields(
        doc,
        {
            "doc_type": "Công văn",
            "issuer": "Thủ tướng Chính phủ",
            "number": "464",
            "symbol": "TTg-CĐS",
            "place": "Hà Nội",
            "date": ("2026-04", "2026-04-30"),
            "title": "triển khai các Nghị quyết cắt giảm, đơn giản hóa TTHC, ĐKKD",
        },
    )


@needs_font
@needs_ocr
@pytest.mark.slow
def test_scan_of_a_sample_plan_gives_the_header_fields(tmp_path):
    """Sample 000 rendered, its first page rasterized at 200 dpi into an image-only PDF: OCR
    gives the same header fields as the text layer of the same page."""
    import pypdfium2 as pdfium

    from kehoach.pipeline import process_raw
    from render import build_pdf
    from support import SAMPLES

    text = unicodedata.normalize("NFC", SAMPLES["000"].read_text(encoding="utf-8")).replace("ƣ", "ư")
    rendered = build_pdf(text, tmp_path / "000.pdf")
    pdf = pdfium.PdfDocument(rendered)
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    scan = tmp_path / "000-scan.pdf"
    image.save(scan, "PDF", resolution=200)
    ocr = read_file(scan)
    assert ocr.method == "ocr" and ocr.ocr_pages == [1]
    layer = read_file(rendered, ocr="never")
    layer.text = layer.text[: layer.page_starts[1]]
    layer.page_starts = [0]
    got, want = process_raw(ocr), process_raw(layer)
    for name in ("doc_type", "number_symbol", "issuer", "issuer_parent", "date", "place", "title"):
        assert getattr(got, name) == getattr(want, name), name
    assert want.number_symbol == "39-KH/ĐUK" and want.date == "2022-05-09"


@needs_real
@needs_ocr
@pytest.mark.slow
def test_scanned_plan_first_page_header_and_title():
    """huit-kh753 (240 dpi Epson scan, handwritten number and day): the printed header,
    title and first sections come out whole and in order; parsed type and title right."""
    import pypdfium2 as pdfium

    from kehoach.ingest.ocr import ocr_image
    from kehoach.ingest.pdf import render_page
    from kehoach.pipeline import process_text

    pdf = pdfium.PdfDocument(REAL / "huit-kh753-2026-khaosat-hailong-scan.pdf")
    try:
        page = ocr_image(render_page(pdf, 0))
    finally:
        pdf.close()
    text = "\n".join(page.lines)
    assert page.confidence > 0.8 and page.words > 300
    # The issuer's first line and the state motto share a row, a column apart.
    assert re.search(rf"CÔNG THƯƠNG{COLUMN_GAP}CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", text)
    assert in_order(
        text,
        "TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG",
        "/KH-DCT",
        "KẾ HOẠCH",
        "Khảo sát, xác định chỉ số hài lòng của người dân",
        "đối với dịch vụ giáo dục công năm 2026",
        "Căn cứ Quyết định số 2034/QĐ-BGDĐT ngày 13 tháng 7 năm 2023",
        "1. Mục đích",
        "2. Yêu cầu thực hiện",
    )
    doc = process_text(text)
    assert doc.doc_type == "Kế hoạch"
    assert (
        doc.title == "Khảo sát, xác định chỉ số hài lòng của người dân đối với dịch vụ giáo dục công năm 2026"
    )
    # The rest of the header, read on the page image (pdftoppm -r 110): number and day by hand.
    assert not wrong_header_fields(
        doc,
        {
            "issuer": "Trường Đại học Công Thương Thành phố Hồ Chí Minh",
            "issuer_parent": "Bộ Công Thương",
            "number": "753",
            "symbol": "KH-DCT",
            "place": "Thành phố Hồ Chí Minh",
            "date": ("2026-06", "2026-06-23"),
        },
    )


@needs_real
@needs_ocr
@pytest.mark.slow
def test_scanned_letter_first_page_header_fields_against_the_fixture():
    """hp-cv4532 (300 dpi JPEG scan, no text layer; number and day handwritten): its first page
    (the Công văn; page 2 is another document) through OCR. The printed header columns stay
    apart, the body comes out whole, and the header and closing fields OCR gets right are
    compared with the expected output written by reading the page images
    (tests/fixtures/expected/real). One page only: OCR costs ~10 s a page here."""
    import json

    import pypdfium2 as pdfium

    import fixture_score as fs
    from kehoach.ingest.ocr import ocr_image
    from kehoach.ingest.pdf import render_page
    from kehoach.pipeline import process_text

    name = "hp-cv4532-ubnd-phutho-2011-scan"
    pdf = pdfium.PdfDocument(REAL / f"{name}.pdf")
    try:
        page = ocr_image(render_page(pdf, 0))
    finally:
        pdf.close()
    text = "\n".join(page.lines)
    assert page.confidence > 0.85 and page.words > 200
    assert re.search(rf"^ỦY BAN NHÂN DÂN{COLUMN_GAP}CỘNG HO[ÀA] XÃ HỘI CHỦ NGHĨA VIỆT NAM$", text, re.M)
    assert re.search(rf"^TỈNH PHÚ THỌ{COLUMN_GAP}Độc lập - Tự do - Hạnh phúc$", text, re.M)
    assert "/UBND" in text and "KSTTHC" in text and "tháng 12 năm 2011" in text
    assert in_order(
        text,
        "Về việc xây dựng kế hoạch rà soát quy định, thủ tục hành chính",
        "Kính gửi:",
        "Thực hiện Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ",
        "Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ",
        "gửi về UBND tỉnh (qua Văn phòng UBND tỉnh) trước ngày 05/01/2012",
        "Nơi nhận:",
    )
    doc = process_text(text)
    # Header fields, read on the page image (pdftoppm -r 110): number 4532 and day 07 by hand.
    assert not wrong_header_fields(
        doc,
        {
            "doc_type": "Công văn",
            "issuer": "Ủy ban nhân dân tỉnh Phú Thọ",
            "number": "4532",
            "symbol": "UBND-KSTTHC",
            "place": "Phú Thọ",
            "date": ("2011-12", "2011-12-07"),
            "title": "xây dựng kế hoạch rà soát quy định, thủ tục hành chính",
        },
    )
    expected = fs.expected_header(json.loads((fs.REAL / f"{name}.json").read_text(encoding="utf-8")))
    got = fs.got_header(doc)
    for field in ("place", "signer.authority", "signer.position", "filing"):
        assert fs.field_right(field, expected[field], got.get(field)), (field, got.get(field))


@needs_real
def test_a_page_of_many_small_fields_is_a_form_not_stamps(monkeypatch):
    """A fillable form's dozens of small fields are not rendered and read one by one: past
    `MAX_FIELDS` candidate fields the page is taken for a form and no stamp is read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from kehoach.ingest import stamps

    data = (REAL / "btctu-hanoi-hd-2025-to-chuc-dang-dangvien.pdf").read_bytes()
    pdf = pdfium.PdfDocument(data)
    page = pdfium_c.FPDF_LoadPage(pdf.raw, 0)
    try:
        assert len(stamps.field_boxes(page, None)) == 2  # the number and the day
        monkeypatch.setattr(stamps, "MAX_FIELDS", 1)
        assert stamps.field_boxes(page, None) == []
    finally:
        pdfium_c.FPDF_ClosePage(page)
        pdf.close()


def _stamp_strip(name: str):
    """The strip of stamped fields `stamps.read_stamps` recognises on page 1 of `name`."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from kehoach.ingest import ocr, stamps

    data = (REAL / name).read_bytes()
    pdf = pdfium.PdfDocument(data)
    page = pdfium_c.FPDF_LoadPage(pdf.raw, 0)
    try:
        boxes = stamps.field_boxes(page, None)
    finally:
        pdfium_c.FPDF_ClosePage(page)
        pdf.close()
    seen = []
    real = ocr.small_image_data

    def keep(image, lang=ocr.LANG, psm=3):
        seen.append(image.copy())
        return real(image, lang, psm)

    ocr.small_image_data = keep
    try:
        stamps.read_stamps(data, 0, boxes)
    finally:
        ocr.small_image_data = real
    return seen[0]


def _words(data: dict) -> list[tuple[str, float, int]]:
    return [
        (str(w).strip(), float(c), int(x))
        for w, c, x in zip(data["text"], data["conf"], data["left"], strict=True)
        if str(w).strip()
    ]


def test_a_red_seal_is_turned_to_paper_and_print_stays():
    """`without_seal`: saturated red (a seal's ink) becomes white; black print, blue ink and gray
    stay as their luminance."""
    from PIL import Image

    from kehoach.ingest.ocr import without_seal

    image = Image.new("RGB", (4, 1))
    image.putdata([(200, 30, 40), (0, 0, 0), (20, 40, 160), (128, 128, 128)])
    gray = without_seal(image)
    assert gray.mode == "L"
    blue = Image.new("RGB", (1, 1), (20, 40, 160)).convert("L").getpixel((0, 0))
    assert [gray.getpixel((x, 0)) for x in range(4)] == [255, 0, blue, 128]


@needs_real
@needs_ocr
def test_stamps_in_process_read_what_the_command_line_reads(capfd):
    """The stamps strip is recognised in this process with the model kept loaded (`tessapi`):
    the same words, confidences and places as Tesseract's command line, and nothing of
    Tesseract's own chatter on stderr."""
    from kehoach.ingest import ocr, tessapi

    if not tessapi.available(ocr.LANG):
        pytest.skip("libtesseract not loadable in-process")
    strip = _stamp_strip("btctu-hanoi-hd-2025-to-chuc-dang-dangvien.pdf")
    capfd.readouterr()
    inside = tessapi.tsv_data(strip, ocr.LANG, 11)
    assert inside is not None
    assert capfd.readouterr().err == ""
    assert _words(inside) == _words(ocr.tesseract_data(strip, ocr.LANG, 11))
    assert [w for w, _, _ in _words(inside)] == ["2", "21"]


@needs_real
@needs_ocr
def test_stamps_fall_back_to_the_command_line(monkeypatch):
    """Without the library in-process (or for an image too big for it) the command line reads."""
    from kehoach.ingest import ocr, tessapi

    strip = _stamp_strip("btctu-hanoi-hd-2025-huyhieu-dang.pdf")
    monkeypatch.setattr(tessapi, "MAX_PIXELS", 10)
    assert tessapi.tsv_data(strip, ocr.LANG, 11) is None
    monkeypatch.setattr(tessapi, "_engines", {})
    monkeypatch.setattr(tessapi, "_load_library", lambda: None)
    assert not tessapi.available(ocr.LANG)
    assert ocr.small_images_readable()
    assert [w for w, _, _ in _words(ocr.small_image_data(strip, psm=11))] == ["21", "21"]
    doc = process_file(REAL / "btctu-hanoi-hd-2025-huyhieu-dang.pdf")
    assert any("chữ ký số" in w and "“21”" in w for w in doc.warnings)


def test_tsv_parsed_as_pytesseract_parses_it():
    from pytesseract.pytesseract import file_to_dict

    from kehoach.ingest.tessapi import TSV_HEADER, parse_tsv

    tsv = TSV_HEADER + "1\t1\t0\t0\t0\t0\t0\t0\t636\t138\t-1\t\n5\t1\t1\t1\t1\t1\t42\t7\t20\t30\t83.5\t21\n"
    tsv += "5\t1\t2\t1\t1\t1\t90\t7\t20\t30\t96\tx y\n5\t1\t2\t1\t1\t2\t99\t7\t2\t3\t12"
    assert parse_tsv(tsv) == file_to_dict(tsv, "\t", -1)
    assert parse_tsv(TSV_HEADER) == file_to_dict(TSV_HEADER, "\t", -1) == {}


def test_signer_under_a_red_seal_is_read_on_a_colour_scan():
    """hp-cv4532 (a colour scan, UBND Phú Thọ, 2011): the red seal covers the signer's name
    `Trần Thị Thu Hương` and the recipient `- CT, các PCT;` (read on the page image). Read
    without the seal, both come out; the card lists the number, date, signer and recipients to
    check, as they come from OCR."""
    doc = process_file(REAL / "hp-cv4532-ubnd-phutho-2011-scan.pdf")
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "TL.CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
        "Trần Thị Thu Hương",
    )
    assert [r.name for r in doc.recipients] == ["Như trên", "CT, các PCT", "CVP, PVP (ô.Kiên)"]
    assert {"date", "signer", "recipients"} <= set(doc.quality.check)
    assert doc.quality.doubtful
