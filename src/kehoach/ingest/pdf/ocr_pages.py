"""The OCR path of the PDF reader: which pages are recognised, and recognising them in place.

A page is read by OCR (`kehoach.ingest.ocr`) with `ocr="always"`, or with `ocr="auto"` when it is
a scan (`scans`) or when the whole text layer is garbage; at most `MAX_OCR_PAGES` pages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kehoach.ingest.base import PageCallback
from kehoach.ingest.pdf.document import page_list, pdf_error, render_page

MAX_OCR_PAGES = 200


@dataclass
class OcrOutcome:
    """What the OCR path did: the pages it recognised (0-based) with their mean word confidence
    (0-1) and the time it took, or (OCR not installed) the pages it left unread (1-based)."""

    pages: list[int] = field(default_factory=list)
    confidence: float | None = None  # None: no page was recognised
    seconds: float = 0.0
    skipped: list[int] = field(default_factory=list)


def pages_to_read(ocr: str, total: int, garbage: bool, scanned: list[int]) -> list[int]:
    """The pages (0-based) to recognise: every page with `ocr="always"`; with `"auto"` every page
    when the text layer is garbage, else the scanned ones; none with `"never"`."""
    if ocr == "always":
        return list(range(total))
    if ocr == "auto":
        return list(range(total)) if garbage else scanned
    return []


def recognise(
    pdf,
    pages: list[int],
    texts: list[str],
    *,
    total: int,
    ocr: str,
    filename: str,
    warnings: list[str],
    on_page: PageCallback | None,
) -> OcrOutcome:
    """Recognise `pages` (0-based, of `total`) into `texts` in place, with the warnings a clerk
    reads. Without Tesseract: an error when every page needs it (or `ocr="always"`), else the
    pages are skipped and said so."""
    from kehoach.ingest import ocr as ocr_mod

    missing = ocr_mod.unavailable()
    if missing:
        if ocr == "always" or len(pages) == total:
            raise pdf_error(
                filename,
                f"Tệp PDF cần nhận dạng chữ (OCR) nhưng {missing}. Hãy chạy scripts/setup-system.sh"
                " (cài tesseract-ocr và tesseract-ocr-vie) rồi đọc lại.",
                "no_text",
            )
        warnings.append(f"Trang {page_list([i + 1 for i in pages])} là ảnh scan nhưng {missing}: bỏ qua.")
        return OcrOutcome(skipped=[i + 1 for i in pages])
    if len(pages) > MAX_OCR_PAGES:
        warnings.append(f"Chỉ nhận dạng chữ (OCR) {MAX_OCR_PAGES} trang đầu trong {len(pages)} trang ảnh.")
        pages = pages[:MAX_OCR_PAGES]
    started = time.perf_counter()
    confidence = _ocr_pages(pdf, pages, texts, warnings, on_page, filename)
    return OcrOutcome(pages, confidence, time.perf_counter() - started)


def _ocr_pages(
    pdf, pages: list[int], texts: list[str], warnings: list[str], on_page: PageCallback | None, filename: str
) -> float:
    """OCR `pages` (0-based) into `texts` in place; returns the mean word confidence (0-1)."""
    from kehoach.ingest.ocr import OcrError, ocr_image

    confidences: list[tuple[float, int]] = []
    low: list[str] = []
    for done, index in enumerate(pages, start=1):
        image = render_page(pdf, index)
        try:
            result = ocr_image(image)
        except OcrError as exc:
            raise pdf_error(filename, f"Trang {index + 1}: {exc.message}", exc.code) from exc
        texts[index] = "\n".join(result.lines)
        confidences.append((result.confidence, result.words))
        if result.low_words:
            shown = ", ".join(result.low_words[:8]) + (" …" if len(result.low_words) > 8 else "")
            low.append(f"trang {index + 1}: {len(result.low_words)} từ ({shown})")
        if on_page is not None:
            on_page(done, len(pages), "ocr")
    words = sum(n for _, n in confidences)
    mean = sum(c * n for c, n in confidences) / words if words else 0.0
    warnings.append(
        f"Trang {page_list([i + 1 for i in pages])} đọc bằng nhận dạng chữ (OCR), độ tin cậy {mean:.0%}:"
        " hãy đối chiếu số, ngày và tên với bản gốc."
    )
    if low:
        warnings.append("Từ nhận dạng kém tin cậy (OCR) — " + "; ".join(low))
    return mean
