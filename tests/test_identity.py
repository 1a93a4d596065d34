"""One identity for a document: `5-CT/TW` and `05-CT/TW` name the same document on every face.

The cited document is `tests/fixtures/identity/ct5-unpadded.txt`, a directive header written by
hand that prints its number without the leading zero (`Số 5-CT/TW`, 15/5/2016); the citing
documents are the real samples 000 and 001, which cite `Chỉ thị số 05-CT/TW` (no date).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kehoach.graph import build_graph
from kehoach.identity import (
    DocKey,
    key_of_document,
    key_of_reference,
    matches,
    number_key,
    parse_number_symbol,
    resolve,
)
from kehoach.model import Document, Reference
from kehoach.pipeline import process_file
from kehoach.store import open_store
from kehoach.web.app import create_app

CT5 = Path(__file__).parent / "fixtures" / "identity" / "ct5-unpadded.txt"


def test_number_key_reads_one_number_in_every_printed_form() -> None:
    assert number_key("5-CT/TW") == number_key("05-CT/TW") == number_key("Số: 05 - CT/TW") == "05-ct/tw"
    assert number_key("39 -KH/ĐUK") == "39-kh/duk"
    assert number_key("125/KH-UBND") == "125/kh-ubnd"
    assert number_key("30/2020/NĐ-CP") == "30/2020/nd-cp"
    assert number_key("5-CT/TW") != number_key("50-CT/TW")
    assert parse_number_symbol("30/2020/NĐ-CP") == ("30/2020", "NĐ-CP", "2020")
    assert parse_number_symbol("40-KH/TU@2022") == ("40", "KH/TU", "2022")
    assert parse_number_symbol("Kế hoạch 40") is None


def test_document_key_pads_the_number_and_takes_the_year_from_the_date() -> None:
    ct5 = process_file(CT5)
    key = key_of_document(ct5)
    assert (key.number, key.symbol, key.year, key.key) == ("05", "CT/TW", "2016", "05-CT/TW@2016")
    # a state decree undated in its header: the year printed in its number
    decree = key_of_document(Document(number="30/2020", symbol="NĐ-CP", doc_type="Nghị định"))
    assert decree.key == "30/2020/NĐ-CP@2020"


def test_resolve_lets_the_year_choose_among_documents_sharing_a_number() -> None:
    ref = Reference(
        key="05-CT/TW@2016", number="05", symbol="CT/TW", number_symbol="05-CT/TW", date="2016-05-15"
    )
    other_year = DocKey("05", "CT/TW", "2001")
    right = DocKey("05", "CT/TW", "2016")
    assert resolve(ref, [(1, other_year), (2, right)]) == 2
    assert resolve(ref, [(1, other_year)]) is None  # another document that shares the number
    undated = Reference(key="05-CT/TW", number="05", symbol="CT/TW", number_symbol="05-CT/TW")
    assert resolve(undated, [(1, other_year)]) == 1
    assert resolve(undated, [(1, other_year), (2, right)]) is None  # ambiguous
    assert matches(undated, right) and not matches(undated, DocKey("06", "CT/TW", "2016"))
    named = Reference(key="named:nq-dai-hoi-xiii", kind="named")
    assert resolve(named, [(1, right)]) is None


def test_a_blank_number_matches_by_symbol_issuer_and_year() -> None:
    draft = Reference(key="incomplete:KH/HU@2022-05", kind="incomplete", symbol="KH/HU", date="2022-05",
                      issuer="Huyện ủy Đức Trọng")  # fmt: skip
    doc = Document(symbol="KH/HU", issuer="Huyện ủy Đức Trọng", date="2022-05-20", doc_type="Kế hoạch")
    assert key_of_reference(draft).number is None
    assert matches(draft, doc)
    assert not matches(draft, doc.model_copy(update={"issuer": "Huyện ủy Lâm Hà"}))
    assert not matches(draft, doc.model_copy(update={"date": "2021-05-20"}))


@pytest.fixture(scope="module")
def parsed(sample_paths):
    return {
        "ct5": process_file(CT5),
        "000": process_file(sample_paths["000"]),
        "001": process_file(sample_paths["001"]),
    }


def test_graph_links_the_citation_to_the_unpadded_document(parsed) -> None:
    graph = build_graph([parsed["ct5"], parsed["000"]])
    assert graph.nodes["05-CT/TW@2016"].in_corpus
    edges = [e for e in graph.edges if e.target == "05-CT/TW@2016"]
    assert [e.source for e in edges] == ["39-KH/ĐUK@2022"]
    assert [e.source for e in graph.cited_by("5-CT/TW")] == ["39-KH/ĐUK@2022"]


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_paths):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('identity') / 'id.db'}")
    s.ingest_paths([CT5, sample_paths["000"], sample_paths["001"]], jobs=1)
    yield s
    s.close()


def _ids(store) -> dict[str, int]:
    items = store.list_documents({}, sort="id").items
    return {Path(i.source_path).name: i.id for i in items}


def test_store_cited_by_and_document_page_data(store) -> None:
    ids = _ids(store)
    ct5, d000, d001 = ids[CT5.name], ids["000_e11a6b2333e4ca78.txt"], ids["001_0adb6059266a309d.txt"]
    for key in ("5-CT/TW", "05-CT/TW", "05 -CT/TW", "Chỉ thị số 5-CT/TW"):
        assert {c.document.id for c in store.cited_by(key)} == {d000, d001}, key
    assert store.find_documents("05-CT/TW") == [ct5]
    stored = store.get_document(ct5)
    assert {c.document.id for c in stored.cited_by} == {d000, d001}
    for query in ("5-CT/TW", "05-CT/TW"):  # the document carrying the number first, then those citing it
        hits = [h.document.id for h in store.search(query).hits]
        assert hits[0] == ct5 and {d000, d001} <= set(hits), query
    citing = store.get_document(d000).document
    targets = store.resolve_references(citing.references)
    assert targets["05-CT/TW"] == ct5


def test_web_pages_and_api_link_both_ways(store) -> None:
    ids = _ids(store)
    ct5, d000 = ids[CT5.name], ids["000_e11a6b2333e4ca78.txt"]
    client = TestClient(create_app(store=store, auth=False, secret_key="test"))
    # the citing document's page links to the stored directive; its own page lists the citing one
    assert f'href="/documents/{ct5}"' in client.get(f"/documents/{d000}").text
    assert f'href="/documents/{d000}"' in client.get(f"/documents/{ct5}").text
    api = client.get(f"/api/documents/{d000}").json()
    assert {c["key"]: c["target_id"] for c in api["citations"]}["05-CT/TW"] == ct5
    cited = client.get(f"/api/documents/{ct5}").json()["cited_by"]
    assert d000 in {c["document"]["id"] for c in cited}
    page = client.get(f"/api/documents/{ct5}/cited-by").json()
    assert page["total"] == 2
    graph = client.get("/api/graph").json()
    edge_targets = {(e["source"], e["target"]) for e in graph["edges"]}
    assert ("39-KH/ĐUK@2022", "05-CT/TW@2016") in edge_targets
    node = next(n for n in graph["nodes"] if n["id"] == "05-CT/TW@2016")
    assert node["in_store"] and node["url"] == f"/documents/{ct5}"


def test_upgrade_recomputes_number_keys_of_an_older_store(tmp_path) -> None:
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as s:
        s.ingest_paths([CT5], jobs=1)
        with s.transaction() as conn:  # the keys as revision 0003 wrote them: folded as printed
            conn.execute(text("UPDATE documents SET number_key = '5-ct/tw'"))
            conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    with open_store(url) as s:
        assert s.find_documents("05-CT/TW") == s.find_documents("5-CT/TW") != []
