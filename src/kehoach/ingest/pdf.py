"""PDF reader: the text layer through PDFium, in visual order; scanned pages through OCR.

Each page's text comes from PDFium (`pypdfium2`'s raw API) as fragments with their boxes:
a line of PDFium's text drawn by one text object in one piece (boxed by two character
boxes), other lines run by run of words (`page_fragments`). `layout.lines_from_fragments`
groups them into visual lines: rows by vertical overlap, read left to right, a wide gap
between two fragments of a row (the two columns of the header, recipients | signature)
written as `COLUMN_GAP`, e.g. `Nơi nhận:        T/M BAN THƯỜNG VỤ`; `kehoach.normalize`
splits lines there.

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
import struct
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kehoach.errors import IngestError
from kehoach.ingest.base import COLUMN_GAP, PageCallback, RawText
from kehoach.ingest.layout import WORD_GAP, Fragment, lines_from_fragments
from kehoach.ingest.legacy import decode_legacy, detect_legacy, syllable_counts
from kehoach.ingest.stamps import field_boxes, read_stamps

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
# The most pixels a page is rendered at for OCR (an A2 sheet at 300 dpi): a PDF may declare a page of
# 200 × 200 inches, which at 300 dpi would be 3.6 gigapixels (10.8 GB in colour) before Tesseract's
# own memory limit is reached; a larger page is rendered at a lower resolution instead.
MAX_OCR_PIXELS = 36_000_000

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
MAX_RUN_GAP = 0.8
"""Text objects of one PDFium line stand less than this many font heights apart to be read as
one fragment (a word space, a wide justified one); a wider gap may be two columns, left to
`layout.join_row` after the line is read word by word. Measured between glyph boxes, wider
than the advance boxes `join_row` compares: this errs towards reading word by word."""


_FOUR_FLOATS = struct.Struct("4f")
_FOUR_DOUBLES = struct.Struct("4d")
_MISSES = 6
"""After this many lines in a row drawn in more pieces than words (a printer driver placing
each glyph run), the rest of the page is read word by word without asking first."""
_LINE = re.compile(r"\S(?:[^\r\n]*\S)?")
"""One of PDFium's lines (it ends them with a generated `\\r\\n`), without the spaces at its ends."""
_WORD = re.compile(r"\S+")
_ODD_SPACE = re.compile(r"[^\S \r\n]")  # whitespace that `str.split` splits on, other than these
_LONG = re.compile(r"\S{8,}")
_TWO_VOWEL_GROUPS = re.compile(rf"[{_V}][^\s{_V}]+[{_V}]")


def _suspects(text: str, start: int, end: int) -> set[int]:
    """The starts of the whitespace-delimited tokens of `text[start:end]` that may be two
    words set apart by positioning, not by a space character (PDFium then generates no
    space): longer than any Vietnamese syllable, or holding two vowel groups (one syllable
    has one)."""
    starts = {m.start() for m in _LONG.finditer(text, start, end)}  # found at its token's start
    for m in _TWO_VOWEL_GROUPS.finditer(text, start, end):
        at = m.start()
        while at > start and not text[at - 1].isspace():
            at -= 1
        starts.add(at)
    return starts


