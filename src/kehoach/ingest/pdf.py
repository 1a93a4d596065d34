"""PDF reader: the text layer through PDFium, in visual order; scanned pages through OCR.

Each page's text comes from PDFium's text rectangles (`pypdfium2`: runs of characters on
one line, with their boxes), grouped into visual lines by `layout.lines_from_fragments`:
rows by vertical overlap, read left to right, a wide gap between two fragments of a row
(the two columns of the header, recipients | signature) written as `COLUMN_GAP`, e.g.
`Nơi nhận:        T/M BAN THƯỜNG VỤ`; `kehoach.normalize` splits lines there.

Choice of library, measured by `benchmarks/read.py` (the same real PDFs, one run): PDFium
reads 3-10× faster than pypdf's layout mode (the reader before this one) and keeps the
visual order where the content stream does not follow it (signed PDFs, exports that
write a block after the text below it); pdfplumber/pdfminer are slower still. `pdftotext`
(poppler) is the reference the tests compare with.

Pages are read by OCR (`ocr.py`) instead when
- `ocr="always"`, or
- `ocr="auto"` and the page has no real text layer: almost no letters over a page-size
  image (a scan, or a scan whose only text is an e-signature stamp), or the whole text
  layer is garbage (a legacy-font PDF without a usable ToUnicode map that the TCVN3/VNI
  decoder cannot repair).
"""

from __future__ import annotations

import functools
import re
import threading
import time
import unicodedata
from collections import Counter

from kehoach.errors import IngestError
from kehoach.ingest.base import COLUMN_GAP, PageCallback, RawText
from kehoach.ingest.layout import WORD_GAP, Fragment, lines_from_fragments
from kehoach.ingest.legacy import decode_legacy, detect_legacy, syllable_counts

__all__ = ["COLUMN_GAP", "read_pdf", "page_lines", "is_garbage"]

OcrMode = str  # "auto" | "always" | "never"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ufffe\uffff]")
_LEGACY_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?(?:\.Vn|VNI[-_])", re.IGNORECASE)
_SCAN_LETTERS = 120
"""A page with fewer letters than this over a page-size image is a scan: the letters are an
e-signature stamp, a page number or a scanner's label, not the document."""
_SCAN_COVER = 0.5  # share of the page an image must cover to make it a scan
OCR_DPI = 300
MAX_OCR_PAGES = 200

# PDFium is not thread-safe: one lock around every call into it (the web app reads in threads).
_PDFIUM = threading.RLock()


def _corrupt(filename: str, detail: str = "") -> IngestError:
    extra = f" ({detail})" if detail else ""
    return IngestError(
        f"Tệp PDF bị hỏng hoặc không đầy đủ{extra}: không đọc được. Hãy lấy lại bản gốc của văn bản.",
        code="corrupt",
        path=filename or None,
    )


def _encrypted(filename: str) -> IngestError:
    return IngestError(
        "Tệp PDF được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu hoặc xuất lại bản không khóa.",
        code="encrypted",
        path=filename or None,
    )


def _clean(text: str, keep_lines: bool = False) -> str:
    if not keep_lines:
        text = text.replace("\r", " ").replace("\n", " ")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


_VOWELS = "".join(
    sorted(
        {
            unicodedata.normalize("NFC", base + tone)
            for base in "aăâeêioôơuưy"
            for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
        }
    )
)
_V = f"{_VOWELS}{_VOWELS.upper()}"
_TOKEN = re.compile(rf"(\S{{8,}}|\S*?[{_V}][^\s{_V}]+[{_V}]\S*)|\S+")
"""A whitespace-delimited token; group 1 when it may be two words set apart by positioning,
not by a space character (PDFium then generates no space): longer than any Vietnamese
syllable, or holding two vowel groups (one syllable has one)."""


