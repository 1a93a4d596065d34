"""Ruled tables of scanned PDF pages, cell by cell: the OCR text of a page keeps no columns, so the
task table of a scan is read again here.

A scanned page (no text layer) is rendered and deskewed as the OCR reader does; its ruling lines
are found from the ink (a row of ink at least `H_LINE` of the page wide is a horizontal rule; within
the band between two rules, a column of ink at least `V_LINE` of the band high is a vertical rule);
bands between rules crossed by the same vertical rules make a table, and each cell is recognised on
its own by Tesseract (one block of text, `--psm 6`), which reads a cell far better than the whole
page's segmentation does. Only the tables whose first row is a task table's header (or that go on a
task table of the page before, under the same columns) are read past their first row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

DPI = 200  # enough for cells of 12-14 pt text; 300 dpi triples the time for no better reading
H_LINE = 0.4
V_LINE = 0.85
INK = 170  # grey level below which a pixel is ink (scanned rules are often grey)
_NEAR = 4  # pixels: rows or columns of ink this close are one rule


def _rules(mask: Any, min_frac: float) -> list[int]:
    """Positions of the rows of `mask` (a boolean ink array) that hold a run of ink of at least
    `min_frac` of its width, one position per rule (adjacent rows merged); one-pixel gaps closed."""
    import numpy as np

    closed = mask.copy()
    closed[:, 1:] |= mask[:, :-1]
    closed[:, :-1] |= mask[:, 1:]
    need = min_frac * mask.shape[1]
    rows = []
    for i in np.flatnonzero(closed.sum(axis=1) >= need):
        edges = np.diff(np.concatenate(([0], closed[i].astype(np.int8), [0])))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        if (ends - starts).max() >= need:
            rows.append(int(i))
    groups: list[list[int]] = []
    for i in rows:
        if groups and i - groups[-1][-1] <= _NEAR:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [sum(g) // len(g) for g in groups]


def grids(image: Any) -> list[tuple[list[int], list[int]]]:
    """The ruled tables of a page image: (horizontal rules, vertical rules) of each, top to bottom."""
    import numpy as np

    ink = np.asarray(image.convert("L")) < INK
    hs = _rules(ink, H_LINE)
    out: list[tuple[list[int], list[int]]] = []
    for top, bottom in zip(hs, hs[1:], strict=False):
        if bottom - top < 12:
            continue
        vs = _rules(ink[top:bottom].T, V_LINE)
        if len(vs) < 3:
            continue
        if out and out[-1][0][-1] == top and _same_columns(out[-1][1], vs):
            out[-1][0].append(bottom)
            if len(vs) > len(out[-1][1]):
                out[-1] = (out[-1][0], vs)
        else:
            out.append(([top, bottom], vs))
    return out


def _same_columns(a: list[int], b: list[int]) -> bool:
    """Do two bands share their columns? The rules of the one with fewer all stand where the other
    has one (a rule a cell's text touches may be missed in one band) and at most one is missing."""
    fewer, more = sorted((a, b), key=len)
    return len(more) - len(fewer) <= 1 and all(any(abs(x - y) <= 3 * _NEAR for y in more) for x in fewer)


def _cell(image: Any, box: tuple[int, int, int, int]) -> str:
    """Tesseract's reading of one cell (its rules cut off), lines joined by spaces."""
    from kehoach.ingest.ocr import tesseract_data

    x0, y0, x1, y1 = box
    if x1 - x0 < 12 or y1 - y0 < 12:
        return ""
    data = tesseract_data(image.crop((x0 + 4, y0 + 4, x1 - 3, y1 - 3)), psm=6)
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if word and float(data["conf"][i]) >= 0:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(word)
    return " ".join(" ".join(words) for words in lines.values())


def _row(image: Any, top: int, bottom: int, vs: list[int]) -> list[str]:
    return [_cell(image, (left, top, right, bottom)) for left, right in zip(vs, vs[1:], strict=False)]


def scan_tables(
    path: str | Path, pages: list[int], is_header: Callable[[list[str]], bool]
) -> list[list[list[str]]]:
    """The task tables of the scanned pages `pages` (0-based) of a PDF, as rows of cell texts: those
    whose first row `is_header` accepts, or as wide as the task table before them. Empty when
    Tesseract is missing."""
    from kehoach.ingest.ocr import deskew_angle, unavailable
    from kehoach.ingest.pdf import opened, render_page

    if unavailable() is not None:
        return []
    out: list[list[list[str]]] = []
    width = 0  # columns of the last task table read: a table under the same columns goes on with it
    with opened(path) as pdf:
        for index in pages:
            image = render_page(pdf, index, DPI)
            angle = deskew_angle(image)
            if angle:
                image = image.rotate(angle, expand=True, fillcolor=255)
            for hs, vs in grids(image):
                first = _row(image, hs[0], hs[1], vs)
                if not is_header(first) and len(first) != width:
                    width = 0
                    continue
                width = len(first)
                out.append([first, *(_row(image, a, b, vs) for a, b in zip(hs[1:], hs[2:], strict=False))])
    return out
