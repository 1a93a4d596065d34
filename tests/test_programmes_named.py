"""Programmes, projects and regulations named without a number are listed apart from the documents
cited (convention of session 9, FIXTURES.md): in the references (`programme`), in `kehoach refs` and
on the document page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.refs import extract_references
from kehoach.store import open_store
from kehoach.web.app import create_app

PLAN = (
    "UỶ BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nSố: 125/KH-UBND\nĐức Trọng, ngày 12 tháng 5 năm 2022\n\n"
    "KẾ HOẠCH\nThực hiện giảm nghèo bền vững năm 2022\n\n"
    "Thực hiện Kế hoạch số 40/KH-UBND ngày 10/3/2022 của Ủy ban nhân dân tỉnh; tiếp tục thực hiện "
    "Chương trình 135 và Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025, "
    "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Giảm tỷ lệ hộ nghèo theo Chương trình 135.\n"
)


def test_a_programme_named_is_flagged_and_a_numbered_document_is_not():
    refs = {r.title or r.number_symbol: r for r in extract_references(PLAN) if r.relation != "self"}
    assert {name: r.programme for name, r in refs.items()} == {
        "40/KH-UBND": False,
        "Chương trình 135": True,
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025": True,
    }
    assert refs["Chương trình 135"].count == 2


def test_a_programme_printed_with_its_decision_is_the_decision_cited():
    refs = [
        r
        for r in extract_references(
            "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025 ban hành "
            "kèm theo Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ."
        )
        if not r.programme
    ]
    assert [r.number_symbol for r in refs] == ["263/QĐ-TTg"]


def test_refs_lists_the_programmes_named_in_a_table_of_their_own(tmp_path):
    path = tmp_path / "kh125.txt"
    path.write_text(PLAN, encoding="utf-8")
    out = CliRunner().invoke(app, ["refs", str(path)], env={"COLUMNS": "200"}).stdout
    cited, _, named = out.partition("Chương trình, đề án … được nêu tên")
    assert "kh125.txt — 125/KH-UBND: 1 văn bản" in cited and "40/KH-UBND" in cited
    assert "Chương trình 135" not in cited
    assert named.startswith(" (không có số, ký hiệu): 2")
    assert "Chương trình 135" in named and "giảm nghèo bền vững" in named


def test_the_document_page_shows_programmes_apart(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    try:
        stored = store.ingest_bytes(PLAN.encode("utf-8"), "kh125.txt")
        assert stored.status == "stored"
        html = TestClient(create_app(store=store, auth=False)).get(f"/documents/{stored.document_id}").text
    finally:
        store.close()
    assert "Văn bản được trích dẫn (1)" in html
    assert "Chương trình, đề án được nêu tên (2)" in html
    cited, _, named = html.partition('class="named-programmes"')
    assert (
        "Chương trình 135" in named and "Chương trình 135" not in cited.partition("Văn bản được trích dẫn")[2]
    )


def test_a_strategy_named_with_its_period_is_a_programme_named():
    # vip-bc-thuchien-kh2004-kh2005 (the 2005 plan report)
    refs = extract_references(
        "Từng bước thực hiện Chiến lược bảo vệ môi trường quốc gia đến năm 2010 và định hướng đến năm 2020; "
        "xử lý triệt để 52 cơ sở gây ô nhiễm môi trường nghiêm trọng."
    )
    assert [(r.doc_type, r.title, r.programme) for r in refs] == [
        (
            "Chiến lược",
            "Chiến lược bảo vệ môi trường quốc gia đến năm 2010 và định hướng đến năm 2020",
            True,
        )
    ]
    # a strategy of the plan's own, in lower case or without a period, names nothing
    assert extract_references("Xây dựng chiến lược đào tạo cán bộ; Chiến lược phát triển của ngành.") == []