@functools.cache
def _unchecked(name: str):
    """PDFium's function `name`, called without ctypes' argument conversion.

    Hand-made because it is the reader's hot path: pypdfium2 declares `argtypes` on every
    function, and converting the three arguments costs more than PDFium's own work for a
    character box (≈ 2× the time of the call, measured on the real PDFs); a `PyDLL` handle
    on the same loaded library (no second copy, the GIL kept for these short calls) without
    `argtypes` skips it. Callers pass exactly the C types: a pointer object, an `int`, a
    `byref`. Falls back to pypdfium2's checked function if the library is not where expected.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    try:
        from pypdfium2_raw.bindings import _libs

        lib = _libs["pdfium"]
        function = ctypes.PyDLL(lib._name, handle=lib._handle)[name]
    except (ImportError, KeyError, AttributeError, OSError):
        return getattr(pdfium_c, name)
    function.restype = ctypes.c_int
    return function


RUN_GAP = 0.5
"""Two words that follow each other in PDFium's text join one fragment when the second
starts less than this many line heights after the first ends, on the same line: a word
space (about a quarter of a height); wider gaps are left to `layout.join_row`."""
_SAME_BAND = 0.1  # loose boxes of one line's words: same top and bottom within this share


def page_fragments(page, textpage) -> list[Fragment]:
    """The text layer of a page as fragments with their boxes (points, y down).

    PDFium's page text (`FPDFText_GetText`) has one character per character index, the
    spaces and line breaks it generates included. Each word's box spans the loose boxes
    (font ascent to descent) of its first and last characters (two calls per word, not
    one per character; loose boxes give every character of a line the same height, which
    the row grouping needs). Words that follow each other on one line a word space apart
    are joined into one fragment (text sliced from the page text, `weight` = words), so
    the row grouping and joining in `layout` see runs of words, not every word: this is
    what keeps the reader fast. Words drawn twice at the same place (fake bold) are
    dropped; anything else (a wider gap, a step back, another line) starts a new fragment
    and is placed by `layout.lines_from_fragments` as before.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    text = textpage.get_text_range()
    height = page.get_height()
    if len(text) != textpage.count_chars():  # characters outside the BMP: indices and positions differ
        return _fragments_from_rects(textpage, height)
    rect = pdfium_c.FS_RECTF()
    box = ctypes.byref(rect)
    loose = _unchecked("FPDFText_GetLooseCharBox")
    raw = textpage.raw
    fragments: list[Fragment] = []
    append = fragments.append
    run_gap, same_band = RUN_GAP, _SAME_BAND
    # The open run (PDF coordinates, y up): text[r_start:r_end], its box; its last word
    # (`w_match`) and that word's left and top.
    r_start = -1
    r_end = r_words = 0
    r_left = r_top = r_bottom = r_right = w_left = w_top = 0.0
    w_match = None
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if match.lastindex:  # maybe two words: characters one by one
            if r_start >= 0:
                append(_run(text, r_start, r_end, r_words, r_left, r_top, r_right, r_bottom, height))
                r_start = -1
            pieces = _split_word(loose, raw, box, rect, start, match.group(), height)
            if pieces:
                pieces[-1].text += " "
            fragments.extend(pieces)
            continue
        if not loose(raw, start, box):
            continue
        left, top, bottom, right = rect.left, rect.top, rect.bottom, rect.right
        if end - start > 1 and loose(raw, end - 1, box):
            right = rect.right
            if rect.top > top:
                top = rect.top
            if rect.bottom < bottom:
                bottom = rect.bottom
        if right < left:  # right-to-left or rotated text: keep the box valid
            left, right = right, left
        if r_start >= 0:
            size = top - bottom
            tol = same_band * size
            if -tol <= top - r_top <= tol and -tol <= bottom - r_bottom <= tol:
                if -tol <= left - r_right < run_gap * size and left - w_left >= 0.3 * size:
                    r_end = end
                    r_words += 1
                    if right > r_right:
                        r_right = right
                    if top > r_top:
                        r_top = top
                    if bottom < r_bottom:
                        r_bottom = bottom
                    w_left, w_top, w_match = left, top, match
                    continue
                if (
                    -0.3 * size < left - w_left < 0.3 * size
                    and -0.3 * size < top - w_top < 0.3 * size
                    and w_match.group() == match.group()
                ):
                    continue  # the same word drawn again at the same place (fake bold)
            append(_run(text, r_start, r_end, r_words, r_left, r_top, r_right, r_bottom, height))
        r_start, r_end, r_words = start, end, 1
        r_left, r_top, r_bottom, r_right = left, top, bottom, right
        w_left, w_top, w_match = left, top, match
    if r_start >= 0:
        append(_run(text, r_start, r_end, r_words, r_left, r_top, r_right, r_bottom, height))
    return fragments


