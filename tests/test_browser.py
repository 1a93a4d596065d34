"""Browser tests: the real app (uvicorn on 127.0.0.1) driven in headless Chromium by Playwright.

Sign in, drop a sample plan on the upload page, see it stored with its parsed header, search
it without marks, open the comparison with its parent and see the coverage. Screenshots of
each page go to build/screenshots/, or to docs/screenshots/ with `make screenshots` (the README shows those).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_support import serve

CHROMIUM = os.environ.get("KEHOACH_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
# `make screenshots` writes them where the README shows them; a plain test run keeps the tree clean.
SHOTS = Path(os.environ.get("KEHOACH_SCREENSHOTS", str(ROOT / "build" / "screenshots")))
PASSWORD = "mat-khau-123"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The provincial plan 40-KH/TU that 000 implements is not in the sample corpus; stand in for it with
# sample 001 (the central plan of the same name) under 40-KH/TU's header, so the parent is stored.
PARENT_HEADER = "ĐẢNG BỘ TỈNH LÂM ĐỒNG\nTỈNH ỦY LÂM ĐỒNG\n*\nSố 40-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nĐà Lạt, ngày 21 tháng 4 năm 2022\n\n"

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - playwright is a dev dependency
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is None:
    pytest.skip("Playwright for Python is not installed (pip install -e '.[dev]')", allow_module_level=True)
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"Chromium not found at {CHROMIUM}: install Debian's chromium (scripts/test-setup.sh) or set KEHOACH_CHROMIUM",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample_paths):

    from kehoach.store import open_store

    db = tmp_path_factory.mktemp("browser") / "browser.db"
    store = open_store(f"sqlite:///{db}")
    parent_text = PARENT_HEADER + Path(sample_paths["001"]).read_text(encoding="utf-8")
    parent = store.ingest_bytes(parent_text.encode("utf-8"), "40-KH-TU.txt")
    store.ingest_paths([sample_paths["002"], sample_paths["004"]], jobs=1)
    store.create_user(
        "bientap",
        PASSWORD,
        role="editor",
        organisation="Đảng ủy Khối các cơ quan tỉnh",
        display_name="Nguyễn Văn A",
    )
    store.create_user(
        "quantri", PASSWORD, role="admin", organisation="Văn phòng Tỉnh ủy", display_name="Trần Thị B"
    )
    with serve(store, "browser-test") as url:
        yield {"url": url, "parent_id": parent.document_id, "store": store}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def sign_in(browser, base: str, username: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.goto(f"{base}/documents")
    assert "/login" in page.url  # pages need an account
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{base}/documents")
    return page


def shot(page, name: str) -> None:
    """A screenshot of what the window shows (1280×900), for the README."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_sign_in_upload_search_compare(server, browser, sample_paths):
    base = server["url"]
    login = browser.new_page(viewport={"width": 1280, "height": 900})
    login.goto(f"{base}/login")
    shot(login, "01-dang-nhap")
    login.fill("#username", "bientap")
    login.fill("#password", "sai-mat-khau")
    login.click("#login-form button[type=submit]")
    expect(login.locator(".error-message")).to_contain_text("Sai tên đăng nhập")
    login.close()

    page = sign_in(browser, base, "bientap")
    expect(page.locator("header .user")).to_contain_text("Nguyễn Văn A")
    page.goto(f"{base}/")
    shot(page, "02-trang-chu")

    # upload: drop the sample plan 000 on the drop zone
    page.goto(f"{base}/upload")
    content = Path(sample_paths["000"]).read_text(encoding="utf-8")
    transfer = page.evaluate_handle(
        """(text) => { const dt = new DataTransfer();
            dt.items.add(new File([text], "39-KH-DUK.txt", { type: "text/plain" })); return dt; }""",
        content,
    )
    page.dispatch_event("#dropzone", "drop", {"dataTransfer": transfer})
    row = page.locator("#uploads tbody tr").first
    expect(row).to_have_attribute("data-status", "stored", timeout=30000)
    expect(row).to_contain_text("đã lưu")
    shot(page, "03-tai-len")
    row.locator("a").click()

    # the document with its parsed header
    page.wait_for_url("**/documents/*")
    card = page.locator("#header-card")
    expect(card.locator(".number-symbol")).to_have_text("39-KH/ĐUK")
    expect(card.locator(".issuer")).to_contain_text("Đảng ủy Khối các cơ quan tỉnh")
    expect(card.locator(".date")).to_have_text("9/5/2022")  # as clerks write it, never ISO
    expect(card.locator(".implements")).to_contain_text("40-KH/TU")
    expect(page.locator("li.node").first).to_be_visible()
    doc_url = page.url
    shot(page, "04-van-ban")
    page.click("#tab-original")
    expect(page.locator("#panel-original")).to_be_visible()
    expect(page.locator("#original-text")).to_contain_text("39 -KH/ĐUK")
    shot(page, "05-van-ban-goc")
    page.click("#tab-structured")

    # search without marks, as you type
    page.goto(f"{base}/search")
    page.fill("#q", "thong tin tuyen truyen xay dung dang")
    hit = page.locator("li.hit", has_text="39-KH/ĐUK")
    expect(hit).to_be_visible(timeout=10000)
    expect(hit.locator("mark").first).to_be_visible()
    shot(page, "06-tim-kiem")
    hit.locator("a.hit-doc").click()
    page.wait_for_url("**/documents/*")
    assert page.url.split("#")[0] == doc_url.split("#")[0]

    # compare with its parent: pre-filled from "Thực hiện Kế hoạch số 40-KH/TU"
    page.goto(doc_url)
    page.click("#header-card a.button")
    page.wait_for_url("**/compare?**")
    expect(page.locator("#coverage-overall")).to_have_text(__import__("re").compile(r"\d+%"))
    assert page.locator("#parent").input_value() == str(server["parent_id"])
    assert page.locator("table.side-by-side tr.row").count() > 10
    shot(page, "07-so-sanh")
    child_id = doc_url.rstrip("/").split("/")[-1].split("#")[0]
    page.goto(f"{base}/compare?child={child_id}")
    assert page.locator("#parent").input_value() == str(server["parent_id"])
    expect(page.locator(".notice")).to_be_visible()

    # documents list and graph; a graph node opens its document
    page.goto(f"{base}/documents")
    expect(page.locator("table.list tbody tr")).to_have_count(4)
    shot(page, "08-danh-sach")
    page.goto(f"{base}/graph")
    node = page.locator("#graph g.gnode:not(.missing)").first
    expect(node).to_be_visible(timeout=10000)
    shot(page, "09-so-do")
    node.click()
    page.wait_for_url("**/documents/*")
    page.close()


