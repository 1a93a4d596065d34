"""Tesseract in-process, through its C API (`libtesseract`), for small images.

The command line (`ocr.tesseract_data`) starts a process and loads the Vietnamese model for
every image: ≈ 80 ms of CPU, against ≈ 4 ms to recognise the strip of a signed PDF's stamped
number and day (`stamps.py`). Here the model is loaded once per process and kept; the
library is the one Debian's `tesseract-ocr` installs (`libtesseract5`), called through
`ctypes`: no compiled binding, no headers. Only for images of bounded size (`MAX_PIXELS`):
a page scan still goes to the command line, under its memory limit and timeout
(`limits.py`), which a library call in this process cannot have.

`tsv_data` returns None when the library or the model cannot be loaded; the caller then
uses the command line. One engine per process, behind a lock (the web app reads in threads);
a forked worker (`ingest -j N`) makes its own.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import os
import threading

log = logging.getLogger(__name__)

MAX_PIXELS = 4_000_000
"""Largest image recognised in-process (a stamps strip is ≈ 0.1 megapixel)."""
_LIBRARY_NAMES = ("libtesseract.so.5", "libtesseract.so")
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
"""The first line the command line's `tsv` output has and `TessBaseAPIGetTsvText` leaves out."""

_LOCK = threading.Lock()
_engines: dict[tuple[int, str], _Engine | None] = {}  # (pid, lang) → engine, or None: cannot load


def _load_library():
    """libtesseract with OpenMP held to one thread, as the command line is run (`OMP_THREAD_LIMIT`):
    `ingest` already runs one worker per core. libgomp reads the variable when it is loaded,
    so it is set for the load only."""
    before = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        for name in (*_LIBRARY_NAMES, ctypes.util.find_library("tesseract")):
            if not name:
                continue
            try:
                return ctypes.CDLL(name)
            except OSError:
                continue
        return None
    finally:
        if before is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = before


class _Engine:
    """One `TessBaseAPI` with a model loaded."""

    def __init__(self, lib, lang: str) -> None:
        p = ctypes.c_void_p
        lib.TessBaseAPICreate.restype = p
        lib.TessBaseAPICreate.argtypes = []
        lib.TessBaseAPIInit3.argtypes = [p, ctypes.c_char_p, ctypes.c_char_p]
        lib.TessBaseAPIInit3.restype = ctypes.c_int
        lib.TessBaseAPISetVariable.argtypes = [p, ctypes.c_char_p, ctypes.c_char_p]
        lib.TessBaseAPISetVariable.restype = ctypes.c_int
        lib.TessBaseAPISetPageSegMode.argtypes = [p, ctypes.c_int]
        lib.TessBaseAPISetImage.argtypes = [p, ctypes.c_char_p] + [ctypes.c_int] * 4
        lib.TessBaseAPIRecognize.argtypes = [p, p]
        lib.TessBaseAPIRecognize.restype = ctypes.c_int
        lib.TessBaseAPIGetTsvText.argtypes = [p, ctypes.c_int]
        lib.TessBaseAPIGetTsvText.restype = p  # freed with TessDeleteText, so not c_char_p
        lib.TessDeleteText.argtypes = [p]
        lib.TessBaseAPIClear.argtypes = [p]
        lib.TessBaseAPIEnd.argtypes = [p]
        lib.TessBaseAPIDelete.argtypes = [p]
        self.lib = lib
        self.api = lib.TessBaseAPICreate()
        if not self.api:
            raise OSError("TessBaseAPICreate failed")
        # Tesseract's own messages ("Estimating resolution as …") would land on our stderr.
        lib.TessBaseAPISetVariable(self.api, b"debug_file", b"/dev/null")
        if lib.TessBaseAPIInit3(self.api, None, lang.encode()) != 0:
            lib.TessBaseAPIDelete(self.api)
            self.api = None
            raise OSError(f"no Tesseract model {lang!r}")
        lib.TessBaseAPISetVariable(self.api, b"debug_file", b"/dev/null")

    def tsv(self, image, psm: int) -> str:
        gray = image if image.mode == "L" else image.convert("L")
        pixels = gray.tobytes()
        lib, api = self.lib, self.api
        lib.TessBaseAPISetPageSegMode(api, psm)
        lib.TessBaseAPISetImage(api, pixels, gray.width, gray.height, 1, gray.width)
        if lib.TessBaseAPIRecognize(api, None) != 0:
            lib.TessBaseAPIClear(api)
            raise OSError("TessBaseAPIRecognize failed")
        text = lib.TessBaseAPIGetTsvText(api, 0)
        try:
            return ctypes.string_at(text).decode("utf-8", "replace") if text else ""
        finally:
            if text:
                lib.TessDeleteText(text)
            lib.TessBaseAPIClear(api)

    def close(self) -> None:
        if self.api:
            self.lib.TessBaseAPIEnd(self.api)
            self.lib.TessBaseAPIDelete(self.api)
            self.api = None


