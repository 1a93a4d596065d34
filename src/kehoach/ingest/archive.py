"""Zip archives (.docx, .odt) checked before anything is unpacked: no zip bomb gets through.

Every member's declared size and compression ratio is read from the central directory
and checked against the limits below before a byte is decompressed. The declared size
binds: Python's `zipfile` stops a member at its declared size and fails its CRC check if
more data follows, so a member cannot unpack to more than it declares.
"""

from __future__ import annotations

import io
import zipfile

from kehoach.errors import IngestError

MAX_MEMBERS = 5_000
MAX_XML_BYTES = 48 * 1024 * 1024
"""Largest XML part (word/document.xml, content.xml): about 10× what the longest real plan
needs, yet parsed whole by lxml it stays under ~0.7 GB of memory."""
MAX_TOTAL_BYTES = 320 * 1024 * 1024
"""All members together (images included) once unpacked."""
MAX_RATIO = 100
"""A member over 1 MB compressed more than this many times is a bomb: real Word XML
compresses 5-30×, images and fonts barely."""
_RATIO_FLOOR = 1024 * 1024


def _bomb(filename: str, why: str) -> IngestError:
    return IngestError(
        f"Tệp nén bất thường ({why}): có thể là tệp độc hại (zip bomb), không mở."
        " Hãy mở bằng Word/LibreOffice và lưu lại, hoặc lấy lại bản gốc.",
        code="archive_bomb",
        path=filename or None,
    )


def check_zip(data: bytes, filename: str = "") -> list[zipfile.ZipInfo]:
    """The members of a zip archive once their sizes are checked (see module doc).

    Raises `IngestError` (`corrupt` for a broken zip, `archive_bomb` over the limits)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IngestError(
            "Tệp nén (.docx/.odt) bị hỏng: không đọc được. Hãy mở bằng Word và lưu lại, hoặc lấy lại bản gốc.",
            code="corrupt",
            path=filename or None,
        ) from exc
    if len(infos) > MAX_MEMBERS:
        raise _bomb(filename, f"{len(infos)} thành phần")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if info.filename.lower().endswith((".xml", ".rels")) and size > MAX_XML_BYTES:
            raise _bomb(filename, f"{info.filename} giải nén ra {size // (1024 * 1024)} MB")
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb(filename, f"{info.filename} nén {size // max(info.compress_size, 1)} lần")
    if total > MAX_TOTAL_BYTES:
        raise _bomb(filename, f"giải nén ra {total // (1024 * 1024)} MB")
    return infos
