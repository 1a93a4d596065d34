"""The tracking audit trail: one `tracking_audit` row per change (who, when, before, after).

Activities, duty corrections, overrides and a person's roll-up links write here; the trail is
read whole (`audit_trail`) or per plan for its duties (`duty_history`, `duties_corrected`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from kehoach.store.schema import TrackingAuditRow

AUDIT_COLUMNS = ("entity", "entity_id", "action", "actor", "at", "before", "after")


def row_dict(row: Any, cols: Iterable[str]) -> dict[str, Any]:
    """The fields `cols` of a row, as the audit records them."""
    return {c: getattr(row, c) for c in cols}


def write_audit(
    conn: Connection, entity: str, entity_id: int, action: str, actor: str, before: Any, after: Any
) -> None:
    """Record one change (`action`: create | update | delete) of an entity."""
    conn.execute(
        insert(TrackingAuditRow).values(
            entity=entity, entity_id=entity_id, action=action, actor=actor, before=before, after=after
        )
    )


def upsert_audited(
    conn: Connection,
    table: Any,
    key: dict[str, Any],
    values: dict[str, Any],
    *,
    entity: str,
    actor: str,
    before_cols: Iterable[str],
    after: dict[str, Any],
) -> int:
    """Write `values` into the one row of `table` at `key` (update it, or insert it with the key),
    audited as `entity` (create | update; `before`: the old row's `before_cols`). Its id."""
    old = conn.execute(
        select(table).where(and_(*(getattr(table, c) == v for c, v in key.items())))
    ).one_or_none()
    before = row_dict(old, before_cols) if old else None
    if old:
        conn.execute(update(table).where(table.id == old.id).values(**values))
        row_id = old.id
    else:
        row_id = conn.execute(insert(table).values(**key, **values).returning(table.id)).scalar_one()
    write_audit(conn, entity, row_id, "update" if old else "create", actor, before, after)
    return row_id


def audit_trail(conn: Connection, entity: str | None = None) -> list[dict[str, Any]]:
    """The audit trail (of one kind of entity), oldest first."""
    q = select(TrackingAuditRow).order_by(TrackingAuditRow.id)
    if entity:
        q = q.where(TrackingAuditRow.entity == entity)
    return [row_dict(r, AUDIT_COLUMNS) for r in conn.execute(q)]


def _names_plan(before: Any, after: Any, plan_id: int) -> bool:
    """Does an audited duty change (its `before` or `after`) belong to this plan?"""
    return (before or {}).get("document_id") == plan_id or (after or {}).get("document_id") == plan_id


def duty_history(conn: Connection, plan_id: int) -> list[dict[str, Any]]:
    """The audited corrections of a plan's duties, newest first (who, when, before, after)."""
    rows = conn.execute(
        select(TrackingAuditRow).where(TrackingAuditRow.entity == "duty").order_by(TrackingAuditRow.id.desc())
    )
    return [row_dict(r, AUDIT_COLUMNS[1:]) for r in rows if _names_plan(r.before, r.after, plan_id)]


def duties_corrected(conn: Connection, plan_id: int) -> bool:
    """Did a clerk correct a duty of this plan (an audited duty change that names the plan)?"""
    rows = conn.execute(
        select(TrackingAuditRow.before, TrackingAuditRow.after).where(TrackingAuditRow.entity == "duty")
    )
    return any(_names_plan(b, a, plan_id) for b, a in rows)
