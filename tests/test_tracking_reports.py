"""Reports on a plan, linked: to the plan (what the report implements), to the reporting unit in
the registry, and each statement to the plan items it names (or to the items of the unit it opens
with).

Two reports on the district plan 72-KH/HU of the two-level scenario: the DOCX `kehoach report`
writes, and a report of Ban Tuyên giáo Huyện ủy written by hand
(tests/fixtures/tracking/bao-cao-btg-72-kh-hu.txt). Expected attachments read from those texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.pipeline import process_file
from kehoach.store import open_store
from kehoach.tracking.reports import figures, is_plan_report, named_items, named_unit
from test_tracking_progress import build_scenario

HAND = Path(__file__).parent / "fixtures" / "tracking" / "bao-cao-btg-72-kh-hu.txt"


@pytest.fixture
def scenario(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    tracker, ids = build_scenario(store)
    yield store, tracker, ids
    store.close()


def test_report_docx_written_by_kehoach_is_linked(scenario, tmp_path: Path) -> None:
    from kehoach.tracking.report import report_data, write_docx

    store, tracker, ids = scenario
    A = ids["A"]
    data = report_data(tracker, A, store.get_document(A).document, "2022-07-01", "2022-08-01")
    doc = process_file(write_docx(data, tmp_path / "bc.docx", today="2022-08-05"))
    assert is_plan_report(doc)
    rid = store.ingest_document(doc).document_id
    link = tracker.report_link(rid)
    assert link.plan_id == A and link.plan_label == "72-KH/HU"
    assert link.unit == "Ban Thường vụ Huyện ủy"
    assert link.unit_id == tracker.unit_id("Ban Thường vụ Huyện ủy")
    by_unit = {s.unit: s for s in link.statements}
    # "- Ban Tổ chức Huyện ủy: 1 hoạt động, số lượng 1." followed by its table row "IV.1 …"
    btc = by_unit["Ban Tổ chức Huyện ủy"]
    assert btc.items == ["IV.1"] and btc.via == "item"
    assert ("1", "hoạt động") in btc.figures
    assert by_unit["Ban Tuyên giáo Huyện ủy"].items == ["IV.2"]
    assert by_unit["Phòng Văn hóa - Thông tin Huyện"].items == ["IV.3"]
    assert by_unit["Các tổ chức cơ sở đảng trực thuộc Huyện ủy"].items == ["IV.5"]
    assert [r.report_id for r in tracker.reports_of(A)] == [rid]
    assert tracker.reports_of(ids["P"]) == []


def test_hand_written_report_is_linked(scenario) -> None:
    store, tracker, ids = scenario
    A = ids["A"]
    doc = process_file(HAND)
    assert doc.doc_type == "Báo cáo" and is_plan_report(doc)
    rid = store.ingest_document(doc).document_id
    link = tracker.report_link(rid)
    assert link.plan_id == A and link.number_symbol == "15-BC/BTGHU"
    # "BAN TUYÊN GIÁO" under "HUYỆN ỦY BẢO LÂM" is the registry's Ban Tuyên giáo Huyện ủy
    assert link.unit_id == tracker.unit_id("Ban Tuyên giáo Huyện ủy")
    got = [(s.items, s.via, s.unit) for s in link.statements]
    assert got == [
        (["IV.2"], "item", None),  # "(mục 2 phần IV của Kế hoạch)"
        (["IV.3"], "item", None),  # "(mục IV.3 của Kế hoạch)"
        (["IV.4"], "unit", "Ủy ban Mặt trận tổ quốc Việt Nam"),  # opens with the unit
    ]
    assert ("03", "hội nghị") in link.statements[0].figures and ("45", "tin") in link.statements[1].figures
    assert [r.report_id for r in tracker.reports_of(A)] == [rid]


def test_statement_rules() -> None:
    items = {"II", "II.1", "II.2", "IV.1", "IV.3"}
    assert named_items("thực hiện mục 2 phần II và mục IV.3", items) == ["II.2", "IV.3"]
    assert named_items("theo mục 1, phần II Kế hoạch", items) == ["II.1"]
    assert named_items("mục 9 phần II; điểm IV.7", items) == []  # the plan has no such items
    assert named_items("Phần II. Kết quả", items) == ["II"]
    units = ["Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo"]
    assert named_unit("- BTG Huyện ủy đã tổ chức 3 hội nghị", units) == "Ban Tuyên giáo Huyện ủy"
    assert named_unit("Phối hợp với Ban Tuyên giáo Huyện ủy", units) is None
    assert figures("ngày 13/6/2022 tổ chức 12 buổi; đạt 80%, 1.250 lượt người") == [
        ("12", "buổi"),
        ("80", "%"),
        ("1.250", "lượt người"),
    ]
    not_report = process_file(
        Path(__file__).parent.parent / "examples" / "corpus" / "002_f4e8c3708913dc0e.txt"
    )
    assert not is_plan_report(not_report)


def test_cli_track_report(scenario) -> None:
    import json

    from typer.testing import CliRunner

    from kehoach.cli import app

    store, tracker, ids = scenario
    store.ingest_document(process_file(HAND))
    res = CliRunner().invoke(app, ["track-report", "15-BC/BTGHU", "--format", "json", "--db", store.url])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["plan_id"] == ids["A"] and data["unit_id"] == tracker.unit_id("Ban Tuyên giáo Huyện ủy")
    assert [s["items"] for s in data["statements"]] == [["IV.2"], ["IV.3"], ["IV.4"]]
    assert {"measures", "status", "figures"} <= set(data["statements"][0])
    res = CliRunner().invoke(app, ["track-report", "15-BC/BTGHU", "--db", store.url])
    assert res.exit_code == 0 and "Đánh giá" in res.output
    res = CliRunner().invoke(app, ["track-report", "72-KH/HU", "--db", store.url])
    assert res.exit_code == 1 and "không phải báo cáo" in res.output
