"""The duties page: a clerk of the issuing body corrects, adds and deletes a duty through the form
(CSRF), each change audited and listed (who, when, before → after); a unit's editor and a viewer
only read; a forged form, a duty of another plan and an invalid duty are refused with the reason.

The store holds the two-level scenario of `tests/test_tracking_progress.py`; the district plan
72-KH/HU's item IV.2 names "Ban Tuyên giáo Huyện ủy" (examples/corpus/002_…).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from kehoach.store import open_store
from kehoach.web.app import create_app
from test_tracking_progress import build_scenario
from test_web_tracking import PASSWORD, client


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('web-duties') / 'k.db'}")
    tracker, ids = build_scenario(store)
    store.create_user("btc", PASSWORD, role="editor", organisation="Ban Tổ chức Huyện ủy")
    store.create_user("huyenuy", PASSWORD, role="editor", organisation="Ban Thường vụ Huyện ủy")
    store.create_user("xem", PASSWORD, role="viewer", organisation="Ban Tổ chức Huyện ủy")
    app = create_app(store=store, auth=True, secret_key="web-duties")
    yield app, store, tracker, ids
    store.close()


def _form(c: TestClient, plan: int, **fields) -> object:
    data = {"csrf_token": c.csrf, **fields}  # type: ignore[attr-defined]
    return c.post(f"/plans/{plan}/duties", data=data, follow_redirects=False)


def test_issuing_body_corrects_adds_and_deletes(site) -> None:
    app, store, tracker, ids = site
    A = ids["A"]
    c = client(app, "huyenuy")
    html = c.get(f"/plans/{A}/duties").text
    assert html.count('class="card duty"') == 8 and html.count('class="duty-form"') == 9  # 8 + add
    btg = next(d for d in tracker.duties_of(A) if d["unit"] == "Ban Tuyên giáo Huyện ủy")
    r = _form(c, A, action="save", duty_id=str(btg["id"]), unit=btg["unit"], role="chủ trì",
              node_id="IV.2", duties="\n".join(btg["duties"]), deadline="trước ngày 30/9/2022")  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].endswith(f"#duty-{btg['id']}")
    fixed = next(d for d in tracker.duties_of(A) if d["id"] == btg["id"])
    assert fixed["deadline"] == "trước ngày 30/9/2022" and fixed["due"] == "2022-09-30"
    assert fixed["duties"] == btg["duties"]  # the textarea's lines, unchanged
    last = tracker.audit("duty")[-1]
    assert (last["action"], last["actor"]) == ("update", "huyenuy")
    assert last["before"]["deadline"] is None and last["after"]["deadline"] == "trước ngày 30/9/2022"
    html = c.get(f"/plans/{A}/duties?saved=1").text
    assert 'id="saved"' in html
    row = re.search(rf'<tr data-duty-id="{btg["id"]}" data-action="update">(.*?)</tr>', html, re.S)
    assert row and "huyenuy" in row.group(1) and "thời hạn:" in row.group(1)
    assert "<del>—</del> → <ins>trước ngày 30/9/2022</ins>" in row.group(1)

    r = _form(c, A, action="add", unit="Văn phòng Huyện ủy", role="", node_id="IV.2",
              duties="Bảo đảm kinh phí tuyên truyền.", deadline="")  # fmt: skip
    assert r.status_code == 303
    added = next(d for d in tracker.duties_of(A) if d["unit"] == "Văn phòng Huyện ủy")
    assert added["node_id"] == "IV.2" and added["role"] is None and added["unit_id"] is not None
    r = _form(c, A, action="delete", duty_id=str(added["id"]))
    assert r.status_code == 303 and r.headers["location"].endswith("#nhat-ky")
    assert all(d["id"] != added["id"] for d in tracker.duties_of(A))
    assert [e["action"] for e in tracker.audit("duty")[-2:]] == ["create", "delete"]


def test_refusals_keep_the_form_and_say_why(site) -> None:
    app, store, tracker, ids = site
    A, B = ids["A"], ids["B"]
    c = client(app, "huyenuy")
    n_audit = len(tracker.audit("duty"))
    first = tracker.duties_of(A)[0]
    # no sentence of duty: 422, the reason and what was typed shown again
    r = _form(c, A, action="save", duty_id=str(first["id"]), unit="Ban Tổ chức Huyện ủy X", node_id="IV.1",
              duties="  ", role="")  # fmt: skip
    assert r.status_code == 422 and "chưa ghi câu nhiệm vụ nào" in r.text
    assert 'value="Ban Tổ chức Huyện ủy X"' in r.text
    r = _form(c, A, action="save", duty_id=str(first["id"]), unit="Ban Tổ chức Huyện ủy", node_id="IX.9",
              duties="Làm.")  # fmt: skip
    assert r.status_code == 422 and "kế hoạch không có mục IX.9" in r.text
    # a duty of another plan through this plan's form
    other = tracker.duties_of(B)[0]
    r = _form(c, A, action="delete", duty_id=str(other["id"]))
    assert r.status_code == 404 and "không có nhiệm vụ số" in r.text
    # a forged form (no session token)
    r = c.post(
        f"/plans/{A}/duties", data={"csrf_token": "x", "action": "delete", "duty_id": str(first["id"])}
    )
    assert r.status_code == 403
    # a unit's editor: read only, and refused by the rule if the form is sent anyway
    btc = client(app, "btc")
    html = btc.get(f"/plans/{A}/duties").text
    assert 'class="duty-form"' not in html and "không được sửa nhiệm vụ" in html
    r = _form(btc, A, action="delete", duty_id=str(first["id"]))
    assert r.status_code == 403 and "chỉ cán bộ của cơ quan ban hành" in r.text
    html = client(app, "xem").get(f"/plans/{A}/duties").text
    assert 'class="duty-form"' not in html and "chỉ được xem" in html
    assert len(tracker.audit("duty")) == n_audit  # nothing was written
    assert len(tracker.duties_of(A)) == 8


def test_progress_page_links_to_duties(site) -> None:
    app, store, tracker, ids = site
    html = client(app, "xem").get(f"/plans/{ids['A']}/progress").text
    assert f'href="/plans/{ids["A"]}/duties"' in html
