"""The tracking scenario on each store backend (SQLite; PostgreSQL when KEHOACH_TEST_PG_URL is set)."""

from __future__ import annotations

import pytest

from test_tracking_progress import build_scenario


def test_two_level_rollup_on_each_backend(store):
    tracker, ids = build_scenario(store)
    P, A, B = ids["P"], ids["A"], ids["B"]
    p = tracker.progress(as_of="2022-08-01")
    assert p.plan_value[A] == pytest.approx(0.3)
    assert p.plan_value[B] == pytest.approx(1 / 3)
    assert p.plan_value[P] == pytest.approx((0.25 + 0 + 0 + 1 / 3 + 0.5 + 0.9) / 6)
    audit = tracker.audit()
    assert [e["entity"] for e in audit].count("activity") == 3
    assert audit[-1]["entity"] == "override" and audit[-1]["after"]["value"] == 0.9
    assert tracker.duties_of(A)[0]["unit"] == "Ban Tổ chức Huyện ủy"
    # the same values from the SQL-aggregated roll-up, and one plan read alone
    assert tracker.rollup(as_of="2022-08-01").plan_value[P] == pytest.approx(p.plan_value[P])
    one = tracker.progress(as_of="2022-08-01", plan=P)
    assert one.plan_value[P] == pytest.approx(p.plan_value[P]) and {k[0] for k in one.status} == {P}
    # a clerk's correction, audited with the plan it belongs to
    duty = tracker.duties_of(A)[1]
    tracker.correct_duty(duty["id"], {"deadline": "trước ngày 30/6/2022"}, "van-thu")
    assert tracker.duties_of(A)[1]["due"] == "2022-06-30"
    assert tracker.audit("duty")[-1]["before"]["document_id"] == A
    with pytest.raises(Exception, match="đã được cán bộ chỉnh sửa"):
        tracker.save_duties(A, store.get_document(A).document)
