"""Browser test of the progress page at 1366 and 390 px: the real app (uvicorn on a free port) in
headless Chromium.

The store holds the two-level scenario of `tests/test_tracking_progress.py`. A unit editor (Ban
Tổ chức Huyện ủy) opens the district plan 72-KH/HU: the matrix shows its cell done and Ban Tuyên
giáo's under way, the two charts have a bar per item and per unit, the page never scrolls sideways
(the matrix scrolls in its own box); the editor enters an activity and sees it listed; a form
tampered to enter Ban Tuyên giáo's activity is refused with the reason on the page; the central
plan shows what rolls up from the district plans; the report page shows its figures.
"""

from __future__ import annotations

import re

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
    btc = {
        "username": "btc",
        "role": "editor",
        "organisation": "Ban Tổ chức Huyện ủy",
        "display_name": "Lê Văn C",
    }
    with scenario_app(tmp_path_factory, "tracking-browser", [btc]) as app:
        yield app


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_progress_page(server, browser, width: int, height: int) -> None:
    expect = playwright.expect
    base, ids, tracker = server["url"], server["ids"], server["tracker"]
    A, P = ids["A"], ids["P"]
    units = {n: u for u, n in tracker.unit_names(range(1, 200)).items()}
    page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
    login(page, base, f"/plans/{A}/progress?as_of=2022-08-01", "btc")

    # the matrix: 5 items, the unit's own cell done, Ban Tuyên giáo's under way
    matrix = page.locator("#matrix")
    expect(matrix).to_be_visible()
    expect(matrix.locator("tbody tr")).to_have_count(5)
    btc, btg = units["Ban Tổ chức Huyện ủy"], units["Ban Tuyên giáo Huyện ủy"]
    expect(matrix.locator(f'tr[data-node="IV.1"] td[data-unit-id="{btc}"]')).to_have_attribute(
        "data-status", "done"
    )
    expect(matrix.locator(f'tr[data-node="IV.2"] td[data-unit-id="{btg}"]')).to_have_text("Đang thực hiện")
    expect(page.locator("#completion")).to_have_text("30%")
    # the charts: one bar per item, one per unit, drawn in view
    expect(page.locator("#chart-items g.bar")).to_have_count(5)
    expect(page.locator("#chart-units g.bar")).to_have_count(8)
    box = page.locator("#chart-units").bounding_box()
    assert box and 0 < box["width"] <= width
    no_sideways_scroll(page)
    if width < 500:  # the wide matrix scrolls inside its own box on a phone
        assert page.evaluate(
            "(() => { const b = document.getElementById('matrix-box'); return b.scrollWidth > b.clientWidth })()"
        )
    page.screenshot(path=str(shot(f"20-tien-do-{width}")), full_page=False)

    # entering an activity for its own unit
    expect(page.locator("#account-note")).to_contain_text("chỉ nhập hoạt động của đơn vị mình")
    page.fill("#act-date", "2022-07-28")
    page.check('#act-items input[value="IV.1"]')
    page.select_option("#act-form", "hội nghị")
    page.fill("#act-quantity", "3")
    page.fill("#act-evidence", f"bien-ban-{width}.pdf")
    page.click("#activity-form button[type=submit]")
    expect(page.locator("#entered")).to_be_visible()
    first = page.locator("#activities tbody tr").first
    expect(first).to_contain_text(f"bien-ban-{width}.pdf")
    expect(first).to_contain_text("Ban Tổ chức Huyện ủy")
    assert tracker.audit("activity")[-1]["actor"] == "btc"
    no_sideways_scroll(page)

    # a form tampered to enter another unit's activity: refused, the reason on the page
    n_before = len(tracker.activities(A))
    page.evaluate(
        """() => { const s = document.getElementById('act-unit'); const o = document.createElement('option');
                   o.textContent = 'Ban Tuyên giáo Huyện ủy'; s.appendChild(o); s.value = o.textContent; }"""
    )
    page.check('#act-items input[value="IV.2"]')
    with page.expect_response(lambda r: r.url.endswith(f"/plans/{A}/activities")) as answer:
        page.click("#activity-form button[type=submit]")
    assert answer.value.status == 403
    expect(page.locator("#form-error")).to_contain_text(
        "chỉ được nhập, sửa hoạt động của đơn vị Ban Tổ chức Huyện ủy"
    )
    assert len(tracker.activities(A)) == n_before
    page.locator("#form-error").scroll_into_view_if_needed()
    page.screenshot(path=str(shot(f"21-tu-choi-{width}")))

    # the central plan: what rolls up from the district plans
    page.goto(f"{base}/plans/{P}/progress?as_of=2022-08-01")
    rollup = page.locator("#rollup")
    expect(rollup.locator(f'tr[data-node="IV.5"][data-child-plan="{A}"]')).to_contain_text("72-KH/HU")
    expect(page.locator('#matrix tr[data-node="IV.6"] td.value')).to_contain_text("90%")
    expect(page.locator('#matrix tr[data-node="IV.6"] td.value')).to_contain_text("điều chỉnh")
    expect(page.locator("#activity-form")).to_have_count(0)  # not a unit of the central plan
    no_sideways_scroll(page)
    rollup.click()  # a click on a child plan's row opens nothing unexpected
    rollup.locator(f'a[href^="/plans/{A}/progress"]').first.click()
    page.wait_for_url(f"**/plans/{A}/progress**")

    # the report as a web page
    page.goto(f"{base}/plans/{A}/report?start=2022-07-01&end=2022-07-20")
    expect(page.locator("#report-completion")).to_have_text("30.0%")
    expect(page.locator("#report")).to_contain_text("Kết quả thực hiện Kế hoạch số 72-KH/HU")
    expect(page.locator("#report #chart-units g.bar")).to_have_count(8)
    assert re.search(r"\.docx", page.locator("#report-docx").get_attribute("href") or "")
    no_sideways_scroll(page)
    page.screenshot(path=str(shot(f"22-bao-cao-{width}")))
    page.close()
