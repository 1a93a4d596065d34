"""Align a child plan to its parent plan: verbatim / adapted / added / omitted.

`align_documents(parent, child)` takes two parsed `Document`s; `align_units` works on
plain `Unit` lists (tests, generated benchmarks). Units are the outline nodes, each
with its own text (heading included), body sections by default, annexes on request.
"""

from __future__ import annotations

from kehoach.align.aligner import DEFAULT, AlignOptions, align_units, position_key
from kehoach.align.units import align_documents, doc_ref, units_from_document

__all__ = [
    "DEFAULT",
    "AlignOptions",
    "align_documents",
    "align_units",
    "doc_ref",
    "position_key",
    "units_from_document",
]
