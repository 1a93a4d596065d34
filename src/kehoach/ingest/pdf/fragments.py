"""The text layer of a page as fragments with their boxes, and as visual lines.

A line of PDFium's text drawn by one text object becomes one fragment (the fast path); other
lines are read word by word (`word_runs`); `layout.lines_from_fragments` groups the fragments
into visual lines (see the package doc).
"""

from __future__ import annotations

import functools
import re
import struct

from kehoach.ingest.layout import Fragment, lines_from_fragments
from kehoach.ingest.pdf.char_boxes import span_boxes, unchecked
from kehoach.ingest.pdf.page_text import LINE, clean_text, hyphen_marks, page_text, split_lines
from kehoach.ingest.pdf.word_runs import LONG_TOKEN, TWO_VOWEL_GROUPS, line_runs, whole_tokens

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


_ODD_SPACE = re.compile(r"[^\S \r\n]")  # whitespace that `str.split` splits on, other than these


def page_fragments(textpage, height: float, word_by_word: bool = False) -> list[Fragment]:
    """The text layer of a page as fragments with their boxes (points, y down).

    Fast path, taken by most lines: a line of PDFium's text (`page_text`) whose characters
    all belong to one text object (`FPDFText_CountRects` over the line is 1: one show-text
    operator, so one font, one baseline, no stamp or signature written in between) becomes
    one fragment, boxed by the loose boxes (font ascent to descent) of its first and last
    characters: four calls into PDFium for the line. (A font without ascent and descent,
    not embedded and without metrics, has loose boxes no taller than its glyphs: the line
    is then boxed by the union of its glyphs, `FPDFText_GetRect`.) A line of several text
    objects, or holding a token that may be two words without a space (`word_runs._suspects`),
    is read word by word (`line_runs`). So is every line with `word_by_word`: the first and
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
        text, ends = hyphen_marks(textpage, text)
    lines = split_lines(text, ends) if ends else [m.span() for m in LINE.finditer(text)]
    rect = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
    box = ctypes.byref(rect)
    cell = functools.partial(_FOUR_FLOATS.unpack_from, memoryview(rect))  # its values, in one call
    loose = unchecked("FPDFText_GetLooseCharBox")
    count_rects = unchecked("FPDFText_CountRects")
    tight = unchecked("FPDFText_GetCharBox")
    get_rect = unchecked("FPDFText_GetRect")
    g_left, g_right, g_bottom, g_top = (ctypes.c_double() for _ in range(4))
    glyph = (ctypes.byref(g_left), ctypes.byref(g_right), ctypes.byref(g_bottom), ctypes.byref(g_top))
    union_box = (ctypes.c_double * 4)()  # left, top, right, bottom of a rectangle
    union = tuple(ctypes.byref(union_box, 8 * i) for i in range(4))
    doubles = functools.partial(_FOUR_DOUBLES.unpack_from, memoryview(union_box))
    fragments: list[Fragment] = []
    append = fragments.append
    long_token, two_groups = LONG_TOKEN.search, TWO_VOWEL_GROUPS.search
    has_metrics: dict[float, bool] = {}  # loose box height → the font has ascent and descent
    # No whitespace but spaces and line breaks on the page: a line without two spaces in a row
    # is its words joined by single spaces already (`LINE` trims its ends).
    regular = _ODD_SPACE.search(text) is None
    if word_by_word:
        for start, end in lines:
            line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
        return fragments
    misses = 0  # lines in a row drawn in more pieces than words
    for (start, end), span in zip(lines, span_boxes(textpage, loose, box, cell, lines), strict=True):
        if misses >= _MISSES or span is None:
            line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
            continue
        line = text[start:end]
        if not regular or "  " in line:
            line = " ".join(line.split())
        words = line.count(" ") + 1
        objects = count_rects(textpage, start, end - start)
        if not 0 < objects <= words:
            misses += 1
            line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
            continue
        misses = 0
        if objects > 1 and (long_token(text, start, end) or two_groups(text, start, end)):
            # a token that may be two words must be drawn by one text object (see `line_runs`)
            if not whole_tokens(text, start, end, textpage, count_rects):
                line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
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
                line_runs(text, start, end, textpage, loose, box, cell, height, fragments, regular)
                continue
            if not metrics:
                top, bottom = band
        if right < left:  # right-to-left or rotated text: keep the box valid
            left, right = right, left
        append(Fragment(left, height - top, right, height - bottom, line + " ", words, True))
    return fragments


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
                Fragment(left.value, height - top.value, right.value, height - bottom.value, clean_text(text))
            )
    return fragments


def page_lines(
    textpage, height: float, word_by_word: bool = False, extra: list[Fragment] | None = None
) -> list[str]:
    """The visual lines of one PDF page's text layer (`textpage`: PDFium's handle; `height`:
    the page's, in points; `word_by_word`: see `page_fragments`; `extra`: fragments read
    elsewhere, placed among the text layer's, see `kehoach.ingest.stamps`) (see the package doc)."""
    fragments = page_fragments(textpage, height, word_by_word)
    lines = lines_from_fragments(fragments + extra if extra else fragments)
    if not lines:
        return []
    # Cleaned once for the page, not per line (`join_row` leaves no line break inside a line).
    return [line for line in clean_text("\n".join(lines), keep_lines=True).split("\n") if line.strip()]
