"""Which pages of a PDF have no real text layer: a scan (few letters over a page-size image), an
empty page, or a text layer that is garbage (not Vietnamese, nor any readable text)."""

from __future__ import annotations

import unicodedata
from collections import Counter

from kehoach.ingest.legacy import syllable_counts

SCAN_LETTERS = 120
"""A page with fewer letters than this over a page-size image is a scan: the letters are an
e-signature stamp, a page number or a scanner's label, not the document."""
SCAN_COVER = 0.5  # share of the page an image must cover to make it a scan


def image_cover(pdf, index: int) -> float:
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


def has_letters(text: str, at_least: int) -> bool:
    count = 0
    for c in text:
        if c.isalpha():
            count += 1
            if count >= at_least:
                return True
    return False


def letter_count(lines: list[str]) -> int:
    """The letters of a page's lines, as far as the scan test needs them: a long page (more than
    six times `SCAN_LETTERS` characters) is text, and its length is returned uncounted."""
    size = sum(map(len, lines))
    return size if size > 6 * SCAN_LETTERS else sum(1 for line in lines for c in line if c.isalpha())
