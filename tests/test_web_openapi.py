"""`/openapi.json` types every answer and documents the error envelope; each declared model is
checked against what the app really answers (no field missing, none extra)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from kehoach.store import open_store
from kehoach.web import openapi as oa
from kehoach.web.app import create_app

PASSWORD = "mat-khau-123"


@pytest.fixture(scope="module")
def client(tmp_path_factory, sample_paths):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('oa') / 'oa.db'}")
    store.ingest_paths([sample_paths[k] for k in ("000", "001", "002")], jobs=1)
    store.create_user("admin", PASSWORD, role="admin", organisation="Văn phòng Tỉnh ủy")
    c = TestClient(create_app(store=store, auth=True, secret_key="oa"))
    r = c.post("/api/login", json={"username": "admin", "password": PASSWORD})
    oa.LoginAnswer.model_validate(r.json())
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    yield c
    store.close()


def _untyped(node: Any, where: str = "") -> list[str]:
    """Places in the spec holding a schema that says nothing of its content: an object without
    fields (nor typed values), or an empty schema (`{}`, `true`) where a value is described."""
    found = []
    if isinstance(node, dict):
        if (
            node.get("type") == "object"
            and "properties" not in node
            and not isinstance(node.get("additionalProperties"), dict)
        ):
            found.append(where)
        for k, v in node.items():
            here = f"{where}/{k}"
            if k in ("schema", "items", "additionalProperties") and v in ({}, True):
                found.append(here)
            if k == "properties" and isinstance(v, dict):
                found += [f"{here}/{name}" for name, prop in v.items() if prop in ({}, True)]
            found += _untyped(v, here)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _untyped(v, f"{where}/{i}")
    return found


def test_untyped_finds_what_says_nothing() -> None:
    assert _untyped({"type": "object"}) == [""]
    assert _untyped({"type": "object", "additionalProperties": True}) == ["", "/additionalProperties"]
    assert _untyped({"schema": {}}) == ["/schema"]
    assert _untyped({"type": "object", "properties": {"a": {}}}) == ["/properties/a"]
    assert _untyped({"type": "object", "additionalProperties": {"type": "integer"}}) == []
    assert _untyped({"type": "array", "items": {"$ref": "#/components/schemas/X"}}) == []


def test_every_answer_has_a_schema_and_errors_their_envelope(client) -> None:
    spec = client.get("/openapi.json").json()
    assert _untyped(spec) == []  # a new route answering a dict is typed in `openapi.ANSWERS`
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, op in operations.items():
            ok = [code for code in op["responses"] if code.startswith("2")]
            assert ok, (method, path)
            content = op["responses"][ok[0]]["content"]
            if "application/json" not in content:  # a file: every media type says what it holds
                assert (method, path) in oa.FILES, (method, path)
            assert content and all("schema" in c for c in content.values()), (method, path)
            for code in ("4XX", "5XX"):
                schema = op["responses"][code]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, (method, path)
            assert "422" not in op["responses"]
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["required"] == ["error"]


def test_declared_models_match_real_answers(client) -> None:
    doc = client.get("/api/documents").json()["items"][0]["id"]
    checks = {
        "/api/stats": oa.StatsAnswer,
        f"/api/documents/{doc}": oa.DocumentAnswer,
        f"/api/documents/{doc}/cited-by": oa.CitedByPage,
        "/api/missing?key=40-KH/TU": oa.MissingAnswer,
        "/api/graph": oa.GraphAnswer,
        "/api/me": oa.MeAnswer,
        f"/api/compare/suggest?child={doc}": oa.SuggestAnswer,
        f"/api/documents/{doc}/lint": oa.LintAnswer,
        f"/api/documents/{doc}/export/json": oa.Document,
    }
    for url, model in checks.items():
        r = client.get(url)
        assert r.status_code == 200, url
        model.model_validate(r.json())
    ids = [d["id"] for d in client.get("/api/documents").json()["items"]]
    aligned = oa.AlignAnswer.model_validate(client.get(f"/api/align?parent={ids[0]}&child={ids[1]}").json())
    assert aligned.parent.source and "/" not in aligned.parent.source  # the file's name only
    for account in client.get("/api/users").json():
        oa.Account.model_validate(account)
    made = client.post("/api/users", json={"username": "xem", "password": PASSWORD, "role": "viewer"})
    oa.Account.model_validate(made.json())
    cascade = oa.CascadeAnswer.model_validate(client.get("/api/cascade").json())
    assert cascade.edges and any(n.document_id for n in cascade.nodes)
    assert all("/" not in (n.source_path or "") for n in cascade.nodes)  # file names only
    child = cascade.edges[0].child_document_id
    panel = oa.DocumentCascadeAnswer.model_validate(client.get(f"/api/cascade/documents/{child}").json())
    assert panel.parents
    decided = client.post(
        "/api/cascade/decisions",
        json={"child": child, "parent_key": cascade.edges[0].parent, "action": "confirm"},
    )
    assert decided.status_code == 200, decided.text
    oa.DocumentCascadeAnswer.model_validate(decided.json())
    oa.OkAnswer.model_validate(client.post("/api/logout").json())


def test_errors_come_in_the_envelope(client) -> None:
    for url in ("/api/documents/999999", "/api/documents/abc", "/api/search?q="):
        r = client.get(url)
        assert r.status_code >= 400
        oa.ErrorEnvelope.model_validate(r.json())
