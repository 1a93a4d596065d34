"""The cascade page, its JSON twin, a document's parents and children, and stored decisions
(real app through TestClient over a real SQLite store of the four samples)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kehoach.cascade.stored import load_overrides
from kehoach.store import open_store
from kehoach.web.app import create_app

PASSWORD = "mat-khau-123"


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_paths):
    db = tmp_path_factory.mktemp("cascade-web") / "web.db"
    s = open_store(f"sqlite:///{db}")
    s.ingest_paths([sample_paths[k] for k in ("000", "001", "002", "004")], jobs=1)
    s.create_user("editor", PASSWORD, role="editor")
    s.create_user("viewer", PASSWORD, role="viewer")
    yield s
    s.close()


def _client(store, role):
    client = TestClient(create_app(store=store, auth=True, secret_key="t"))
    r = client.post("/api/login", json={"username": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


def _id(store, number_symbol):
    return store.find_documents(number_symbol)[0]


def test_cascade_json_and_page(store):
    client = _client(store, "viewer")
    data = client.get("/api/cascade").json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["40-KH/TU@2022"]["missing"] and nodes["40-KH/TU@2022"]["document_id"] is None
    kids = {e["child"] for e in data["edges"] if e["parent"] == "40-KH/TU@2022"}
    assert {nodes[k]["number_symbol"] for k in kids} == {"39-KH/ĐUK", "72-KH/HU"}
    assert all(nodes[k]["document_id"] for k in kids)
    based = [e for e in data["edges"] if e["parent"] == "26-KH/BTGTW@2021"]
    assert len(based) == 1 and based[0]["relation"] == "based_on"
    page = client.get("/cascade")
    assert page.status_code == 200
    html = page.text
    assert html.index("<h2>Trung ương</h2>") < html.index("<h2>Tỉnh</h2>") < html.index("<h2>Huyện</h2>")
    assert "40-KH/TU" in html and "chưa có trong kho" in html
    assert f'href="/documents/{_id(store, "72-KH/HU")}"' in html
    assert client.get("/cascade", headers={"Accept": "text/html"}).status_code == 200


def test_document_panel_data(store):
    client = _client(store, "viewer")
    doc = _id(store, "39-KH/ĐUK")
    data = client.get(f"/api/cascade/documents/{doc}").json()
    assert [p["node"]["number_symbol"] for p in data["parents"]] == ["40-KH/TU"]
    assert any("Thực hiện Kế hoạch số 40-KH/TU" in x for x in data["parents"][0]["edge"]["evidence"])
    assert data["children"] == []
    assert client.get("/api/cascade/documents/999999").status_code == 404
    assert f'data-src="/api/cascade/documents/{doc}"' in client.get(f"/documents/{doc}").text


def test_decisions_are_kept_and_respected(store):
    child, central = (
        _id(store, "39-KH/ĐUK"),
        store.list_documents({"issuer": "Ban Tổ chức Trung ương"}).items[0].id,
    )
    viewer = _client(store, "viewer")
    denied = viewer.post("/api/cascade/decisions", json={"child": child, "parent": central, "action": "set"})
    assert denied.status_code == 403
    editor = _client(store, "editor")
    r = editor.post(
        "/api/cascade/decisions",
        json={"child": child, "parent": central, "action": "set", "note": "đã đối chiếu"},
    )
    assert r.status_code == 200, r.text
    parents = r.json()["parents"]
    assert [(p["node"]["document_id"], p["edge"]["confidence"]) for p in parents] == [(central, 1.0)]
    assert "Xác nhận thủ công: đã đối chiếu" in parents[0]["edge"]["evidence"]
    assert [(o.child, o.parent, o.action) for o in load_overrides(store)] == [
        (f"#{child}", f"#{central}", "set")
    ]
    # a later run (new app, same store) respects it; the page shows it as confirmed
    again = _client(store, "viewer").get(f"/api/cascade/documents/{child}").json()
    assert [p["node"]["document_id"] for p in again["parents"]] == [central]
    assert "đã xác nhận" in _client(store, "viewer").get("/cascade").text
    bad = editor.post("/api/cascade/decisions", json={"child": child, "action": "set"})
    assert bad.status_code == 422 and "Cần chọn văn bản cấp trên" in bad.json()["error"]["message"]


def test_cli_reads_the_store(store):
    import json

    from typer.testing import CliRunner

    from kehoach.cli import app

    result = CliRunner().invoke(app, ["cascade", "--db", store.url, "--format", "json", "--no-align"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "40-KH/TU@2022" in {n["id"] for n in data["nodes"]}
    bad = CliRunner().invoke(app, ["cascade", "--db", "/no/such/dir/k.db"])
    assert bad.exit_code == 1 and "Không mở được kho" in bad.stderr


def test_cli_decision_is_kept_and_respected(store):
    import json

    from typer.testing import CliRunner

    from kehoach.cli import app

    district = next(  # 002: the district plan carrying out 40-KH/TU, printed without a number of its own
        item.id
        for item in store.list_documents({}, page_size=100).items
        if store.get_document(item.id).document.source.path.endswith("002_f4e8c3708913dc0e.txt")
    )

    def parents() -> set[str]:
        out = CliRunner().invoke(app, ["cascade", "--db", store.url, "--format", "json", "--no-align"])
        assert out.exit_code == 0, out.output
        data = json.loads(out.stdout)
        node = next(
            n["id"] for n in data["nodes"] if (n["source_path"] or "").endswith("002_f4e8c3708913dc0e.txt")
        )
        return {e["parent"] for e in data["edges"] if e["child"] == node}

    assert parents() == {"40-KH/TU@2022"}
    r = CliRunner().invoke(
        app, ["cascade-decide", f"#{district}", "40-KH/TU@2022", "--db", store.url, "--action", "reject"]
    )
    assert r.exit_code == 0, r.output
    assert "bác bỏ" in r.stdout and f"#{district}" in r.stdout
    assert (f"#{district}", "40-KH/TU@2022", "reject") in [
        (o.child, o.parent, o.action) for o in load_overrides(store)
    ]
    assert "40-KH/TU@2022" not in parents()  # a later run respects it
    bad = CliRunner().invoke(app, ["cascade-decide", "999999", "#1", "--db", store.url, "--action", "set"])
    assert bad.exit_code == 1 and "Không có văn bản này trong kho" in bad.stderr
    bad = CliRunner().invoke(
        app, ["cascade-decide", f"{district}", "#1", "--db", store.url, "--action", "xoa"]
    )
    assert bad.exit_code == 1 and "Thao tác không hợp lệ" in bad.stderr