def test_admin_pages(server, browser):
    base = server["url"]
    page = sign_in(browser, base, "quantri")
    page.goto(f"{base}/users")
    expect(page.locator("table.users")).to_contain_text("bientap")
    shot(page, "10-tai-khoan")
    page.goto(f"{base}/docs")
    expect(page.locator("table.api")).to_contain_text("/api/search")
    shot(page, "11-api")
    page.close()


def test_viewer_cannot_upload(server, browser):
    server["store"].create_user("chixem", PASSWORD, role="viewer")
    page = sign_in(browser, server["url"], "chixem")
    expect(page.locator("nav")).not_to_contain_text("Tải lên")
    resp = page.goto(f"{server['url']}/upload")
    assert resp is not None and resp.status == 403
    expect(page.locator(".error-message")).to_contain_text("không có quyền")
    page.close()


WIDTHS = (390, 1366)
ISO_DATE = __import__("re").compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _page_paths(server) -> list[str]:
    store = server["store"]
    doc = store.list_documents(page_size=5).items[0].id
    return ["/", "/documents", f"/documents/{doc}", f"/documents/{doc}#original", "/search?q=tuyen+truyen",
            "/search?q=%C4%90%E1%BB%A9c+Tr%E1%BB%8Dng", f"/compare?child={doc}", "/graph", "/upload", "/users",
            "/docs", f"/draft?parent={doc}"]  # fmt: skip


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_width_and_reads_as_a_clerk_writes(server, browser, width):
    """At 390 px (a phone) and 1366 px: no page scrolls sideways (wide tables scroll in their box),
    no ISO date and no server folder is shown."""
    base = server["url"]
    page = sign_in(browser, base, "quantri")
    page.set_viewport_size({"width": width, "height": 900})
    for path in _page_paths(server):
        resp = page.goto(f"{base}{path}")
        assert (resp is None and "#" in path) or (resp is not None and resp.status < 400), path
        page.wait_for_load_state("networkidle")
        if path.endswith("#original"):  # the original text, in its tab
            page.click("#tab-original")
            expect(page.locator("#original-text")).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
        text = page.evaluate("document.body.innerText")
        assert not ISO_DATE.search(text), (path, ISO_DATE.search(text))
        assert "/tmp/" not in text and "/work/" not in text and "browser.db" not in text, path
        if width == 390:
            shot(page, f"390-{path.strip('/').replace('/', '-').split('?')[0] or 'home'}")
    page.close()


