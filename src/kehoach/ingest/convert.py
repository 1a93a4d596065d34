"""Old Word (.doc), OpenDocument (.odt) and RTF: converted to .docx by LibreOffice headless,
then read by the DOCX reader (header and signature tables survive the conversion).

- Each conversion runs in its own temporary folder with its own LibreOffice profile
  (`-env:UserInstallation`), so conversions in parallel do not wait for one another's
  lock, under a timeout (the whole process group is killed when it runs over) and a
  memory limit (`limits.py`: `CONVERT_MEMORY_MB` of address space).
- Without LibreOffice, a .doc is read by `antiword` (plain text: tables come out as rows,
  the header columns side by side), with a warning; without either, a clear error says
  what to install.
- Legacy fonts (TCVN3 `.VnTime`, VNI) inside the document are repaired as in text files:
  by content (`legacy.detect_legacy`, in the DOCX and text readers), never by the font
  table, which lists `.VnTime` in some Unicode documents.

System packages: `libreoffice-writer-nogui` (or `libreoffice-writer`), `antiword`
(scripts/setup-system.sh installs them).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from kehoach.errors import IngestError
from kehoach.ingest import limits
from kehoach.ingest.base import RawText

log = logging.getLogger("kehoach.ingest")

CONVERT_TIMEOUT = 120  # seconds; a 100-page .doc converts in 2-5 s
CONVERT_MEMORY_MB = 2048
"""Address space allowed to LibreOffice (and antiword): a .doc converts in under 600 MB."""
MAX_CONVERT_BYTES = 50 * 1024 * 1024
"""Largest file handed to LibreOffice: office archives' .doc files are well under 5 MB."""
_NAMES = {"doc": "Word 97-2003 (.doc)", "odt": "OpenDocument (.odt)", "rtf": "RTF (.rtf)"}


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def _run(cmd: list[str], timeout: float, filename: str, memory_mb: int | None = None) -> limits.RunResult:
    """Run a converter under `timeout` and `memory_mb` (default `CONVERT_MEMORY_MB`)."""
    memory_mb = CONVERT_MEMORY_MB if memory_mb is None else memory_mb
    try:
        result = limits.run(cmd, timeout=timeout, memory_mb=memory_mb)
    except limits.Timeout as exc:
        raise IngestError(
            f"Chuyển đổi tệp quá {timeout:.0f} giây mà chưa xong: bỏ dở. Hãy mở bằng Word/LibreOffice,"
            " lưu lại dưới dạng .docx rồi tải lại.",
            code="timeout",
            path=filename or None,
        ) from exc
    reason = limits.memory_reason(result)
    if reason:
        raise IngestError(
            f"Chuyển đổi tệp {reason}: tệp quá lớn hoặc hỏng. Hãy mở bằng Word/LibreOffice, lưu lại"
            " dưới dạng .docx (hoặc tách thành tệp nhỏ hơn) rồi tải lại.",
            code="memory",
            path=filename or None,
        )
    return result


def libreoffice_to_docx(data: bytes, fmt: str, filename: str = "", timeout: float = CONVERT_TIMEOUT) -> bytes:
    """Convert .doc/.odt/.rtf bytes to .docx bytes with LibreOffice headless."""
    exe = soffice_path()
    if exe is None:
        raise IngestError("LibreOffice chưa được cài", code="unsupported", path=filename or None)
    with tempfile.TemporaryDirectory(prefix="kehoach-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input.{fmt}"
        source.write_bytes(data)
        out_dir = work / "out"
        cmd = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        result = _run(cmd, timeout, filename)
        target = out_dir / "input.docx"
        if not target.is_file() or target.stat().st_size == 0:
            # LibreOffice's own (English) output goes to the log, not into the message
            log.info("LibreOffice: %s", (result.stderr or b"").decode("utf-8", "replace").strip()[-500:])
            raise IngestError(
                f"LibreOffice không chuyển được tệp {_NAMES.get(fmt, fmt)} này: tệp hỏng hoặc không phải văn bản."
                " Hãy mở bằng Word và lưu lại dưới dạng .docx.",
                code="corrupt",
                path=filename or None,
            )
        return target.read_bytes()


def antiword_text(data: bytes, filename: str = "", timeout: float = CONVERT_TIMEOUT) -> str:
    """The text of a .doc through antiword (UTF-8 output)."""
    exe = shutil.which("antiword")
    if exe is None:
        raise IngestError("antiword chưa được cài", code="unsupported", path=filename or None)
    with tempfile.TemporaryDirectory(prefix="kehoach-aw-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        result = _run([exe, "-m", "UTF-8.txt", "-w", "0", str(source)], timeout, filename)
    if result.returncode != 0:
        log.info("antiword: %s", (result.stderr or b"").decode("utf-8", "replace").strip()[-500:])
        raise IngestError(
            "antiword không đọc được tệp .doc này: tệp hỏng hoặc được đặt mật khẩu.",
            code="corrupt",
            path=filename or None,
        )
    return result.stdout.decode("utf-8", "replace")


def read_converted(data: bytes, filename: str, fmt: str) -> RawText:
    """Read a .doc/.odt/.rtf: LibreOffice → .docx → DOCX reader; antiword for .doc without it."""
    if len(data) > MAX_CONVERT_BYTES:
        raise IngestError(
            f"Tệp {_NAMES.get(fmt, fmt)} quá lớn để chuyển đổi ({len(data) // (1024 * 1024)} MB,"
            f" tối đa {MAX_CONVERT_BYTES // (1024 * 1024)} MB).",
            code="too_large",
            path=filename or None,
        )
    if fmt == "odt":
        from kehoach.ingest.archive import check_zip

        check_zip(data, filename)  # LibreOffice would unpack a bomb: check the sizes first
    started = time.perf_counter()
    if soffice_path() is not None:
        from kehoach.ingest.docx import read_docx

        converted = libreoffice_to_docx(data, fmt, filename)
        convert_seconds = time.perf_counter() - started
        raw = read_docx(converted, filename)
        raw.converter = "libreoffice"
    elif fmt == "doc" and shutil.which("antiword"):
        from kehoach.ingest.text import read_text

        text = antiword_text(data, filename)
        convert_seconds = time.perf_counter() - started
        raw = read_text(text.encode("utf-8"), filename)
        raw.converter = "antiword"
        raw.warnings.insert(
            0,
            "Đọc tệp .doc bằng antiword (máy chưa cài LibreOffice): bảng và cột tiêu đề có thể bị ghép dòng;"
            " cài libreoffice-writer-nogui để đọc đầy đủ.",
        )
    else:
        need = "libreoffice-writer-nogui" + (" hoặc antiword" if fmt == "doc" else "")
        raise IngestError(
            f"Cần LibreOffice để đọc tệp {_NAMES.get(fmt, fmt)} nhưng máy chưa cài: hãy chạy"
            f" scripts/setup-system.sh (cài {need}), hoặc mở tệp bằng Word và lưu lại dưới dạng .docx.",
            code="unsupported",
            path=filename or None,
        )
    raw.format = fmt
    raw.method = "converted"
    raw.timings["convert"] = convert_seconds
    return raw
