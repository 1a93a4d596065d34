"""A plan's duties in the store: extracted and saved, listed, corrected by a clerk (audited).

Saving a plan's duties registers its units (`tracking.units`); the roll-up links that hang on its
items are derived again by the caller (`Tracker.save_duties`, `Tracker.correct_duty`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from kehoach.errors import TrackingError
from kehoach.model.document import Document
from kehoach.store.schema import DutyRow
from kehoach.tracking.duties import DutyEntry, due_date, extract_duties
from kehoach.tracking.repo.accounts import Account, clerk_name
from kehoach.tracking.repo.audit_trail import duties_corrected, row_dict, write_audit
from kehoach.tracking.repo.plan_items import stored_document, unknown_items
from kehoach.tracking.units import place_of, resolve_unit, seed_from_document

if TYPE_CHECKING:
    from kehoach.store import Store

DUTY_FIELDS = ("unit", "role", "node_id", "duties", "deadline")
"""The fields of a duty a clerk corrects; the registry unit and the due date follow them."""
ROLES = ("chủ trì", "phối hợp", "thực hiện")
"""The roles a duty gives its unit (or none)."""


def _place_and_year(doc: Document | None) -> tuple[str | None, str | None]:
    """The place a plan's generic unit names refer to, and the year its deadlines fall in."""
    if doc is None:
        return None, None
    return place_of(doc), (doc.date or "")[:4] or None


def save_duties(
    store: Store, doc_id: int, doc: Document, entries: list[DutyEntry] | None = None, *, force: bool = False
) -> list[DutyEntry]:
    """Extract (unless given) and store a plan's duties, registering its units; replaces old ones.

    Refused when a clerk corrected this plan's duties (`correct_duty`), unless `force`: the
    corrections would be lost (their audit rows stay)."""
    entries = extract_duties(doc) if entries is None else entries
    place, year = _place_and_year(doc)
    with store.transaction() as conn:
        if not force and duties_corrected(conn, doc_id):
            raise TrackingError(
                "Nhiệm vụ của kế hoạch này đã được cán bộ chỉnh sửa; trích lại sẽ mất các chỉnh sửa đó. "
                "Dùng --force nếu vẫn muốn trích lại.",
                code="duties_corrected",
            )
        seed_from_document(conn, doc, [e.unit for e in entries])
        conn.execute(delete(DutyRow).where(DutyRow.document_id == doc_id))
        for e in entries:
            e.unit_id = resolve_unit(conn, e.unit, place)
            conn.execute(
                insert(DutyRow).values(
                    document_id=doc_id,
                    unit_id=e.unit_id,
                    unit=e.unit,
                    role=e.role,
                    node_id=e.node_id,
                    duties=e.duties,
                    deadline=e.deadline,
                    due=due_date(e.deadline, year),
                )
            )
    return entries


def duties_of(conn: Connection, doc_id: int) -> list[dict[str, Any]]:
    """Stored duties of a plan, in the `kehoach duties` JSON shape (with the due date)."""
    rows = conn.execute(select(DutyRow).where(DutyRow.document_id == doc_id).order_by(DutyRow.id))
    cols = ("id", "unit", "unit_id", "role", "duties", "deadline", "node_id", "due")
    return [row_dict(r, cols) for r in rows]


def duty_plan(conn: Connection, duty_id: int) -> int | None:
    """The plan a stored duty belongs to (None: no such duty)."""
    return conn.execute(select(DutyRow.document_id).where(DutyRow.id == duty_id)).scalar()


def correct_duty(
    store: Store,
    duty_id: int | None,
    changes: dict[str, Any] | None,
    actor: str | Account,
    plan_id: int | None = None,
) -> tuple[int, int]:
    """A clerk's correction of an extracted duty, audited (who, when, before, after).

    `duty_id` with `changes`: change those fields (unit as printed, role, node_id, duties, deadline;
    the registry unit and the due date follow); `duty_id` with `changes=None`: delete it;
    `duty_id=None` with `plan_id`: add a duty the extraction missed. Only the issuing body's
    editors and admins correct duties. Returns (the duty's id, its plan's id)."""
    with store.transaction() as conn:
        row = None
        if duty_id is not None:
            row = conn.execute(select(DutyRow).where(DutyRow.id == duty_id)).one_or_none()
            if row is None:
                raise TrackingError(f"Không có nhiệm vụ số {duty_id}.", code="not_found")
            plan_id = row.document_id
        if plan_id is None:
            raise TrackingError("Cần cho biết kế hoạch của nhiệm vụ mới.", code="bad_duty")
        name = clerk_name(actor)
        before = row_dict(row, ("document_id", *DUTY_FIELDS, "unit_id", "due")) if row else None
        if changes is None:
            conn.execute(delete(DutyRow).where(DutyRow.id == duty_id))
            write_audit(conn, "duty", duty_id, "delete", name, before, None)
            return duty_id, plan_id
        unknown = set(changes) - set(DUTY_FIELDS)
        if unknown:
            raise TrackingError(f"Không sửa được trường {', '.join(sorted(unknown))}.", code="bad_duty")
        after = {**(before or {"document_id": plan_id, "role": None, "deadline": None}), **changes}
        problems = _duty_problems(conn, plan_id, after)
        if problems:
            raise TrackingError("Không sửa được nhiệm vụ: " + "; ".join(problems) + ".", code="bad_duty")
        place, year = _place_and_year(stored_document(store, plan_id))
        after["unit"] = " ".join(str(after["unit"]).split())
        after["unit_id"] = resolve_unit(conn, after["unit"], place)
        after["due"] = due_date(after["deadline"], year) if after.get("deadline") else None
        values = {k: after[k] for k in (*DUTY_FIELDS, "unit_id", "due")}
        if row is None:
            duty_id = conn.execute(
                insert(DutyRow).values(document_id=plan_id, **values).returning(DutyRow.id)
            ).scalar_one()
        else:
            conn.execute(update(DutyRow).where(DutyRow.id == duty_id).values(**values))
        write_audit(conn, "duty", duty_id, "update" if row else "create", name, before, after)
        return duty_id, plan_id


def _duty_problems(conn: Connection, plan_id: int, duty: dict[str, Any]) -> list[str]:
    """What is wrong with a corrected duty, as a clerk is told (none: it may be stored)."""
    problems = []
    if not str(duty.get("unit") or "").strip():
        problems.append("thiếu tên đơn vị")
    if not str(duty.get("node_id") or "").strip():
        problems.append("thiếu mục của kế hoạch")
    elif unknown_items(conn, plan_id, [duty["node_id"]]):
        problems.append(f"kế hoạch không có mục {duty['node_id']}")
    duties = duty.get("duties") or []
    if not isinstance(duties, list) or not all(isinstance(d, str) and d.strip() for d in duties):
        problems.append("nhiệm vụ phải là danh sách các câu")
    elif not duties:
        problems.append("chưa ghi câu nhiệm vụ nào")
    if duty.get("role") not in (None, *ROLES):
        problems.append(f"vai trò '{duty['role']}' không hợp lệ ({' | '.join(ROLES)})")
    return problems
