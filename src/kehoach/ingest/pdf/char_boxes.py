"""PDFium's character boxes, asked on the reader's hot path: the unchecked function handles and
the boxes of text spans (a line, a word) from their first and last characters."""

from __future__ import annotations

import functools


@functools.cache
def unchecked(name: str):
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


def span_boxes(raw, loose, box, cell, spans: list[tuple[int, int]]) -> list[tuple | None]:
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
