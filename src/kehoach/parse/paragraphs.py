"""Paragraphs of normalized text, with their spans: what every parse step walks over."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from kehoach.vntext import ascii_form, fold, fold_aligned


class Para(NamedTuple):
    """One paragraph (a line of the normalized text) and its span (a tuple: cheap to make)."""

    index: int
    text: str
    start: int
    end: int


def split_paragraphs(text: str) -> list[Para]:
    """The non-empty lines of normalized text, in order, with spans."""
    out: list[Para] = []
    new = tuple.__new__  # `Para(...)` without the generated `__new__`'s Python call: one per line
    start = 0
    for line in text.split("\n"):  # far cheaper than a regex over the text
        end = start + len(line)
        if line:
            out.append(new(Para, (len(out), line, start, end)))
        start = end + 1
    return out


def paragraph_folder(text: str) -> Callable[[Para], str]:
    """`fold(p.text)` for paragraphs of `text`: a slice of the document's fold (`fold_aligned`,
    computed once and shared with the other steps) when that fold maps character for character
    (`ascii_form`) and the paragraph is the text at its span; else `fold` itself."""
    if ascii_form(text) is None:
        return lambda p: fold(p.text)
    folded = fold_aligned(text)

    def fold_paragraph(p: Para) -> str:
        if p.end - p.start == len(p.text) and text.startswith(p.text, p.start):
            return folded[p.start : p.end]
        return fold(p.text)

    return fold_paragraph


# A web copy's table printed one cell per line between `|` lines (thuvienphapluat's conversion): its
# rows' numbers (`1.`, `1.1.`) are a table's, never outline nodes (FIXTURES.md). A region is a run of
# `|` lines at most 12 lines apart with no blank line between them, six of them at least (a header or a
# signature block in two columns has fewer, and stands outside the body anyway).
_BAR_LINE = re.compile(r"^[ \t]*\|[ \t]*$", re.MULTILINE)
_BARS_APART = 12
_BARS_MIN = 6
_BLANK_LINE = re.compile(r"\n[ \t]*\n")  # a blank line between two `|` lines: one table has ended


def pipe_table_spans(raw: str) -> list[tuple[int, int]]:
    """Spans of the raw text that are one-cell-per-line tables (from their first `|` line to their last)."""
    spans: list[tuple[int, int]] = []
    start = prev = -1
    count = 0
    for m in _BAR_LINE.finditer(raw):
        gap = raw[prev : m.start()] if prev >= 0 else ""
        if prev >= 0 and gap.count("\n") <= _BARS_APART and not _BLANK_LINE.search(gap):
            prev, count = m.start(), count + 1
            continue
        if count >= _BARS_MIN:
            spans.append((start, prev))
        start = prev = m.start()
        count = 1
    if count >= _BARS_MIN:
        spans.append((start, prev))
    return spans
