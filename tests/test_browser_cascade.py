"""Browser test of the cascade page: the real app (uvicorn on a free port) in headless Chromium.

Levels top to bottom, the missing provincial plan 40-KH/TU with its two children, a click
through to a child's page whose "parents and children" panel names 40-KH/TU, and the compare
page pre-filled from the cascade.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import PASSWORD, chromium, login, serve, skip_without_browser

# 40-KH/TU stood in for by the central plan 001 under its header (as tests/test_browser.py does),
# so 72-KH/HU's parent is stored and the cascade can offer the comparison.
PARENT_HEADER = "ĐẢNG BỘ TỈNH LÂM ĐỒNG\nTỈNH ỦY LÂM ĐỒNG\n*\nSố 40-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nĐà Lạt, ngày 21 tháng 4 năm 2022\n\n"

pytestmark = pytest.mark.browser
playwright = skip_without_browser()


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample_paths):
    from kehoach.store import open_store

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('cascade-browser') / 'b.db'}")
    parent = store.ingest_bytes(
        (PARENT_HEADER + Path(sample_paths["001"]).read_text(encoding="utf-8")).encode("utf-8"),
        "40-KH-TU.txt",
    )
    store.ingest_paths([sample_paths[k] for k in ("000", "002", "004")], jobs=1)
    store.create_user("xem", PASSWORD, role="viewer")
    with serve(store, "b") as url:
        yield {"url": url, "parent": parent.document_id, "store": store}


def test_cascade_page_in_a_browser(server):
    base = server["url"]
    store = server["store"]
    child = store.find_documents("72-KH/HU")[0]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        login(page, base, "/cascade", "xem")
        levels = page.locator(".cascade-level h2").all_inner_texts()
        assert levels.index("Tỉnh") < levels.index("Huyện")
        tu = page.locator(".cascade-level[data-level=province] .cascade-node", has_text="40-KH/TU").first
        assert "Ban Thường vụ Tỉnh ủy" in tu.inner_text() or "Tỉnh ủy" in tu.inner_text()
        hu = page.locator(".cascade-level[data-level=district] .cascade-node", has_text="72-KH/HU")
        edge = hu.locator(".cascade-edge").first
        assert "thực hiện" in edge.inner_text() and "40-KH/TU" in edge.inner_text()
        assert "bao phủ" in edge.inner_text()
        href = edge.locator("a.compare").get_attribute("href")
        assert href == f"/compare?parent={server['parent']}&child={child}"
        hu.locator("a.cascade-doc", has_text="72-KH/HU").click()
        page.wait_for_url(f"{base}/documents/{child}")
        panel = page.locator("#cascade-panel")
        playwright.expect(panel).to_contain_text("Văn bản cấp trên")
        playwright.expect(panel).to_contain_text("40-KH/TU")
        page.goto(f"{base}{href}")  # the compare page, pre-filled from the cascade
        playwright.expect(page.locator("body")).to_contain_text("72-KH/HU")
