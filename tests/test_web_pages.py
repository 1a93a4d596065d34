"""The document page's bounded parts (citing documents, original text), upload jobs shared by worker
processes and kept across restarts, and caches that notice documents stored by another process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kehoach.store import open_store
from kehoach.store.schema import UploadJobRow
from kehoach.web.app import create_app

N_CHILDREN = 5
SECRET = "test-secret"
REPAIRED = "KẾ HOẠCH\nvề công tác tƣ tƣởng <script>alert('x')</script> năm 2022\nI. MỤC ĐÍCH\n1. Nâng cao nhận thức.\n"


@pytest.fixture(scope="module")
def setup(tmp_path_factory, sample_paths):
    """Plan 39-KH/ĐUK (sample 000) and N_CHILDREN plans implementing it (variants of sample 002)."""
    db = tmp_path_factory.mktemp("pages") / "pages.db"
    store = open_store(f"sqlite:///{db}")
    store.ingest_paths([sample_paths["000"]], jobs=1)
    base = Path(sample_paths["002"]).read_text(encoding="utf-8")
    for i in range(N_CHILDREN):
        text = base.replace("40-KH/TU", "39-KH/ĐUK").replace("72-KH/HU", f"{80 + i}-KH/HU")
        assert store.ingest_bytes(text.encode("utf-8"), f"con-{i}.txt").status == "stored"
    repaired = store.ingest_bytes(REPAIRED.encode("utf-8"), "sua.txt")
    assert repaired.status == "stored", repaired
    yield store, store.find_documents("39-KH/ĐUK")[0], repaired.document_id
    store.close()


def local_client(app) -> TestClient:
    """A client of the no-accounts app, with its session's CSRF token for writes."""
    client = TestClient(app)
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    client.headers["X-CSRF-Token"] = token
    return client


def test_document_page_shows_the_newest_citing_documents_and_links_to_all(setup):
    store, parent, _ = setup
    app = create_app(store=store, auth=False)
    app.state.backend.CITED_BY_SHOWN = 2
    client = TestClient(app)
    html = client.get(f"/documents/{parent}").text
    assert f"Được trích dẫn bởi ({N_CHILDREN})" in html
    listed = re.search(r'<ul class="cited-by">(.*?)</ul>', html, re.S).group(1)
    assert listed.count("<li>") == 2
    assert f'href="/documents/{parent}/cited-by"' in html and f"Xem tất cả {N_CHILDREN}" in html

    everything = [c.document.id for c in store.get_document(parent).cited_by]
    assert len(everything) == N_CHILDREN
    page = client.get(f"/documents/{parent}/cited-by").text
    assert all(f'href="/documents/{i}"' in page for i in everything)
    paged = []
    for n in (1, 2, 3):
        data = client.get(f"/api/documents/{parent}/cited-by", params={"page": n, "page_size": 2}).json()
        assert data["total"] == N_CHILDREN
        paged += [c["document"]["id"] for c in data["items"]]
    assert paged == everything  # newest first, as the full list
    assert client.get("/documents/99999/cited-by").status_code == 404
    assert client.get("/api/documents/99999/cited-by").status_code == 404


def test_document_page_with_few_citing_documents_has_no_more_link(setup):
    store, parent, _ = setup
    html = TestClient(create_app(store=store, auth=False)).get(f"/documents/{parent}").text
    assert f"Được trích dẫn bởi ({N_CHILDREN})" in html and "/cited-by" not in html


def test_original_text_is_loaded_on_demand_with_repairs_marked_and_escaped(setup):
    store, _, repaired = setup
    client = TestClient(create_app(store=store, auth=False))
    page = client.get(f"/documents/{repaired}").text
    assert f'data-src="/documents/{repaired}/original"' in page
    assert 'id="original-text"' not in page  # not rendered with the page: fetched when the tab opens
    fragment = client.get(f"/documents/{repaired}/original").text
    marks = re.findall(r'<mark class="repair"[^>]*>(.*?)</mark>', fragment, re.S)
    assert any("ƣ" in m for m in marks)  # the damaged letters, as extracted, marked as repaired
    assert "&lt;script&gt;alert(" in fragment and "<script>alert" not in fragment
    assert "<html" not in fragment


