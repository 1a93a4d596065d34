"""Paragraphs of normalized text, with their spans: what every parse step walks over."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARA = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Para:
    """One paragraph (a line of the normalized text) and its span."""

    index: int
    text: str
    start: int
    end: int


def split_paragraphs(text: str) -> list[Para]:
    """The non-empty lines of normalized text, in order, with spans."""
    return [Para(i, m.group(0), m.start(), m.end()) for i, m in enumerate(_PARA.finditer(text))]
