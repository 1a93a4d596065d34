"""API and page tests for the web app, on the real app (TestClient) over a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kehoach.errors import KehoachError
from kehoach.store import open_store
from kehoach.web.app import create_app

PASSWORD = "mat-khau-123"


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_paths):
    db = tmp_path_factory.mktemp("web") / "web.db"
    s = open_store(f"sqlite:///{db}")
    s.ingest_paths([sample_paths[k] for k in ("000", "001", "002")], jobs=1)
    s.create_user("admin", PASSWORD, role="admin", organisation="Văn phòng Tỉnh ủy")
    s.create_user("editor", PASSWORD, role="editor", organisation="Huyện ủy Đức Trọng")
    s.create_user("viewer", PASSWORD, role="viewer", organisation="Đảng ủy Khối")
    yield s
    s.close()


@pytest.fixture(scope="module")
def app(store):
    return create_app(store=store, auth=True, secret_key="test-secret")


def client_for(app, role: str | None) -> TestClient:
    client = TestClient(app)
    if role:
        r = client.post("/api/login", json={"username": role, "password": PASSWORD})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


@pytest.fixture(scope="module")
def anon(app):
    return client_for(app, None)


@pytest.fixture(scope="module")
def viewer(app):
    return client_for(app, "viewer")


@pytest.fixture(scope="module")
def editor(app):
    return client_for(app, "editor")


@pytest.fixture(scope="module")
def admin(app):
    return client_for(app, "admin")


def doc_id(store, number_symbol: str) -> int:
    return store.find_documents(number_symbol)[0]


def error_of(resp) -> dict:
    body = resp.json()
    assert set(body) == {"error"}, body
    assert body["error"]["message"], body
    return body["error"]


# --- signing in -----------------------------------------------------------------------------


def test_anonymous_api_is_401_with_message(anon):
    r = anon.get("/api/documents")
    assert r.status_code == 401
    assert "đăng nhập" in error_of(r)["message"]


def test_anonymous_page_redirects_to_login(anon):
    r = anon.get("/documents?year=2022", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=%2Fdocuments")
    page = anon.get("/login")
    assert page.status_code == 200 and "Đăng nhập" in page.text
    assert "Chế độ dùng thử" not in page.text


def test_session_cookie_is_httponly_samesite(app):
    client = TestClient(app)
    r = client.post("/api/login", json={"username": "viewer", "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_bad_password_is_401(app):
    r = TestClient(app).post("/api/login", json={"username": "viewer", "password": "sai-mat-khau"})
    assert r.status_code == 401
    assert error_of(r)["code"] == "bad_credentials"


def test_sign_in_is_rate_limited(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'limit.db'}") as own:
        own.create_user("viewer", PASSWORD)
        limited = create_app(store=own, auth=True, secret_key="x", signin_attempts=3)
        client = TestClient(limited)
        codes = [
            client.post("/api/login", json={"username": "viewer", "password": "sai"}).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        r = client.post("/api/login", json={"username": "viewer", "password": PASSWORD})
        assert r.status_code == 429 and "thử lại sau" in error_of(r)["message"]
        assert int(r.headers["retry-after"]) > 0
        # another worker process of the app (its own app object, same store) counts the same failures
        other = TestClient(create_app(store=own, auth=True, secret_key="x", signin_attempts=3))
        assert other.post("/api/login", json={"username": "viewer", "password": PASSWORD}).status_code == 429


def test_form_login_needs_csrf_and_works_with_it(app):
    client = TestClient(app)
    page = client.get("/login")
    assert page.status_code == 200
    bad = client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": "sai"})
    assert bad.status_code == 403 and "tải lại trang" in bad.text
    token = client.cookies  # the session cookie carries the token the form shows
    assert token
    import re

    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    ok = client.post(
        "/login",
        data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf, "next": "/documents"},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/documents"
    assert client.get("/api/me").json()["user"]["username"] == "viewer"
    wrong = client.post("/login", data={"username": "viewer", "password": "x", "csrf_token": csrf})
    assert wrong.status_code == 403  # the old token died with the new session


def test_logout(app):
    client = client_for(app, "viewer")
    assert client.post("/api/logout").status_code == 200
    assert client.get("/api/me").status_code == 401


# --- reading --------------------------------------------------------------------------------


def test_stats(viewer):
    data = viewer.get("/api/stats").json()
    assert data["stats"]["current"] == 3
    assert len(data["recent"]) == 3


def test_list_documents_filters_and_errors(viewer):
    data = viewer.get("/api/documents").json()
    assert data["total"] == 3
    district = viewer.get("/api/documents", params={"level": "district"}).json()
    assert [d["number_symbol"] for d in district["items"]] == ["72-KH/HU"]
    assert viewer.get("/api/documents", params={"issuer": "huyen uy"}).json()["total"] == 1
    assert viewer.get("/api/documents", params={"sort": "bogus"}).status_code == 422
    r = viewer.get("/api/documents", params={"year": "abc"})
    assert r.status_code == 422 and error_of(r)["code"] == "invalid_parameters"


def test_document_json(viewer, store):
    i = doc_id(store, "39-KH/ĐUK")
    data = viewer.get(f"/api/documents/{i}").json()
    assert data["document"]["number_symbol"] == "39-KH/ĐUK"
    assert data["document"]["issuer"] == "Đảng ủy Khối các cơ quan tỉnh"
    keys = {c["number_symbol"]: c for c in data["citations"]}
    assert keys["40-KH/TU"]["relation"] == "implements" and keys["40-KH/TU"]["target_id"] is None
    assert "text" not in data["document"]
    assert "text" in viewer.get(f"/api/documents/{i}?text=true").json()["document"]


def test_document_404(viewer):
    r = viewer.get("/api/documents/99999")
    assert r.status_code == 404 and error_of(r)["code"] == "document_not_found"
    assert viewer.get("/documents/99999").status_code == 404


def test_document_page(viewer, store):
    i = doc_id(store, "72-KH/HU")
    html = viewer.get(f"/documents/{i}").text
    assert 'id="II.1"' in html  # anchors on node ids
    assert "72-KH/HU" in html and "Ban Thường vụ Huyện ủy" in html
    assert "/missing?key=" in html  # 40-KH/TU is not in the corpus
    assert "Văn bản gốc" in html


def test_missing_stub(viewer):
    r = viewer.get("/api/missing", params={"key": "40-KH/TU"})
    assert r.status_code == 200
    assert len(r.json()["cited_by"]) >= 2
    # what the citations say of it: Kế hoạch số 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy (sample 000)
    ref = r.json()["reference"]
    assert (ref["doc_type"], ref["number_symbol"], ref["date"]) == ("Kế hoạch", "40-KH/TU", "2022-04-21")
    page = viewer.get("/missing", params={"key": "40-KH/TU"})
    assert "chưa có trong kho" in page.text
    assert viewer.get("/api/missing").status_code == 422


def test_search_with_and_without_marks(viewer):
    a = viewer.get("/api/search", params={"q": "xây dựng Đảng"}).json()
    b = viewer.get("/api/search", params={"q": "xay dung dang"}).json()
    assert a["total"] == b["total"] == 3
    assert {h["document"]["id"] for h in a["hits"]} == {h["document"]["id"] for h in b["hits"]}
    assert b["hits"][0]["highlights"]
    r = viewer.get("/api/search")
    assert r.status_code == 422 and "q" in error_of(r)["message"]


def test_search_page_links_to_node(viewer):
    html = viewer.get("/search", params={"q": "xay dung dang"}).text
    assert "<mark>" in html and "/documents/" in html and "#" in html
    fragment = viewer.get("/search", params={"q": "xay dung dang", "partial": "1"}).text
    assert "<html" not in fragment and "<mark>" in fragment


def test_align(viewer, store):
    parent, child = doc_id(store, "72-KH/HU"), doc_id(store, "39-KH/ĐUK")
    data = viewer.get("/api/align", params={"parent": parent, "child": child}).json()
    assert 0 <= data["coverage"]["overall"] <= 1
    assert data["parent"]["id"] == parent and data["child"]["id"] == child
    html = viewer.get("/compare", params={"parent": parent, "child": child}).text
    assert 'id="coverage-overall"' in html
    export = viewer.get("/compare/html", params={"parent": parent, "child": child})
    assert export.status_code == 200 and "<table" in export.text
    assert "script-src" not in export.headers["content-security-policy"]


def test_align_errors(viewer, store):
    i = doc_id(store, "72-KH/HU")
    r = viewer.get("/api/align", params={"parent": i, "child": i})
    assert r.status_code == 422 and error_of(r)["code"] == "same_document"
    r = viewer.get("/api/align", params={"parent": i, "child": 99999})
    assert r.status_code == 404 and "cấp dưới" in error_of(r)["message"]
    assert viewer.get("/api/align", params={"parent": i}).status_code == 422
    assert viewer.get("/api/compare/suggest", params={"child": 99999}).status_code == 404


def test_graph(viewer):
    data = viewer.get("/api/graph").json()
    labels = {n["label"]: n for n in data["nodes"]}
    assert labels["40-KH/TU"]["in_store"] is False
    assert labels["72-KH/HU"]["in_store"] is True
    implements = [e for e in data["edges"] if e["relation"] == "implements"]
    assert any(e["target"] == labels["40-KH/TU"]["id"] for e in implements)
    assert viewer.get("/graph").status_code == 200


def test_every_page_renders_for_viewer(viewer, store):
    i = doc_id(store, "72-KH/HU")
    for url in (
        "/",
        "/documents",
        f"/documents/{i}",
        "/search?q=tuyen+truyen",
        "/compare",
        f"/compare?child={i}",
        "/graph",
        "/docs",
    ):
        r = viewer.get(url)
        assert r.status_code == 200, url
        assert "Content-Security-Policy" in r.headers


def test_openapi_lists_the_api(anon):
    paths = anon.get("/openapi.json").json()["paths"]
    for p in (
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/search",
        "/api/align",
        "/api/graph",
        "/api/upload",
        "/api/upload/{job_id}",
    ):
        assert p in paths, p
    assert "/documents" not in paths


def test_unknown_api_path_is_json_404(viewer):
    r = viewer.get("/api/nothing-here")
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"


# --- uploading ----------------------------------------------------------------------------


def test_viewer_cannot_upload(viewer, sample_paths):
    r = viewer.post("/api/upload", files=[("files", ("a.txt", b"x", "text/plain"))])
    assert r.status_code == 403 and "Biên tập" in error_of(r)["message"]
    assert viewer.get("/upload").status_code == 403


def test_upload_needs_csrf(app):
    client = client_for(app, "editor")
    del client.headers["X-CSRF-Token"]
    r = client.post("/api/upload", files=[("files", ("a.txt", b"x", "text/plain"))])
    assert r.status_code == 403 and error_of(r)["code"] == "csrf"


def test_upload_background_ingest(app, editor, sample_paths):
    files = [
        ("files", ("004.txt", Path(sample_paths["004"]).read_bytes(), "text/plain")),
        ("files", ("000.txt", Path(sample_paths["000"]).read_bytes(), "text/plain")),
        ("files", ("rong.txt", b"", "text/plain")),
    ]
    r = editor.post("/api/upload", files=files)
    assert r.status_code == 202
    job = r.json()
    app.state.jobs.wait(job["id"])
    status = editor.get(job["status_url"]).json()
    assert status["done"]
    by_name = {f["name"]: f for f in status["files"]}
    assert by_name["004.txt"]["status"] == "stored" and by_name["004.txt"]["url"]
    assert by_name["000.txt"]["status"] == "skipped"
    assert by_name["rong.txt"]["status"] == "failed" and by_name["rong.txt"]["message"]
    assert editor.get(by_name["004.txt"]["url"]).status_code == 200
    # the failure shows on the home page with its reason
    assert by_name["rong.txt"]["message"] in editor.get("/").text


def test_upload_errors(editor, viewer):
    r = editor.post("/api/upload")
    assert r.status_code == 422
    assert editor.get("/api/upload/khong-co").status_code == 404
    assert viewer.get("/api/upload/khong-co").status_code == 403


# --- accounts -------------------------------------------------------------------------------


def test_users_admin_only(viewer, editor, admin):
    assert viewer.get("/api/users").status_code == 403
    assert editor.post("/api/users", json={"username": "x1", "password": "12345678"}).status_code == 403
    assert {u["username"] for u in admin.get("/api/users").json()} >= {"admin", "editor", "viewer"}
    assert viewer.get("/users").status_code == 403
    assert admin.get("/users").status_code == 200


def test_admin_manages_accounts(admin, app):
    r = admin.post(
        "/api/users",
        json={"username": "canbo1", "password": "mat-khau-456", "role": "viewer", "organisation": "Huyện ủy"},
    )
    assert r.status_code == 201
    uid = r.json()["id"]
    dup = admin.post("/api/users", json={"username": "canbo1", "password": "mat-khau-456"})
    assert dup.status_code == 409 and error_of(dup)["code"] == "user_exists"
    weak = admin.post("/api/users", json={"username": "canbo2", "password": "123"})
    assert weak.status_code == 422
    assert admin.patch(f"/api/users/{uid}", json={"role": "editor"}).json()["role"] == "editor"
    assert admin.patch("/api/users/99999", json={"role": "editor"}).status_code == 404
    me = admin.get("/api/me").json()["user"]["id"]
    r = admin.patch(f"/api/users/{me}", json={"role": "viewer"})
    assert r.status_code == 422 and error_of(r)["code"] == "self_demotion"
    assert admin.patch(f"/api/users/{uid}", json={"is_active": False}).status_code == 200
    assert (
        TestClient(app)
        .post("/api/login", json={"username": "canbo1", "password": "mat-khau-456"})
        .status_code
        == 401
    )


def test_admin_adds_account_by_form(admin):
    import re

    page = admin.get("/users").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = admin.post(
        "/users",
        data={
            "csrf_token": csrf,
            "action": "add",
            "username": "canbo3",
            "password": "mat-khau-789",
            "role": "editor",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "canbo3" in admin.get("/users").text
    bad = admin.post("/users", data={"csrf_token": csrf, "action": "add", "username": "c", "password": "1"})
    assert bad.status_code == 422 and "ít nhất 8 ký tự" in bad.text


# --- running without accounts ---------------------------------------------------------------


def test_no_accounts_only_on_loopback(store):
    with pytest.raises(KehoachError) as exc:
        create_app(store=store, auth=False, host="0.0.0.0")
    assert exc.value.code == "auth_required"


def test_demo_mode_says_so_on_every_page(store):
    client = TestClient(create_app(store=store, auth=False, host="127.0.0.1"))
    for url in ("/", "/documents", "/search", "/compare", "/graph", "/upload", "/login"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert 'id="demo-banner"' in r.text, url
    assert client.get("/api/me").json()["user"]["local"] is True


def test_empty_form_fields_mean_no_filter(viewer):
    assert viewer.get("/documents?issuer=&type=&year=&level=&sort=-date").status_code == 200
    assert viewer.get("/search?q=dang&issuer=&type=&year=&level=").status_code == 200
    assert viewer.get("/graph?issuer=&year=").status_code == 200
    assert viewer.get("/compare?parent=&child=").status_code == 200
    r = viewer.get("/documents?year=abc")
    assert r.status_code == 422 and "năm phải là một số" in r.text


def test_original_text_marks_repairs(viewer, store):
    from kehoach.mapped import original_segments
    from kehoach.pipeline import process_text

    doc = process_text("KẾ HOẠCH\nvề công tác tƣ tƣởng\nI. MỤC ĐÍCH\n1. Nâng cao nhận thức của đảng viên.\n")
    segments = original_segments(doc.text, doc.raw_text, doc.offset_map)
    assert "".join(s.text for s in segments) == doc.raw_text
    assert any(s.repaired and "ƣ" in s.text for s in segments)
    i = doc_id(store, "39-KH/ĐUK")
    html = viewer.get(f"/documents/{i}/original").text
    assert 'id="original-text"' in html and "<html" not in html
    assert viewer.get("/documents/99999/original").status_code == 404


def test_search_hits_point_at_existing_anchors(viewer):
    import re

    for q in ("xay dung dang", "Lương Văn Mừng", "Ban Tuyên giáo Tỉnh ủy"):
        for hit in viewer.get("/api/search", params={"q": q}).json()["hits"]:
            if hit["node_id"]:
                page = viewer.get(f"/documents/{hit['document']['id']}").text
                assert re.search(f'id="{re.escape(hit["node_id"])}"', page), (q, hit["node_id"])


def test_api_shows_file_names_never_server_folders(viewer, store, sample_paths):
    """The stored paths are absolute; the API says the file's name only."""
    folder = str(Path(sample_paths["000"]).parent)
    doc_id = store.list_documents().items[0].id
    for url in ("/api/documents", f"/api/documents/{doc_id}", "/api/search?q=tuyen+truyen", "/api/stats"):
        r = viewer.get(url)
        assert r.status_code == 200, url
        assert folder not in r.text, url
    names = {d["source_path"] for d in viewer.get("/api/documents").json()["items"]}
    assert "000_e11a6b2333e4ca78.txt" in names
    assert viewer.get(f"/api/documents/{doc_id}").json()["document"]["source"]["path"].endswith(".txt")