def test_upload_is_polled_through_another_worker(setup, sample_paths):
    store, _, _ = setup
    first = create_app(store=store, auth=False, secret_key=SECRET)
    second = create_app(store=store, auth=False, secret_key=SECRET)  # another worker process
    client = local_client(first)
    files = [("files", ("004.txt", Path(sample_paths["004"]).read_bytes(), "text/plain"))]
    job = client.post("/api/upload", files=files).json()
    first.state.jobs.wait(job["id"])
    other = TestClient(second, cookies=client.cookies)
    status = other.get(job["status_url"]).json()
    assert status["done"] and status["files"][0]["status"] == "stored"
    assert other.get(status["files"][0]["url"]).status_code == 200


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(proc.stdout)


def test_unfinished_uploads_of_a_stopped_server_are_shown_as_failed(setup):
    store, _, _ = setup
    app = create_app(store=store, auth=False)
    client = local_client(app)
    # taken by a process that has since died
    job = store.create_upload_job("job-dead-worker", None, [("a.txt", 10), ("b.txt", 20)])
    store.set_upload_file(job.files[0].id, "stored", document_id=None)
    with store.transaction() as conn:
        conn.execute(UploadJobRow.__table__.update().where(UploadJobRow.id == job.id).values(pid=_dead_pid()))
    status = client.get("/api/upload/job-dead-worker").json()
    assert status["done"]
    assert [f["status"] for f in status["files"]] == ["stored", "failed"]
    assert status["files"][1]["code"] == "interrupted" and "khởi động lại" in status["files"][1]["message"]
    # taken by an earlier server that had this same process id (a restarted container)
    store.create_upload_job("job-same-pid", None, [("c.txt", 5)])
    status = client.get("/api/upload/job-same-pid").json()
    assert status["done"] and status["files"][0]["code"] == "interrupted"


def test_caches_notice_documents_stored_by_another_process(setup, sample_paths):
    store, _, _ = setup
    app = create_app(store=store, auth=False)
    backend = app.state.backend
    backend.FRESH_CHECK = 0.0
    before = backend.stats().current
    store.ingest_paths([sample_paths["001"]], jobs=1)  # not through this app: no `forget()`
    assert backend.stats().current == before + 1


def test_cached_document_pages_follow_the_store(tmp_path, sample_paths, monkeypatch):
    """A document's page body is rendered once and reused (no store read); a document stored or
    deleted by another process (not through this app) changes the pages it concerns within the
    freshness check, and leaves the other pages cached."""
    store = open_store(f"sqlite:///{tmp_path / 'cache.db'}")
    store.ingest_paths([sample_paths["000"], sample_paths["004"]], jobs=1)
    parent = store.find_documents("39-KH/ĐUK")[0]
    other = next(
        s.id for s in store.list_documents({}, sort="id", page=1, page_size=10).items if s.id != parent
    )
    app = create_app(store=store, auth=False)
    app.state.backend.FRESH_CHECK = 0.0
    client = TestClient(app)
    first = client.get(f"/documents/{parent}").text
    assert "Được trích dẫn bởi (0)" in first
    client.get(f"/documents/{other}")
    reads: list[int] = []
    real = store.document_view
    monkeypatch.setattr(
        store, "document_view", lambda doc_id, **kw: reads.append(doc_id) or real(doc_id, **kw)
    )
    assert client.get(f"/documents/{parent}").text == first and reads == []  # from the cache

    # another process stores a plan implementing 39-KH/ĐUK
    text = Path(sample_paths["002"]).read_text(encoding="utf-8").replace("40-KH/TU", "39-KH/ĐUK")
    child = store.ingest_bytes(text.encode("utf-8"), "con.txt").document_id
    html = client.get(f"/documents/{parent}").text
    assert "Được trích dẫn bởi (1)" in html and f'href="/documents/{child}"' in html
    assert reads == [parent]
    assert f'href="/documents/{parent}"' in client.get(f"/documents/{child}").text  # its parent resolved
    reads.clear()
    client.get(f"/documents/{other}")
    assert reads == []  # a page the new plan does not concern stays cached

    # another process deletes it: every cached page is dropped, its own page is gone
    assert store.delete_document(child)
    assert client.get(f"/documents/{child}").status_code == 404
    assert "Được trích dẫn bởi (0)" in client.get(f"/documents/{parent}").text
    store.close()
