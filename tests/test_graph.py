"""The citation graph of the sample corpus, its look-ups and its exports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from kehoach.graph import build_graph, document_key
from kehoach.model import Document, Reference


@pytest.fixture(scope="module")
def graph(parsed_samples):
    return build_graph(parsed_samples.values())


@pytest.fixture(scope="module")
def ids(parsed_samples, graph):
    """Sample name → node id (documents without a printed number get `doc:<stem>`)."""
    by_path = {n.path: n.id for n in graph.nodes.values() if n.in_corpus}
    return {name: by_path[doc.source.path] for name, doc in parsed_samples.items()}


def edge(graph, source, target):
    found = [e for e in graph.edges if e.source == source and e.target == target]
    assert len(found) == 1, (source, target, found)
    return found[0]


def test_document_nodes(graph, ids):
    assert ids["000"] == "39-KH/ĐUK@2022"
    assert ids["002"] == "72-KH/HU@2022"  # its number is printed only in the annex
    assert ids["001"].startswith("doc:") and ids["004"].startswith("doc:")
    assert all(graph.nodes[i].in_corpus for i in ids.values())


def test_000_and_002_implement_the_missing_40_kh_tu(graph, ids):
    parent = graph.nodes["40-KH/TU@2022"]
    assert parent.missing and not parent.in_corpus
    assert edge(graph, ids["000"], parent.id).relation == "implements"
    assert edge(graph, ids["002"], parent.id).relation == "implements"
    assert {(e.source, e.relation) for e in graph.cited_by("40-KH/TU")} == {
        (ids["000"], "implements"),
        (ids["002"], "implements"),
    }


def test_002_annex_points_to_itself(graph, ids):
    e = edge(graph, ids["002"], ids["002"])
    assert (e.relation, e.count) == ("self", 2)


def test_004_based_on_26_kh_btgtw_and_01_ct_tw(graph, ids):
    assert edge(graph, ids["004"], "26-KH/BTGTW@2021").relation == "based_on"
    assert edge(graph, ids["004"], "01-CT/TW@2021").relation == "based_on"
    assert not [e for e in graph.cites(ids["004"]) if e.relation == "implements"]


@pytest.mark.parametrize(
    ("key", "citing"),
    [
        ("21-KL/TW", {"000", "001", "002"}),  # undated in 000/001, dated in 002: one node
        ("35-NQ/TW", {"000", "001", "002"}),
        ("05-CT/TW", {"000", "001", "002", "004"}),  # dated only in 004
        ("01-KL/TW", {"000", "002"}),
        ("named:nq-dai-hoi-xiii", {"000", "001", "002", "004"}),
        ("named:nq-dai-hoi-dang-bo-tinh-xi", {"000", "002", "004"}),
    ],
)
def test_shared_citations_link_the_documents(graph, ids, key, citing):
    targets = graph.resolve(key)
    assert len(targets) == 1, targets
    assert {e.source for e in graph.cited_by(key)} == {ids[n] for n in citing}


def test_cited_only_nodes_are_marked_missing(graph):
    missing = {n.id for n in graph.missing()}
    assert {"40-KH/TU@2022", "26-KH/BTGTW@2021", "01-CT/TW@2021", "21-KL/TW@2021", "05-CT/TW@2016"} <= missing
    assert "72-KH/HU@2022" not in missing
    assert graph.nodes["21-KL/TW@2021"].date == "2021-10-25"


def test_draft_citation_stays_with_its_document(graph, ids):
    drafts = [n for n in graph.nodes.values() if n.kind == "incomplete"]
    assert [n.id for n in drafts] == [f"incomplete:KH/HU@2022-05#{ids['002']}"]


def test_every_citation_is_an_edge(graph, parsed_samples):
    assert len(graph.edges) == sum(len(d.references) for d in parsed_samples.values())


def test_json_export(graph):
    data = json.loads(graph.to_json())
    assert len(data["nodes"]) == len(graph.nodes) and len(data["edges"]) == len(graph.edges)
    node = next(n for n in data["nodes"] if n["id"] == "40-KH/TU@2022")
    assert node["missing"] is True


def test_graphml_export(graph):
    root = ET.fromstring(graph.to_graphml())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == len(graph.nodes)
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == len(graph.edges)
    rels = {d.text for e in edges for d in e.findall("g:data", ns) if d.get("key") == "e_relation"}
    assert rels == {"implements", "based_on", "mentions", "self"}


def test_dot_export(graph):
    dot = graph.to_dot()
    assert dot.startswith("digraph citations {") and dot.rstrip().endswith("}")
    assert '"39-KH/ĐUK@2022" -> "40-KH/TU@2022" [label="implements"' in dot
    assert dot.count(" -> ") == len(graph.edges)


def _doc(path: str, number: str | None, date: str | None, refs: list[Reference]) -> Document:
    doc = Document(references=refs, date=date)
    doc.source.path = path
    if number:
        doc.number, _, symbol = number.partition("-")
        doc.symbol, doc.number_symbol = symbol, number
    return doc


def test_same_number_different_year_is_another_document():
    a = _doc("a.txt", "12-KH/TU", "2020-01-02", [])
    b = _doc(
        "b.txt", None, None, [Reference(key="12-KH/TU@2021", number_symbol="12-KH/TU", date="2021-03-04")]
    )
    c = _doc(
        "c.txt", None, None, [Reference(key="12-KH/TU@2020", number_symbol="12-KH/TU", date="2020-01-02")]
    )
    g = build_graph([a, b, c])
    assert document_key(a) == "12-KH/TU@2020"
    assert [e.target for e in g.edges] == ["12-KH/TU@2021", "12-KH/TU@2020"]
    assert g.nodes["12-KH/TU@2021"].missing
    assert [e.source for e in g.cited_by("12-KH/TU@2020")] == ["doc:c"]
    assert {e.source for e in g.cited_by("12-KH/TU")} == {"doc:b", "doc:c"}


def test_undated_citation_resolves_to_the_one_document_of_the_set():
    a = _doc("a.txt", "12-KH/TU", "2020-01-02", [])
    b = _doc("b.txt", None, None, [Reference(key="12-KH/TU", number_symbol="12-KH/TU")])
    g = build_graph([a, b])
    assert [(e.source, e.target) for e in g.edges] == [("doc:b", "12-KH/TU@2020")]
