"""A plan's activities in the store: entered (checked, all or none), changed, deleted, listed.

Every change writes an audit row (`audit`); who may change which unit's activities is in
`accounts`. An activity serves one or more plan items; each (activity, item) is an
`activity_items` row, the unit of the progress queries.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from kehoach.errors import TrackingError
from kehoach.store.schema import ActivityItemRow, ActivityRow, UnitRow
from kehoach.tracking import progress as prog
from kehoach.tracking.repo.accounts import Account, activity_actor, own_unit
from kehoach.tracking.repo.activity_input import ActivityInput
from kehoach.tracking.repo.audit_trail import row_dict, write_audit
from kehoach.tracking.repo.plan_items import unknown_items
from kehoach.tracking.units import find_unit

if TYPE_CHECKING:
    from kehoach.store import Store

ACTIVITY_FIELDS = ("date", "unit", "items", "form", "quantity", "evidence", "status")
"""The fields of an activity a change may name (`unit` as a name)."""
_STORED_FIELDS = ("date", "unit_id", "items", "form", "quantity", "evidence", "status")


def add_activities(
    store: Store, plan_id: int, activities: list[ActivityInput], actor: str | Account
) -> list[int]:
    """Store activities of a plan in one transaction: all or none (errors name the row)."""
    ids = []
    with store.transaction() as conn:
        checked = [_checked(conn, plan_id, a, f"Dòng {i}") for i, a in enumerate(activities, start=1)]
        name = activity_actor(conn, plan_id, actor, [u for u, _v in checked])
        for _unit, values in checked:
            new_id = conn.execute(
                insert(ActivityRow).values(document_id=plan_id, **values).returning(ActivityRow.id)
            ).scalar_one()
            _write_items(conn, new_id, plan_id, values)
            write_audit(conn, "activity", new_id, "create", name, None, values)
            ids.append(new_id)
    return ids


def update_activity(store: Store, activity_id: int, changes: dict[str, Any], actor: str | Account) -> None:
    """Change fields of an activity; the audit keeps before and after."""
    with store.transaction() as conn:
        row, before, name = _activity_before(conn, activity_id, actor)
        unit = changes.pop("unit", None)
        after = {**before, **{k: v for k, v in changes.items() if k in ACTIVITY_FIELDS}}
        if unit is not None:
            uid = find_unit(conn, unit)
            if uid is None:
                raise TrackingError(f"Đơn vị '{unit}' không có trong danh mục.", code="bad_activity")
            after["unit_id"] = uid
            activity_actor(conn, row.document_id, actor, [uid])
        if after["status"] not in (prog.DONE, prog.UNDER_WAY):
            raise TrackingError(f"Trạng thái '{after['status']}' không hợp lệ.", code="bad_activity")
        conn.execute(update(ActivityRow).where(ActivityRow.id == activity_id).values(**after))
        _write_items(conn, activity_id, row.document_id, after)
        write_audit(conn, "activity", activity_id, "update", name, before, after)


def delete_activity(store: Store, activity_id: int, actor: str | Account) -> None:
    """Delete an activity; the audit keeps what it was."""
    with store.transaction() as conn:
        _row, before, name = _activity_before(conn, activity_id, actor)
        conn.execute(delete(ActivityRow).where(ActivityRow.id == activity_id))
        write_audit(conn, "activity", activity_id, "delete", name, before, None)


def activities_of(
    conn: Connection, plan_id: int, start: str | None = None, end: str | None = None
) -> list[dict]:
    """Activities of a plan within a period (ISO dates, inclusive)."""
    q = select(ActivityRow).where(ActivityRow.document_id == plan_id)
    if start:
        q = q.where(ActivityRow.date >= start)
    if end:
        q = q.where(ActivityRow.date <= end)
    return [
        row_dict(r, ("id", *_STORED_FIELDS))
        for r in conn.execute(q.order_by(ActivityRow.date, ActivityRow.id))
    ]


def _checked(conn: Connection, plan_id: int, a: ActivityInput, where: str) -> tuple[int, dict]:
    """An entered activity's unit id and stored values; raises with every problem, `where` first."""
    errors = []
    try:
        date.fromisoformat(a.date)
    except (TypeError, ValueError):
        errors.append(f"ngày không hợp lệ '{a.date}' (cần dạng 2022-05-31)")
    unit_id = (
        own_unit(conn, plan_id, a.unit)
        or conn.execute(select(UnitRow.id).where(UnitRow.name == a.unit)).scalar()
    )
    if unit_id is None:
        errors.append(f"đơn vị '{a.unit}' không có trong danh mục")
    if not a.items:
        errors.append("chưa ghi mục của kế hoạch mà hoạt động phục vụ")
    else:
        unknown = unknown_items(conn, plan_id, a.items)
        if unknown:
            errors.append(f"kế hoạch không có mục {', '.join(unknown)}")
    if a.status not in (prog.DONE, prog.UNDER_WAY):
        errors.append(f"trạng thái '{a.status}' không hợp lệ (done | under_way)")
    if not isinstance(a.quantity, int) or a.quantity < 0:
        errors.append(f"số lượng không hợp lệ '{a.quantity}'")
    if errors:
        raise TrackingError(f"{where}: " + "; ".join(errors), code="bad_activity")
    values = {
        "date": a.date,
        "unit_id": unit_id,
        "items": list(a.items),
        "form": a.form,
        "quantity": a.quantity,
        "evidence": a.evidence,
        "status": a.status,
    }
    return unit_id, values


def _write_items(conn: Connection, activity_id: int, plan_id: int, values: dict) -> None:
    """An activity's (activity, item) rows, written again from its values."""
    conn.execute(delete(ActivityItemRow).where(ActivityItemRow.activity_id == activity_id))
    for node in values["items"]:
        conn.execute(
            insert(ActivityItemRow).values(
                activity_id=activity_id,
                document_id=plan_id,
                unit_id=values["unit_id"],
                node_id=node,
                status=values["status"],
            )
        )


def _activity_before(conn: Connection, activity_id: int, actor: str | Account) -> tuple[Any, dict, str]:
    """An activity's row and its fields before a change, once the actor's rights on it are
    checked (raises `TrackingError` not_found / forbidden); the actor's name for the audit."""
    row = conn.execute(select(ActivityRow).where(ActivityRow.id == activity_id)).one_or_none()
    if row is None:
        raise TrackingError(f"Không có hoạt động số {activity_id}.", code="not_found")
    before = row_dict(row, _STORED_FIELDS)
    return row, before, activity_actor(conn, row.document_id, actor, [row.unit_id])
