"""PDF reader: the text layer, page by page, one visual line per line, columns kept apart.

Plans print two blocks in two columns (header: issuing body and number | Party line
and place/date; closing: recipients | signature). Each visual line is emitted with
a run of `COLUMN_GAP` spaces between column fragments, e.g.
`Nơi nhận:        T/M BAN THƯỜNG VỤ`; `kehoach.normalize` splits lines there.

Choice of library, measured by `benchmarks/parse_throughput.py --libs` on the four
sample plans rendered by `tests/render.py` (fpdf2, DejaVu Sans, two-column header
and closing, justified body; 40 pages; pdfminer.six 20260107, pdfplumber 0.11.10,
pypdf 6.21.4; one core, best of 5 rounds on a busy 2-core machine):

    method                     pages/s  words kept  column rows kept apart
    pdfplumber extract_text        5.9     100 %     0 / 5
    pdfplumber layout=True         6.3     100 %     5 / 5
    pdfminer.six extract_text     18.9     100 %     0 / 5
    pypdf extract_text            41.9     100 %     0 / 5
    pypdf layout mode             36.3     100 %     5 / 5

(an earlier, quieter run: 7.7 / 8.2 / 16.9 / 38.5 / 44.8 pages/s). All keep every
word and diacritic; only the layout-aware modes keep the two columns apart, and
pypdf's does so at about 6× pdfplumber's speed, so it is the reader. Its
fixed-width grid also widens the word gaps of justified lines (2-3 spaces,
occasionally 5), so a column gap is a run of spaces both ≥ `_MIN_GAP` and well
above the line's usual gap (`_gap_is_column`). pypdf's plain mode is the fallback
for a page the layout mode cannot lay out.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from kehoach.errors import IngestError
from kehoach.ingest import COLUMN_GAP, RawText
from kehoach.ingest.legacy import decode_legacy, detect_legacy

_MIN_GAP = 6  # spaces in pypdf's grid; a justified word gap is 1-3, rarely 5
_SPACES = re.compile(r" {2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_LEGACY_FONT = re.compile(r"\.Vn|VNI[-_]", re.IGNORECASE)


def _gap_is_column(run: int, runs: list[int]) -> bool:
    """A run of spaces separates columns when it is wide and much wider than the line's other gaps."""
    if run < _MIN_GAP:
        return False
    others = [r for r in runs if r < _MIN_GAP] or [1]
    return run >= 3 * statistics.median(others)


def layout_lines(page_text: str) -> list[str]:
    """Turn a page of pypdf layout text into lines: gaps collapsed, column gaps as `COLUMN_GAP`."""
    lines: list[str] = []
    for raw in page_text.splitlines():
        line = raw.strip()
        if not line:
            if lines and lines[-1]:
                lines.append("")
            continue
        runs = [len(m.group()) for m in re.finditer(r" +", line)]
        if runs and max(runs) >= 2:
            line = _SPACES.sub(
                lambda m, runs=runs: COLUMN_GAP if _gap_is_column(len(m.group()), runs) else " ", line
            )
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _font_names(page) -> set[str]:
    try:
        fonts = page["/Resources"]["/Font"]
        return {str(f.get_object().get("/BaseFont", "")) for f in fonts.values()}
    except Exception:  # noqa: BLE001 - a page without (readable) fonts
        return set()


def _corrupt(filename: str, detail: str = "") -> IngestError:
    extra = f" ({detail})" if detail else ""
    return IngestError(
        f"Tệp PDF bị hỏng hoặc không đầy đủ{extra}: không đọc được. Hãy lấy lại bản gốc của văn bản.",
        code="corrupt",
        path=filename or None,
    )


def read_pdf(data: bytes, filename: str = "") -> RawText:
    """Extract the text layer of a PDF with page boundaries and column gaps (see module doc)."""
    # pypdf logs every repair it makes; the reader reports what matters itself, as warnings.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        return _read_pdf(data, filename)
    finally:
        log.setLevel(level)


def _read_pdf(data: bytes, filename: str) -> RawText:
    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise IngestError(
                    "Tệp PDF được mã hóa theo cách chưa hỗ trợ: hãy gỡ mật khẩu rồi tải lại.",
                    code="encrypted",
                    path=filename or None,
                ) from exc
            if not opened:
                raise IngestError(
                    "Tệp PDF được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu hoặc xuất lại bản không khóa.",
                    code="encrypted",
                    path=filename or None,
                )
            warnings.append("Tệp PDF có khóa chủ sở hữu (không cần mật khẩu để đọc); đã đọc bình thường.")
        pages = list(reader.pages)
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise IngestError(
            "Tệp PDF được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu hoặc xuất lại bản không khóa.",
            code="encrypted",
            path=filename or None,
        ) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise _corrupt(filename, type(exc).__name__) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise _corrupt(filename, type(exc).__name__) from exc
    if not pages:
        raise _corrupt(filename, "không có trang nào")

    texts: list[str] = []
    page_starts: list[int] = []
    empty_pages: list[int] = []
    failed_pages: list[int] = []
    fonts: set[str] = set()
    offset = 0
    for number, page in enumerate(pages, start=1):
        try:
            page_text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False)
        except Exception:  # noqa: BLE001 - layout mode can fail on odd fonts: plain mode next
            try:
                page_text = page.extract_text()
            except Exception:  # noqa: BLE001 - a broken page: skip it, say so
                page_text = ""
                failed_pages.append(number)
        fonts |= _font_names(page)
        page_text = _CONTROL.sub("", unicodedata.normalize("NFC", page_text or ""))
        lines = layout_lines(page_text)
        if not any(line.strip() for line in lines):
            empty_pages.append(number)
        text = "\n".join(lines)
        page_starts.append(offset)
        texts.append(text)
        offset += len(text) + 1
    full = "\n".join(texts)
    letters = sum(1 for c in full if c.isalpha())
    if letters < 20:
        raise IngestError(
            "Tệp PDF không có lớp chữ (có lẽ là bản scan/ảnh chụp): cần nhận dạng chữ (OCR) trước khi phân tích.",
            code="no_text",
            path=filename or None,
        )
    if failed_pages:
        warnings.append(f"Không đọc được trang {_pages(failed_pages)} của tệp PDF (trang bị hỏng).")
    if empty_pages:
        warnings.append(
            f"Trang {_pages(empty_pages)} không có lớp chữ (ảnh/scan?): nội dung các trang này bị thiếu."
        )
    encoding = None
    legacy, _ = detect_legacy(full)
    if legacy is None and any(_LEGACY_FONT.search(f) for f in fonts):
        warnings.append(
            "PDF dùng font bảng mã cũ (.Vn/VNI) nhưng nội dung không giống văn bản mã cũ; giữ nguyên."
        )
    if legacy is not None:  # convert page by page: VNI changes lengths, page starts move
        texts = [decode_legacy(text, legacy) for text in texts]
        page_starts, pos = [], 0
        for text in texts:
            page_starts.append(pos)
            pos += len(text) + 1
        full = "\n".join(texts)
        encoding = legacy
        warnings.append(f"Văn bản PDF dùng bảng mã cũ {legacy.upper()}; đã chuyển sang Unicode.")
    return RawText(
        text=full,
        format="pdf",
        sha256="",
        size=len(data),
        encoding=encoding,
        page_starts=page_starts,
        warnings=warnings,
    )


def _pages(numbers: list[int]) -> str:
    if len(numbers) > 8:
        return ", ".join(map(str, numbers[:8])) + f" … ({len(numbers)} trang)"
    return ", ".join(map(str, numbers))
