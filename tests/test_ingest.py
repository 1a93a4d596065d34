"""Readers: text encodings (UTF-8/16, Windows-1258, TCVN3, VNI), PDF, DOCX, and bad input."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from kehoach.errors import IngestError, KehoachError
from kehoach.ingest import COLUMN_GAP, read_bytes, read_file, sniff_format
from kehoach.ingest.layout import Fragment, lines_from_fragments
from kehoach.ingest.legacy import (
    TCVN3_DECODE,
    VNI_DECODE,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
)
from render import DEJAVU_SANS, FONT_MISSING, build_docx, build_image_pdf, build_pdf, dejavu_available
from support import SAMPLES

needs_font = pytest.mark.skipif(not dejavu_available(), reason=FONT_MISSING)

_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
    }
    | {"đ"}
)
ALL_LETTERS = _LETTERS + [c.upper() for c in _LETTERS]


def sample_text(key: str = "000") -> str:
    """A sample as Unicode NFC with the `ƣ` artifact repaired (legacy encodings cannot hold `ƣ`)."""
    text = unicodedata.normalize("NFC", SAMPLES[key].read_text(encoding="utf-8"))
    return text.replace("ƣ", "ư").replace("Ƣ", "Ư")


# --- plain text: encodings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "expected"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16"),
        (lambda t: t.encode("utf-16-be"), "utf-16"),
        (encode_cp1258, "cp1258"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom", "cp1258"],
)
@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_text_encodings_are_detected_and_decoded_exactly(key, encode, expected):
    text = sample_text(key)
    raw = read_bytes(encode(text), "plan.txt")
    assert raw.encoding == expected
    assert unicodedata.normalize("NFC", raw.text) == text
    assert raw.format == "txt" and raw.size > 0 and len(raw.sha256) == 64


@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
@pytest.mark.parametrize("as_bytes", [True, False], ids=["8-bit-file", "extracted-utf8"])
@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_legacy_encodings_are_detected_by_content(key, legacy, as_bytes):
    text = sample_text(key)
    encode = encode_tcvn3 if legacy == "tcvn3" else encode_vni
    surface = encode(text)
    data = encode(text, as_bytes=True) if as_bytes else surface.encode("utf-8")
    raw = read_bytes(data, "plan.txt")
    assert raw.encoding == legacy
    assert any("bảng mã cũ" in w for w in raw.warnings)
    if legacy == "vni":
        assert raw.text == text
    else:
        # TCVN3 has no toned capitals; capitals are recovered from context, except a
        # capital inside a sentence (`với Ủy ban` comes back as `với ủy ban`).
        assert raw.text.lower() == text.lower()
        differ = [(a, b) for a, b in zip(raw.text.splitlines(), text.splitlines(), strict=True) if a != b]
        assert len(differ) <= 1, differ


def test_vni_round_trips_every_letter():
    for letter in ALL_LETTERS:
        assert decode_vni(encode_vni(letter)) == letter, letter


def test_tcvn3_round_trips_every_letter_up_to_case():
    for letter in ALL_LETTERS:
        back = decode_tcvn3(encode_tcvn3(letter), recase=False)
        assert back.lower() == letter.lower(), letter
    for letter in "ĂÂÊÔƠƯĐ":  # the seven capitals TCVN3 has
        assert decode_tcvn3(encode_tcvn3(letter)) == letter


@pytest.mark.parametrize(
    "line",
    [
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Số 39-KH/ĐUK",
        "Đà Lạt, ngày 09 tháng 5 năm 2022",
        "Lương Văn Mừng",
        "- Ủy ban Mặt trận Tổ quốc (để phối hợp),",
        "Đoàn TNCS Hồ Chí Minh",
    ],
)
def test_tcvn3_recovers_capitals_set_in_vntimeh(line):
    assert decode_tcvn3(encode_tcvn3(line)) == line


def test_tcvn3_pdf_glyph_substitutions():
    # PDF text layers of .VnTime documents give U+2212 for ư and U+2219 for ã (beside letters only).
    assert decode_tcvn3("nhµ n\u2212íc") == "nhà nước"
    assert decode_tcvn3("5 \u2212 3 = 2, Thñ t\u2212íng") == "5 \u2212 3 = 2, Thủ tướng"


def test_mixed_lines_keep_unicode():
    legacy = [line for line in sample_text("000").splitlines() if line.strip()][8:20]
    unicode_line = "Tiếng Việt Unicode giữ nguyên: ưu tiên, đẩy mạnh."
    text = "\n".join(
        [encode_tcvn3(line) for line in legacy[:6]]
        + [unicode_line]
        + [encode_tcvn3(line) for line in legacy[6:]]
    )
    raw = read_bytes(text.encode("utf-8"), "x.txt")
    assert raw.encoding == "tcvn3"
    assert raw.text.splitlines() == [*legacy[:6], unicode_line, *legacy[6:]]


@pytest.mark.parametrize(
    "text",
    [
        "Señor Muñoz compró piñatas y jalapeños en Málaga; ¿dónde está la estación? ¡Olé!",
        "Größere Übungen für Schüler: Öl, Äpfel, Straße, süß, schön, Müller und Köln.",
        "Le garçon a reçu des crêpes à Noël; où est l'hôtel? Très bien, déjà vu, naïve.",
        "Giá 15 µg; nhiệt độ 37°C ± 0,5; tỷ lệ ½ và ¼; © 2022 — Sở Y tế.",
    ],
)
def test_other_latin_text_is_not_taken_for_legacy(text):
    assert detect_legacy(text * 3)[0] is None
    raw = read_bytes((text * 3).encode("utf-8"), "x.txt")
    assert raw.encoding == "utf-8" and raw.text == text * 3


def test_unicode_samples_are_not_taken_for_legacy():
    for key in SAMPLES:
        assert read_file(SAMPLES[key]).encoding == "utf-8"


def test_a_few_bad_bytes_in_utf8_are_replaced_with_a_warning():
    data = sample_text("000").encode("utf-8")
    data = data[:500] + b"\xff" + data[500:]
    raw = read_bytes(data, "x.txt")
    assert raw.encoding == "utf-8"
    assert "\ufffd" in raw.text and raw.warnings


def test_tables_agree_with_viparse_where_it_has_entries():
    """Our hand-built tables against viparse's (MIT), which lacks VNI `ẳ`/`Ẳ` (see legacy.py)."""
    tcvn3 = pytest.importorskip("viparse.normalize.tcvn3")
    vni = pytest.importorskip("viparse.normalize.vni")
    theirs_t = dict(tcvn3.TCVN3.pairs)
    assert {k: v for k, v in TCVN3_DECODE.items() if k in theirs_t} == theirs_t
    theirs_v = dict(vni.VNI.pairs)
    # viparse also maps `iø`/`iù` (derived, never produced by VNI: ì í are single bytes).
    shared = {k: v for k, v in theirs_v.items() if k in VNI_DECODE}
    assert {k: VNI_DECODE[k] for k in shared} == shared
    assert set(theirs_v) - set(VNI_DECODE) == {"iø", "iù", "IØ", "IÙ"}
    assert set(VNI_DECODE) - set(theirs_v) == {"aú", "AÚ"}


