"""The kept cascade: `kehoach cascade --db URL --save` keeps the automatic edges (confidence,
relation, reasons) in the store, the web app reads them back instead of recomputing, and a
person's decision (`kehoach cascade-decide`) wins over them, also when taken after the run.
On SQLite and PostgreSQL, over the four sample plans: 000 (39-KH/ĐUK, the provincial bloc)
and 002 (72-KH/HU, a district) each carry out 40-KH/TU of 2022, which is not among them; 004
rests on (`Căn cứ`) 26-KH/BTGTW of 2021; 001 is a central plan of the Ban Tổ chức Trung ương."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from kehoach.cascade import stored
from kehoach.cascade.stored import kept_cascade, kept_run, save_override, store_cascade
from kehoach.cli import app
from kehoach.store.schema import CascadeEdgeRow
from kehoach.web.app import create_app

PROVINCE = "40-KH/TU@2022"


def _ids(store) -> dict[str, int]:
    """Sample number (000, 001, …) → stored document id."""
    out = {}
    for item in store.list_documents({}, page_size=100).items:
        path = store.get_document(item.id).document.source.path
        out[path.rsplit("/", 1)[-1][:3]] = item.id
    return out


def _cli(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def _edges(cascade_dict: dict) -> list[tuple]:
    return [
        (e["child"], e["parent"], e["relation"], e["confidence"], tuple(e["evidence"]))
        for e in cascade_dict["edges"]
    ]


def _parents(cascade, doc_id: int) -> list[tuple[str, str, float]]:
    """(parent node, source, confidence) of a stored document's node."""
    node = next(n for n in cascade.nodes.values() if n.doc_id == doc_id)
    return [(e.parent, e.source, e.confidence) for e in cascade.parents(node.id)]


def test_saved_cascade_is_read_back_as_computed(store, sample_paths):
    store.ingest_paths([sample_paths[k] for k in ("000", "001", "002", "004")], jobs=1)
    ids = _ids(store)
    saved = _cli("cascade", "--db", store.url, "--save", "--format", "json", "--no-align")
    assert "Đã lưu chuỗi vào kho: " in saved.stderr
    shown = json.loads(saved.stdout)
    # the same cascade as without --save
    plain = json.loads(_cli("cascade", "--db", store.url, "--format", "json", "--no-align").stdout)
    assert shown == plain
    # read back from the store, nothing recomputed: the same nodes and edges, reasons included
    kept = kept_cascade(store)
    assert kept.to_dict() == shown
    bloc, district = (next(n for n in kept.nodes.values() if n.doc_id == ids[k]) for k in ("000", "002"))
    assert kept.nodes[PROVINCE].missing and kept.nodes[PROVINCE].doc_id is None
    assert {e.child for e in kept.children(PROVINCE)} == {bloc.id, district.id}
    assert any("Thực hiện Kế hoạch số 40-KH/TU" in x for x in kept.parents(bloc.id)[0].evidence)
    # 004: "thực hiện nghiêm túc Chỉ thị số 01-CT/TW …; căn cứ Kế hoạch số 26-KH/BTGTW"
    assert {(e.parent, e.relation) for e in kept.parents(_node(kept, ids["004"]))} == {
        ("01-CT/TW@2021", "based_on"),
        ("26-KH/BTGTW@2021", "based_on"),
    }
    with store.engine.connect() as conn:
        rows = conn.execute(select(CascadeEdgeRow).where(CascadeEdgeRow.run_id.is_not(None))).all()
    assert len(rows) == len(kept.edges) and {r.method for r in rows} == {"citation"}
    assert all(0 < r.score <= 1 and r.evidence["evidence"] for r in rows)
    # the web app serves the kept cascade
    sc = store_cascade(store)
    assert sc.kept is not None and not sc.stale
    client = TestClient(create_app(store=store, auth=False))
    data = client.get(f"/api/cascade/documents/{ids['002']}").json()
    assert [p["node"]["id"] for p in data["parents"]] == [PROVINCE]
    assert "Chuỗi đã lưu lúc" in client.get("/cascade").text
    # a second run replaces the first
    _cli("cascade", "--db", store.url, "--save", "--no-align")
    assert kept_run(store).created_at > sc.kept.created_at
    assert store_cascade(store).kept.created_at == kept_run(store).created_at
    assert kept_cascade(store).to_dict() == shown


