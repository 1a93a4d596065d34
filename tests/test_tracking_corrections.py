"""A clerk corrects extracted duties: change, add, delete, every change audited (who, when,
before, after); the matrix follows; re-extraction does not silently drop the corrections; only the
issuing body's staff and admins may correct.

On the two-level scenario's district plan 72-KH/HU: its item IV.2 names "Ban Tuyên giáo Huyện
ủy" (read in the plan's text, examples/corpus/002_…).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.errors import KehoachError
from kehoach.store import open_store
from kehoach.tracking import progress as prog
from kehoach.tracking.repo.accounts import Account
from test_tracking_progress import build_scenario


@pytest.fixture
def scenario(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'k.db'}")
    tracker, ids = build_scenario(store)
    yield store, tracker, ids
    store.close()


def test_corrections_are_audited_and_change_the_matrix(scenario) -> None:
    store, tracker, ids = scenario
    A = ids["A"]
    duty = next(d for d in tracker.duties_of(A) if d["node_id"] == "IV.2")
    assert duty["unit"] == "Ban Tuyên giáo Huyện ủy" and duty["due"] is None
    tracker.correct_duty(duty["id"], {"deadline": "trước ngày 30/6/2022", "role": "chủ trì"}, "van-thu")
    fixed = next(d for d in tracker.duties_of(A) if d["id"] == duty["id"])
    assert fixed["due"] == "2022-06-30" and fixed["role"] == "chủ trì"
    last = tracker.audit("duty")[-1]
    assert (last["action"], last["actor"], last["entity_id"]) == ("update", "van-thu", duty["id"])
    assert last["before"]["deadline"] is None and last["after"]["deadline"] == "trước ngày 30/6/2022"
    assert last["at"] is not None
    # overdue now: the cell had an activity under way only
    btg = tracker.unit_id("Ban Tuyên giáo Huyện ủy")
    assert tracker.progress(as_of="2022-08-01", plan=A).status[(A, "IV.2", btg)] == prog.OVERDUE

    # a missed unit added, a wrong one deleted
    new_id = tracker.correct_duty(None, {"unit": "Văn phòng Huyện ủy", "node_id": "IV.2",
                                         "duties": ["Bảo đảm kinh phí tuyên truyền."]}, "van-thu", plan_id=A)  # fmt: skip
    vp = tracker.unit_id("Văn phòng Huyện ủy")
    assert vp is not None
    assert tracker.progress(as_of="2022-08-01", plan=A).status[(A, "IV.2", vp)] == prog.NOT_STARTED
    tracker.correct_duty(new_id, None, "van-thu")
    assert (A, "IV.2", vp) not in tracker.progress(as_of="2022-08-01", plan=A).status
    actions = [(e["action"], e["entity_id"]) for e in tracker.audit("duty")]
    assert actions[-2:] == [("create", new_id), ("delete", new_id)]
    assert tracker.audit("duty")[-1]["before"]["unit"] == "Văn phòng Huyện ủy"

    with pytest.raises(KehoachError, match="không có mục IX.9"):
        tracker.correct_duty(duty["id"], {"node_id": "IX.9"}, "van-thu")
    with pytest.raises(KehoachError, match="vai trò"):
        tracker.correct_duty(duty["id"], {"role": "lãnh đạo"}, "van-thu")
    # re-extraction would drop the corrections: refused unless forced
    plan = store.get_document(A).document
    with pytest.raises(KehoachError, match="đã được cán bộ chỉnh sửa"):
        tracker.save_duties(A, plan)
    tracker.save_duties(A, plan, force=True)
    assert next(d for d in tracker.duties_of(A) if d["node_id"] == "IV.2")["deadline"] is None


def test_only_the_issuing_body_corrects(scenario) -> None:
    store, tracker, ids = scenario
    A = ids["A"]
    duty = tracker.duties_of(A)[0]
    with pytest.raises(KehoachError, match="không được sửa nhiệm vụ") as err:
        tracker.correct_duty(
            duty["id"], {"role": "phối hợp"}, Account("btc", "editor", unit="Ban Tổ chức Huyện ủy")
        )
    assert err.value.code == "forbidden"
    with pytest.raises(KehoachError, match="không được sửa nhiệm vụ"):
        tracker.correct_duty(duty["id"], {"role": "phối hợp"}, Account("xem", "viewer"))
    tracker.correct_duty(duty["id"], {"role": "phối hợp"}, Account("huyen-uy", "editor"))
    assert tracker.audit("duty")[-1]["actor"] == "huyen-uy"


def test_cli_track_duty(scenario) -> None:
    store, tracker, ids = scenario
    A = ids["A"]
    run = CliRunner().invoke
    res = run(app, ["track-duty", "72-KH/HU", "--db", store.url])
    assert res.exit_code == 0 and "Nhiệm vụ đã lưu — 72-KH/HU" in res.output and "IV.5" in res.output
    duty = next(d for d in tracker.duties_of(A) if d["node_id"] == "IV.1")
    res = run(app, ["track-duty", "72-KH/HU", "--id", str(duty["id"]), "--deadline", "Quí IV/2022",
                    "--actor", "van-thu", "--db", store.url])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert next(d for d in tracker.duties_of(A) if d["id"] == duty["id"])["due"] == "2022-12-31"
    assert tracker.audit("duty")[-1]["actor"] == "van-thu"
    res = run(app, ["track-duties", "72-KH/HU", "--db", store.url])
    assert res.exit_code == 1 and "--force" in res.output
    res = run(app, ["track-duty", "72-KH/HU", "--id", str(duty["id"]), "--delete", "--db", store.url])
    assert res.exit_code == 0 and duty["id"] not in [d["id"] for d in tracker.duties_of(A)]
