"""The quality score is honest: it drops, and says what to check, when the reading is suspect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kehoach.pipeline import process_file, process_text

REAL = Path("/work/shared/corpus/real")
needs_corpus = pytest.mark.skipif(not REAL.exists(), reason="real corpus not present")

PLAN = """ĐẢNG BỘ TỈNH LÂM ĐỒNG
ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH
*
Số 39-KH/ĐUK
Đà Lạt, ngày 9 tháng 5 năm 2022
KẾ HOẠCH
thông tin, tuyên truyền năm 2022
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, đảng viên.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Lương Văn Mừng
Nơi nhận:
- Ban Tuyên giáo Tỉnh ủy,
- Lưu VP.
"""


def test_a_clean_plan_is_good_with_nothing_to_check():
    q = process_text(PLAN).quality
    assert q.score == 1.0 and not q.doubtful and q.check == [] and q.doubts == []


def test_a_title_that_is_a_body_sentence_is_listed_to_check():
    doc = process_text(
        PLAN.replace("thông tin, tuyên truyền năm 2022", "Căn cứ Kế hoạch số 5-KH/TU về thông tin")
    )
    # the preamble line is not taken as the title any more; force one that reads badly
    doc.title = "Căn cứ Kế hoạch số 5-KH/TU, Ban Thường vụ Đảng ủy Khối xây dựng kế hoạch như sau:"
    from kehoach.parse.quality import quality_of

    q = quality_of(doc)
    assert "title" in q.check and q.doubtful and q.score < 1.0


def test_an_issuer_that_is_not_a_body_is_listed_to_check():
    from kehoach.parse.quality import quality_of

    doc = process_text(PLAN)
    doc.issuer = "99/2025/qđ-ubnd"
    q = quality_of(doc)
    assert "issuer" in q.check and q.doubtful


def _glue_every(text: str, n: int) -> str:
    """Move a letter across every n-th space between marked words (`của trực` → `củat rực`), as a PDF
    read in drawing order does: pieces that are no syllable and that the line joiner cannot repair."""
    count = 0

    def glue(m):
        nonlocal count
        count += 1
        return f"{m.group(1)}{m.group(2)[0]} {m.group(2)[1:]}" if count % n == 0 else m.group(0)

    return re.sub(r"(\b[^\W\d_]*[^\x00-\x7f][^\W\d_]*) ([^\W\d_]*[^\x00-\x7f][^\W\d_]*\b)", glue, text)


def test_a_scrambled_reading_is_doubtful_and_every_field_is_to_check(sample_paths):
    text = Path(sample_paths["000"]).read_text(encoding="utf-8")
    assert not process_text(text).quality.doubtful
    doc = process_text(_glue_every(text, 15))
    q = doc.quality
    assert q.doubtful and q.score <= 0.5
    assert any("Thứ tự đọc" in d for d in q.doubts)
    assert {"issuer", "title", "signer"} <= set(q.check)
    assert any("Thứ tự đọc" in w for w in doc.warnings)  # shown on the document's card


@needs_corpus
def test_a_legacy_font_pdf_read_whole_has_no_reading_doubt():
    """vip-bc (TCVN3, .VnTime) was the example of a badly decoded legacy font: each `ư` ending a
    line was lost and the line glued to the next (`đầu tcòn`). Read whole since (issue 11), its
    words read as syllables and in order: no reading doubt left (it stays doubtful for what
    it lacks: no header, number or signature)."""
    q = process_file(REAL / "vip-bc-thuchien-kh2004-kh2005-tcvn3.pdf").quality
    assert not any("âm tiết" in d or "Thứ tự đọc" in d for d in q.doubts)


@needs_corpus
@pytest.mark.parametrize(
    "name",
    ["tnt-kh141-2025-ubnd-bacninh.md", "tnt-qd99-2025-ubnd-nghean-quyche.md", "tnt-ct09-2025-ubnd-cantho.md"],
)
def test_clean_real_documents_are_good(name):
    q = process_file(REAL / name).quality
    assert not q.doubtful and q.score == 1.0


@needs_corpus
def test_a_number_and_day_stamped_by_a_signing_system_are_listed_to_check():
    """btctu-hanoi Hướng dẫn (signed PDF): its number `2` and day `21` are images stamped into the
    blanks by the signing system, read by OCR; the card lists the number and the date to check
    and does not call the document good, though every other field is read from the text layer."""
    doc = process_file(REAL / "btctu-hanoi-hd-2025-to-chuc-dang-dangvien.pdf")
    assert doc.source.ocr_stamps == ["2", "21"]
    assert doc.quality.check == ["number_symbol", "date"]
    assert doc.quality.doubtful and doc.quality.score == 1.0
    assert any("chữ ký số" in reason for reason in doc.quality.doubts)


@needs_corpus
def test_a_scans_issuer_is_read_by_ocr_mended_and_listed_to_check():
    """huit-kh753 (scan, page images read: `BỘ CÔNG THƯƠNG` / `TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG THÀNH PHỐ HỒ
    CHÍ MINH`): Tesseract drops and swaps the header's tone marks; the names with one spelling are
    mended, and the issuer, a name read from an image, is listed to check with the OCR reason."""
    doc = process_file(REAL / "huit-kh753-2026-khaosat-hailong-scan.pdf")
    assert doc.issuer_parent == "Bộ Công thương"
    assert doc.issuer.endswith("thành phố Hồ Chí Minh")
    assert "issuer" in doc.quality.check and doc.quality.doubtful
    assert any(reason.startswith("Cơ quan ban hành: đọc bằng nhận dạng chữ") for reason in doc.quality.doubts)
