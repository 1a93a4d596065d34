"""Browser test of the duties page at 1366 and 390 px: the real app (uvicorn on a free port) in
headless Chromium.

The store holds the two-level scenario of `tests/test_tracking_progress.py`. A clerk of Ban
Thường vụ Huyện ủy (the issuing body of 72-KH/HU) corrects the deadline of Ban Tuyên giáo Huyện
ủy's duty (item IV.2, read in examples/corpus/002_…), adds a duty the extraction missed, is told
why an empty duty is refused, deletes the added one; the history lists each change (who, before
→ after). A unit's editor sees the duties without a form. The page never scrolls sideways.
"""

from __future__ import annotations

import pytest

from browser_support import (
    chromium,
    login,
    no_sideways_scroll,
    scenario_app,
    shot,
    skip_without_browser,
)

pytestmark = pytest.mark.browser
playwright = skip_without_browser()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    users = [
        {"username": "huyenuy", "role": "editor", "organisation": "Ban Thường vụ Huyện ủy"},
        {"username": "btc", "role": "editor", "organisation": "Ban Tổ chức Huyện ủy"},
    ]
    with scenario_app(tmp_path_factory, "duties-browser", users) as app:
        yield app


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_duty_corrections_form(server, browser, width: int, height: int) -> None:
    expect = playwright.expect
    base, ids, tracker = server["url"], server["ids"], server["tracker"]
    A = ids["A"]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
    login(page, base, f"/plans/{A}/duties", "huyenuy")
    expect(page.locator("#duty-list .card.duty")).to_have_count(8)
    btg = next(d for d in tracker.duties_of(A) if d["unit"] == "Ban Tuyên giáo Huyện ủy")
    card = page.locator(f"#duty-{btg['id']}")
    expect(card.locator("select[name=node_id]")).to_have_value("IV.2")
    expect(card.locator("select[name=role]")).to_have_value("chủ trì")
    no_sideways_scroll(page)
    page.screenshot(path=str(shot(f"23-nhiem-vu-{width}")))

    # the deadline corrected
    deadline = f"trước ngày {30 if width > 500 else 29}/9/2022"
    card.locator("input[name=deadline]").fill(deadline)
    card.locator("button[value=save]").click()
    expect(page.locator("#saved")).to_be_visible()
    assert next(d for d in tracker.duties_of(A) if d["id"] == btg["id"])["deadline"] == deadline
    first = page.locator("#history tbody tr").first
    expect(first).to_contain_text("huyenuy")
    expect(first).to_contain_text(deadline)
    assert tracker.audit("duty")[-1]["actor"] == "huyenuy"

    # a duty the extraction missed: refused while empty (the reason shown), then added
    add = page.locator("#add-form")
    add.locator("input[name=unit]").fill("Văn phòng Huyện ủy")
    add.locator("select[name=node_id]").select_option("IV.2")
    page.evaluate("document.getElementById('new-duties').removeAttribute('required')")
    with page.expect_response(
        lambda r: r.url.endswith(f"/plans/{A}/duties") and r.request.method == "POST"
    ) as ans:
        add.locator("button[value=add]").click()
    assert ans.value.status == 422
    expect(page.locator("#form-error")).to_contain_text("chưa ghi câu nhiệm vụ nào")
    expect(page.locator("#new-unit")).to_have_value("Văn phòng Huyện ủy")  # what was typed stays
    no_sideways_scroll(page)
    page.locator("#form-error").scroll_into_view_if_needed()
    page.screenshot(path=str(shot(f"24-nhiem-vu-loi-{width}")))
    page.fill("#new-duties", "Bảo đảm kinh phí tuyên truyền.")
    page.locator("#add-form button[value=add]").click()
    expect(page.locator("#saved")).to_be_visible()
    expect(page.locator("#duty-list .card.duty")).to_have_count(9)
    added = next(d for d in tracker.duties_of(A) if d["unit"] == "Văn phòng Huyện ủy")
    page.locator(f"#duty-{added['id']} button[value=delete]").click()
    expect(page.locator("#duty-list .card.duty")).to_have_count(8)
    newest = page.locator("#history tbody tr").first  # newest first (SQLite may reuse a deleted id)
    expect(newest).to_have_attribute("data-action", "delete")
    expect(newest).to_have_attribute("data-duty-id", str(added["id"]))
    no_sideways_scroll(page)
    page.close()

    # a unit's editor reads only
    page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
    login(page, base, f"/plans/{A}/duties", "btc")
    expect(page.locator("#account-note")).to_contain_text("không được sửa nhiệm vụ")
    expect(page.locator(".duty-form")).to_have_count(0)
    no_sideways_scroll(page)
    page.close()