def test_original_text_uses_the_bundled_font(server, browser):
    base = server["url"]
    page = sign_in(browser, base, "quantri")
    doc = server["store"].list_documents(page_size=5).items[0].id
    page.goto(f"{base}/documents/{doc}")
    page.click("#tab-original")
    expect(page.locator("#original-text")).to_be_visible()
    family = page.evaluate("getComputedStyle(document.querySelector('#original-text')).fontFamily")
    assert family.startswith('"Noto Sans Mono VN"')
    # `evaluate` awaits the promise; `wait_for_function` polls with eval, which the page's CSP can refuse
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.status)") == "loaded"
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Mono VN\"', 'Đảng ủy Khối ẫ ặ ỗ ữ')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Noto Sans Mono VN')).map(f => f.status)"
    )
    assert loaded == ["loaded"]
    resp = page.request.get(f"{base}/static/fonts/OFL.txt")
    assert resp.ok and "SIL OPEN FONT LICENSE" in resp.text()
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_lint_panel_and_draft_form(server, browser, width, tmp_path):
    """The format check on the page of the 40-KH/TU stand-in, then a draft of its implementing plan
    from the form: the download parses back with the header typed in the form."""
    from kehoach.pipeline import process_file

    base = server["url"]
    page = sign_in(browser, base, "bientap")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/documents/{server['parent_id']}")
    panel = page.locator("#lint-panel")
    panel.scroll_into_view_if_needed()
    expect(panel).to_be_visible()
    # the stand-in: 40-KH/TU's header lines over sample 001, which ends with its Nơi nhận, Lưu VP and
    # the signature (K/T TRƯỞNG BAN, Mai Văn Chính) and cites no plan it implements
    expect(panel.locator("tr[data-element=number_symbol] td.status")).to_have_text("có")
    expect(panel.locator("tr[data-element=motto] td.status")).to_have_text("có")
    expect(panel.locator("tr[data-element=signer_name] td.status")).to_have_text("có")
    expect(panel.locator("tr[data-element=parent] td.status")).to_have_text("thiếu")
    expect(page.locator("#lint-verdict")).to_have_text("Đủ các thành phần thể thức bắt buộc.")
    assert panel.locator("tbody tr").count() == 12
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
    shot(page, f"{width}-the-thuc" if width == 390 else "13-the-thuc")
    expect(page.locator("#exports a.export")).to_have_count(5)

    page.click("#draft-from")
    page.wait_for_url("**/draft?parent=*")
    assert page.locator("#parent").input_value() == str(server["parent_id"])
    assert page.locator("#issuer").input_value() == "Đảng ủy Khối các cơ quan tỉnh"  # the account's body
    page.fill("#issuer", "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh")
    page.fill("#superior", "Đảng bộ tỉnh Lâm Đồng")
    page.fill("#number", "39")
    page.fill("#date", "9/5/2022")  # as clerks write it
    page.fill("#place", "Đà Lạt")
    page.fill("#authority", "T/M BAN THƯỜNG VỤ")
    page.fill("#position", "PHÓ BÍ THƯ")
    page.fill("#signer", "Lương Văn Mừng")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
    box = page.locator("#issuer").bounding_box()
    assert box is not None and box["x"] + box["width"] <= width  # the fields fit the window
    shot(page, f"{width}-soan-thao" if width == 390 else "14-soan-thao")
    with page.expect_download() as info:
        page.click("#draft-submit")
    download = info.value
    assert download.suggested_filename == "du-thao-ke-hoach-39-dang-uy-khoi-cac-co-quan-tinh.docx"
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    doc = process_file(target)
    assert (doc.number_symbol, doc.issuer, doc.date) == (
        "39-KH/ĐUK",
        "Đảng ủy Khối các cơ quan tỉnh",
        "2022-05-09",
    )
    assert doc.implements is not None and doc.implements.number_symbol == "40-KH/TU"

    page.fill("#date", "")
    page.fill("#issuer", "X")
    page.locator("#issuer").evaluate("e => e.removeAttribute('minlength')")  # what the server says
    page.click("#draft-submit")
    expect(page.locator("#draft-error")).to_contain_text("Cơ quan ban hành")
    assert page.locator("#signer").input_value() == "Lương Văn Mừng"  # what was typed is kept
    page.close()


