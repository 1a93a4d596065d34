"""The progress page, entering an activity, unit rights, the report page and their JSON twins.

The store holds the two-level scenario of `tests/test_tracking_progress.py` (central plan 001,
district plan 72-KH/HU and 39-KH/ĐUK below it); the expected numbers are the ones worked out
by hand there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kehoach.store import open_store
from kehoach.web.app import create_app
from kehoach.web.routes import tracking as routes
from test_tracking_progress import build_scenario

PASSWORD = "mat-khau-123"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('web-tracking') / 'k.db'}")
    tracker, ids = build_scenario(store)
    store.create_user("quantri", PASSWORD, role="admin")
    store.create_user("btc", PASSWORD, role="editor", organisation="Ban Tổ chức Huyện ủy")
    store.create_user("huyenuy", PASSWORD, role="editor", organisation="Ban Thường vụ Huyện ủy")
    store.create_user("xem", PASSWORD, role="viewer", organisation="Ban Tổ chức Huyện ủy")
    app = create_app(store=store, auth=True, secret_key="web-tracking")
    yield app, store, tracker, ids
    store.close()


def client(app, username: str) -> TestClient:
    c = TestClient(app)
    r = c.post("/api/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    c.csrf = r.json()["csrf_token"]  # type: ignore[attr-defined]
    return c


def _cell(html: str, node: str, unit_id: int) -> str | None:
    row = re.search(rf'<tr data-node="{re.escape(node)}">(.*?)</tr>', html, re.S)
    assert row, node
    m = re.search(rf'data-unit-id="{unit_id}" data-status="(\w+)"', row.group(1))
    return m.group(1) if m else None


def test_progress_page_matrix_charts_and_rollup(site) -> None:
    app, store, tracker, ids = site
    A, P = ids["A"], ids["P"]
    c = client(app, "xem")
    r = c.get(f"/plans/{A}/progress?as_of=2022-08-01")
    assert r.status_code == 200
    html = r.text
    units = {n: u for u, n in tracker.unit_names(range(1, 200)).items()}
    assert _cell(html, "IV.1", units["Ban Tổ chức Huyện ủy"]) == "done"
    assert _cell(html, "IV.2", units["Ban Tuyên giáo Huyện ủy"]) == "under_way"
    assert _cell(html, "IV.3", units["Phòng Văn hóa - Thông tin Huyện"]) == "not_started"
    assert '<div class="num" id="completion">30%</div>' in html  # (1 + 0.5 + 0 + 0 + 0) / 5
    assert 'data-count="done">1<' in html and 'data-count="not_started">6<' in html
    # per-unit completion in the footer: Ban Tổ chức 1/1
    assert re.search(rf'data-unit-id="{units["Ban Tổ chức Huyện ủy"]}" data-value="1.0000">100%', html)
    # two server-drawn charts, one bar per item (5) and per unit (8)
    assert html.count('<svg id="chart-') == 2
    items_svg = html.split('id="chart-items"')[1].split("</svg>")[0]
    assert (
        items_svg.count('<g class="bar"') == 5
        and 'data-label="IV.1 Ban Tổ chức Huyện ủy" data-value="1.0000"' in items_svg
    )
    assert html.split('id="chart-units"')[1].split("</svg>")[0].count('<g class="bar"') == 8
    assert "<script" not in html.split("<main>")[1]  # nothing the CSP could refuse
    # a viewer gets no form
    assert 'id="activity-form"' not in html and "chỉ được xem" in html

    r = c.get(f"/plans/{P}/progress?as_of=2022-08-01")
    html = r.text
    rollup = html.split('id="rollup"')[1].split("</table>")[0]
    assert f'data-node="IV.5" data-child-plan="{A}"' in rollup and f'data-child-plan="{ids["B"]}"' in rollup
    assert re.search(r'<tr data-node="IV.5">.*?data-value="0.5000">50%', html, re.S)
    assert re.search(
        r'<tr data-node="IV.6">.*?data-value="0.9000">90% <span class="tag"[^>]*>điều chỉnh', html, re.S
    )
    assert f'href="/plans/{A}/progress?as_of=2022-08-01">72-KH/HU</a>' in rollup


def test_progress_api_is_typed_and_rolled_up(site) -> None:
    app, store, tracker, ids = site
    P = ids["P"]
    c = client(app, "xem")
    r = c.get(f"/api/plans/{P}/progress?as_of=2022-08-01")
    assert r.status_code == 200
    answer = routes.ProgressAnswer.model_validate(r.json())
    values = {i.node_id: i.value for i in answer.items}
    assert values["IV.1"] == pytest.approx(0.25) and values["IV.4"] == pytest.approx(1 / 3)
    assert values["IV.5"] == pytest.approx(0.5) and values["IV.6"] == 0.9
    assert answer.completion == pytest.approx((0.25 + 0 + 0 + 1 / 3 + 0.5 + 0.9) / 6)
    iv5 = next(i for i in answer.items if i.node_id == "IV.5")
    assert sorted((ch.plan_label, ch.node_id, ch.weight, ch.value) for ch in iv5.children) == [
        ("39-KH/ĐUK", "IV.3", 1.0, 0.0),
        ("72-KH/HU", "IV.1", 2.0, 1.0),
    ]
    assert answer.may_enter == []
    for bad in (
        "/api/plans/999999/progress",
        f"/api/plans/{P}/progress?as_of=2022-13-01",
        "/api/plans/0/progress",
    ):
        r = c.get(bad)
        assert r.status_code in (404, 422) and set(r.json()) == {"error"}


def test_unit_editor_enters_its_own_unit_only(site) -> None:
    app, store, tracker, ids = site
    A = ids["A"]
    c = client(app, "btc")
    page = c.get(f"/plans/{A}/progress").text
    form = page.split('id="activity-form"')[1].split("</form>")[0]
    assert re.findall(
        r"<option(?: selected)?>([^<]+)</option>", form.split('id="act-unit"')[1].split("</select>")[0]
    ) == ["Ban Tổ chức Huyện ủy"]
    fields = {
        "csrf_token": c.csrf,  # type: ignore[attr-defined]
        "date": "2022-07-25",
        "unit": "Ban Tổ chức Huyện ủy",
        "items": ["IV.1"],
        "form": "hội nghị",
        "quantity": "2",
        "evidence": "bien-ban-25-7.pdf",
        "status": "done",
    }
    r = c.post(f"/plans/{A}/activities", data=fields, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/plans/{A}/progress?entered=1")
    last = tracker.audit("activity")[-1]
    assert (
        last["actor"] == "btc"
        and last["action"] == "create"
        and last["after"]["evidence"] == "bien-ban-25-7.pdf"
    )
    # another unit's activity: refused, nothing written, the page says why
    before = len(tracker.activities(A))
    r = c.post(
        f"/plans/{A}/activities", data={**fields, "unit": "Ban Tuyên giáo Huyện ủy", "items": ["IV.2"]}
    )
    assert r.status_code == 403
    assert (
        "chỉ được nhập, sửa hoạt động của đơn vị Ban Tổ chức Huyện ủy" in r.text
        and 'id="form-error"' in r.text
    )
    assert len(tracker.activities(A)) == before
    r = c.post(
        f"/api/plans/{A}/activities",
        json={"date": "2022-07-25", "unit": "Ban Tuyên giáo Huyện ủy", "items": ["IV.2"], "form": "bài báo"},
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    # without the CSRF token: refused before anything
    r = c.post(f"/plans/{A}/activities", data={**fields, "csrf_token": "x"})
    assert r.status_code == 403 and "Phiên làm việc" in r.text
    # an item the plan does not have
    r = c.post(f"/api/plans/{A}/activities", json={"date": "2022-07-25", "unit": "Ban Tổ chức Huyện ủy",
                                                   "items": ["IX.9"], "form": "bài báo"})  # fmt: skip
    assert r.status_code == 422 and "IX.9" in r.json()["error"]["message"]
    assert len(tracker.activities(A)) == before
    # a viewer of the same unit enters nothing
    v = client(app, "xem")
    r = v.post(f"/plans/{A}/activities", data={**fields, "csrf_token": v.csrf})  # type: ignore[attr-defined]
    assert r.status_code == 403 and "chỉ được xem" in r.text


def test_issuing_body_enters_any_unit_through_the_api(site) -> None:
    app, store, tracker, ids = site
    A = ids["A"]
    c = client(app, "huyenuy")
    answer = routes.ProgressAnswer.model_validate(c.get(f"/api/plans/{A}/progress").json())
    assert "Ban Tuyên giáo Huyện ủy" in answer.may_enter and len(answer.may_enter) == 8
    r = c.post(
        f"/api/plans/{A}/activities",
        json={"date": "2022-07-26", "unit": "Ban Tuyên giáo Huyện ủy", "items": ["IV.2"], "form": "bài báo",
              "quantity": 2, "status": "done"},
    )  # fmt: skip
    assert r.status_code == 200
    created = routes.ActivityCreated.model_validate(r.json())
    assert tracker.audit("activity")[-1]["entity_id"] == created.ids[0]
    assert tracker.audit("activity")[-1]["actor"] == "huyenuy"
    r = c.post(
        f"/api/plans/{A}/activities", json={"date": "2022-02-30", "unit": "x", "items": ["IV.1"], "form": "y"}
    )
    assert r.status_code == 422 and set(r.json()) == {"error"}


def test_report_page_json_and_docx(site, tmp_path: Path) -> None:
    app, store, tracker, ids = site
    A = ids["A"]
    c = client(app, "xem")
    r = c.get(f"/plans/{A}/report?start=2022-07-01&end=2022-07-20")
    assert r.status_code == 200
    html = r.text
    assert "Kết quả thực hiện Kế hoạch số 72-KH/HU" in html
    assert '<b id="report-completion">30.0%</b>' in html  # before the activities entered above
    assert "hoàn thành 1; đang thực hiện 1; chưa thực hiện 6; quá hạn 0" in html
    assert html.count('<svg id="chart-') == 2
    r = c.get(f"/api/plans/{A}/report?start=2022-07-01&end=2022-07-20&unit=Ban Tuyên giáo Huyện ủy")
    rep = routes.ReportAnswer.model_validate(r.json())
    assert rep.counts == {"done": 0, "under_way": 1, "not_started": 0, "overdue": 0}
    assert rep.n_activities == 1 and rep.quantity == 3 and rep.units[0].unit == "Ban Tuyên giáo Huyện ủy"
    r = c.get(f"/api/plans/{A}/report?start=2022-09-01&end=2022-08-01")
    assert r.status_code == 400 and "Kỳ báo cáo ngược" in r.json()["error"]["message"]
    r = c.get(f"/plans/{A}/report.docx?start=2022-07-01&end=2022-07-20")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    out = tmp_path / "bc.docx"
    out.write_bytes(r.content)
    from kehoach.pipeline import process_file

    back = process_file(out)
    assert back.doc_type == "Báo cáo" and back.implements.number_symbol == "72-KH/HU"
    assert "Mức độ hoàn thành chung của Kế hoạch: 30.0%" in back.text


def test_document_page_links_to_progress(site) -> None:
    app, store, tracker, ids = site
    c = client(app, "xem")
    html = c.get(f"/documents/{ids['A']}").text
    assert f'id="progress-link" href="/plans/{ids["A"]}/progress"' in html


def test_progress_lists_the_reports_received(site) -> None:
    from kehoach.pipeline import process_file

    app, store, tracker, ids = site
    A = ids["A"]
    hand = Path(__file__).parent / "fixtures" / "tracking" / "bao-cao-btg-72-kh-hu.txt"
    rid = store.ingest_document(process_file(hand)).document_id
    c = client(app, "xem")
    answer = routes.ProgressAnswer.model_validate(c.get(f"/api/plans/{A}/progress").json())
    assert [(r.report_id, r.number_symbol, r.unit, r.items) for r in answer.reports] == [
        (rid, "15-BC/BTGHU", "Ban Tuyên giáo Huyện ủy", {"IV.2": 1, "IV.3": 1, "IV.4": 1})
    ]
    html = c.get(f"/plans/{A}/progress").text
    row = html.split(f'data-report-id="{rid}"')[1].split("</tr>")[0]
    assert "15-BC/BTGHU" in row and 'data-item="IV.3">IV.3 (1)' in row


def test_duty_corrections_through_the_api(site) -> None:
    app, store, tracker, ids = site
    B = ids["B"]
    admin, btc = client(app, "quantri"), client(app, "btc")
    duties = [routes.DutyAnswer.model_validate(d) for d in admin.get(f"/api/plans/{B}/duties").json()]
    first = duties[0]
    r = btc.patch(f"/api/duties/{first.id}", json={"deadline": "trước ngày 15/12"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = admin.patch(f"/api/duties/{first.id}", json={"deadline": "trước ngày 15/12"})
    assert r.status_code == 200
    fixed = routes.DutyAnswer.model_validate(r.json())
    assert fixed.deadline == "trước ngày 15/12" and fixed.due == "2022-12-15"  # the plan is of 2022
    last = tracker.audit("duty")[-1]
    assert last["actor"] == "quantri" and last["before"]["deadline"] == first.deadline
    r = admin.post(
        f"/api/plans/{B}/duties",
        json={"unit": "Văn phòng Đảng ủy Khối", "node_id": "IV.3", "duties": ["Tổng hợp."]},
    )
    added = routes.DutyAnswer.model_validate(r.json())
    assert added.unit_id is not None and added.node_id == "IV.3"
    assert admin.delete(f"/api/duties/{added.id}").json() == {"ok": True}
    assert admin.delete(f"/api/duties/{added.id}").status_code == 404
    r = admin.patch(f"/api/duties/{first.id}", json={"node_id": "IX.9"})
    assert r.status_code == 422 and "IX.9" in r.json()["error"]["message"]
    r = admin.patch(f"/api/duties/{first.id}", json={"role": "lãnh đạo"})
    assert r.status_code == 422 and set(r.json()) == {"error"}
