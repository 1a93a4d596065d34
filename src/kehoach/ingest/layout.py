"""Visual lines from positioned text fragments: one reading order for text PDFs and OCR.

Both readers hand over fragments with a box (PDFium's text rectangles of a PDF page,
Tesseract's recognised lines of a scan). Fragments are grouped into rows by vertical
overlap, each row read left to right; a wide horizontal gap between two fragments of a
row (the two columns of a header or of the recipients | signature block) becomes
`COLUMN_GAP`, where `kehoach.normalize` splits the line.

Why our own grouping: PDFium's own text order follows the content stream, which signed
PDFs and some exporters write out of visual order (a title starting mid-phrase, a name
split around an inserted stamp). pdfplumber/pdfminer group by geometry too but read
5-20× slower (see the `pdf` package doc); the grouping itself is a few lines of sorting.
"""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.ingest.base import COLUMN_GAP

COLUMN_FACTOR = 1.6
"""A gap wider than this many row heights separates columns. Header and signature
columns stand 2-10 heights apart; fragments of one line (font changes, a hyphen
drawn on its own) touch or stand a fraction of a height apart."""
MIN_COLUMN_GAP = 14.0  # points (or pixels at 72 dpi): never a column gap below this
WORD_GAP = 0.1
"""A gap wider than this many row heights between two fragments is a word space (letters of
one word touch: PDFium's loose boxes run from one advance to the next)."""
SAME_ROW = 0.5  # a fragment joins a row when half of its height overlaps the row


@dataclass(slots=True)
class Fragment:
    """A piece of text with its box; `top` < `bottom` (y grows downwards); `weight`: the
    words it stands for in a row's typical height (a run of words joined by the PDF reader);
    `plain`: `text` is its words joined by single spaces, maybe with one space after them
    (the row joiner then has nothing to collapse)."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    weight: int = 1
    plain: bool = False

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.01)


def _rows(fragments: list[Fragment]) -> list[list[Fragment]]:
    rows: list[list] = []  # [top, bottom, members] of the rows so far
    # sorted by their middle (top + bottom: the same order), then left
    for frag in sorted(fragments, key=lambda f: (f.top + f.bottom, f.left)):
        f_top, f_bottom = frag.top, frag.bottom
        f_height = f_bottom - f_top
        if f_height < 0.01:
            f_height = 0.01
        # Compare with the last few rows only: fragments come sorted by their middle.
        for i in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            row = rows[i]
            top, bottom = row[0], row[1]
            overlap = (bottom if bottom < f_bottom else f_bottom) - (top if top > f_top else f_top)
            if overlap >= SAME_ROW * (f_height if f_height < bottom - top else bottom - top):
                row[2].append(frag)
                # The row's band grows only with fragments of its own height, so a tall
                # fragment (a big title letter, a stamp) does not swallow the next row.
                if f_height <= 1.5 * (bottom - top):
                    if f_top < top:
                        row[0] = f_top
                    if f_bottom > bottom:
                        row[1] = f_bottom
                break
        else:
            rows.append([f_top, f_bottom, [frag]])
    rows.sort(key=lambda r: r[0])
    return [members for _, _, members in rows]


def _row_height(members: list[Fragment]) -> float:
    """The median height of a row's words (each fragment counted `weight` times), leaving
    out words less than half as tall as the tallest (superscripts, footnote marks)."""
    tallest = max(f.height for f in members)
    if len(members) == 1:
        return members[0].height
    heights = sorted((f.height, f.weight) for f in members if f.height >= 0.5 * tallest)
    total = sum(w for _, w in heights)
    # The value(s) at the middle position(s) of the expanded list, as `statistics.median`.
    wanted = (total - 1) // 2, total // 2
    found: list[float] = []
    seen = 0
    for value, w in heights:
        while len(found) < 2 and seen <= wanted[len(found)] < seen + w:
            found.append(value)
        seen += w
        if len(found) == 2:
            break
    return (found[0] + found[1]) / 2


def _duplicate(a: Fragment, b: Fragment) -> bool:
    """The same text drawn twice at (almost) the same place: fake bold, a shadow."""
    if a.text.strip() != b.text.strip():
        return False
    return abs(a.left - b.left) < 0.3 * a.height and abs(a.top - b.top) < 0.3 * a.height


def join_row(members: list[Fragment]) -> str:
    """One row's fragments, left to right: column gaps as `COLUMN_GAP`, word gaps as a space."""
    if len(members) == 1:  # most rows: one run of words
        text = members[0].text
        if members[0].plain:
            return text[:-1] if text[-1:] == " " else text
        if COLUMN_GAP not in text:
            return " ".join(text.split())
    members = sorted(members, key=lambda f: f.left)
    height = _row_height(members)
    column_gap = max(COLUMN_FACTOR * height, MIN_COLUMN_GAP)
    out: list[str] = []
    prev: Fragment | None = None
    for frag in members:
        text = frag.text
        if prev is not None:
            if _duplicate(prev, frag):
                continue
            gap = frag.left - prev.right
            if gap >= column_gap:
                out.append(COLUMN_GAP)
                text = text.lstrip()
            elif gap > WORD_GAP * height and out and not out[-1].endswith(" ") and not text.startswith(" "):
                out.append(" ")
        out.append(text)
        prev = frag if prev is None or frag.right > prev.right else prev
    line = "".join(out)
    # Collapse runs of spaces inside column fragments (not the column gap itself).
    parts = [" ".join(part.split()) for part in line.split(COLUMN_GAP)]
    return COLUMN_GAP.join(p for p in parts if p)


def lines_from_fragments(fragments: list[Fragment]) -> list[str]:
    """The page's visual lines, top to bottom (fragments without visible text are ignored)."""
    kept = [f for f in fragments if f.text.strip()]
    lines = []
    for members in _rows(kept):
        line = join_row(members)
        if line:
            lines.append(line)
    return lines