@pytest.fixture(scope="module")
def generated_server(tmp_path_factory):
    """The app over 50 generated plans (and the documents they cite), for the citation graph."""

    from kehoach.store import open_store
    from kehoach.testing.generate import write_corpus

    work = tmp_path_factory.mktemp("graph50")
    write_corpus(work / "corpus", 50, seed=5)
    store = open_store(f"sqlite:///{work / 'graph.db'}")
    store.ingest_paths([work / "corpus"], jobs=1)
    store.create_user("quantri", PASSWORD, role="admin")
    with serve(store, "g") as url:
        yield {"url": url, "store": store}


def _view_box(page) -> list[float]:
    return [float(v) for v in page.get_attribute("#graph svg", "viewBox").split()]


@pytest.mark.parametrize("width", WIDTHS)
def test_citation_graph_of_50_documents(generated_server, browser, width):
    """Levels top to bottom, zoom and pan inside its box, find a document by its number."""
    base = generated_server["url"]
    page = sign_in(browser, base, "quantri")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/graph")
    expect(page.locator("#graph g.gnode").first).to_be_visible(timeout=15000)
    assert page.locator("#graph g.gnode:not(.missing)").count() == 50
    labels = page.locator("#graph text.bandlabel")
    ys = {
        labels.nth(i).text_content(): float(labels.nth(i).get_attribute("y")) for i in range(labels.count())
    }
    order = [name for name in ("Trung ương", "Tỉnh", "Huyện", "Cơ sở") if name in ys]
    assert len(order) >= 3 and [ys[n] for n in order] == sorted(ys[n] for n in order)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    full = _view_box(page)
    page.click("#graph-zoom-in")
    zoomed = _view_box(page)
    assert zoomed[2] < full[2] and zoomed[3] < full[3]
    page.locator("#graph").scroll_into_view_if_needed()
    box = page.locator("#graph svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 120, box["y"] + box["height"] / 2 - 60, steps=5)
    page.mouse.up()
    panned = _view_box(page)
    assert panned[0] > zoomed[0] and panned[1] > zoomed[1] and panned[2] == zoomed[2]
    page.click("#graph-fit")
    assert _view_box(page) == full
    number = generated_server["store"].list_documents(page_size=1).items[0].number_symbol
    page.fill("#graph-find", number.lower())
    expect(page.locator("#graph-found")).to_have_text(__import__("re").compile(r"^1/\d+$"))
    expect(page.locator("#graph g.gnode.current")).to_have_count(1)
    assert number in (page.locator("#graph g.gnode.current title").text_content() or "")
    if width == 390:
        shot(page, "390-graph-50")
    else:
        shot(page, "12-so-do-50")
    page.close()