def _after_fork() -> None:
    global _LOCK
    _LOCK = threading.Lock()  # a thread of the parent may have held it at the fork


os.register_at_fork(after_in_child=_after_fork)


def available(lang: str) -> bool:
    """Whether `tsv_data` can recognise in this process (the library and the model `lang` load)."""
    with _LOCK:
        return _engine(lang) is not None


def _engine(lang: str) -> _Engine | None:
    key = (os.getpid(), lang)
    if key not in _engines:
        engine = None
        lib = _load_library()
        if lib is not None:
            try:
                engine = _Engine(lib, lang)
            except (OSError, AttributeError) as exc:  # no model, an old library without the C API
                log.info("Tesseract in-process unavailable: %s", exc)
            else:
                atexit.register(_close, key)
        _engines[key] = engine
    return _engines[key]


def _close(key: tuple[int, str]) -> None:
    """At exit: the engine freed (else Tesseract's caches report leaks), unless a thread still
    recognises (the process is ending either way)."""
    if not _LOCK.acquire(timeout=2):
        return
    try:
        engine = _engines.pop(key, None)
        if engine is not None and key[0] == os.getpid():
            engine.close()
    finally:
        _LOCK.release()


def tsv_data(image, lang: str, psm: int) -> dict[str, list] | None:
    """Tesseract's words of a small `image` (PIL) as `ocr.tesseract_data` gives them (the
    command line's TSV, parsed alike), recognised in this process; None when that cannot be
    done here (no library or model, an image over `MAX_PIXELS`): use the command line."""
    if image.width * image.height > MAX_PIXELS or image.width <= 0 or image.height <= 0:
        return None
    with _LOCK:
        engine = _engine(lang)
        if engine is None:
            return None
        try:
            tsv = engine.tsv(image, psm)
        except OSError as exc:
            log.info("Tesseract in-process failed: %s", exc)
            return None
    return parse_tsv(TSV_HEADER + tsv)


def parse_tsv(tsv: str) -> dict[str, list]:
    """Tesseract's TSV as columns, as `pytesseract`'s `file_to_dict(tsv, "\\t", -1)` makes them
    (numbers as `int`, the last column, the text, as `str`), without importing pytesseract
    (it imports numpy: ≈ 0.2 s at the first stamped file)."""
    rows = [row.split("\t") for row in tsv.strip().split("\n")]
    if len(rows) < 2:
        return {}
    header = rows.pop(0)
    if len(rows[-1]) < len(header):  # the last word empty: its cell missing
        rows[-1].append("")
    text_column = len(header) - 1
    result: dict[str, list] = {}
    for i, head in enumerate(header):
        column = result[head] = []
        for row in rows:
            if len(row) <= i:
                continue
            value = row[i]
            if i != text_column:
                try:
                    column.append(int(float(value)))
                    continue
                except ValueError:
                    pass
            column.append(value)
    return result