# --- binary and odd input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (os.urandom(4096), None),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "PNG"),
        (b"\xff\xd8\xff\xe0" + os.urandom(200), "JPEG"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "ELF"),
        (bytes(1000), None),
    ],
    ids=["random", "png", "jpeg", "elf", "nuls"],
)
def test_binary_input_is_refused(data, what):
    with pytest.raises(IngestError) as err:
        read_bytes(data, "plan.txt")
    assert err.value.code == "binary"
    assert "nhị phân" in err.value.message
    if what:
        assert what in err.value.message


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(IngestError) as err:
        read_file(empty)
    assert err.value.code == "empty" and err.value.path == str(empty)
    with pytest.raises(IngestError) as err:
        read_file(tmp_path / "nope.txt")
    assert err.value.code == "not_found"
    with pytest.raises(IngestError) as err:
        read_file(tmp_path)
    assert err.value.code == "is_directory"


def test_sniff_format_by_content_first():
    assert sniff_format(b"%PDF-1.7 ...", "x.txt") == "pdf"
    assert sniff_format(b"PK\x03\x04...", "x.bin") == "docx"
    assert sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.doc") == "doc"
    assert sniff_format(b"junk\n%PDF-1.4", "x.pdf") == "pdf"
    assert sniff_format(b"hello", "x.htm") == "html"
    assert sniff_format(b"hello", "x") == "txt"


# --- PDF ----------------------------------------------------------------------------------