def page_text(textpage) -> str:
    """PDFium's text of a page (`FPDFText_GetText`: one character per character index, the
    spaces and line breaks it generates included), or "" when it has none."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if written <= 1:
        return ""
    return bytes(memoryview(buffer)[: written - 1]).decode("utf-16-le", errors="ignore")


_TCVN3_FONT = re.compile(r"(?:[A-Z]{6}\+)?\.Vn", re.IGNORECASE)
"""The name of a TCVN3 (ABC) font: `.VnTime`, `.VnTimeH`, `.VnArial` (maybe with a subset prefix)."""


def _hyphen_marks(textpage, text: str) -> tuple[str, list[int]]:
    """PDFium's hyphen marks put back as printed: (the page text, same length; the indices
    after which a line ends at a mark).

    Where a line ends in a hyphen code (0x2D `-`, 0xAD soft hyphen) after a letter and the
    next one starts with a letter or digit, PDFium takes it for a word broken over two lines:
    it drops the line break and writes U+FFFE for the hyphen (`FPDFText_IsHyphen`). But in a
    TCVN3 font 0xAD is the letter `ư`: `đầu tư` at the end of a line and `còn` below came out
    `đầu tcòn`. Each mark is written back as what the page shows, `\xad` (the TCVN3 byte of
    `ư`, converted with the rest of the text by the legacy decoder) when its glyph is in a
    `.Vn` font and stands as tall as a letter, `-` otherwise, and its line ends after it.
    U+FFFE that is not a hyphen mark (a character without Unicode) is left to `_clean`.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    chars = list(text)
    ends: list[int] = []
    name = ctypes.create_string_buffer(256)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    at = text.find("\ufffe")
    while at >= 0:
        if pdfium_c.FPDFText_IsHyphen(textpage, at) == 1:
            ends.append(at)
            chars[at] = "-"
            size = pdfium_c.FPDFText_GetFontInfo(textpage, at, name, len(name), None)
            font = name.value.decode("utf-8", "replace") if 0 < size <= len(name) else ""
            boxed = _TCVN3_FONT.match(font) and pdfium_c.FPDFText_GetCharBox(
                textpage, at, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
            )
            # a hyphen is a short bar; `ư` stands as tall as the letters around it
            if boxed and top.value - bottom.value > 0.3 * pdfium_c.FPDFText_GetFontSize(textpage, at):
                chars[at] = "\xad"
        at = text.find("\ufffe", at + 1)
    return "".join(chars), ends


def _split_lines(text: str, ends: list[int]) -> list[tuple[int, int]]:
    """The spans of `_LINE` in `text`, each also ended after the indices `ends` (hyphen marks)."""
    spans = []
    cuts = iter(ends)
    cut = next(cuts, len(text))
    for m in _LINE.finditer(text):
        start, end = m.span()
        while cut < start:
            cut = next(cuts, len(text))
        while cut < end - 1:  # a mark inside the line: a line ends after it
            spans.append((start, cut + 1))
            start = cut + 1
            while start < end and text[start].isspace():
                start += 1
            cut = next(cuts, len(text))
        if start < end:
            spans.append((start, end))
    return spans