def _run(
    text: str,
    start: int,
    end: int,
    words: int,
    left: float,
    top: float,
    right: float,
    bottom: float,
    height: float,
) -> Fragment:
    """A run of words (PDF coordinates in, y down out): one space between its words
    (whatever PDFium put there: several spaces, a line break; the run's gaps are word gaps)
    and one after it, so the row joiner never glues it to the next fragment."""
    piece = text[start:end] if words == 1 else " ".join(text[start:end].split())
    return Fragment(left, height - top, right, height - bottom, piece + " ", words)


def _split_word(loose, raw, box, rect, start: int, word: str, height: float) -> list[Fragment]:
    """A token's characters one by one: split where two stand a word gap apart."""
    out: list[Fragment] = []
    cur: list[str] = []
    left = top = bottom = right = 0.0
    for offset, ch in enumerate(word):
        if not loose(raw, start + offset, box):
            cur.append(ch)
            continue
        gap_ok = cur and rect.left - right > WORD_GAP * max(rect.top - rect.bottom, 1.0)
        if gap_ok or (cur and abs(rect.bottom - bottom) > 0.8 * max(top - bottom, 1.0)):
            out.append(Fragment(left, height - top, right, height - bottom, "".join(cur)))
            cur = []
        if not cur:
            left, top, bottom = rect.left, rect.top, rect.bottom
        cur.append(ch)
        right = max(right, rect.right) if len(cur) > 1 else rect.right
        top, bottom = max(top, rect.top), min(bottom, rect.bottom)
    if cur:
        out.append(Fragment(left, height - top, right, height - bottom, "".join(cur)))
    return out


def _fragments_from_rects(textpage, height: float) -> list[Fragment]:
    """Fallback: PDFium's text rectangles with their bounded text (may repeat a character
    where two rectangles overlap, so only used when character indices cannot be mapped)."""
    fragments = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        if text.strip():
            fragments.append(Fragment(left, height - top, right, height - bottom, _clean(text)))
    return fragments


def page_lines(page, textpage) -> list[str]:
    """The visual lines of one PDF page's text layer (see module doc)."""
    lines = lines_from_fragments(page_fragments(page, textpage))
    if not lines:
        return []
    # Cleaned once for the page, not per line (`join_row` leaves no line break inside a line).
    return [line for line in _clean("\n".join(lines), keep_lines=True).split("\n") if line.strip()]


