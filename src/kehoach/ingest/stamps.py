"""Numbers and days that a signing system stamps into a signed PDF's header.

Vietnamese e-office systems issue a document by signing it: the number (`Số 2-HD/BTCTU`) and the
day (`ngày 21 tháng 11 năm 2025`) are filled in at that moment as small signature fields whose
appearance is an image, while the text layer keeps the blanks of the draft (`Số    - HD/BTCTU`,
`ngày    tháng 11`). Read from the text layer alone such a document looks like an unnumbered
draft. Here such fields are found (small widget annotations in the upper part of a page, over a
blank of the text layer), drawn with their appearance and read by Tesseract; what reads as a
number is placed in the page's text where it is printed.

PDFium draws a widget's appearance only when the document's form environment is loaded before
its pages, so the document is opened a second time, only when a page has such fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.errors import IngestError
from kehoach.ingest.layout import Fragment

FIELD_MAX_WIDTH = 120.0  # points: a number or a day, not a signature box or a logo
FIELD_MAX_HEIGHT = 40.0
MAX_FIELDS = 4  # a number and a day (and a spare): a page with more small fields is a form to fill
UPPER_PART = 0.55  # the field's bottom edge lies in the upper 45% of the page (header, date line)
RENDER_SCALE = 6.0  # 432 dpi: the stamped digits are ~12 pt high
MIN_CONFIDENCE = 50.0
_DIGITS = re.compile(r"^\d{1,5}$")


@dataclass(slots=True)
class Stamp:
    """A value read from a stamped field: its text, Tesseract's confidence and its box (points,
    y growing downwards as in `Fragment`)."""

    text: str
    confidence: float
    fragment: Fragment


def field_boxes(page, textpage) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in PDF points of the widget annotations on a page that could
    hold a stamped number or day: small, in the upper part of the page, over no text.
    `page` and `textpage` are PDFium's own handles (`FPDF_LoadPage`, `FPDFText_LoadPage`)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPage_GetAnnotCount(page)
    if count <= 0:
        return []
    width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    boxes = []
    for i in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(page, i)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_WIDGET:
                continue
            rect = pdfium_c.FS_RECTF()
            if not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        if not (0 < right - left <= FIELD_MAX_WIDTH and 0 < top - bottom <= FIELD_MAX_HEIGHT):
            continue
        if bottom < UPPER_PART * height or right > width + 1:
            continue
        if textpage:
            n = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
            if n > 0:
                buffer = (ctypes.c_ushort * (n + 1))()
                pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, n + 1)
                if bytes(memoryview(buffer)).decode("utf-16-le", errors="ignore").strip(" \x00\r\n\t"):
                    continue  # printed text there already: not a blank filled by the signature
        boxes.append((left, bottom, right, top))
        if len(boxes) > MAX_FIELDS:
            return []  # a fillable form, not a signing stamp: nothing rendered, nothing read
    return boxes


def read_stamps(data: bytes, index: int, boxes: list[tuple[float, float, float, float]]) -> list[Stamp]:
    """The numbers stamped in `boxes` of page `index` (0-based) of the PDF `data`; [] when
    Tesseract is missing. Only digits count (a number, a day): anything else is not placed."""
    import pypdfium2 as pdfium

    from kehoach.ingest.ocr import small_image_data, small_images_readable

    if not boxes or not small_images_readable():
        return []
    pdf = pdfium.PdfDocument(data)
    try:
        pdf.init_forms()  # before the page is loaded, or PDFium draws no widget appearance
        page = pdf[index]
        try:
            width, height = page.get_size()
            images = []
            for left, bottom, right, top in boxes:
                pad = 2.0
                crop = (
                    max(left - pad, 0),
                    max(bottom - pad, 0),
                    max(width - right - pad, 0),
                    max(height - top - pad, 0),
                )
                images.append(
                    page.render(scale=RENDER_SCALE, crop=crop, may_draw_forms=True).to_pil().convert("L")
                )
            # one recognition for all the fields of the page, the fields side by side on one line,
            # a field's width apart; in-process with the model kept loaded where the library is
            # there (the command line's start and model load were most of the cost)
            strip, spans = _side_by_side(images)
            data_ = small_image_data(strip, psm=11)  # sparse text: each field read on its own
            stamps = []
            for (a, b), (left, bottom, right, top) in zip(spans, boxes, strict=True):
                words = [
                    (str(w).strip(), float(c))
                    for w, c, x, wd in zip(
                        data_["text"], data_["conf"], data_["left"], data_["width"], strict=False
                    )
                    if str(w).strip() and float(c) >= 0 and a <= int(x) + int(wd) / 2 < b
                ]
                text = "".join(w for w, _ in words)
                if not words or not _DIGITS.match(text):
                    continue
                confidence = min(c for _, c in words)
                if confidence < MIN_CONFIDENCE:
                    continue
                fragment = Fragment(left, height - top, right, height - bottom, text)
                stamps.append(Stamp(text, confidence, fragment))
            return stamps
        finally:
            page.close()
    finally:
        pdf.close()


def stamp_fragments(
    page, textpage, data: bytes, index: int, warnings: list[str], values: list[str]
) -> list[Fragment] | None:
    """The number and day a signing system stamped on this page, as fragments (see the module doc);
    their texts are added to `values` (the quality card lists the fields they fill to check)."""
    boxes = field_boxes(page, textpage)
    if not boxes:
        return None
    try:
        found = read_stamps(data, index, boxes)
    except IngestError as exc:  # OCR failed on a small image: the blanks stay blanks, said once
        warnings.append(f"Không đọc được số/ngày điền bằng chữ ký số ở trang {index + 1}: {exc.message}")
        return None
    if not found:
        return None
    values.extend(s.text for s in found)
    shown = ", ".join(f"“{s.text}”" for s in found)
    warnings.append(
        f"Trang {index + 1}: {shown} điền vào chỗ trống bằng chữ ký số (ảnh), đã đọc bằng OCR"
        f" (độ tin cậy thấp nhất {min(s.confidence for s in found):.0f}%): kiểm tra với bản gốc."
    )
    return [s.fragment for s in found]


def _side_by_side(images: list) -> tuple:
    """The images on one white strip, each a gap apart; and the x-span each one takes."""
    from PIL import Image

    gap = max(im.height for im in images)
    height = max(im.height for im in images)
    strip = Image.new("L", (sum(im.width for im in images) + gap * (len(images) + 1), height), 255)
    spans, x = [], gap
    for im in images:
        strip.paste(im, (x, (height - im.height) // 2))
        spans.append((x - gap // 2, x + im.width + gap // 2))
        x += im.width + gap
    return strip, spans
