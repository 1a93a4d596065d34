"""Document text with `<script>`, HTML or template syntax renders as inert text on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kehoach.store import open_store
from kehoach.web.app import create_app

EVIL_TITLE = "Thông tin <script>alert('xss')</script> tuyên truyền {{ 1234*5 }} {% if true %}khối{% endif %}"
EVIL_ITEM = "- Đẩy mạnh <img src=x onerror=alert(1)> <b>in đậm</b> tuyên truyền ${7*7} {{ config }} độc hại"
EVIL_NAME = "<script>alert(2)</script>.txt"


@pytest.fixture(scope="module")
def setup(tmp_path_factory, sample_paths):
    db = tmp_path_factory.mktemp("xss") / "xss.db"
    store = open_store(f"sqlite:///{db}")
    store.ingest_paths([sample_paths["000"]], jobs=1)
    text = Path(sample_paths["002"]).read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[2] = EVIL_TITLE
    lines[4] = ""
    lines[18] = EVIL_ITEM + " " + lines[18].lstrip("- ")
    outcome = store.ingest_bytes("\n".join(lines).encode("utf-8"), "doc<b>x</b>.txt")
    assert outcome.status == "stored", outcome
    store.ingest_bytes(b"", EVIL_NAME)  # a failure whose reason shows the file name
    client = TestClient(create_app(store=store, auth=False))
    yield client, outcome.document_id, store.find_documents("39-KH/ĐUK")[0]
    store.close()


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>in đậm</b>" not in html
    assert "6170" not in html  # {{ 1234*5 }} was never evaluated
    for tag in re.findall(r"<script[^>]*>", html):
        assert re.fullmatch(r'<script src="/static/[a-z]+\.js">', tag), tag


def test_document_text_is_inert_everywhere(setup):
    client, evil, other = setup
    pages = [
        "/",
        "/documents",
        f"/documents/{evil}",
        f"/documents/{evil}/original",
        "/search?q=tuyen+truyen",
        "/search?q=doc+hai&partial=1",
        "/search?q=alert",
        f"/compare?parent={evil}&child={other}",
        f"/compare?parent={other}&child={evil}",
        f"/compare/html?parent={evil}&child={other}",
        f"/missing?key={'40-KH/TU'}",
        "/graph",
    ]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        assert_inert(r.text)
    page = client.get(f"/documents/{evil}").text
    assert "&lt;script&gt;alert(" in page
    assert "{{ 1234*5 }}" in page
    assert "&lt;b&gt;in đậm&lt;/b&gt;" in page
    home = client.get("/").text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;.txt" in home  # the failed file, named as text


def test_json_carries_text_as_text(setup):
    client, evil, _ = setup
    data = client.get(f"/api/documents/{evil}").json()
    assert "<script>alert('xss')</script>" in data["document"]["title"]
    hits = client.get("/api/search", params={"q": "doc hai"}).json()["hits"]
    assert hits and "<img" not in hits[0]["snippet_html"]
    assert client.get(f"/api/documents/{evil}").headers["content-type"].startswith("application/json")
