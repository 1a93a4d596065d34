"""Limits enforced before work (issue 10, item 2): zip members' declared sizes and ratios
are checked before anything is unpacked, a file's size before it is read; peak memory
stays bounded (measured in a child process through `resource`)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kehoach.errors import IngestError
from kehoach.ingest import read_bytes, read_file
from kehoach.ingest.archive import MAX_XML_BYTES

_PARA = b"<w:p><w:r><w:t>Ke hoach thuc hien nhiem vu nam 2025 cua Dang uy.</w:t></w:r></w:p>"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_bomb(unpacked: int, member: str = "word/document.xml") -> bytes:
    """A .docx whose one member unpacks to `unpacked` bytes of paragraphs (written in chunks)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with zf.open(member, "w", force_zip64=True) as fh:
            fh.write(_HEAD)
            chunk = _PARA * (1024 * 1024 // len(_PARA))
            written = len(_HEAD)
            while written < unpacked:
                fh.write(chunk)
                written += len(chunk)
            fh.write(b"</w:body></w:document>")
        if member != "word/document.xml":
            zf.writestr("word/document.xml", _HEAD + _PARA + b"</w:body></w:document>")
    return buf.getvalue()


def test_docx_bomb_refused_before_unpacking():
    data = docx_bomb(MAX_XML_BYTES + 8 * 1024 * 1024)
    assert len(data) < 2 * 1024 * 1024  # a small file…
    with pytest.raises(IngestError) as err:
        read_bytes(data, "bomb.docx")
    assert err.value.code == "archive_bomb"  # …refused by its declared size
    assert "zip bomb" in err.value.message and "word/document.xml" in err.value.message


def test_high_ratio_member_refused():
    data = docx_bomb(6 * 1024 * 1024, member="word/media/image1.xml")
    with pytest.raises(IngestError) as err:
        read_bytes(data, "ratio.docx")
    assert err.value.code == "archive_bomb" and "nén" in err.value.message


def test_long_real_docx_passes_the_check():
    """A plan's text repeated 40 times (~4 MB of XML): far longer than any real plan, under
    the limits, read whole."""
    from xml.sax.saxutils import escape

    import docx

    from support import SAMPLES

    lines = SAMPLES["002"].read_text(encoding="utf-8").splitlines()
    body = b"".join(
        f"<w:p><w:r><w:t>{escape(line)} ({n})</w:t></w:r></w:p>".encode() for n in range(40) for line in lines
    )
    base = io.BytesIO()
    docx.Document().save(base)  # a valid package; its body replaced (python-docx appends in O(n²))
    buf = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = _HEAD + body + b"</w:body></w:document>"
            zf.writestr(info.filename, data)
    raw = read_bytes(buf.getvalue(), "long.docx")
    assert len(body) > 1024 * 1024
    assert raw.text.count("KẾ HOẠCH") >= 40


def test_odt_bomb_refused_before_libreoffice(monkeypatch):
    import kehoach.ingest.convert as convert

    monkeypatch.setattr(
        convert, "libreoffice_to_docx", lambda *a, **k: pytest.fail("bomb handed to LibreOffice")
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", b"application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", b"<a>" + b"x" * (MAX_XML_BYTES + 1) + b"</a>")
    with pytest.raises(IngestError) as err:
        read_bytes(buf.getvalue(), "bomb.odt")
    assert err.value.code == "archive_bomb"


_CHILD = """
import json, resource, sys
from kehoach.errors import IngestError
from kehoach.ingest import read_file
try:
    read_file(sys.argv[1])
    code = None
except IngestError as exc:
    code = exc.code
# ru_maxrss survives exec on Linux (a child forked from a big pytest process reports the
# parent's peak); the mm's own high-water mark (VmHWM) starts afresh at exec.
try:
    with open("/proc/self/status") as fh:
        peak_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except OSError:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "rss_mb": peak_kb / 1024}))
"""


def _child(path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_zip_bomb_of_a_gigabyte_keeps_memory_bounded(tmp_path):
    path = tmp_path / "gigabyte.docx"
    path.write_bytes(docx_bomb(1024 * 1024 * 1024))
    got = _child(path)
    assert got["code"] == "archive_bomb"
    assert got["rss_mb"] < 250, got


def test_three_gigabyte_file_refused_by_its_size_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: no disk used
        fh.truncate(3 * 1024 * 1024 * 1024)
    got = _child(path)
    assert got["code"] == "too_large"
    assert got["rss_mb"] < 250, got
    with pytest.raises(IngestError) as err:
        read_file(path)
    assert "quá lớn" in err.value.message


# --- nothing skipped silently ------------------------------------------------------------------


def _mixed_folder(tmp_path):
    from support import SAMPLES

    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "kehoach.md").write_text(SAMPLES["000"].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sub" / "bang-tinh.xlsx").write_bytes(b"PK\x03\x04 not read")
    (folder / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    (folder / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)  # broken old Word
    (folder / ".an").mkdir()
    (folder / ".an" / "x.txt").write_text("hidden", encoding="utf-8")
    return folder


def test_ingest_folder_accounts_for_every_file(tmp_path):
    from kehoach.store import Store

    folder = _mixed_folder(tmp_path)
    with Store(f"sqlite:///{tmp_path / 'k.db'}") as store:
        report = store.ingest_paths([folder], jobs=1)
    outcome = {Path(f.path).name: f for f in report.files}
    assert set(outcome) == {"kehoach.md", "bang-tinh.xlsx", "anh.jpg", "cu.doc"}
    assert outcome["kehoach.md"].status == "stored"
    assert outcome["bang-tinh.xlsx"].status == "failed" and outcome["bang-tinh.xlsx"].code == "unsupported"
    assert ".xlsx" in outcome["bang-tinh.xlsx"].message
    assert outcome["anh.jpg"].code == "unsupported"
    assert outcome["cu.doc"].status == "failed" and outcome["cu.doc"].message  # read, failed with a reason


def test_summary_lists_every_file_with_its_reason(tmp_path):
    folder = _mixed_folder(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", "from kehoach.cli import app; app()", "summary", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "400", "NO_COLOR": "1"},
    )
    out = proc.stdout
    assert "4 tệp: 1 đọc được, 3 lỗi" in out
    for name in ("kehoach.md", "bang-tinh.xlsx", "anh.jpg", "cu.doc"):
        assert name in out
    assert out.count("(unsupported)") == 2


def test_summary_shows_why_a_note_is_not_a_document(tmp_path, sample_paths):
    """A page of notes gets its reason in the summary, not fields and a quality figure."""
    (tmp_path / "ghi-chu.md").write_text(
        "# Ghi chú thiết kế trang web\n\nMàu nền xanh nhạt, phông chữ lớn hơn.\nNút tải lên đặt ở góc phải.\n",
        encoding="utf-8",
    )
    (tmp_path / "002.txt").write_bytes(Path(sample_paths["002"]).read_bytes())
    proc = subprocess.run(
        [sys.executable, "-c", "from kehoach.cli import app; app()", "summary", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "400", "NO_COLOR": "1"},
    )
    out = proc.stdout
    assert "2 tệp: 1 đọc được, 0 lỗi, 1 không phải văn bản hành chính" in out
    note = next(line for line in out.splitlines() if "ghi-chu.md" in line)
    assert "Không phải văn bản hành chính" in note and "%" not in note
    assert "72-KH/HU" in out


def test_a_huge_page_is_rendered_for_ocr_within_the_pixel_bound():
    """A PDF may declare a 200 × 200 inch page (the format's largest): at 300 dpi that is 3.6
    gigapixels. It is rendered for OCR at the resolution that fits `MAX_OCR_PIXELS`; an A4 page keeps
    its 300 dpi."""
    import pypdfium2 as pdfium

    from kehoach.ingest.pdf.document import MAX_OCR_PIXELS, render_page

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)
    pdf.new_page(595, 842)  # A4 in points
    try:
        huge = render_page(pdf, 0)
        assert huge.width * huge.height <= MAX_OCR_PIXELS
        a4 = render_page(pdf, 1)
        assert abs(a4.width - 595 * 300 / 72) <= 1 and abs(a4.height - 842 * 300 / 72) <= 1
    finally:
        pdf.close()