def test_fragments_group_into_rows_with_column_gaps():
    """Boxes as PDFium gives them for a header, a hyphen drawn on its own and a signature row
    (points, y down), listed out of visual order as a signed PDF's content stream has them."""
    frags = [
        Fragment(72, 120, 400, 134, "phù hợp theo chương trình phòng chống dịch covid"),
        Fragment(347, 62, 557, 78, "ĐẢNG CỘNG SẢN VIỆT NAM "),
        Fragment(104, 64, 318, 77, "ĐẢNG BỘ TỈNH LÂM ĐỒNG "),
        Fragment(150, 90, 167, 103, "Số "),
        Fragment(171, 90, 184, 100, "39"),
        Fragment(184.6, 96, 188, 97, "-"),
        Fragment(188.4, 90, 240, 100, "KH/ĐUK"),
        Fragment(330, 88, 556, 101, "Đà Lạt, ngày 09 tháng 5 năm 2022"),
        Fragment(403, 121, 430, 134, "- 19"),
        Fragment(72, 700, 120, 712, "Nơi nhận:"),
        Fragment(380, 698, 520, 712, "T/M BAN THƯỜNG VỤ"),
        Fragment(72, 500, 90, 512, "   "),
    ]
    assert lines_from_fragments(frags) == [
        f"ĐẢNG BỘ TỈNH LÂM ĐỒNG{COLUMN_GAP}ĐẢNG CỘNG SẢN VIỆT NAM",
        f"Số 39-KH/ĐUK{COLUMN_GAP}Đà Lạt, ngày 09 tháng 5 năm 2022",
        "phù hợp theo chương trình phòng chống dịch covid - 19",
        f"Nơi nhận:{COLUMN_GAP}T/M BAN THƯỜNG VỤ",
    ]
    assert len(COLUMN_GAP) >= 4


def test_plain_fragments_join_as_the_others():
    """A fragment marked `plain` (the PDF reader's runs: words joined by single spaces, one
    space after) skips the row joiner's collapse; rows read the same as unmarked fragments."""
    for plain in (False, True):
        frags = [
            Fragment(72, 50, 300, 62, "Kế hoạch số 39-KH/ĐUK ", 4, plain),
            Fragment(72, 700, 120, 712, "Nơi nhận: ", 2, plain),
            Fragment(380, 698, 520, 712, "T/M BAN THƯỜNG VỤ ", 4, plain),
            Fragment(72, 80, 90, 92, "x", 1, plain),
        ]
        assert lines_from_fragments(frags) == [
            "Kế hoạch số 39-KH/ĐUK",
            "x",
            f"Nơi nhận:{COLUMN_GAP}T/M BAN THƯỜNG VỤ",
        ]


@needs_font
def test_pdf_text_layer_with_pages_and_columns(tmp_path):
    path = build_pdf(sample_text("000"), tmp_path / "000.pdf")
    raw = read_file(path)
    assert raw.format == "pdf" and raw.encoding is None
    assert raw.pages and raw.pages >= 2
    assert raw.page_starts[0] == 0 and raw.page_starts == sorted(raw.page_starts)
    for start in raw.page_starts[1:]:
        assert raw.text[start - 1] == "\n"
    lines = raw.text.splitlines()
    gap = re.compile(r"\S {4,}\S")
    header = next(line for line in lines if line.startswith("ĐẢNG BỘ TỈNH LÂM ĐỒNG"))
    assert re.fullmatch(r"ĐẢNG BỘ TỈNH LÂM ĐỒNG {4,}ĐẢNG CỘNG SẢN VIỆT NAM", header)
    assert any(re.fullmatch(r"Số 39 -KH/ĐUK {4,}Đà Lạt, ngày 09 tháng 5 năm 2022", line) for line in lines)
    assert any(re.fullmatch(r"Nơi nhận: {4,}T/M BAN THƯỜNG VỤ", line) for line in lines)
    assert any(re.fullmatch(r"- Ban Thường vụ Tỉnh ủy \(b\.cáo\), {4,}PHÓ BÍ THƯ", line) for line in lines)
    # Justified body lines have no column gaps: only the header and closing rows have one.
    columns = [line for line in lines if gap.search(line)]
    assert len(columns) == 5, columns
    assert columns[-1].endswith("Lương Văn Mừng")
    words = sample_text("000").split()
    assert raw.text.split().count("tuyên") == words.count("tuyên")