def page_fragments(textpage, height: float, word_by_word: bool = False) -> list[Fragment]:
    """The text layer of a page as fragments with their boxes (points, y down).

    Fast path, taken by most lines: a line of PDFium's text (`page_text`) whose characters
    all belong to one text object (`FPDFText_CountRects` over the line is 1: one show-text
    operator, so one font, one baseline, no stamp or signature written in between) becomes
    one fragment, boxed by the loose boxes (font ascent to descent) of its first and last
    characters: four calls into PDFium for the line. (A font without ascent and descent,
    not embedded and without metrics, has loose boxes no taller than its glyphs: the line
    is then boxed by the union of its glyphs, `FPDFText_GetRect`.) A line of several text
    objects, or holding a token that may be two words without a space (`_suspects`),
    is read word by word (`_line_runs`). So is every line with `word_by_word`: the first and
    last pages, where the header's and the signature's columns are, and where a draft leaves
    its number and day blank (some producers draw the blank inside a text object: a gap
    only the boxes of the words around it show). The row grouping and joining in `layout`
    then place every fragment, whichever way it was made.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    text = page_text(textpage)
    if len(text) != pdfium_c.FPDFText_CountChars(textpage):  # excluded characters: indices differ
        return _fragments_from_rects(textpage, height)
    ends: list[int] = []
    if "\ufffe" in text:
        text, ends = _hyphen_marks(textpage, text)
    lines = _split_lines(text, ends) if ends else [m.span() for m in _LINE.finditer(text)]
    rect = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
    box = ctypes.byref(rect)
    cell = functools.partial(_FOUR_FLOATS.unpack_from, memoryview(rect))  # its values, in one call
    loose = _unchecked("FPDFText_GetLooseCharBox")
    count_rects = _unchecked("FPDFText_CountRects")
    tight = _unchecked("FPDFText_GetCharBox")
    get_rect = _unchecked("FPDFText_GetRect")
    g_left, g_right, g_bottom, g_top = (ctypes.c_double() for _ in range(4))
    glyph = (ctypes.byref(g_left), ctypes.byref(g_right), ctypes.byref(g_bottom), ctypes.byref(g_top))
    union_box = (ctypes.c_double * 4)()  # left, top, right, bottom of a rectangle
    union = tuple(ctypes.byref(union_box, 8 * i) for i in range(4))
    doubles = functools.partial(_FOUR_DOUBLES.unpack_from, memoryview(union_box))
    fragments: list[Fragment] = []
    append = fragments.append
    long_token, two_groups = _LONG.search, _TWO_VOWEL_GROUPS.search
    has_metrics: dict[float, bool] = {}  # loose box height → the font has ascent and descent
    # No whitespace but spaces and line breaks on the page: a line without two spaces in a row
    # is its words joined by single spaces already (`_LINE` trims its ends).
    regular = _ODD_SPACE.search(text) is None
    if word_by_word:
        for start, end in lines:
            _line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
        return fragments
    misses = 0  # lines in a row drawn in more pieces than words
    for (start, end), span in zip(lines, _span_boxes(textpage, loose, box, cell, lines), strict=True):
        if misses >= _MISSES or span is None:
            _line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
            continue
        line = text[start:end]
        if not regular or "  " in line:
            line = " ".join(line.split())
        words = line.count(" ") + 1
        objects = count_rects(textpage, start, end - start)
        if not 0 < objects <= words:
            misses += 1
            _line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
            continue
        misses = 0
        if objects > 1 and (long_token(text, start, end) or two_groups(text, start, end)):
            # a token that may be two words must be drawn by one text object (see `_line_runs`)
            if not _whole_tokens(text, start, end, textpage, count_rects):
                _line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
                continue
            count_rects(textpage, start, end - start)  # the line's rectangles again, for `_one_run`
        left, top, right, bottom, first_height = span
        metrics = has_metrics.get(first_height)
        if metrics is None:
            # a loose box no taller than the glyph's own: the font has no ascent and descent
            glyph_height = g_top.value - g_bottom.value if tight(textpage, start, *glyph) else 0.0
            metrics = has_metrics[first_height] = glyph_height < first_height - 0.01
        if objects > 1 or not metrics:
            band = _one_run(textpage, get_rect, union, doubles, objects, top, bottom, metrics)
            if band is None:
                _line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
                continue
            if not metrics:
                top, bottom = band
        if right < left:  # right-to-left or rotated text: keep the box valid
            left, right = right, left
        append(Fragment(left, height - top, right, height - bottom, line + " ", words, True))
    return fragments


def _span_boxes(raw, loose, box, cell, spans: list[tuple[int, int]]) -> list[tuple | None]:
    """The box of each text span (a line, a word) from the loose boxes of its first and last
    characters: (left, top, right, bottom, the first character's height), PDF coordinates;
    None where the first character has no box. The first character's box widened by the
    last one's: its right, the higher top, the lower bottom (a line or word set in two
    fonts). One call for all the spans of a page or a line, not one per span."""
    out: list[tuple | None] = []
    append = out.append
    for start, end in spans:
        if not loose(raw, start, box):
            append(None)
            continue
        left, top, right, bottom = cell()
        first_height = top - bottom
        if end - start > 1 and loose(raw, end - 1, box):
            _, l_top, right, l_bottom = cell()
            if l_top > top:
                top = l_top
            if l_bottom < bottom:
                bottom = l_bottom
        append((left, top, right, bottom, first_height))
    return out


def _whole_tokens(text: str, start: int, end: int, textpage, count_rects) -> bool:
    """Every token of `text[start:end]` that may be two words (`_suspects`) is drawn by one
    text object."""
    for at in _suspects(text, start, end):
        stop = at
        while stop < end and not text[stop].isspace():
            stop += 1
        if count_rects(textpage, at, stop - at) != 1:
            return False
    return True


def _one_run(textpage, get_rect, union, doubles, count: int, top: float, bottom: float, banded: bool):
    """(top, bottom) of the union of a line's text objects (`count` rectangles, from the
    `FPDFText_CountRects` just called) when they read as one run of words, else None: left
    to right, none stepping back nor a column gap (`MAX_RUN_GAP`) after the one before, each
    within the band of the line's font (`top`, `bottom`; `banded`: the font has metrics),
    give or take a quarter of its height (tone marks over capitals). Text written out of
    order (a signed PDF's pieces), drawn twice (fake bold), raised or lowered, or set in
    columns fails, and is read word by word."""
    size = top - bottom
    slack = 0.25 * size
    widest = MAX_RUN_GAP * size
    high, low = top, bottom
    prev_right = None
    for i in range(count):
        if not get_rect(textpage, i, *union):
            return None
        r_left, r_top, r_right, r_bottom = doubles()
        if prev_right is not None:
            gap = r_left - prev_right
            if gap < -slack or gap > widest:
                return None
        if banded and (r_top > top + slack or r_bottom < bottom - slack):
            return None
        if prev_right is None or r_right > prev_right:
            prev_right = r_right
        if r_top > high:
            high = r_top
        if r_bottom < low:
            low = r_bottom
    return high, low


def _line_runs(
    text: str,
    start: int,
    end: int,
    raw,
    loose,
    box,
    cell,
    height: float,
    fragments: list[Fragment],
    regular: bool = False,
) -> None:
    """The words of `text[start:end]` (one PDFium line), each boxed by the loose boxes of its
    first and last characters (`_span_boxes`), into `fragments` as runs: words that follow
    each other on one line a word space apart join one fragment (text sliced from the page
    text, `weight` = words). Words drawn twice at the same place (fake bold) are dropped;
    anything else (a wider gap, a step back, another band) starts a new fragment. A token
    that may be two words without a space (`_suspects`) is read character by character.
    `regular`: the page has no whitespace but spaces and line breaks (see `page_fragments`)."""
    append = fragments.append
    suspects = _suspects(text, start, end)
    count_rects = _unchecked("FPDFText_CountRects")
    run_gap, same_band = RUN_GAP, _SAME_BAND
    spans = [m.span() for m in _WORD.finditer(text, start, end)]
    # The open run (PDF coordinates, y up): text[r_start:r_end], its box; its last word
    # (text[w_start:w_end]) and that word's left and top.
    r_start = -1
    r_end = r_words = p_start = p_end = 0
    r_left = r_top = r_bottom = r_right = w_left = w_top = 0.0
    for (w_start, w_end), span in zip(spans, _span_boxes(raw, loose, box, cell, spans), strict=True):
        if suspects and w_start in suspects and count_rects(raw, w_start, w_end - w_start) != 1:
            # maybe two words, in two text objects: characters one by one (within one object a
            # word space is a PDFium space: on the real PDFs no token of one object splits)
            if r_start >= 0:
                append(_run(text, r_start, r_end, r_words, r_left, r_top, r_right, r_bottom, height, regular))
                r_start = -1
            pieces = _split_word(loose, raw, box, cell, w_start, text[w_start:w_end], height)
            if pieces:
                pieces[-1].text += " "
            fragments.extend(pieces)
            continue
        if span is None:
            continue
        left, top, right, bottom, _ = span
        if right < left:  # right-to-left or rotated text: keep the box valid
            left, right = right, left
        if r_start >= 0:
            size = top - bottom
            tol = same_band * size
            if -tol <= top - r_top <= tol and -tol <= bottom - r_bottom <= tol:
                if -tol <= left - r_right < run_gap * size and left - w_left >= 0.3 * size:
                    r_end = w_end
                    r_words += 1
                    if right > r_right:
                        r_right = right
                    if top > r_top:
                        r_top = top
                    if bottom < r_bottom:
                        r_bottom = bottom
                    w_left, w_top, p_start, p_end = left, top, w_start, w_end
                    continue
                if (
                    -0.3 * size < left - w_left < 0.3 * size
                    and -0.3 * size < top - w_top < 0.3 * size
                    and text[p_start:p_end] == text[w_start:w_end]
                ):
                    continue  # the same word drawn again at the same place (fake bold)
            append(_run(text, r_start, r_end, r_words, r_left, r_top, r_right, r_bottom, height, regular))
        r_start, r_end, r_words = w_start, w_end, 1
        r_left, r_top, r_bottom, r_right = left, top, bottom, right
        w_left, w_top, p_start, p_end = left, top, w_start, w_end
    if r_start >= 0:
        append(_run(text, r_start, r_end, r_words, r_left, r_top, r_right, r_bottom, height, regular))


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
    regular: bool = False,
) -> Fragment:
    """A run of words (PDF coordinates in, y down out): one space between its words
    (whatever PDFium put there: several spaces, a line break; the run's gaps are word gaps)
    and one after it, so the row joiner never glues it to the next fragment."""
    piece = text[start:end]
    if words > 1 and (not regular or "  " in piece):
        piece = " ".join(piece.split())
    return Fragment(left, height - top, right, height - bottom, piece + " ", words, True)


def _split_word(loose, raw, box, cell, start: int, word: str, height: float) -> list[Fragment]:
    """A token's characters one by one: split where two stand a word gap apart."""
    out: list[Fragment] = []
    cur: list[str] = []
    left = top = bottom = right = 0.0
    for offset, ch in enumerate(word):
        if not loose(raw, start + offset, box):
            cur.append(ch)
            continue
        c_left, c_top, c_right, c_bottom = cell()
        gap_ok = cur and c_left - right > WORD_GAP * max(c_top - c_bottom, 1.0)
        if gap_ok or (cur and abs(c_bottom - bottom) > 0.8 * max(top - bottom, 1.0)):
            out.append(Fragment(left, height - top, right, height - bottom, "".join(cur)))
            cur = []
        if not cur:
            left, top, bottom = c_left, c_top, c_bottom
        cur.append(ch)
        right = max(right, c_right) if len(cur) > 1 else c_right
        top, bottom = max(top, c_top), min(bottom, c_bottom)
    if cur:
        out.append(Fragment(left, height - top, right, height - bottom, "".join(cur)))
    return out


def _fragments_from_rects(textpage, height: float) -> list[Fragment]:
    """Fallback: PDFium's text rectangles with their bounded text (may repeat a character
    where two rectangles overlap, so only used when character indices cannot be mapped)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    fragments = []
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    for i in range(max(pdfium_c.FPDFText_CountRects(textpage, 0, -1), 0)):
        pdfium_c.FPDFText_GetRect(
            textpage, i, ctypes.byref(left), ctypes.byref(top), ctypes.byref(right), ctypes.byref(bottom)
        )
        args = (textpage, left.value, top.value, right.value, bottom.value)
        n = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
        if n <= 0:
            continue
        buffer = (ctypes.c_ushort * n)()
        pdfium_c.FPDFText_GetBoundedText(*args, buffer, n)
        text = bytes(memoryview(buffer)).decode("utf-16-le", errors="ignore")
        if text.strip():
            fragments.append(
                Fragment(left.value, height - top.value, right.value, height - bottom.value, _clean(text))
            )
    return fragments


def page_lines(
    textpage, height: float, word_by_word: bool = False, extra: list[Fragment] | None = None
) -> list[str]:
    """The visual lines of one PDF page's text layer (`textpage`: PDFium's handle; `height`:
    the page's, in points; `word_by_word`: see `page_fragments`; `extra`: fragments read
    elsewhere, placed among the text layer's, see `stamps`) (see module doc)."""
    fragments = page_fragments(textpage, height, word_by_word)
    lines = lines_from_fragments(fragments + extra if extra else fragments)
    if not lines:
        return []
    # Cleaned once for the page, not per line (`join_row` leaves no line break inside a line).
    return [line for line in _clean("\n".join(lines), keep_lines=True).split("\n") if line.strip()]


def _stamps(
    page, textpage, data: bytes, index: int, warnings: list[str], values: list[str]
) -> list[Fragment] | None:
    """The number and day a signing system stamped on this page, as fragments (see `stamps`);
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


def _image_cover(pdf, index: int) -> float:
    """The share of page `index` covered by its largest image (asked only of pages with few letters)."""
    import pypdfium2.raw as pdfium_c

    try:
        page = pdf[index]
    except Exception:  # noqa: BLE001 - it loaded a moment ago; if not now, no image is known
        return 0.0
    try:
        width, height = page.get_size()
        area = max(width * height, 1.0)
        best = 0.0
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
            left, bottom, right, top = obj.get_bounds()
            best = max(best, (right - left) * (top - bottom) / area)
    finally:
        page.close()
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
    stamped_values: list[str] = []  # numbers and days a signing system stamped as images, OCR'd
    failed: list[int] = []
    document = pdf.raw
    for index in range(total):
        # PDFium's own handles, not pypdfium2's page objects: a page is read with a handful of
        # calls, and the wrappers' bookkeeping (finalizers, parents) showed in the profile.
        page = pdfium_c.FPDF_LoadPage(document, index)
        if not page:  # a broken page: skip it, say so
            failed.append(index + 1)
            texts.append("")
            continue
        try:
            textpage = pdfium_c.FPDFText_LoadPage(page)
            lines: list[str] = []
            if textpage:
                try:
                    edge = index == 0 or index == total - 1  # the header's and the signature's pages
                    stamped = _stamps(page, textpage, data, index, warnings, stamped_values) if edge else None
                    lines = page_lines(
                        textpage, pdfium_c.FPDF_GetPageHeightF(page), word_by_word=edge, extra=stamped
                    )
                finally:
                    pdfium_c.FPDFText_ClosePage(textpage)
            size = sum(map(len, lines))
            # Counting letters only matters near the scan threshold: a long page is text.
            letters = (
                size if size > 6 * _SCAN_LETTERS else sum(1 for line in lines for c in line if c.isalpha())
            )
            if letters < _SCAN_LETTERS and _image_cover(pdf, index) >= _SCAN_COVER:
                scanned.append(index)
            elif letters == 0:
                empty.append(index + 1)
        finally:
            pdfium_c.FPDF_ClosePage(page)
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
        ocr_stamps=stamped_values,
    )
    if ocr_info is not None:
        raw.ocr_pages = [i + 1 for i in to_ocr]
        raw.ocr_confidence = ocr_info
    return raw


@contextmanager
def opened(path: str | Path) -> Iterator:
    """A PDF file opened with PDFium, closed on leaving; both under the reader's lock (PDFium is not
    thread-safe). Read it through the reader's own functions (`render_page`), which take the lock."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
    try:
        yield pdf
    finally:
        with _PDFIUM:
            pdf.close()


def text_layers(path: str | Path) -> list[str]:
    """The text layer of each page of a PDF file as PDFium gives it (no layout, fast): "" or a few
    characters for a scanned page."""
    with opened(path) as pdf, _PDFIUM:
        out = []
        for page in pdf:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range() if textpage.count_chars() else "")
        return out


def render_page(pdf, index: int, dpi: int = OCR_DPI):
    """One page as a PIL image at `dpi`, in colour (OCR sets a red seal apart by its colour); a page
    so large that it would exceed `MAX_OCR_PIXELS` is rendered at the resolution that fits."""
    with _PDFIUM:
        page = pdf[index]
        try:
            width, height = page.get_size()
            scale = min(dpi / 72, (MAX_OCR_PIXELS / max(width * height, 1.0)) ** 0.5)
            bitmap = page.render(scale=scale)
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
