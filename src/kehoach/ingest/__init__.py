"""Read a file's bytes into raw text: one reader per format, chosen by content.

`read_file(path)` / `read_bytes(data, filename)` return a `RawText`; bad input
raises `IngestError` with a Vietnamese message a clerk can act on and one of
these stable codes:

    empty         the file has no bytes
    too_large     over `MAX_BYTES`, or a text longer than `MAX_TEXT_CHARS`
    not_found / is_directory / unreadable   the path cannot be read
    binary        not text (an image, an archive, a program, random bytes)
    encrypted     a password-protected PDF or DOCX
    no_text       a PDF without a text layer (a scan): needs OCR first
    corrupt       a broken or truncated PDF, a .docx that is not a Word zip
    unsupported   a format we do not read (old .doc, a zip that is not .docx)

Readers: `text.py` (encodings, legacy TCVN3/VNI via `legacy.py`), `pdf.py`, `docx.py`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.errors import IngestError

MAX_BYTES = 200 * 1024 * 1024
COLUMN_GAP = " " * 8
"""What readers put between the fragments of a line printed in two columns (header, closing):
a run of 4+ spaces, where `kehoach.normalize` splits the line."""
MAX_TEXT_CHARS = 5_000_000
"""Longest text accepted as one document: ~50× the longest real plan (a plan is 20-100 thousand
characters). A bigger text is a collection or a dump, not a document, and would keep the parser
busy for minutes; raise this when parsing gets faster."""


@dataclass
class RawText:
    """Text as extracted, before any repair."""

    text: str
    format: str  # txt | pdf | docx | html
    sha256: str
    size: int
    encoding: str | None = None
    page_starts: list[int] = field(default_factory=list)  # offsets in `text` where pages begin
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None


def sniff_format(data: bytes, filename: str = "") -> str:
    """The format by content first (magic bytes), the file name second."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    if data[:5] == b"%PDF-" or (suffix == "pdf" and b"%PDF-" in data[:1024]):  # junk before the header
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if data[:4] == b"\xd0\xcf\x11\xe0" and suffix in {"doc", "docx"}:
        return "docx"  # old Word or a password-protected .docx: the DOCX reader says which
    if suffix in {"pdf", "docx"}:
        return suffix
    if suffix in {"html", "htm"}:
        return "html"
    return "txt"


def read_bytes(data: bytes, filename: str = "") -> RawText:
    """Read bytes of any supported format into a `RawText`."""
    if not data:
        raise IngestError("Tệp rỗng: không có nội dung để đọc.", code="empty", path=filename or None)
    if len(data) > MAX_BYTES:
        raise IngestError(
            f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB, tối đa {MAX_BYTES // (1024 * 1024)} MB).",
            code="too_large",
            path=filename or None,
        )
    fmt = sniff_format(data, filename)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from kehoach.ingest.pdf import read_pdf

        raw = read_pdf(data, filename)
    elif fmt == "docx":
        from kehoach.ingest.docx import read_docx

        raw = read_docx(data, filename)
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
    return raw


def read_file(path: str | Path) -> RawText:
    """Read a file from disk into a `RawText`."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError("Không tìm thấy tệp.", code="not_found", path=str(p)) from exc
    except IsADirectoryError as exc:
        raise IngestError("Đây là một thư mục, không phải tệp.", code="is_directory", path=str(p)) from exc
    except OSError as exc:
        raise IngestError(f"Không đọc được tệp: {exc.strerror}.", code="unreadable", path=str(p)) from exc
    try:
        return read_bytes(data, p.name)
    except IngestError as exc:
        exc.path = str(p)
        raise
