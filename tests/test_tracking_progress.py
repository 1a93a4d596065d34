"""Units registry, audited activities, CSV/XLSX import, overrides and the two-level roll-up.

The scenario: the central plan 001 (Ban Tổ chức Trung ương) and two lower plans, 002 (Huyện ủy)
and 000 (Đảng ủy Khối), linked item to item; three units report activities; one override. The
expected numbers below are worked out by hand from the rules in `tracking.progress`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from kehoach.errors import KehoachError
from kehoach.pipeline import process_file
from kehoach.store import open_store
from kehoach.tracking import progress as prog
from kehoach.tracking.duties import due_date
from kehoach.tracking.repo import Tracker
from kehoach.tracking.repo.activity_input import ActivityInput
from kehoach.tracking.units import unit_key

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"


def build_scenario(store) -> tuple[Tracker, dict[str, int]]:
    """The two-level scenario on an open store (also run on PostgreSQL in tests/store)."""
    tracker = Tracker(store)
    ids = {}
    for name, stem in (
        ("P", "001_0adb6059266a309d"),
        ("A", "002_f4e8c3708913dc0e"),
        ("B", "000_e11a6b2333e4ca78"),
    ):
        doc = process_file(CORPUS / f"{stem}.txt")
        ids[name] = store.ingest_document(doc).document_id
        tracker.save_duties(ids[name], doc)
    P, A, B = ids["P"], ids["A"], ids["B"]
    tracker.add_links(
        [
            prog.Link((P, "IV.4"), (A, "IV.4"), 1.0),  # MTTQ and mass organisations
            prog.Link((P, "IV.4"), (B, "IV.2"), 1.0),
            prog.Link((P, "IV.5"), (A, "IV.1"), 2.0),  # organisation boards
            prog.Link((P, "IV.5"), (B, "IV.3"), 1.0),
            prog.Link((P, "IV.1"), (A, "IV.2"), 1.0),  # one child item, two parents
            prog.Link((P, "IV.6"), (A, "IV.2"), 0.5),
        ]
    )
    tracker.add_activities(
        A,
        [
            ActivityInput("2022-07-01", "Ban Tổ chức Huyện ủy", ["IV.1"], "hội nghị", 1, "bien-ban.pdf"),
            ActivityInput(
                "2022-07-05", "Ban Tuyên giáo Huyện ủy", ["IV.2"], "bài báo", 3, None, prog.UNDER_WAY
            ),
        ],
        actor="clerk-a",
    )
    tracker.add_activities(
        B,
        [ActivityInput("2022-07-10", "Các Đoàn thể Khối", ["IV.2"], "cuộc thi", 1, "https://x.vn/a")],
        "clerk-b",
    )
    tracker.set_override(P, "IV.6", 0.9, "Báo cáo miệng của Vụ Báo chí", actor="admin")
    return tracker, ids


@pytest.fixture
def scenario(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    tracker, ids = build_scenario(store)
    yield store, tracker, ids
    store.close()


def test_two_level_rollup_numbers(scenario):
    store, tracker, ids = scenario
    P, A, B = ids["P"], ids["A"], ids["B"]
    p = tracker.progress(as_of="2022-08-01")
    v = p.item_value
    assert v[(A, "IV.1")] == 1.0 and v[(A, "IV.2")] == 0.5 and v[(A, "IV.3")] == 0.0
    assert p.plan_value[A] == pytest.approx(0.3)  # (1 + 0.5 + 0 + 0 + 0) / 5
    assert v[(B, "IV.2")] == 1.0 and v[(B, "IV.3")] == 0.0
    assert p.plan_value[B] == pytest.approx(1 / 3)
    assert v[(P, "IV.1")] == pytest.approx(0.25)  # (own 0 + 1×0.5) / (1 + 1)
    assert v[(P, "IV.4")] == pytest.approx(1 / 3)  # (0 + 1×0 + 1×1) / (1 + 2)
    assert v[(P, "IV.5")] == pytest.approx(0.5)  # (0 + 2×1 + 1×0) / (1 + 3)
    assert v[(P, "IV.6")] == 0.9 and (P, "IV.6") in p.overridden
    assert p.plan_value[P] == pytest.approx((0.25 + 0 + 0 + 1 / 3 + 0.5 + 0.9) / 6)
    a_units = {n: u for u, n in tracker.unit_names(prog.unit_completion(p, A)).items()}
    assert p.status[(A, "IV.1", a_units["Ban Tổ chức Huyện ủy"])] == prog.DONE
    assert p.status[(A, "IV.2", a_units["Ban Tuyên giáo Huyện ủy"])] == prog.UNDER_WAY


def test_activities_are_audited_and_all_or_nothing(scenario):
    store, tracker, ids = scenario
    A = ids["A"]
    created = tracker.audit("activity")
    assert [(e["action"], e["actor"]) for e in created] == [
        ("create", "clerk-a"),
        ("create", "clerk-a"),
        ("create", "clerk-b"),
    ]
    first = tracker.activities(A)[1]
    tracker.update_activity(first["id"], {"status": prog.DONE, "quantity": 4}, actor="clerk-a2")
    last = tracker.audit("activity")[-1]
    assert last["action"] == "update" and last["actor"] == "clerk-a2"
    assert last["before"]["status"] == "under_way" and last["after"]["status"] == "done"
    assert last["before"]["quantity"] == 3 and last["after"]["quantity"] == 4
    assert tracker.progress().item_value[(A, "IV.2")] == 1.0
    with pytest.raises(KehoachError) as err:
        tracker.add_activities(
            A,
            [
                ActivityInput("2022-07-02", "Ban Tổ chức Huyện ủy", ["IV.1"], "hội nghị"),
                ActivityInput("2022-13-02", "Đơn vị không có", [], "hội nghị"),
            ],
            actor="x",
        )
    assert "Dòng 2" in err.value.message and "ngày không hợp lệ" in err.value.message
    assert "không có trong danh mục" in err.value.message
    assert len(tracker.activities(A)) == 2  # nothing of the bad batch was written
    tracker.delete_activity(first["id"], actor="clerk-a")
    assert tracker.audit("activity")[-1]["before"]["form"] == "bài báo"
    assert tracker.audit("override")[0]["after"]["value"] == 0.9


def test_overdue_against_due_date(scenario):
    store, tracker, ids = scenario
    P = ids["P"]
    with store.transaction() as conn:
        from sqlalchemy import update

        from kehoach.store.schema import DutyRow

        conn.execute(
            update(DutyRow)
            .where(DutyRow.document_id == P, DutyRow.node_id == "IV.2")
            .values(due="2022-06-30")
        )
    p = tracker.progress(as_of="2022-08-01")
    assert {st for (d, n, _u), st in p.status.items() if d == P and n == "IV.2"} == {prog.OVERDUE}
    p = tracker.progress(as_of="2022-06-01")
    assert {st for (d, n, _u), st in p.status.items() if d == P and n == "IV.2"} == {prog.NOT_STARTED}


def test_import_csv_and_xlsx(scenario, tmp_path: Path):
    store, tracker, ids = scenario
    B = ids["B"]
    rows = [
        ["Ngày", "Đơn vị", "Mục", "Hình thức", "Số lượng", "Minh chứng", "Trạng thái"],
        ["15/07/2022", "Ủy ban Kiểm tra", "IV.3", "hội nghị", "2", "", "Hoàn thành"],
        [
            "2022-07-16",
            "Văn phòng Đảng ủy Khối",
            "IV.3; IV.1",
            "bài đăng trên trang của đơn vị",
            "1",
            "link",
            "Đang thực hiện",
        ],
    ]
    path = tmp_path / "hd.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    ids_csv = tracker.import_activities(B, path, actor="clerk-b")
    assert len(ids_csv) == 2
    acts = tracker.activities(B, start="2022-07-15", end="2022-07-16")
    assert [a["date"] for a in acts] == ["2022-07-15", "2022-07-16"]
    assert acts[1]["items"] == ["IV.3", "IV.1"] and acts[1]["status"] == prog.UNDER_WAY
    wb = openpyxl.Workbook()
    wb.active.append(rows[0])
    wb.active.append(["2022-07-20", "Ban Xây dựng tổ chức cơ sở đảng", "IV.3", "tập huấn", "x", "", ""])
    xlsx = tmp_path / "hd.xlsx"
    wb.save(xlsx)
    with pytest.raises(KehoachError, match="dòng 2: số lượng không phải số"):
        tracker.import_activities(B, xlsx, actor="clerk-b")
    wb.active["E2"] = 3
    wb.save(xlsx)
    assert len(tracker.import_activities(B, xlsx, actor="clerk-b")) == 1
    with pytest.raises(KehoachError, match="thiếu cột"):
        bad = tmp_path / "bad.csv"
        bad.write_text("Ngày,Đơn vị\n2022-01-01,X\n", encoding="utf-8")
        tracker.import_activities(B, bad, actor="clerk-b")


def test_override_checks(scenario):
    store, tracker, ids = scenario
    with pytest.raises(KehoachError, match="0..1"):
        tracker.set_override(ids["P"], "IV.1", 1.5, "x", actor="admin")
    with pytest.raises(KehoachError, match="lý do"):
        tracker.set_override(ids["P"], "IV.1", 0.5, " ", actor="admin")
    tracker.set_override(ids["P"], "IV.6", 0.8, "Sửa lại theo báo cáo", actor="admin2")
    last = tracker.audit("override")[-1]
    assert last["action"] == "update" and last["before"]["value"] == 0.9 and last["after"]["value"] == 0.8


def test_registry_name_variants(scenario):
    store, tracker, ids = scenario
    assert unit_key("BTG Huyện ủy", "Bảo Lâm") == unit_key("Ban Tuyên giáo Huyện ủy", "Bảo Lâm")
    assert unit_key("UBND tỉnh", "Lâm Đồng") == unit_key("Ủy ban nhân dân tỉnh Lâm Đồng", None)
    assert unit_key("Sở Nội vụ", "Lâm Đồng") != unit_key("Sở Nội vụ", "Bắc Ninh")
    assert unit_key("Ban Tổ chức Trung ương", "Lâm Đồng") == unit_key("Ban Tổ chức Trung ương", None)
    # the registry was seeded from issuers, recipients and duties, with levels
    doc = process_file(CORPUS / "000_e11a6b2333e4ca78.txt")
    assert tracker.unit_id("Ủy ban Kiểm tra", doc) is not None
    assert tracker.unit_id("Ban Thường vụ Tỉnh ủy", doc) is not None  # a recipient
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from kehoach.store.schema import UnitRow

        levels = dict(conn.execute(select(UnitRow.name, UnitRow.level)).all())
    assert levels["Ban Tổ chức Trung ương"] == "central"
    assert levels["Ban Tổ chức Huyện ủy"] == "district"


def test_due_dates():
    assert due_date("trước ngày 15/12", "2022") == "2022-12-15"
    assert due_date("Trước ngày 27/6/2026") == "2026-06-27"
    assert due_date("Quí I/2024") == "2024-03-31"
    assert due_date("Tháng 12/2025") == "2025-12-31"
    assert due_date("29/6/2026 - 09/7/2026") == "2026-07-09"
    assert due_date("Thường xuyên", "2022") is None
    assert due_date("hằng quý", "2022") is None


def test_migrations_have_one_head():
    from alembic.script import ScriptDirectory

    from kehoach.store.engine import alembic_config

    heads = ScriptDirectory.from_config(alembic_config(None)).get_heads()
    assert len(heads) == 1, heads


def test_report_docx_parses_back_as_a_bao_cao_of_its_plan(scenario, tmp_path: Path):
    from kehoach.tracking.report import report_data, write_docx

    store, tracker, ids = scenario
    A = ids["A"]
    plan = store.get_document(A).document
    data = report_data(tracker, A, plan, "2022-07-01", "2022-08-01")
    # district plan 002: 8 assigned cells, Ban Tổ chức done, Ban Tuyên giáo under way
    assert data.counts == {"done": 1, "under_way": 1, "not_started": 6, "overdue": 0}
    assert data.completion == pytest.approx(0.3) and data.n_activities == 2 and data.quantity == 4
    assert [u.unit for u in data.units][:2] == ["Ban Tổ chức Huyện ủy", "Ban Tuyên giáo Huyện ủy"]
    out = write_docx(data, tmp_path / "bao-cao.docx", today="2022-08-05")
    back = process_file(out)
    assert back.doc_type == "Báo cáo"
    assert back.symbol == "BC/HU" and back.issuer == "Ban Thường vụ Huyện ủy" and back.date == "2022-08-05"
    assert back.implements is not None and back.implements.number_symbol == "72-KH/HU"
    assert back.title.startswith("Kết quả thực hiện Kế hoạch số 72-KH/HU")
    assert "Mức độ hoàn thành chung của Kế hoạch: 30.0%" in back.text
    assert "hoàn thành 1; đang thực hiện 1; chưa thực hiện 6; quá hạn 0" in back.text
    assert back.signer.name == "Lê Hồng Khánh"
    import docx

    assert len(docx.Document(str(out)).inline_shapes) == 2  # the two charts

    one = report_data(tracker, A, plan, "2022-07-01", "2022-08-01", unit="Ban Tuyên giáo Huyện ủy")
    assert one.counts == {"done": 0, "under_way": 1, "not_started": 0, "overdue": 0}
    assert one.n_activities == 1 and one.quantity == 3
    with pytest.raises(KehoachError, match="không được giao"):
        report_data(tracker, A, plan, "2022-07-01", "2022-08-01", unit="Sở Nội vụ")
    with pytest.raises(KehoachError, match="Kỳ báo cáo ngược"):
        report_data(tracker, A, plan, "2022-09-01", "2022-08-01")


def test_cli_report(scenario, tmp_path: Path):
    from typer.testing import CliRunner

    from kehoach.cli import app

    store, tracker, ids = scenario
    out = tmp_path / "bc.docx"
    args = ["report", "72-KH/HU", "--period", "2022-07-01..2022-08-01", "--out", str(out), "--db", store.url]
    res = CliRunner().invoke(app, [*args, "--date", "2022-08-05"])
    assert res.exit_code == 0, res.output
    assert "30.0%" in res.output and out.is_file()
    res = CliRunner().invoke(app, ["report", "72-KH/HU", "--period", "2022-07-01", "--db", store.url])
    assert res.exit_code == 2 and "Kỳ báo cáo" in res.output
    res = CliRunner().invoke(
        app, ["report", "99-KH/XX", "--period", "2022-07-01..2022-08-01", "--db", store.url]
    )
    assert res.exit_code == 1 and "Không tìm thấy" in res.output


def test_unit_editors_change_only_their_unit(scenario):
    from kehoach.tracking.repo.accounts import Account

    store, tracker, ids = scenario
    A = ids["A"]
    btc = Account("btc-editor", "editor", unit="Ban Tổ chức Huyện ủy")
    tracker.add_activities(A, [ActivityInput("2022-07-20", "Ban Tổ chức Huyện ủy", ["IV.1"], "văn bản")], btc)
    with pytest.raises(
        KehoachError, match="chỉ được nhập, sửa hoạt động của đơn vị Ban Tổ chức Huyện ủy"
    ) as err:
        tracker.add_activities(
            A, [ActivityInput("2022-07-20", "Ban Tuyên giáo Huyện ủy", ["IV.2"], "bài báo")], btc
        )
    assert err.value.code == "forbidden"
    btg_activity = next(a for a in tracker.activities(A) if a["form"] == "bài báo")
    with pytest.raises(KehoachError, match="forbidden|chỉ được"):
        tracker.update_activity(btg_activity["id"], {"quantity": 9}, btc)
    with pytest.raises(KehoachError, match="chỉ được"):
        tracker.delete_activity(btg_activity["id"], btc)
    own = next(a for a in tracker.activities(A) if a["form"] == "văn bản")
    with pytest.raises(KehoachError, match="chỉ được"):  # moving its own activity to another unit
        tracker.update_activity(own["id"], {"unit": "Ban Tuyên giáo Huyện ủy"}, btc)
    tracker.update_activity(own["id"], {"quantity": 2}, btc)
    assert tracker.audit("activity")[-1]["actor"] == "btc-editor"
    with pytest.raises(KehoachError, match="chỉ được xem"):
        tracker.delete_activity(own["id"], Account("reader", "viewer"))
    tracker.update_activity(
        btg_activity["id"], {"quantity": 5}, Account("huyen-uy", "editor")
    )  # issuing body
    tracker.delete_activity(own["id"], Account("root", "admin"))
    assert [e["actor"] for e in tracker.audit("activity")[-2:]] == ["huyen-uy", "root"]


def test_rollup_diamond_cycle_and_override():
    own = {(1, "a"): (0.0, 1), (2, "a"): (1.0, 1), (3, "a"): (0.5, 1), (4, "x"): (1.0, 1), (5, "x"): (0.0, 1)}
    links = [
        (1, "a", 2, "a", 1.0),
        (1, "a", 3, "a", 2.0),
        (2, "a", 3, "a", 1.0),
        (4, "x", 5, "x", 1.0),
        (5, "x", 4, "x", 1.0),
    ]
    values, overridden = prog.rollup(own, links)
    assert values[(3, "a")] == 0.5
    assert values[(2, "a")] == pytest.approx((1 + 0.5) / 2)  # own 1, child 0.5 weight 1
    assert values[(1, "a")] == pytest.approx((0 + 0.75 + 2 * 0.5) / 4)  # plan 3 counts toward 1 and 2
    # a cycle ends: its first item settles with no child settled, the other one after it
    assert values[(4, "x")] == pytest.approx(0.5) and values[(5, "x")] == pytest.approx(0.25)
    values, overridden = prog.rollup(own, links, {(2, "a"): 0.1, (9, "z"): 1.0})
    assert values[(2, "a")] == 0.1 and values[(1, "a")] == pytest.approx((0 + 0.1 + 1.0) / 4)
    assert overridden == {(2, "a"), (9, "z")} and values[(9, "z")] == 1.0
    assert prog.plan_values(values)[1] == pytest.approx(1.1 / 4)