def test_api_search_shows_tier_and_score(viewer):
    hits = viewer.get("/api/search", params={"q": "Đức Trọng"}).json()["hits"]
    assert hits[0]["tier"] == "phrase" and hits[0]["score"] > 0
    assert "002_" in hits[0]["document"]["source_path"]


def test_upload_job_shows_pages_of_a_long_file(app, editor, store, sample_paths, tmp_path):
    """A long PDF being read: its pages done / total are written to the store (any worker
    answers the poll) and shown in the job status while the file is processed."""
    import unicodedata

    from kehoach.store.jobs import UploadFile, UploadJob
    from kehoach.web.jobs import JobView
    from render import FONT_MISSING, build_pdf, dejavu_available

    if not dejavu_available():
        pytest.skip(FONT_MISSING)
    text = unicodedata.normalize("NFC", sample_paths["002"].read_text(encoding="utf-8")).replace("ƣ", "ư")
    pdf = build_pdf(text, tmp_path / "dai.pdf")
    r = editor.post("/api/upload", files=[("files", ("dai.pdf", pdf.read_bytes(), "application/pdf"))])
    assert r.status_code == 202
    job_id = r.json()["id"]
    app.state.jobs.wait(job_id)
    stored = store.get_upload_job(job_id).files[0]
    assert stored.status == "stored", stored.message
    assert (stored.pages_done, stored.pages_total, stored.pages_stage) == (22, 22, "text")
    assert editor.get(f"/api/upload/{job_id}").json()["files"][0]["pages"] is None  # done: no bar

    reading = UploadFile(1, "scan.pdf", 10, "processing", pages_done=2, pages_total=5, pages_stage="ocr")
    shown = JobView(UploadJob("j", None, None, None, None, [reading])).to_dict()["files"][0]["pages"]
    assert shown == {"done": 2, "total": 5, "stage": "ocr", "label": "nhận dạng chữ (OCR) trang 2/5"}
