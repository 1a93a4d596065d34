"""A person's value for a plan item (0..1), recorded with its reason; it replaces the computed
value in the roll-up (`tracking.progress.rollup`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehoach.errors import TrackingError
from kehoach.store.schema import ProgressOverrideRow
from kehoach.tracking.repo.audit_trail import upsert_audited

if TYPE_CHECKING:
    from kehoach.store import Store


def set_override(store: Store, plan_id: int, node_id: str, value: float, reason: str, actor: str) -> None:
    """Record a manual value (0..1) for a plan item; audited; replaces an earlier one."""
    if not 0.0 <= value <= 1.0:
        raise TrackingError(f"Giá trị điều chỉnh phải trong khoảng 0..1, nhận {value}.", code="bad_override")
    if not reason.strip():
        raise TrackingError("Cần ghi lý do điều chỉnh.", code="bad_override")
    with store.transaction() as conn:
        upsert_audited(
            conn,
            ProgressOverrideRow,
            {"document_id": plan_id, "node_id": node_id},
            {"value": value, "reason": reason, "actor": actor},
            entity="override",
            actor=actor,
            before_cols=("value", "reason", "actor"),
            after={"value": value, "reason": reason, "actor": actor, "node_id": node_id},
        )
