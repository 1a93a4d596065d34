"""`read_pdf`: a PDF's bytes → `RawText`, page by page (see the package doc).

The text layer of every page is read first (`fragments.page_lines`; the first and last pages
word by word, with the numbers and days a signing system stamped as images, `stamps`), a legacy
encoding (TCVN3, VNI) is converted, then the scanned pages, or every page when the text layer is
garbage, are recognised (`ocr_pages`).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from kehoach.ingest.base import PageCallback, RawText
from kehoach.ingest.legacy import decode_legacy, detect_legacy
from kehoach.ingest.pdf.document import PDFIUM, corrupt, load, page_list, pdf_error
from kehoach.ingest.pdf.fragments import page_lines
from kehoach.ingest.pdf.ocr_pages import pages_to_read, recognise
from kehoach.ingest.pdf.scans import (
    SCAN_COVER,
    SCAN_LETTERS,
    has_letters,
    image_cover,
    is_garbage,
    letter_count,
)
from kehoach.ingest.stamps import stamp_fragments

OcrMode = str  # "auto" | "always" | "never"

_LEGACY_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?(?:\.Vn|VNI[-_])", re.IGNORECASE)


@dataclass
class _TextLayer:
    """The text layer of every page, and what it says of the pages."""

    texts: list[str] = field(default_factory=list)
    scanned: list[int] = field(
        default_factory=list
    )  # 0-based pages without a real text layer (an image, few letters)
    empty: list[int] = field(default_factory=list)  # 1-based pages without a letter
    failed: list[int] = field(default_factory=list)  # 1-based pages PDFium could not load
    stamped: list[str] = field(
        default_factory=list
    )  # numbers and days a signing system stamped as images, OCR'd


def read_pdf(
    data: bytes, filename: str = "", *, ocr: OcrMode = "auto", on_page: PageCallback | None = None
) -> RawText:
    """Read a PDF (see the package doc); `on_page(done, total, stage)` is called after each page."""
    started = time.perf_counter()
    warnings: list[str] = []
    with PDFIUM:
        pdf = load(data, filename)
        try:
            return _read(pdf, data, filename, ocr, on_page, warnings, started)
        finally:
            pdf.close()


def _read(
    pdf,
    data: bytes,
    filename: str,
    ocr: OcrMode,
    on_page: PageCallback | None,
    warnings: list[str],
    started: float,
) -> RawText:
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
        warnings.append("Tệp PDF có khóa chủ sở hữu (không cần mật khẩu để đọc); đã đọc bình thường.")
    total = len(pdf)
    if total == 0:
        raise corrupt(filename, "không có trang nào")
    layer = _text_layer(pdf, data, total, ocr, on_page, warnings)
    timings = {"extract": time.perf_counter() - started}
    texts, encoding = _decoded(layer.texts, data, warnings)
    full = "\n".join(texts)

    garbage = is_garbage(full)
    if ocr == "never" and len(layer.scanned) == total:
        raise pdf_error(
            filename,
            "Tệp PDF là bản scan (ảnh, không có lớp chữ"
            + (", chỉ có khung chữ ký số" if full.strip() else "")
            + "): cần nhận dạng chữ (OCR); hãy đọc với --ocr auto.",
            "no_text",
        )
    to_ocr = pages_to_read(ocr, total, garbage, layer.scanned)
    method = "text_layer"
    recognised = None
    if to_ocr:
        outcome = recognise(
            pdf, to_ocr, texts, total=total, ocr=ocr, filename=filename, warnings=warnings, on_page=on_page
        )
        layer.empty.extend(outcome.skipped)
        if outcome.confidence is not None:
            recognised = outcome
            timings["ocr"] = outcome.seconds
            if garbage and ocr == "auto":
                warnings.append(
                    "Lớp chữ của PDF không đọc được (sai bảng mã, thiếu ToUnicode): đã nhận dạng chữ (OCR)."
                )
                encoding = None
            method = "ocr" if len(outcome.pages) == total else "text_layer+ocr"
    elif garbage:
        warnings.append(
            "Lớp chữ của PDF có vẻ sai bảng mã (không đọc được thành tiếng Việt); hãy đọc lại với --ocr always."
        )

    page_starts, pos = [], 0
    for text in texts:
        page_starts.append(pos)
        pos += len(text) + 1
    full = "\n".join(texts)
    if not has_letters(full, 20):
        if recognised is not None:
            raise pdf_error(
                filename,
                "Nhận dạng chữ (OCR) không đọc được chữ nào trong tệp PDF (ảnh trắng, quá mờ?):"
                " hãy scan lại rõ hơn (300 dpi) rồi tải lại.",
                "no_text",
            )
        raise pdf_error(
            filename,
            "Tệp PDF không có lớp chữ (có lẽ là bản scan/ảnh chụp): cần nhận dạng chữ (OCR);"
            " hãy đọc với --ocr auto (cần tesseract-ocr, tesseract-ocr-vie).",
            "no_text",
        )
    if layer.failed:
        warnings.append(f"Không đọc được trang {page_list(layer.failed)} của tệp PDF (trang bị hỏng).")
    empty = sorted(set(layer.empty))
    if empty:
        warnings.append(f"Trang {page_list(empty)} không có chữ: nội dung các trang này bị thiếu.")
    raw = RawText(
        text=full,
        format="pdf",
        sha256="",
        size=len(data),
        encoding=encoding,
        page_starts=page_starts,
        warnings=warnings,
        method=method,
        timings=timings,
        ocr_stamps=layer.stamped,
    )
    if recognised is not None:
        raw.ocr_pages = [i + 1 for i in recognised.pages]
        raw.ocr_confidence = recognised.confidence
    return raw


def _text_layer(
    pdf, data: bytes, total: int, ocr: OcrMode, on_page: PageCallback | None, warnings: list[str]
) -> _TextLayer:
    """Every page's text layer as visual lines, and which pages are scans, empty or broken."""
    import pypdfium2.raw as pdfium_c

    out = _TextLayer()
    document = pdf.raw
    for index in range(total):
        # PDFium's own handles, not pypdfium2's page objects: a page is read with a handful of
        # calls, and the wrappers' bookkeeping (finalizers, parents) showed in the profile.
        page = pdfium_c.FPDF_LoadPage(document, index)
        if not page:  # a broken page: skip it, say so
            out.failed.append(index + 1)
            out.texts.append("")
            continue
        try:
            textpage = pdfium_c.FPDFText_LoadPage(page)
            lines: list[str] = []
            if textpage:
                try:
                    edge = index == 0 or index == total - 1  # the header's and the signature's pages
                    stamped = (
                        stamp_fragments(page, textpage, data, index, warnings, out.stamped) if edge else None
                    )
                    lines = page_lines(
                        textpage, pdfium_c.FPDF_GetPageHeightF(page), word_by_word=edge, extra=stamped
                    )
                finally:
                    pdfium_c.FPDFText_ClosePage(textpage)
            letters = letter_count(lines)
            if letters < SCAN_LETTERS and image_cover(pdf, index) >= SCAN_COVER:
                out.scanned.append(index)
            elif letters == 0:
                out.empty.append(index + 1)
        finally:
            pdfium_c.FPDF_ClosePage(page)
        out.texts.append("\n".join(lines))
        if on_page is not None and ocr != "always":
            on_page(index + 1, total, "text")
    return out


def _decoded(texts: list[str], data: bytes, warnings: list[str]) -> tuple[list[str], str | None]:
    """The pages' texts converted from a legacy encoding (TCVN3, VNI) if they are in one, page by
    page (VNI changes lengths); the encoding converted from (None: Unicode already)."""
    legacy, _ = detect_legacy("\n".join(texts))
    if legacy is not None:
        warnings.append(f"Văn bản PDF dùng bảng mã cũ {legacy.upper()}; đã chuyển sang Unicode.")
        return [decode_legacy(text, legacy) for text in texts], legacy
    if _LEGACY_FONT.search(data):
        warnings.append(
            "PDF dùng font bảng mã cũ (.Vn/VNI) nhưng nội dung không giống văn bản mã cũ; giữ nguyên."
        )
    return texts, None