@needs_font
def test_pdf_in_legacy_encoding_is_converted(tmp_path):
    """A PDF whose text layer is TCVN3 (a `.VnTime` document): converted to Unicode."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(DEJAVU_SANS))
    pdf.set_font("DejaVu", "", 12)
    for line in sample_text("000").splitlines()[:60]:
        pdf.cell(0, 6, encode_tcvn3(line.strip()), new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "vntime.pdf"
    pdf.output(str(path))
    raw = read_file(path)
    assert raw.encoding == "tcvn3"
    assert "Thực hiện Kế hoạch số 40-KH/TU" in raw.text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in raw.text


def _encrypted_pdf(tmp_path, user_password: str) -> Path:
    from pypdf import PdfWriter

    source = build_pdf(sample_text("000"), tmp_path / "plain.pdf") if dejavu_available() else None
    writer = PdfWriter(clone_from=str(source)) if source else PdfWriter()
    if source is None:
        writer.add_blank_page(200, 200)
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="AES-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_encrypted_pdf(tmp_path):
    with pytest.raises(IngestError) as err:
        read_file(_encrypted_pdf(tmp_path, "mat-khau"))
    assert err.value.code == "encrypted"
    assert "mật khẩu" in err.value.message


@needs_font
def test_pdf_locked_only_by_owner_password_is_read(tmp_path):
    raw = read_file(_encrypted_pdf(tmp_path, ""))
    assert "KẾ HOẠCH" in raw.text
    assert any("khóa chủ sở hữu" in w for w in raw.warnings)


def test_image_only_pdf(tmp_path):
    with pytest.raises(IngestError) as err:
        read_file(build_image_pdf(tmp_path / "scan.pdf"))
    assert err.value.code == "no_text"
    assert "OCR" in err.value.message


@needs_font
@pytest.mark.parametrize("keep", [0.15, 0.5, 0.9])
def test_truncated_pdf(tmp_path, keep):
    data = build_pdf(sample_text("002"), tmp_path / "full.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    try:
        raw = read_file(path)
    except IngestError as err:
        assert err.code == "corrupt"
        assert "hỏng" in err.message
    else:  # pypdf recovered part of it: then it must say so or hold real text
        assert raw.text.strip()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF",
        b"%PDF-" + os.urandom(3000),
    ],
    ids=["header-only", "no-pages", "random-after-header"],
)
def test_broken_pdfs(data):
    with pytest.raises(IngestError) as err:
        read_bytes(data, "x.pdf")
    assert err.value.code in {"corrupt", "no_text"}


# --- DOCX ---------------------------------------------------------------------------------


def test_docx_tables_and_paragraphs_in_document_order(tmp_path):
    raw = read_file(build_docx(sample_text("000"), tmp_path / "000.docx"))
    lines = [line for line in raw.text.splitlines() if line.strip()]
    assert lines[:6] == [
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
        "*",
        "Số  39 -KH/ĐUK",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Đà Lạt, ngày 09 tháng 5 năm 2022",
    ]
    assert lines[6] == "KẾ HOẠCH"
    assert lines[-3:] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lương Văn Mừng"]
    assert lines[lines.index("Nơi nhận:") + 1] == "- Ban Thường vụ Tỉnh ủy (b.cáo),"


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_docx_automatic_numbering_prints_the_labels(tmp_path, key):
    text = sample_text(key)
    typed = read_file(build_docx(text, tmp_path / "typed.docx")).text
    numbered_path = build_docx(text, tmp_path / "numbered.docx", auto_numbering=True)
    with zipfile.ZipFile(numbered_path) as zf:
        assert b"<w:numPr>" in zf.read("word/document.xml")
    numbered = read_file(numbered_path).text
    squeeze = re.compile(r"(?m)^(\S+) +")
    assert squeeze.sub(r"\1 ", numbered) == squeeze.sub(r"\1 ", typed)


def test_docx_data_table_rows_and_tabs(tmp_path):
    from docx import Document as DocxDocument

    document = DocxDocument()
    document.add_paragraph("Nơi nhận:\tT/M BAN THƯỜNG VỤ")
    document.add_paragraph("1.\tNội dung có tab sau nhãn")
    table = document.add_table(rows=5, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"ô {r}-{c}"
    path = tmp_path / "table.docx"
    document.save(str(path))
    lines = read_file(path).text.splitlines()
    assert lines[0] == f"Nơi nhận:{COLUMN_GAP}T/M BAN THƯỜNG VỤ"
    assert lines[1] == "1. Nội dung có tab sau nhãn"
    assert lines[2] == COLUMN_GAP.join(f"ô 0-{c}" for c in range(4))
    assert len([line for line in lines if line.startswith("ô ")]) == 5


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"This is not a zip file at all, just text named .docx", "corrupt"),
        (b"PK\x03\x04" + os.urandom(500), "corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "unsupported"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(600),
            "encrypted",
        ),
    ],
    ids=["not-a-zip", "broken-zip", "old-doc", "encrypted-docx"],
)
def test_bad_docx(data, code):
    with pytest.raises(IngestError) as err:
        read_bytes(data, "plan.docx")
    assert err.value.code == code


def test_zip_that_is_not_a_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError) as err:
        read_bytes(buf.getvalue(), "plan.docx")
    assert err.value.code == "unsupported"


# --- the bad-input set, end to end ---------------------------------------------------------

DOCUMENTED_CODES = {
    "empty",
    "too_large",
    "binary",
    "encrypted",
    "no_text",
    "corrupt",
    "unsupported",
    "not_a_plan",
}


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> dict[str, Path]:
    """The bad-input set, written once per module."""
    tmp_path = tmp_path_factory.mktemp("bad")
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        files[name] = tmp_path / name
        files[name].write_bytes(data)

    put("empty.txt", b"")
    put("junk.bin", os.urandom(20_000))
    put("junk.txt", os.urandom(20_000))
    if dejavu_available():
        full = build_pdf(sample_text("000"), tmp_path / "whole.pdf").read_bytes()
        put("truncated.pdf", full[: len(full) // 3])
    else:
        put("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Length 500 >>\nstream\nBT /F1 12 Tf")
    files["encrypted.pdf"] = _encrypted_pdf(tmp_path, "mat-khau")
    files["scan.pdf"] = build_image_pdf(tmp_path / "scan.pdf")
    put("not-a-zip.docx", b"Day la van ban thuong, khong phai tep Word.\n" * 20)
    put("not-a-plan.txt", "Hôm nay trời đẹp. Chúng tôi đi chợ mua rau, cá và trái cây.\n".encode() * 40)
    put("ascii-noise.txt", b"lorem ipsum dolor sit amet\n" * 100)
    return files


@pytest.mark.parametrize(
    "name",
    ["empty.txt", "junk.bin", "junk.txt", "truncated.pdf", "encrypted.pdf", "scan.pdf", "not-a-zip.docx",
     "not-a-plan.txt", "ascii-noise.txt"],
)  # fmt: skip
def test_bad_input_ends_in_document_or_documented_error(bad_inputs, name):
    from kehoach.pipeline import process_file

    path = bad_inputs[name]
    try:
        doc = process_file(path)
    except KehoachError as err:
        assert err.code in DOCUMENTED_CODES, err.code
        assert err.message and re.search(r"[àáảãạăâđêôơư]", err.message.lower()), err.message  # Vietnamese
    else:
        assert doc.warnings, "a non-plan must come back with warnings"
        assert doc.quality.missing


@pytest.mark.slow
def test_fifty_megabyte_text_file(tmp_path):
    from kehoach.pipeline import process_file

    unit = SAMPLES["002"].read_bytes()
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(unit) + 1):
            fh.write(unit)
    assert path.stat().st_size >= 50 * 1024 * 1024
    with pytest.raises(IngestError) as err:  # more text than one document holds (MAX_TEXT_CHARS)
        process_file(path)
    assert err.value.code == "too_large"
    assert "tách" in err.value.message


@pytest.mark.parametrize("name", ["empty.txt", "junk.bin", "encrypted.pdf", "scan.pdf", "not-a-zip.docx"])
def test_cli_parse_bad_file_exits_nonzero_with_one_line(bad_inputs, name):
    path = bad_inputs[name]
    proc = subprocess.run(
        [sys.executable, "-c", "from kehoach.cli import app; app()", "parse", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1"},
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    message = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(message) == 1, proc.stderr
    assert path.name in message[0]


def test_ocr_label_read_in_small_letters_at_a_line_start_is_capitalised():
    """Tesseract reads `Số:` of a scan as `số:` (huit-kh753); the label must stay a line of its
    own, not read as the end of the date line above it."""
    from kehoach.ingest.ocr import _label_capital

    assert _label_capital("số: ÄÂ3/KH-DCT") == "Số: ÄÂ3/KH-DCT"
    assert _label_capital("nơi nhận:") == "Nơi nhận:"
    assert _label_capital("số lượng đại biểu: 20") == "số lượng đại biểu: 20"  # a sentence, not a label