def _node(cascade, doc_id: int) -> str:
    return next(n.id for n in cascade.nodes.values() if n.doc_id == doc_id)


def test_decisions_win_over_the_kept_edges(store, sample_paths):
    store.ingest_paths([sample_paths[k] for k in ("000", "001", "002", "004")], jobs=1)
    ids = _ids(store)
    # a decision taken before the run steers it and is laid on what it kept
    save_override(store, ids["000"], ids["001"], "set", note="đã đối chiếu")
    before = json.loads(_cli("cascade", "--db", store.url, "--save", "--format", "json", "--no-align").stdout)
    kept = kept_cascade(store)
    assert _parents(kept, ids["000"]) == [(_node(kept, ids["001"]), "manual", 1.0)]
    assert [e[:4] for e in _edges(kept.to_dict())] == [e[:4] for e in _edges(before)]
    # decisions taken after the run win at once, without a new run
    _cli("cascade-decide", f"#{ids['002']}", PROVINCE, "--db", store.url, "--action", "reject")
    _cli("cascade-decide", f"#{ids['004']}", "26-KH/BTGTW@2021", "--db", store.url, "--action", "confirm",
         "--relation", "based_on")  # fmt: skip
    kept = kept_cascade(store)
    assert _parents(kept, ids["002"]) == []
    confirmed = {e.parent: e for e in kept.parents(_node(kept, ids["004"]))}
    assert (confirmed["26-KH/BTGTW@2021"].source, confirmed["26-KH/BTGTW@2021"].confidence) == ("manual", 1.0)
    assert confirmed["26-KH/BTGTW@2021"].evidence[0] == "Xác nhận thủ công"
    assert confirmed["01-CT/TW@2021"].source == "citation"
    assert _parents(kept, ids["000"]) == [(_node(kept, ids["001"]), "manual", 1.0)]
    # the kept automatic edges are untouched; the decisions are their own rows
    with store.engine.connect() as conn:
        methods = [r.method for r in conn.execute(select(CascadeEdgeRow))]
    assert methods.count("manual") == 3
    client = TestClient(create_app(store=store, auth=False))
    panel = client.get(f"/api/cascade/documents/{ids['004']}").json()
    assert ("26-KH/BTGTW@2021", 1.0) in [(p["node"]["id"], p["edge"]["confidence"]) for p in panel["parents"]]


def test_stale_kept_cascade(store, sample_paths, monkeypatch):
    store.ingest_paths([sample_paths[k] for k in ("000", "001", "002")], jobs=1)
    _cli("cascade", "--db", store.url, "--save", "--no-align")
    store.ingest_paths([sample_paths["004"]], jobs=1)
    ids = _ids(store)
    # a small store is recomputed: the new document is in its cascade
    sc = store_cascade(store)
    assert sc.kept is None and _node(sc.cascade, ids["004"])
    # a large one serves what was kept, and says it is older than the store
    monkeypatch.setattr(stored, "REBUILD_MAX", 2)
    sc = store_cascade(store)
    assert sc.kept is not None and sc.stale and sc.new_documents == 1
    assert all(n.doc_id != ids["004"] for n in sc.cascade.nodes.values())
    page = TestClient(create_app(store=store, auth=False)).get("/cascade").text
    assert "cũ hơn kho" in page and "1 văn bản mới chưa có trong chuỗi" in page


def test_save_needs_the_store_alone(store, sample_paths):
    bad = CliRunner().invoke(app, ["cascade", str(sample_paths["000"]), "--save"])
    assert bad.exit_code == 2 and "--save" in bad.stderr
    bad = CliRunner().invoke(app, ["cascade", str(sample_paths["000"]), "--db", store.url, "--save"])
    assert bad.exit_code == 2


@pytest.fixture(autouse=True)
def _fresh_web_cache():
    from kehoach.web.routes import cascade as route

    route._CACHE.clear()
    yield
    route._CACHE.clear()
