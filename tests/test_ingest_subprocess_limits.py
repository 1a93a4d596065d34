"""External programs run under a memory limit and a timeout (issue 11): LibreOffice and
Tesseract given a limit too small to start with are stopped, and the reader says so in
Vietnamese (code `memory`), where the same file goes through under the default limit."""

from __future__ import annotations

import io
import shutil

import pytest

from kehoach.errors import IngestError
from kehoach.ingest import convert, limits, ocr, read_bytes
from kehoach.ingest.convert import soffice_path

needs_soffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice missing: run scripts/setup-system.sh"
)
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract missing")

RTF = (
    rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0"
    rb" UBND X\u195\'3f \u272\'3f\u7890\'3fNG S\u416\'3fN\par"
    rb" K\u7870\'3f HO\u7840\'3fCH\par"
    rb" Tri\u7875\'3fn khai c\u244\'3fng t\u225\'3fc n\u259\'3fm 2025\par}"
)


def blank_scan() -> bytes:
    """A one-page image-only PDF (a white A4 page at 100 dpi with a black bar)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (827, 1169), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 700, 140), fill=0)
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=100)
    return buf.getvalue()


@pytest.mark.parametrize("with_prlimit", [True, False])
def test_programs_run_with_the_address_space_limit(monkeypatch, with_prlimit):
    if not with_prlimit:  # no util-linux: the shell's ulimit sets the same limit
        real_which = shutil.which
        monkeypatch.setattr(
            limits.shutil, "which", lambda name: None if name == "prlimit" else real_which(name)
        )
    result = limits.run(["/bin/sh", "-c", "ulimit -v"], timeout=30, memory_mb=96)
    assert result.returncode == 0
    assert result.stdout.decode().strip() == str(96 * 1024)  # ulimit -v counts KiB


def test_program_over_its_timeout_is_killed():
    with pytest.raises(limits.Timeout):
        limits.run(["/bin/sh", "-c", "sleep 30"], timeout=0.5, memory_mb=64)


@needs_soffice
@pytest.mark.slow
def test_libreoffice_over_its_memory_limit_says_so(monkeypatch):
    raw = read_bytes(RTF, "kh.rtf")  # the default limit: converted
    assert raw.method == "converted" and "KẾ HOẠCH" in raw.text
    monkeypatch.setattr(convert, "CONVERT_MEMORY_MB", 150)  # LibreOffice needs ~500 MB to start
    with pytest.raises(IngestError) as err:
        read_bytes(RTF, "kh.rtf")
    assert err.value.code == "memory" and err.value.path == "kh.rtf"
    assert "giới hạn bộ nhớ 150 MB" in err.value.message or "giới hạn bộ nhớ (150 MB)" in err.value.message
    assert ".docx" in err.value.message  # what to do about it


@needs_tesseract
def test_tesseract_over_its_memory_limit_says_so(monkeypatch):
    monkeypatch.setattr(ocr, "OCR_MEMORY_MB", 40)  # Tesseract needs ~150 MB to load its libraries
    with pytest.raises(IngestError) as err:
        read_bytes(blank_scan(), "scan.pdf", ocr="auto")
    assert err.value.code == "memory" and err.value.path == "scan.pdf"
    assert err.value.message.startswith("Trang 1: Nhận dạng chữ (OCR)")
    assert "giới hạn bộ nhớ" in err.value.message and "40 MB" in err.value.message


@needs_tesseract
def test_tesseract_over_its_timeout_says_so(monkeypatch):
    monkeypatch.setattr(ocr, "OCR_TIMEOUT", 0.01)
    with pytest.raises(IngestError) as err:
        read_bytes(blank_scan(), "scan.pdf", ocr="auto")
    assert err.value.code == "timeout" and "quá 0.01 giây" in err.value.message
