"""A PDFium line read word by word: each word boxed, words a word space apart joined into runs, a
token that may be two words set apart by positioning (no space character) read character by
character."""

from __future__ import annotations

import re
import unicodedata

from kehoach.ingest.layout import WORD_GAP, Fragment
from kehoach.ingest.pdf.char_boxes import span_boxes, unchecked

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


RUN_GAP = 0.5
"""Two words that follow each other in PDFium's text join one fragment when the second
starts less than this many line heights after the first ends, on the same line: a word
space (about a quarter of a height); wider gaps are left to `layout.join_row`."""
_SAME_BAND = 0.1  # loose boxes of one line's words: same top and bottom within this share


_WORD = re.compile(r"\S+")


LONG_TOKEN = re.compile(r"\S{8,}")
TWO_VOWEL_GROUPS = re.compile(rf"[{_V}][^\s{_V}]+[{_V}]")


def _suspects(text: str, start: int, end: int) -> set[int]:
    """The starts of the whitespace-delimited tokens of `text[start:end]` that may be two
    words set apart by positioning, not by a space character (PDFium then generates no
    space): longer than any Vietnamese syllable, or holding two vowel groups (one syllable
    has one)."""
    starts = {m.start() for m in LONG_TOKEN.finditer(text, start, end)}  # found at its token's start
    for m in TWO_VOWEL_GROUPS.finditer(text, start, end):
        at = m.start()
        while at > start and not text[at - 1].isspace():
            at -= 1
        starts.add(at)
    return starts


def whole_tokens(text: str, start: int, end: int, textpage, count_rects) -> bool:
    """Every token of `text[start:end]` that may be two words (`_suspects`) is drawn by one
    text object."""
    for at in _suspects(text, start, end):
        stop = at
        while stop < end and not text[stop].isspace():
            stop += 1
        if count_rects(textpage, at, stop - at) != 1:
            return False
    return True


def line_runs(
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
    first and last characters (`span_boxes`), into `fragments` as runs: words that follow
    each other on one line a word space apart join one fragment (text sliced from the page
    text, `weight` = words). Words drawn twice at the same place (fake bold) are dropped;
    anything else (a wider gap, a step back, another band) starts a new fragment. A token
    that may be two words without a space (`_suspects`) is read character by character.
    `regular`: the page has no whitespace but spaces and line breaks (see `fragments.page_fragments`)."""
    append = fragments.append
    suspects = _suspects(text, start, end)
    count_rects = unchecked("FPDFText_CountRects")
    run_gap, same_band = RUN_GAP, _SAME_BAND
    spans = [m.span() for m in _WORD.finditer(text, start, end)]
    # The open run (PDF coordinates, y up): text[r_start:r_end], its box; its last word
    # (text[w_start:w_end]) and that word's left and top.
    r_start = -1
    r_end = r_words = p_start = p_end = 0
    r_left = r_top = r_bottom = r_right = w_left = w_top = 0.0
    for (w_start, w_end), span in zip(spans, span_boxes(raw, loose, box, cell, spans), strict=True):
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
