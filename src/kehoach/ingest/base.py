"""What every reader shares (kept apart from the package's `__init__`, which dispatches to the
readers: no reader imports the package it belongs to)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MAX_BYTES = 200 * 1024 * 1024
COLUMN_GAP = " " * 8
"""What readers put between the fragments of a line printed in two columns (header, closing):
a run of 4+ spaces, where `kehoach.normalize` splits the line."""
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".doc", ".odt", ".rtf", ".html", ".htm"})
"""File name endings `kehoach ingest DIR` / `summary DIR` take from a folder; any other file
found there is listed as skipped (`unsupported`), never left out silently."""
OCR_MODES = ("auto", "always", "never")
MAX_TEXT_CHARS = 5_000_000
"""Longest text accepted as one document: ~50× the longest real plan (a plan is 20-100 thousand
characters). A bigger text is a collection or a dump, not a document, and would keep the parser
busy for minutes; raise this when parsing gets faster."""


@dataclass
class RawText:
    """Text as extracted, before any repair."""

    text: str
    format: str  # txt | pdf | docx | doc | odt | rtf | html
    sha256: str
    size: int
    encoding: str | None = None
    page_starts: list[int] = field(default_factory=list)  # offsets in `text` where pages begin
    warnings: list[str] = field(default_factory=list)
    method: str = "text"  # text | text_layer | ocr | text_layer+ocr | converted | antiword
    converter: str | None = None  # the program that converted the file (libreoffice, antiword)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: convert, extract, ocr, read
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages read by OCR
    ocr_confidence: float | None = None  # mean word confidence of the OCR'd pages, 0-1
    ocr_stamps: list[str] = field(default_factory=list)  # values stamped as images by a signing system, OCR'd

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None


PageCallback = Callable[[int, int, str], None]
"""`on_page(done, total, stage)`: pages done of `total` in `stage` ("text": the text layer read,
"ocr": pages recognised), called after each page of a PDF."""