def _image_cover(page) -> float:
    """The share of the page covered by its largest image."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    area = max(width * height, 1.0)
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, (right - left) * (top - bottom) / area)
    return min(best, 1.0)


def is_garbage(text: str) -> bool:
    """A text layer that is not Vietnamese (nor any readable text): too few words read as
    syllables. Checked after the legacy decoder had its chance."""
    sample = text[:20_000]
    valid, total = syllable_counts(sample)
    if total < 30:
        return False
    letters = odd = 0
    for c, n in Counter(sample).items():  # each distinct character once
        if c.isalpha():
            letters += n
            if not ("a" <= c.lower() <= "z" or unicodedata.name(c, "").startswith("LATIN")):
                odd += n
    return valid < 0.45 * total or odd > 0.3 * max(letters, 1)


def _has_letters(text: str, at_least: int) -> bool:
    count = 0
    for c in text:
        if c.isalpha():
            count += 1
            if count >= at_least:
                return True
    return False


def _pages(numbers: list[int]) -> str:
    if len(numbers) > 8:
        return ", ".join(map(str, numbers[:8])) + f" … ({len(numbers)} trang)"
    return ", ".join(map(str, numbers))


def read_pdf(
    data: bytes, filename: str = "", *, ocr: OcrMode = "auto", on_page: PageCallback | None = None
) -> RawText:
    """Read a PDF (see module doc); `on_page(done, total, stage)` is called after each page."""
    import pypdfium2 as pdfium

    started = time.perf_counter()
    warnings: list[str] = []
    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
                raise _encrypted(filename) from exc
            if getattr(exc, "err_code", None) == 5:  # FPDF_ERR_SECURITY
                raise IngestError(
                    "Tệp PDF được mã hóa theo cách chưa hỗ trợ: hãy gỡ mật khẩu rồi tải lại.",
                    code="encrypted",
                    path=filename or None,
                ) from exc
            raise _corrupt(filename) from exc
        try:
            return _read(pdf, data, filename, ocr, on_page, warnings, started)
        finally:
            pdf.close()


def _read(
    pdf, data: bytes, filename: str, ocr: OcrMode, on_page, warnings: list[str], started: float
) -> RawText:
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
        warnings.append("Tệp PDF có khóa chủ sở hữu (không cần mật khẩu để đọc); đã đọc bình thường.")
    total = len(pdf)
    if total == 0:
        raise _corrupt(filename, "không có trang nào")
    texts: list[str] = []
    scanned: list[int] = []  # 0-based pages without a real text layer (an image, few letters)
    empty: list[int] = []
    failed: list[int] = []
    for index in range(total):
        try:
            page = pdf[index]
        except Exception:  # noqa: BLE001 - a broken page: skip it, say so
            failed.append(index + 1)
            texts.append("")
            continue
        try:
            textpage = page.get_textpage()
            try:
                lines = page_lines(page, textpage)
            finally:
                textpage.close()
            size = sum(map(len, lines))
            # Counting letters only matters near the scan threshold: a long page is text.
            letters = (
                size if size > 6 * _SCAN_LETTERS else sum(1 for line in lines for c in line if c.isalpha())
            )
            if letters < _SCAN_LETTERS and _image_cover(page) >= _SCAN_COVER:
                scanned.append(index)
            elif letters == 0:
                empty.append(index + 1)
        finally:
            page.close()
        texts.append("\n".join(lines))
        if on_page is not None and ocr != "always":
            on_page(index + 1, total, "text")
    timings = {"extract": time.perf_counter() - started}

    encoding = None
    legacy_fonts = bool(_LEGACY_FONT.search(data))
    full = "\n".join(texts)
    legacy, _ = detect_legacy(full)
    if legacy is not None:  # convert page by page: VNI changes lengths
        texts = [decode_legacy(text, legacy) for text in texts]
        full = "\n".join(texts)
        encoding = legacy
        warnings.append(f"Văn bản PDF dùng bảng mã cũ {legacy.upper()}; đã chuyển sang Unicode.")
    elif legacy_fonts:
        warnings.append(
            "PDF dùng font bảng mã cũ (.Vn/VNI) nhưng nội dung không giống văn bản mã cũ; giữ nguyên."
        )

    garbage = is_garbage(full)
    if ocr == "never" and len(scanned) == total:
        raise IngestError(
            "Tệp PDF là bản scan (ảnh, không có lớp chữ"
            + (", chỉ có khung chữ ký số" if full.strip() else "")
            + "): cần nhận dạng chữ (OCR); hãy đọc với --ocr auto.",
            code="no_text",
            path=filename or None,
        )
    if ocr == "always":
        to_ocr = list(range(total))
    elif ocr == "auto":
        to_ocr = list(range(total)) if garbage else scanned
    else:
        to_ocr = []
    method = "text_layer"
    ocr_info = None
    if to_ocr:
        from kehoach.ingest import ocr as ocr_mod

        missing = ocr_mod.unavailable()
        if missing:
            if ocr == "always" or len(to_ocr) == total:
                raise IngestError(
                    f"Tệp PDF cần nhận dạng chữ (OCR) nhưng {missing}. Hãy chạy scripts/setup-system.sh"
                    " (cài tesseract-ocr và tesseract-ocr-vie) rồi đọc lại.",
                    code="no_text",
                    path=filename or None,
                )
            warnings.append(f"Trang {_pages([i + 1 for i in to_ocr])} là ảnh scan nhưng {missing}: bỏ qua.")
            empty.extend(i + 1 for i in to_ocr)
        else:
            if len(to_ocr) > MAX_OCR_PAGES:
                warnings.append(
                    f"Chỉ nhận dạng chữ (OCR) {MAX_OCR_PAGES} trang đầu trong {len(to_ocr)} trang ảnh."
                )
                to_ocr = to_ocr[:MAX_OCR_PAGES]
            ocr_started = time.perf_counter()
            ocr_info = _ocr_pages(pdf, to_ocr, texts, warnings, on_page, filename)
            timings["ocr"] = time.perf_counter() - ocr_started
            if garbage and ocr == "auto":
                warnings.append(
                    "Lớp chữ của PDF không đọc được (sai bảng mã, thiếu ToUnicode): đã nhận dạng chữ (OCR)."
                )
                encoding = None
            method = "ocr" if len(to_ocr) == total else "text_layer+ocr"
    elif garbage:
        warnings.append(
            "Lớp chữ của PDF có vẻ sai bảng mã (không đọc được thành tiếng Việt); hãy đọc lại với --ocr always."
        )

    page_starts, pos = [], 0
    for text in texts:
        page_starts.append(pos)
        pos += len(text) + 1
    full = "\n".join(texts)
    if not _has_letters(full, 20):
        if ocr_info is not None:
            raise IngestError(
                "Nhận dạng chữ (OCR) không đọc được chữ nào trong tệp PDF (ảnh trắng, quá mờ?):"
                " hãy scan lại rõ hơn (300 dpi) rồi tải lại.",
                code="no_text",
                path=filename or None,
            )
        raise IngestError(
            "Tệp PDF không có lớp chữ (có lẽ là bản scan/ảnh chụp): cần nhận dạng chữ (OCR);"
            " hãy đọc với --ocr auto (cần tesseract-ocr, tesseract-ocr-vie).",
            code="no_text",
            path=filename or None,
        )
    if failed:
        warnings.append(f"Không đọc được trang {_pages(failed)} của tệp PDF (trang bị hỏng).")
    empty = sorted(set(empty))
    if empty:
        warnings.append(f"Trang {_pages(empty)} không có chữ: nội dung các trang này bị thiếu.")
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
    )
    if ocr_info is not None:
        raw.ocr_pages = [i + 1 for i in to_ocr]
        raw.ocr_confidence = ocr_info
    return raw


def render_page(pdf, index: int, dpi: int = OCR_DPI):
    """One page as a grayscale PIL image at `dpi`."""
    with _PDFIUM:
        page = pdf[index]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            return bitmap.to_pil()
        finally:
            page.close()


def _ocr_pages(pdf, pages: list[int], texts: list[str], warnings: list[str], on_page, filename: str) -> float:
    """OCR `pages` (0-based) into `texts` in place; returns the mean word confidence (0-1)."""
    from kehoach.ingest.ocr import OcrError, ocr_image

    confidences: list[tuple[float, int]] = []
    low: list[str] = []
    for done, index in enumerate(pages, start=1):
        image = render_page(pdf, index)
        try:
            result = ocr_image(image)
        except OcrError as exc:
            raise IngestError(
                f"Trang {index + 1}: {exc.message}", code=exc.code, path=filename or None
            ) from exc
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
        f"Trang {_pages([i + 1 for i in pages])} đọc bằng nhận dạng chữ (OCR), độ tin cậy {mean:.0%}:"
        " hãy đối chiếu số, ngày và tên với bản gốc."
    )
    if low:
        warnings.append("Từ nhận dạng kém tin cậy (OCR) — " + "; ".join(low))
    return mean
