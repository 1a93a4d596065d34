"""The document model: the contract every pipeline step reads and enriches.

Split by concern (as docling learned the hard way): the parsed document, its
references, alignments between documents, and implementation tracking.
"""

from kehoach.model.alignment import AlignedPair, Alignment, Coverage, DocRef, Unit
from kehoach.model.document import (
    Annex,
    Document,
    FieldOrigin,
    Implements,
    Node,
    Quality,
    Recipient,
    Signer,
    SourceInfo,
)
from kehoach.model.references import Reference
from kehoach.model.tracking import Activity, Assignment, ProgressReport

__all__ = [
    "Activity",
    "AlignedPair",
    "Alignment",
    "Annex",
    "Assignment",
    "Coverage",
    "DocRef",
    "Document",
    "FieldOrigin",
    "Implements",
    "Node",
    "ProgressReport",
    "Quality",
    "Recipient",
    "Reference",
    "Signer",
    "SourceInfo",
    "Unit",
]
