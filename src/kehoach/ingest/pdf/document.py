"""A PDF as a whole through PDFium: opened under the one lock, its pages' plain text, a page
rendered for OCR, and the errors and page lists a clerk is told.

PDFium is not thread-safe: every call into it is made under `PDFIUM` (the web app reads in
threads).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kehoach.errors import IngestError

PDFIUM = threading.RLock()
OCR_DPI = 300
# The most pixels a page is rendered at for OCR (an A2 sheet at 300 dpi): a PDF may declare a page of
# 200 × 200 inches, which at 300 dpi would be 3.6 gigapixels (10.8 GB in colour) before Tesseract's
# own memory limit is reached; a larger page is rendered at a lower resolution instead.
MAX_OCR_PIXELS = 36_000_000


def pdf_error(filename: str, message: str, code: str) -> IngestError:
    """An `IngestError` about the PDF `filename` ("" when read from bytes without a name)."""
    return IngestError(message, code=code, path=filename or None)


def corrupt(filename: str, detail: str = "") -> IngestError:
    """The error of a PDF that PDFium cannot read (`detail`: what is wrong, if known)."""
    extra = f" ({detail})" if detail else ""
    return pdf_error(
        filename,
        f"Tệp PDF bị hỏng hoặc không đầy đủ{extra}: không đọc được. Hãy lấy lại bản gốc của văn bản.",
        "corrupt",
    )


def load(data: bytes, filename: str):
    """The PDF in `data` opened with PDFium (the caller closes it, under `PDFIUM`); a password,
    an unsupported encryption or a broken file raises `IngestError`."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = _LOCKED.get(getattr(exc, "err_code", None))
        if message:
            raise pdf_error(filename, message, "encrypted") from exc
        raise corrupt(filename) from exc


# PDFium's error codes for a locked file: FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
_LOCKED = {
    4: "Tệp PDF được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu hoặc xuất lại bản không khóa.",
    5: "Tệp PDF được mã hóa theo cách chưa hỗ trợ: hãy gỡ mật khẩu rồi tải lại.",
}


def page_list(numbers: list[int]) -> str:
    """Page numbers as a warning lists them: the first eight, then how many in all."""
    if len(numbers) > 8:
        return ", ".join(map(str, numbers[:8])) + f" … ({len(numbers)} trang)"
    return ", ".join(map(str, numbers))


@contextmanager
def opened(path: str | Path) -> Iterator:
    """A PDF file opened with PDFium, closed on leaving; both under the reader's lock (PDFium is not
    thread-safe). Read it through the reader's own functions (`render_page`), which take the lock."""
    import pypdfium2 as pdfium

    with PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
    try:
        yield pdf
    finally:
        with PDFIUM:
            pdf.close()


def text_layers(path: str | Path) -> list[str]:
    """The text layer of each page of a PDF file as PDFium gives it (no layout, fast): "" or a few
    characters for a scanned page."""
    with opened(path) as pdf, PDFIUM:
        out = []
        for page in pdf:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range() if textpage.count_chars() else "")
        return out


def render_page(pdf, index: int, dpi: int = OCR_DPI):
    """One page as a PIL image at `dpi`, in colour (OCR sets a red seal apart by its colour); a page
    so large that it would exceed `MAX_OCR_PIXELS` is rendered at the resolution that fits."""
    with PDFIUM:
        page = pdf[index]
        try:
            width, height = page.get_size()
            scale = min(dpi / 72, (MAX_OCR_PIXELS / max(width * height, 1.0)) ** 0.5)
            bitmap = page.render(scale=scale)
            return bitmap.to_pil()
        finally:
            page.close()
