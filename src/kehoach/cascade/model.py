"""The reconstructed cascade: nodes (documents, cited-only placeholders) and parent edges."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class CascadeNode:
    """A document of the corpus, or a placeholder for one only cited (`missing`)."""

    id: str
    source_path: str | None
    number_symbol: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    level: str | None
    missing: bool = False
    version_of: str | None = None
    idx: int | None = field(default=None, repr=False)  # the profile index (documents of the corpus)
    doc_id: int | None = field(default=None, repr=False)  # the store's id (documents read from a store)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "source_path": self.source_path,
            "number_symbol": self.number_symbol,
            "doc_type": self.doc_type,
            "issuer": self.issuer,
            "date": self.date,
            "title": self.title,
            "level": self.level,
            "missing": self.missing,
            "version_of": self.version_of,
        }


@dataclass
class CascadeEdge:
    """`child` carries out (`implements`) or rests on (`based_on`) `parent`."""

    child: str
    parent: str
    relation: str
    confidence: float
    evidence: list[str]
    source: str = "citation"  # citation | text | manual
    coverage: float | None = None  # share of the parent's units the child keeps (aligner), when measured

    def to_dict(self) -> dict:
        return {
            "child": self.child,
            "parent": self.parent,
            "relation": self.relation,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
        }


@dataclass
class Cascade:
    nodes: dict[str, CascadeNode] = field(default_factory=dict)
    edges: list[CascadeEdge] = field(default_factory=list)

    def parents(self, node_id: str) -> list[CascadeEdge]:
        return [e for e in self.edges if e.child == node_id]

    def children(self, node_id: str) -> list[CascadeEdge]:
        return [e for e in self.edges if e.parent == node_id]

    def versions(self, node_id: str) -> list[CascadeNode]:
        """The other versions (drafts) folded under a final version."""
        return [n for n in self.nodes.values() if n.version_of == node_id]

    def by_path(self, path: str) -> CascadeNode | None:
        return next((n for n in self.nodes.values() if n.source_path == path), None)

    def to_dict(self) -> dict:
        """The JSON contract of `kehoach cascade --format json`."""
        return {
            "nodes": [n.to_dict() for n in self.nodes.values()],
            "edges": [e.to_dict() for e in self.edges],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
