"""The citation graph of a set of documents: who cites whom, and how.

A node per document in the set (id: its own key, e.g. `39-KH/ĐUK@2022`, or `doc:<file stem>`
when it prints no number) and per document only cited (marked `in_corpus: false`); an edge per
citation (citing document → cited document) with its relation and count.

Resolving a cited key to a document of the set (number symbols compared folded; the rules are
`kehoach.identity.choose`'s, as in the store and the web app):
1. same number, symbol and year;
2. an undated citation (`05-CT/TW`) → the one document of the set with that number and symbol;
3. a dated citation → a document of the set with that number and symbol whose own year is unknown,
   when there is exactly one.
Cited-only documents: an undated citation joins the dated cited-only node of the same number and
symbol when the whole set cites exactly one year of it (`21-KL/TW` → `21-KL/TW@2021`); draft
citations with a blank number stay one node per citing document (`incomplete:…#<citing id>`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kehoach.identity import choose, document_key, same_base, split_key
from kehoach.model.document import Document
from kehoach.model.references import Reference
from kehoach.refs import parse_user_key


@dataclass
class GraphNode:
    """A document: one of the set (`in_corpus`) or one only cited by them."""

    id: str
    label: str
    in_corpus: bool
    kind: str = "numbered"  # numbered | named | incomplete | partial (cited-only); document (in the set)
    doc_type: str | None = None
    number_symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    path: str | None = None

    @property
    def missing(self) -> bool:
        """Cited, but not in the set."""
        return not self.in_corpus


@dataclass
class GraphEdge:
    """One citation: `source` (citing) → `target` (cited), as `relation`, `count` times."""

    source: str
    target: str
    relation: str
    count: int
    key: str


@dataclass
class CitationGraph:
    """Nodes and edges, with look-ups and exports (json, graphml, dot)."""

    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)

    # -- queries -----------------------------------------------------------

    def resolve(self, key: str) -> list[str]:
        """Node ids a user's key names (`40-KH/TU`, `40-KH/TU@2022`, `named:…`, a citation as printed)."""
        if key in self.nodes:
            return [key]
        parsed = parse_user_key(key)
        if parsed is None:
            return []
        if parsed in self.nodes:
            return [parsed]
        base, year = split_key(parsed)
        out = []
        for node_id in self.nodes:
            nb, ny = split_key(node_id)
            if same_base(nb, base) and (year is None or ny is None or ny == year):
                out.append(node_id)
        return out

    def cited_by(self, key: str) -> list[GraphEdge]:
        """Edges into the document(s) `key` names: who cites it, how, how often."""
        targets = set(self.resolve(key))
        return [e for e in self.edges if e.target in targets]

    def cites(self, node_id: str) -> list[GraphEdge]:
        """Edges out of a document of the set."""
        return [e for e in self.edges if e.source == node_id]

    def missing(self) -> list[GraphNode]:
        """Documents cited but not in the set."""
        return [n for n in self.nodes.values() if not n.in_corpus]

    # -- exports -----------------------------------------------------------

    def to_dict(self) -> dict:
        """Node-link form: {"nodes": [...], "edges": [...]}."""
        nodes = [{**asdict(n), "missing": n.missing} for n in self.nodes.values()]
        return {"directed": True, "nodes": nodes, "edges": [asdict(e) for e in self.edges]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_graphml(self) -> str:
        """GraphML (yEd, Gephi, networkx.read_graphml)."""
        root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
        node_attrs = [
            ("label", "string"),
            ("in_corpus", "boolean"),
            ("missing", "boolean"),
            ("kind", "string"),
            ("doc_type", "string"),
            ("number_symbol", "string"),
            ("date", "string"),
            ("issuer", "string"),
            ("title", "string"),
            ("path", "string"),
        ]
        edge_attrs = [("relation", "string"), ("count", "int"), ("key", "string")]
        for name, typ in node_attrs:
            ET.SubElement(
                root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": typ}
            )
        for name, typ in edge_attrs:
            ET.SubElement(
                root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": typ}
            )
        graph = ET.SubElement(root, "graph", id="citations", edgedefault="directed")
        for n in self.nodes.values():
            el = ET.SubElement(graph, "node", id=n.id)
            values = {**asdict(n), "missing": n.missing}
            for name, _ in node_attrs:
                value = values.get(name)
                if value is None:
                    continue
                data = ET.SubElement(el, "data", key=f"n_{name}")
                data.text = str(value).lower() if isinstance(value, bool) else str(value)
        for i, e in enumerate(self.edges):
            el = ET.SubElement(graph, "edge", id=f"e{i}", source=e.source, target=e.target)
            for name, _ in edge_attrs:
                data = ET.SubElement(el, "data", key=f"e_{name}")
                data.text = str(getattr(e, name))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def to_dot(self) -> str:
        """Graphviz DOT: documents of the set in solid boxes, cited-only ones dashed."""
        colors = {
            "implements": "firebrick",
            "based_on": "darkorange",
            "mentions": "gray50",
            "self": "royalblue",
        }
        lines = ["digraph citations {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
        for n in self.nodes.values():
            style = "solid" if n.in_corpus else "dashed"
            label = n.label if n.in_corpus else f"{n.label}\\n(ngoài tập)"
            lines.append(f"  {_q(n.id)} [label={_q(label)}, style={style}];")
        for e in self.edges:
            color = colors.get(e.relation, "black")
            label = e.relation if e.count == 1 else f"{e.relation} ×{e.count}"
            lines.append(f"  {_q(e.source)} -> {_q(e.target)} [label={_q(label)}, color={color}];")
        lines.append("}")
        return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n") + '"'


# -- building ------------------------------------------------------------------


def _doc_id(doc: Document, taken: set[str]) -> str:
    key = document_key(doc)
    if key and key not in taken:
        return key
    stem = Path(doc.source.path).stem if doc.source.path else (doc.source.sha256[:12] or "doc")
    node_id, i = f"doc:{stem}", 2
    while node_id in taken:
        node_id, i = f"doc:{stem}-{i}", i + 1
    return node_id


def _doc_label(doc: Document, node_id: str) -> str:
    stem = Path(doc.source.path).name if doc.source.path else node_id
    return f"{doc.number_symbol} ({stem})" if doc.number_symbol else stem


def _ref_label(ref: Reference) -> str:
    if ref.kind == "named":
        return ref.title or ref.key
    if ref.number_symbol:
        date = f" {ref.date}" if ref.date else ""
        return f"{ref.doc_type or ''} {ref.number_symbol}{date}".strip()
    return f"{ref.doc_type or ''} số …{ref.symbol or ''} {ref.date or ''}".strip()


def build_graph(docs: Iterable[Document]) -> CitationGraph:
    """The citation graph of `docs` (each with `references` filled; see the module docstring)."""
    graph = CitationGraph()
    docs = list(docs)
    ids: list[str] = []
    for doc in docs:
        node_id = _doc_id(doc, set(graph.nodes))
        ids.append(node_id)
        graph.nodes[node_id] = GraphNode(
            id=node_id,
            label=_doc_label(doc, node_id),
            in_corpus=True,
            kind="document",
            doc_type=doc.doc_type,
            number_symbol=doc.number_symbol,
            date=doc.date,
            issuer=doc.issuer,
            title=doc.title,
            path=doc.source.path,
        )
    corpus = dict(zip(ids, docs, strict=True))

    # years the whole set cites for each number symbol, to merge undated cited-only nodes
    cited_years: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for ref in doc.references:
            base, year = split_key(ref.key)
            if ref.kind == "numbered" and year:
                cited_years[base.casefold()].add(year)

    for node_id, doc in corpus.items():
        for ref in doc.references:
            if ref.relation == "self":
                target = node_id
            elif (
                ref.kind == "incomplete"
            ):  # a blank number names nothing shared: one node per citing document
                target = f"{ref.key}#{node_id}"
            else:
                target = _resolve(ref, ids, cited_years)
            if target not in graph.nodes:
                graph.nodes[target] = GraphNode(
                    id=target,
                    label=_ref_label(ref),
                    in_corpus=False,
                    kind=ref.kind,
                    doc_type=ref.doc_type,
                    number_symbol=ref.number_symbol,
                    date=ref.date,
                    issuer=ref.issuer,
                    title=ref.title,
                )
            elif not graph.nodes[target].in_corpus:
                _enrich(graph.nodes[target], ref)
            graph.edges.append(GraphEdge(node_id, target, ref.relation, ref.count, ref.key))
    return graph


def _enrich(node: GraphNode, ref: Reference) -> None:
    """Fill a cited-only node's empty fields from another citation of it (a dated one wins)."""
    if ref.date and (node.date is None or len(ref.date) > len(node.date)):
        node.date = ref.date
        node.label = _ref_label(ref)
    node.doc_type = node.doc_type or ref.doc_type
    node.issuer = node.issuer or ref.issuer


def _resolve(ref: Reference, ids: list[str], cited_years: dict[str, set[str]]) -> str:
    """The node a numbered citation points to: a document of the set, else a cited-only key."""
    if ref.kind != "numbered":
        return ref.key
    base, year = split_key(ref.key)
    keyed = (split_key(i) + (i,) for i in ids if not i.startswith("doc:"))
    hit = choose(year, [(i, y) for b, y, i in keyed if same_base(b, base)])
    if hit is not None:
        return hit
    if year is None:
        years = cited_years.get(base.casefold(), set())
        if len(years) == 1:
            return f"{base}@{next(iter(years))}"
    return ref.key
