"""Paragraphs of normalized text, with their spans: what every parse step walks over."""

from __future__ import annotations

from typing import NamedTuple


class Para(NamedTuple):
    """One paragraph (a line of the normalized text) and its span (a tuple: cheap to make)."""

    index: int
    text: str
    start: int
    end: int


def split_paragraphs(text: str) -> list[Para]:
    """The non-empty lines of normalized text, in order, with spans."""
    out: list[Para] = []
    start = 0
    for line in text.split("\n"):  # far cheaper than a regex over the text
        end = start + len(line)
        if line:
            out.append(Para(len(out), line, start, end))
        start = end + 1
    return out
