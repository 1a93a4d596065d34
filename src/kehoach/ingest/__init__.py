"""Read a file's bytes into raw text: one reader per format, chosen by content.

`read_file(path)` / `read_bytes(data, filename)` return a `RawText`; bad input
raises `IngestError` with a Vietnamese message a clerk can act on and one of
these stable codes:

    empty         the file has no bytes
    too_large     over `MAX_BYTES`, or a text longer than `MAX_TEXT_CHARS`
    not_found / is_directory / unreadable   the path cannot be read
    binary        not text (an image, an archive, a program, random bytes)
    encrypted     a password-protected PDF or DOCX
    no_text       a PDF without text: a scan OCR cannot read (or OCR is off or not installed)
    corrupt       a broken or truncated PDF, a .docx that is not a Word zip
    unsupported   a format we do not read (a zip that is not .docx/.odt, an old .doc
                  when neither LibreOffice nor antiword is installed)
    archive_bomb  a .docx/.odt whose members unpack to far more than a document holds
    timeout       a conversion (LibreOffice) that did not finish in time

Readers: `text.py` (encodings, legacy TCVN3/VNI via `legacy.py`), `pdf/` (PDFium, OCR of
scanned pages via `ocr.py`, reading order via `layout.py`), `docx.py`, and `convert.py`
(.doc/.odt/.rtf through LibreOffice headless to .docx, `antiword` as fallback).
Archives are checked by `archive.py` before anything is unpacked; files by size before
they are read.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from kehoach.errors import IngestError, os_reason
from kehoach.ingest.base import (  # noqa: F401 - the package's public names
    COLUMN_GAP,
    MAX_BYTES,
    MAX_TEXT_CHARS,
    OCR_MODES,
    SUPPORTED_SUFFIXES,
    PageCallback,
    RawText,
)


def unsupported_error(path: str | Path) -> IngestError | None:
    """The error for a file whose name says a format we do not read (.xlsx, .jpg, .zip …)."""
    suffix = Path(path).suffix.lower()
    if not suffix or suffix in SUPPORTED_SUFFIXES:
        return None
    return IngestError(
        f"Định dạng {suffix} không được hỗ trợ (đọc được: {', '.join(sorted(SUPPORTED_SUFFIXES))}):"
        " bỏ qua tệp này. Hãy lưu văn bản dưới dạng .docx hoặc .pdf.",
        code="unsupported",
        path=str(path),
    )


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(data: bytes) -> str:
    """docx, odt or zip (another archive) from the first member names (no unpacking)."""
    head = data[:4096]
    if b"mimetypeapplication/vnd.oasis.opendocument" in head:
        return "odt"
    return "docx"  # the DOCX reader tells a zip that is not a Word file


def sniff_format(data: bytes, filename: str = "") -> str:
    """The format by content first (magic bytes), the file name second."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    if data[:5] == b"%PDF-" or (suffix == "pdf" and b"%PDF-" in data[:1024]):  # junk before the header
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return _zip_kind(data)
    if data[:8] == OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "docx"  # a password-protected .docx: the DOCX reader says so
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"  # old Word, whatever its name
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if suffix in {"pdf", "docx", "doc", "odt"}:
        return suffix
    if suffix in {"html", "htm"}:
        return "html"
    return "txt"


def _too_large(size: int, filename: str) -> IngestError:
    return IngestError(
        f"Tệp quá lớn ({size // (1024 * 1024)} MB, tối đa {MAX_BYTES // (1024 * 1024)} MB).",
        code="too_large",
        path=filename or None,
    )


def read_bytes(
    data: bytes, filename: str = "", *, ocr: str = "auto", on_page: PageCallback | None = None
) -> RawText:
    """Read bytes of any supported format into a `RawText`.

    `ocr`: auto (pages without a real text layer), always (every PDF page), never.
    `on_page(done, total, stage)`: progress of long PDFs (pages read, stage "text", then pages
    recognised, stage "ocr")."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}")
    started = time.perf_counter()
    if not data:
        raise IngestError("Tệp rỗng: không có nội dung để đọc.", code="empty", path=filename or None)
    if len(data) > MAX_BYTES:
        raise _too_large(len(data), filename)
    fmt = sniff_format(data, filename)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from kehoach.ingest.pdf import read_pdf

        raw = read_pdf(data, filename, ocr=ocr, on_page=on_page)
    elif fmt == "docx":
        from kehoach.ingest.docx import read_docx

        raw = read_docx(data, filename)
    elif fmt in {"doc", "odt", "rtf"}:
        from kehoach.ingest.convert import read_converted

        raw = read_converted(data, filename, fmt)
    else:
        from kehoach.ingest.text import read_text

        raw = read_text(data, filename)
        raw.format = fmt
    if len(raw.text) > MAX_TEXT_CHARS:
        raise IngestError(
            f"Văn bản quá dài ({len(raw.text) / 1e6:.1f} triệu ký tự, tối đa {MAX_TEXT_CHARS / 1e6:.0f} triệu):"
            " đây có lẽ là một tập nhiều văn bản; hãy tách thành từng văn bản.",
            code="too_large",
            path=filename or None,
        )
    raw.sha256 = sha
    raw.size = len(data)
    raw.timings["read"] = time.perf_counter() - started
    return raw


def read_file(path: str | Path, *, ocr: str = "auto", on_page: PageCallback | None = None) -> RawText:
    """Read a file from disk into a `RawText` (its size is checked before it is read)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        if size > MAX_BYTES:
            raise _too_large(size, str(p))
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError("Không tìm thấy tệp.", code="not_found", path=str(p)) from exc
    except IsADirectoryError as exc:
        raise IngestError("Đây là một thư mục, không phải tệp.", code="is_directory", path=str(p)) from exc
    except OSError as exc:
        raise IngestError(f"Không đọc được tệp: {os_reason(exc)}.", code="unreadable", path=str(p)) from exc
    if len(data) > MAX_BYTES:  # grew between stat and read
        raise _too_large(len(data), str(p))
    try:
        return read_bytes(data, p.name, ocr=ocr, on_page=on_page)
    except IngestError as exc:
        exc.path = str(p)
        raise
